//! Family 9xx: findings about lectern's own directives (suppression comments).
//! Applied by `analysis::suppression`; the metadata lives here so the registry lists them.

use crate::analysis::diagnostic::{Category, FixAvailability, Severity};
use crate::analysis::registry::RuleMeta;

/// LEC901 `unused-suppression`: a `<!-- lectern-disable… -->` comment that suppressed nothing.
///
/// ## What it does
/// Flags a suppression comment under which no finding was reported.
///
/// ## Why is this bad?
/// A stale suppression hides the next real problem at that place.
///
/// ## Example
/// ```markdown
/// <!-- lectern-disable-next-line LEC102 -->
/// 增长5.2%。
/// ```
///
/// ## Fix safety
/// Unsafe: removing the comment is offered, never applied unattended.
///
/// Complexity: O(lines + findings).
pub static UNUSED_SUPPRESSION: RuleMeta = RuleMeta {
    code: "LEC901",
    name: "unused-suppression",
    category: Category::Meta,
    default_severity: Severity::Hint,
    default_enabled: true,
    fix: FixAvailability::Always,
    summary_zh: "抑制注释没有抑制任何问题",
    summary_en: "A suppression comment that suppresses nothing",
};

/// LEC902 `invalid-suppression`: a suppression comment naming a rule that does not exist.
///
/// ## What it does
/// Flags a rule code or name in a suppression comment that lectern does not know.
///
/// ## Why is this bad?
/// A typo in a suppression silently suppresses nothing.
///
/// ## Example
/// ```markdown
/// <!-- lectern-disable LEC777 -->
/// ```
///
/// ## Fix safety
/// No fix.
///
/// Complexity: O(lines).
pub static INVALID_SUPPRESSION: RuleMeta = RuleMeta {
    code: "LEC902",
    name: "invalid-suppression",
    category: Category::Meta,
    default_severity: Severity::Warning,
    default_enabled: true,
    fix: FixAvailability::None,
    summary_zh: "抑制注释中有未知的规则",
    summary_en: "A suppression comment names an unknown rule",
};

pub static RULES: &[&RuleMeta] = &[&UNUSED_SUPPRESSION, &INVALID_SUPPRESSION];

/// The meta family (9xx): its findings come from `analysis::suppression`; it runs no checks.
pub struct Meta;

impl crate::analysis::rules::Family for Meta {
    super::family_basics!("meta", RULES);
    fn check_line(
        &self,
        _ctx: &crate::analysis::pass::LineCtx,
        _scan: &crate::analysis::rules::SharedScan,
        _out: &mut Vec<crate::analysis::diagnostic::Finding>,
    ) {
    }
}
