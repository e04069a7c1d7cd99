//! The heading tree of a speech: title, salutation and the numbered levels
//! 一、 → （一） → 1. → （1） → ①. Built from the numbering family's line facts.
//!
//! Each heading's span covers its whole section: from its line to the end of the last line
//! before the next heading of the same or a higher level (or the end of the text); the
//! selection is the heading line. Headings nest by level; a skipped level (一、 straight to
//! 1.) nests the deeper heading directly under the higher one. Lines that are wholly
//! boilerplate are not read.
//!
//! The numbering family builds it (`rules::numbering::outline`): one pass over the line
//! facts with a stack of open headings, O(lines).

use super::diagnostic::Span;

/// What an outline entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OutlineKind {
    /// The speech's title (the first non-empty line, often “在…会议上的讲话”).
    Title,
    /// The salutation (“同志们：”).
    Salutation,
    /// A numbered heading.
    Heading,
}

/// One node of the outline.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OutlineItem {
    /// The heading text as written (marker included, trimmed).
    pub title: String,
    /// 0 for the title and salutation, 1..=5 for heading levels.
    pub level: u8,
    pub kind: OutlineKind,
    /// The whole section: from the heading's line to the end of its last body line.
    pub span: Span,
    /// The heading line's content.
    pub selection: Span,
    pub children: Vec<OutlineItem>,
}
