//! LEC102 `missing-percent-figure`.
//!
//! ## What it does
//! Flags a percent sign with no figure before it: “占总人口的%”.
//!
//! ## Why is this bad?
//! The template site deleted the figure; the speaker would read a hole.
//!
//! ## Example
//! ```text
//! 少数民族人口占总人口的%
//! ```
//! Use instead: `占总人口的17.3%`.
//!
//! ## Fix safety
//! No fix: only the author knows the figure.
//!
//! Complexity: one scan over the line, O(n).

use crate::analysis::diagnostic::{Category, Finding, FixAvailability, Severity, Span};
use crate::analysis::engine::LineCtx;
use crate::analysis::registry::{Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    code: "LEC102",
    name: "missing-percent-figure",
    category: Category::Blank,
    default_severity: Severity::Error,
    default_enabled: true,
    fix: FixAvailability::None,
    summary_zh: "百分号前缺少数字",
    summary_en: "A percent sign with no figure before it",
};

pub(crate) fn check(ctx: &LineCtx, out: &mut Vec<Finding>) {
    let text = ctx.text;
    for (i, c) in text.char_indices() {
        if c != '%' && c != '％' {
            continue;
        }
        let before = text[..i].chars().next_back();
        let is_figure = |c: char| {
            c.is_ascii_digit()
                || matches!(c, '０'..='９' | '.' | '*' | 'X' | 'x' | '×' | '_' | '‰' | '百' | '十' | '千')
        };
        if before.is_some_and(|b| is_figure(b) || b.is_ascii_alphanumeric() || b == ' ') {
            continue;
        }
        let ctx_start = text[..i].char_indices().rev().nth(3).map_or(0, |(j, _)| j);
        let quote = &text[ctx_start..i];
        let msg = ctx
            .config
            .locale
            .pick(&format!("此处缺少数字：“{quote}＿%”"), &format!("missing figure: “{quote}_%”"))
            .to_string();
        out.push(Finding::new(Rule(&META), Span::in_line(0, i, i), msg));
    }
}
