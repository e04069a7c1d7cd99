//! Family 2xx: heading numbering and the outline.
//!
//! The local pass recognises a heading marker at the start of a line (一、 （一） 1. （1）, in
//! full- and half-width spellings) and records it as a compact fact; the document pass checks
//! the sequence of markers and builds the outline.

mod heading_sequence;
pub mod marker;

use crate::analysis::diagnostic::{Finding, LinePos, Span};
use crate::analysis::engine::{DocCtx, LineCtx};
use crate::analysis::outline::{OutlineItem, OutlineKind};
use crate::analysis::registry::RuleMeta;

pub use marker::Heading;

pub static RULES: &[&RuleMeta] = &[&heading_sequence::META];

/// What the numbering family remembers of a line.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LineFacts {
    pub heading: Option<Heading>,
}

/// Recognises the line's heading marker.
pub fn check_line(ctx: &LineCtx, _out: &mut Vec<Finding>) -> LineFacts {
    LineFacts { heading: marker::parse(ctx.text) }
}

/// Checks heading sequences across the document.
pub fn check_document(ctx: &DocCtx, out: &mut Vec<Finding>) {
    heading_sequence::check(ctx, out);
}

/// Builds the heading tree.
pub fn outline(ctx: &DocCtx) -> Vec<OutlineItem> {
    let n = ctx.lines.len();
    let mut flat: Vec<(usize, u8, OutlineKind, String)> = Vec::new();
    for (i, l) in ctx.lines.iter().enumerate() {
        if ctx.is_boilerplate(i) {
            continue;
        }
        if let Some(h) = &l.facts.numbering.heading {
            flat.push((i, h.level, OutlineKind::Heading, h.title.clone()));
        }
    }
    let mut stack: Vec<OutlineItem> = Vec::new();
    let mut roots: Vec<OutlineItem> = Vec::new();
    let last_line = u32::try_from(n.saturating_sub(1)).unwrap_or(0);
    let line_end =
        |i: usize| LinePos::new(u32::try_from(i).unwrap_or(0), ctx.lines.get(i).map_or(0, |l| l.facts.bytes));
    let close = |item: &mut OutlineItem, end_line: usize| {
        item.span.end = line_end(end_line);
    };
    let _ = last_line;
    for (idx, (line, level, kind, title)) in flat.iter().enumerate() {
        let _ = idx;
        while let Some(top) = stack.last() {
            if top.level >= *level {
                let mut done = stack.pop().unwrap_or_else(unreachable_item);
                close(&mut done, line.saturating_sub(1));
                attach(&mut stack, &mut roots, done);
            } else {
                break;
            }
        }
        let l32 = u32::try_from(*line).unwrap_or(0);
        let sel = Span::new(LinePos::new(l32, 0), line_end(*line));
        stack.push(OutlineItem {
            title: title.clone(),
            level: *level,
            kind: *kind,
            span: sel,
            selection: sel,
            children: vec![],
        });
    }
    while let Some(mut done) = stack.pop() {
        close(&mut done, n.saturating_sub(1));
        attach(&mut stack, &mut roots, done);
    }
    roots
}

fn unreachable_item() -> OutlineItem {
    OutlineItem {
        title: String::new(),
        level: 0,
        kind: OutlineKind::Heading,
        span: Span::default(),
        selection: Span::default(),
        children: vec![],
    }
}

fn attach(stack: &mut [OutlineItem], roots: &mut Vec<OutlineItem>, item: OutlineItem) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(item),
        None => roots.push(item),
    }
}
