//! The analysis engine: a pure, synchronous function from a draft's text (and settings) to
//! findings and an outline. No I/O, no async, no panics on any input.

pub mod config;
pub mod diagnostic;
pub mod engine;
pub mod learn;
pub mod outline;
pub mod pass;
pub mod registry;
pub mod rules;
pub mod stats;
pub mod suppression;
pub(crate) mod util;

use std::sync::Arc;

pub use config::{Config, Locale};

pub use diagnostic::{
    Applicability, Category, Diagnostic, Edit, Finding, Fix, LinePos, Related, Severity, Span, SpanEdit, SpanFix,
};
pub use outline::{OutlineItem, OutlineKind};
pub use registry::{Rule, RuleMeta};

use crate::text::{split_lines, LineSpan, TextRange};

/// The result of analysing a draft.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Analysis {
    /// Findings sorted by position, then code.
    pub diagnostics: Vec<Diagnostic>,
    /// The heading tree.
    pub outline: Vec<OutlineItem>,
    /// A truncation or paywall note shows that text is missing somewhere in the draft.
    pub truncated: bool,
}

/// Analyses a whole text from scratch.
pub fn analyze(text: &str, config: &Config) -> Analysis {
    analyze_opts(text, config, true)
}

/// [`analyze`], building the outline only when `with_outline` (a checker that reports
/// findings does not need it).
pub fn analyze_opts(text: &str, config: &Config, with_outline: bool) -> Analysis {
    let spans = split_lines(text);
    let lines: Vec<Arc<engine::LineResult>> = engine::analyze_lines(text, &spans, config);
    let line_text =
        |i: usize| -> String { spans.get(i).and_then(|s| text.get(s.start..s.content_end)).unwrap_or("").to_string() };
    let doc = engine::analyze_document_opts(&lines, config, &line_text, with_outline);
    let findings = engine::assemble(&lines, &doc, config);
    let diagnostics = findings.into_iter().map(|f| to_diagnostic(f, &spans, text)).collect();
    let truncated = lines.iter().any(|l| l.facts.boilerplate.truncation.is_some());
    Analysis { diagnostics, outline: doc.outline, truncated }
}

/// Builds everything the rules build on first use (word list, tables, compiled patterns and
/// their search caches) by analysing a sample draft that has every kind of defect. A server
/// calls it at start-up so that the first document opened pays only for itself.
pub fn warm_up() {
    static SAMPLE: &str = include_str!("../../examples/scraped-speech.txt");
    let run = || {
        for locale in [Locale::ZhCn, Locale::En] {
            let _ = analyze(SAMPLE, &Config::default().with_locale(locale));
        }
    };
    run();
    // Compiled patterns keep a search cache per thread: warm the threads that analyse the
    // lines of large texts too.
    if rayon::current_num_threads() > 1 {
        rayon::broadcast(|_| run());
    }
}

/// Byte offset of a line position in a text split into `spans`. Clamps a line past the end to
/// the end of the text and a column past the line's content to the content's end, except that
/// `(line, 0)` just past the last line is the end of the text.
pub fn span_offset(pos: LinePos, spans: &[LineSpan], text: &str) -> usize {
    let Some(s) = spans.get(pos.line as usize) else { return text.len() };
    let content = text.get(s.start..s.content_end).unwrap_or("");
    s.start + crate::text::floor_char_boundary(content, pos.col as usize)
}

/// Byte range of a span.
pub fn span_range(span: Span, spans: &[LineSpan], text: &str) -> TextRange {
    TextRange::new(span_offset(span.start, spans, text), span_offset(span.end, spans, text))
}

/// Converts a finding from line coordinates to byte offsets.
pub fn to_diagnostic(f: Finding, spans: &[LineSpan], text: &str) -> Diagnostic {
    let fix = f.fix.map(|fix| Fix {
        title: fix.title,
        applicability: fix.applicability,
        edits: fix
            .edits
            .into_iter()
            .map(|e| Edit { range: span_range(e.span, spans, text), new_text: e.new_text })
            .collect(),
    });
    Diagnostic {
        rule: f.rule,
        range: span_range(f.span, spans, text),
        span: f.span,
        severity: f.severity,
        message: f.message,
        fix,
        related: f
            .related
            .into_iter()
            .map(|r| Related { range: span_range(r.span, spans, text), message: r.message })
            .collect(),
    }
}

