//! Text coordinates: byte ranges, line ends and every conversion between byte offsets and
//! line/column positions in UTF-8, UTF-16 and UTF-32 units.
//!
//! This is the only module that does encoding arithmetic. Every function clamps out-of-range
//! input (a line past the end, a column past the end of a line, an offset inside a character)
//! and never panics.

mod line_index;
pub mod utf8;
mod zi;

pub use line_index::{byte_of_col, col_of_byte, split_lines, Cursor, LineIndex, LineSpan, Position};
pub use zi::{zi_count, zi_count_visiting};

use serde::{Deserialize, Serialize};

/// A half-open byte range `start..end` into a text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TextRange {
    pub start: usize,
    pub end: usize,
}

impl TextRange {
    pub fn new(start: usize, end: usize) -> Self {
        if start <= end {
            TextRange { start, end }
        } else {
            TextRange { start: end, end: start }
        }
    }
    pub fn empty(at: usize) -> Self {
        TextRange { start: at, end: at }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub fn contains_range(&self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub fn intersects(&self, other: TextRange) -> bool {
        self.start < other.end && other.start < self.end
            || (self.is_empty() || other.is_empty()) && self.start <= other.end && other.start <= self.end
    }
    /// The text of this range in `text`, or `""` when the range is not valid there.
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
    pub fn shift(&self, by: usize) -> TextRange {
        TextRange { start: self.start + by, end: self.end + by }
    }
}

/// The unit in which columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units: what LSP clients use unless they negotiate otherwise.
    #[default]
    Utf16,
    /// Unicode scalar values (code points): what humans and the CLI count.
    Utf32,
}

/// Largest char boundary `<= at` in `s` (clamped to `s.len()`).
pub fn floor_char_boundary(s: &str, at: usize) -> usize {
    if at >= s.len() {
        return s.len();
    }
    let mut i = at;
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Smallest char boundary `>= at` in `s` (clamped to `s.len()`).
pub fn ceil_char_boundary(s: &str, at: usize) -> usize {
    if at >= s.len() {
        return s.len();
    }
    let mut i = at;
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}
