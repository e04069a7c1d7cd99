//! What the engine reports: findings, severities, categories, fixes.

use serde::Serialize;

use super::registry::Rule;
use crate::text::TextRange;

/// How serious a finding is. Rules carry a default; configuration may override it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }
    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" | "information" => Some(Severity::Info),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

/// The family of defect a finding belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// An unfilled slot: a missing figure, date or name, or a placeholder.
    Blank,
    /// Text that was lost: a marked hole where a truncation note was, text that stops
    /// mid-sentence.
    Lost,
    /// A heading or enumeration sequence that skips, repeats or mis-nests.
    Numbering,
    /// Text that is not part of the speech: site chrome, paywall notes, URLs.
    Boilerplate,
    /// Half-width punctuation in Chinese text, mis-punctuated heading markers.
    Punctuation,
    /// Traces of another template: administrative levels, years.
    Consistency,
    /// Length and speaking time.
    Length,
    /// Problems with lectern's own configuration or suppression comments.
    Meta,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Blank => "blank",
            Category::Numbering => "numbering",
            Category::Boilerplate => "boilerplate",
            Category::Punctuation => "punctuation",
            Category::Consistency => "consistency",
            Category::Length => "length",
            Category::Meta => "meta",
            Category::Lost => "lost",
        }
    }
}

/// A position as a zero-based line and a byte column within that line's content.
/// The engine works in these so that results can be kept per line and shifted by edits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LinePos {
    pub line: u32,
    pub col: u32,
}

impl LinePos {
    pub fn new(line: u32, col: u32) -> Self {
        LinePos { line, col }
    }
}

/// A half-open range between two [`LinePos`]. A range that ends at `(line + 1, 0)` covers
/// `line`'s line end too (used to delete whole lines).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: LinePos,
    pub end: LinePos,
}

impl Span {
    /// A range within one line, by byte columns.
    pub fn in_line(line: u32, start: usize, end: usize) -> Span {
        let s = u32::try_from(start).unwrap_or(u32::MAX);
        let e = u32::try_from(end.max(start)).unwrap_or(u32::MAX);
        Span { start: LinePos::new(line, s), end: LinePos::new(line, e) }
    }
    pub fn new(start: LinePos, end: LinePos) -> Span {
        if start <= end {
            Span { start, end }
        } else {
            Span { start: end, end: start }
        }
    }
    /// Whole lines `first..=last` including the last line's line end.
    pub fn lines(first: u32, last: u32) -> Span {
        Span { start: LinePos::new(first, 0), end: LinePos::new(last.saturating_add(1), 0) }
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    /// The same span moved down by `by` lines (local results are computed at line 0).
    pub fn at_line_offset(self, by: u32) -> Span {
        Span {
            start: LinePos::new(self.start.line.saturating_add(by), self.start.col),
            end: LinePos::new(self.end.line.saturating_add(by), self.end.col),
        }
    }
}

/// Whether a fix may be applied without a human looking at it (ruff's contract).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Keeps the meaning of the speech; applied by `--fix` and fix-all.
    Safe,
    /// May change meaning or drop text; offered, applied only on request.
    Unsafe,
    /// Shown to the user, never applied.
    DisplayOnly,
}

/// What a rule promises about fixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixAvailability {
    None,
    Sometimes,
    Always,
}

/// One replacement of a span of text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SpanEdit {
    pub span: Span,
    pub new_text: String,
}

/// A titled set of edits that repairs a finding.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SpanFix {
    pub title: String,
    pub edits: Vec<SpanEdit>,
    pub applicability: Applicability,
}

/// A pointer to another place that explains a finding (a skipped heading's previous sibling).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SpanRelated {
    pub span: Span,
    pub message: String,
}

/// A finding as rules produce it, in line coordinates. Local (per-line) rules produce them at
/// line 0 and the engine moves them to their line.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Finding {
    pub rule: Rule,
    pub span: Span,
    pub severity: Severity,
    pub message: String,
    pub fix: Option<SpanFix>,
    pub related: Vec<SpanRelated>,
}

impl Finding {
    /// A finding with the rule's default severity; the engine applies configured overrides.
    pub fn new(rule: Rule, span: Span, message: impl Into<String>) -> Finding {
        Finding {
            rule,
            span,
            severity: rule.default_severity(),
            message: message.into(),
            fix: None,
            related: Vec::new(),
        }
    }
    pub fn with_fix(mut self, fix: SpanFix) -> Finding {
        self.fix = Some(fix);
        self
    }
    pub fn with_related(mut self, span: Span, message: impl Into<String>) -> Finding {
        self.related.push(SpanRelated { span, message: message.into() });
        self
    }
    pub fn at_line_offset(mut self, by: u32) -> Finding {
        self.span = self.span.at_line_offset(by);
        if let Some(fix) = &mut self.fix {
            for e in &mut fix.edits {
                e.span = e.span.at_line_offset(by);
            }
        }
        for r in &mut self.related {
            r.span = r.span.at_line_offset(by);
        }
        self
    }
}

impl SpanFix {
    pub fn new(title: impl Into<String>, applicability: Applicability) -> SpanFix {
        SpanFix { title: title.into(), edits: Vec::new(), applicability }
    }
    pub fn edit(mut self, span: Span, new_text: impl Into<String>) -> SpanFix {
        self.edits.push(SpanEdit { span, new_text: new_text.into() });
        self
    }
}

/// A text edit in byte offsets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub range: TextRange,
    pub new_text: String,
}

/// A fix in byte offsets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

/// A related location in byte offsets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Related {
    pub range: TextRange,
    pub message: String,
}

/// A finding in byte offsets, as the public API returns it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: Rule,
    pub range: TextRange,
    pub span: Span,
    pub severity: Severity,
    pub message: String,
    pub fix: Option<Fix>,
    pub related: Vec<Related>,
}

impl Diagnostic {
    pub fn code(&self) -> &'static str {
        self.rule.code()
    }
    pub fn category(&self) -> Category {
        self.rule.category()
    }
}
