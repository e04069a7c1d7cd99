//! The analysis engine: a pure, synchronous function from a draft's text (and settings) to
//! findings and an outline. No I/O, no async, no panics on any input.

/// The shared test helpers: `check(rule, marked)`, `check_fix(rule, before, after)`,
/// `lines(select, text)`.
#[cfg(test)]
#[path = "../../tests/support/check.rs"]
#[allow(dead_code)] // each test uses some of them
pub(crate) mod check;
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

/// Applies the edits of `fixes` to `text`. Fixes are taken in the order given; an edit that
/// overlaps one already taken is skipped together with the rest of its fix, so that a fix is
/// applied whole or not at all. Returns the new text and how many fixes were applied.
///
/// Cost: O(E log E + n) for E edits on a text of n bytes. The ranges taken so far are kept
/// sorted by start (no two share a start, see [`overlaps`]), so a new edit needs to be compared
/// with its two neighbours only; the text is then rebuilt in one pass.
pub fn apply_fixes<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> (String, usize) {
    let (out, applied, _) = apply_taken(text, fixes);
    (out, applied)
}

/// [`apply_fixes`], also returning the edits applied, sorted: (start, end, length of new text).
fn apply_taken<'a>(
    text: &str,
    fixes: impl IntoIterator<Item = &'a Fix>,
) -> (String, usize, Vec<(usize, usize, usize)>) {
    // start -> (end, edit)
    let mut taken: std::collections::BTreeMap<usize, &Edit> = std::collections::BTreeMap::new();
    let mut applied = 0;
    for fix in fixes {
        let valid = |r: TextRange| {
            r.start <= r.end && r.end <= text.len() && text.is_char_boundary(r.start) && text.is_char_boundary(r.end)
        };
        let ok = fix.edits.iter().all(|e| valid(e.range) && !conflicts_with_taken(&taken, e.range))
            && !edits_overlap(&fix.edits);
        if ok {
            taken.extend(fix.edits.iter().map(|e| (e.range.start, e)));
            applied += 1;
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in taken.values() {
        out.push_str(text.get(at..e.range.start).unwrap_or(""));
        out.push_str(&e.new_text);
        at = e.range.end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    let edits = taken.values().map(|e| (e.range.start, e.range.end, e.new_text.len())).collect();
    (out, applied, edits)
}

fn overlaps(a: TextRange, b: TextRange) -> bool {
    // Two insertions at the same point conflict too (their order would be arbitrary).
    (a.start < b.end && b.start < a.end) || (a.start == b.start && (a.is_empty() || b.is_empty()))
}

/// Whether `r` overlaps a range in `taken` (pairwise non-overlapping, keyed by start). Two
/// such ranges never share a start, and their ends grow with their starts, so only the last
/// range starting at or before `r` and the first starting after it can overlap `r`.
fn conflicts_with_taken(taken: &std::collections::BTreeMap<usize, &Edit>, r: TextRange) -> bool {
    let before = taken.range(..=r.start).next_back();
    let after = taken.range(r.start.saturating_add(1)..).next();
    before.into_iter().chain(after).any(|(_, e)| overlaps(e.range, r))
}

/// Whether two edits of one fix overlap (checked on a sorted copy: neighbours suffice).
fn edits_overlap(edits: &[Edit]) -> bool {
    let mut ranges: Vec<TextRange> = edits.iter().map(|e| e.range).collect();
    ranges.sort_by_key(|r| (r.start, r.end));
    ranges.windows(2).any(|w| matches!(w, [a, b] if overlaps(*a, *b)))
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
///
/// Each round analyses only the lines its edits touched: a line's local results depend on its
/// content alone, so an untouched line keeps them (the document passes, which read compact
/// per-line facts, run every round, memoised where their inputs did not change). Same results
/// as analysing each round from scratch; a round costs O(lines + findings), not a whole
/// analysis, and copies no finding.
///
/// Numbering fixes: besides the first one (the one a round of the one-at-a-time rule takes),
/// a round takes the first numbering fix of every other independent part of the document
/// (see [`NumberingBatch`]), so that a draft made of many speeches, each with its own
/// numbering defect, needs a few rounds rather than one per defect. The result is the one
/// the one-at-a-time rule reaches when given all the rounds it needs.
pub fn fix_all_rounds(text: &str, config: &Config, unsafe_too: bool, max_rounds: usize) -> FixRun {
    let tail = EndShape::of(text);
    fix_all_owned(text.to_string(), tail, config, unsafe_too, max_rounds, false).0
}

/// [`fix_all`] taking the text by value (a large draft is not copied), also giving the
/// findings of the fixed text: the same as `analyze_opts(&run.text, config, false)
/// .diagnostics`, taken from the last round's analysis when that round analysed the final
/// text (so that a command-line `--fix` does not analyse the draft once more).
pub fn fix_all_checked(text: String, config: &Config, unsafe_too: bool) -> (FixRun, Vec<Diagnostic>) {
    let tail = EndShape::of(&text);
    let (run, found) = fix_all_owned(text, tail, config, unsafe_too, 64, true);
    let diagnostics = match found {
        Some(d) => d,
        None => analyze_opts(&run.text, config, false).diagnostics,
    };
    (run, diagnostics)
}

/// A fix offered in a round, as the findings hold it (spans at line 0 for local findings).
struct Offered<'a> {
    rule: registry::Rule,
    fix: &'a SpanFix,
    line_offset: u32,
}

impl Offered<'_> {
    fn edits(&self) -> impl Iterator<Item = Span> + '_ {
        self.fix.edits.iter().map(|e| e.span.at_line_offset(self.line_offset))
    }
}

fn fix_all_owned(
    text: String,
    tail: EndShape,
    config: &Config,
    unsafe_too: bool,
    max_rounds: usize,
    want_findings: bool,
) -> (FixRun, Option<Vec<Diagnostic>>) {
    let mut found = None;
    let mut current = text;
    let mut spans = split_lines(&current);
    let mut lines = engine::analyze_lines(&current, &spans, config);
    let mut total = 0;
    let mut rounds = 0;
    let mut converged = false;
    let mut last_round = Vec::new();
    let mut initially_truncated = false;
    let memo = std::sync::Mutex::new(engine::PassMemo::default());
    // The memo keeps the previous round's line results, so the results of the lines a round
    // rewrote would live on beside their new ones: a large draft does without it (its rounds
    // run the document passes again) and keeps one set of results.
    let memo = (current.len() <= MEMO_UP_TO).then_some(&memo);
    for round in 0..max_rounds {
        let truncated = lines.iter().any(|l| l.facts.boilerplate.truncation.is_some());
        if round == 0 {
            initially_truncated = truncated;
        }
        // While a truncation note is still there, the numbering rules see the loss and mark
        // renumbering next to it unsafe themselves.
        let renumber = round == 0 || !initially_truncated || truncated;
        let takes = |f: &SpanFix| {
            f.applicability == Applicability::Safe || (unsafe_too && f.applicability == Applicability::Unsafe)
        };
        let line_text = |i: usize| -> String {
            spans.get(i).and_then(|s| current.get(s.start..s.content_end)).unwrap_or("").to_string()
        };
        let doc = engine::analyze_document_memo(&lines, config, &line_text, false, memo);
        let assembled = engine::assemble_placed(&lines, &doc, config);
        let mut offered: Vec<Offered> = match &assembled {
            engine::Assembled::Placed(v) => v
                .iter()
                .filter_map(|p| {
                    let fix = p.finding.fix.as_ref().filter(|x| takes(x))?;
                    Some(Offered { rule: p.finding.rule, fix, line_offset: p.line_offset })
                })
                .collect(),
            engine::Assembled::Owned(v) => v
                .iter()
                .filter_map(|f| {
                    let fix = f.fix.as_ref().filter(|x| takes(x))?;
                    Some(Offered { rule: f.rule, fix, line_offset: 0 })
                })
                .collect(),
        };
        // Deleting boilerplate goes first: it makes fixes to the deleted text moot.
        offered.sort_by_key(|o| o.rule.category() != Category::Boilerplate);
        let mut numbering_taken = !renumber;
        let mut chosen: Vec<&Offered> = Vec::new();
        let mut later_numbering: Vec<&Offered> = Vec::new();
        for o in &offered {
            if o.rule.category() == Category::Numbering {
                if numbering_taken {
                    later_numbering.push(o);
                    continue;
                }
                numbering_taken = true;
            }
            chosen.push(o);
        }
        if renumber && !later_numbering.is_empty() {
            let batch = NumberingBatch { lines: &lines, spans: &spans, text: &current, config };
            let ctx = pass::DocCtx {
                lines: &lines,
                config,
                line_text: &line_text,
                boilerplate_lines: &doc.boilerplate_lines,
            };
            let extra = batch.independent(&ctx, &chosen, &later_numbering, initially_truncated);
            // Last, so that any edit of the round that overlaps them keeps its place and
            // they wait for the next round, as they would have under the one-at-a-time rule.
            chosen.extend(extra);
        }
        if chosen.is_empty() {
            converged = true;
            // The analysis of this round is the one of the final text, unless the end is
            // tidied below.
            if want_findings && !(total > 0 && tail.would_change(&current)) {
                let diagnostic = |f: Finding| to_diagnostic(f, &spans, &current);
                found = Some(match &assembled {
                    engine::Assembled::Placed(v) => v.iter().map(|p| diagnostic(p.to_finding())).collect(),
                    engine::Assembled::Owned(v) => v.iter().cloned().map(diagnostic).collect(),
                });
            }
            break;
        }
        let fixes: Vec<Fix> = chosen
            .iter()
            .map(|o| Fix {
                title: String::new(),
                applicability: o.fix.applicability,
                edits: o
                    .fix
                    .edits
                    .iter()
                    .map(|e| Edit {
                        range: span_range(e.span.at_line_offset(o.line_offset), &spans, &current),
                        new_text: e.new_text.clone(),
                    })
                    .collect(),
            })
            .collect();
        let codes: Vec<&'static str> = chosen.iter().map(|o| o.rule.code()).collect();
        drop(chosen);
        drop(later_numbering);
        drop(offered);
        drop(assembled);
        drop(doc);
        let (next, n, edits) = apply_taken(&current, &fixes);
        drop(fixes);
        if n == 0 || next == current {
            break;
        }
        // The lines are reanalysed from the new text alone.
        drop(std::mem::take(&mut current));
        total += n;
        rounds += 1;
        last_round = codes;
        let next_spans = split_lines(&next);
        lines = reanalyze_touched(&spans, std::mem::take(&mut lines), &next, &next_spans, &edits, config);
        spans = next_spans;
        current = next;
    }
    drop(lines);
    if total > 0 {
        current = tail.tidy(current);
    }
    (FixRun { text: current, applied: total, rounds, converged, last_round }, found)
}

/// Chooses, among a round's numbering fixes after the first, those that the one-at-a-time
/// rule would also take, each in a later round, whatever the other fixes do meanwhile.
///
/// The numbering pass starts over at every segment ([`rules::numbering::structure::Segments`])
/// and reads nothing of another segment. A fix is taken when it is the first numbering fix of
/// the segments it can reach and no other fix of the round touches them. A fix that only
/// changes numbers reaches its own segment; one that also moves where segments start (a
/// top-level heading's number becomes or stops being one, or it edits a segment's first
/// line) reaches the segments on either side too. A fix that changes a line's kind of marker
/// (its facts differ in more than the numbers) may reach anything after it: no numbering fix
/// after it is taken in that round.
struct NumberingBatch<'a> {
    lines: &'a [Arc<engine::LineResult>],
    spans: &'a [LineSpan],
    text: &'a str,
    config: &'a Config,
}

