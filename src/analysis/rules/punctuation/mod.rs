//! Family 4xx: punctuation — half-width punctuation left in Chinese text by scraping.
//! (Mis-punctuated heading markers are checked by the numbering family, which parses them.)

mod half_width_punctuation;

use crate::analysis::diagnostic::Finding;
use crate::analysis::pass::LineCtx;
use crate::analysis::registry::RuleMeta;

pub static RULES: &[&RuleMeta] = &[&half_width_punctuation::META];

/// Runs the punctuation rules on one line.
pub fn check_line(ctx: &LineCtx, out: &mut Vec<Finding>) {
    half_width_punctuation::check(ctx, out);
}

/// The punctuation family (4xx), as the engine drives it. It keeps no facts.
pub struct Punctuation;

impl crate::analysis::rules::Family for Punctuation {
    super::family_basics!("punctuation", RULES);
    /// Runs after the numbering family: a heading marker's half-width brackets are reported
    /// once, by the marker rule, and the general findings inside it are dropped.
    fn check_line(&self, ctx: &LineCtx, _scan: &crate::analysis::rules::SharedScan, out: &mut Vec<Finding>) {
        let before = out.len();
        check_line(ctx, out);
        crate::analysis::rules::drop_nested_punctuation(out, before);
    }
}