/// Applies the edits of `fixes` to `text`. Edits are applied from the end backwards; an edit
/// that overlaps one already taken is skipped together with the rest of its fix, so that a
/// fix is applied whole or not at all. Returns the new text and how many fixes were applied.
pub fn apply_fixes<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> (String, usize) {
    let mut taken: Vec<TextRange> = Vec::new();
    let mut edits: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    for fix in fixes {
        let ok = fix.edits.iter().all(|e| {
            e.range.end <= text.len()
                && text.is_char_boundary(e.range.start)
                && text.is_char_boundary(e.range.end)
                && !taken.iter().any(|t| overlaps(*t, e.range))
        }) && !edits_overlap(&fix.edits);
        if ok {
            taken.extend(fix.edits.iter().map(|e| e.range));
            edits.extend(fix.edits.iter());
            applied += 1;
        }
    }
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        out.push_str(text.get(at..e.range.start).unwrap_or(""));
        out.push_str(&e.new_text);
        at = e.range.end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    (out, applied)
}

fn overlaps(a: TextRange, b: TextRange) -> bool {
    // Two insertions at the same point conflict too (their order would be arbitrary).
    (a.start < b.end && b.start < a.end) || (a.start == b.start && (a.is_empty() || b.is_empty()))
}

fn edits_overlap(edits: &[Edit]) -> bool {
    edits.iter().enumerate().any(|(i, a)| edits.iter().skip(i + 1).any(|b| overlaps(a.range, b.range)))
}

/// Applies every safe fix (and unsafe ones when `unsafe_too`), boilerplate deletions first,
/// round after round until nothing changes (fixes may uncover others; at most 64 rounds).
///
/// Numbering fixes interact (renumbering one heading changes what its siblings should be), so
/// at most one is taken per round. And when the draft carries a truncation note (text was lost
/// somewhere), no numbering fix is taken in a later round that no longer sees a note: once the
/// note has been deleted, that round could not see the loss and would "repair" the numbering
/// over the hole.
/// Returns the new text and the number of fixes applied.
pub fn fix_all(text: &str, config: &Config, unsafe_too: bool) -> (String, usize) {
    let run = fix_all_rounds(text, config, unsafe_too, 64);
    (run.text, run.applied)
}

/// What [`fix_all_rounds`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixRun {
    /// The text after the fixes.
    pub text: String,
    /// Fixes applied in all.
    pub applied: usize,
    /// Rounds that applied fixes.
    pub rounds: usize,
    /// The last analysis offered no fix to take: the text is a fixed point. `false` when the
    /// rounds ran out (fixes that undo each other never get there) or when the fixes offered
    /// changed nothing.
    pub converged: bool,
    /// Codes of the fixes the last round applied (what keeps a run that does not converge
    /// going).
    pub last_round: Vec<&'static str>,
}

/// [`fix_all`] with at most `max_rounds` rounds, saying whether it reached a fixed point.
pub fn fix_all_rounds(text: &str, config: &Config, unsafe_too: bool, max_rounds: usize) -> FixRun {
    let mut current = text.to_string();
    let mut total = 0;
    let mut rounds = 0;
    let mut converged = false;
    let mut last_round = Vec::new();
    let mut initially_truncated = false;
    for round in 0..max_rounds {
        let analysis = analyze(&current, config);
        if round == 0 {
            initially_truncated = analysis.truncated;
        }
        // While a truncation note is still there, the numbering rules see the loss and mark
        // renumbering next to it unsafe themselves.
        let renumber = round == 0 || !initially_truncated || analysis.truncated;
        let takes = |f: &Fix| {
            f.applicability == Applicability::Safe || (unsafe_too && f.applicability == Applicability::Unsafe)
        };
        let mut numbering_taken = !renumber;
        // Deleting boilerplate goes first: it makes fixes to the deleted text moot.
        let mut ordered: Vec<&Diagnostic> = analysis.diagnostics.iter().collect();
        ordered.sort_by_key(|d| d.category() != Category::Boilerplate);
        let mut fixes: Vec<&Fix> = Vec::new();
        let mut codes: Vec<&'static str> = Vec::new();
        for d in ordered {
            let Some(f) = d.fix.as_ref().filter(|f| takes(f)) else { continue };
            if d.category() == Category::Numbering {
                if numbering_taken {
                    continue;
                }
                numbering_taken = true;
            }
            fixes.push(f);
            codes.push(d.code());
        }
        if fixes.is_empty() {
            converged = true;
            break;
        }
        let (next, n) = apply_fixes(&current, fixes);
        if n == 0 || next == current {
            break;
        }
        total += n;
        rounds += 1;
        last_round = codes;
        current = next;
    }
    FixRun { text: current, applied: total, rounds, converged, last_round }
}
