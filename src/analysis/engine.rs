//! The pipeline: a per-line pass whose results are kept per line (keyed by the line's
//! content), then document passes over the compact per-line facts.
//!
//! Why per line: an edit touches one or a few lines. Keeping each line's findings and facts
//! means an edit re-runs the local rules on the touched lines only; the document passes
//! (boilerplate blocks, heading structure, enumerations, consistency counts) read the facts,
//! which are small, never the raw text. `analyze` runs the same code from scratch.

use std::sync::Arc;

use super::config::Config;
use super::diagnostic::{Category, Finding};
pub use super::pass::{DocCtx, DocResult, LineCtx, LineFacts, LineResult};
use super::rules::{SharedScan, FAMILIES};

/// Runs the local rules on one line.
pub fn analyze_line(text: &str, config: &Config) -> LineResult {
    let ctx = LineCtx { text, config };
    let mut findings = Vec::new();
    let facts = check_line(&ctx, &mut findings);
    if !config.ignore_phrases.is_empty() && !findings.is_empty() {
        // One pass of the phrases' automaton over the line, however many phrases there are.
        let ranges = findings.iter().map(|f| {
            let (s, e) = (f.span.start.col as usize, f.span.end.col as usize);
            // A finding over several lines is never inside a phrase.
            if f.span.start.line == f.span.end.line {
                (s, e)
            } else {
                (usize::MAX, usize::MAX)
            }
        });
        let inside = config.ignore_phrases.covers(text, ranges);
        let mut k = 0;
        findings.retain(|_| {
            k += 1;
            !inside.get(k - 1).copied().unwrap_or(false)
        });
    }
    // Kept for the whole draft: no room for findings that never come (a line's vector grows
    // to four at its first finding; a draft of many short lines holds a lot of them).
    findings.shrink_to_fit();
    LineResult { findings, facts }
}

/// Runs every family's local checks on one line, in family order.
fn check_line(ctx: &LineCtx, out: &mut Vec<Finding>) -> LineFacts {
    let text = ctx.text;
    let is_empty = text.trim().is_empty();
    let bytes = u32::try_from(text.len()).unwrap_or(u32::MAX);
    if is_empty {
        let chars = u32::try_from(text.chars().count()).unwrap_or(u32::MAX);
        return LineFacts { is_empty, chars, bytes, ..LineFacts::default() };
    }
    let scan = SharedScan::of(text);
    let mut facts = LineFacts { is_empty, chars: scan.chars, bytes, table: scan.table, ..LineFacts::default() };
    for family in FAMILIES {
        family.check_line_into(ctx, &scan, out, &mut facts);
    }
    // a suppression comment holds “lectern-”; '-' is rare in Chinese text and memchr is cheap
    if memchr::memchr(b'-', text.as_bytes()).is_some() && text.contains("lectern-") {
        facts.suppression = super::suppression::parse(text).map(Box::new);
    }
    facts
}

/// Texts from this size up have their lines analysed on all available cores.
const PARALLEL_FROM: usize = 128 * 1024;

/// Runs the local rules on every line of `text` (split into `spans`). A large text's lines are
/// shared among the available cores (rayon; one core when the process is pinned to one): the
/// results are the same, in the same order. O(text) work in all.
///
/// Empty lines (a draft's paragraphs are often separated by them) share one result: a line's
/// result depends on its content only.
pub fn analyze_lines(text: &str, spans: &[crate::text::LineSpan], config: &Config) -> Vec<Arc<LineResult>> {
    let empty = EmptyLine::new(config);
    let one = |s: &crate::text::LineSpan| empty.analyze(text.get(s.start..s.content_end).unwrap_or(""), config);
    // One worker thread (a process pinned to one core) would only add a thread hop.
    if text.len() < PARALLEL_FROM || rayon::current_num_threads() < 2 {
        return spans.iter().map(one).collect();
    }
    use rayon::prelude::*;
    spans.par_iter().with_min_len(256).map(one).collect()
}

/// The result of an empty line, analysed once and shared by every empty line of a text (a
/// large draft's empty lines would otherwise each hold a result of several hundred bytes).
pub struct EmptyLine(Arc<LineResult>);

