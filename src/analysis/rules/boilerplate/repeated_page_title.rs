//! LEC306 `repeated-page-title`.
//!
//! ## What it does
//! Flags a title that the web page shows above the body when the body repeats it: the page's
//! H1 followed (after nothing but page chrome) by the draft's own title or by a first line
//! that starts with it — “在全镇乡村振兴工作推进会上的表态发言” above “在全镇乡村振兴工作推进
//! 会上的表态发言 各位领导、同志们：…”, a site title with a suffix (“…的讲话发言” above
//! “…的讲话”), a speaker prefix (“杜家毫:在…上的讲话” above “在…上的讲话杜家毫同志们…”), or a
//! fuller site title above the body's own short one (“某县政府工作报告” above “政 府 工 作 报
//! 告”). The later copy is kept: it is the draft's.
//!
//! ## Why is this bad?
//! The speech would carry its title twice.
//!
//! ## Example
//! ```text
//! 市委书记在2022年老干部迎新春茶话会上的讲话发言
//! 市委书记在2022年老干部迎新春茶话会上的讲话
//! 尊敬的各位老领导、老同志：
//! ```
//! Use instead: keep the second line only.
//!
//! ## Fix safety
//! Safe: deletes the page's copy; the draft's own title stays.
//!
//! Complexity: each title-like line is compared with at most six following lines through the
//! whitespace-free heads kept in the line facts: O(lines).

use super::doc;
use crate::analysis::diagnostic::{Category, Finding, FixAvailability, Severity};
use crate::analysis::pass::DocCtx;
use crate::analysis::registry::RuleMeta;

pub static META: RuleMeta = RuleMeta {
    code: "LEC306",
    name: "repeated-page-title",
    category: Category::Boilerplate,
    default_severity: Severity::Warning,
    default_enabled: true,
    fix: FixAvailability::Always,
    summary_zh: "网页标题重复了正文自己的标题",
    summary_en: "The page's title repeats the draft's own title",
};

fn heading(ctx: &DocCtx, i: usize) -> bool {
    ctx.lines.get(i).is_some_and(|l| l.facts.numbering.heading.is_some())
}

/// Char offset of `needle` in `hay`, if it occurs.
fn char_offset(hay: &str, needle: &str) -> Option<usize> {
    hay.find(needle).map(|b| hay.get(..b).map_or(0, |p| p.chars().count()))
}

/// A salutation opens the speech right after the repeated title.
fn opens_speech(rest: &str) -> bool {
    ["同志们", "各位", "尊敬的", "大家", "女士们", "朋友们", "代表们", "老领导"].iter().any(|w| rest.starts_with(w))
}

