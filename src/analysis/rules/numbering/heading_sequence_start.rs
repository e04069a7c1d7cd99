//! LEC203 `heading-sequence-start`.
//!
//! ## What it does
//! Flags the first heading of a run of siblings that does not start at one: the first
//! level-3 heading under （一） is `2.`; under a new parent （二） the numbering carries on
//! (`3.`) instead of starting again at `1.`.
//!
//! ## Why is this bad?
//! Either the first item was lost (often where a template site cut the text short) or the
//! numbering was not restarted under the new parent.
//!
//! ## Example
//! ```text
//! （一）加强宣传引导
//! 2.营造浓厚氛围
//! ```
//! Use instead: restore `1.`, or renumber `1.营造浓厚氛围`.
//!
//! ## Fix safety
//! Renumbers the run from one in one edit. Safe, except when a truncation note lies between
//! the parent heading and this one: then text was lost, and the renumbering is unsafe.
//! At the top level the first heading is checked only after a salutation (同志们：) or a
//! truncation note, since an excerpt may begin mid-speech.
//!
//! Complexity: part of the family's single pass over the line facts, O(lines).

use crate::analysis::diagnostic::{Category, Finding, FixAvailability, Severity, Span};
use crate::analysis::pass::DocCtx;
use crate::analysis::registry::{Rule, RuleMeta};

use super::marker::standard_marker;
use super::structure::Node;

pub static META: RuleMeta = RuleMeta {
    code: "LEC203",
    name: "heading-sequence-start",
    category: Category::Numbering,
    default_severity: Severity::Warning,
    default_enabled: true,
    fix: FixAvailability::Sometimes,
    summary_zh: "同级标题没有从一开始编号",
    summary_en: "A run of headings does not start at one",
};

pub(crate) fn finding(
    ctx: &DocCtx,
    node: &Node,
    parent: Option<&Node>,
    continued: bool,
    lost: Option<usize>,
    span: Span,
) -> Finding {
    let loc = ctx.config.locale;
    let (this, one) = (standard_marker(node.level, node.number), standard_marker(node.level, 1));
    let mut msg = match parent {
        Some(p) => {
            let pm = standard_marker(p.level, p.number);
            loc.pick(
                format!("“{pm}”下的第一个同级标题是“{this}”，没有从“{one}”开始"),
                format!("the first heading under “{pm}” is “{this}”, not “{one}”"),
            )
        }
        None => loc.pick(
            format!("第一个一级标题是“{this}”，没有从“{one}”开始"),
            format!("the first top-level heading is “{this}”, not “{one}”"),
        ),
    };
    if continued {
        msg.push_str(&loc.pick(
            format!("：编号沿用了上一节，在新的上级标题下应重新从“{one}”编号"),
            format!(": it carries on the previous section's numbering; restart at “{one}” under the new parent"),
        ));
    } else if let Some(l) = lost {
        msg.push_str(&loc.pick(
            format!("。第{}行有网页截断提示，前面的内容很可能随截断丢失，请补全原文", l + 1),
            format!(". A truncation note on line {} says text was lost before it: restore the missing part", l + 1),
        ));
    }
    Finding::new(Rule(&META), span, msg)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{codes, fixed, fixes, numbering_codes};
    use crate::analysis::Applicability;

    #[test]
    fn flags_first_child_that_is_not_one() {
        let text = "一、甲\n（一）子\n2.营造氛围\n3.强化宣传\n";
        let got = codes(text, "LEC203");
        assert_eq!(got, vec![(3, "“（一）”下的第一个同级标题是“2.”，没有从“1.”开始".to_string())]);
        assert_eq!(fixes(text), vec![("从“1.”起依次重新编号（2处）".to_string(), Applicability::Safe)]);
        let out = fixed(text);
        assert_eq!(out, "一、甲\n（一）子\n1.营造氛围\n2.强化宣传\n");
        assert!(numbering_codes(&out).is_empty());
    }

    #[test]
    fn flags_numbering_that_fails_to_restart_under_a_new_parent() {
        let text = "（一）甲\n1.子\n2.丑\n（二）乙\n3.寅\n4.卯\n";
        let got = codes(text, "LEC203");
        assert_eq!(got.len(), 1);
        assert!(got[0].1.contains("沿用了上一节"), "{got:?}");
        let out = fixed(text);
        assert_eq!(out, "（一）甲\n1.子\n2.丑\n（二）乙\n1.寅\n2.卯\n");
        assert!(numbering_codes(&out).is_empty());
    }

    #[test]
    fn no_diagnostic_at_the_start_of_an_excerpt() {
        assert!(numbering_codes("3.前文的末尾\n（四）加强保障\n1.子\n").is_empty());
        assert!(numbering_codes("二、后半部分\n（一）子\n").is_empty());
    }

    #[test]
    fn flags_first_top_heading_after_the_salutation() {
        assert_eq!(codes("同志们：\n二、加强领导\n", "LEC203").len(), 1);
    }

    #[test]
    fn flags_first_top_heading_after_a_truncation_note() {
        let text = "今天召开会议。……(未完,全文共4215字,当前只显示2341字)\n二、加强领导\n";
        let got = codes(text, "LEC203");
        assert_eq!(got.len(), 1);
        assert!(got[0].1.contains("截断"), "{got:?}");
        assert_eq!(fixes(text), vec![("改为“一、”".to_string(), Applicability::Unsafe)]);
    }
}
