//! The rule families. Each family is a folder with one file per rule and a `mod.rs` that
//! lists its rules (`RULES`), runs its local checks on one line (`check_line`, returning the
//! family's compact per-line facts) and, where it needs the whole document, its document
//! checks over those facts (`check_document`).

pub mod blank;
pub mod boilerplate;
pub(crate) mod charset;
pub mod consistency;
pub mod length;
pub mod lost;
pub mod meta;
pub mod numbering;
pub mod punctuation;

use std::sync::LazyLock;

use super::diagnostic::Finding;
use super::outline::OutlineItem;
use super::pass::{DocCtx, LineCtx, LineFacts};
use super::registry::{Rule, RuleMeta};

/// A rule family as the engine drives it: its rules, its local checks on one line (giving its
/// compact per-line facts), its document checks over those facts, and what its document pass
/// reads (so that a memo knows when it may reuse the last result).
///
/// The engine runs the families in the order of [`FAMILIES`], line pass and document pass
/// alike, and names none of them.
pub trait Family: Sync + 'static {
    /// What the family remembers of a line (its slot in [`LineFacts`]).
    type Facts;
    /// The family's folder name under `rules/` (`blank`, `numbering`…).
    fn name(&self) -> &'static str;
    /// The family's rules, for the table.
    fn rules(&self) -> &'static [&'static RuleMeta];
    /// Local checks on one non-empty line. `out` already holds the findings of the families
    /// before this one.
    fn check_line(&self, ctx: &LineCtx, scan: &SharedScan, out: &mut Vec<Finding>) -> Self::Facts;
    /// Puts the family's facts in their slot.
    fn store(&self, facts: Self::Facts, all: &mut LineFacts);
    /// Document checks over the line facts. Returns the lines the family finds to be no part
    /// of the speech (the families after it see them in [`DocCtx::boilerplate_lines`]).
    fn check_document(&self, _ctx: &DocCtx, _out: &mut Vec<Finding>) -> Option<Vec<bool>> {
        None
    }
    /// `true` when the document pass reads nothing but the facts [`Family::inputs_changed`]
    /// compares, the mask of non-speech lines and the configuration: its last result may then
    /// be reused when none of them changed. `false` (the default): it runs every time.
    fn memoised(&self) -> bool {
        false
    }
    /// Whether a line's facts differ, between two results of that line, in anything this
    /// family's document pass reads.
    fn inputs_changed(&self, a: &LineFacts, b: &LineFacts) -> bool {
        a != b
    }
    /// The heading tree, for the family that builds it.
    fn outline(&self, _ctx: &DocCtx) -> Option<Vec<OutlineItem>> {
        None
    }
}

/// The items of a [`Family`] impl that only name things: the family's folder name, its rules,
/// and its facts type with its slot in [`LineFacts`] (none: facts `()`, nothing stored).
/// `super::family_basics!("blank", RULES, LineFacts => blank);` inside the impl.
macro_rules! family_basics {
    ($name:literal, $rules:expr) => {
        type Facts = ();
        fn name(&self) -> &'static str {
            $name
        }
        fn rules(&self) -> &'static [&'static crate::analysis::registry::RuleMeta] {
            $rules
        }
        fn store(&self, _facts: (), _all: &mut crate::analysis::pass::LineFacts) {}
    };
    ($name:literal, $rules:expr, $facts:ty => $slot:ident) => {
        type Facts = $facts;
        fn name(&self) -> &'static str {
            $name
        }
        fn rules(&self) -> &'static [&'static crate::analysis::registry::RuleMeta] {
            $rules
        }
        fn store(&self, facts: $facts, all: &mut crate::analysis::pass::LineFacts) {
            all.$slot = facts;
        }
    };
}
pub(crate) use family_basics;