impl<'a> NumberingBatch<'a> {
    fn independent<'o>(
        &self,
        ctx: &pass::DocCtx,
        chosen: &[&'o Offered<'o>],
        later: &[&'o Offered<'o>],
        initially_truncated: bool,
    ) -> Vec<&'o Offered<'o>> {
        let seg = rules::numbering::structure::segments(ctx);
        let segment_of = |line: u32| seg.starts.partition_point(|&s| s <= line as usize);
        let mut used: std::collections::HashSet<usize> = std::collections::HashSet::new();
        for o in chosen {
            if o.rule.category() == Category::Numbering {
                match self.reach(o, &seg) {
                    Some((lo, hi)) => used.extend(lo..=hi),
                    None => return Vec::new(),
                }
                continue;
            }
            for sp in o.edits() {
                used.extend(segment_of(sp.start.line)..=segment_of(sp.end.line));
                // A round that may delete a truncation note takes numbering fixes one at a
                // time (a later round may not renumber at all).
                if initially_truncated
                    && (sp.start.line..=sp.end.line)
                        .any(|l| self.lines.get(l as usize).is_some_and(|r| r.facts.boilerplate.truncation.is_some()))
                {
                    return Vec::new();
                }
            }
        }
        let mut out = Vec::new();
        for o in later {
            let Some((lo, hi)) = self.reach(o, &seg) else { break };
            // The first numbering fix of a segment decides for it: later ones wait.
            if (lo..=hi).any(|k| used.contains(&k)) {
                used.extend(lo..=hi);
                continue;
            }
            used.extend(lo..=hi);
            out.push(*o);
        }
        out
    }

    /// The segments a numbering fix can change the findings of (see [`NumberingBatch`]), or
    /// `None` when it changes a line's kind of marker.
    fn reach(&self, o: &Offered, seg: &rules::numbering::structure::Segments) -> Option<(usize, usize)> {
        let segment_of = |line: usize| seg.starts.partition_point(|&s| s <= line);
        let mut by_line: std::collections::BTreeMap<usize, Vec<(usize, usize, &str)>> = Default::default();
        for e in &o.fix.edits {
            let sp = e.span.at_line_offset(o.line_offset);
            if sp.start.line != sp.end.line || sp.start.col > sp.end.col {
                return None;
            }
            by_line.entry(sp.start.line as usize).or_default().push((
                sp.start.col as usize,
                sp.end.col as usize,
                e.new_text.as_str(),
            ));
        }
        let (&first, _) = by_line.first_key_value()?;
        let (&last, _) = by_line.last_key_value()?;
        let (lo, hi) = (segment_of(first), segment_of(last));
        let mut moves_a_start = false;
        for (i, mut edits) in by_line {
            let (span, old) = (self.spans.get(i)?, self.lines.get(i)?);
            let content = self.text.get(span.start..span.content_end)?;
            edits.sort_unstable();
            let mut new = String::with_capacity(content.len() + 8);
            let mut at = 0;
            for (s, e, t) in edits {
                new.push_str(content.get(at..s)?);
                content.get(s..e)?;
                new.push_str(t);
                at = e;
            }
            new.push_str(content.get(at..)?);
            let fresh = engine::analyze_line(&new, self.config);
            if !same_but_numbers(&old.facts, &fresh.facts) {
                return None;
            }
            let is_one = |f: &pass::LineFacts| f.numbering.heading.as_ref().is_some_and(|h| h.number == 1);
            moves_a_start |= seg.starts.binary_search(&i).is_ok()
                || (seg.top_level.binary_search(&i).is_ok() && (is_one(&old.facts) || is_one(&fresh.facts)));
        }
        Some(if moves_a_start { (lo.saturating_sub(1), hi + 1) } else { (lo, hi) })
    }
}