pub(crate) fn check(ctx: &DocCtx, mask: &mut [bool], out: &mut Vec<Finding>) {
    let n = ctx.lines.len();
    for i in 0..n {
        let Some(f) = doc::facts(ctx, i) else { break };
        if doc::is_empty(ctx, i) || doc::is_bp(ctx, mask, i) || f.bullet > 0 || heading(ctx, i) {
            continue;
        }
        if !f.title_like {
            if squashed_title_block(ctx, mask, i) {
                if let Some(m) = mask.get_mut(i) {
                    *m = true;
                }
                out.push(doc::lines_finding(
                    ctx,
                    &META,
                    i,
                    i,
                    "网页标题：正文下方分行重复了这一标题",
                    "the page's title: the draft repeats it below, line by line",
                ));
            }
            continue;
        }
        let a: &str = &f.head;
        let alen = usize::from(f.head_chars);
        if alen < 6 {
            continue;
        }
        // “杜家毫:在…的讲话”: the title after a short speaker prefix.
        let alt =
            a.split_once([':', '：']).filter(|(p, r)| p.chars().count() <= 6 && r.chars().count() >= 6).map(|(_, r)| r);
        // “区委书记XXX在…的讲话”: the title after a speaker named before 在.
        let alt_at = a
            .split_once('在')
            .filter(|(p, r)| (2..=12).contains(&p.chars().count()) && r.chars().count() >= 8 && f.genre_end)
            .and_then(|(p, _)| a.get(p.len()..));
        let mut seen = 0;
        let mut j = i + 1;
        let mut found = false;
        let mut chrome_between = false;
        while j < n && seen < 6 {
            if doc::is_empty(ctx, j) {
                j += 1;
                continue;
            }
            let Some(g) = doc::facts(ctx, j) else { break };
            let b: &str = &g.head;
            let blen = usize::from(g.head_chars);
            let later_title = g.title_like && !heading(ctx, j);
            // The body opening with the title: the template-site pattern when the title is a
            // speech's (…的讲话), when a salutation follows it, or when only page chrome
            // stands between — not a news lead that happens to restate its headline.
            let strong = |rest: &str| chrome_between || f.genre_end || opens_speech(rest);
            let rest_after = |t: &str| b.find(t).and_then(|at| b.get(at + t.len()..)).unwrap_or("");
            let hit = (b.starts_with(a) && strong(rest_after(a)))
                || alt.is_some_and(|r| b.starts_with(r) && strong(rest_after(r)))
                || alt_at.is_some_and(|r| b.starts_with(r) && chrome_between)
                || (later_title && blen >= 6 && a.starts_with(b) && alen - blen <= 8)
                || (!g.title_like
                    && alen >= 8
                    && blen >= alen + 10
                    && char_offset(b, a).is_some_and(|o| (1..=4).contains(&o))
                    && strong(rest_after(a)))
                || (later_title && blen < alen && a.contains(b) && (chrome_between || g.genre_end));
            if hit {
                found = true;
                break;
            }
            if !doc::is_bp(ctx, mask, j) {
                break;
            }
            chrome_between = true;
            seen += 1;
            j += 1;
        }
        if found {
            if let Some(m) = mask.get_mut(i) {
                *m = true;
            }
            out.push(doc::lines_finding(
                ctx,
                &META,
                i,
                i,
                "网页标题：正文下方重复了这一标题",
                "the page's title: the draft repeats it below",
            ));
        }
    }
}

/// “在…的讲话用心用爱…新局面(2019年3月31日)” above the same title, subtitle and date on
/// lines of their own: the page squashed the title block into one line.
fn squashed_title_block(ctx: &DocCtx, mask: &[bool], i: usize) -> bool {
    let Some(f) = doc::facts(ctx, i) else { return false };
    let n = usize::from(f.head_chars);
    // The head keeps at most `HEAD_CHARS` characters: a longer line may run on into the body.
    let cut = n >= super::HEAD_CHARS;
    if n < 16 || (!cut && f.ends_sentence) {
        return false;
    }
    // Cheap test first: the next line of text is a title that starts this line.
    let next = (i + 1..ctx.lines.len().min(i + 13)).find(|&j| !doc::is_empty(ctx, j) && !doc::is_bp(ctx, mask, j));
    let Some(first) = next.and_then(|j| doc::facts(ctx, j)) else { return false };
    if !first.title_like || first.head.chars().next() != f.head.chars().next() {
        return false;
    }
    let a = fold(&f.head);
    let mut at = 0;
    let mut parts = 0;
    let mut j = i + 1;
    while j < ctx.lines.len() && j <= i + 12 {
        if doc::is_empty(ctx, j) || doc::is_bp(ctx, mask, j) {
            j += 1;
            continue;
        }
        let Some(g) = doc::facts(ctx, j) else { return false };
        // The first part is the title itself.
        if g.head_chars < 2 || (parts == 0 && !g.title_like) {
            return false;
        }
        let b = fold(&g.head);
        let rest = a.get(at..).unwrap_or("");
        if cut && parts >= 2 && rest.chars().count() >= 8 && b.starts_with(rest) {
            return true;
        }
        if !rest.starts_with(&b) {
            return false;
        }
        at += b.len();
        parts += 1;
        if at >= a.len() {
            return parts >= 2;
        }
        j += 1;
    }
    false
}