/// [`Family`] without its facts type, so that the families can sit in one list.
pub trait AnyFamily: Sync {
    fn name(&self) -> &'static str;
    fn rules(&self) -> &'static [&'static RuleMeta];
    /// Runs the local checks and stores the facts.
    fn check_line_into(&self, ctx: &LineCtx, scan: &SharedScan, out: &mut Vec<Finding>, facts: &mut LineFacts);
    fn check_document(&self, ctx: &DocCtx, out: &mut Vec<Finding>) -> Option<Vec<bool>>;
    fn memoised(&self) -> bool;
    fn inputs_changed(&self, a: &LineFacts, b: &LineFacts) -> bool;
    fn outline(&self, ctx: &DocCtx) -> Option<Vec<OutlineItem>>;
}

impl<F: Family> AnyFamily for F {
    fn name(&self) -> &'static str {
        Family::name(self)
    }
    fn rules(&self) -> &'static [&'static RuleMeta] {
        Family::rules(self)
    }
    fn check_line_into(&self, ctx: &LineCtx, scan: &SharedScan, out: &mut Vec<Finding>, facts: &mut LineFacts) {
        let f = Family::check_line(self, ctx, scan, out);
        self.store(f, facts);
    }
    fn check_document(&self, ctx: &DocCtx, out: &mut Vec<Finding>) -> Option<Vec<bool>> {
        Family::check_document(self, ctx, out)
    }
    fn memoised(&self) -> bool {
        Family::memoised(self)
    }
    fn inputs_changed(&self, a: &LineFacts, b: &LineFacts) -> bool {
        Family::inputs_changed(self, a, b)
    }
    fn outline(&self, ctx: &DocCtx) -> Option<Vec<OutlineItem>> {
        Family::outline(self, ctx)
    }
}

/// The families, in the order the engine runs them: boilerplate first (the length family
/// leaves its inline spans out of a line's count, and the document passes after it skip the
/// lines it marks), numbering before punctuation (a heading marker's half-width brackets are
/// reported once, by the marker rule).
pub static FAMILIES: &[&dyn AnyFamily] = &[
    &boilerplate::Boilerplate,
    &blank::Blank,
    &lost::Lost,
    &numbering::Numbering,
    &punctuation::Punctuation,
    &consistency::Consistency,
    &length::Length,
    &meta::Meta,
];

static ALL: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    let mut v: Vec<Rule> = FAMILIES.iter().flat_map(|f| f.rules().iter().map(|m| Rule(m))).collect();
    v.sort();
    v
});

/// Every rule, sorted by code.
pub fn all() -> &'static [Rule] {
    &ALL
}

/// The name of the family that lists `rule` (`numbering` for LEC211, whose category is
/// punctuation): what a test selects when it means "everything this family reports".
pub fn family_of(rule: Rule) -> Option<&'static str> {
    FAMILIES.iter().find(|f| f.rules().iter().any(|m| Rule(m) == rule)).map(|f| f.name())
}

impl Rule {
    /// Finds a rule by code (`LEC101`, any case) or kebab-case name.
    pub fn find(key: &str) -> Option<Rule> {
        let key = key.trim();
        all().iter().copied().find(|r| r.code().eq_ignore_ascii_case(key) || r.name() == key)
    }
}

/// What a family asks the shared scan to record on every line.
pub(crate) struct ScanStops {
    /// The family's name ([`Family::name`]).
    pub family: &'static str,
    /// Characters outside ASCII whose byte offsets are recorded.
    pub chars: &'static [char],
    /// Whether the first digit of every run of digits (ASCII or full-width) is recorded too.
    pub digit_runs: bool,
}

/// The families that read character positions from the shared scan, each with what it asks
/// for: slot `i` of [`SharedScan::stops`]. The families declare their stops; the scan knows
/// none of their characters.
const STOP_SETS: [ScanStops; 2] = [numbering::STOPS, consistency::STOPS];
const SLOTS: usize = STOP_SETS.len();

const FULL_WIDTH_DIGITS: [char; 10] = ['０', '１', '２', '３', '４', '５', '６', '７', '８', '９'];
/// The tag of a full-width digit in [`SHARED_STOPS`] (slot `i`'s characters are tagged `1 << i`).
const WIDE_DIGIT: u8 = 1 << SLOTS;

