//! LEC304 `related-article-list`.
//!
//! ## What it does
//! Flags lists of other articles' titles that the page shows around the text (“更多相关文章”,
//! “相关推荐”, a news site's headline list after “(完)”). They are found by their shape:
//! several short title-like lines in a row — mostly Chinese, no sentence punctuation, often
//! bulleted `•` — that follow a list header or other page chrome, or mostly end in a document
//! genre (讲话, 发言, 报告…; with bullets, half of them is enough). A bulleted list of the
//! speech's own points (`● 新增城镇就业1.2万人`) is none of these.
//!
//! ## Why is this bad?
//! They are titles of other speeches, not part of this one.
//!
//! ## Example
//! ```text
//! 更多相关文章:
//!   • 在市企业梯度培育工作推进会议上的讲话
//!   • 在全市食品产业链高质量发展推进会议上的讲话
//!   • 在全区“七大攻坚”工作推进会议上的讲话
//! ```
//! Use instead: delete the list.
//!
//! ## Fix safety
//! Safe: deletes the lines of the list (and the blank lines between them); the lines around
//! it stay.
//!
//! Complexity: one pass over the line facts, O(lines).

use super::{doc, glued_list_bullet};
use crate::analysis::diagnostic::{Category, Finding, FixAvailability, Severity};
use crate::analysis::pass::DocCtx;
use crate::analysis::registry::RuleMeta;

pub static META: RuleMeta = RuleMeta {
    code: "LEC304",
    name: "related-article-list",
    category: Category::Boilerplate,
    default_severity: Severity::Warning,
    default_enabled: true,
    fix: FixAvailability::Always,
    summary_zh: "网页上其他文章的标题列表",
    summary_en: "A list of other articles' titles from the page",
};

/// A title-like line. Under a list header, a numbered title of another document
/// (“1、在全市…会议上的讲话”) is an item too; elsewhere a numbered line is the speech's heading.
fn is_item(ctx: &DocCtx, mask: &[bool], i: usize, under_header: bool) -> bool {
    let Some(f) = doc::facts(ctx, i) else { return false };
    let heading = ctx.lines.get(i).is_some_and(|l| l.facts.numbering.heading.is_some());
    !doc::is_empty(ctx, i) && f.title_like && !doc::is_bp(ctx, mask, i) && (!heading || (under_header && f.genre_end))
}

fn header_before(ctx: &DocCtx, i: usize) -> bool {
    (0..i).rev().find(|&k| !doc::is_empty(ctx, k)).and_then(|p| doc::facts(ctx, p)).is_some_and(|f| f.list_header)
}

fn is_date(ctx: &DocCtx, i: usize) -> bool {
    doc::facts(ctx, i).is_some_and(|f| f.date_only)
}

