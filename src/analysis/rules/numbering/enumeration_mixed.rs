//! LEC209 `enumeration-mixed`.
//!
//! ## What it does
//! Flags an enumeration that changes its markers half-way: `首先…其次…第三`,
//! `第一…二是…第三`.
//!
//! ## Why is this bad?
//! A list is one figure of speech; switching markers mid-way shows a careless splice of two
//! drafts, and the listener loses count.
//!
//! ## Example
//! ```text
//! 首先，提高认识。其次，加强领导。第三，狠抓落实。
//! ```
//! Use instead: `再次，狠抓落实。`
//!
//! ## Fix safety
//! Rewrites the odd marker in the form the list began with (第三， → 再次，; 二是 → 第二，).
//! Safe: the number and the meaning stay.
//!
//! Complexity: part of the family's single pass over the line facts, O(lines).

use crate::analysis::diagnostic::{Applicability, Category, Finding, FixAvailability, Severity, Span, SpanFix};
use crate::analysis::pass::DocCtx;
use crate::analysis::registry::{Rule, RuleMeta};

use super::marker::{EnumMarker, Family};
use super::structure::{enum_marker_label, enum_marker_text};

pub static META: RuleMeta = RuleMeta {
    code: "LEC209",
    name: "enumeration-mixed",
    category: Category::Numbering,
    default_severity: Severity::Warning,
    default_enabled: true,
    fix: FixAvailability::Sometimes,
    summary_zh: "列举方式混用（首先…其次…第三）",
    summary_en: "An enumeration mixes marker styles",
};

pub(crate) fn finding(ctx: &DocCtx, line: usize, m: &EnumMarker, family: Family, prev: &EnumMarker) -> Finding {
    let loc = ctx.config.locale;
    let this = enum_marker_label(m.family, m.number);
    let p = enum_marker_label(prev.family, prev.number);
    let want = enum_marker_label(family, m.number);
    let msg = loc.pick(
        format!("列举方式混用：“{p}”之后用了“{this}”，应为“{want}”"),
        format!("mixed enumeration: “{p}” is followed by “{this}”; keep one style: “{want}”"),
    );
    let line = u32::try_from(line).unwrap_or(u32::MAX);
    let span = Span::in_line(line, m.start as usize, m.end as usize);
    let f = Finding::new(Rule(&META), span, msg);
    match enum_marker_text(family, m.number) {
        Some(text) => {
            let title = loc.pick(format!("改为“{want}”"), format!("Change to “{want}”"));
            f.with_fix(SpanFix::new(title, Applicability::Safe).edit(span, text))
        }
        None => f,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{codes, fixed, numbering_codes};

    #[test]
    fn flags_shouxian_then_ordinal() {
        let text = "一、甲\n首先，提高认识。其次，加强领导。第三，狠抓落实。\n";
        assert_eq!(codes(text, "LEC209"), vec![(2, "列举方式混用：“其次”之后用了“第三”，应为“再次”".to_string())]);
        let out = fixed(text);
        assert_eq!(out, "一、甲\n首先，提高认识。其次，加强领导。再次，狠抓落实。\n");
        assert!(numbering_codes(&out).is_empty());
    }

    #[test]
    fn flags_ordinal_then_shi() {
        let text = "一、甲\n第一，提高认识。二是加强领导。第三，狠抓落实。\n";
        assert_eq!(codes(text, "LEC209").len(), 1);
        let out = fixed(text);
        assert_eq!(out, "一、甲\n第一，提高认识。第二，加强领导。第三，狠抓落实。\n");
        assert!(numbering_codes(&out).is_empty());
    }

    #[test]
    fn no_diagnostic_for_connectives_alone() {
        assert!(
            numbering_codes("一、甲\n首先，我代表市委致辞。其次，再次表示感谢。最后，祝大家新年快乐。\n").is_empty()
        );
    }
}
