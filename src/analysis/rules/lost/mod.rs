//! Family 1xx (category `lost`): text the draft has lost — a hole marked where a site cut the
//! text (LEC108), and text that stops mid-sentence (LEC109).
//!
//! Lost text is the one defect a fix must never hide: deleting a paywall note (LEC302) leaves
//! the marker “〔此处原文缺失约N字〕” in its place, and both the marker and a cut ending count
//! as evidence of lost text for the numbering rules, so that renumbering next to them is
//! never a safe fix, in any run and after any sequence of fixes.

pub(crate) mod lost_text_marker;
pub(crate) mod truncated_ending;

use crate::analysis::diagnostic::Finding;
use crate::analysis::pass::{DocCtx, LineCtx};
use crate::analysis::registry::RuleMeta;

pub static RULES: &[&RuleMeta] = &[&lost_text_marker::META, &truncated_ending::META];

/// Runs the family's rules on one line.
pub fn check_line(ctx: &LineCtx, out: &mut Vec<Finding>) {
    lost_text_marker::check(ctx, out);
}

/// Runs the family's document rules (after the boilerplate pass).
pub fn check_document(ctx: &DocCtx, out: &mut Vec<Finding>) {
    truncated_ending::check(ctx, out);
}

pub(crate) use lost_text_marker::{marker_text, missing_in_markers};
pub(crate) use truncated_ending::{cuts_before_more_text, open_end};

/// The lost-text family, as the engine drives it. It keeps no facts of its own: the line
/// facts it reads (where a line ends open, the truncation notes and markers) belong to the
/// numbering and boilerplate families, whose memo compares them.
pub struct Lost;

impl crate::analysis::rules::Family for Lost {
    super::family_basics!("lost", RULES);
    fn check_line(&self, ctx: &LineCtx, _scan: &crate::analysis::rules::SharedScan, out: &mut Vec<Finding>) {
        check_line(ctx, out);
    }
    fn check_document(&self, ctx: &DocCtx, out: &mut Vec<Finding>) -> Option<Vec<bool>> {
        check_document(ctx, out);
        None
    }
}
