//! Family 1xx: unfilled blanks — figures, dates and names a template left out.
//!
//! The family scans each line once (`scan::Scan`: characters, quotation state, placeholder
//! runs) and hands the scan to every rule. Rules that look for a deleted figure read the unit
//! tables in `units` and the word list in `lexicon` (derived from jieba's dictionary) to
//! tell a measure word after a missing figure from a character of an ordinary word. A document
//! pass ([`check_document`], over the compact [`LineFacts`]) decides units that open a line,
//! and the guiding thought without its author (reported only in a draft with other holes).
//! Lines in traditional characters (億 萬 個 畝 達 這) are read through `trad`, a one-to-one
//! table to simplified characters that keeps every byte offset.
//!
//! Cost: about 40 instructions per byte of text for the whole family (callgrind: 44 on the
//! 1M-character speech bench document, 37 on People's Daily prose), about 2 ms per MB; `cargo
//! bench --bench blank` measures it. The scan is one table look-up per character into buffers
//! reused from line to line (no allocation for a line without findings); the word list and the
//! traditional-character table are compiled in (nothing to load at start-up).

mod figure_placeholder;
pub(crate) mod lexicon;
mod missing_date_figure;
mod missing_figure;
mod missing_name;
mod missing_ordinal;
mod missing_percent_figure;
mod name_placeholder;
mod possible_blank;
mod scan;
mod trad;
mod units;

use crate::analysis::diagnostic::{Finding, Span};
pub use crate::analysis::pass::blank::LineFacts;
use crate::analysis::pass::{DocCtx, LineCtx};
use crate::analysis::registry::RuleMeta;

pub static RULES: &[&RuleMeta] = &[
    &figure_placeholder::META,
    &missing_percent_figure::META,
    &missing_figure::META,
    &missing_ordinal::META,
    &missing_date_figure::META,
    &name_placeholder::META,
    &missing_name::META,
    &possible_blank::META,
];

/// Runs the blank rules on one line.
pub fn check_line(ctx: &LineCtx, out: &mut Vec<Finding>) -> LineFacts {
    // Every blank rule needs a Han character, a placeholder or a percent sign on the line.
    if ctx.text.is_ascii() && !ctx.text.contains(['%', 'X', 'x', '*', '_']) {
        return LineFacts { last: ctx.text.trim_end().chars().next_back(), ..LineFacts::default() };
    }
    BUFFERS.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buf) => check_scanned(ctx, &mut buf, out),
        Err(_) => check_scanned(ctx, &mut scan::Buffers::default(), out),
    })
}

thread_local! {
    /// The scan's buffers, reused from line to line.
    static BUFFERS: std::cell::RefCell<scan::Buffers> = std::cell::RefCell::new(scan::Buffers::default());
}

fn check_scanned(ctx: &LineCtx, buf: &mut scan::Buffers, out: &mut Vec<Finding>) -> LineFacts {
    // Traditional characters are read as simplified ones (same byte offsets); messages quote
    // the line as written.
    let read = buf.read(ctx.text);
    let simplified = read.traditional.then(|| buf.text()).filter(|s| s.len() == ctx.text.len());
    let simple_ctx = simplified.as_deref().map(|text| LineCtx { text, config: ctx.config });
    let shown = ctx.text;
    let ctx = simple_ctx.as_ref().unwrap_or(ctx);
    let scan = scan::Scan::new(ctx.text, shown, buf, &read);
    let start = out.len();
    figure_placeholder::check(ctx, &scan, out);
    name_placeholder::check(ctx, &scan, out);
    missing_percent_figure::check(ctx, &scan, out);
    let start_slot = missing_figure::check(ctx, &scan, out);
    missing_ordinal::check(ctx, &scan, out);
    missing_date_figure::check(ctx, &scan, out);
    let thought = missing_name::check(ctx, &scan, out);
    // One slot, one finding: a deletion point reported by two rules is reported by the first.
    // (A set, not a list: a long line can hold many thousands of slots.)
    if out.len() > start + 1 {
        let mut seen: std::collections::HashSet<(u32, u32)> = std::collections::HashSet::new();
        let mut k = 0;
        out.retain(|f| {
            k += 1;
            k <= start || seen.insert((f.span.start.col, f.span.end.col))
        });
    }
    let has_blank = out.len() > start || start_slot.is_some();
    // The learned gap model adds what the rules above did not report.
    let found: Vec<(u32, u32)> =
        out.get(start..).unwrap_or(&[]).iter().map(|f| (f.span.start.col, f.span.end.col)).collect();
    possible_blank::check(ctx, &found, start_slot.is_some(), out);
    let first = ctx.text.trim_start().chars().next().unwrap_or(' ');
    LineFacts {
        last: ctx.text.trim_end().chars().next_back(),
        has_blank,
        start_slot: start_slot.map(|q| (first, q.into_boxed_str())),
        thought_slot: thought.map(|(b, q)| (b, q.into_boxed_str())),
    }
}