/// Two facts of one line that differ at most in the numbers of its heading and enumeration
/// markers (and where those numbers end).
fn same_but_numbers(a: &pass::LineFacts, b: &pass::LineFacts) -> bool {
    let heading = |h: &Option<rules::numbering::Heading>| {
        h.as_ref().map(|h| {
            (
                h.level,
                h.numeral,
                h.marker_start,
                h.num_start,
                h.open.map(|p| p.ch),
                h.close.map(|p| p.ch),
                h.sep.map(|p| p.ch),
            )
        })
    };
    let enums = |f: &pass::numbering::LineFacts| -> Vec<_> {
        f.enums.iter().map(|m| (m.family, m.start, m.num_start, m.para_start, m.dunhao.is_some())).collect()
    };
    let (x, y) = (&a.numbering, &b.numbering);
    a.is_empty == b.is_empty
        && a.table == b.table
        && a.suppression == b.suppression
        && {
            // the boilerplate model's score and the line's head move with any edit: the kind
            // of line is what counts
            let mut x = a.boilerplate.clone();
            x.model = b.boilerplate.model;
            x.head.clone_from(&b.boilerplate.head);
            x == b.boilerplate
        }
        && heading(&x.heading) == heading(&y.heading)
        && heading(&x.decimal_lead) == heading(&y.decimal_lead)
        && heading(&x.note_lead) == heading(&y.note_lead)
        && enums(x) == enums(y)
        && x.salutation == y.salutation
        && x.title_like == y.title_like
        && x.open_end == y.open_end
        && x.enum_tails.len() == y.enum_tails.len()
        && x.inline_headings == y.inline_headings
        && x.annex_start == y.annex_start
}

