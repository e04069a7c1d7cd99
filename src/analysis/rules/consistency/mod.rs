//! Family 5xx: consistency — traces of another template (administrative levels, years).
//!
//! A template written for one place or level and adapted for another keeps traces of the old
//! one: “全旗” in a speech that says “全县” everywhere else, “在县委的领导下” in a city's speech,
//! “2019年是…之年” in a draft about 2024. The local pass records, per line, the few
//! level references and years it holds ([`scan`]); the document pass counts them over the
//! non-boilerplate lines ([`Tally`]) and reports the references that disagree with the
//! draft's own majority. O(lines) after the scan.

mod institution_level_mismatch;
mod level_word_mismatch;
pub mod scan;
mod stale_year;

use crate::analysis::diagnostic::Finding;
pub use crate::analysis::pass::consistency::LineFacts;
use crate::analysis::pass::{DocCtx, LineCtx};
use crate::analysis::registry::RuleMeta;
use crate::analysis::rules::charset::Stops;

pub use scan::{Level, LevelRef, RefKind, YearRef};

pub static RULES: &[&RuleMeta] = &[&level_word_mismatch::META, &institution_level_mismatch::META, &stale_year::META];

/// Collects the line's facts (level references, years).
pub fn check_line(ctx: &LineCtx, _out: &mut Vec<Finding>) -> LineFacts {
    let (levels, years) = scan::scan(ctx.text);
    LineFacts { levels: levels.into_boxed_slice(), years: years.into_boxed_slice() }
}

/// [`check_line`] given the offsets of the line's level characters and of the first digit of
/// each run of digits when a shared scan recorded them.
pub(crate) fn check_line_at(ctx: &LineCtx, stops: Option<&[u32]>) -> LineFacts {
    let (levels, years) = match stops {
        Some(at) => scan::scan_at(ctx.text, Stops::Recorded(at, ctx.text, 0)),
        None => scan::scan(ctx.text),
    };
    LineFacts { levels: levels.into_boxed_slice(), years: years.into_boxed_slice() }
}

/// Compares the lines' facts with the document's majority.
pub fn check_document(ctx: &DocCtx, out: &mut Vec<Finding>) {
    let tally = Tally::new(ctx);
    level_word_mismatch::check(ctx, &tally, out);
    institution_level_mismatch::check(ctx, &tally, out);
    stale_year::check(ctx, out);
}

/// How often the draft refers to each level as itself, over non-boilerplate lines.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// 全X per level ([`Level::index`]).
    pub whole: [u32; 10],
    /// 我X and 本X per level.
    pub mine: [u32; 10],
    /// The first self reference to each level, as (line, start, end) of the level word.
    pub first: [Option<(u32, u32, u32)>; 10],
    /// Bodies (X委, X政府…) named by level alone, per level.
    pub bodies: [u32; 10],
}

impl Tally {
    pub fn new(ctx: &DocCtx) -> Tally {
        let mut t = Tally::default();
        for (i, l) in ctx.lines.iter().enumerate() {
            if ctx.is_boilerplate(i) {
                continue;
            }
            for r in &l.facts.consistency.levels {
                let slot = match r.kind {
                    RefKind::Whole => t.whole.get_mut(r.level.index()),
                    RefKind::Mine => t.mine.get_mut(r.level.index()),
                    RefKind::Institution { .. } => {
                        if let Some(n) = t.bodies.get_mut(r.level.index()) {
                            *n += 1;
                        }
                        None
                    }
                    RefKind::Prep => None,
                };
                if let Some(n) = slot {
                    *n += 1;
                    if let Some(f @ None) = t.first.get_mut(r.level.index()) {
                        *f = Some((u32::try_from(i).unwrap_or(u32::MAX), r.start, r.end));
                    }
                }
            }
        }
        t
    }

    /// Self references (全X, 我X, 本X) to a level.
    pub fn count(&self, l: Level) -> u32 {
        self.whole.get(l.index()).copied().unwrap_or(0) + self.mine.get(l.index()).copied().unwrap_or(0)
    }