impl EmptyLine {
    pub fn new(config: &Config) -> EmptyLine {
        EmptyLine(Arc::new(analyze_line("", config)))
    }
    /// The shared result of an empty line.
    pub fn shared(&self) -> Arc<LineResult> {
        self.0.clone()
    }
    /// The result of a line with content `text`: the shared one when it is empty.
    pub fn analyze(&self, text: &str, config: &Config) -> Arc<LineResult> {
        if text.is_empty() {
            self.0.clone()
        } else {
            Arc::new(analyze_line(text, config))
        }
    }
}

/// Runs the document passes over per-line results.
pub fn analyze_document<'a>(
    lines: &'a [Arc<LineResult>],
    config: &'a Config,
    line_text: &'a dyn Fn(usize) -> String,
) -> DocResult {
    analyze_document_opts(lines, config, line_text, true)
}

/// [`analyze_document`], building the outline only when `with_outline` (the language server
/// publishes findings on every keystroke and needs the outline only when asked for it).
pub fn analyze_document_opts<'a>(
    lines: &'a [Arc<LineResult>],
    config: &'a Config,
    line_text: &'a dyn Fn(usize) -> String,
    with_outline: bool,
) -> DocResult {
    analyze_document_memo(lines, config, line_text, with_outline, None)
}

/// What the previous run of the document passes saw and found, so that a keystroke that
/// changes none of a pass's inputs reuses its findings instead of running it again.
///
/// Only the families that say so ([`crate::analysis::rules::Family::memoised`]) are memoised:
/// their document pass reads only the line facts that
/// [`crate::analysis::rules::Family::inputs_changed`] compares, the mask of non-speech lines
/// and the configuration. Lines whose result is the very same `Arc` as last time are
/// unchanged; for the others the family is asked whether its inputs changed. A reused result
/// is, by construction, what running the pass would give (the differential tests compare
/// incremental and fresh analyses).
#[derive(Debug, Default)]
pub struct PassMemo {
    config: String,
    lines: Vec<Arc<LineResult>>,
    /// One entry per family (in [`FAMILIES`] order); `None` for a family not memoised or not
    /// run yet.
    passes: Vec<Option<MemoEntry>>,
}

/// What one memoised family's document pass saw (the mask) and gave.
#[derive(Debug)]
struct MemoEntry {
    mask: Vec<bool>,
    findings: Arc<Vec<Finding>>,
    marked: Option<Vec<bool>>,
}

/// [`analyze_document_opts`] with an optional memo of the previous run.
pub fn analyze_document_memo<'a>(
    lines: &'a [Arc<LineResult>],
    config: &'a Config,
    line_text: &'a dyn Fn(usize) -> String,
    with_outline: bool,
    memo: Option<&std::sync::Mutex<PassMemo>>,
) -> DocResult {
    let mut guard = memo.and_then(|m| m.lock().ok());
    let config_key = if guard.is_some() { format!("{config:?}") } else { String::new() };
    let valid = guard.as_deref().is_some_and(|m| m.config == config_key && m.lines.len() == lines.len());
    let mut mask: Vec<bool> = Vec::new();
    let mut families = Vec::with_capacity(FAMILIES.len());
    for (k, family) in FAMILIES.iter().enumerate() {
        let memoised = guard.is_some() && family.memoised();
        let reused = match guard.as_deref() {
            Some(m) if memoised && valid => m.passes.get(k).and_then(Option::as_ref).filter(|e| {
                e.mask == mask
                    && m.lines
                        .iter()
                        .zip(lines)
                        .all(|(a, b)| Arc::ptr_eq(a, b) || !family.inputs_changed(&a.facts, &b.facts))
            }),
            _ => None,
        };
        let (findings, marked) = match reused {
            Some(e) => (e.findings.clone(), e.marked.clone()),
            None => {
                let ctx = DocCtx { lines, config, line_text, boilerplate_lines: &mask };
                let mut out = Vec::new();
                let marked = family.check_document(&ctx, &mut out);
                (Arc::new(out), marked)
            }
        };
        if memoised {
            if let Some(m) = guard.as_deref_mut() {
                if m.passes.len() <= k {
                    m.passes.resize_with(k + 1, || None);
                }
                if let Some(slot) = m.passes.get_mut(k) {
                    *slot = Some(MemoEntry { mask: mask.clone(), findings: findings.clone(), marked: marked.clone() });
                }
            }
        }
        if let Some(marked) = marked {
            mask.resize(lines.len(), false);
            for (m, x) in mask.iter_mut().zip(marked) {
                *m |= x;
            }
        }
        families.push(findings);
    }
    if let Some(m) = guard.as_deref_mut() {
        m.config = config_key;
        // Renew the memo's lines in place: only the lines that changed are swapped.
        if m.lines.len() == lines.len() {
            for (a, b) in m.lines.iter_mut().zip(lines) {
                if !Arc::ptr_eq(a, b) {
                    *a = b.clone();
                }
            }
        } else {
            m.lines = lines.to_vec();
        }
    }
    drop(guard);
    let ctx = DocCtx { lines, config, line_text, boilerplate_lines: &mask };
    let outline =
        if with_outline { FAMILIES.iter().find_map(|f| f.outline(&ctx)).unwrap_or_default() } else { Vec::new() };
    DocResult { families, outline, boilerplate_lines: mask }
}

