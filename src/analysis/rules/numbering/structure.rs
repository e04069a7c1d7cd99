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
    /// The lines with a truncation note the site wrote (未完, 全文共…字), without the lines
    /// merely cut mid-sentence.
    notes: Vec<usize>,
}

impl Truncations {
    fn new(ctx: &DocCtx) -> Self {
        let mut lines = Vec::new();
        let mut notes = Vec::new();
        for (i, l) in ctx.lines.iter().enumerate() {
            if l.facts.boilerplate.truncation.is_some() {
                lines.push(i);
                notes.push(i);
            } else if (l.facts.numbering.open_end && crate::analysis::rules::lost::cuts_before_more_text(ctx, i))
                || (l.facts.numbering.run_in_cut && !ctx.is_boilerplate(i))
            {
                lines.push(i);
            }
        }
        Truncations { lines, notes }
    }
    /// The first truncation note or cut on lines `a..b`.
    pub(crate) fn between(&self, a: usize, b: usize) -> Option<usize> {
        let k = self.lines.partition_point(|&l| l < a);
        self.lines.get(k).copied().filter(|&l| l < b)
    }
    /// The first truncation note (written by the site) on lines `a..b`.
    fn note_between(&self, a: usize, b: usize) -> Option<usize> {
        let k = self.notes.partition_point(|&l| l < a);
        self.notes.get(k).copied().filter(|&l| l < b)
    }
    /// A line cut mid-sentence (no note) on lines `a..b`: a preview that shows fragments.
    fn cut_between(&self, a: usize, b: usize) -> bool {
        let k = self.lines.partition_point(|&l| l < a);
        self.lines.iter().skip(k).take_while(|&&l| l < b).any(|l| self.notes.binary_search(l).is_err())
    }
}

/// Where the excerpt's text starts: the first line that is neither empty, nor boilerplate,
/// nor a title, nor only a truncation note. A note alone on a line before it marks where the
/// site's excerpt begins (开头部分已省略), not text lost inside the speech.
fn opening(ctx: &DocCtx) -> usize {
    ctx.lines
        .iter()
        .enumerate()
        .find(|&(i, l)| {
            let f = &l.facts;
            let only_note = f.boilerplate.truncation.is_some() && !f.numbering.sentence;
            let masked = ignored(ctx, i);
            let title = f.numbering.title_like && f.boilerplate.truncation.is_none();
            !f.is_empty && !masked && !title && !only_note
        })
        .map_or(ctx.lines.len(), |(i, _)| i)
}

/// Heading lines the document pass leaves out besides the boilerplate ones:
/// - an item of a boilerplate list: a heading next to a boilerplate line (with only empty or
///   boilerplate lines between) that holds the item before or after it in the same style
///   (`1. 部分包含数学公式…` above a masked `2. 本文档由用户上传…`);
/// - the rest of a figure: an Arabic item number at the start of a line right after running
///   text that ends in a digit (`……亩均水资源量97` / `6、全国的1/12`).
fn left_out(ctx: &DocCtx) -> Vec<bool> {
    let n = ctx.lines.len();
    let mut out = vec![false; n];
    let heading = |i: usize| ctx.facts(i).and_then(|f| f.numbering.heading.as_ref());
    let blank_or_masked = |i: usize| ctx.facts(i).is_none_or(|f| f.is_empty) || ctx.is_boilerplate(i);
    let neighbour = |out: &[bool], i: usize, step: isize| -> bool {
        let Some(h) = heading(i) else { return false };
        let want = if step < 0 { h.number.checked_sub(1) } else { h.number.checked_add(1) };
        let mut j = i;
        for _ in 0..8 {
            let Some(k) = j.checked_add_signed(step).filter(|&k| k < n) else { return false };
            j = k;
            if let Some(o) = heading(j) {
                let masked = ctx.is_boilerplate(j) || out.get(j).copied().unwrap_or(false);
                return masked && o.level == h.level && Some(o.number) == want;
            }
            if !blank_or_masked(j) {
                return false;
            }
        }
        false
    };
    for i in 0..n {
        if !ctx.is_boilerplate(i) && neighbour(&out, i, -1) {
            if let Some(slot) = out.get_mut(i) {
                *slot = true;
            }
        }
    }
    for i in (0..n).rev() {
        if !ctx.is_boilerplate(i) && neighbour(&out, i, 1) {
            if let Some(slot) = out.get_mut(i) {
                *slot = true;
            }
        }
    }
    for i in 1..n {
        let wrapped = heading(i).is_some_and(|h| h.level == 3 && h.open.is_none())
            && ctx.facts(i - 1).is_some_and(|f| f.numbering.ends_in_figure)
            && !ctx.is_boilerplate(i - 1);
        if wrapped {
            if let Some(slot) = out.get_mut(i) {
                *slot = true;
            }
        }
    }
    out
}