/// Folds the punctuation widths and quote styles a page mixes between its title bar and its
/// body (“（…）” / “(…)”, “” / "").
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            '，' => ',',
            '“' | '”' | '＂' => '"',
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::analysis::{analyze, fix_all, Config};

    fn lec306_lines(text: &str) -> Vec<u32> {
        analyze(text, &Config::default())
            .diagnostics
            .iter()
            .filter(|d| d.code() == "LEC306")
            .map(|d| d.span.start.line)
            .collect()
    }

    #[test]
    fn flags_page_title_repeated_by_the_first_line() {
        let text = "在全镇乡村振兴工作推进会上的表态发言\n\n在全镇乡村振兴工作推进会上的表态发言 各位领导、同志们：今天，我们召开乡村振兴工作推进会。";
        assert_eq!(lec306_lines(text), vec![0]);
        let (fixed, _) = fix_all(text, &Config::default(), false);
        assert_eq!(
            fixed,
            "\n在全镇乡村振兴工作推进会上的表态发言 各位领导、同志们：今天，我们召开乡村振兴工作推进会。"
        );
    }

    #[test]
    fn flags_site_title_with_suffix_or_speaker() {
        assert_eq!(lec306_lines("市委书记在2022年老干部迎新春茶话会上的讲话发言\n市委书记在2022年老干部迎新春茶话会上的讲话\n尊敬的各位老领导："), vec![0]);
        assert_eq!(
            lec306_lines("杜家毫：在2019年春节团拜会上的讲话\n在2019年春节团拜会上的讲话杜家毫同志们、朋友们：在新春佳节到来之际，我们欢聚一堂。"),
            vec![0]
        );
        assert_eq!(lec306_lines("某X县政府工作报告\n\n时间:2024.5.2\n\n政 府 工 作 报 告\n\n各位代表："), vec![0]);
    }

    #[test]
    fn flags_a_title_block_squashed_into_one_line() {
        let text = "在全区人才工作会议上的讲话聚才引智建新功（2021年5月17日）\n在全区人才工作会议上的讲话\n聚才引智建新功\n(2021年5月17日)\n同志们：";
        assert_eq!(lec306_lines(text), vec![0]);
        // A title with its subtitle on one line and nothing repeating it.
        assert!(lec306_lines("在全区人才工作会议上的讲话聚才引智建新功\n同志们：\n今天召开会议。").is_empty());
    }

    #[test]
    fn flags_a_page_title_with_the_speaker_before_the_title() {
        let text =
            "镇长李某某在全镇春耕生产动员会上的讲话\n\n立即下载\n在全镇春耕生产动员会上的讲话 同志们：今天召开会议。";
        assert_eq!(lec306_lines(text), vec![0]);
    }

    #[test]
    fn flags_a_converted_page_title_repeated_below() {
        let text = "關于鄉(xiāng)鎮(zhèn)春耕生產(chǎn)會上的講(jiǎng)話\n\n關于鄉(xiāng)鎮(zhèn)春耕生產(chǎn)會上的講(jiǎng)話\n同志們：";
        assert_eq!(lec306_lines(text), vec![0]);
    }

    #[test]
    fn no_diagnostic_for_a_news_lead_restating_its_headline() {
        assert!(lec306_lines("全市安全生产工作会议召开\n全市安全生产工作会议召开。会议要求，各地要压实安全生产责任。")
            .is_empty());
        assert!(
            lec306_lines("全市安全生产工作会议召开\n昨日，全市安全生产工作会议召开，副市长出席会议并讲话。").is_empty()
        );
    }

    #[test]
    fn no_diagnostic_for_a_single_title() {
        assert!(lec306_lines(
            "2022年政府工作报告\n——2022年4月26日在新华区第十一届人民代表大会第一次会议上\n各位代表："
        )
        .is_empty());
        assert!(lec306_lines("在全市安全生产工作会议上的讲话\n同志们：\n安全生产工作事关重大。").is_empty());
    }
}
