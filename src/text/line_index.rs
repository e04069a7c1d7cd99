//! Line starts and column conversions.
//!
//! Line ends are `\n`, `\r\n` and a lone `\r`, as in the Language Server Protocol. A line's
//! *content* excludes its line end. Columns count bytes (UTF-8), UTF-16 code units or Unicode
//! scalar values (UTF-32) from the start of the line's content.

use super::{floor_char_boundary, Encoding};

/// A zero-based line and column, the column in some [`Encoding`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Position {
    pub line: u32,
    pub col: u32,
}

impl Position {
    pub fn new(line: u32, col: u32) -> Self {
        Position { line, col }
    }
}

/// One line of a text: where its content starts and ends, and where its line end ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineSpan {
    /// Byte offset of the first byte of the line.
    pub start: usize,
    /// Byte offset just past the content (before the line end).
    pub content_end: usize,
    /// Byte offset just past the line end (equal to `content_end` on the last line).
    pub end: usize,
}

/// Splits `text` into lines. There is always at least one line; a text ending in a line end
/// has an empty last line (as editors show it).
pub fn split_lines(text: &str) -> Vec<LineSpan> {
    let bytes = text.as_bytes();
    // As many lines as line feeds, plus one (lone carriage returns, rare, grow the vector).
    let mut out = Vec::with_capacity(memchr::memchr_iter(b'\n', bytes).count() + 1);
    let mut start = 0;
    // Jump from line end to line end (memchr2 scans many bytes per step).
    while let Some(off) = bytes.get(start..).and_then(|rest| memchr::memchr2(b'\n', b'\r', rest)) {
        let at = start + off;
        let end = if bytes.get(at) == Some(&b'\r') && bytes.get(at + 1) == Some(&b'\n') { at + 2 } else { at + 1 };
        out.push(LineSpan { start, content_end: at, end });
        start = end;
    }
    out.push(LineSpan { start, content_end: bytes.len(), end: bytes.len() });
    out
}

/// The column, in `enc` units, of byte offset `byte` within `line` (the line's content).
/// A byte past the end clamps to the end; a byte inside a character counts from that
/// character's start.
pub fn col_of_byte(line: &str, byte: usize, enc: Encoding) -> u32 {
    let byte = floor_char_boundary(line, byte);
    let prefix = &line[..byte];
    // Counted on bytes (the compiler vectorises these loops): every character has one byte
    // that is not a continuation byte; a 4-byte character (lead byte 0xF0 and up) is two
    // UTF-16 units.
    let chars = || prefix.bytes().filter(|&b| (b & 0xC0) != 0x80).count();
    let n = match enc {
        Encoding::Utf8 => prefix.len(),
        Encoding::Utf16 => chars() + prefix.bytes().filter(|&b| b >= 0xF0).count(),
        Encoding::Utf32 => chars(),
    };
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The byte offset within `line` of column `col` in `enc` units. A column past the end
/// clamps to the end of the line; a column inside a character (a UTF-8 continuation byte,
/// the second half of a surrogate pair) resolves to that character's start.
pub fn byte_of_col(line: &str, col: u32, enc: Encoding) -> usize {
    let col = col as usize;
    match enc {
        Encoding::Utf8 => floor_char_boundary(line, col),
        Encoding::Utf16 => {
            let mut units = 0;
            for (i, c) in line.char_indices() {
                let next = units + c.len_utf16();
                if next > col {
                    return i;
                }
                units = next;
            }
            line.len()
        }
        Encoding::Utf32 => line.char_indices().nth(col).map_or(line.len(), |(i, _)| i),
    }
}

/// Line starts of one text, for converting between byte offsets and positions.
#[derive(Clone, Debug)]
pub struct LineIndex {
    lines: Vec<LineSpan>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        LineIndex { lines: split_lines(text) }
    }

    pub fn line_count(&self) -> usize {
        self.lines.len()
    }

    pub fn lines(&self) -> &[LineSpan] {
        &self.lines
    }

    /// The span of line `line`, clamped to the last line.
    pub fn line(&self, line: usize) -> LineSpan {
        let i = line.min(self.lines.len().saturating_sub(1));
        self.lines.get(i).copied().unwrap_or(LineSpan { start: 0, content_end: 0, end: 0 })
    }

    /// The zero-based line containing byte `offset` (offsets in a line end belong to its line).
    pub fn line_of(&self, offset: usize) -> usize {
        // The first line whose end is > offset; the last line also owns offsets past the end.
        let i = self.lines.partition_point(|l| l.end <= offset);
        i.min(self.lines.len().saturating_sub(1))
    }

    /// Position of byte `offset` (clamped into the text; an offset inside a line end maps to
    /// the end of that line's content).
    pub fn position(&self, text: &str, offset: usize, enc: Encoding) -> Position {
        let line = self.line_of(offset);
        let span = self.line(line);
        let content = text.get(span.start..span.content_end).unwrap_or("");
        let within = offset.saturating_sub(span.start).min(content.len());
        Position { line: u32::try_from(line).unwrap_or(u32::MAX), col: col_of_byte(content, within, enc) }
    }

    /// Byte offset of `pos`. A line past the last line clamps to the end of the text; a column
    /// past the end of a line clamps to the end of its content.
    pub fn offset(&self, text: &str, pos: Position, enc: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.lines.len() {
            return text.len();
        }
        let span = self.line(line);
        let content = text.get(span.start..span.content_end).unwrap_or("");
        span.start + byte_of_col(content, pos.col, enc)
    }
}

