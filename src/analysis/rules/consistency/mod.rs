//! Family 5xx: consistency — traces of another template (administrative levels, years).

use crate::analysis::diagnostic::Finding;
use crate::analysis::engine::{DocCtx, LineCtx};
use crate::analysis::registry::RuleMeta;

pub static RULES: &[&RuleMeta] = &[];

/// What the consistency family remembers of a line.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LineFacts {}

/// Collects the line's facts (counts of level words, years).
pub fn check_line(_ctx: &LineCtx, _out: &mut Vec<Finding>) -> LineFacts {
    LineFacts {}
}

/// Compares the lines' facts with the document's majority.
pub fn check_document(_ctx: &DocCtx, _out: &mut Vec<Finding>) {}
