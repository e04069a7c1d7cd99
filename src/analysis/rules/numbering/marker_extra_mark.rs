//! LEC211 `marker-extra-mark`.
//!
//! ## What it does
//! Flags a mark after a bracketed heading number: `（一）、`, `（1）.`, `(二)，`.
//!
//! ## Why is this bad?
//! GB/T 15834 (4.1.3.2 and the notes on 序次语): a number in brackets takes no further mark;
//! the bracket already separates it from the text.
//!
//! ## Example
//! ```text
//! （一）、加强组织领导
//! ```
//! Use instead: `（一）加强组织领导`.
//!
//! ## Fix safety
//! Safe: deletes the one mark.
//!
//! Complexity: reads the parsed marker, O(1).

use crate::analysis::diagnostic::{Applicability, Category, Finding, FixAvailability, Severity, Span, SpanFix};
use crate::analysis::pass::LineCtx;
use crate::analysis::registry::{Rule, RuleMeta};

use super::marker::Heading;

pub static META: RuleMeta = RuleMeta {
    code: "LEC211",
    name: "marker-extra-mark",
    category: Category::Punctuation,
    default_severity: Severity::Warning,
    default_enabled: true,
    fix: FixAvailability::Always,
    summary_zh: "括号序号后多了标点（（一）、）",
    summary_en: "A bracketed heading number followed by a mark",
};

pub(crate) fn check(ctx: &LineCtx, h: &Heading, out: &mut Vec<Finding>) {
    let (Some(close), Some(sep)) = (h.close, h.sep) else { return };
    let loc = ctx.config.locale;
    let marker = ctx.text.get(h.marker_start as usize..close.end as usize).unwrap_or("");
    let msg = loc.pick(
        format!("括号序号后不加标点：“{marker}{}”应为“{marker}”", sep.ch),
        format!("no mark after a bracketed number: “{marker}{}” should be “{marker}”", sep.ch),
    );
    let span = Span::in_line(0, sep.start as usize, sep.end as usize);
    let fix = SpanFix::new(loc.pick(format!("删除“{}”", sep.ch), format!("Remove “{}”", sep.ch)), Applicability::Safe)
        .edit(span, "");
    out.push(Finding::new(Rule(&META), span, msg).with_fix(fix));
}

#[cfg(test)]
mod tests {
    use super::super::tests::{codes, fixed};

    #[test]
    fn flags_dunhao_after_bracket() {
        assert_eq!(codes("（一）、加强组织领导\n", "LEC211").len(), 1);
        assert_eq!(fixed("（一）、加强组织领导\n"), "（一）加强组织领导\n");
        assert_eq!(fixed("（2）.落实\n"), "（2）落实\n");
    }

    #[test]
    fn no_diagnostic_for_plain_bracket() {
        assert!(codes("（一）加强组织领导\n", "LEC211").is_empty());
    }
}
