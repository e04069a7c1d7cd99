//! LEC204 `heading-number-out-of-order`.
//!
//! ## What it does
//! Flags a heading whose number goes back among its siblings under the same parent:
//! （一） （二） then （一） again under the same 一、, 3. after 4., （三） after （四）.
//!
//! ## Why is this bad?
//! The numbering restarts where it should not (a list pasted from another draft, a section
//! moved without renumbering); the structure the listener hears is broken.
//!
//! ## Example
//! ```text
//! 一、提高认识
//! （一）加强领导
//! （二）压实责任
//! （一）强化督查
//! ```
//! Use instead: `（三）强化督查`, or put a new parent heading before the restarted run.
//!
//! ## Fix safety
//! Renumbers the run to continue its predecessor. Unsafe: the restart may have been meant
//! (a new list that lacks its parent heading). A restart at one is not reported at the top
//! level (a table of contents before the body) nor from level 3 down (a second list of
//! items under the same section: 主要做法：1. 2. 存在问题：1. 2.).
//!
//! Complexity: part of the family's single pass over the line facts, O(lines).

use crate::analysis::diagnostic::{Category, Finding, FixAvailability, Severity, Span};
use crate::analysis::pass::DocCtx;
use crate::analysis::registry::{Rule, RuleMeta};

use super::marker::standard_marker;
use super::structure::Node;

pub static META: RuleMeta = RuleMeta {
    code: "LEC204",
    name: "heading-number-out-of-order",
    category: Category::Numbering,
    default_severity: Severity::Warning,
    default_enabled: true,
    fix: FixAvailability::Sometimes,
    summary_zh: "标题序号倒退或在同一上级下重新开始",
    summary_en: "A heading number goes back or restarts under the same parent",
};

pub(crate) fn finding(ctx: &DocCtx, node: &Node, prev: &Node, span: Span) -> Finding {
    let (p, this) = (standard_marker(prev.level, prev.number), standard_marker(node.level, node.number));
    let msg = ctx.config.locale.pick(
        format!("标题序号倒退：“{p}”之后是“{this}”（同一上级标题下不应重新编号）"),
        format!("heading number goes back: “{p}” is followed by “{this}” under the same parent"),
    );
    Finding::new(Rule(&META), span, msg)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{codes, fixed_unsafe, numbering_codes};

    #[test]
    fn flags_a_restart_under_the_same_parent() {
        let text = "一、甲\n（一）子\n（二）丑\n（一）寅\n";
        assert_eq!(codes(text, "LEC204").len(), 1);
        let out = fixed_unsafe(text);
        assert_eq!(out, "一、甲\n（一）子\n（二）丑\n（三）寅\n");
        assert!(numbering_codes(&out).is_empty());
    }

    #[test]
    fn flags_a_number_going_back() {
        assert_eq!(codes("（一）甲\n1.子\n2.丑\n3.寅\n2.卯\n", "LEC204").len(), 1);
    }

    #[test]
    fn no_diagnostic_for_a_second_list_under_one_section() {
        let text = "（一）甲\n主要做法：\n1.子\n2.丑\n存在问题：\n1.寅\n2.卯\n（二）乙\n①注一\n②注二\n①注三\n";
        assert!(numbering_codes(text).is_empty());
    }

    #[test]
    fn no_diagnostic_for_a_table_of_contents_before_the_body() {
        let text = "一、总体要求\n二、重点任务\n\n一、总体要求\n正文。\n二、重点任务\n正文。\n";
        assert!(numbering_codes(text).is_empty());
    }
}
