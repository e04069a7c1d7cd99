//! LEC212 `marker-arabic-dunhao`.
//!
//! ## What it does
//! Flags an Arabic heading number followed by a 顿号: `1、`.
//!
//! ## Why is this bad?
//! GB/T 15834: an Arabic numeral in a sequence takes the full stop below the line (`1.`);
//! the 顿号 belongs after Chinese numerals (`一、`). Common in drafts, hence a warning.
//!
//! ## Example
//! ```text
//! 1、加强宣传引导
//! ```
//! Use instead: `1.加强宣传引导`.
//!
//! ## Fix safety
//! Safe: replaces the one mark.
//!
//! Complexity: reads the parsed marker, O(1).

use crate::analysis::diagnostic::{Applicability, Category, Finding, FixAvailability, Severity, Span, SpanFix};
use crate::analysis::pass::LineCtx;
use crate::analysis::registry::{Rule, RuleMeta};

use super::marker::Heading;

pub static META: RuleMeta = RuleMeta {
    code: "LEC212",
    name: "marker-arabic-dunhao",
    category: Category::Punctuation,
    default_severity: Severity::Warning,
    default_enabled: true,
    fix: FixAvailability::Always,
    summary_zh: "阿拉伯数字序号后用了顿号（1、）",
    summary_en: "An Arabic heading number followed by 、",
};

pub(crate) fn check(ctx: &LineCtx, h: &Heading, out: &mut Vec<Finding>) {
    if h.level != 3 || h.open.is_some() {
        return;
    }
    let Some(sep) = h.sep.filter(|s| s.ch == '、') else { return };
    let loc = ctx.config.locale;
    let num = ctx.text.get(h.num_start as usize..h.num_end as usize).unwrap_or("");
    let msg = loc.pick(
        format!("阿拉伯数字序号后应用下脚点：“{num}、”应为“{num}.”"),
        format!("an Arabic number takes a full stop: “{num}、” should be “{num}.”"),
    );
    let span = Span::in_line(0, h.num_start as usize, sep.end as usize);
    let fix = SpanFix::new(loc.pick(format!("改为“{num}.”"), format!("Change to “{num}.”")), Applicability::Safe)
        .edit(Span::in_line(0, sep.start as usize, sep.end as usize), ".");
    out.push(Finding::new(Rule(&META), span, msg).with_fix(fix));
}

#[cfg(test)]
mod tests {
    use super::super::tests::{codes, fixed};

    #[test]
    fn flags_arabic_number_with_dunhao() {
        assert_eq!(
            codes("1、加强宣传引导\n", "LEC212"),
            vec![(1, "阿拉伯数字序号后应用下脚点：“1、”应为“1.”".to_string())]
        );
        assert_eq!(fixed("12、加强\n"), "12.加强\n");
    }

    #[test]
    fn no_diagnostic_for_full_stop() {
        assert!(codes("1.加强宣传引导\n1．加强\n", "LEC212").is_empty());
    }
}
