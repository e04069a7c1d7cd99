//! Family 2xx: heading numbering, in-paragraph enumerations, marker punctuation and the
//! outline.
//!
//! The local pass parses each line once ([`marker`]): the heading marker at its start
//! (一、 （一） 1. （1） ①, full- and half-width, standard and common non-standard spellings,
//! Markdown `#` headings too), the enumeration markers in its text (一是 二要 第三， 其一
//! 首先 一方面), and whether it could be the title or the salutation. The marker-punctuation
//! rules (LEC211–LEC215) run there. The facts are compact and kept per line.
//!
//! The document pass ([`structure`]) reads only those facts: it nests the headings, checks
//! every sibling run and every enumeration sequence (LEC201–LEC209) and builds the outline
//! (in `analysis::outline`). Lines that are wholly boilerplate (related-article lists, site
//! tables of contents) are skipped, except a line that carries a truncation note, which is
//! content cut short.

mod enumeration_incomplete;
mod enumeration_mixed;
mod enumeration_out_of_sequence;
mod heading_level_inverted;
mod heading_level_skipped;
mod heading_number_out_of_order;
mod heading_number_repeated;
mod heading_number_skipped;
mod heading_sequence_start;
pub mod marker;
mod marker_arabic_dunhao;
mod marker_cn_numeral_dot;
mod marker_extra_mark;
mod marker_halfwidth_bracket;
mod ordinal_dunhao;
mod outline;
pub(crate) mod structure;

use crate::analysis::diagnostic::Finding;
use crate::analysis::outline::OutlineItem;
pub use crate::analysis::pass::numbering::LineFacts;
use crate::analysis::pass::{DocCtx, LineCtx};
use crate::analysis::registry::RuleMeta;
use crate::analysis::rules::charset::Stops;

pub use marker::{EnumMarker, Family, Heading};

pub static RULES: &[&RuleMeta] = &[
    &heading_number_skipped::META,
    &heading_number_repeated::META,
    &heading_sequence_start::META,
    &heading_number_out_of_order::META,
    &heading_level_inverted::META,
    &heading_level_skipped::META,
    &enumeration_incomplete::META,
    &enumeration_out_of_sequence::META,
    &enumeration_mixed::META,
    &marker_extra_mark::META,
    &marker_arabic_dunhao::META,
    &marker_halfwidth_bracket::META,
    &marker_cn_numeral_dot::META,
    &ordinal_dunhao::META,
];

/// Parses the line's markers and runs the marker-punctuation rules.
pub fn check_line(ctx: &LineCtx, out: &mut Vec<Finding>) -> LineFacts {
    check_line_at(ctx, out, None)
}

/// What the family reads from the shared scan: where the characters an enumeration marker can
/// start with are.
pub(crate) const STOPS: crate::analysis::rules::ScanStops =
    crate::analysis::rules::ScanStops { family: "numbering", chars: &marker::ENUM_LEAD_CHARS, digit_runs: false };

/// [`check_line`] given the offsets of the line's [`marker::ENUM_LEADS`] characters when a
/// shared scan recorded them.
pub(crate) fn check_line_at(ctx: &LineCtx, out: &mut Vec<Finding>, leads: Option<&[u32]>) -> LineFacts {
    let text = ctx.text;
    let heading = marker::parse_heading(text);
    let from = heading.as_ref().map_or_else(|| marker::content_start(text), |h| h.marker_end as usize);
    let stops = match leads {
        Some(at) => Stops::Recorded(at, text, 0),
        None => Stops::Scan(&marker::ENUM_LEADS, text),
    };
    let enums = marker::scan_enumerations_at(text, from, stops);
    if let Some(h) = &heading {
        marker_extra_mark::check(ctx, h, out);
        marker_arabic_dunhao::check(ctx, h, out);
        marker_halfwidth_bracket::check(ctx, h, out);
        marker_cn_numeral_dot::check(ctx, h, out);
    }
    for m in &enums {
        ordinal_dunhao::check(ctx, m, out);
    }
    let salutation = heading.is_none() && marker::is_salutation(text);
    let title_like = heading.is_none() && !salutation && marker::is_title_like(text);
    let enum_tails = enums.iter().map(|m| marker::tail_hash(text, m.end as usize)).collect();
    let inline_headings = marker::inline_headings(text, from);
    let decimal_lead = if heading.is_none() { marker::parse_decimal_lead(text) } else { None };
    let note_lead = if heading.is_none() { marker::parse_note_lead(text) } else { None };
    let annex_start = heading.is_none() && marker::is_annex_start(text);
    let loose_prev = if enums.is_empty() { 0 } else { marker::loose_prev(text, from, &enums) };
    let mid_items = marker::mid_items(text, from);
    let ends_in_figure = heading.is_none() && marker::ends_in_figure(text);
    let colon_led = if enums.is_empty() { 0 } else { marker::colon_led(text, &enums) };
    let run_in_cut = heading.is_some() && crate::analysis::rules::lost::open_end(text);
    let open_end = heading.is_none() && crate::analysis::rules::lost::open_end(text);
    LineFacts {
        heading,
        enums,
        salutation,
        title_like,
        open_end,
        enum_tails,
        inline_headings,
        decimal_lead,
        note_lead,
        annex_start,
        loose_prev,
        mid_items,
        ends_in_figure,
        colon_led,
        run_in_cut,
        sentence: text.contains(['。', '！', '？']),
    }
}

