//! LEC401 `half-width-punctuation`.
//!
//! ## What it does
//! Flags half-width punctuation `,` `:` `;` `(` `)` `!` `?` used in Chinese text — next to a
//! Chinese character or Chinese punctuation — which scraping and normalisation leave behind:
//! `今天,我们在这里召开` → `今天，我们在这里召开`. A pair of parentheses is converted together
//! when either side of it stands in Chinese text (`总值(GDP)439亿元` → `总值（GDP）439亿元`).
//!
//! Never flagged: punctuation inside web addresses, in numbers (`3,000`, `1:500`, `10:29`),
//! between Latin letters or digits (English, code), and parentheses whose pair stands wholly in
//! Latin text.
//!
//! ## Why is this bad?
//! Mixed widths look careless in a printed speech, and the half-width forms cramp Chinese text.
//!
//! ## Example
//! ```text
//! 同志们:今天,我们召开全县经济工作会议(扩大)。
//! ```
//! Use instead: `同志们：今天，我们召开全县经济工作会议（扩大）。`
//!
//! Reported once per line, at the first mark: the message lists the line's marks, and one fix
//! converts them all. Marks inside scraped text or a heading marker that another rule reports
//! are left to that rule.
//!
//! ## Fix safety
//! Safe: replaces each mark by its full-width form; the words do not change.
//!
//! Complexity: a byte prefilter, then one scan over the line's characters, O(n).

use crate::analysis::diagnostic::{Applicability, Category, Finding, FixAvailability, Severity, Span, SpanFix};
use crate::analysis::pass::LineCtx;
use crate::analysis::registry::{Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    code: "LEC401",
    name: "half-width-punctuation",
    category: Category::Punctuation,
    default_severity: Severity::Info,
    default_enabled: true,
    fix: FixAvailability::Always,
    summary_zh: "中文里的半角标点（, : ; ( ) ! ?）",
    summary_en: "Half-width punctuation (, : ; ( ) ! ?) in Chinese text",
};

fn full_width(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '(' => '（',
        ')' => '）',
        '!' => '！',
        '?' => '？',
        _ => return None,
    })
}

/// Chinese text around a mark: Han characters, CJK and full-width punctuation, Chinese quotes,
/// the ellipsis and the dash.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}'
        | '\u{ff00}'..='\u{ffef}' | '\u{2018}'..='\u{201d}' | '\u{2026}' | '\u{2014}' | '\u{20000}'..='\u{2ffff}')
}

/// Byte ranges of web addresses on the line (no punctuation inside them is touched).
fn url_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    // The next occurrence of each prefix, searched again only once passed (each search starts
    // where the last one left off: O(line) in all, however many addresses the line holds).
    let prefixes = ["http://", "https://", "www."];
    let mut next: [Option<usize>; 3] = prefixes.map(|p| lower.find(p));
    while let Some(pos) = prefixes
        .iter()
        .zip(next.iter_mut())
        .filter_map(|(p, n)| {
            if n.is_some_and(|at| at < from) {
                *n = lower.get(from..).and_then(|s| s.find(p)).map(|i| from + i);
            }
            *n
        })
        .min()
    {
        let end = text
            .get(pos..)
            .and_then(|s| s.char_indices().find(|&(_, c)| !(c.is_ascii_graphic())).map(|(i, _)| pos + i))
            .unwrap_or(text.len());
        out.push((pos, end));
        from = end.max(pos + 1);
    }
    out
}

/// Whether the bytes hold one of `, : ; ( ) ! ?`. Reads 32 bytes at a time with plain
/// comparisons and no early exit inside a block, which the compiler turns into vector code.
fn has_half_width_mark(bytes: &[u8]) -> bool {
    let is_mark = |b: u8| {
        u8::from((b == b',') | (b == b':') | (b == b';') | (b == b'(') | (b == b')') | (b == b'!') | (b == b'?'))
    };
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        if block.iter().fold(0u8, |any, &b| any | is_mark(b)) != 0 {
            return true;
        }
    }
    blocks.remainder().iter().any(|&b| is_mark(b) != 0)
}

