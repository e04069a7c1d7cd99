//! What the passes see and keep: the per-line context ([`LineCtx`]), one line's result
//! ([`LineResult`]: its findings and compact [`LineFacts`]), the document passes' context
//! ([`DocCtx`]) and their result ([`DocResult`]).
//!
//! A leaf of the engine: the rule families and the engine both build on these types, and this
//! module names neither. Each family's facts live in a submodule here (so that the facts of a
//! line can be one plain struct without the engine or this module knowing any rule).

pub mod blank;
pub mod boilerplate;
pub mod consistency;
pub mod length;
pub mod numbering;
pub mod table;

use std::sync::Arc;

use super::config::Config;
use super::diagnostic::Finding;
use super::outline::OutlineItem;
use super::registry::Rule;

/// What the local pass sees: one line's content (without its line end).
pub struct LineCtx<'a> {
    pub text: &'a str,
    pub config: &'a Config,
}

/// The compact per-line facts the document passes read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LineFacts {
    /// The line holds only whitespace.
    pub is_empty: bool,
    /// Characters in the line's content (Unicode scalar values).
    pub chars: u32,
    /// Bytes in the line's content.
    pub bytes: u32,
    pub blank: blank::LineFacts,
    pub numbering: numbering::LineFacts,
    pub boilerplate: boilerplate::LineFacts,
    pub consistency: consistency::LineFacts,
    pub length: length::LineFacts,
    /// The line is a table row or caption (recognised once, before the families run).
    pub table: table::TableLine,
    /// A suppression comment on this line.
    pub suppression: Option<Box<Directive>>,
}

/// Everything derived from one line alone.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LineResult {
    /// Findings at line 0, byte columns within the line.
    pub findings: Vec<Finding>,
    pub facts: LineFacts,
}

/// What the document passes see.
pub struct DocCtx<'a> {
    pub lines: &'a [Arc<LineResult>],
    pub config: &'a Config,
    /// The content of a line (rarely needed: prefer facts).
    pub line_text: &'a dyn Fn(usize) -> String,
    /// `true` for lines that are not part of the speech (wholly boilerplate), as marked by the
    /// families that ran before (empty before any did).
    pub boilerplate_lines: &'a [bool],
}

impl DocCtx<'_> {
    pub fn is_boilerplate(&self, line: usize) -> bool {
        self.boilerplate_lines.get(line).copied().unwrap_or(false)
    }
    pub fn facts(&self, line: usize) -> Option<&LineFacts> {
        self.lines.get(line).map(|l| &l.facts)
    }
    /// Each line's place in the document's table blocks ([`table::blocks`] over the lines'
    /// own classes): rows, header rows and captions. O(lines).
    pub fn table_blocks(&self) -> Vec<table::TableLine> {
        let kinds: Vec<table::TableLine> = self.lines.iter().map(|l| l.facts.table).collect();
        table::blocks(&kinds)
    }
}

/// The result of the document passes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DocResult {
    /// Each family's document findings, in family order (shared with the memo rather than
    /// copied on every keystroke).
    pub families: Vec<Arc<Vec<Finding>>>,
    pub outline: Vec<OutlineItem>,
    pub boilerplate_lines: Vec<bool>,
}

impl DocResult {
    /// Every finding of the document passes.
    pub fn all_findings(&self) -> impl Iterator<Item = &Finding> {
        self.families.iter().flat_map(|v| v.iter())
    }
}

/// A heading marker on a line, as the analysis found it: what the editor shows on hover.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HeadingAt {
    /// 1 一、  2 （一）  3 1.  4 （1）  5 ①
    pub level: u8,
    /// Byte columns of the marker within its line.
    pub marker_start: u32,
    pub marker_end: u32,
}

impl LineFacts {
    /// The heading marker this line opens with, if any.
    pub fn heading_at(&self) -> Option<HeadingAt> {
        self.numbering.heading.as_ref().map(|h| HeadingAt {
            level: h.level,
            marker_start: h.marker_start,
            marker_end: h.marker_end,
        })
    }
}

/// What a suppression comment says.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Directive {
    pub kind: DirectiveKind,
    /// The rules named (empty: every rule).
    pub rules: Vec<Rule>,
    /// Names that are not rules, for LEC902.
    pub unknown: Vec<String>,
    /// Byte range of the comment within its line.
    pub start: u32,
    pub end: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DirectiveKind {
    Disable,
    Enable,
    DisableNextLine,
}
