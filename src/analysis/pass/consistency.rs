//! The consistency family's per-line facts: administrative-level references and years.

/// An administrative level, named by the word a speech uses for its own unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// 省 (province).
    Sheng,
    /// 市 (prefecture-level or county-level city).
    Shi,
    /// 州 (autonomous prefecture).
    Zhou,
    /// 盟 (league, Inner Mongolia).
    Meng,
    /// 县 (county).
    Xian,
    /// 旗 (banner, Inner Mongolia).
    Qi,
    /// 区 (district, development zone or autonomous region: ambiguous).
    Qu,
    /// 乡 (township).
    Xiang,
    /// 镇 (town).
    Zhen,
    /// 街道 (sub-district).
    Jiedao,
}

/// How a level word is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RefKind {
    /// 全X: the whole unit.
    Whole,
    /// 我X / 本X: the speaker's own unit.
    Mine,
    /// 与X / 在X / 到X…: a unit named by its level alone (a name was dropped, or it is the
    /// speaker's own). Recorded only for 县 and 旗, where it is unambiguous.
    Prep,
    /// X委 / X政府 / X人大… after a function word or punctuation (not after a place name).
    /// `leader` when the body is the one under whose leadership the speaker works (在县委…,
    /// 贯彻县委…, 落实县委…, 按照县委…).
    Institution { leader: bool },
}

/// One reference to an administrative level on a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LevelRef {
    pub level: Level,
    pub kind: RefKind,
    /// Byte columns of the level word (the text a fix replaces).
    pub start: u32,
    pub end: u32,
}

/// How a year is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct YearRef {
    pub year: u16,
    /// Byte columns of the four digits.
    pub start: u32,
    pub end: u32,
    /// The year is named as the current one: “2019年是…”, “2019年工作”, “2019年上半年”.
    pub current: bool,
}

/// What the consistency family remembers of a line: its level references and years (usually
/// none or a few, so the slices rarely allocate; boxed slices, not vectors, to keep the facts
/// of every line small).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LineFacts {
    pub levels: Box<[LevelRef]>,
    pub years: Box<[YearRef]>,
}
