//! The consistency family's per-line scan: administrative-level references (全县, 我市, 本镇,
//! 与旗, 在县委…) and four-digit years, recorded as compact facts for the document pass.
//!
//! Only references whose level word stands for the speaker's own unit or a unit named by its
//! level alone are recorded: a level word after a place name (沂水县委, 科右中旗) names another
//! unit and is skipped, and so are the compounds in which the character is not a level at all
//! (市场, 区域, 乡村, 旗帜, 县域…).
//!
//! Complexity: one pass over the line's bytes that stops only at level characters and digits
//! ([`CharSet`]); each stop looks at one or two neighbours and a few literal prefix checks.
//! O(n).

use crate::analysis::rules::charset::{CharSet, Stops};
use crate::analysis::util::is_han;

pub use crate::analysis::pass::consistency::{Level, LevelRef, RefKind, YearRef};

impl Level {
    pub const ALL: [Level; 10] = [
        Level::Sheng,
        Level::Shi,
        Level::Zhou,
        Level::Meng,
        Level::Xian,
        Level::Qi,
        Level::Qu,
        Level::Xiang,
        Level::Zhen,
        Level::Jiedao,
    ];

    /// The word as written.
    pub fn word(self) -> &'static str {
        match self {
            Level::Sheng => "省",
            Level::Shi => "市",
            Level::Zhou => "州",
            Level::Meng => "盟",
            Level::Xian => "县",
            Level::Qi => "旗",
            Level::Qu => "区",
            Level::Xiang => "乡",
            Level::Zhen => "镇",
            Level::Jiedao => "街道",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// Rank in the hierarchy (4 province … 1 township). 市 and 区 are ambiguous (a county-level
    /// city, an autonomous region, a development zone); they get the lowest rank they can have
    /// above a township, so that only clearly lower units count as lower.
    pub fn rank(self) -> u8 {
        match self {
            Level::Sheng => 4,
            Level::Shi | Level::Zhou | Level::Meng => 3,
            Level::Xian | Level::Qi | Level::Qu => 2,
            Level::Xiang | Level::Zhen | Level::Jiedao => 1,
        }
    }

    /// Two levels that cannot both be the speaker's own unit and cannot contain one another:
    /// a county speech has no business with “全旗”, a town's with “全乡”.
    pub fn excludes(self, other: Level) -> bool {
        use Level::*;
        matches!(
            (self, other),
            (Xian, Qi)
                | (Qi, Xian)
                | (Zhou, Meng)
                | (Meng, Zhou)
                | (Xiang, Zhen)
                | (Zhen, Xiang)
                | (Xiang, Jiedao)
                | (Jiedao, Xiang)
                | (Zhen, Jiedao)
                | (Jiedao, Zhen)
        )
    }

    fn from_char(c: char) -> Option<Level> {
        Some(match c {
            '省' => Level::Sheng,
            '市' => Level::Shi,
            '州' => Level::Zhou,
            '盟' => Level::Meng,
            '县' => Level::Xian,
            '旗' => Level::Qi,
            '区' => Level::Qu,
            '乡' => Level::Xiang,
            '镇' => Level::Zhen,
            '街' => Level::Jiedao,
            _ => return None,
        })
    }

    /// Characters that, right after the level character, make a word in which the character
    /// is not a level (市场, 区域, 乡村, 旗帜…) or join two levels (县乡, 市县, 乡镇).
    fn not_level_before(self, next: char) -> bool {
        if Level::from_char(next).is_some_and(|n| n != self) {
            // 乡镇, 县区, 市县, 省市… name several levels at once (县县 in 我县县城 does not).
            return true;
        }
        let list: &str = match self {
            Level::Sheng => "份级会心钱力时略去",
            Level::Shi => "场民值面井容貌级郊辖域属直",
            Level::Zhou => "际级",
            Level::Meng => "友约国军员主誓",
            Level::Xian => "域城级直属辖",
            Level::Qi => "帜舰下袍杆手号鼓子帆号语",
            Level::Qu => "域别分间块位划隔级属直",
            Level::Xiang => "村土亲愁贤情风音里下间野邻俗",
            Level::Zhen => "静定压痛守住江纸流",
            Level::Jiedao => "",
        };
        list.contains(next)
    }
}

const INSTITUTIONS: [&str; 8] = ["委", "政府", "人民政府", "党委", "人大", "政协", "纪委", "监委"];
/// Characters after which “X委” is the speaker's own body or a superior, not a named unit's.
const FUNCTION_CHARS: &str = "在和与及同经由向对按以把将是为了的从给请受被并或让使据实彻照谢";
const PREP_CHARS: &str = "与和同在到赴向跟";
/// Words ending in 全 that are not “whole” (安全区, 健全县乡…).
const NOT_WHOLE: &str = "安健完齐周保成两十万顾俱";
/// What follows 全X when X is the unit a figure is ranked in (全市前列, 全省第一).
const RANKING: [&str; 11] = ["前列", "第", "之首", "首位", "领先", "平均", "排名", "排位", "同类", "同行", "最"];
/// Words ending in 本 that are not “this” (资本市场, 根本区别…).
const NOT_THIS: &str = "根基成资样版文课剧日原账读蓝标范脚书血老副正底稿台话母摹绘";
/// Characters before a year that make it a point of comparison or the end of a range.
const NOT_CURRENT_AFTER: &str = "比较于从自至到与和同及、—-~～－";
/// What follows “Y年” when the year is named as the current one.
const CURRENT_YEAR: [&str; 8] = ["是", "工作", "全年", "上半年", "下半年", "前三季度", "一季度", "各项工作"];

fn u32_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The characters the scan stops at: the level characters and the digits.
pub(crate) static TRIGGERS: CharSet = CharSet::new(&[
    '省', '市', '州', '盟', '县', '旗', '区', '乡', '镇', '街', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '０',
    '１', '２', '３', '４', '５', '６', '７', '８', '９',
]);
/// The level characters of [`TRIGGERS`] (its other non-ASCII characters are the full-width
/// digits).
pub(crate) const LEVEL_CHARS: [char; 10] = ['省', '市', '州', '盟', '县', '旗', '区', '乡', '镇', '街'];

/// Scans one line. Returns the level references and the years.
///
/// Only the level characters and the digits are looked at (found by [`CharSet::find`]); the
/// one or two characters before them are decoded backwards when needed.
pub fn scan(text: &str) -> (Vec<LevelRef>, Vec<YearRef>) {
    scan_at(text, Stops::Scan(&TRIGGERS, text))
}

/// [`scan`] visiting the characters `stops` gives: every level character of the line and at
/// least the first digit of every run of digits, in order.
pub(crate) fn scan_at(text: &str, mut stops: Stops) -> (Vec<LevelRef>, Vec<YearRef>) {
    let mut refs: Vec<LevelRef> = Vec::new();
    let mut years = Vec::new();
    let mut from = 0;
    while let Some((at, c)) = stops.next(from) {
        from = at + c.len_utf8();
        let mut before = text.get(..at).unwrap_or("").chars();
        let prev = before.next_back();
        if let Some(level) = Level::from_char(c) {
            let prev2 = before.next_back();
            if let Some(mut r) = level_ref(text, at, prev, prev2, level) {
                // “在县委、县政府的领导下”: the second body shares the first's role.
                if let (RefKind::Institution { .. }, Some(last)) = (r.kind, refs.last()) {
                    if last.kind == (RefKind::Institution { leader: true })
                        && last.level == r.level
                        && r.start.saturating_sub(last.end) <= 12
                    {
                        r.kind = RefKind::Institution { leader: true };
                    }
                }
                refs.push(r);
            }
            continue;
        }
        // a digit: only the first of a run may start a year
        let in_number = prev.is_some_and(|p| digit(p).is_some());
        if !in_number && !matches!(prev, Some('.' | '．')) {
            if let Some(y) = year_at(text, at, prev) {
                years.push(y);
            }
        }
        // the rest of the run cannot start one
        let rest = text.get(from..).unwrap_or("");
        from += rest.len() - rest.trim_start_matches(|d| digit(d).is_some()).len();
    }
    (refs, years)
}

/// A four-digit year 1900..=2099 followed by 年, starting at `at` (the start of a figure).
/// After a word of comparison or range (比2019年, 较2019年, 2018—2019年) it is not named as
/// the current year.
fn year_at(text: &str, at: usize, prev: Option<char>) -> Option<YearRef> {
    let rest = text.get(at..)?;
    let mut value: u32 = 0;
    let mut len = 0;
    let mut count = 0;
    for c in rest.chars() {
        let Some(d) = digit(c) else { break };
        value = value.saturating_mul(10).saturating_add(d);
        len += c.len_utf8();
        count += 1;
    }
    if count != 4 || !(1900..=2099).contains(&value) {
        return None;
    }
    let after = rest.get(len..)?.strip_prefix('年')?;
    Some(YearRef {
        year: u16::try_from(value).ok()?,
        start: u32_of(at),
        end: u32_of(at + len),
        current: CURRENT_YEAR.iter().any(|w| after.starts_with(w))
            && !prev.is_some_and(|p| NOT_CURRENT_AFTER.contains(p)),
    })
}

fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

fn level_ref(text: &str, at: usize, prev: Option<char>, prev2: Option<char>, level: Level) -> Option<LevelRef> {
    let mut end = at + '市'.len_utf8();
    if level == Level::Jiedao {
        // 街 is a level only as 街道.
        if !text.get(end..).unwrap_or("").starts_with('道') {
            return None;
        }
        end += '道'.len_utf8();
    }
    let rest = text.get(end..).unwrap_or("");
    let institution = INSTITUTIONS.iter().any(|w| rest.starts_with(w));
    let next = rest.chars().next();
    let mk = |kind| Some(LevelRef { level, kind, start: u32_of(at), end: u32_of(end) });
    if institution {
        // 县委 after a place name names another county's committee.
        // 委 as in “县委县政府”.
        let ok = match prev {
            None => true,
            Some(p) => !is_han(p) || FUNCTION_CHARS.contains(p) || p == '委',
        };
        if !ok || prev == Some('各') {
            return None;
        }
        // 在县委…领导下, 贯彻/落实/按照县委…部署: the body the speaker works under.
        return mk(RefKind::Institution { leader: matches!(prev, Some('在' | '彻' | '实' | '照')) });
    }
    if next.is_some_and(|n| level.not_level_before(n)) {
        return None;
    }
    // 全县（市、区）: several levels at once.
    if let Some(inner) = rest.strip_prefix(['(', '（']) {
        if inner.chars().next().is_some_and(|c| Level::from_char(c).is_some()) {
            return None;
        }
    }
    // 旗开得胜
    if level == Level::Qi && rest.starts_with("开得") {
        return None;
    }
    match prev {
        // 居全市前列, 全市第三: a ranking within the superior unit, not the speaker's own.
        Some('全') if RANKING.iter().any(|w| rest.starts_with(w)) => None,
        Some('全') if !prev2.is_some_and(|p| NOT_WHOLE.contains(p)) => mk(RefKind::Whole),
        Some('我') if prev2 != Some('自') => mk(RefKind::Mine),
        Some('本') if !prev2.is_some_and(|p| NOT_THIS.contains(p)) && !rest.starts_with('本') => mk(RefKind::Mine),
        Some(p) if PREP_CHARS.contains(p) && matches!(level, Level::Xian | Level::Qi) => mk(RefKind::Prep),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(&'static str, RefKind)> {
        scan(text).0.iter().map(|r| (r.level.word(), r.kind)).collect()
    }

    #[test]
    fn finds_self_references_and_institutions() {
        assert_eq!(
            kinds("全县上下，我县、本县；与旗开展，在县委的领导下"),
            vec![
                ("县", RefKind::Whole),
                ("县", RefKind::Mine),
                ("县", RefKind::Mine),
                ("旗", RefKind::Prep),
                ("县", RefKind::Institution { leader: true }),
            ]
        );
    }

    #[test]
    fn a_body_listed_after_a_leading_one_leads_too() {
        let leader = RefKind::Institution { leader: true };
        assert_eq!(kinds("在县委、县政府的领导下"), vec![("县", leader), ("县", leader)]);
        assert_eq!(kinds("在县委县政府的领导下"), vec![("县", leader), ("县", leader)]);
        assert_eq!(kinds("在市委、县政府"), vec![("市", leader), ("县", RefKind::Institution { leader: false })]);
    }

    #[test]
    fn skips_compounds_and_named_units() {
        assert!(
            kinds("完全市场化，全区域覆盖，全乡村振兴，沂水县委，科右中旗，悬挂道旗，健全县乡村三级体系").is_empty()
        );
        assert!(kinds("资本市场，根本区别，本乡本土，旗开得胜，各县委").is_empty());
        assert!(kinds("全县（市、区）、全县(区)").is_empty());
        assert!(kinds("增速居全市前列，总量全市第三，高于全省平均").is_empty());
        assert_eq!(kinds("我县县城，全市市直部门"), vec![("县", RefKind::Mine), ("市", RefKind::Whole)]);
        assert_eq!(kinds("全县（含开发区）").len(), 1);
    }

    #[test]
    fn records_years_with_current_year_frame() {
        let (_, years) = scan("2019年是决胜之年，从2018年的3%提升至2020年");
        let v: Vec<(u16, bool)> = years.iter().map(|y| (y.year, y.current)).collect();
        assert_eq!(v, vec![(2019, true), (2018, false), (2020, false)]);
        let (_, years) = scan("较2020年全年，2019—2020年工作");
        assert!(years.iter().all(|y| !y.current), "{years:?}");
        let (_, years) = scan("做好２０２４年工作，增长12345年");
        assert_eq!(years.len(), 1);
        assert!(years.first().is_some_and(|y| y.year == 2024 && y.current));
    }

    /// The scan written plainly, character by character (what [`scan`] must agree with).
    fn scan_plain(text: &str) -> (Vec<LevelRef>, Vec<YearRef>) {
        let mut refs: Vec<LevelRef> = Vec::new();
        let mut years = Vec::new();
        let (mut prev, mut prev2): (Option<char>, Option<char>) = (None, None);
        let mut in_number = false;
        for (at, c) in text.char_indices() {
            if let Some(level) = Level::from_char(c) {
                if let Some(mut r) = level_ref(text, at, prev, prev2, level) {
                    if let (RefKind::Institution { .. }, Some(last)) = (r.kind, refs.last()) {
                        if last.kind == (RefKind::Institution { leader: true })
                            && last.level == r.level
                            && r.start.saturating_sub(last.end) <= 12
                        {
                            r.kind = RefKind::Institution { leader: true };
                        }
                    }
                    refs.push(r);
                }
            } else if !in_number && digit(c).is_some() && !matches!(prev, Some('.' | '．')) {
                if let Some(y) = year_at(text, at, prev) {
                    years.push(y);
                }
            }
            in_number = digit(c).is_some();
            prev2 = prev;
            prev = Some(c);
        }
        (refs, years)
    }

    proptest::proptest! {
        #[test]
        fn scan_agrees_with_the_plain_scan(pieces in proptest::collection::vec(proptest::sample::select(vec![
            "全", "县", "我", "本", "在", "市", "委", "政府", "旗", "街", "道", "区", "乡", "镇", "省", "州", "盟", "2019",
            "２０２４", "1", "年", "是", "工作", ".", "．", "比", "、", "，", "（", "自", "资", "开得", "前列", "x", "𠀀", "9",
        ]), 0..30)) {
            let text: String = pieces.concat();
            proptest::prop_assert_eq!(scan(&text), scan_plain(&text));
        }
    }

    #[test]
    fn trigger_lists_agree() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let listed = LEVEL_CHARS.contains(&c) || ('０'..='９').contains(&c) || c.is_ascii_digit();
            assert_eq!(TRIGGERS.has(c as u32), listed, "{c:?}");
        }
    }

    #[test]
    fn jiedao_is_two_characters() {
        let (refs, _) = scan("全街道，街头");
        assert_eq!(refs.len(), 1);
        assert!(refs.first().is_some_and(|r| r.level == Level::Jiedao && r.end - r.start == 6));
    }
}