/// Texts up to this size keep the document passes' memo between fix rounds.
const MEMO_UP_TO: usize = 8 << 20;

/// The local results of `next` (the old text with `edits` applied: sorted (start, end, new
/// length)), reusing the old result of every line whose bytes no edit touched.
///
/// The results of old lines no new line reuses are dropped before the new lines are
/// analysed, so that (without a memo holding them) a large draft's old and new results do not
/// live side by side.
fn reanalyze_touched(
    old_spans: &[LineSpan],
    mut old_lines: Vec<Arc<engine::LineResult>>,
    next: &str,
    next_spans: &[LineSpan],
    edits: &[(usize, usize, usize)],
    config: &Config,
) -> Vec<Arc<engine::LineResult>> {
    // Each edit in new offsets, with the shift (new - old) of the text after it.
    let mut placed: Vec<(usize, usize, isize)> = Vec::with_capacity(edits.len());
    let mut shift: isize = 0;
    for &(s, e, len) in edits {
        let start = s.saturating_add_signed(shift);
        shift += len as isize - (e - s) as isize;
        placed.push((start, start + len, shift));
    }
    let mut k = 0;
    let mut shift: isize = 0;
    let reuse: Vec<Option<usize>> = next_spans
        .iter()
        .map(|ns| {
            while let Some(&(_, end, after)) = placed.get(k) {
                if end >= ns.start {
                    break;
                }
                shift = after;
                k += 1;
            }
            // An edit that touches the line or its line end (even at a boundary): analyse it.
            if placed.get(k).is_some_and(|&(start, _, _)| start <= ns.end) {
                return None;
            }
            let old_start = ns.start.checked_add_signed(-shift)?;
            let j = old_spans.partition_point(|s| s.start < old_start);
            let os = old_spans.get(j)?;
            (os.start == old_start && os.content_end - os.start == ns.content_end - ns.start).then_some(j)
        })
        .collect();
    let empty = engine::EmptyLine::new(config);
    let mut reused = vec![false; old_lines.len()];
    for j in reuse.iter().flatten() {
        if let Some(r) = reused.get_mut(*j) {
            *r = true;
        }
    }
    for (l, r) in old_lines.iter_mut().zip(reused) {
        if !r {
            *l = empty.shared();
        }
    }
    let old_lines = &old_lines;
    let one = |(i, s): (usize, &LineSpan)| match reuse.get(i).copied().flatten().and_then(|j| old_lines.get(j)) {
        Some(l) => l.clone(),
        None => empty.analyze(next.get(s.start..s.content_end).unwrap_or(""), config),
    };
    if rayon::current_num_threads() < 2 || next_spans.len() < 4096 {
        return next_spans.iter().enumerate().map(one).collect();
    }
    use rayon::prelude::*;
    next_spans.par_iter().enumerate().with_min_len(1024).map(one).collect()
}