pub(crate) fn check(ctx: &DocCtx, mask: &mut [bool], out: &mut Vec<Finding>) {
    let n = ctx.lines.len();
    let mut i = 0;
    while i < n {
        let under_header = !doc::is_empty(ctx, i) && header_before(ctx, i);
        if !is_item(ctx, mask, i, under_header) {
            i += 1;
            continue;
        }
        let mut items = Vec::new();
        let mut j = i;
        while j < n {
            // Blank lines and the dates a list shows under its titles stay inside the list.
            if doc::is_empty(ctx, j) || (!items.is_empty() && is_date(ctx, j)) {
                j += 1;
            } else if is_item(ctx, mask, j, under_header) {
                items.push(j);
                j += 1;
            } else {
                break;
            }
        }
        let (Some(&first), Some(&last_item)) = (items.first(), items.last()) else {
            i = j.max(i + 1);
            continue;
        };
        let count = items.len();
        // The date under the last title belongs to the list too.
        let last =
            (last_item + 1..n).find(|&k| !doc::is_empty(ctx, k)).filter(|&k| is_date(ctx, k)).unwrap_or(last_item);
        let bulleted = items.iter().filter(|&&k| doc::facts(ctx, k).is_some_and(|f| f.bullet > 0)).count();
        let genre = items.iter().filter(|&&k| doc::facts(ctx, k).is_some_and(|f| f.genre_end)).count();
        let prev = (0..first).rev().find(|&k| !doc::is_empty(ctx, k));
        let header = prev.is_some_and(|p| doc::facts(ctx, p).is_some_and(|f| f.list_header));
        let after_chrome = prev
            .is_some_and(|p| doc::is_bp(ctx, mask, p) || doc::facts(ctx, p).is_some_and(|f| f.ends_with_boilerplate));
        let list = (count >= 2 && header)
            || (count >= 3 && bulleted >= 2 && genre * 2 >= count)
            || (count >= 4
                && after_chrome
                && items.iter().all(|&k| doc::facts(ctx, k).is_some_and(|f| f.head_chars >= 8)))
            || (count >= 3 && genre >= 3 && genre * 3 >= count * 2);
        if list {
            for k in first..=last {
                if let Some(m) = mask.get_mut(k) {
                    *m = true;
                }
            }
            let zh = format!("其他文章的标题列表（{count}条）");
            let en = format!("list of other articles' titles ({count})");
            out.push(doc::lines_finding(ctx, &META, first, last, &zh, &en));
            // A bullet of the list glued onto the speech right before or after it.
            if let Some(p) = prev {
                glued_list_bullet::check(ctx, p, out);
            }
            if let Some(next) = (last + 1..n).find(|&k| !doc::is_empty(ctx, k)) {
                glued_list_bullet::check(ctx, next, out);
            }
        }
        i = j.max(i + 1);
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::{analyze, Config};

    fn lec304(text: &str) -> Vec<(u32, u32)> {
        analyze(text, &Config::default())
            .diagnostics
            .iter()
            .filter(|d| d.code() == "LEC304")
            .map(|d| (d.span.start.line, d.span.end.line))
            .collect()
    }

    #[test]
    fn flags_bulleted_title_list() {
        let text = "全文完。\n  • 在市企业梯度培育工作推进会议上的讲话\n\n  • 在全市食品产业链高质量发展推进会议上的讲话\n\n  • 在全区电子商务产业发展推进会议上的讲话\n";
        assert_eq!(lec304(text), vec![(1, 5)]);
    }

    #[test]
    fn flags_headline_list_after_end_mark() {
        let text = "据悉，辽宁省将建设300个省级重点项目。(完) 【编辑:陈海峰】\n\n铁路职工深夜清淤 守护西藏拉林铁路\n\n限制电诈人员子女读公立学校 损害未成年人受教育权\n\n广州98%ATM支持境外银行卡取现\n\n霍启山连任亚足联执行委员会委员";
        assert_eq!(lec304(text), vec![(2, 8)]);
    }

    #[test]
    fn flags_list_after_header_and_unbulleted_genre_list() {
        assert_eq!(lec304("相关推荐\n在全市招商引资工作会议上的讲话\n在全县安全生产工作会议上的讲话"), vec![(1, 2)]);
        assert_eq!(
            lec304("同志们，谢谢大家！\n在全市招商引资工作会议上的讲话\n在全县安全生产工作会议上的讲话\n镇党委书记在全镇经济工作会议上的讲话"),
            vec![(1, 3)]
        );
    }

    #[test]
    fn flags_numbered_titles_under_a_header_only() {
        let text = "相关推荐：\n1、在全市组织工作会议上的讲话\n2、在全市宣传思想工作会议上的讲话\n3、在全市统战工作会议上的讲话";
        assert_eq!(lec304(text), vec![(1, 3)]);
        let speech =
            "同志们：\n1、在全市组织工作会议上的讲话\n2、在全市宣传思想工作会议上的讲话\n3、在全市统战工作会议上的讲话";
        assert!(lec304(speech).is_empty());
    }

    #[test]
    fn takes_the_dates_under_the_titles() {
        let text = "相关推荐\n在全市招商引资工作会议上的讲话\n2023-05-12\n在全县安全生产工作会议上的讲话\n2023-04-28\n";
        assert_eq!(lec304(text), vec![(1, 4)]);
    }

    #[test]
    fn no_diagnostic_for_title_block_of_a_report() {
        let text = "2021年中站区国民经济和社会发展\n统计公报\n中站区统计局\n2022年5月25日\n2021年是第二个一百年奋斗目标和实施“十四五”规划的开局之年。";
        assert!(lec304(text).is_empty());
        let text = "一、推动经济发展\n二、改善农村生活\n三、加强社会治理\n四、保护生态环境";
        assert!(lec304(text).is_empty());
    }
}
