//! LEC205 `heading-level-inverted`.
//!
//! ## What it does
//! Flags a heading of a higher level that comes after a lower-level sibling under the same
//! parent: `（1）` directly under `一、`, then `1.` later (the author used （1） as the third
//! level and 1. as the fourth).
//!
//! ## Why is this bad?
//! The official order is 一、 → （一） → 1. → （1）; inverted levels make the structure read
//! upside down.
//!
//! ## Example
//! ```text
//! 一、总体要求
//! （1）目标任务
//! 1.具体指标
//! ```
//! Use instead: `（一）目标任务` / `1.具体指标`, or `1.目标任务` / `（1）具体指标`.
//!
//! ## Fix safety
//! No fix: which level the author meant needs a human. Further sequence checks under the
//! same parent are suspended (they would only echo the inversion).
//!
//! Complexity: part of the family's single pass over the line facts, O(lines).

use crate::analysis::diagnostic::{Category, Finding, FixAvailability, Severity, Span};
use crate::analysis::pass::DocCtx;
use crate::analysis::registry::{Rule, RuleMeta};

use super::marker::standard_marker;
use super::structure::Node;

pub static META: RuleMeta = RuleMeta {
    code: "LEC205",
    name: "heading-level-inverted",
    category: Category::Numbering,
    default_severity: Severity::Warning,
    default_enabled: true,
    fix: FixAvailability::None,
    summary_zh: "标题层级倒置",
    summary_en: "Heading levels are inverted",
};

pub(crate) fn finding(ctx: &DocCtx, node: &Node, earlier: &Node, span: Span) -> Finding {
    let (e, this) = (standard_marker(earlier.level, earlier.number), standard_marker(node.level, node.number));
    let msg = ctx.config.locale.pick(
        format!("标题层级倒置：上级序号“{this}”出现在下级序号“{e}”之后（层级顺序应为 一、→（一）→1.→（1））"),
        format!(
            "heading levels inverted: “{this}” comes after the lower-level “{e}” (order: 一、 → （一） → 1. → （1）)"
        ),
    );
    Finding::new(Rule(&META), span, msg)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{codes, numbering_codes};

    #[test]
    fn flags_inverted_third_and_fourth_levels() {
        let text = "一、总体要求\n（1）目标任务\n1.具体指标\n2.具体指标\n（2）保障措施\n1.具体指标\n";
        assert_eq!(codes(text, "LEC205").len(), 1);
        assert_eq!(numbering_codes(text), vec!["LEC205"], "no echo findings");
    }

    #[test]
    fn no_diagnostic_for_a_legal_level_skip() {
        assert!(numbering_codes("一、甲\n1.子\n（1）丑\n（2）寅\n2.卯\n二、乙\n").is_empty());
    }
}
