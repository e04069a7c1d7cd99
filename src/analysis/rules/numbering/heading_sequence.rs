//! LEC201 `heading-number-skipped`.
//!
//! ## What it does
//! Flags a heading whose number does not follow its previous sibling's: 一、 then 三、, two
//! （二）, 1. 2. 2. 4.
//!
//! ## Why is this bad?
//! A skipped number usually means a section was lost when the text was copied; a repeated one
//! confuses the audience and the printed programme.
//!
//! ## Example
//! ```text
//! 一、提高政治站位
//! 三、强化组织保障
//! ```
//!
//! ## Fix safety
//! No fix yet.
//!
//! Complexity: one pass over the line facts, O(lines).

use crate::analysis::diagnostic::{Category, Finding, FixAvailability, Severity, Span};
use crate::analysis::engine::DocCtx;
use crate::analysis::registry::{Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    code: "LEC201",
    name: "heading-number-skipped",
    category: Category::Numbering,
    default_severity: Severity::Warning,
    default_enabled: true,
    fix: FixAvailability::None,
    summary_zh: "标题序号跳号或重复",
    summary_en: "A heading number is skipped or repeated",
};

pub(crate) fn check(ctx: &DocCtx, out: &mut Vec<Finding>) {
    // last number seen at each level, reset when a higher level appears
    let mut last: [Option<(u32, usize)>; 6] = [None; 6];
    for (i, l) in ctx.lines.iter().enumerate() {
        if ctx.is_boilerplate(i) {
            continue;
        }
        let Some(h) = &l.facts.numbering.heading else { continue };
        let lvl = usize::from(h.level.min(5));
        let line = u32::try_from(i).unwrap_or(u32::MAX);
        let span = Span::in_line(line, h.marker_start as usize, h.marker_end as usize);
        if let Some((prev, _)) = last.get(lvl).copied().flatten() {
            if h.number != prev + 1 {
                let msg = ctx.config.locale.pick(
                    format!("标题序号不连续：上一个同级标题是第{prev}个，此处为第{}个", h.number),
                    format!("heading number out of sequence: previous sibling is {prev}, this is {}", h.number),
                );
                out.push(Finding::new(Rule(&META), span, msg.to_string()));
            }
        }
        if let Some(slot) = last.get_mut(lvl) {
            *slot = Some((h.number, i));
        }
        for deeper in last.iter_mut().skip(lvl + 1) {
            *deeper = None;
        }
    }
}
