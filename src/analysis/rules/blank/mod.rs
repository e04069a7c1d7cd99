//! Family 1xx: unfilled blanks — figures, dates and names a template left out.

mod figure_placeholder;
mod missing_percent_figure;

use crate::analysis::diagnostic::Finding;
use crate::analysis::engine::LineCtx;
use crate::analysis::registry::RuleMeta;

pub static RULES: &[&RuleMeta] = &[&figure_placeholder::META, &missing_percent_figure::META];

/// Runs the blank rules on one line.
pub fn check_line(ctx: &LineCtx, out: &mut Vec<Finding>) {
    figure_placeholder::check(ctx, out);
    missing_percent_figure::check(ctx, out);
}
