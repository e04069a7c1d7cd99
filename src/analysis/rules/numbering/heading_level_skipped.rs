//! LEC206 `heading-level-skipped`.
//!
//! ## What it does
//! Notes a heading run that skips a level under its parent: `一、` straight to `1.`.
//! Off by default: skipping a level is common and accepted in practice.
//!
//! ## Why is this bad?
//! GB/T 9704 lists the levels in order; strict house styles want 一、 → （一） → 1. → （1）.
//!
//! ## Example
//! ```text
//! 一、总体要求
//! 1.目标任务
//! ```
//! Strict form: `（一）目标任务`.
//!
//! ## Fix safety
//! No fix: relabelling a level changes every heading below it.
//!
//! Complexity: part of the family's single pass over the line facts, O(lines).

use crate::analysis::diagnostic::{Category, Finding, FixAvailability, Severity, Span};
use crate::analysis::pass::DocCtx;
use crate::analysis::registry::{Rule, RuleMeta};

use super::marker::standard_marker;
use super::structure::Node;

pub static META: RuleMeta = RuleMeta {
    code: "LEC206",
    name: "heading-level-skipped",
    category: Category::Numbering,
    default_severity: Severity::Hint,
    default_enabled: false,
    fix: FixAvailability::None,
    summary_zh: "标题跳级（默认关闭）",
    summary_en: "A heading level is skipped (off by default)",
};

pub(crate) fn finding(ctx: &DocCtx, node: &Node, parent: &Node, span: Span) -> Finding {
    let (p, this) = (standard_marker(parent.level, parent.number), standard_marker(node.level, node.number));
    let want = standard_marker(parent.level + 1, node.number);
    let msg = ctx.config.locale.pick(
        format!("标题跳级：“{p}”之下直接是“{this}”（严格的层级为“{want}”）"),
        format!("heading level skipped: “{this}” directly under “{p}” (strictly “{want}”)"),
    );
    Finding::new(Rule(&META), span, msg)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{codes_with, numbering_codes};

    #[test]
    fn off_by_default() {
        assert!(numbering_codes("一、甲\n1.子\n2.丑\n").is_empty());
    }

    #[test]
    fn flags_the_first_skipping_child_when_enabled() {
        let got = codes_with("一、甲\n1.子\n2.丑\n二、乙\n（一）子\n", "LEC206", true);
        assert_eq!(got, vec![(2, "标题跳级：“一、”之下直接是“1.”（严格的层级为“（一）”）".to_string())]);
    }
}