/// Decides the slots at the start of lines: a unit that opens a line is a blank unless the
/// previous non-empty line ends with a figure (「7860」 / 「亿元」 in PDF text) or with the first
/// half of a word (「文」 / 「件，」). O(lines).
pub fn check_document(ctx: &DocCtx, out: &mut Vec<Finding>) {
    let mut prev_last: Option<char> = None;
    for (i, line) in ctx.lines.iter().enumerate() {
        let facts = &line.facts;
        if facts.is_empty {
            continue;
        }
        if let Some((first, quote)) = &facts.blank.start_slot {
            let continues = prev_last.is_some_and(|c| {
                scan::is_figure(c)
                    || scan::is_placeholder_char(c)
                    || c == '.'
                    || lexicon::is_pair(c, *first)
                    || units::allowed_before(c)
            });
            if !continues && !ctx.is_boilerplate(i) {
                let line_no = u32::try_from(i).unwrap_or(u32::MAX);
                let msg = missing_figure::message(ctx.config.locale, quote);
                out.push(Finding::new(missing_figure::rule(), Span::in_line(line_no, 0, 0), msg));
            }
        }
        prev_last = facts.blank.last;
    }
    // The guiding thought without its author: a hole only in a draft with other holes.
    let draft = ctx.lines.iter().enumerate().any(|(i, l)| l.facts.blank.has_blank && !ctx.is_boilerplate(i));
    if draft {
        for (i, line) in ctx.lines.iter().enumerate() {
            if let Some((col, quote)) = &line.facts.blank.thought_slot {
                if ctx.is_boilerplate(i) {
                    continue;
                }
                let line_no = u32::try_from(i).unwrap_or(u32::MAX);
                let msg = missing_name::thought_message(ctx.config.locale, quote);
                out.push(Finding::new(missing_name::rule(), Span::in_line(line_no, *col as usize, *col as usize), msg));
            }
        }
    }
}

/// Touches the lexicon (compiled in: there is nothing to load; kept for benchmarks and servers
/// that want any cost up front).
pub fn warm_up() {
    let _ = lexicon::is_word("国家");
}

/// The blank family (1xx), as the engine drives it.
pub struct Blank;

impl crate::analysis::rules::Family for Blank {
    super::family_basics!("blank", RULES, LineFacts => blank);
    fn check_line(
        &self,
        ctx: &LineCtx,
        scan: &crate::analysis::rules::SharedScan,
        out: &mut Vec<Finding>,
    ) -> LineFacts {
        let start = out.len();
        let facts = check_line(ctx, out);
        if scan.table.is_table() {
            // in a table row an empty cell or a unit beside a figure is layout, not a missing
            // figure: only written placeholders (XX, ××, 某某) stay
            let mut k = 0usize;
            out.retain(|f| {
                k += 1;
                k <= start
                    || f.rule.code() == figure_placeholder::META.code
                    || f.rule.code() == name_placeholder::META.code
            });
        }
        facts
    }
    fn check_document(&self, ctx: &DocCtx, out: &mut Vec<Finding>) -> Option<Vec<bool>> {
        check_document(ctx, out);
        None
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::analysis::config::Config;
    use crate::analysis::pass::LineCtx;

    /// The line with each finding of rule `code` marked: `‸` at an empty slot, `⟦…⟧` around a
    /// placeholder.
    pub fn render(code: &str, marked: &str) -> String {
        let plain: String = marked.chars().filter(|c| !matches!(c, '‸' | '⟦' | '⟧')).collect();
        let config = Config::default();
        let ctx = LineCtx { text: &plain, config: &config };
        let mut out = Vec::new();
        super::check_line(&ctx, &mut out);
        let mut marks: Vec<(usize, u8, char)> = Vec::new();
        for f in out.iter().filter(|f| f.rule.code() == code) {
            let (s, e) = (f.span.start.col as usize, f.span.end.col as usize);
            assert!(plain.is_char_boundary(s) && plain.is_char_boundary(e), "span off a char boundary");
            if s == e {
                marks.push((s, 1, '‸'));
            } else {
                marks.push((s, 2, '⟦'));
                marks.push((e, 0, '⟧'));
            }
        }
        marks.sort();
        let mut res = String::new();
        let mut at = 0;
        for (pos, _, m) in marks {
            res.push_str(plain.get(at..pos).unwrap_or(""));
            res.push(m);
            at = pos;
        }
        res.push_str(plain.get(at..).unwrap_or(""));
        res
    }

    /// Asserts that rule `code` reports exactly the marked slots.
    pub fn check(code: &str, marked: &str) {
        assert_eq!(render(code, marked), marked);
    }

    proptest::proptest! {
        /// Any line — mixed Chinese, digits, placeholders, punctuation of both widths, astral
        /// characters — yields findings on char boundaries, and never a panic.
        #[test]
        fn never_panics_and_spans_lie_on_char_boundaries(
            text in "[个名万亿元年月日第%％XxＸ×*＿_ 　.，,、：:（）()“”《》0-9０-９一二三共有达为资金项目人次公里余多国家𠀀a-z]{0,40}"
        ) {
            let config = Config::default();
            let ctx = LineCtx { text: &text, config: &config };
            let mut out = Vec::new();
            let _ = super::check_line(&ctx, &mut out);
            for f in &out {
                let (s, e) = (f.span.start.col as usize, f.span.end.col as usize);
                proptest::prop_assert!(s <= e && e <= text.len());
                proptest::prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
            }
        }
    }

    /// Asserts that rule `code` reports nothing on `text`.
    pub fn check_none(code: &str, text: &str) {
        let config = Config::default();
        let ctx = LineCtx { text, config: &config };
        let mut out = Vec::new();
        super::check_line(&ctx, &mut out);
        let got: Vec<String> =
            out.iter().filter(|f| f.rule.code() == code).map(|f| format!("{} {}", f.rule.code(), f.message)).collect();
        assert!(got.is_empty(), "{code}: unexpected findings on {text}: {got:?}");
    }
}
