//! LEC214 `marker-cn-numeral-dot`.
//!
//! ## What it does
//! Flags a Chinese heading numeral followed by a full stop: `一.`, `二．`.
//!
//! ## Why is this bad?
//! GB/T 15834: a Chinese numeral in a sequence takes the 顿号 (`一、`); the full stop below
//! the line belongs after Arabic numerals.
//!
//! ## Example
//! ```text
//! 一.提高政治站位
//! ```
//! Use instead: `一、提高政治站位`.
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
    code: "LEC214",
    name: "marker-cn-numeral-dot",
    category: Category::Punctuation,
    default_severity: Severity::Warning,
    default_enabled: true,
    fix: FixAvailability::Always,
    summary_zh: "中文数字序号后用了点号（一.）",
    summary_en: "A Chinese heading numeral followed by a full stop",
};

pub(crate) fn check(ctx: &LineCtx, h: &Heading, out: &mut Vec<Finding>) {
    if h.level != 1 {
        return;
    }
    let Some(sep) = h.sep.filter(|s| matches!(s.ch, '.' | '．')) else { return };
    let loc = ctx.config.locale;
    let num = ctx.text.get(h.num_start as usize..h.num_end as usize).unwrap_or("");
    let msg = loc.pick(
        format!("中文数字序号后应用顿号：“{num}{}”应为“{num}、”", sep.ch),
        format!("a Chinese numeral takes 、: “{num}{}” should be “{num}、”", sep.ch),
    );
    let fix = SpanFix::new(loc.pick(format!("改为“{num}、”"), format!("Change to “{num}、”")), Applicability::Safe)
        .edit(Span::in_line(0, sep.start as usize, sep.end as usize), "、");
    out.push(Finding::new(Rule(&META), Span::in_line(0, h.num_start as usize, sep.end as usize), msg).with_fix(fix));
}

#[cfg(test)]
mod tests {
    use super::super::tests::{codes, fixed};

    #[test]
    fn flags_chinese_numeral_with_full_stop() {
        assert_eq!(codes("一.提高政治站位\n", "LEC214").len(), 1);
        assert_eq!(fixed("二．强化保障\n"), "二、强化保障\n");
    }

    #[test]
    fn no_diagnostic_for_dunhao() {
        assert!(codes("一、提高政治站位\n", "LEC214").is_empty());
    }
}
