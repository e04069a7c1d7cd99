//! An open draft: its text in a rope and the per-line analysis results, kept in step by
//! incremental edits so that an edit costs work proportional to the edit.
//!
//! Pure and synchronous like the engine; the language server wraps it.

use std::borrow::Cow;
use std::sync::Arc;

use ropey::{Rope, RopeSlice};

use crate::analysis::engine;
use crate::analysis::pass::{DocResult, LineResult};
use crate::analysis::{Config, Finding, LinePos, OutlineItem};
use crate::text::{Encoding, Position};

/// A draft held in a rope, with one analysis result per line.
#[derive(Clone, Debug)]
pub struct Document {
    rope: Rope,
    lines: Vec<Arc<LineResult>>,
    /// The last document-pass results, shared with snapshots (a pure cache: see
    /// [`engine::PassMemo`]).
    memo: Arc<std::sync::Mutex<engine::PassMemo>>,
}

/// Everything published for a document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DocumentAnalysis {
    pub findings: Vec<Finding>,
    pub outline: Vec<OutlineItem>,
}

/// The content of a rope line, without its line end.
fn content(line: RopeSlice<'_>) -> RopeSlice<'_> {
    let n = line.len_chars();
    let mut end = n;
    if end > 0 && line.char(end - 1) == '\n' {
        end -= 1;
    }
    if end > 0 && line.char(end - 1) == '\r' {
        end -= 1;
    }
    line.slice(..end)
}

impl Document {
    pub fn new(text: &str, config: &Config) -> Document {
        let rope = Rope::from_str(text);
        // Lines are split from the string itself (cheaper than walking the rope); the same
        // line ends (\n, \r\n, lone \r) as the rope's.
        let spans = crate::text::split_lines(text);
        if spans.len() == rope.len_lines() {
            let lines = engine::analyze_lines(text, &spans, config);
            return Document { rope, lines, memo: Arc::default() };
        }
        let mut doc = Document { rope, lines: Vec::new(), memo: Arc::default() };
        doc.reanalyze_all(config);
        doc
    }

    /// The per-line analysis results.
    pub fn lines(&self) -> &[Arc<LineResult>] {
        &self.lines
    }

    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    pub fn text(&self) -> String {
        self.rope.to_string()
    }

    pub fn len_lines(&self) -> usize {
        self.rope.len_lines()
    }

    /// The content of line `i` (empty past the end).
    pub fn line_text(&self, i: usize) -> Cow<'_, str> {
        if i >= self.rope.len_lines() {
            return Cow::Borrowed("");
        }
        let line = self.rope.line(i);
        if let Some(s) = line.as_str() {
            // Fast path (the line lies in one chunk): the same trimming as `content`.
            let s = s.strip_suffix('\n').unwrap_or(s);
            return Cow::Borrowed(s.strip_suffix('\r').unwrap_or(s));
        }
        let c = content(line);
        match c.as_str() {
            Some(s) => Cow::Borrowed(s),
            None => Cow::Owned(c.to_string()),
        }
    }

    /// Re-runs the local rules on every line (after a configuration change).
    pub fn reanalyze_all(&mut self, config: &Config) {
        let n = self.rope.len_lines();
        let mut lines = Vec::with_capacity(n);
        // One pass over the rope's lines (no per-line descent from the root).
        for line in self.rope.lines() {
            let t: Cow<'_, str> = match line.as_str() {
                Some(s) => {
                    let s = s.strip_suffix('\n').unwrap_or(s);
                    Cow::Borrowed(s.strip_suffix('\r').unwrap_or(s))
                }
                None => Cow::Owned(content(line).to_string()),
            };
            lines.push(Arc::new(engine::analyze_line(&t, config)));
        }
        if lines.len() != n {
            // Never expected (ropey's `lines()` yields `len_lines()` lines); stay exact anyway.
            lines.clear();
            for i in 0..n {
                let t = self.line_text(i);
                lines.push(Arc::new(engine::analyze_line(&t, config)));
            }
        }
        self.lines = lines;
    }

    /// Replaces the whole text.
    pub fn replace_all(&mut self, text: &str, config: &Config) {
        *self = Document::new(text, config);
    }

    /// The char index of `pos` (clamped: a line past the end is the end of the text, a column
    /// past a line's content is the end of that content, a column inside a character is that
    /// character's start).
    pub fn char_of(&self, pos: Position, enc: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.rope.len_lines() {
            return self.rope.len_chars();
        }
        let start = self.rope.line_to_char(line);
        let c = content(self.rope.line(line));
        let col = pos.col as usize;
        let within = match enc {
            Encoding::Utf32 => col.min(c.len_chars()),
            Encoding::Utf16 => c.utf16_cu_to_char(col.min(c.len_utf16_cu())),
            Encoding::Utf8 => c.byte_to_char(col.min(c.len_bytes())),
        };
        start + within
    }

    /// The position of a char index in `enc` units.
    pub fn position_of_char(&self, ch: usize, enc: Encoding) -> Position {
        let ch = ch.min(self.rope.len_chars());
        let line = self.rope.char_to_line(ch);
        let within = ch - self.rope.line_to_char(line);
        let c = content(self.rope.line(line));
        let within = within.min(c.len_chars());
        let col = match enc {
            Encoding::Utf32 => within,
            Encoding::Utf16 => c.char_to_utf16_cu(within),
            Encoding::Utf8 => c.char_to_byte(within),
        };
        Position::new(u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(col).unwrap_or(u32::MAX))
    }

    /// Converts an engine position (line, byte column) to `enc` units.
    pub fn position_of(&self, pos: LinePos, enc: Encoding) -> Position {
        let line = pos.line as usize;
        if line >= self.rope.len_lines() {
            // `(last + 1, 0)` is the end of the text.
            return self.position_of_char(self.rope.len_chars(), enc);
        }
        if enc == Encoding::Utf8 {
            let len = content(self.rope.line(line)).len_bytes();
            return Position::new(pos.line, pos.col.min(u32::try_from(len).unwrap_or(u32::MAX)));
        }
        let c = content(self.rope.line(line));
        let byte = (pos.col as usize).min(c.len_bytes());
        let ch = c.byte_to_char(byte);
        let col = match enc {
            Encoding::Utf32 => ch,
            _ => c.char_to_utf16_cu(ch),
        };
        Position::new(pos.line, u32::try_from(col).unwrap_or(u32::MAX))
    }

    /// Applies one change: `range` in `enc` units, or `None` for the whole text. Positions are
    /// clamped (see [`Document::char_of`]); a reversed range is taken in order.
    pub fn apply_change(
        &mut self,
        range: Option<(Position, Position)>,
        new_text: &str,
        enc: Encoding,
        config: &Config,
    ) {
        let Some((a, b)) = range else {
            self.replace_all(new_text, config);
            return;
        };
        let (mut s, mut e) = (self.char_of(a, enc), self.char_of(b, enc));
        if s > e {
            std::mem::swap(&mut s, &mut e);
        }
        let old_len = self.rope.len_lines();
        let start_line = self.rope.char_to_line(s);
        let old_end_line = self.rope.char_to_line(e);
        self.rope.remove(s..e);
        self.rope.insert(s, new_text);
        let new_len = self.rope.len_lines();
        // Lines outside [first, old_last] are unchanged; a line end merged or split at either
        // edge of the edit (\r + \n) is covered by one line of margin on each side.
        let first = start_line.saturating_sub(1);
        let old_last = (old_end_line + 1).min(old_len.saturating_sub(1));
        let tail = old_len - 1 - old_last; // lines after old_last, unchanged
        let new_last = new_len.saturating_sub(1).saturating_sub(tail);
        let mut fresh = Vec::with_capacity(new_last.saturating_sub(first) + 1);
        for i in first..=new_last.max(first).min(new_len.saturating_sub(1)) {
            let t = self.line_text(i);
            fresh.push(Arc::new(engine::analyze_line(&t, config)));
        }
        let old_range_end = (old_last + 1).min(self.lines.len());
        let first = first.min(old_range_end);
        self.lines.splice(first..old_range_end, fresh);
        debug_assert_eq!(self.lines.len(), self.rope.len_lines());
        if self.lines.len() != self.rope.len_lines() {
            // Never expected; recover rather than drift.
            self.reanalyze_all(config);
        }
    }

    /// The engine position (line, byte column within the line's content) of `pos` in `enc`
    /// units, clamped like [`Document::char_of`].
    pub fn line_pos_of(&self, pos: Position, enc: Encoding) -> LinePos {
        let ch = self.char_of(pos, enc);
        let line = self.rope.char_to_line(ch);
        let col = self.rope.char_to_byte(ch) - self.rope.line_to_byte(line);
        LinePos::new(u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(col).unwrap_or(u32::MAX))
    }

    /// The position, in `enc` units, of a byte offset into the text (clamped to the text and
    /// floored to a char boundary).
    pub fn position_of_byte(&self, byte: usize, enc: Encoding) -> Position {
        let byte = byte.min(self.rope.len_bytes());
        self.position_of_char(self.rope.byte_to_char(byte), enc)
    }

    /// The local-pass result of line `i`. An unchanged line keeps the same `Arc` across
    /// edits, so its identity tells callers that the line's text has not changed.
    pub fn line_result(&self, i: usize) -> Option<&Arc<LineResult>> {
        self.lines.get(i)
    }

    /// The local-pass facts of line `i` (heading marker, emptiness, lengths).
    pub fn line_facts(&self, i: usize) -> Option<&crate::analysis::pass::LineFacts> {
        self.lines.get(i).map(|l| &l.facts)
    }

    /// The heading marker line `i` opens with, if any (its level and where the marker is).
    pub fn heading_at(&self, i: usize) -> Option<crate::analysis::pass::HeadingAt> {
        self.lines.get(i).and_then(|l| l.facts.heading_at())
    }

    /// Every finding, as [`Document::analysis`] gives them, without building the outline.
    pub fn findings(&self, config: &Config) -> Vec<Finding> {
        let line_text = |i: usize| self.line_text(i).into_owned();
        let doc: DocResult = engine::analyze_document_memo(&self.lines, config, &line_text, false, Some(&self.memo));
        engine::assemble(&self.lines, &doc, config)
    }

    /// Calls `f` with every finding, placed (see [`engine::Placed`]): the list
    /// [`Document::findings`] gives, in the same order, without copying the findings.
    pub fn with_placed<R>(&self, config: &Config, f: impl FnOnce(&[engine::Placed<'_>]) -> R) -> R {
        let line_text = |i: usize| self.line_text(i).into_owned();
        let doc: DocResult = engine::analyze_document_memo(&self.lines, config, &line_text, false, Some(&self.memo));
        match engine::assemble_placed(&self.lines, &doc, config) {
            engine::Assembled::Placed(p) => f(&p),
            engine::Assembled::Owned(v) => {
                let p: Vec<engine::Placed<'_>> = v
                    .iter()
                    .map(|x| engine::Placed { finding: x, line_offset: 0, severity: x.severity, origin: None })
                    .collect();
                f(&p)
            }
        }
    }

    /// The content of line `i` when the per-line results are in step with the rope (always,
    /// outside `apply_change`), found with two index look-ups instead of a rope slice.
    /// Same result as [`Document::line_text`].
    pub fn line_text_fast(&self, i: usize) -> Cow<'_, str> {
        if let Some(l) = self.lines.get(i) {
            if i < self.rope.len_lines() {
                let start = self.rope.line_to_byte(i);
                let (chunk, chunk_start, _, _) = self.rope.chunk_at_byte(start);
                let off = start - chunk_start;
                if let Some(s) = chunk.get(off..off + l.facts.bytes as usize) {
                    return Cow::Borrowed(s);
                }
            }
        }
        self.line_text(i)
    }

    /// Length statistics from an analysis of this document (no second analysis).
    pub fn stats(&self, analysis: &DocumentAnalysis, config: &Config) -> crate::analysis::stats::Stats {
        let text = self.text();
        let spans = crate::text::split_lines(&text);
        let skip: Vec<(usize, usize)> = analysis
            .findings
            .iter()
            .filter(|f| f.rule.category() == crate::analysis::Category::Boilerplate)
            .map(|f| {
                let r = crate::analysis::span_range(f.span, &spans, &text);
                (r.start, r.end)
            })
            .collect();
        crate::analysis::stats::stats_with(&text, skip, &analysis.outline, config)
    }

    /// Runs the document passes and returns every finding and the outline.
    pub fn analysis(&self, config: &Config) -> DocumentAnalysis {
        let line_text = |i: usize| self.line_text(i).into_owned();
        let doc: DocResult = engine::analyze_document(&self.lines, config, &line_text);
        let findings = engine::assemble(&self.lines, &doc, config);
        DocumentAnalysis { findings, outline: doc.outline }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;
    use proptest::prelude::*;

    fn same_as_fresh(doc: &Document, config: &Config) {
        assert_eq!(doc.findings(config), doc.analysis(config).findings);
        for i in 0..doc.len_lines() + 1 {
            assert_eq!(doc.line_text_fast(i), doc.line_text(i));
        }
        let text = doc.text();
        let fresh = Document::new(&text, config);
        assert_eq!(doc.lines, fresh.lines, "per-line results drifted for {text:?}");
        let a = doc.analysis(config);
        let spans: Vec<_> = analyze(&text, config).diagnostics.iter().map(|d| d.span).collect();
        assert_eq!(a.findings.iter().map(|f| f.span).collect::<Vec<_>>(), spans);
    }

    #[test]
    fn edits_across_crlf_keep_lines_in_step() {
        let c = Config::default();
        let mut d = Document::new("一、甲\r\n三、乙\r丙", &c);
        d.apply_change(Some((Position::new(0, 3), Position::new(0, 3))), "\r", Encoding::Utf16, &c);
        same_as_fresh(&d, &c);
        d.apply_change(Some((Position::new(1, 0), Position::new(1, 0))), "\n", Encoding::Utf16, &c);
        same_as_fresh(&d, &c);
        d.apply_change(Some((Position::new(0, 0), Position::new(9, 9))), "共有个民族，占%", Encoding::Utf8, &c);
        assert_eq!(d.text(), "共有个民族，占%");
        same_as_fresh(&d, &c);
    }

    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "一、",
            "二、",
            "（一）",
            "占",
            "%",
            "*",
            "𠀀",
            "😀",
            "\n",
            "\r\n",
            "\r",
            " ",
            "X",
            "上一篇:",
            "同志们：",
        ])
    }

    proptest! {
        #[test]
        fn random_edits_match_a_string_model_and_a_fresh_analysis(
            init in prop::collection::vec(piece(), 0..20),
            edits in prop::collection::vec((0u32..6, 0u32..12, 0u32..6, 0u32..12, prop::collection::vec(piece(), 0..4), 0usize..3), 1..12)
        ) {
            let c = Config::default();
            let mut text: String = init.concat();
            let mut doc = Document::new(&text, &c);
            for (l1, c1, l2, c2, ins, enc) in edits {
                let enc = [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32][enc];
                let ins = ins.concat();
                // model: the same clamping through LineIndex on the String
                let idx = crate::text::LineIndex::new(&text);
                let mut a = idx.offset(&text, Position::new(l1, c1), enc);
                let mut b = idx.offset(&text, Position::new(l2, c2), enc);
                if a > b { std::mem::swap(&mut a, &mut b); }
                text.replace_range(a..b, &ins);
                doc.apply_change(Some((Position::new(l1, c1), Position::new(l2, c2))), &ins, enc, &c);
                prop_assert_eq!(doc.text(), text.clone());
            }
            same_as_fresh(&doc, &c);
        }
    }
    proptest! {
        /// The memo of the document passes never changes a result: after every edit (and a
        /// change of locale half way), the findings equal a fresh analysis of the text.
        #[test]
        fn memoised_document_passes_equal_fresh_analysis_after_every_edit(
            edits in prop::collection::vec((0u32..8, 0u32..6, prop::collection::vec(piece(), 0..3)), 1..16)
        ) {
            let mut c = Config::default();
            let mut doc = Document::new("在会上的讲话\n同志们：\n一、甲\n（一）乙\n三、丙\n一是抓落实。\n全县推进，全旗推进。\n上一篇:在全市会议上的讲话\n", &c);
            let n = edits.len();
            for (k, (line, col, ins)) in edits.into_iter().enumerate() {
                if k == n / 2 {
                    c = Config::default().with_locale(crate::analysis::Locale::En);
                    doc.reanalyze_all(&c);
                }
                let at = Position::new(line, col);
                doc.apply_change(Some((at, at)), &ins.concat(), Encoding::Utf32, &c);
                let fresh: Vec<_> = analyze(&doc.text(), &c).diagnostics.into_iter().map(|d| (d.span, d.message)).collect();
                let got: Vec<_> = doc.findings(&c).into_iter().map(|f| (f.span, f.message)).collect();
                prop_assert_eq!(got, fresh);
            }
        }
    }
}