/// Checks heading and enumeration sequences across the document.
pub fn check_document(ctx: &DocCtx, out: &mut Vec<Finding>) {
    structure::check(ctx, out);
}

/// Builds the outline: title, salutation and the heading tree.
pub fn outline(ctx: &DocCtx) -> Vec<OutlineItem> {
    outline::build(ctx)
}

/// The numbering family (2xx), as the engine drives it.
pub struct Numbering;

impl crate::analysis::rules::Family for Numbering {
    super::family_basics!("numbering", RULES, LineFacts => numbering);
    fn check_line(
        &self,
        ctx: &LineCtx,
        scan: &crate::analysis::rules::SharedScan,
        out: &mut Vec<Finding>,
    ) -> LineFacts {
        if scan.table.is_table() {
            // a table's rows and captions hold neither headings nor enumerations
            return LineFacts::default();
        }
        check_line_at(ctx, out, scan.stops(STOPS.family))
    }
    fn check_document(&self, ctx: &DocCtx, out: &mut Vec<Finding>) -> Option<Vec<bool>> {
        check_document(ctx, out);
        None
    }
    fn memoised(&self) -> bool {
        true
    }
    /// The heading structure reads the numbering facts, the truncation notes, which lines are
    /// empty, which are wholly boilerplate and which are table lines.
    fn inputs_changed(&self, a: &crate::analysis::pass::LineFacts, b: &crate::analysis::pass::LineFacts) -> bool {
        a.numbering != b.numbering
            || a.boilerplate.truncation != b.boilerplate.truncation
            || a.boilerplate.whole_line != b.boilerplate.whole_line
            || a.is_empty != b.is_empty
            || a.table != b.table
    }
    fn outline(&self, ctx: &DocCtx) -> Option<Vec<OutlineItem>> {
        Some(outline(ctx))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    //! Helpers for the family's tests: run the whole engine and look at one family's output.

    use crate::analysis::config::RuleSetting;
    use crate::analysis::{analyze, fix_all, Applicability, Category, Config};

    fn line_of(text: &str, offset: usize) -> usize {
        text.get(..offset).map_or(0, |s| s.matches('\n').count()) + 1
    }

    /// `(1-based line, message)` of every finding of `code`.
    pub(crate) fn codes(text: &str, code: &str) -> Vec<(usize, String)> {
        codes_with(text, code, true)
    }

    /// Like [`codes`], with the rule switched on or off explicitly.
    pub(crate) fn codes_with(text: &str, code: &str, enabled: bool) -> Vec<(usize, String)> {
        let mut config = Config::default();
        config.set_rule(code, RuleSetting { enabled: Some(enabled), severity: None });
        analyze(text, &config)
            .diagnostics
            .into_iter()
            .filter(|d| d.code() == code)
            .map(|d| (line_of(text, d.range.start), d.message))
            .collect()
    }

    /// Codes of every `numbering` finding (default configuration).
    pub(crate) fn numbering_codes(text: &str) -> Vec<&'static str> {
        analyze(text, &Config::default())
            .diagnostics
            .iter()
            .filter(|d| d.category() == Category::Numbering)
            .map(|d| d.code())
            .collect()
    }

    /// Fix titles and applicabilities of the numbering family's fixes.
    pub(crate) fn fixes(text: &str) -> Vec<(String, Applicability)> {
        analyze(text, &Config::default())
            .diagnostics
            .into_iter()
            .filter(|d| crate::analysis::rules::family_of(d.rule) == Some("numbering"))
            .filter_map(|d| d.fix)
            .map(|f| (f.title, f.applicability))
            .collect()
    }

    /// The text after every safe fix.
    pub(crate) fn fixed(text: &str) -> String {
        fix_all(text, &Config::default(), false).0
    }

    /// The text after every safe and unsafe fix.
    pub(crate) fn fixed_unsafe(text: &str) -> String {
        fix_all(text, &Config::default(), true).0
    }
}
