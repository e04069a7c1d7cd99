//! LEC101 `figure-placeholder`.
//!
//! ## What it does
//! Flags placeholder characters standing where a figure or a name belongs: `*%`, `带动*人`,
//! `**乡镇`, `XX县`, `×××同志`, `_总书记`.
//!
//! ## Why is this bad?
//! Read aloud, the speaker says "星号" or stops mid-sentence.
//!
//! ## Example
//! ```text
//! 其中蒙古族人口占*%
//! ```
//! Use instead: fill in the figure.
//!
//! ## Fix safety
//! No fix: only the author knows the figure.
//!
//! Complexity: one scan over the line, O(n).

use crate::analysis::diagnostic::{Category, Finding, FixAvailability, Severity, Span};
use crate::analysis::engine::LineCtx;
use crate::analysis::registry::{Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    code: "LEC101",
    name: "figure-placeholder",
    category: Category::Blank,
    default_severity: Severity::Error,
    default_enabled: true,
    fix: FixAvailability::None,
    summary_zh: "占位符（*、X、×、_）代替了数字或名称",
    summary_en: "A placeholder (*, X, ×, _) stands where a figure or name belongs",
};

fn is_placeholder(c: char) -> bool {
    matches!(c, '*' | '＊' | '×' | '_' | '＿')
}

pub(crate) fn check(ctx: &LineCtx, out: &mut Vec<Finding>) {
    let text = ctx.text;
    let mut iter = text.char_indices().peekable();
    while let Some((start, c)) = iter.next() {
        let xx = matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ');
        if !is_placeholder(c) && !xx {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, d)) = iter.peek() {
            if d == c || (xx && matches!(d, 'X' | 'x' | 'Ｘ' | 'ｘ')) {
                end = i + d.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let cjk = |c: Option<char>| c.is_some_and(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        // An X between ASCII letters is a word (“XML”, “Xi”), not a placeholder.
        if xx && (before.is_some_and(|c| c.is_ascii_alphanumeric()) || after.is_some_and(|c| c.is_ascii_alphanumeric()))
        {
            continue;
        }
        if !(cjk(before) || cjk(after) || after == Some('%') || after == Some('％')) {
            continue;
        }
        let slot = &text[start..end];
        let msg = ctx
            .config
            .locale
            .pick(format!("占位符“{slot}”未替换为实际内容"), format!("placeholder “{slot}” was never filled in"))
            .to_string();
        out.push(Finding::new(Rule(&META), Span::in_line(0, start, end), msg));
    }
}
