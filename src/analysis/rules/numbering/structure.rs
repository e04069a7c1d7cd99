//! The document pass of the numbering family: nests the headings, checks each run of
//! siblings and each enumeration sequence, and hands what it finds to the rule files, which
//! word the findings and build their fixes.
//!
//! Model:
//! - A heading's parent is the nearest open heading of a higher level (smaller level number);
//!   skipping a level (一、 straight to 1.) is legal. Siblings are the children of one parent
//!   with the same level; each run of siblings must count 1, 2, 3 …
//! - A number that disagrees with its predecessor but agrees with its position in the run
//!   (1. 2. 2. 4.: the 4.) is not reported again: one typo, one finding.
//! - At the top level (no parent) a run that starts over at 一、 is a new sequence (a table of
//!   contents before the body, an appendix), and a first heading above one is reported only
//!   after a salutation or a truncation note (an excerpt may start mid-speech). Below level 2
//!   a run that starts over at 1 is a second list under the same section, not an error.
//! - An enumeration sequence (一是 二是 …) belongs to the section open where it starts and
//!   may span paragraphs; it ends at the next heading of that section's level or higher, at a
//!   restart (another 一是), or at the end of the text. A sequence still open at the end of
//!   the text is cut off, not defective, unless a truncation note says text was lost.
//!
//! Complexity: one pass over the lines' facts, O(lines + markers); a fix that renumbers a
//! run walks at most [`MAX_RUN`] siblings.

use crate::analysis::diagnostic::{Applicability, Finding, Span, SpanFix};
use crate::analysis::pass::DocCtx;

use super::marker::{self, EnumMarker, Family, Numeral, LAST};
use super::{
    enumeration_incomplete, enumeration_mixed, enumeration_out_of_sequence, heading_level_inverted,
    heading_level_skipped, heading_number_out_of_order, heading_number_repeated, heading_number_skipped,
    heading_sequence_start,
};

/// How many lines after a list's last item a truncation note still counts as cutting it.
const NEARBY: usize = 6;

/// Longest run a single renumbering fix rewrites.
const MAX_RUN: usize = 500;

/// Lines the numbering family does not read: wholly boilerplate, unless the line carries a
/// truncation note (then it is content cut short, and its markers count).
pub(crate) fn ignored(ctx: &DocCtx, i: usize) -> bool {
    ctx.is_boilerplate(i) && ctx.facts(i).is_none_or(|f| f.boilerplate.truncation.is_none())
}

fn line32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// Where text was lost, for “was text lost between these lines?”: truncation notes, the
/// holes fixes marked in their place (〔此处原文缺失…〕), and text cut mid-sentence.
pub(crate) struct Truncations {
    lines: Vec<usize>,
}

impl Truncations {
    fn new(ctx: &DocCtx) -> Self {
        let lines = ctx
            .lines
            .iter()
            .enumerate()
            .filter(|&(i, l)| {
                l.facts.boilerplate.truncation.is_some()
                    || (l.facts.numbering.open_end && crate::analysis::rules::lost::cuts_before_more_text(ctx, i))
            })
            .map(|(i, _)| i)
            .collect();
        Truncations { lines }
    }
    /// The first truncation note on lines `a..b`.
    pub(crate) fn between(&self, a: usize, b: usize) -> Option<usize> {
        let k = self.lines.partition_point(|&l| l < a);
        self.lines.get(k).copied().filter(|&l| l < b)
    }
}

/// A heading as the document pass sees it.
#[derive(Clone, Debug)]
pub(crate) struct Node {
    pub line: usize,
    pub level: u8,
    pub number: u32,
    pub numeral: Numeral,
    pub num_start: u32,
    pub num_end: u32,
    pub parent: Option<usize>,
    next_sib: Option<usize>,
    prev_sib: Option<usize>,
    /// 1-based position in its run of siblings.
    pos: u32,
    last_child: [Option<usize>; 6],
    /// The first child with the deepest level (levels 2–4), for inversion.
    deepest_child: Option<usize>,
    inverted: bool,
    suppressed: bool,
    /// Which top-level run the heading is in (a restart at 一、 — an annex, the body after a
    /// table of contents — opens a new one, with its own numbering style).
    segment: u32,
}