/// A finding as the engine publishes it, without copying it: a finding of a line's local
/// pass (`origin` names the line and its index there) or of a document pass, moved down by
/// `line_offset` lines, with its configured severity. [`Placed::to_finding`] gives the owned
/// finding [`assemble`] returns; the language server serialises placed findings directly, so a
/// keystroke on a large draft does not clone thousands of findings.
#[derive(Clone, Copy, Debug)]
pub struct Placed<'a> {
    pub finding: &'a Finding,
    pub line_offset: u32,
    pub severity: super::diagnostic::Severity,
    /// `(line, index in that line's findings)` for a local finding.
    pub origin: Option<(u32, u32)>,
}

impl Placed<'_> {
    pub fn span(&self) -> super::diagnostic::Span {
        self.finding.span.at_line_offset(self.line_offset)
    }
    pub fn to_finding(&self) -> Finding {
        let mut f = self.finding.clone().at_line_offset(self.line_offset);
        f.severity = self.severity;
        f
    }
    fn key(&self) -> (super::diagnostic::Span, super::registry::Rule) {
        (self.span(), self.finding.rule)
    }
    fn same(&self, other: &Placed) -> bool {
        self.key() == other.key()
            && self.severity == other.severity
            && self.finding.message == other.finding.message
            && (self.line_offset == other.line_offset && self.finding == other.finding
                || self.to_finding() == other.to_finding())
    }
}

/// What [`assemble_placed`] gives: placed findings, or, when the draft has suppression
/// comments (which rewrite the list), owned findings.
pub enum Assembled<'a> {
    Placed(Vec<Placed<'a>>),
    Owned(Vec<Finding>),
}

/// Puts local and document findings together: moves local findings to their lines, drops
/// findings inside boilerplate (a blank in a site's footer is not the speech's blank), drops
/// disabled rules, applies configured severities, sorts by position then code.
pub fn assemble(lines: &[Arc<LineResult>], doc: &DocResult, config: &Config) -> Vec<Finding> {
    match assemble_placed(lines, doc, config) {
        Assembled::Placed(p) => p.iter().map(Placed::to_finding).collect(),
        Assembled::Owned(v) => v,
    }
}

/// Spans of one line, asked whether one of them holds a range: O(log n) per question (a
/// long line can hold many thousands of boilerplate spans and findings).
struct Covering {
    /// (start, the furthest end of the spans starting at or before it), by start.
    reach: Vec<(u32, u32)>,
}