#[cfg(test)]
mod apply_fixes_tests {
    use super::*;
    use proptest::prelude::*;

    /// The former pairwise algorithm (each edit against every edit taken), as the reference.
    fn reference(text: &str, fixes: &[Fix]) -> (String, usize) {
        let mut taken: Vec<TextRange> = Vec::new();
        let mut edits: Vec<&Edit> = Vec::new();
        let mut applied = 0;
        for fix in fixes {
            let ok = fix.edits.iter().all(|e| {
                e.range.start <= e.range.end
                    && e.range.end <= text.len()
                    && text.is_char_boundary(e.range.start)
                    && text.is_char_boundary(e.range.end)
                    && !taken.iter().any(|t| overlaps(*t, e.range))
            }) && !fix
                .edits
                .iter()
                .enumerate()
                .any(|(i, a)| fix.edits.iter().skip(i + 1).any(|b| overlaps(a.range, b.range)));
            if ok {
                taken.extend(fix.edits.iter().map(|e| e.range));
                edits.extend(fix.edits.iter());
                applied += 1;
            }
        }
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        let mut out = String::new();
        let mut at = 0;
        for e in edits {
            out.push_str(text.get(at..e.range.start).unwrap_or(""));
            out.push_str(&e.new_text);
            at = e.range.end;
        }
        out.push_str(text.get(at..).unwrap_or(""));
        (out, applied)
    }

