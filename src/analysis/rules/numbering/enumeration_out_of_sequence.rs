//! LEC208 `enumeration-out-of-sequence`.
//!
//! ## What it does
//! Flags an enumeration item whose number does not follow: `一是…三是` (二是 missing),
//! `二是…二是`, `第一，…第三，`, or a list that starts at `二是` inside a section.
//!
//! ## Why is this bad?
//! A gap means an item was deleted or lost in copying; a repeat is a slip. Both are audible.
//!
//! ## Example
//! ```text
//! 一是健全机制。三是强化考核。
//! ```
//! Use instead: `一是健全机制。二是强化考核。` (or restore the lost item).
//!
//! ## Fix safety
//! Renumbers this item and the later items of its list in one edit. Safe, unless a
//! truncation note lies in between (then unsafe: the lost item is the problem).
//!
//! Complexity: part of the family's single pass over the line facts, O(lines).

use crate::analysis::diagnostic::{Category, Finding, FixAvailability, Severity, Span};
use crate::analysis::pass::DocCtx;
use crate::analysis::registry::{Rule, RuleMeta};

use super::marker::EnumMarker;
use super::structure::enum_marker_label;

pub static META: RuleMeta = RuleMeta {
    code: "LEC208",
    name: "enumeration-out-of-sequence",
    category: Category::Numbering,
    default_severity: Severity::Warning,
    default_enabled: true,
    fix: FixAvailability::Sometimes,
    summary_zh: "列举序号跳号、重复或不从一开始",
    summary_en: "An enumeration skips, repeats or does not start at one",
};

fn span(line: usize, m: &EnumMarker) -> Span {
    Span::in_line(u32::try_from(line).unwrap_or(u32::MAX), m.start as usize, m.end as usize)
}

fn lost_note(ctx: &DocCtx, msg: &mut String, lost: Option<usize>) {
    if let Some(l) = lost {
        msg.push_str(&ctx.config.locale.pick(
            format!("。第{}行有网页截断提示，缺少的内容可能随截断丢失", l + 1),
            format!(". A truncation note on line {} says text was lost there", l + 1),
        ));
    }
}

pub(crate) fn finding(ctx: &DocCtx, line: usize, m: &EnumMarker, prev: &EnumMarker, lost: Option<usize>) -> Finding {
    let (p, this) = (enum_marker_label(prev.family, prev.number), enum_marker_label(m.family, m.number));
    let want = enum_marker_label(m.family, prev.number.saturating_add(1));
    let mut msg = if m.number == prev.number {
        ctx.config.locale.pick(
            format!("列举序号重复：“{p}”之后又是“{this}”，应为“{want}”"),
            format!("enumeration repeated: “{p}” is followed by another “{this}”, expected “{want}”"),
        )
    } else {
        ctx.config.locale.pick(
            format!("列举序号不连续：“{p}”之后是“{this}”，应为“{want}”"),
            format!("enumeration out of sequence: “{p}” is followed by “{this}”, expected “{want}”"),
        )
    };
    lost_note(ctx, &mut msg, lost);
    Finding::new(Rule(&META), span(line, m), msg)
}

pub(crate) fn finding_start(ctx: &DocCtx, line: usize, m: &EnumMarker, lost: Option<usize>) -> Finding {
    let (one, this) = (enum_marker_label(m.family, 1), enum_marker_label(m.family, m.number));
    let mut msg = ctx.config.locale.pick(
        format!("列举没有从“{one}”开始：第一项是“{this}”"),
        format!("enumeration does not start at “{one}”: the first item is “{this}”"),
    );
    lost_note(ctx, &mut msg, lost);
    Finding::new(Rule(&META), span(line, m), msg)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{codes, fixed, numbering_codes};

    #[test]
    fn flags_a_gap_in_one_paragraph() {
        let text = "一、甲\n一是健全机制。三是强化考核。四是严格问责。\n";
        assert_eq!(codes(text, "LEC208"), vec![(2, "列举序号不连续：“一是”之后是“三是”，应为“二是”".to_string())]);
        let out = fixed(text);
        assert_eq!(out, "一、甲\n一是健全机制。二是强化考核。三是严格问责。\n");
        assert!(numbering_codes(&out).is_empty());
    }

    #[test]
    fn flags_ordinal_gap_and_repeat() {
        assert_eq!(codes("一、甲\n第一，要高。第三，要实。\n", "LEC208").len(), 1);
        assert_eq!(codes("一、甲\n一要学。二要干。二要比。\n", "LEC208").len(), 1);
    }

    #[test]
    fn flags_a_list_starting_at_two_inside_a_section() {
        let text = "（一）加强领导\n二是压实责任。三是强化考核。\n";
        assert_eq!(codes(text, "LEC208").len(), 1);
        let out = fixed(text);
        assert_eq!(out, "（一）加强领导\n一是压实责任。二是强化考核。\n");
    }

    #[test]
    fn no_diagnostic_for_a_page_that_starts_mid_list() {
        assert!(numbering_codes("四要坚持统筹兼顾。五要狠抓落实。\n").is_empty());
    }

    #[test]
    fn no_diagnostic_for_nested_lists() {
        let text = "一、甲\n第一，要学。一是读原著。二是悟原理。第二，要干。一是抓项目。二是抓落实。\n";
        assert!(numbering_codes(text).is_empty());
    }
}