impl Covering {
    fn new(spans: impl Iterator<Item = (u32, u32)>) -> Covering {
        let mut v: Vec<(u32, u32)> = spans.collect();
        v.sort_unstable();
        let mut far = 0;
        let reach = v
            .into_iter()
            .map(|(s, e)| {
                far = far.max(e);
                (s, far)
            })
            .collect();
        Covering { reach }
    }
    fn covers(&self, s: u32, e: u32) -> bool {
        let k = self.reach.partition_point(|&(start, _)| start <= s);
        k.checked_sub(1).and_then(|k| self.reach.get(k)).is_some_and(|&(_, far)| e <= far)
    }
}

/// [`assemble`] without copying the findings (the same list, in the same order).
pub fn assemble_placed<'a>(lines: &'a [Arc<LineResult>], doc: &'a DocResult, config: &Config) -> Assembled<'a> {
    let mut out: Vec<Placed<'a>> = Vec::new();
    // Inline boilerplate spans (line, start, end), in line order, to drop findings inside them.
    let mut bp_spans: Vec<(u32, u32, u32)> = Vec::new();
    let mut directives: Vec<(u32, &super::suppression::Directive)> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let line = u32::try_from(i).unwrap_or(u32::MAX);
        if let Some(d) = l.facts.suppression.as_deref() {
            directives.push((line, d));
        }
        if l.findings.is_empty() {
            continue;
        }
        let masked = doc.boilerplate_lines.get(i).copied().unwrap_or(false);
        let first_span = bp_spans.len();
        for f in &l.findings {
            if f.rule.category() == Category::Boilerplate && config.is_enabled(f.rule) {
                bp_spans.push((line, f.span.start.col, f.span.end.col));
            }
        }
        let here = Covering::new(bp_spans.get(first_span..).unwrap_or(&[]).iter().map(|&(_, s, e)| (s, e)));
        for (k, f) in l.findings.iter().enumerate() {
            if !config.is_enabled(f.rule) {
                continue;
            }
            // Lost text is never hidden, not even among boilerplate.
            if !matches!(f.rule.category(), Category::Boilerplate | Category::Lost)
                && (masked || here.covers(f.span.start.col, f.span.end.col))
            {
                continue;
            }
            let idx = u32::try_from(k).unwrap_or(u32::MAX);
            out.push(Placed { finding: f, line_offset: line, severity: f.severity, origin: Some((line, idx)) });
        }
    }
    for f in doc.all_findings() {
        if !config.is_enabled(f.rule) {
            continue;
        }
        if f.rule.category() != Category::Boilerplate {
            let line = f.span.start.line;
            if doc.boilerplate_lines.get(line as usize).copied().unwrap_or(false) {
                continue;
            }
            let from = bp_spans.partition_point(|&(l, _, _)| l < line);
            let inside =
                bp_spans.get(from..).unwrap_or(&[]).iter().take_while(|&&(l, _, _)| l == line).any(|&(_, s, e)| {
                    f.span.start.line == f.span.end.line && s <= f.span.start.col && f.span.end.col <= e
                });
            if inside {
                continue;
            }
        }
        out.push(Placed { finding: f, line_offset: 0, severity: f.severity, origin: None });
    }
    for p in &mut out {
        p.severity = config.severity(p.finding.rule);
    }
    // Sorted by (position, code); ties keep their order (the index makes the key unique, so an
    // unstable sort on precomputed keys gives the stable order).
    let mut keyed: Vec<((super::diagnostic::Span, super::registry::Rule, usize), Placed<'a>)> =
        out.into_iter().enumerate().map(|(i, p)| ((p.span(), p.finding.rule, i), p)).collect();
    keyed.sort_unstable_by_key(|k| k.0);
    let mut out: Vec<Placed<'a>> = keyed.into_iter().map(|(_, p)| p).collect();
    out.dedup_by(|b, a| a.same(b));
    if directives.is_empty() {
        return Assembled::Placed(out);
    }
    let mut owned: Vec<Finding> = out.iter().map(Placed::to_finding).collect();
    super::suppression::apply(&mut owned, &directives, config);
    owned.retain(|f| config.is_enabled(f.rule));
    owned.sort_by(|a, b| a.span.cmp(&b.span).then_with(|| a.rule.cmp(&b.rule)));
    Assembled::Owned(owned)
}