/// How the runs of one level count across parents within one segment: each later parent's
/// first child either restarts at one or carries on the previous parent's numbering.
/// A document that carries on everywhere (（一）…（四） under 一、, （五）… under 二、) follows
/// a convention; one that does both is inconsistent, and is told so once.
#[derive(Debug, Default)]
struct Style {
    segment: u32,
    level: u8,
    /// First children that carry on the numbering (node indices).
    continued: Vec<usize>,
    /// First children that restart at one under a later parent.
    restarted: Vec<usize>,
    /// First children above one that carry nothing on (an item lost, or a gap).
    late: Vec<usize>,
}

/// The style of `level` in `segment`. Segments only grow as the pass goes on, so `styles` is
/// sorted by segment and the current segment's entries are at its end: looking there keeps
/// a draft of many speeches (many segments) linear.
fn style_of(styles: &mut Vec<Style>, segment: u32, level: u8) -> Option<&mut Style> {
    let from = styles.partition_point(|s| s.segment < segment);
    let found = styles.get(from..).and_then(|t| t.iter().position(|s| s.segment == segment && s.level == level));
    let k = match found.map(|k| from + k) {
        Some(k) => k,
        None => {
            styles.push(Style { segment, level, ..Style::default() });
            styles.len() - 1
        }
    };
    styles.get_mut(k)
}

/// What is wrong with a heading.
#[derive(Clone, Copy, Debug)]
enum HeadingIssue {
    Skipped {
        prev: usize,
    },
    Repeated {
        prev: usize,
    },
    /// The first child of a run is not 1; `continued`: it carries on the numbering of the
    /// previous parent's children.
    Start {
        anchor: usize,
        continued: bool,
    },
    Backward {
        prev: usize,
    },
    Inverted {
        earlier: usize,
    },
    LevelSkip,
}

/// An enumeration item inside an open sequence.
#[derive(Clone, Copy, Debug)]
struct Item {
    line: usize,
    m: EnumMarker,
    /// Belongs to another family but continues this sequence (首先…其次…第三).
    foreign: bool,
}

#[derive(Debug)]
struct Seq {
    family: Family,
    items: Vec<Item>,
    /// Level of the section that was open where the sequence started (99: none).
    scope: u8,
    /// A sequence starting above one should be reported (we are not at an excerpt's start).
    report_late_start: bool,
    /// Where the enclosing section started (for truncation notes before a late start).
    section_start: usize,
}

enum Close {
    Heading(usize),
    Restart(usize),
    End(usize),
}

fn q_line(nodes: &[Node], q: usize) -> usize {
    nodes.get(q).map_or(0, |n| n.line)
}

/// A heading `level`/`number` run into the middle of one of the lines `a..b`.
fn inline_between(ctx: &DocCtx, a: usize, b: usize, level: u8, number: u32) -> bool {
    (a..b).any(|i| ctx.facts(i).is_some_and(|f| f.numbering.inline_headings.contains(&(level, number))))
}

/// Renumbers `first` and the later siblings of its run so that they count from `expected`.
fn renumber_headings(
    nodes: &[Node],
    first: usize,
    expected: u32,
    title: impl Fn(usize, u32) -> String,
    applicability: Applicability,
) -> Option<SpanFix> {
    let mut edits = Vec::new();
    let mut want = expected;
    let mut cur = Some(first);
    let mut seen = 0;
    while let Some(k) = cur {
        let n = nodes.get(k)?;
        if n.number != want {
            edits.push((n.line, n.num_start, n.num_end, marker::numeral_string(n.numeral, want)));
        }
        seen += 1;
        if seen >= MAX_RUN {
            break;
        }
        want += 1;
        cur = n.next_sib;
    }
    if edits.is_empty() {
        return None;
    }
    let mut fix = SpanFix::new(title(edits.len(), expected), applicability);
    for (line, s, e, text) in edits {
        fix = fix.edit(Span::in_line(line32(line), s as usize, e as usize), text);
    }
    Some(fix)
}

/// Runs the sequence checks.
pub(crate) fn check(ctx: &DocCtx, out: &mut Vec<Finding>) {
    thread_local! {
        // The heading nodes' vector, reused from run to run: a large draft's is megabytes,
        // which a server re-running this pass on keystrokes would otherwise map afresh.
        static NODES: std::cell::Cell<Vec<Node>> = const { std::cell::Cell::new(Vec::new()) };
    }
    let mut nodes = NODES.with(std::cell::Cell::take);
    nodes.clear();
    check_with(ctx, &mut nodes, out, None);
    nodes.clear();
    NODES.with(|n| n.set(nodes));
}

