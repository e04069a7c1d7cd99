//! Family 6xx: length — a speech is written for a time slot.
//!
//! The local pass records each line's 字数 (as [`crate::text::zi_count`] counts it,
//! leaving out the line's inline boilerplate); the document pass adds them up per top-level
//! section.

mod speech_too_long;
pub mod time;

use crate::analysis::diagnostic::{Category, Finding};
pub use crate::analysis::pass::length::LineFacts;
use crate::analysis::pass::{DocCtx, LineCtx};
use crate::analysis::registry::RuleMeta;
use crate::text::zi_count;

pub static RULES: &[&RuleMeta] = &[&speech_too_long::META];

/// Counts the line. `found` already holds the line's boilerplate findings (that family runs
/// first); their spans are left out of the count. Adds no finding.
pub fn check_line(ctx: &LineCtx, found: &[Finding]) -> LineFacts {
    check_line_counted(ctx, found, None)
}

/// [`check_line`] given the whole line's 字数 when a shared scan counted it.
pub(crate) fn check_line_counted(ctx: &LineCtx, found: &[Finding], zi: Option<u32>) -> LineFacts {
    let text = ctx.text;
    let mut skip: Vec<(usize, usize)> = found
        .iter()
        .filter(|f| f.rule.category() == Category::Boilerplate && ctx.config.is_enabled(f.rule))
        .filter(|f| f.span.start.line == 0)
        .map(|f| {
            let end = if f.span.end.line == 0 { f.span.end.col as usize } else { text.len() };
            (f.span.start.col as usize, end)
        })
        .collect();
    if skip.is_empty() {
        return LineFacts { zi: zi.unwrap_or_else(|| zi_count(text)) };
    }
    skip.sort_unstable();
    let mut zi = 0;
    let mut at = 0;
    for (s, e) in skip {
        let s = s.clamp(at, text.len());
        zi += zi_count(text.get(at..s).unwrap_or(""));
        at = at.max(e.min(text.len()));
    }
    zi += zi_count(text.get(at..).unwrap_or(""));
    LineFacts { zi }
}

/// Document checks: the speech against its target length.
pub fn check_document(ctx: &DocCtx, out: &mut Vec<Finding>) {
    speech_too_long::check(ctx, out);
}

/// The length family (6xx), as the engine drives it.
pub struct Length;

impl crate::analysis::rules::Family for Length {
    super::family_basics!("length", RULES, LineFacts => length);
    /// Runs after the boilerplate family: `out` holds the line's inline boilerplate.
    fn check_line(
        &self,
        ctx: &LineCtx,
        scan: &crate::analysis::rules::SharedScan,
        out: &mut Vec<Finding>,
    ) -> LineFacts {
        check_line_counted(ctx, out, Some(scan.zi))
    }
    fn check_document(&self, ctx: &DocCtx, out: &mut Vec<Finding>) -> Option<Vec<bool>> {
        check_document(ctx, out);
        None
    }
}