/// Converts many byte offsets of one text to positions, counting columns on from the previous
/// offset on the same line (forwards or backwards) or from the line's start, whichever is nearer.
/// For offsets in (mostly) increasing order, as sorted findings give them, the whole walk costs
/// O(text) instead of O(line) per offset. Same results as [`LineIndex::position`].
pub struct Cursor<'a> {
    index: &'a LineIndex,
    text: &'a str,
    enc: Encoding,
    /// The last position converted: line, byte offset within the line's content, column.
    at: Option<(usize, usize, u32)>,
}

impl<'a> Cursor<'a> {
    pub fn new(index: &'a LineIndex, text: &'a str, enc: Encoding) -> Self {
        Cursor { index, text, enc, at: None }
    }

    pub fn position(&mut self, offset: usize) -> Position {
        let line = self.index.line_of(offset);
        let span = self.index.line(line);
        let content = self.text.get(span.start..span.content_end).unwrap_or("");
        let target = floor_char_boundary(content, offset.saturating_sub(span.start).min(content.len()));
        let col = match self.at {
            Some((l, byte, col)) if l == line && byte.abs_diff(target) < target => {
                if target >= byte {
                    col.saturating_add(col_of_byte(content.get(byte..).unwrap_or(""), target - byte, self.enc))
                } else {
                    col.saturating_sub(col_of_byte(content.get(target..).unwrap_or(""), byte - target, self.enc))
                }
            }
            _ => col_of_byte(content, target, self.enc),
        };
        self.at = Some((line, target, col));
        Position { line: u32::try_from(line).unwrap_or(u32::MAX), col }
    }
}

#[cfg(test)]
mod tests {