    /// Weight of the evidence that `l` is the speaker's own level: 我X/本X say it outright,
    /// 全X may also name a superior (全省, 全市 in a county's speech).
    pub fn score(&self, l: Level) -> u32 {
        self.whole.get(l.index()).copied().unwrap_or(0) + 3 * self.mine.get(l.index()).copied().unwrap_or(0)
    }

    /// The speaker's own level: the clear winner by [`Tally::score`], if any.
    pub fn own(&self) -> Option<Level> {
        let mut best: Option<(Level, u32)> = None;
        let mut second = 0;
        for l in Level::ALL {
            let s = self.score(l);
            match best {
                Some((_, b)) if s > b => {
                    second = b;
                    best = Some((l, s));
                }
                Some(_) => second = second.max(s),
                None => best = Some((l, s)),
            }
        }
        best.filter(|&(_, s)| s >= 3 && s > second).map(|(l, _)| l)
    }

    /// The level a stray “全县”/“全旗” should have been in a city's or district's draft: the
    /// draft's own level when it is 市 or 区, used at least five times and four times as often,
    /// and the draft names no county body at all (a development zone inside a county says
    /// 全区 for itself and 全县、县委 for its superior; a city that tells of one county names its
    /// 县委 too).
    pub fn city_for_county(&self, l: Level) -> Option<Level> {
        let own = self.own()?;
        let n = self.count(own);
        (matches!(own, Level::Shi | Level::Qu)
            && matches!(l, Level::Xian | Level::Qi)
            && self.bodies.get(l.index()).copied().unwrap_or(0) == 0
            && n >= 5
            && n >= 4 * self.count(l))
        .then_some(own)
    }

    /// Bodies (X委, X政府…) of a level named by level alone.
    pub fn body_count(&self, l: Level) -> u32 {
        self.bodies.get(l.index()).copied().unwrap_or(0)
    }

    /// The span of the first self reference to `l` (to show next to a leftover).
    /// The finding both level rules report: the word `r` at `line`, where the draft's own word
    /// is `target`; an unsafe fix replaces it, and the draft's first own word is related.
    pub fn leftover(
        &self,
        meta: &'static RuleMeta,
        locale: crate::analysis::Locale,
        line: u32,
        r: &LevelRef,
        target: Level,
        message: String,
    ) -> Finding {
        use crate::analysis::diagnostic::{Applicability, Span, SpanFix};
        let t = target.word();
        let span = Span::in_line(line, r.start as usize, r.end as usize);
        let fix = SpanFix::new(locale.pick(format!("改为“{t}”"), format!("Replace with “{t}”")), Applicability::Unsafe)
            .edit(span, t);
        let mut f = Finding::new(crate::analysis::registry::Rule(meta), span, message).with_fix(fix);
        if let Some(first) = self.first_span(target) {
            f = f.with_related(first, locale.pick(format!("本文第一处“{t}”"), format!("first “{t}” in the draft")));
        }
        f
    }

    pub fn first_span(&self, l: Level) -> Option<crate::analysis::diagnostic::Span> {
        let (line, s, e) = self.first.get(l.index()).copied().flatten()?;
        Some(crate::analysis::diagnostic::Span::in_line(line, s as usize, e as usize))
    }

    /// The level that an exclusive peer `l` should have been: a peer (县 for 旗) that the draft
    /// uses at least three times and at least three times as often as `l`.
    ///
    /// The peer must be the draft's own level or above it: a county's speech that tells of
    /// one town (“全镇”) and one township (“全乡”) has no leftover.
    pub fn majority_peer(&self, l: Level) -> Option<Level> {
        let own = self.own();
        Level::ALL
            .into_iter()
            .filter(|&p| p.excludes(l))
            .filter(|&p| own.is_none_or(|o| o == p || p.rank() >= o.rank()))
            .map(|p| (p, self.count(p)))
            .filter(|&(_, n)| n >= 3 && n >= 3 * self.count(l))
            .max_by_key(|&(_, n)| n)
            .map(|(p, _)| p)
    }
}

/// What the family reads from the shared scan: where the level characters are, and the first
/// digit of every run of digits ([`scan::TRIGGERS`]).
pub(crate) const STOPS: crate::analysis::rules::ScanStops =
    crate::analysis::rules::ScanStops { family: "consistency", chars: &scan::LEVEL_CHARS, digit_runs: true };