    fn fix(edits: Vec<(usize, usize, String)>) -> Fix {
        Fix {
            title: String::new(),
            applicability: Applicability::Safe,
            edits: edits
                .into_iter()
                .map(|(s, e, t)| Edit { range: TextRange { start: s, end: e }, new_text: t })
                .collect(),
        }
    }

    #[test]
    fn overlapping_fix_is_skipped_whole_and_insertions_at_one_point_conflict() {
        let text = "一二三四五";
        let fixes = [
            fix(vec![(3, 6, "贰".into())]),
            fix(vec![(0, 3, "壹".into()), (5, 9, "x".into())]), // second edit overlaps the first fix
            fix(vec![(12, 12, "甲".into())]),
            fix(vec![(12, 12, "乙".into())]),  // same insertion point: skipped
            fix(vec![(15, 12, "bad".into())]), // reversed range: skipped
        ];
        assert_eq!(apply_fixes(text, &fixes), ("一贰三四甲五".to_string(), 2));
    }

    /// The former `fix_all`: a whole analysis every round.
    fn fix_all_reference(text: &str, config: &Config, unsafe_too: bool) -> (String, usize) {
        let mut current = text.to_string();
        let mut total = 0;
        let mut initially_truncated = false;
        // As many rounds as the one-at-a-time rule needs (the batched rounds get there in
        // far fewer).
        for round in 0..10_000 {
            let analysis = analyze(&current, config);
            if round == 0 {
                initially_truncated = analysis.truncated;
            }
            let renumber = round == 0 || !initially_truncated || analysis.truncated;
            let takes = |f: &Fix| {
                f.applicability == Applicability::Safe || (unsafe_too && f.applicability == Applicability::Unsafe)
            };
            let mut numbering_taken = !renumber;
            let mut ordered: Vec<&Diagnostic> = analysis.diagnostics.iter().collect();
            ordered.sort_by_key(|d| d.category() != Category::Boilerplate);
            let mut fixes: Vec<&Fix> = Vec::new();
            for d in ordered {
                let Some(f) = d.fix.as_ref().filter(|f| takes(f)) else { continue };
                if d.category() == Category::Numbering {
                    if numbering_taken {
                        continue;
                    }
                    numbering_taken = true;
                }
                fixes.push(f);
            }
            if fixes.is_empty() {
                break;
            }
            let (next, n) = apply_fixes(&current, fixes);
            if n == 0 || next == current {
                break;
            }
            total += n;
            current = next;
        }
        if total > 0 {
            current = tidy_end(text, current);
        }
        (current, total)
    }

