//! LEC305 `glued-list-bullet`.
//!
//! ## What it does
//! Flags the bullet of a list of other articles that a copy-paste glued onto the first or last
//! line of the speech next to the list: `  • 在全县范围内开展知识测试次，发放测评问卷份，…` right
//! after a bulleted title list. The bullet is the page's; the text after it is speech.
//!
//! ## Why is this bad?
//! The paragraph reads as a list item of the page, and a “remove all boilerplate” that took
//! the whole line would lose speech.
//!
//! ## Example
//! ```text
//!   • 在市企业梯度培育工作推进会议上的讲话
//!   • 在全县范围内开展知识测试，形成了良性机制。
//! ```
//! Use instead: `在全县范围内开展知识测试，形成了良性机制。`
//!
//! ## Fix safety
//! Safe: deletes the bullet and the indentation around it, nothing of the text.
//!
//! Complexity: checked for the two lines next to each list found, O(1) each.

use super::doc;
use crate::analysis::diagnostic::{Applicability, Category, Finding, FixAvailability, Severity, Span, SpanFix};
use crate::analysis::pass::DocCtx;
use crate::analysis::registry::{Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    code: "LEC305",
    name: "glued-list-bullet",
    category: Category::Boilerplate,
    default_severity: Severity::Warning,
    default_enabled: true,
    fix: FixAvailability::Always,
    summary_zh: "网页列表的项目符号粘在了正文前",
    summary_en: "A page list's bullet glued onto a line of the speech",
};

/// Flags line `i`'s bullet when the line is text (not a title) next to a list.
pub(crate) fn check(ctx: &DocCtx, i: usize, out: &mut Vec<Finding>) {
    let Some(f) = doc::facts(ctx, i) else { return };
    if f.bullet == 0 || f.title_like || f.whole_line {
        return;
    }
    let loc = ctx.config.locale;
    let span = Span::in_line(doc::line32(i), 0, usize::from(f.bullet));
    let fix = SpanFix::new(loc.pick("删除项目符号", "Remove the bullet"), Applicability::Safe).edit(span, "");
    out.push(
        Finding::new(
            Rule(&META),
            span,
            loc.pick("网页列表的项目符号粘在了正文前", "a bullet of the page's list is glued onto the speech"),
        )
        .with_fix(fix),
    );
}

#[cfg(test)]
mod tests {
    use crate::analysis::{analyze, fix_all, Config};

    #[test]
    fn strips_bullet_glued_onto_speech_after_list() {
        let text = "  • 在市企业梯度培育工作推进会议上的讲话\n  • 在全市食品产业链高质量发展推进会议上的讲话\n  • 在全区电子商务产业发展推进会议上的讲话\n\n  • 在全县范围内开展知识测试，形成了良性机制。\n\n    2.加强宣传引导";
        let d = analyze(text, &Config::default()).diagnostics;
        assert!(d.iter().any(|d| d.code() == "LEC305" && d.span.start.line == 4));
        let (fixed, _) = fix_all(text, &Config::default(), false);
        assert_eq!(fixed, "\n在全县范围内开展知识测试，形成了良性机制。\n\n    2.加强宣传引导");
    }

    #[test]
    fn no_diagnostic_for_bullet_without_list() {
        let d = analyze("  • 在全县范围内开展知识测试，形成了良性机制。", &Config::default()).diagnostics;
        assert!(d.iter().all(|d| d.code() != "LEC305"));
    }
}
