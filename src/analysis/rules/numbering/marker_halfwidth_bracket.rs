//! LEC213 `marker-halfwidth-bracket`.
//!
//! ## What it does
//! Flags half-width brackets around a Chinese heading numeral: `(一)`, `(二）`.
//!
//! ## Why is this bad?
//! Chinese text takes full-width brackets (GB/T 15834); half-width ones are a trace of
//! copying from a web page, and print narrower than the rest of the line.
//!
//! ## Example
//! ```text
//! (一)民族团结进步是维护社会和谐稳定的坚实基础
//! ```
//! Use instead: `（一）民族团结进步是维护社会和谐稳定的坚实基础`.
//!
//! ## Fix safety
//! Safe: replaces the brackets only.
//!
//! Complexity: reads the parsed marker, O(1).

use crate::analysis::diagnostic::{Applicability, Category, Finding, FixAvailability, Severity, Span, SpanFix};
use crate::analysis::pass::LineCtx;
use crate::analysis::registry::{Rule, RuleMeta};

use super::marker::{Heading, Numeral};

pub static META: RuleMeta = RuleMeta {
    code: "LEC213",
    name: "marker-halfwidth-bracket",
    category: Category::Punctuation,
    default_severity: Severity::Info,
    default_enabled: true,
    fix: FixAvailability::Always,
    summary_zh: "中文序号用了半角括号（(一)）",
    summary_en: "Half-width brackets around a Chinese heading numeral",
};

pub(crate) fn check(ctx: &LineCtx, h: &Heading, out: &mut Vec<Finding>) {
    let (Some(open), Some(close)) = (h.open, h.close) else { return };
    if h.numeral != Numeral::Chinese || (open.ch == '（' && close.ch == '）') {
        return;
    }
    let loc = ctx.config.locale;
    let num = ctx.text.get(h.num_start as usize..h.num_end as usize).unwrap_or("");
    let msg = loc.pick(
        format!("中文序号应使用全角括号：“（{num}）”"),
        format!("use full-width brackets around a Chinese numeral: “（{num}）”"),
    );
    let mut fix =
        SpanFix::new(loc.pick(format!("改为“（{num}）”"), format!("Change to “（{num}）”")), Applicability::Safe);
    if open.ch != '（' {
        fix = fix.edit(Span::in_line(0, open.start as usize, open.end as usize), "（");
    }
    if close.ch != '）' {
        fix = fix.edit(Span::in_line(0, close.start as usize, close.end as usize), "）");
    }
    out.push(Finding::new(Rule(&META), Span::in_line(0, open.start as usize, close.end as usize), msg).with_fix(fix));
}

#[cfg(test)]
mod tests {
    use super::super::tests::{codes, fixed};

    #[test]
    fn flags_half_width_brackets_around_chinese_numeral() {
        assert_eq!(codes("(一)民族团结\n", "LEC213").len(), 1);
        assert_eq!(fixed("    (二）创新载体\n"), "    （二）创新载体\n");
    }

    #[test]
    fn no_diagnostic_for_arabic_or_full_width() {
        assert!(codes("(1)落实\n（一）加强\n", "LEC213").is_empty());
    }
}
