//! Family 3xx: scrape boilerplate — everything on the page that is not the speech.

mod site_chrome;

use crate::analysis::diagnostic::Finding;
use crate::analysis::engine::{DocCtx, LineCtx};
use crate::analysis::registry::RuleMeta;

pub static RULES: &[&RuleMeta] = &[&site_chrome::META];

/// What the boilerplate family remembers of a line.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LineFacts {
    /// The local pass found the whole line to be boilerplate.
    pub whole_line: bool,
    /// The line carries a truncation or paywall note: text is missing after this point.
    /// `Some(n)` when the note says how many characters are missing (`Some(0)`: unknown).
    pub truncation: Option<u32>,
}

/// Runs the boilerplate rules on one line.
pub fn check_line(ctx: &LineCtx, out: &mut Vec<Finding>) -> LineFacts {
    let (whole_line, truncation) = site_chrome::check(ctx, out);
    LineFacts { whole_line, truncation }
}

/// Finds boilerplate that spans lines. Returns, per line, whether the document pass found the
/// line to be boilerplate (may be shorter than the document: missing entries are `false`).
pub fn check_document(_ctx: &DocCtx, _out: &mut Vec<Finding>) -> Vec<bool> {
    Vec::new()
}