    proptest! {
        #[test]
        fn cursor_agrees_with_position(
            text in "[a一𠀀，\r\n]{0,30}",
            offsets in proptest::collection::vec(0usize..120, 0..30),
        ) {
            let idx = LineIndex::new(&text);
            for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                let mut c = Cursor::new(&idx, &text, enc);
                for &o in &offsets {
                    prop_assert_eq!(c.position(o), idx.position(&text, o, enc));
                }
            }
        }
    }
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn splits_all_three_line_ends() {
        let t = "一\r\n二\r三\n四";
        let l: Vec<_> = split_lines(t).iter().map(|s| &t[s.start..s.content_end]).collect();
        assert_eq!(l, ["一", "二", "三", "四"]);
        assert_eq!(split_lines("a\n").len(), 2);
        assert_eq!(split_lines("").len(), 1);
    }

    #[test]
    fn columns_in_three_encodings() {
        let line = "共有𠀀个😀民族";
        // byte offset of 个
        let b = "共有𠀀".len();
        assert_eq!(col_of_byte(line, b, Encoding::Utf8), 10);
        assert_eq!(col_of_byte(line, b, Encoding::Utf16), 4);
        assert_eq!(col_of_byte(line, b, Encoding::Utf32), 3);
        assert_eq!(byte_of_col(line, 4, Encoding::Utf16), b);
        assert_eq!(byte_of_col(line, 3, Encoding::Utf32), b);
        // inside the surrogate pair of 𠀀 resolves to its start
        assert_eq!(byte_of_col(line, 3, Encoding::Utf16), "共有".len());
        // inside a UTF-8 sequence
        assert_eq!(byte_of_col(line, 1, Encoding::Utf8), 0);
        // past the end
        assert_eq!(byte_of_col(line, 999, Encoding::Utf16), line.len());
        assert_eq!(col_of_byte(line, 999, Encoding::Utf32), 7);
    }

    #[test]
    fn crlf_and_clamping() {
        let t = "甲乙\r\n丙\r\n";
        let idx = LineIndex::new(t);
        assert_eq!(idx.line_count(), 3);
        let p = idx.position(t, t.find('丙').unwrap(), Encoding::Utf16);
        assert_eq!(p, Position::new(1, 0));
        // offset inside the \r\n maps to end of content
        assert_eq!(idx.position(t, 7, Encoding::Utf16), Position::new(0, 2));
        assert_eq!(idx.offset(t, Position::new(0, 50), Encoding::Utf16), 6);
        assert_eq!(idx.offset(t, Position::new(9, 0), Encoding::Utf16), t.len());
        assert_eq!(idx.position(t, 10_000, Encoding::Utf8), Position::new(2, 0));
    }

    #[test]
    fn bom_is_an_ordinary_zero_width_char() {
        let t = "\u{feff}一是";
        let idx = LineIndex::new(t);
        assert_eq!(idx.position(t, t.len(), Encoding::Utf16), Position::new(0, 3));
    }

    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec!["a", "中", "文", "，", "𠀀", "😀", "\n", "\r\n", "\r", " ", "%", "X", "\u{feff}"])
    }

    proptest! {
        /// The same lines, line ends and contents as the rope the server edits (\n, \r\n
        /// and a lone \r each end a line), and as a byte-by-byte reference.
        #[test]
        fn split_lines_agrees_with_the_rope(pieces in prop::collection::vec(piece(), 0..80)) {
            let text: String = pieces.concat();
            let spans = split_lines(&text);
            let rope = ropey::Rope::from_str(&text);
            prop_assert_eq!(spans.len(), rope.len_lines());
            for (i, s) in spans.iter().enumerate() {
                prop_assert_eq!(s.start, rope.line_to_byte(i));
                let line = rope.line(i).to_string();
                prop_assert_eq!(&text[s.start..s.end], line.as_str());
                let content = line.strip_suffix('\n').unwrap_or(&line);
                let content = content.strip_suffix('\r').unwrap_or(content);
                prop_assert_eq!(&text[s.start..s.content_end], content);
            }
        }

        #[test]
        fn every_char_boundary_round_trips(pieces in prop::collection::vec(piece(), 0..60)) {
            let text: String = pieces.concat();
            let idx = LineIndex::new(&text);
            for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                for (off, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
                    let span = idx.line(idx.line_of(off));
                    // offsets inside a line end are not positions of their own
                    if off > span.content_end { continue; }
                    let pos = idx.position(&text, off, enc);
                    prop_assert_eq!(idx.offset(&text, pos, enc), off);
                }
            }
        }

        #[test]
        fn arbitrary_positions_never_panic_and_land_on_boundaries(
            pieces in prop::collection::vec(piece(), 0..40), line in 0u32..50, col in 0u32..200
        ) {
            let text: String = pieces.concat();
            let idx = LineIndex::new(&text);
            for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                let off = idx.offset(&text, Position::new(line, col), enc);
                prop_assert!(text.is_char_boundary(off));
                let back = idx.position(&text, off, enc);
                prop_assert!(back.line <= line);
            }
        }
    }
}