/// Where the document pass starts over, for fixing many numbering defects in one round.
///
/// The pass keeps no state across a segment start (a restart at the top level, an annex or a
/// notes block) that a heading's or an enumeration's number could change, except where the
/// segments start: so, as long as no top-level heading's number becomes or stops being one
/// and no line changes its kind of marker, renumbering inside one segment changes no finding
/// of another.
#[derive(Debug, Default)]
pub(crate) struct Segments {
    /// First line of each segment after the first, ascending.
    pub starts: Vec<usize>,
    /// Lines of headings with no parent (their number decides where segments start).
    pub top_level: Vec<usize>,
}

/// The segments of the document, by running the pass ([`Segments`]).
pub(crate) fn segments(ctx: &DocCtx) -> Segments {
    let mut seg = Segments::default();
    let mut nodes = Vec::new();
    check_with(ctx, &mut nodes, &mut Vec::new(), Some(&mut seg));
    seg
}

fn check_with(ctx: &DocCtx, nodes: &mut Vec<Node>, out: &mut Vec<Finding>, mut seg: Option<&mut Segments>) {
    let trunc = Truncations::new(ctx);
    let mut root_last: [Option<usize>; 6] = [None; 6];
    let mut stack: Vec<usize> = Vec::new();
    let mut issues: Vec<(HeadingIssue, usize)> = Vec::new();
    let mut open: [Option<Seq>; 6] = Default::default();
    // outer lists suspended while an in-paragraph list nested in one of their items runs
    let mut nested: [Option<Seq>; 6] = Default::default();
    let mut salutation_seen = false;
    let mut heading_seen = false;
    let mut section_start = 0usize;
    let n_lines = ctx.lines.len();
    // the last heading of each level in the current segment, whatever its parent
    let mut last_at_level: [Option<usize>; 6] = [None; 6];
    let mut segment = 0u32;
    let mut styles: Vec<Style> = Vec::new();
    let mut in_notes = false;
    // an annex or notes block was opened and its first heading is still to come
    let mut fresh_scope = false;

    for (i, l) in ctx.lines.iter().enumerate() {
        let f = &l.facts.numbering;
        if f.heading.is_none()
            && f.enums.is_empty()
            && !f.salutation
            && f.decimal_lead.is_none()
            && f.note_lead.is_none()
            && !f.annex_start
        {
            continue;
        }
        if ignored(ctx, i) {
            continue;
        }
        if f.annex_start || f.note_lead.is_some() {
            // an annex, a glossary or a notes block: its numbering is its own
            for s in open.iter_mut().chain(nested.iter_mut()).filter_map(Option::take) {
                close_seq(ctx, &trunc, s, Close::Heading(i), out);
            }
            stack.clear();
            root_last = [None; 6];
            last_at_level = [None; 6];
            segment += 1;
            if let Some(sg) = seg.as_deref_mut() {
                sg.starts.push(i);
            }
            in_notes = f.note_lead.is_some();
            fresh_scope = true;
        }
        // `5.3个……` after item 4. is item 5
        let decimal = f.decimal_lead.as_ref().filter(|d| {
            let prev_num = |k: Option<usize>| k.and_then(|k| nodes.get(k)).map(|n| n.number);
            let under = stack.last().and_then(|&t| nodes.get(t)).and_then(|t| t.last_child.get(3).copied().flatten());
            let lvl3 = last_at_level.get(3).copied().flatten();
            [prev_num(under), prev_num(lvl3)].contains(&Some(d.number.saturating_sub(1))) && d.number > 1
        });
        let heading = f.heading.as_ref().or(decimal).or(f.note_lead.as_ref());
        if in_notes && heading.is_some_and(|h| h.level <= 2) {
            in_notes = false;
        }

        if f.salutation && !heading_seen {
            salutation_seen = true;
        }
        if let Some(h) = heading {
            heading_seen = true;
            let fresh = std::mem::take(&mut fresh_scope);
            let fresh_scope = fresh;
            section_start = i;
            for slot in open.iter_mut().chain(nested.iter_mut()) {
                if slot.as_ref().is_some_and(|s| s.scope >= h.level) {
                    if let Some(s) = slot.take() {
                        close_seq(ctx, &trunc, s, Close::Heading(i), out);
                    }
                }
            }
            while let Some(&top) = stack.last() {
                if nodes.get(top).is_some_and(|t| t.level >= h.level) {
                    stack.pop();
                } else {
                    break;
                }
            }
            let parent = stack.last().copied();
            let idx = nodes.len();
            let lvl = usize::from(h.level.min(5));
            let (p_suppressed, p_inverted) =
                parent.and_then(|p| nodes.get(p)).map_or((false, false), |p| (p.suppressed, p.inverted));
            let suppressed = p_suppressed || p_inverted;
            let mut issue = None;
            if let Some(p) = parent {
                let deepest = nodes.get(p).and_then(|pn| pn.deepest_child);
                let deepest_level = deepest.and_then(|d| nodes.get(d)).map_or(0, |d| d.level);
                if h.level < 5 && deepest_level > h.level && !suppressed {
                    issue = Some(HeadingIssue::Inverted { earlier: deepest.unwrap_or(idx) });
                    if let Some(pn) = nodes.get_mut(p) {
                        pn.inverted = true;
                    }
                } else if h.level < 5 && deepest_level < h.level {
                    if let Some(pn) = nodes.get_mut(p) {
                        pn.deepest_child = Some(idx);
                    }
                }
            }
            let prev = match parent {
                Some(p) => nodes.get(p).and_then(|pn| pn.last_child.get(lvl).copied().flatten()),
                None => root_last.get(lvl).copied().flatten(),
            };
            let pos = prev.and_then(|q| nodes.get(q)).map_or(1, |q| q.pos + 1);
            // a restart at the top level starts a new run (and a new segment)
            let restart_root = parent.is_none() && prev.is_some() && h.number == 1;
            if restart_root {
                segment += 1;
                last_at_level = [None; 6];
            }
            if let Some(sg) = seg.as_deref_mut() {
                if parent.is_none() {
                    sg.top_level.push(i);
                }
                if restart_root && sg.starts.last() != Some(&i) {
                    sg.starts.push(i);
                }
            }
            // the heading of this level before it, under another parent
            let cousin = if prev.is_none() && parent.is_some() {
                last_at_level.get(lvl).copied().flatten().and_then(|c| nodes.get(c)).filter(|c| c.parent != parent)
            } else {
                None
            };
            if h.number == 1 && cousin.is_some() {
                if let Some(st) = style_of(&mut styles, segment, h.level) {
                    st.restarted.push(idx);
                }
            }
            let carries_on = cousin.is_some_and(|c| c.number + 1 == h.number);
            if issue.is_none() && !suppressed {
                let n = h.number;
                issue = match prev.and_then(|q| nodes.get(q).map(|qn| (q, qn.number))) {
                    None => {
                        let anchor = parent.and_then(|p| nodes.get(p)).map_or(0, |p| p.line);
                        let speech_started = salutation_seen || trunc.between(0, i).is_some();
                        if n > 1 && (parent.is_some() || (h.level == 1 && speech_started) || fresh_scope) {
                            // does it carry on the numbering of the parent's previous sibling?
                            let continued = parent
                                .and_then(|p| nodes.get(p))
                                .and_then(|pn| pn.prev_sib)
                                .and_then(|ps| nodes.get(ps))
                                .and_then(|ps| ps.last_child.get(lvl).copied().flatten())
                                .and_then(|c| nodes.get(c))
                                .map(|c| c.number)
                                .is_some_and(|last| last + 1 == n)
                                || carries_on;
                            if let Some(st) = style_of(&mut styles, segment, h.level) {
                                if continued {
                                    st.continued.push(idx);
                                } else {
                                    st.late.push(idx);
                                }
                            }
                            Some(HeadingIssue::Start { anchor, continued })
                        } else {
                            None
                        }
                    }
                    Some((q, pn)) => {
                        if n == pn + 1 {
                            None
                        } else if n == pn {
                            Some(HeadingIssue::Repeated { prev: q })
                        } else if n == pos {
                            None
                        } else if n > pn && !inline_between(ctx, q_line(nodes, q), i, h.level, pn + 1) {
                            Some(HeadingIssue::Skipped { prev: q })
                        } else if n > pn {
                            None
                        } else if n == 1 && (parent.is_none() || h.level >= 3) {
                            // a new run: a table of contents before the body at the top level;
                            // a second list of items (1. 2. … 1. 2.) under one section
                            None
                        } else {
                            Some(HeadingIssue::Backward { prev: q })
                        }
                    }
                };
                if issue.is_none() && prev.is_none() {
                    if let Some(pl) = parent.and_then(|p| nodes.get(p)).map(|p| p.level) {
                        if h.level > pl + 1 {
                            issue = Some(HeadingIssue::LevelSkip);
                        }
                    }
                }
            }
            let pos = if restart_root { 1 } else { pos };
            // remember, for a later parent, the last number of this run
            nodes.push(Node {
                line: i,
                level: h.level,
                number: h.number,
                numeral: h.numeral,
                num_start: h.num_start,
                num_end: h.num_end,
                parent,
                next_sib: None,
                prev_sib: if restart_root { None } else { prev },
                pos,
                last_child: [None; 6],
                deepest_child: None,
                inverted: false,
                suppressed,
                segment,
            });
            if let Some(slot) = last_at_level.get_mut(lvl) {
                *slot = Some(idx);
            }
            if !restart_root {
                if let Some(q) = prev.and_then(|q| nodes.get_mut(q)) {
                    q.next_sib = Some(idx);
                }
            }
            match parent {
                Some(p) => {
                    if let Some(slot) = nodes.get_mut(p).and_then(|pn| pn.last_child.get_mut(lvl)) {
                        *slot = Some(idx);
                    }
                }
                None => {
                    if let Some(slot) = root_last.get_mut(lvl) {
                        *slot = Some(idx);
                    }
                }
            }
            stack.push(idx);
            if let Some(issue) = issue {
                issues.push((issue, idx));
            }
        }
        let scope = stack.last().and_then(|&t| nodes.get(t)).map_or(99, |t| t.level);
        for m in &f.enums {
            let started = heading_seen || salutation_seen || trunc.between(0, i).is_some();
            on_marker(ctx, &trunc, &mut open, &mut nested, *m, i, scope, started, section_start, out);
        }
    }
    for s in open.iter_mut().chain(nested.iter_mut()).filter_map(Option::take) {
        close_seq(ctx, &trunc, s, Close::End(n_lines), out);
    }
    for (issue, idx) in issues {
        let mut related = Vec::new();
        if let HeadingIssue::Start { continued: true, .. } = issue {
            let node = nodes.get(idx);
            let st = node.and_then(|n| {
                let from = styles.partition_point(|s| s.segment < n.segment);
                styles.get(from..)?.iter().take_while(|s| s.segment == n.segment).find(|s| s.level == n.level)
            });
            // two or more later parents that do not restart: the document does not restart
            if let Some(st) = st.filter(|st| st.continued.len() + st.late.len() >= 2) {
                if st.restarted.is_empty() || st.continued.first() != Some(&idx) {
                    // the document's convention, or a place already named by the first one
                    continue;
                }
                related.extend(st.continued.iter().skip(1).chain(&st.restarted).copied());
            }
        }
        let before = out.len();
        report_heading(ctx, &trunc, nodes, issue, idx, out);
        if let Some(f) = out.get_mut(before) {
            let loc = ctx.config.locale;
            for r in related.iter().filter_map(|&r| nodes.get(r)) {
                let span = Span::in_line(line32(r.line), r.num_start as usize, r.num_end as usize);
                let what = if r.number == 1 {
                    loc.pick("这里重新从一编号", "numbering restarts here")
                } else {
                    loc.pick("这里沿用上一节的编号", "numbering carries on here")
                };
                f.related.push(crate::analysis::diagnostic::SpanRelated { span, message: what.to_string() });
            }
        }
    }
}

