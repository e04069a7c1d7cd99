//! The heading tree of a speech: title, salutation and the numbered levels
//! 一、 → （一） → 1. → （1） → ①. Built by the numbering family from its line facts.

use super::diagnostic::Span;

/// What an outline entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OutlineKind {
    /// The speech's title (the first non-empty line).
    Title,
    /// The salutation ("同志们：").
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
