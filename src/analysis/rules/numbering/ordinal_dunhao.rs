//! LEC215 `ordinal-dunhao`.
//!
//! ## What it does
//! Flags an ordinal enumeration marker followed by a 顿号: `第一、`.
//!
//! ## Why is this bad?
//! GB/T 15834: 第一 / 第二 … as sequence words take a comma (`第一，`); the 顿号 separates
//! coordinate words. (`第一、二产业` is a list of ordinals and is left alone.)
//!
//! ## Example
//! ```text
//! 第一、提高政治站位。
//! ```
//! Use instead: `第一，提高政治站位。`
//!
//! ## Fix safety
//! Safe: replaces the one mark.
//!
//! Complexity: reads the enumeration markers of the line, O(markers).

use crate::analysis::diagnostic::{Applicability, Category, Finding, FixAvailability, Severity, Span, SpanFix};
use crate::analysis::pass::LineCtx;
use crate::analysis::registry::{Rule, RuleMeta};

use super::marker::EnumMarker;

pub static META: RuleMeta = RuleMeta {
    code: "LEC215",
    name: "ordinal-dunhao",
    category: Category::Punctuation,
    default_severity: Severity::Warning,
    default_enabled: true,
    fix: FixAvailability::Always,
    summary_zh: "“第一”后用了顿号（第一、）",
    summary_en: "An ordinal (第一) followed by 、",
};

pub(crate) fn check(ctx: &LineCtx, m: &EnumMarker, out: &mut Vec<Finding>) {
    let Some((s, e)) = m.dunhao else { return };
    let loc = ctx.config.locale;
    let word = ctx.text.get(m.start as usize..s as usize).unwrap_or("");
    let msg = loc.pick(
        format!("序数词后应用逗号：“{word}、”应为“{word}，”"),
        format!("an ordinal takes a comma: “{word}、” should be “{word}，”"),
    );
    let fix = SpanFix::new(loc.pick(format!("改为“{word}，”"), format!("Change to “{word}，”")), Applicability::Safe)
        .edit(Span::in_line(0, s as usize, e as usize), "，");
    out.push(Finding::new(Rule(&META), Span::in_line(0, m.start as usize, m.end as usize), msg).with_fix(fix));
}

#[cfg(test)]
mod tests {
    use super::super::tests::{codes, fixed};

    #[test]
    fn flags_ordinal_with_dunhao() {
        assert_eq!(codes("第一、提高政治站位。第二、压实责任。\n", "LEC215").len(), 2);
        assert_eq!(fixed("第一、提高。第二、压实。\n"), "第一，提高。第二，压实。\n");
    }

    #[test]
    fn no_diagnostic_for_a_list_of_ordinals() {
        assert!(codes("第一、二产业协调发展。\n", "LEC215").is_empty());
    }
}
