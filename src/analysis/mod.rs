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
/// analysis.
pub fn fix_all_rounds(text: &str, config: &Config, unsafe_too: bool, max_rounds: usize) -> FixRun {
    let mut current = text.to_string();
    let mut spans = split_lines(&current);
    let mut lines = engine::analyze_lines(&current, &spans, config);
    let mut total = 0;
    let mut rounds = 0;
    let mut converged = false;
    let mut last_round = Vec::new();
    let mut initially_truncated = false;
    let memo = std::sync::Mutex::new(engine::PassMemo::default());
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
        let doc = engine::analyze_document_memo(&lines, config, &line_text, false, Some(&memo));
        let findings = engine::assemble(&lines, &doc, config);
        let mut numbering_taken = !renumber;
        // Deleting boilerplate goes first: it makes fixes to the deleted text moot.
        let mut ordered: Vec<&Finding> = findings.iter().collect();
        ordered.sort_by_key(|f| f.rule.category() != Category::Boilerplate);
        let mut fixes: Vec<Fix> = Vec::new();
        let mut codes: Vec<&'static str> = Vec::new();
        for f in ordered {
            let Some(fix) = f.fix.as_ref().filter(|x| takes(x)) else { continue };
            if f.rule.category() == Category::Numbering {
                if numbering_taken {
                    continue;
                }
                numbering_taken = true;
            }
            fixes.push(Fix {
                title: String::new(),
                applicability: fix.applicability,
                edits: fix
                    .edits
                    .iter()
                    .map(|e| Edit { range: span_range(e.span, &spans, &current), new_text: e.new_text.clone() })
                    .collect(),
            });
            codes.push(f.rule.code());
        }
        if fixes.is_empty() {
            converged = true;
            break;
        }
        let (next, n, edits) = apply_taken(&current, &fixes);
        if n == 0 || next == current {
            break;
        }
        total += n;
        rounds += 1;
        last_round = codes;
        let next_spans = split_lines(&next);
        lines = reanalyze_touched(&spans, &lines, &next, &next_spans, &edits, config);
        spans = next_spans;
        current = next;
    }
    if total > 0 {
        current = tidy_end(text, current);
    }
    FixRun { text: current, applied: total, rounds, converged, last_round }
}

/// The local results of `next` (the old text with `edits` applied: sorted (start, end, new
/// length)), reusing the old result of every line whose bytes no edit touched.
fn reanalyze_touched(
    old_spans: &[LineSpan],
    old_lines: &[Arc<engine::LineResult>],
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
    let one = |(i, s): (usize, &LineSpan)| match reuse.get(i).copied().flatten().and_then(|j| old_lines.get(j)) {
        Some(l) => l.clone(),
        None => Arc::new(engine::analyze_line(next.get(s.start..s.content_end).unwrap_or(""), config)),
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
        for round in 0..64 {
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
pub fn tidy_end(original: &str, mut fixed: String) -> String {
    let blank_tail = |s: &str| {
        let t = s.trim_end_matches([' ', '\t', '\u{3000}']);
        let t = t.strip_suffix('\n').map_or(t, |t| t.strip_suffix('\r').unwrap_or(t));
        let t = t.trim_end_matches([' ', '\t', '\u{3000}']);
        t.ends_with('\n') || t.ends_with('\r')
    };
    if blank_tail(original) || !blank_tail(&fixed) {
        return fixed;
    }
    let ending = if original.ends_with("\r\n") {
        "\r\n"
    } else if original.ends_with('\n') {
        "\n"
    } else if original.ends_with('\r') {
        "\r"
    } else {
        ""
    };
    // up to the line end of the last line with text (its own trailing spaces are kept)
    let last_text = fixed.trim_end().len();
    let keep = fixed.get(last_text..).and_then(|t| t.find(['\n', '\r'])).map_or(fixed.len(), |i| last_text + i);
    fixed.truncate(keep);
    fixed.push_str(ending);
    fixed
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
