//! The length family's per-line facts.

/// What the length family remembers of a line.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LineFacts {
    /// 字数 of the line outside inline boilerplate.
    pub zi: u32,
}