fn report_heading(
    ctx: &DocCtx,
    trunc: &Truncations,
    nodes: &[Node],
    issue: HeadingIssue,
    idx: usize,
    out: &mut Vec<Finding>,
) {
    let Some(node) = nodes.get(idx) else { return };
    let loc = ctx.config.locale;
    let span = Span::in_line(line32(node.line), node.num_start as usize, node.num_end as usize);
    let span = ctx
        .facts(node.line)
        .and_then(|f| f.numbering.heading.as_ref())
        .map_or(span, |h| Span::in_line(line32(node.line), h.marker_start as usize, h.marker_end as usize));
    let applicability = |anchor: usize| match trunc.between(anchor, node.line) {
        Some(_) => Applicability::Unsafe,
        None => Applicability::Safe,
    };
    let title = |count: usize, expected: u32| {
        let m = marker::standard_marker(node.level, expected);
        if count == 1 {
            loc.pick(format!("改为“{m}”"), format!("Renumber to “{m}”"))
        } else {
            loc.pick(
                format!("从“{m}”起依次重新编号（{count}处）"),
                format!("Renumber from “{m}” on ({count} headings)"),
            )
        }
    };
    match issue {
        HeadingIssue::Skipped { prev } | HeadingIssue::Repeated { prev } | HeadingIssue::Backward { prev } => {
            let Some(p) = nodes.get(prev) else { return };
            let lost = trunc.between(p.line, node.line);
            let app = if matches!(issue, HeadingIssue::Backward { .. }) {
                Applicability::Unsafe
            } else {
                applicability(p.line)
            };
            let fix = renumber_headings(nodes, idx, p.number + 1, title, app);
            let f = match issue {
                HeadingIssue::Skipped { .. } => heading_number_skipped::finding(ctx, node, p, lost, span),
                HeadingIssue::Repeated { .. } => heading_number_repeated::finding(ctx, node, p, lost, span),
                _ => heading_number_out_of_order::finding(ctx, node, p, span),
            };
            let f = f.with_related(
                Span::in_line(line32(p.line), p.num_start as usize, p.num_end as usize),
                loc.pick("上一个同级标题", "previous sibling heading"),
            );
            out.push(match fix {
                Some(fix) => f.with_fix(fix),
                None => f,
            });
        }
        HeadingIssue::Start { anchor, continued } => {
            let lost = trunc.between(anchor, node.line);
            let fix = renumber_headings(nodes, idx, 1, title, applicability(anchor));
            let f = heading_sequence_start::finding(
                ctx,
                node,
                nodes.get(node.parent.unwrap_or(usize::MAX)),
                continued,
                lost,
                span,
            );
            out.push(match fix {
                Some(fix) => f.with_fix(fix),
                None => f,
            });
        }
        HeadingIssue::Inverted { earlier } => {
            let Some(e) = nodes.get(earlier) else { return };
            let f = heading_level_inverted::finding(ctx, node, e, span).with_related(
                Span::in_line(line32(e.line), e.num_start as usize, e.num_end as usize),
                loc.pick("更低一级的标题出现在前", "the lower-level heading that comes first"),
            );
            out.push(f);
        }
        HeadingIssue::LevelSkip => {
            let Some(p) = node.parent.and_then(|p| nodes.get(p)) else { return };
            out.push(heading_level_skipped::finding(ctx, node, p, span));
        }
    }
}