/// The item number `number` written in the middle of one of the lines `a..=b`.
fn mid_item_between(ctx: &DocCtx, a: usize, b: usize, number: u32) -> bool {
    (a..=b).any(|i| ctx.facts(i).is_some_and(|f| f.numbering.mid_items.contains(&number)))
}

/// `1.2011年高考再创辉煌` read as item 1: the next item of that level (before any higher
/// heading, within a few dozen lines) is 2.
fn next_item_follows(ctx: &DocCtx, i: usize, number: u32) -> bool {
    for j in i + 1..ctx.lines.len().min(i + 40) {
        if ignored(ctx, j) {
            continue;
        }
        if let Some(h) = ctx.facts(j).and_then(|f| f.numbering.heading.as_ref()) {
            return h.level == 3 && h.number == number + 1;
        }
    }
    false
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
    let opening = opening(ctx);
    let left = left_out(ctx);
    let tables = ctx.table_blocks();
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
        if ignored(ctx, i) || tables.get(i).is_some_and(|t| t.is_table()) {
            // (a table's title, unit line and header rows hold no headings either)
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
        // (and `1.2011年高考……` before item 2. is item 1)
        let decimal = f.decimal_lead.as_ref().filter(|d| {
            let prev_num = |k: Option<usize>| k.and_then(|k| nodes.get(k)).map(|n| n.number);
            let under = stack.last().and_then(|&t| nodes.get(t)).and_then(|t| t.last_child.get(3).copied().flatten());
            let lvl3 = last_at_level.get(3).copied().flatten();
            let after_prev =
                [prev_num(under), prev_num(lvl3)].contains(&Some(d.number.saturating_sub(1))) && d.number > 1;
            after_prev || (d.number == 1 && under.is_none() && next_item_follows(ctx, i, 1))
        });
        let own = f.heading.as_ref().filter(|_| !left.get(i).copied().unwrap_or(false));
        let heading = own.or(decimal).or(f.note_lead.as_ref());
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
                        let speech_started = salutation_seen || trunc.between(opening, i).is_some();
                        // the item before it written in the middle of a line since its parent
                        // (`（一）宣传报道 1、6月1日……` / `2、6月2日……`)
                        let inline_before = h.level >= 3
                            && parent.is_some()
                            && i > anchor
                            && (mid_item_between(ctx, anchor, anchor, n - 1)
                                || mid_item_between(ctx, i - 1, i - 1, n - 1));
                        if n > 1
                            && !inline_before
                            && (parent.is_some() || (h.level == 1 && speech_started) || fresh_scope)
                        {
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
                        // the next item written in the middle of a line: the list went on there
                        let ql = q_line(nodes, q);
                        let went_on = h.level >= 3 && i > ql && mid_item_between(ctx, ql, i - 1, pn + 1);
                        if n == pn + 1 {
                            None
                        } else if n == pn && !went_on {
                            Some(HeadingIssue::Repeated { prev: q })
                        } else if n == pn || n == pos {
                            None
                        } else if n > pn && !went_on && !inline_between(ctx, ql, i, h.level, pn + 1) {
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
            // a list whose first item sits in the middle of a paragraph after the excerpt's
            // opening shows its start
            let started = heading_seen
                || salutation_seen
                || trunc.between(opening, i).is_some()
                || (!m.para_start && i > opening);
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
    let colon = ctx.facts(line).is_some_and(|f| {
        f.numbering
            .enums
            .iter()
            .position(|x| x.start == m.start)
            .is_some_and(|k| k < 64 && f.numbering.colon_led & (1 << k) != 0)
    });
    // a paragraph-level item ends the in-paragraph list nested in the previous item (七是……
    // 一是…二是…三是… / 八是), and so does an item that goes on from the outer list and not
    // from the nested one (一是……有2家：一是…；二是…。二是……): the outer list resumes
    let inner_goes_on = open
        .get(fi)
        .and_then(Option::as_ref)
        .and_then(|s| s.items.last())
        .is_some_and(|it| it.m.number != LAST && it.m.number + 1 == m.number);
    if m.para_start || (m.number > 1 && !inner_goes_on) {
        let outer_goes_on = nested
            .get(fi)
            .and_then(Option::as_ref)
            .and_then(|s| s.items.last())
            .is_some_and(|it| it.m.number != LAST && it.m.number + 1 == m.number);
        if let Some(outer) = nested.get_mut(fi).filter(|_| m.para_start || outer_goes_on).and_then(Option::take) {
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
            .is_some_and(|it| it.line == line && ((it.m.para_start && it.m.number > 1) || colon));
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
                // 首先…其次…其三…其四: 其三 goes on from 其次 in its own words
                let goes_on = g == Family::Shouxian
                    && fam == Family::Qi
                    && s.items.iter().any(|it| it.m.family == Family::Shouxian && it.m.number == 2);
                s.items.push(Item { foreign: !goes_on, ..item });
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
        let cut_here =
            trunc.note_between(first.line, end_line.max(first.line + 1)).is_some_and(|l| l <= first.line + NEARBY);
        // a line cut mid-sentence after the item (a preview's fragment, with no note from the
        // site): the list may go on in the text not shown
        let fragment = lost.is_some() && trunc.note_between(first.line, end_line.max(first.line + 1)).is_none();
        if (!matches!(how, Close::End(_)) && !fragment) || cut_here {
            out.push(enumeration_incomplete::finding(ctx, first.line, &first.m, lost));
        }
        return;
    }
    // the item before the first one written without a boundary (`目的一是……；二是`), or a
    // preview's fragment (a line cut mid-sentence just before the section): not a late start
    let loose = ctx.facts(first.line).is_some_and(|f| {
        f.numbering
            .enums
            .iter()
            .position(|m| m.start == first.m.start)
            .is_some_and(|k| k < 64 && f.numbering.loose_prev & (1 << k) != 0)
    });
    let fragment = trunc.cut_between(seq.section_start.saturating_sub(1), first.line);
    if first.m.number > 1 && seq.report_late_start && counted && !loose && !fragment {
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
    fn an_item_of_a_boilerplate_list_is_boilerplate_too() {
        // the boilerplate family masked 2. and 4. of the site's notice; 1. and 3. go with them
        let lines =
            ["1.部分文档预览时可能显示错乱", "2.本文档由用户上传", "3.下载前请仔细阅读", "4.付费后未能下载请联系客服"];
        assert_eq!(run(&lines, &[false, true, false, true]), vec![]);
        let lines =
            ["（一）牢牢把握重点", "2.为防止资源被随意传播，本站部分文稿需要会员", "3.本站所有资源来源于用户上传"];
        assert_eq!(run(&lines, &[false, false, true]), vec![]);
    }

    fn numbering(text: &str) -> Vec<&'static str> {
        crate::analysis::rules::numbering::tests::numbering_codes(text)
    }

    #[test]
    fn a_truncation_note_that_opens_the_excerpt_is_its_start() {
        let text = "全镇安全生产工作总结\n……(开头部分已省略1935字)\n（六）强化督查。今年以来开展检查5次。\n二、存在的问题\n虽然取得进展，但仍有不足。\n";
        assert_eq!(numbering(text), Vec::<&str>::new());
    }

    #[test]
    fn items_written_in_the_middle_of_a_line_carry_the_list_on() {
        let text = "一、会议议程\n1.总结全年工作，部署今年任务 2.宣读表彰决定\n3.为获奖单位颁奖 4.请领导讲话\n";
        assert_eq!(numbering(text), Vec::<&str>::new());
        let text = "七、活动流程：\n1、游戏：抢凳子2、唱歌比赛3、我想对你说\n\n1、中午开会决定如何筹备晚会\n";
        assert_eq!(numbering(text), Vec::<&str>::new());
        let text = "（一）宣传报道 1、6月1日上午，召开新闻发布会。\n\n2、6月2日至30日，开设专栏连续报道。\n";
        assert_eq!(numbering(text), Vec::<&str>::new());
        // a real gap is still one
        let text = "一、会议议程\n1.总结全年工作，部署今年任务\n3.为获奖单位颁奖\n";
        assert_eq!(numbering(text), vec!["LEC201"]);
    }

    #[test]
    fn a_figure_broken_over_two_lines_is_not_an_item() {
        let text = "一、项目背景\n全县水资源总量1.2亿立方米，人均仅170立方米，亩均97立方米，不足全省的1/\n6、全国的1/12。近年来，全县上下形成共识。\n";
        assert_eq!(numbering(text), Vec::<&str>::new());
    }

    #[test]
    fn a_decimal_looking_first_item_before_item_two() {
        let text = "一、主要成绩\n1.2011年高考再创佳绩，上线率为71.43%。\n2.学业水平测试再传捷报。\n";
        assert_eq!(numbering(text), Vec::<&str>::new());
        // alone, it stays a figure
        let text = "一、主要成绩\n1.2011年高考再创佳绩。\n";
        assert_eq!(numbering(text), Vec::<&str>::new());
    }

    #[test]
    fn measures_times_and_ordinals_next_to_markers() {
        let text = "各位代表：\n一、五年工作回顾\n二、今后五年的目标\n";
        assert_eq!(numbering(text), Vec::<&str>::new());
        let text = "七、活动流程\n1、7:45集合\n2、8:00出发\n3、9:30宣布开始\n4、活动结束\n";
        assert_eq!(numbering(text), Vec::<&str>::new());
        let text = "一、综合\n第一产业增加值增长6%；第二、第三产业的比重分别回落。\n";
        assert_eq!(numbering(text), Vec::<&str>::new());
    }

    #[test]
    fn the_first_item_written_without_a_boundary() {
        let text = "同志们：\n今天召开会议，主要目的一是认清形势；二是学习知识。\n";
        assert_eq!(numbering(text), Vec::<&str>::new());
    }

    #[test]
    fn a_list_announced_by_a_colon_inside_an_item() {
        let text = "一、发展经济\n一是工业成果丰硕。规模企业有2家：一是制药厂；二是轮胎厂。二是农业初具规模。三是服务业增长。\n";
        assert_eq!(numbering(text), Vec::<&str>::new());
    }

    #[test]
    fn qici_goes_on_as_qisan() {
        let text = "同志们：\n首先，要提高认识；其次，要加强领导；其三，要落实责任；其四，要强化督查。\n";
        assert_eq!(numbering(text), Vec::<&str>::new());
        // 首先…其次…第三 is still a mix
        let text = "同志们：\n首先，要提高认识；其次，要加强领导；第三，要落实责任。\n";
        assert_eq!(numbering(text), vec!["LEC209"]);
    }

    #[test]
    fn fragments_of_a_preview_are_not_judged() {
        let text = "1、在县委会议上的发言。今年，全镇深入推进乡村振\n2、为产业园建设筑牢基础。三是发挥示范作用。大力发展特色产\n3、资源开发等多个项目。第一，肯定成绩，振奋精神。全县以科学发展观为指\n";
        assert_eq!(numbering(text), Vec::<&str>::new());
    }

    #[test]
    fn a_list_whose_start_is_in_view_is_judged() {
        // no heading and no salutation, but the paragraph before the first item is in view
        let text = "全镇召开人代会。\n会上，镇长作报告指出，一年来完成了各项工作：克服资金制约，推进项目建设；二是改善民生；三是加强治理。\n";
        assert_eq!(numbering(text), vec!["LEC208"]);
        // the excerpt's first line may be cut anywhere: not judged
        let text = "会上，镇长作报告指出，一年来完成了各项工作：克服资金制约；二是改善民生；三是加强治理。\n";
        assert_eq!(numbering(text), Vec::<&str>::new());
    }

    #[test]
    fn annexes_restart_and_their_numbering_is_checked() {
        let body = "各省人民政府：\n一、总体要求\n（一）指导思想。\n（二）工作目标。\n二、主要任务\n（一）完善指标。\n\n附件：1.考核指标\n2.考核流程\n\n";
        let annexes = "附件1\n考核指标\n一、医疗质量\n1.门诊人次数。\n2.出院人次数。\n3.手术占比。\n二、运营效率\n1.人员支出占比。\n附件2\n考核流程\n一、数据采集\n二、结果运用\n";
        assert_eq!(numbering(&format!("{body}{annexes}")), Vec::<&str>::new());
        // a gap inside an annex is found; so is an annex list that starts above one
        let gap = annexes.replace("3.手术占比", "4.手术占比");
        assert_eq!(numbering(&format!("{body}{gap}")), vec!["LEC201"]);
        let late = annexes.replace("附件2\n考核流程\n一、数据采集\n二、", "附件2\n考核流程\n二、数据采集\n三、");
        assert_eq!(numbering(&format!("{body}{late}")), vec!["LEC203"]);
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
