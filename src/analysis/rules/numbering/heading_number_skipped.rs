//! LEC201 `heading-number-skipped`.
//!
//! ## What it does
//! Flags a heading whose number jumps past the next one among its siblings: 一、 then 三、,
//! （一） then （三）, 1. then 3.
//!
//! ## Why is this bad?
//! A skipped number usually means a section was lost when the text was copied from a
//! template site (often where the site cut the text short), or deleted without renumbering.
//! The audience and the printed programme see a hole.
//!
//! ## Example
//! ```text
//! 一、提高政治站位
//! 三、强化组织保障
//! ```
//! Use instead: restore the missing section, or renumber: `二、强化组织保障`.
//!
//! ## Fix safety
//! Renumbers this heading and every later sibling of its run in one edit. Safe, except when
//! a truncation note lies between the previous sibling and this heading: then the number is
//! not the problem, the lost section is, and the renumbering is unsafe.
//!
//! Complexity: part of the family's single pass over the line facts, O(lines).

use crate::analysis::diagnostic::{Category, Finding, FixAvailability, Severity, Span};
use crate::analysis::pass::DocCtx;
use crate::analysis::registry::{Rule, RuleMeta};

use super::marker::standard_marker;
use super::structure::Node;

pub static META: RuleMeta = RuleMeta {
    code: "LEC201",
    name: "heading-number-skipped",
    category: Category::Numbering,
    default_severity: Severity::Warning,
    default_enabled: true,
    fix: FixAvailability::Sometimes,
    summary_zh: "标题序号跳号",
    summary_en: "A heading number is skipped",
};

pub(crate) fn finding(ctx: &DocCtx, node: &Node, prev: &Node, lost: Option<usize>, span: Span) -> Finding {
    let (p, this) = (standard_marker(prev.level, prev.number), standard_marker(node.level, node.number));
    let missing: Vec<String> = (prev.number + 1..node.number).take(3).map(|n| standard_marker(node.level, n)).collect();
    let (mz, me) = (missing.join("”“"), missing.join("”, “"));
    let mut msg = ctx.config.locale.pick(
        format!("标题序号跳号：“{p}”之后是“{this}”，缺少“{mz}”"),
        format!("heading number skipped: “{p}” is followed by “{this}”; “{me}” is missing"),
    );
    if let Some(l) = lost {
        msg.push_str(&ctx.config.locale.pick(
            format!("。第{}行有网页截断提示，缺少的部分很可能随截断丢失，请补全原文", l + 1),
            format!(". A truncation note on line {} says text was lost there: restore the missing section", l + 1),
        ));
    }
    Finding::new(Rule(&META), span, msg)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{codes, fixed, numbering_codes};

    #[test]
    fn flags_missing_second_level_one_heading() {
        let text = "一、提高认识\n正文。\n三、强化保障\n正文。\n";
        assert_eq!(codes(text, "LEC201"), vec![(3, "标题序号跳号：“一、”之后是“三、”，缺少“二、”".to_string())]);
    }

    #[test]
    fn speaks_english_when_asked() {
        use crate::analysis::{analyze, Config, Locale};
        let a = analyze("一、甲\n三、乙\n", &Config::default().with_locale(Locale::En));
        let msgs: Vec<_> = a.diagnostics.iter().filter(|d| d.code() == "LEC201").map(|d| d.message.clone()).collect();
        assert_eq!(msgs, vec!["heading number skipped: “一、” is followed by “三、”; “二、” is missing".to_string()]);
        let title = a.diagnostics.iter().find_map(|d| d.fix.as_ref()).map(|f| f.title.clone());
        assert_eq!(title.as_deref(), Some("Renumber to “二、”"));
    }

    #[test]
    fn renumbers_the_whole_run_and_converges() {
        let text = "一、甲\n（一）子\n（三）丑\n（四）寅\n二、乙\n";
        let out = fixed(text);
        assert_eq!(out, "一、甲\n（一）子\n（二）丑\n（三）寅\n二、乙\n");
        assert!(numbering_codes(&out).is_empty());
    }

    #[test]
    fn no_diagnostic_for_a_complete_run() {
        assert!(numbering_codes("一、甲\n1.子\n2.丑\n二、乙\n1.子\n").is_empty());
    }
}