#[expect(clippy::too_many_arguments)]
fn on_marker(
    ctx: &DocCtx,
    trunc: &Truncations,
    open: &mut [Option<Seq>; 6],
    nested: &mut [Option<Seq>; 6],
    m: EnumMarker,
    line: usize,
    scope: u8,
    started: bool,
    section_start: usize,
    out: &mut Vec<Finding>,
) {
    let fam = m.family;
    if fam == Family::Fangmian {
        return;
    }
    let item = Item { line, m, foreign: false };
    let fi = fam.index();
    if m.number == LAST {
        if let Some(s) = open.get_mut(fi).and_then(Option::as_mut) {
            s.items.push(item);
        }
        return;
    }
    // a paragraph-level item ends the in-paragraph list nested in the previous item (七是……
    // 一是…二是…三是… / 八是): the outer list resumes
    if m.para_start {
        if let Some(outer) = nested.get_mut(fi).and_then(Option::take) {
            if outer.items.last().is_some_and(|it| it.m.number != LAST && it.m.number + 1 == m.number) {
                if let Some(s) = open.get_mut(fi).and_then(Option::take) {
                    close_seq(ctx, trunc, s, Close::Restart(line), out);
                }
                if let Some(slot) = open.get_mut(fi) {
                    *slot = Some(outer);
                }
            } else {
                close_seq(ctx, trunc, outer, Close::Restart(line), out);
            }
        }
    }
    if m.number == 1 {
        let holds = open
            .get(fi)
            .and_then(Option::as_ref)
            .and_then(|s| s.items.last())
            .is_some_and(|it| it.line == line && it.m.para_start && it.m.number > 1);
        if !m.para_start && holds && nested.get(fi).is_some_and(Option::is_none) {
            // 一是 inside the paragraph of item 七是: a list of its own, nested in that item
            if let Some(slot) = nested.get_mut(fi) {
                *slot = open.get_mut(fi).and_then(Option::take);
            }
        }
        if let Some(s) = open.get_mut(fi).and_then(Option::take) {
            close_seq(ctx, trunc, s, Close::Restart(line), out);
        }
        // a list whose items open paragraphs before any heading may frame the headings that
        // follow (第一，… （一）… 第二，…): only a restart or the end closes it
        let scope = if scope == 99 && m.para_start { 0 } else { scope };
        if let Some(slot) = open.get_mut(fi) {
            *slot = Some(Seq { family: fam, items: vec![item], scope, report_late_start: false, section_start });
        }
        return;
    }
    let last_of = |s: &Seq| s.items.last().map_or(0, |it| it.m.number);
    let same_continues = open.get(fi).and_then(Option::as_ref).is_some_and(|s| last_of(s) + 1 == m.number);
    if !same_continues {
        // a mixed set: another family's open sequence that this marker continues
        let other = Family::ALL
            .iter()
            .filter(|&&g| g != fam && g != Family::Fangmian)
            .filter_map(|&g| open.get(g.index()).and_then(Option::as_ref).map(|s| (g, s)))
            .filter(|(_, s)| {
                s.items
                    .last()
                    .is_some_and(|it| it.m.number != LAST && it.m.number + 1 == m.number && line <= it.line + 4)
            })
            .max_by_key(|(_, s)| s.items.last().map(|it| (it.line, it.m.start)))
            .map(|(g, _)| g);
        if let Some(g) = other {
            if let Some(s) = open.get_mut(g.index()).and_then(Option::as_mut) {
                s.items.push(Item { foreign: true, ..item });
            }
            return;
        }
    }
    match open.get_mut(fi).and_then(Option::as_mut) {
        Some(s) => s.items.push(item),
        None => {
            if fam == Family::Shouxian {
                return; // 其次， 再次， alone are ordinary connectives
            }
            if let Some(slot) = open.get_mut(fi) {
                *slot = Some(Seq { family: fam, items: vec![item], scope, report_late_start: started, section_start });
            }
        }
    }
}