/// The groups of [`SHARED_STOPS`]: each slot's characters, and the full-width digits.
#[allow(clippy::indexing_slicing)] // evaluated while the crate builds: a bad index fails the build
const fn stop_groups() -> [(&'static [char], u8); SLOTS + 1] {
    let mut g: [(&'static [char], u8); SLOTS + 1] = [(&[], 0); SLOTS + 1];
    let mut i = 0;
    while i < SLOTS {
        g[i] = (STOP_SETS[i].chars, 1 << i);
        i += 1;
    }
    g[SLOTS] = (&FULL_WIDTH_DIGITS, WIDE_DIGIT);
    g
}

/// The non-ASCII characters the shared scan records (the ASCII digits are tested directly).
static SHARED_STOPS: charset::CharMap = charset::CharMap::new(&stop_groups());

/// One decoding pass over a non-empty line, shared by the families: it counts the line's
/// characters and its 字数 and records where the characters some families look for are
/// ([`STOP_SETS`]), so that none of them scans the line again.
pub struct SharedScan {
    pub chars: u32,
    pub zi: u32,
    /// The positions each slot of [`STOP_SETS`] asked for.
    stops: [charset::Positions; SLOTS],
    /// The line as part of a table ([`crate::analysis::pass::table`]).
    pub table: crate::analysis::pass::table::TableLine,
}

impl SharedScan {
    pub fn of(text: &str) -> SharedScan {
        let mut chars: u32 = 0;
        let mut stops = [charset::Positions::default(); SLOTS];
        let zi = crate::text::zi_count_visiting(text, |i, c, prev_digit| {
            chars = chars.saturating_add(1);
            if c < 0x80 {
                // of ASCII, only the digits matter: the first of a run
                if c.wrapping_sub(0x30) < 10 && !prev_digit {
                    for (slot, set) in stops.iter_mut().zip(&STOP_SETS) {
                        if set.digit_runs {
                            slot.push(i);
                        }
                    }
                }
                return;
            }
            let tag = SHARED_STOPS.tag(c);
            if tag == 0 {
                return;
            }
            let run_start = tag & WIDE_DIGIT != 0 && !prev_digit;
            for (k, (slot, set)) in stops.iter_mut().zip(&STOP_SETS).enumerate() {
                if tag & (1 << k) != 0 || (run_start && set.digit_runs) {
                    slot.push(i);
                }
            }
        });
        let table = crate::analysis::pass::table::classify(text);
        SharedScan { chars, zi, stops, table }
    }

    /// The byte offsets the family named `family` asked for ([`STOP_SETS`]), in order; `None`
    /// when there were too many to record, or the family asked for none (it then scans for
    /// itself).
    pub(crate) fn stops(&self, family: &str) -> Option<&[u32]> {
        let slot = STOP_SETS.iter().position(|s| s.family == family)?;
        self.stops.get(slot)?.get()
    }
}

/// A heading marker written with half-width brackets, `(二)`, is reported once, by the numbering
/// family's marker rule (whose fix writes the standard form); the general half-width punctuation
/// findings inside it are dropped. O(findings on the line).
pub(crate) fn drop_nested_punctuation(out: &mut Vec<Finding>, first_new: usize) {
    use super::diagnostic::Category;
    let markers: Vec<(u32, u32)> = out
        .get(..first_new)
        .unwrap_or(&[])
        .iter()
        .filter(|f| f.rule.category() == Category::Punctuation)
        .map(|f| (f.span.start.col, f.span.end.col))
        .collect();
    if markers.is_empty() {
        return;
    }
    let mut i = 0;
    out.retain(|f| {
        let new = i >= first_new;
        i += 1;
        !(new
            && f.rule.category() == Category::Punctuation
            && markers.iter().any(|&(s, e)| s <= f.span.start.col && f.span.end.col <= e))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each family that asks the shared scan for positions is a family, asks once, and gets
    /// what it would find by scanning for itself.
    #[test]
    fn scan_stops_belong_to_families() {
        for (i, set) in STOP_SETS.iter().enumerate() {
            assert!(FAMILIES.iter().any(|f| f.name() == set.family), "{}", set.family);
            assert!(STOP_SETS.iter().skip(i + 1).all(|s| s.family != set.family), "{}", set.family);
        }
        assert!(FULL_WIDTH_DIGITS.iter().copied().eq('０'..='９'));
        let line = "一、全市１２个区县和3个乡镇（二）完成１０项，2023年";
        let scan = SharedScan::of(line);
        let at = |p: &[u32]| -> String { p.iter().filter_map(|&i| line.get(i as usize..)?.chars().next()).collect() };
        assert_eq!(scan.stops("numbering").map(at).as_deref(), Some("一二"));
        assert_eq!(scan.stops("consistency").map(at).as_deref(), Some("市１区县3乡镇１2"));
        assert_eq!(scan.stops("length"), None);
    }

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let rules = all();
        assert!(!rules.is_empty());
        for (i, a) in rules.iter().enumerate() {
            assert!(a.code().len() == 6 && a.code().starts_with("LEC"), "{a:?}");
            assert!(a.code()[3..].chars().all(|c| c.is_ascii_digit()), "{a:?}");
            assert!(a.name().chars().all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()), "{a:?}");
            for b in &rules[i + 1..] {
                assert_ne!(a.code(), b.code());
                assert_ne!(a.name(), b.name());
            }
        }
    }

    use crate::analysis::{Category, Config};

    /// The code rule of `registry`: a rule's hundreds digit names the family that lists it
    /// (one digit per family), whatever its category; the rules whose category is not their
    /// family's are exactly the documented LEC211–LEC215.
    #[test]
    fn code_blocks_name_the_finding_family() {
        let mut digits = std::collections::BTreeSet::new();
        let mut other_category = Vec::new();
        for f in FAMILIES {
            // The lost-text family (LEC108, LEC109) shares the 1xx block with the blanks: lost
            // text is unfilled content too (documented in the README's rules section).
            if f.name() == "lost" {
                continue;
            }
            let rules = f.rules();
            let first = rules.first().expect("a family lists its rules");
            let digit = first.code.as_bytes()[3];
            assert!(digits.insert(digit), "two families share the {}xx block", digit as char);
            // the family's category: the one most of its rules have
            let family_category = |c: Category| rules.iter().filter(|r| r.category == c).count();
            let main = rules.iter().map(|r| r.category).max_by_key(|&c| family_category(c)).expect("rules");
            for r in rules {
                assert_eq!(r.code.as_bytes()[3], digit, "{} is listed by the {}xx family", r.code, digit as char);
                if r.category != main {
                    other_category.push(r.code);
                }
            }
        }
        other_category.sort_unstable();
        assert_eq!(other_category, ["LEC211", "LEC212", "LEC213", "LEC214", "LEC215"]);
    }

    proptest::proptest! {
        /// The shared scan gives each family what its own scan would.
        #[test]
        fn shared_scan_agrees_with_each_familys_own_scan(pieces in proptest::collection::vec(proptest::sample::select(vec![
            "一是", "二要", "第三，", "其一，", "其次，", "首先，", "再次，", "最后，", "一方面", "另一方面", "十一是", "全县", "我市",
            "在县委", "县政府", "2019年是", "２０２４年工作", "1", "12345", ".", "．", "，", "。", "（一）", "一、", "1.", "GDP", "𠀀",
            "街道", "旗", " ", "\u{3000}", "%", "ä", "x",
        ]), 1..60)) {
            let text: String = pieces.concat();
            if !text.trim().is_empty() {
                let config = Config::default();
                let ctx = LineCtx { text: &text, config: &config };
                let shared = SharedScan::of(&text);
                let mut a = Vec::new();
                let mut b = Vec::new();
                proptest::prop_assert_eq!(
                    numbering::check_line(&ctx, &mut a),
                    numbering::check_line_at(&ctx, &mut b, shared.stops("numbering"))
                );
                proptest::prop_assert_eq!(a, b);
                proptest::prop_assert_eq!(
                    consistency::check_line(&ctx, &mut Vec::new()),
                    consistency::check_line_at(&ctx, shared.stops("consistency"))
                );
                proptest::prop_assert_eq!(length::check_line(&ctx, &[]), length::check_line_counted(&ctx, &[], Some(shared.zi)));
                proptest::prop_assert_eq!(shared.chars as usize, text.chars().count());
            }
        }
    }
}