    #[test]
    fn incremental_fix_all_matches_a_whole_analysis_per_round() {
        let seed = include_str!("../../examples/scraped-speech.txt");
        let mut texts: Vec<String> = vec![
            seed.to_string(),
            seed.repeat(3),
            seed.replace('\n', "\r\n"),
            format!("\u{feff}{}", seed.replace('\n', "\r")),
            "一、总体要求\n三、具体任务\n二、保障措施\n五、其他\n上一篇:在全市会议上的讲话\n".repeat(20),
        ];
        if let Ok(dir) = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures")) {
            for sub in dir.flatten() {
                for f in std::fs::read_dir(sub.path()).into_iter().flatten().flatten() {
                    if let Ok(t) = std::fs::read_to_string(f.path()) {
                        texts.push(t);
                    }
                }
            }
        }
        assert!(texts.len() > 10);
        for t in &texts {
            for unsafe_too in [false, true] {
                let config = Config::default();
                assert_eq!(fix_all(t, &config, unsafe_too), fix_all_reference(t, &config, unsafe_too), "{t}");
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn incremental_fix_all_matches_on_mixed_drafts(
            parts in prop::collection::vec(prop::sample::select(vec![
                "一、总体要求\n", "三、具体任务\n", "（一）加强领导\n", "（三）落实责任\n", "1.抓好落实\n",
                "上一篇:在全市会议上的讲话\n", "本文来源:www.example.com\n", "共有个民族,占%。\n",
                "（未完待续）\n", "全县上下。全旗各族。\n", "\r\n", "正文(内容):很好!\n", "第一,要做好;\n",
            ]), 0..40),
        ) {
            let t: String = parts.concat();
            let config = Config::default();
            prop_assert_eq!(fix_all(&t, &config, false), fix_all_reference(&t, &config, false));
        }
    }

    /// Speeches one after another, each with its own numbering defects (a skipped, a repeated
    /// and a late-starting number, enumerations out of sequence, a repeated 一、).
    fn speeches(n: usize) -> String {
        let mut t = String::new();
        for k in 0..n {
            t.push_str("在全市工作会议上的讲话\n同志们：\n");
            match k % 5 {
                0 => t.push_str("一、总体要求\n（一）加强领导\n（一）压实责任\n（三）强化保障\n二、重点任务\n四、保障措施\n五、其他\n"),
                1 => t.push_str("一、总体要求\n一是抓项目。二是抓招商。四是抓服务。\n二、重点任务\n二、保障措施\n（二）落实责任\n"),
                2 => t.push_str("二、总体要求\n三、具体任务\n1.抓好落实\n3.加强督查\n"),
                3 => t.push_str("一、总体要求\n一、重点任务\n三、保障措施\n附件\n1.名单\n3.清单\n"),
                _ => t.push_str("一、总体要求\n（二）加强领导\n（三）压实责任\n三、重点任务\n上一篇:在全市会议上的讲话\n"),
            }
            t.push_str("谢谢大家！\n\n");
        }
        t
    }

    #[test]
    fn batched_numbering_fixes_give_the_one_at_a_time_result_in_few_rounds() {
        for n in [1, 2, 5, 12, 40] {
            let t = speeches(n);
            for unsafe_too in [false, true] {
                let config = Config::default();
                let run = fix_all_rounds(&t, &config, unsafe_too, 64);
                assert_eq!((run.text.clone(), run.applied), fix_all_reference(&t, &config, unsafe_too), "{n} {t}");
                assert!(run.converged, "{n}");
                // one defect per speech at a time, not one per round in all
                assert!(run.rounds <= 12, "{n} speeches: {} rounds", run.rounds);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn batched_numbering_fixes_match_on_mixed_speeches(
            parts in prop::collection::vec(prop::sample::select(vec![
                "在全市工作会议上的讲话\n", "同志们：\n", "一、总体要求\n", "二、重点任务\n", "四、保障措施\n",
                "一、重点任务\n", "（一）加强领导\n", "（一）压实责任\n", "（三）落实责任\n", "1.抓好落实\n",
                "3.加强督查\n", "一是抓项目。二是抓招商。四是抓服务。\n", "附件\n", "注：1.说明\n",
                "上一篇:在全市会议上的讲话\n", "（未完待续）\n", "\n", "谢谢大家！\n", "第一,要做好;\n",
            ]), 0..60),
        ) {
            let t: String = parts.concat();
            let config = Config::default();
            let run = fix_all_rounds(&t, &config, false, 64);
            prop_assert_eq!((run.text, run.applied), fix_all_reference(&t, &config, false));
        }
    }

    #[test]
    fn checked_fix_gives_the_findings_of_a_fresh_analysis() {
        let seed = include_str!("../../examples/scraped-speech.txt");
        let mut texts: Vec<String> = vec![
            seed.to_string(),
            seed.replace('\n', "\r\n"),
            speeches(7),
            "一、总体要求\n\n上一篇:在全市会议上的讲话\n\n".to_string(),
            "<!-- lectern-disable LEC103 -->\n我国共有个民族,占%。\n".to_string(),
            String::new(),
        ];
        if let Ok(dir) = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures")) {
            for sub in dir.flatten() {
                for f in std::fs::read_dir(sub.path()).into_iter().flatten().flatten() {
                    if let Ok(t) = std::fs::read_to_string(f.path()) {
                        texts.push(t);
                    }
                }
            }
        }
        for t in &texts {
            for unsafe_too in [false, true] {
                let config = Config::default();
                let (run, found) = fix_all_checked(t.clone(), &config, unsafe_too);
                assert_eq!(run, fix_all_rounds(t, &config, unsafe_too, 64));
                assert_eq!(found, analyze_opts(&run.text, &config, false).diagnostics, "{t}");
            }
        }
    }

    proptest! {
        #[test]
        fn same_result_as_the_pairwise_algorithm(
            text in "[一二a\\n]{0,24}",
            raw in prop::collection::vec(prop::collection::vec((0usize..80, 0usize..6, "[xy中]{0,2}"), 1..4), 0..40),
        ) {
            let fixes: Vec<Fix> = raw
                .into_iter()
                .map(|edits| fix(edits.into_iter().map(|(s, l, t)| (s, s + l, t)).collect()))
                .collect();
            prop_assert_eq!(apply_fixes(&text, &fixes), reference(&text, &fixes));
        }
    }
}

/// Lines deleted at the end of a text leave the empty lines that stood before them: the fixed
/// text ends as the original did (with one line end, or none), not with new empty lines.
pub fn tidy_end(original: &str, fixed: String) -> String {
    EndShape::of(original).tidy(fixed)
}

/// How a text ends, as [`tidy_end`] needs to know it (so that the original text need not be
/// kept while fixing).
#[derive(Clone, Copy, Debug)]
struct EndShape {
    /// It ends with an empty line (or several).
    blank_tail: bool,
    /// Its last line end.
    ending: &'static str,
}

fn blank_tail(s: &str) -> bool {
    let t = s.trim_end_matches([' ', '\t', '\u{3000}']);
    let t = t.strip_suffix('\n').map_or(t, |t| t.strip_suffix('\r').unwrap_or(t));
    let t = t.trim_end_matches([' ', '\t', '\u{3000}']);
    t.ends_with('\n') || t.ends_with('\r')
}

impl EndShape {
    fn of(original: &str) -> EndShape {
        let ending = if original.ends_with("\r\n") {
            "\r\n"
        } else if original.ends_with('\n') {
            "\n"
        } else if original.ends_with('\r') {
            "\r"
        } else {
            ""
        };
        EndShape { blank_tail: blank_tail(original), ending }
    }

    /// Whether [`EndShape::tidy`] may change `fixed`.
    fn would_change(self, fixed: &str) -> bool {
        !self.blank_tail && blank_tail(fixed)
    }

    fn tidy(self, mut fixed: String) -> String {
        if !self.would_change(&fixed) {
            return fixed;
        }
        // up to the line end of the last line with text (its own trailing spaces are kept)
        let last_text = fixed.trim_end().len();
        let keep = fixed.get(last_text..).and_then(|t| t.find(['\n', '\r'])).map_or(fixed.len(), |i| last_text + i);
        fixed.truncate(keep);
        fixed.push_str(self.ending);
        fixed
    }
}

#[cfg(test)]
mod fix_all_tests {
    use super::*;

    #[test]
    fn issue_17_deleted_end_lines_leave_no_empty_lines() {
        let text = "一、总体要求\n\n今年要抓好项目建设。\n\n    上一篇:在市企业梯度培育工作推进会议上的讲话\n    下一篇:在全市农村工作推进会议上的讲话\n";
        let (fixed, n) = fix_all(text, &Config::default(), false);
        assert!(n > 0);
        assert_eq!(fixed, "一、总体要求\n\n今年要抓好项目建设。\n");
        let crlf = text.replace('\n', "\r\n");
        assert_eq!(fix_all(&crlf, &Config::default(), false).0, "一、总体要求\r\n\r\n今年要抓好项目建设。\r\n");
        // a text that ended with empty lines keeps them
        let (kept, _) = fix_all("今天,我们开会。\n\n\n", &Config::default(), false);
        assert_eq!(kept, "今天，我们开会。\n\n\n");
    }
}