/// How an enumeration marker is written in `family` with number `n`.
pub(crate) fn enum_marker_text(family: Family, n: u8) -> Option<String> {
    let cn = marker::cn_string(u32::from(n));
    match family {
        Family::Shi => Some(format!("{cn}是")),
        Family::Yao => Some(format!("{cn}要")),
        Family::Di => Some(format!("第{cn}，")),
        Family::Qi => Some(format!("其{cn}，")),
        Family::Shouxian => match n {
            1 => Some("首先，".to_string()),
            2 => Some("其次，".to_string()),
            3 => Some("再次，".to_string()),
            _ => None,
        },
        Family::Fangmian => None,
    }
}

/// The marker as written, for messages.
pub(crate) fn enum_marker_label(family: Family, n: u8) -> String {
    match family {
        Family::Di => format!("第{}", marker::cn_string(u32::from(n))),
        Family::Qi => format!("其{}", marker::cn_string(u32::from(n))),
        Family::Shouxian if n == LAST => "最后".to_string(),
        _ => enum_marker_text(family, n).map(|s| s.trim_end_matches('，').to_string()).unwrap_or_default(),
    }
}

fn close_seq(ctx: &DocCtx, trunc: &Truncations, seq: Seq, how: Close, out: &mut Vec<Finding>) {
    let Some(first) = seq.items.first().copied() else { return };
    let fam = seq.family;
    let counted = matches!(fam, Family::Shi | Family::Yao | Family::Di | Family::Qi);
    let end_line = match how {
        Close::Heading(l) | Close::Restart(l) | Close::End(l) => l,
    };
    if counted && seq.items.len() == 1 && first.m.number == 1 {
        let lost = trunc.between(first.line, end_line.max(first.line + 1));
        // at the end of the text, only a truncation note close after the item says the list
        // was cut short by the site; otherwise the excerpt simply ends
        let cut_here = lost.is_some_and(|l| l <= first.line + NEARBY);
        if !matches!(how, Close::End(_)) || cut_here {
            out.push(enumeration_incomplete::finding(ctx, first.line, &first.m, lost));
        }
        return;
    }
    if first.m.number > 1 && seq.report_late_start && counted {
        let lost = trunc.between(seq.section_start, first.line + 1);
        let fix = renumber_enums(ctx, &seq.items, 0, 1, lost.is_some());
        let f = enumeration_out_of_sequence::finding_start(ctx, first.line, &first.m, lost);
        out.push(match fix {
            Some(fix) => f.with_fix(fix),
            None => f,
        });
    }
    let mut prev = first;
    for (k, it) in seq.items.iter().enumerate().skip(1) {
        if it.foreign {
            out.push(enumeration_mixed::finding(ctx, it.line, &it.m, fam, &prev.m));
        } else if counted && it.m.number == prev.m.number && same_item(ctx, &prev, it) {
            // the same item twice: a paragraph repeated by the source, not a numbering slip
        } else if counted && it.m.number != prev.m.number.saturating_add(1) {
            let pos = u8::try_from(k + 1).unwrap_or(u8::MAX);
            let at_position = first.m.number == 1 && it.m.number == pos;
            if !at_position {
                let lost = trunc.between(prev.line, it.line + 1);
                let fix = renumber_enums(ctx, &seq.items, k, prev.m.number.saturating_add(1), lost.is_some());
                let f = enumeration_out_of_sequence::finding(ctx, it.line, &it.m, &prev.m, lost);
                out.push(match fix {
                    Some(fix) => f.with_fix(fix),
                    None => f,
                });
            }
        }
        prev = *it;
    }
}

