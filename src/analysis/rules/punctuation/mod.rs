//! Family 4xx: punctuation — half-width punctuation left in Chinese text by scraping.
//! (Mis-punctuated heading markers are checked by the numbering family, which parses them.)

use crate::analysis::diagnostic::Finding;
use crate::analysis::engine::LineCtx;
use crate::analysis::registry::RuleMeta;

pub static RULES: &[&RuleMeta] = &[];

/// Runs the punctuation rules on one line.
pub fn check_line(_ctx: &LineCtx, _out: &mut Vec<Finding>) {}
