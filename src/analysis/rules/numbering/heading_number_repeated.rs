//! LEC202 `heading-number-repeated`.
//!
//! ## What it does
//! Flags a heading that repeats its previous sibling's number: two （二）, 1. 2. 2.
//!
//! ## Why is this bad?
//! A repeated number is a copy-and-paste slip; the listener cannot tell the parts apart and
//! later references (“第（二）部分”) become ambiguous.
//!
//! ## Example
//! ```text
//! （一）加强领导
//! （二）压实责任
//! （二）强化督查
//! ```
//! Use instead: `（三）强化督查`.
//!
//! ## Fix safety
//! Renumbers this heading, and the later siblings that do not already follow, in one edit.
//! Safe, unless a truncation note lies between the two headings (then unsafe).
//!
//! Complexity: part of the family's single pass over the line facts, O(lines).

use crate::analysis::diagnostic::{Category, Finding, FixAvailability, Severity, Span};
use crate::analysis::pass::DocCtx;
use crate::analysis::registry::{Rule, RuleMeta};

use super::marker::standard_marker;
use super::structure::Node;

pub static META: RuleMeta = RuleMeta {
    code: "LEC202",
    name: "heading-number-repeated",
    category: Category::Numbering,
    default_severity: Severity::Warning,
    default_enabled: true,
    fix: FixAvailability::Sometimes,
    summary_zh: "标题序号重复",
    summary_en: "A heading number is repeated",
};

pub(crate) fn finding(ctx: &DocCtx, node: &Node, prev: &Node, lost: Option<usize>, span: Span) -> Finding {
    let this = standard_marker(node.level, node.number);
    let next = standard_marker(node.level, prev.number + 1);
    let mut msg = ctx.config.locale.pick(
        format!("标题序号重复：又一个“{this}”，应为“{next}”"),
        format!("heading number repeated: another “{this}”, expected “{next}”"),
    );
    if let Some(l) = lost {
        msg.push_str(&ctx.config.locale.pick(
            format!("。第{}行有网页截断提示，中间的文字可能已丢失", l + 1),
            format!(". A truncation note on line {} says text was lost in between", l + 1),
        ));
    }
    Finding::new(Rule(&META), span, msg)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{codes, fixed, numbering_codes};

    #[test]
    fn flags_a_repeated_number_once() {
        let text = "一、甲\n1.子\n2.丑\n2.寅\n4.卯\n";
        assert_eq!(codes(text, "LEC202"), vec![(4, "标题序号重复：又一个“2.”，应为“3.”".to_string())]);
        assert_eq!(numbering_codes(text).len(), 1, "the 4. is where it belongs");
    }

    #[test]
    fn fix_renumbers_the_repeat_only() {
        let out = fixed("（一）甲\n（二）乙\n（二）丙\n");
        assert_eq!(out, "（一）甲\n（二）乙\n（三）丙\n");
        assert!(numbering_codes(&out).is_empty());
    }
}