/// Two items with the same marker and the same text after it.
fn same_item(ctx: &DocCtx, a: &Item, b: &Item) -> bool {
    let tail = |it: &Item| {
        let f = ctx.facts(it.line)?;
        let k = f.numbering.enums.iter().position(|m| m.start == it.m.start)?;
        f.numbering.enum_tails.get(k).copied()
    };
    tail(a).is_some_and(|x| Some(x) == tail(b))
}

/// Renumbers the items of a sequence from index `from` on, counting from `expected`.
fn renumber_enums(ctx: &DocCtx, items: &[Item], from: usize, expected: u8, lost: bool) -> Option<SpanFix> {
    let loc = ctx.config.locale;
    let mut want = expected;
    let mut edits = Vec::new();
    for it in items.iter().skip(from).take(MAX_RUN) {
        if it.m.number != LAST && it.m.number != want && !it.foreign && it.m.num_start < it.m.num_end {
            edits.push(SpanFix::new("", Applicability::Safe).edit(
                Span::in_line(line32(it.line), it.m.num_start as usize, it.m.num_end as usize),
                marker::cn_string(u32::from(want)),
            ));
        }
        want = want.saturating_add(1);
    }
    let first = items.get(from)?;
    let label = enum_marker_label(first.m.family, expected);
    let title = if edits.len() == 1 {
        loc.pick(format!("改为“{label}”"), format!("Renumber to “{label}”"))
    } else {
        loc.pick(format!("从“{label}”起依次重新编号（{}处）", edits.len()), format!("Renumber from “{label}” on"))
    };
    if edits.is_empty() {
        return None;
    }
    let app = if lost { Applicability::Unsafe } else { Applicability::Safe };
    let mut fix = SpanFix::new(title, app);
    for e in edits {
        fix.edits.extend(e.edits);
    }
    Some(fix)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::analysis::Config;
    use crate::analysis::{engine::analyze_line, pass::LineResult};

    fn run(lines: &[&str], mask: &[bool]) -> Vec<(u32, &'static str)> {
        let config = Config::default();
        let results: Vec<Arc<LineResult>> = lines.iter().map(|l| Arc::new(analyze_line(l, &config))).collect();
        let text = |i: usize| lines.get(i).map(|s| s.to_string()).unwrap_or_default();
        let ctx = DocCtx { lines: &results, config: &config, line_text: &text, boilerplate_lines: mask };
        let mut out = Vec::new();
        check(&ctx, &mut out);
        out.iter().filter(|f| config.is_enabled(f.rule)).map(|f| (f.span.start.line, f.rule.code())).collect()
    }

    #[test]
    fn numbering_inside_boilerplate_lines_is_ignored() {
        let lines = ["一、提高认识", "相关文章：", "1、在全市会议上的讲话", "3、在全区会议上的讲话", "二、强化保障"];
        assert_eq!(run(&lines, &[false, true, true, true, false]), vec![]);
        // without the mask, the list would read as a broken run of headings
        assert_eq!(run(&lines, &[]), vec![(3, "LEC201")]);
    }

    #[test]
    fn a_boilerplate_line_with_a_truncation_note_still_counts() {
        let lines = [
            "（一）加强领导",
            "一是健全机制。成立……(未完,全文共4215字,当前只显示2341字)",
            "上一篇：在全市会议上的讲话",
        ];
        assert_eq!(run(&lines, &[false, true, true]), vec![(1, "LEC207")]);
    }
}
