//! Family 4xx: punctuation — half-width punctuation left in Chinese text by scraping.
//! (Mis-punctuated heading markers are checked by the numbering family, which parses them.)

mod half_width_punctuation;

use crate::analysis::diagnostic::Finding;
use crate::analysis::engine::LineCtx;
use crate::analysis::registry::RuleMeta;

pub static RULES: &[&RuleMeta] = &[&half_width_punctuation::META];

/// Runs the punctuation rules on one line.
pub fn check_line(ctx: &LineCtx, out: &mut Vec<Finding>) {
    half_width_punctuation::check(ctx, out);
}