/// The consistency family (5xx), as the engine drives it.
pub struct Consistency;

impl crate::analysis::rules::Family for Consistency {
    super::family_basics!("consistency", RULES, LineFacts => consistency);
    fn check_line(
        &self,
        ctx: &LineCtx,
        scan: &crate::analysis::rules::SharedScan,
        _out: &mut Vec<Finding>,
    ) -> LineFacts {
        check_line_at(ctx, scan.stops(STOPS.family))
    }
    fn check_document(&self, ctx: &DocCtx, out: &mut Vec<Finding>) -> Option<Vec<bool>> {
        check_document(ctx, out);
        None
    }
    fn memoised(&self) -> bool {
        true
    }
    /// The tally reads the level references and years and which lines are wholly boilerplate.
    fn inputs_changed(&self, a: &crate::analysis::pass::LineFacts, b: &crate::analysis::pass::LineFacts) -> bool {
        a.consistency != b.consistency || a.boilerplate.whole_line != b.boilerplate.whole_line
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::{analyze, apply_fixes, Category, Config, Diagnostic};
    use proptest::prelude::*;

    fn consistency(text: &str) -> Vec<Diagnostic> {
        use crate::analysis::check::Select;
        let select = Select::Category(Category::Consistency);
        analyze(text, &Config::default()).diagnostics.into_iter().filter(|d| select.matches(d)).collect()
    }

    #[test]
    fn seed_reports_banner_leftovers() {
        let text = include_str!("../../../../tests/fixtures/consistency/scraped-speech.txt");
        let found = consistency(text);
        let lines: Vec<u32> = found.iter().map(|d| d.span.start.line + 1).collect();
        assert!(lines.contains(&50), "{found:#?}");
        assert!(lines.contains(&54), "{found:#?}");
        assert!(found.iter().all(|d| d.message.contains("处为“县”")), "{found:#?}");
    }

    #[test]
    fn city_speech_from_a_county_template() {
        let text = include_str!("../../../../tests/fixtures/consistency/city-leftovers.txt");
        let found: Vec<(u32, &str, String)> = consistency(text)
            .iter()
            .map(|d| (d.span.start.line + 1, d.code(), d.range.slice(text).to_string()))
            .collect();
        assert_eq!(
            found,
            vec![
                (9, "LEC502", "县".to_string()),
                (9, "LEC502", "县".to_string()),
                (9, "LEC501", "县".to_string()),
                (13, "LEC503", "2019".to_string()),
            ]
        );
    }

    #[test]
    fn no_diagnostic_on_finished_county_report() {
        for text in [
            include_str!("../../../../tests/fixtures/consistency/county-report.txt"),
            include_str!("../../../../tests/fixtures/consistency/city-report.txt"),
            include_str!("../../../../tests/fixtures/consistency/town-report.txt"),
        ] {
            let found = consistency(text);
            assert!(found.is_empty(), "{found:#?}");
        }
    }

    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "全县",
            "全旗",
            "我镇",
            "本乡",
            "全乡",
            "与旗",
            "在县委",
            "、县政府",
            "全市",
            "全区",
            "街道",
            "全街道",
            "2019年是",
            "2024年工作",
            "2024年上半年",
            "２０２３年",
            "12345年",
            "县",
            "旗",
            "（市、区）",
            "𠀀",
            "😀",
            "\n",
            "\r\n",
            "。",
            "，",
            " ",
            "一、",
            "本",
            "全",
        ])
    }

    proptest! {
        #[test]
        fn findings_lie_on_char_boundaries_and_fixes_apply(pieces in prop::collection::vec(piece(), 0..60)) {
            let text: String = pieces.concat();
            for d in consistency(&text) {
                prop_assert!(text.is_char_boundary(d.range.start) && text.is_char_boundary(d.range.end));
                prop_assert!(!d.range.slice(&text).is_empty());
                if let Some(f) = &d.fix {
                    let (_, n) = apply_fixes(&text, [f]);
                    prop_assert_eq!(n, 1);
                }
            }
        }
    }
}