pub(crate) fn check(ctx: &LineCtx, out: &mut Vec<Finding>) {
    let text = ctx.text;
    if !has_half_width_mark(text.as_bytes()) {
        return;
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let urls = url_ranges(text);
    // The ranges come sorted and apart: the last one starting at or before `at` is the only
    // candidate (a binary search, not a scan per mark on a line with many addresses).
    let in_url = |at: usize| {
        let k = urls.partition_point(|&(s, _)| s <= at);
        k.checked_sub(1).and_then(|k| urls.get(k)).is_some_and(|&(_, e)| at < e)
    };
    // Skips spaces to find the neighbour of a mark (“同志们: 今天”).
    // Parentheses look at their direct neighbours only (`f(x) 即可` is code).
    let neighbour = |i: usize, back: bool, skip: bool| -> Option<char> {
        let mut k = i;
        loop {
            if back {
                k = k.checked_sub(1)?;
            } else {
                k += 1;
            }
            let &(_, c) = chars.get(k)?;
            if c != ' ' || !skip {
                return Some(c);
            }
        }
    };
    let chinese_at = |i: usize, skip: bool| -> bool {
        let prev = neighbour(i, true, skip);
        let next = neighbour(i, false, skip);
        prev.is_some_and(is_cjk) || next.is_some_and(is_cjk)
    };
    // Pair parentheses on the line.
    let mut partner: Vec<Option<usize>> = vec![None; chars.len()];
    let mut stack: Vec<usize> = Vec::new();
    for (k, &(_, c)) in chars.iter().enumerate() {
        match c {
            '(' | '（' => stack.push(k),
            ')' | '）' => {
                if let Some(o) = stack.pop() {
                    if let Some(p) = partner.get_mut(o) {
                        *p = Some(k);
                    }
                    if let Some(p) = partner.get_mut(k) {
                        *p = Some(o);
                    }
                }
            }
            _ => {}
        }
    }
    let loc = ctx.config.locale;
    // Marks inside text another rule already reports (scraped text, a heading marker with
    // half-width brackets) are left to that rule's fix.
    let taken: Vec<(u32, u32)> = out
        .iter()
        .filter(|f| matches!(f.rule.category(), Category::Boilerplate | Category::Punctuation))
        .map(|f| (f.span.start.col, f.span.end.col))
        .collect();
    let is_taken = |at: usize| {
        let at = u32::try_from(at).unwrap_or(u32::MAX);
        taken.iter().any(|&(s, e)| s <= at && at < e)
    };
    let mut marks: Vec<(usize, char, char)> = Vec::new();
    for (k, &(at, c)) in chars.iter().enumerate() {
        let Some(wide) = full_width(c) else { continue };
        if in_url(at) || is_taken(at) {
            continue;
        }
        let flag = match c {
            '(' | ')' => match partner.get(k).copied().flatten() {
                // A pair goes together: Chinese on either side of either mark, or a full-width
                // partner, converts both.
                Some(p) => {
                    let other = chars.get(p).map_or(' ', |&(_, c)| c);
                    chinese_at(k, false) || chinese_at(p, false) || matches!(other, '（' | '）')
                }
                None => chinese_at(k, false),
            },
            _ => {
                let prev = chars.get(k.wrapping_sub(1)).map(|&(_, c)| c);
                let next = chars.get(k + 1).map(|&(_, c)| c);
                // Numbers and times (“3,000”, “1:500”, “10:29”) keep their marks.
                let numeric = prev.is_some_and(|c| c.is_ascii_digit()) && next.is_some_and(|c| c.is_ascii_digit());
                !numeric && chinese_at(k, true)
            }
        };
        if flag {
            marks.push((at, c, wide));
        }
    }
    // One finding per line: at the first mark, listing every mark, with one fix for all.
    let Some(&(first, c, wide)) = marks.first() else { return };
    let span = Span::in_line(0, first, first + c.len_utf8());
    let (msg, title) = if marks.len() == 1 {
        (
            loc.pick(
                format!("中文里的半角标点“{c}”，应为全角“{wide}”"),
                format!("half-width “{c}” in Chinese text; use full-width “{wide}”"),
            ),
            loc.pick(format!("改为全角“{wide}”"), format!("Use full-width “{wide}”")),
        )
    } else {
        let mut kinds: Vec<char> = Vec::new();
        for &(_, c, _) in &marks {
            if !kinds.contains(&c) {
                kinds.push(c);
            }
        }
        let list: Vec<String> = kinds.iter().map(|c| format!("“{c}”")).collect();
        let n = marks.len();
        (
            loc.pick(
                format!("本行有 {n} 处中文里的半角标点（{}），应为全角", list.join("")),
                format!("{n} half-width marks in Chinese text on this line ({}); use full-width", list.join(" ")),
            ),
            loc.pick(format!("改为全角标点（{n} 处）"), format!("Use full-width punctuation ({n} marks)")),
        )
    };
    let mut fix = SpanFix::new(title, Applicability::Safe);
    for &(at, c, wide) in &marks {
        fix = fix.edit(Span::in_line(0, at, at + c.len_utf8()), wide.to_string());
    }
    out.push(Finding::new(Rule(&META), span, msg).with_fix(fix));
}

#[cfg(test)]
mod tests {
    use crate::analysis::{analyze, fix_all, Config};

    fn fixed(text: &str) -> String {
        fix_all(text, &Config::default(), false).0
    }

    #[test]
    fn issue_17_one_finding_per_line_listing_its_marks() {
        let d: Vec<_> = analyze("同志们: 今天,我们召开会议(扩大);很重要!\n第二行,好。\n", &Config::default())
            .diagnostics
            .into_iter()
            .filter(|d| d.code() == "LEC401")
            .collect();
        assert_eq!(d.len(), 2);
        assert!(d[0].message.contains("6 处") && d[0].message.contains("“:”“,”“(”“)”“;”“!”"), "{}", d[0].message);
        assert_eq!(d[0].fix.as_ref().map(|f| f.edits.len()), Some(6));
        assert_eq!(d[1].message, "中文里的半角标点“,”，应为全角“，”");
    }

    fn count(text: &str) -> usize {
        crate::analysis::check::findings(super::META.name, text).len()
    }

    #[test]
    fn converts_marks_in_chinese_text() {
        assert_eq!(
            fixed("同志们: 今天,我们召开全县经济工作会议(扩大);会议很重要!是吗?"),
            "同志们： 今天，我们召开全县经济工作会议（扩大）；会议很重要！是吗？"
        );
    }

    #[test]
    fn converts_parenthesis_pairs_together() {
        assert_eq!(fixed("地区生产总值(GDP)439.19亿元"), "地区生产总值（GDP）439.19亿元");
        assert_eq!(fixed("《规划(2024—2028年)》"), "《规划（2024—2028年）》");
    }

    #[test]
    fn no_diagnostic_in_numbers_urls_and_english() {
        assert_eq!(count("比例尺1:500，共3,000人，时间10:29。"), 0);
        assert_eq!(count("详见http://www.example.cn/a?b=1,2。"), 0);
        assert_eq!(count("He said: (see above), fine!"), 0);
        assert_eq!(count("调用 f(x) 即可"), 0);
    }
}
