//! The numbering family's per-line facts: heading and enumeration markers as found on a line.

/// How the number of a marker is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Numeral {
    /// 一 二 … 九十九
    Chinese,
    /// 1 2 … 99
    Arabic,
    /// １ ２ … (full-width digits)
    WideArabic,
    /// ① … ⑳ (the marker is the one character)
    Circled,
    /// ⑴ … ⒇ (the marker is the one character)
    ParenDigit,
    /// ㈠ … ㈩ (the marker is the one character)
    ParenHan,
}

/// A bracket or separator of a marker, as found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Piece {
    pub start: u32,
    pub end: u32,
    pub ch: char,
}

/// A heading marker found at the start of a line.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Heading {
    /// 1 一、  2 （一）  3 1.  4 （1）  5 ①
    pub level: u8,
    /// The number the marker carries (1-based).
    pub number: u32,
    pub numeral: Numeral,
    /// Byte range of the whole marker (brackets and separator included) within the line.
    pub marker_start: u32,
    pub marker_end: u32,
    /// Byte range of the number inside the marker (what renumbering rewrites).
    pub num_start: u32,
    pub num_end: u32,
    /// Opening and closing bracket of a bracketed marker.
    pub open: Option<Piece>,
    pub close: Option<Piece>,
    /// The mark after the number (、 . ．) or after the bracket (the extra 、 of “（一）、”).
    pub sep: Option<Piece>,
    /// Byte end of the heading text (trimmed, marker included), for the outline: the text is
    /// `line[marker_start..title_end]`, cut at 60 characters ([`Heading::title`]). Kept as an
    /// offset, not a copy, so that a line's facts own no string.
    pub title_end: u32,
}

impl Heading {
    /// The heading text within its line (trimmed, marker included, at most 60 characters).
    pub fn title<'a>(&self, line: &'a str) -> &'a str {
        let text = line.get(self.marker_start as usize..self.title_end as usize).unwrap_or("");
        text.get(..text.char_indices().nth(60).map_or(text.len(), |(i, _)| i)).unwrap_or(text)
    }
}

/// Families of in-paragraph enumeration markers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    /// 一是 二是 三是
    Shi,
    /// 一要 二要 三要
    Yao,
    /// 第一， 第二， 第三，
    Di,
    /// 其一， 其二，
    Qi,
    /// 首先， 其次， 再次， 最后，
    Shouxian,
    /// 一方面 另一方面
    Fangmian,
}

impl Family {
    pub const ALL: [Family; 6] = [Family::Shi, Family::Yao, Family::Di, Family::Qi, Family::Shouxian, Family::Fangmian];
    pub fn index(self) -> usize {
        match self {
            Family::Shi => 0,
            Family::Yao => 1,
            Family::Di => 2,
            Family::Qi => 3,
            Family::Shouxian => 4,
            Family::Fangmian => 5,
        }
    }
}

/// Most mid-line item numbers kept per line.
pub const MAX_MID_ITEMS: usize = 16;

/// The number standing for 最后 (the last item of a 首先… set).
pub const LAST: u8 = u8::MAX;

/// An enumeration marker inside a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EnumMarker {
    pub family: Family,
    /// 1-based; [`LAST`] for 最后.
    pub number: u8,
    /// Byte range of the marker (for 第一， 其一， 首先， the mark after it is included).
    pub start: u32,
    pub end: u32,
    /// Byte range of the number's numeral (empty for 首先/其次/再次/最后/方面).
    pub num_start: u32,
    pub num_end: u32,
    /// The marker is followed by 、 where ， belongs (第一、): byte range of the 、.
    pub dunhao: Option<(u32, u32)>,
    /// The marker opens the paragraph (nothing but indentation or a heading marker before it).
    pub para_start: bool,
}

/// What the numbering family remembers of a line.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LineFacts {
    pub heading: Option<Heading>,
    /// Enumeration markers in the line's text, in order.
    pub enums: Vec<EnumMarker>,
    /// The line is a salutation (“同志们：”).
    pub salutation: bool,
    /// The line could be the title (short, not a sentence).
    pub title_like: bool,
    /// For each of `enums`, a hash of the text that follows the marker: the same item twice
    /// (a paragraph repeated by the source) is a duplicate, not a numbering defect.
    pub enum_tails: Vec<u32>,
    /// Heading markers run into the middle of the line after a sentence end and a space
    /// (`……技术。 （二）深化推广应用`: a layout flattened from PDF), as (level, number).
    pub inline_headings: Vec<(u8, u32)>,
    /// `5.3个……`: the item number a decimal-looking lead would be (the document pass takes it
    /// when the previous item is 4.).
    pub decimal_lead: Option<Heading>,
    /// `注：1.……`: the line opens a notes block; its first marker.
    pub note_lead: Option<Heading>,
    /// The line opens an annex or glossary (附件 / 附表 / 附录 / 名词解释).
    pub annex_start: bool,
    /// Bit `k` set: the text before `enums[k]` holds the previous item's marker written without
    /// a clause boundary (`主要目的一是……；二是……`): the list does start at one.
    pub loose_prev: u64,
    /// Item numbers written in the middle of the line (`……两人三足2、竞哥比赛3、……`, `……任务
    /// 2.宣读表彰决定`): a list flattened into one line, or items behind scraped noise. Arabic
    /// numbers followed by 、 or . and a Chinese character, at most [`MAX_MID_ITEMS`].
    pub mid_items: Vec<u32>,
    /// Bit `k` set: `enums[k]` follows a colon (`规模企业有2家：一是……`): a list announced
    /// inside the sentence, nested in the item that holds it.
    pub colon_led: u64,
    /// The line opens with a heading marker and runs on into text cut mid-sentence (a
    /// preview's numbered fragment, `2、来，我将告诉大家……旅游`).
    pub run_in_cut: bool,
    /// The line holds a sentence end (。！？): speech, where a truncation note stands beside it.
    pub sentence: bool,
    /// The line is running text that ends in a digit (`……亩均水资源量97`): an item number
    /// at the start of the next line may be the rest of that figure.
    pub ends_in_figure: bool,
    /// The line is running text that ends without a closing mark (see
    /// `rules::lost::open_end`): evidence of lost text where a heading, an empty line or the
    /// end of the text follows.
    pub open_end: bool,
}
