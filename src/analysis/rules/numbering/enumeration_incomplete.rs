//! LEC207 `enumeration-incomplete`.
//!
//! ## What it does
//! Flags an enumeration that opens and never continues: `一是…` with no `二是` (likewise
//! 一要, 第一，, 其一，) before the section ends or a new enumeration starts.
//!
//! ## Why is this bad?
//! “一是” promises a list. Alone, it reads as a fragment; in scraped drafts it usually means
//! the site cut the text after the first item. When a truncation note follows, the message
//! says so: the lost text is the problem.
//!
//! ## Example
//! ```text
//! 一是健全领导机制。成立领导小组……
//! 三、强化组织保障
//! ```
//! Use instead: add `二是…`, or drop the `一是`.
//!
//! ## Fix safety
//! No fix: only the author knows the missing items. A list still open where the text ends
//! is cut off, not defective, and is reported only when a truncation note says text was lost.
//!
//! Complexity: part of the family's single pass over the line facts, O(lines).

use crate::analysis::diagnostic::{Category, Finding, FixAvailability, Severity, Span};
use crate::analysis::pass::DocCtx;
use crate::analysis::registry::{Rule, RuleMeta};

use super::marker::EnumMarker;
use super::structure::enum_marker_label;

pub static META: RuleMeta = RuleMeta {
    code: "LEC207",
    name: "enumeration-incomplete",
    category: Category::Numbering,
    default_severity: Severity::Warning,
    default_enabled: true,
    fix: FixAvailability::None,
    summary_zh: "列举只有“一是”没有“二是”",
    summary_en: "An enumeration has a first item only",
};

pub(crate) fn finding(ctx: &DocCtx, line: usize, m: &EnumMarker, lost: Option<usize>) -> Finding {
    let (one, two) = (enum_marker_label(m.family, 1), enum_marker_label(m.family, 2));
    let mut msg = ctx.config.locale.pick(
        format!("列举不完整：有“{one}”，没有“{two}”"),
        format!("incomplete enumeration: “{one}” with no “{two}”"),
    );
    if let Some(l) = lost {
        msg.push_str(&ctx.config.locale.pick(
            format!("。第{}行有网页截断提示，后面的内容已随截断丢失，请补全原文", l + 1),
            format!(". A truncation note on line {} says the rest was cut off: restore the lost text", l + 1),
        ));
    }
    let line = u32::try_from(line).unwrap_or(u32::MAX);
    Finding::new(Rule(&META), Span::in_line(line, m.start as usize, m.end as usize), msg)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{codes, numbering_codes};

    #[test]
    fn flags_lone_first_item_closed_by_a_heading() {
        let text = "（一）加强领导\n一是健全机制。成立领导小组。\n（二）压实责任\n";
        assert_eq!(codes(text, "LEC207"), vec![(2, "列举不完整：有“一是”，没有“二是”".to_string())]);
    }

    #[test]
    fn no_diagnostic_for_a_list_spanning_paragraphs() {
        let text = "（一）加强领导\n一是健全机制。\n正文。\n二是压实责任。\n（二）乙\n";
        assert!(numbering_codes(text).is_empty());
    }

    #[test]
    fn no_diagnostic_for_ordinals_framing_the_headings() {
        let text = "同志们：\n第一，提高认识。\n（一）深化理解\n（二）统一思想\n第二，压实责任。\n（一）明确分工\n";
        assert!(numbering_codes(text).is_empty());
    }

    #[test]
    fn no_diagnostic_when_the_text_simply_ends() {
        assert!(numbering_codes("（一）加强领导\n一是健全机制。成立领导").is_empty());
    }

    #[test]
    fn flags_lone_first_item_cut_by_a_truncation_note() {
        let text = "（一）加强领导\n一是健全机制。成立……(未完,全文共4215字,当前只显示2341字)\n";
        let got = codes(text, "LEC207");
        assert_eq!(got.len(), 1);
        assert!(got[0].1.contains("第2行有网页截断提示"), "{got:?}");
    }

    #[test]
    fn no_diagnostic_when_the_truncation_note_is_far_away() {
        let mut text = String::from("一是健全机制。\n");
        for _ in 0..10 {
            text.push_str("正文。\n");
        }
        text.push_str("……(未完,全文共4215字,当前只显示2341字)\n");
        assert!(numbering_codes(&text).is_empty());
    }

    #[test]
    fn no_diagnostic_for_ordinal_words() {
        let text = "一、甲\n这是第一次会议，他是第一书记，全国第一。首先，我代表市委表示感谢。\n二、乙\n";
        assert!(numbering_codes(text).is_empty());
    }
}
