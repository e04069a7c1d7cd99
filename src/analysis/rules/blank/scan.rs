//! The shared view of one line that every blank rule reads: its characters with byte offsets,
//! which characters sit inside quotation or title marks, and the placeholder runs (`XX`, `×××`,
//! `*`, `__`, `x.x`, `20XX`). Built once per line by the family: one O(n) pass that looks each
//! character up in a class table (64 kB, compiled in) and lists, in buffers reused from line to
//! line, the characters the rules start from (units, date and ordinal marks, brackets, quotation
//! marks); placeholder runs are sought only on a line that holds a placeholder character.
//!
//! Also the character classes the rules share (figures, placeholders, punctuation) and the
//! message helper that quotes the context of a slot.

use super::lexicon::{self, BASE, SPAN};
use super::{trad, units};
use crate::analysis::util::is_han;

/// A run of placeholder characters, by char index (half-open).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Run {
    pub start: usize,
    pub end: usize,
    /// The run holds a digit (`20XX`, `202x`): certainly a figure.
    pub has_digit: bool,
}

/// Class bits of a character (see [`CLASS`]).
const UNIT: u8 = 1; // may start a unit (`units::UNIT_STARTS`)
const MARK: u8 = 2; // recorded in `Scan::marks`
const FIGURE: u8 = 4; // a Chinese numeral of [`is_figure`]
const TRAD: u8 = 8; // a traditional character (the other bits but FIGURE are its simplified form's)
const QUOTE: u8 = 16; // opens or closes a quotation or title
const RUN: u8 = 32; // may belong to a placeholder run

/// The characters recorded in [`Scan::marks`]: those the date, ordinal, percent and name rules
/// start from.
const MARKS: &[char] = &[
    '年', '月', '日', '第', '%', '％', '‰', '、', '亲', '新', '(', '（', '[', '【', '〔', ' ', '\u{a0}', '\u{3000}',
    '\t',
];

/// Chinese numerals and words of number that [`is_figure`] accepts besides digits.
const HAN_FIGURES: &[char] = &[
    '零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '百', '千', '万', '亿', '两', '几', '数', '半',
    '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖', '拾', '佰', '仟',
];

const QUOTES: &[char] = &['“', '”', '《', '》', '「', '」', '『', '』', '〈', '〉', '"'];

/// Characters that may make a placeholder run (a cheap test before [`Scan::find_runs`]).
const RUN_CHARS: &[char] = &['X', 'x', 'Ｘ', 'ｘ', '×', '*', '＊', '_', '＿', '□', '■', '○', '〇', 'D', '☆', '~', '～'];

#[allow(clippy::indexing_slicing)] // evaluated while the crate builds: a bad index fails the build
const fn set(table: &mut [u8], offset: u32, chars: &[char], bit: u8) {
    let mut i = 0;
    while i < chars.len() {
        let k = (chars[i] as u32).wrapping_sub(offset);
        if (k as usize) < table.len() {
            table[k as usize] |= bit;
        }
        i += 1;
    }
}

/// Digits that [`is_figure`] accepts (ASCII, full-width) and 〇.
const DIGITS: &[char] = &[
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '０', '１', '２', '３', '４', '５', '６', '７', '８', '９', '〇',
];

/// Size of [`CLASS`]: the Basic Multilingual Plane (every character the lists name is there).
const BMP: usize = 0x1_0000;

#[allow(clippy::indexing_slicing)] // evaluated while the crate builds: a bad index fails the build
const fn classes() -> [u8; BMP] {
    let mut base = [0u8; BMP];
    set(&mut base, 0, units::UNIT_STARTS, UNIT);
    set(&mut base, 0, MARKS, MARK);
    set(&mut base, 0, HAN_FIGURES, FIGURE);
    set(&mut base, 0, DIGITS, FIGURE);
    set(&mut base, 0, QUOTES, QUOTE);
    set(&mut base, 0, RUN_CHARS, RUN);
    // A traditional character is read as its simplified form, and so takes that form's bits
    // (whether it is itself a figure stays its own: `is_figure` reads the bit).
    let mut table = base;
    let mut k = 0;
    while k < SPAN as usize {
        if trad::is_trad_offset(k) {
            let t = BASE as usize + k;
            let read = base[trad::simple_const(k) as usize];
            table[t] = TRAD | (read & !FIGURE) | (base[t] & FIGURE);
        }
        k += 1;
    }
    table
}

/// Class bits of every character of the Basic Multilingual Plane, by code point (64 kB; the
/// parts that Chinese text touches are ASCII, punctuation and the CJK block).
static CLASS: [u8; BMP] = classes();

fn class(c: char) -> u8 {
    CLASS.get(c as usize).copied().unwrap_or(0)
}

/// The per-line buffers of a scan, kept from line to line so that scanning allocates nothing.
/// `chars`, `marks` and `units` are sized to the longest line read and written without a
/// branch; the first `n_chars`, `n_marks` and `n_units` entries are this line's.
#[derive(Default)]
pub struct Buffers {
    chars: Vec<(u32, char)>,
    /// Char index of each quotation or title mark, and whether the text after it (up to the
    /// next mark) is inside quotation or title marks.
    quotes: Vec<(u32, bool)>,
    marks: Vec<u32>,
    units: Vec<u32>,
    n_chars: usize,
    n_marks: usize,
    n_units: usize,
}

/// What [`Buffers::read`] learnt of a line besides its characters.
pub struct Read {
    /// The line holds a traditional character (the characters read are simplified).
    pub traditional: bool,
    /// The line holds a character that may make a placeholder run.
    pub runs: bool,
}

impl Buffers {
    /// Reads `text` in one pass: its characters (traditional ones read as simplified), the
    /// positions of quotation marks, of the marks the rules start from, and of the characters
    /// that may start a unit. One table look-up per character. (Byte offsets are kept in 32
    /// bits, like the columns of a finding's span.)
    pub fn read(&mut self, text: &str) -> Read {
        let room = text.len() + 1;
        if self.chars.len() < room {
            self.chars.resize(room, (0, '\0'));
            self.marks.resize(room, 0);
            self.units.resize(room, 0);
        }
        self.quotes.clear();
        let (mut n, mut n_marks, mut n_units) = (0usize, 0usize, 0usize);
        let mut all = 0u8;
        // Local slices: the loop keeps their bounds in registers.
        let quotes = &mut self.quotes;
        let chars = self.chars.as_mut_slice();
        let marks = self.marks.as_mut_slice();
        let units = self.units.as_mut_slice();
        let (mut depth, mut ascii_quote_open) = (0i32, false);
        for ((b, c), slot) in text.char_indices().zip(chars.iter_mut()) {
            // (The mask keeps the index in the table without a bounds check; characters past the
            // BMP have no class.)
            let u = c as u32;
            let f = CLASS.get((u & 0xFFFF) as usize).copied().unwrap_or(0) & if u <= 0xFFFF { 0xFF } else { 0 };
            all |= f;
            let c = if f & TRAD != 0 { trad::simple(u.wrapping_sub(BASE)).unwrap_or(c) } else { c };
            let idx = n as u32;
            *slot = (b as u32, c);
            n += 1;
            if let Some(m) = marks.get_mut(n_marks) {
                *m = idx;
            }
            n_marks += usize::from(f & MARK != 0);
            if let Some(m) = units.get_mut(n_units) {
                *m = idx;
            }
            n_units += usize::from(f & UNIT != 0);
            if f & QUOTE != 0 {
                match c {
                    '“' | '《' | '「' | '『' | '〈' => depth += 1,
                    '”' | '》' | '」' | '』' | '〉' => depth = (depth - 1).max(0),
                    '"' => ascii_quote_open = !ascii_quote_open,
                    _ => {}
                }
                quotes.push((idx, depth > 0 || ascii_quote_open));
            }
        }
        self.n_chars = n;
        self.n_marks = n_marks;
        self.n_units = n_units;
        Read { traditional: all & TRAD != 0, runs: all & RUN != 0 }
    }

    /// The line as read (its simplified reading), for a line that holds a traditional
    /// character.
    pub fn text(&self) -> String {
        self.chars.iter().take(self.n_chars).map(|&(_, c)| c).collect()
    }
}

/// One line, scanned.
pub struct Scan<'a> {
    pub text: &'a str,
    /// The line as written, for quoting (`text` may be its simplified reading, of the same byte
    /// length).
    pub shown: &'a str,
    /// Byte offset and character, in order.
    pub chars: &'a [(u32, char)],
    /// Char index of each quotation or title mark (“ ” " 《 》 「 」 『 』 〈 〉), in order, and
    /// whether the text after it is inside quotation or title marks.
    quotes: &'a [(u32, bool)],
    pub runs: Vec<Run>,
    /// Char indices of the characters the date, ordinal, percent and name rules start from
    /// (年 月 日 第 % ％ ‰ 、 亲 新, brackets, spaces), so that those rules skip the rest.
    pub marks: &'a [u32],
    /// Char indices of the characters that may start a unit (`units::UNIT_STARTS`).
    pub units: &'a [u32],
}

impl<'a> Scan<'a> {
    /// The scan of `text` (the line's reading), from the buffers [`Buffers::read`] filled with
    /// it; `shown` is the line as written.
    pub fn new(text: &'a str, shown: &'a str, buf: &'a Buffers, read: &Read) -> Scan<'a> {
        let mut scan = Scan {
            text,
            shown,
            chars: buf.chars.get(..buf.n_chars).unwrap_or_default(),
            quotes: &buf.quotes,
            runs: Vec::new(),
            marks: buf.marks.get(..buf.n_marks).unwrap_or_default(),
            units: buf.units.get(..buf.n_units).unwrap_or_default(),
        };
        if read.runs {
            scan.runs = scan.find_runs();
        }
        scan
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// The character at char index `i`.
    pub fn ch(&self, i: usize) -> Option<char> {
        self.chars.get(i).map(|&(_, c)| c)
    }

    /// The character before char index `i`.
    pub fn before(&self, i: usize) -> Option<char> {
        i.checked_sub(1).and_then(|j| self.ch(j))
    }

    /// Byte offset of char index `i` (the line's length past the end).
    pub fn byte(&self, i: usize) -> usize {
        self.chars.get(i).map_or(self.text.len(), |&(b, _)| b as usize)
    }

    /// The text of chars `a..b` (empty when out of range).
    pub fn slice(&self, a: usize, b: usize) -> &'a str {
        if a >= b {
            return "";
        }
        self.text.get(self.byte(a)..self.byte(b)).unwrap_or("")
    }

    /// Whether chars `a..b` spell a word of the lexicon.
    pub fn is_word(&self, a: usize, b: usize) -> bool {
        b <= self.len() && lexicon::is_word(self.slice(a, b))
    }

    /// jieba's frequency of the word spelt by chars `a..b` (0 when it is not a word).
    pub fn freq(&self, a: usize, b: usize) -> u32 {
        if b > self.len() {
            return 0;
        }
        lexicon::freq(self.slice(a, b))
    }

    /// Whether chars `a..b` spell a verb or verbal noun of the lexicon.
    pub fn is_verbal(&self, a: usize, b: usize) -> bool {
        b <= self.len() && lexicon::is_verbal(self.slice(a, b))
    }

    /// Whether chars `a..b` spell a common noun of the lexicon.
    pub fn is_noun(&self, a: usize, b: usize) -> bool {
        b <= self.len() && lexicon::is_noun(self.slice(a, b))
    }

    /// Whether char index `i` is inside quotation or title marks (“…”, "…", 《…》, 「…」, 『…』,
    /// 〈…〉): the state after the last mark before it (a mark itself is not inside). O(log q).
    pub fn is_quoted(&self, i: usize) -> bool {
        if i >= self.chars.len() {
            return false;
        }
        let at = self.quotes.partition_point(|&(q, _)| (q as usize) < i);
        if self.quotes.get(at).is_some_and(|&(q, _)| q as usize == i) {
            return false;
        }
        at.checked_sub(1).and_then(|k| self.quotes.get(k)).is_some_and(|&(_, inside)| inside)
    }

    /// The index of the first character before `i`, skipping spaces (ASCII, no-break or
    /// ideographic) if there are any (at most four); and whether spaces were skipped.
    pub fn prev_skipping_space(&self, i: usize) -> (Option<usize>, bool) {
        let mut j = i;
        let mut skipped = 0;
        while let Some(k) = j.checked_sub(1) {
            match self.ch(k) {
                Some(c) if is_space(c) && skipped < 4 => {
                    skipped += 1;
                    j = k;
                }
                Some(_) => return (Some(k), skipped > 0),
                None => break,
            }
        }
        (None, skipped > 0)
    }

    /// Whether char index `i` belongs to a placeholder run.
    pub fn in_run(&self, i: usize) -> bool {
        // Runs are found left to right and do not overlap: only the last one starting at or
        // before `i` can hold it (a binary search: a long line can hold many thousands of runs).
        let k = self.runs.partition_point(|r| r.start <= i);
        k.checked_sub(1).and_then(|k| self.runs.get(k)).is_some_and(|r| i < r.end)
    }

    /// Context of a slot at char index `at` (a deletion point) for a message: up to four
    /// characters either side, with ＿ marking the slot.
    pub fn quote_slot(&self, at: usize) -> String {
        let from = context_start(self, at);
        let to = context_end(self, at);
        format!("{}＿{}", self.shown_slice(from, at), self.shown_slice(at, to))
    }

    /// Context of chars `a..b` (a placeholder) for a message.
    pub fn quote_span(&self, a: usize, b: usize) -> String {
        let from = context_start(self, a);
        let to = context_end(self, b);
        self.shown_slice(from, to).to_string()
    }

    /// Chars `a..b` as written.
    fn shown_slice(&self, a: usize, b: usize) -> &'a str {
        if a >= b {
            return "";
        }
        self.shown.get(self.byte(a)..self.byte(b)).unwrap_or("")
    }

    fn find_runs(&self) -> Vec<Run> {
        let mut runs = Vec::new();
        let n = self.len();
        let mut i = 0;
        while i < n {
            let Some(c) = self.ch(i) else { break };
            if !is_placeholder_start(self, i, c) {
                i += 1;
                continue;
            }
            // Extend: placeholder characters, a decimal point between them (x.x), and digits
            // directly before (20XX, 202x).
            let mut start = i;
            while start > 0 && self.before(start).is_some_and(|d| d.is_ascii_digit()) {
                start -= 1;
            }
            let mut end = i + 1;
            while end < n {
                let Some(d) = self.ch(end) else { break };
                if is_placeholder_char(d) && same_family(c, d) {
                    end += 1;
                } else if matches!(d, '.' | '．')
                    && self.ch(end + 1).is_some_and(|e| is_placeholder_char(e) && same_family(c, e))
                {
                    end += 2;
                } else {
                    break;
                }
            }
            let has_digit = start < i;
            i = end;
            if self.is_false_placeholder(start, end, c, has_digit) {
                continue;
            }
            runs.push(Run { start, end, has_digit });
        }
        runs
    }

    /// Placeholder-looking characters that are something else: letters of an ASCII word
    /// (XML, Xi, x86), a multiplication sign between figures (3×5), X-ray words (X光, X射线),
    /// a separator line (`***`), or `〇〇`/`○○` inside a Chinese numeral (二〇〇八).
    fn is_false_placeholder(&self, start: usize, end: usize, c: char, has_digit: bool) -> bool {
        let before = self.before(start);
        let after = self.ch(end);
        let letter_x = matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ');
        if letter_x || c == 'D' {
            if before.is_some_and(|b| b.is_ascii_alphanumeric() && !(b.is_ascii_digit() && start < end))
                || after.is_some_and(|a| a.is_ascii_alphanumeric())
            {
                return true;
            }
            // Pinyin split by a space (噀（x ùn）): a Latin letter across the space.
            let latin = |c: Option<char>| c.is_some_and(|c| !is_han(c) && c.is_alphabetic());
            if (after.is_some_and(is_space) && latin(self.ch(end + 1))) || latin(after) || latin(before) {
                return true;
            }
            // 1+X 证书, “人工智能+X”: X as a term after a plus sign.
            if matches!(before, Some('+' | '＋')) || matches!(after, Some('+' | '＋')) {
                return true;
            }
            // "iPhone X", "Windows XP": a letter run, a space, then the placeholder.
            if before.is_some_and(is_space)
                && self.before(start.saturating_sub(1)).is_some_and(|b| b.is_ascii_alphabetic())
            {
                return true;
            }
            let rest = self.slice(end, (end + 3).min(self.len()));
            if end - start == 1
                && ["光", "射线", "线", "型", "轴", "染色体", "战队", "因素", "波段", "频段"]
                    .iter()
                    .any(|w| rest.starts_with(w))
            {
                return true;
            }
        }
        if matches!(c, '×' | '*' | '＊') {
            // 3×5, 2*3: multiplication; 5*: a footnote mark. 20××年 stays a placeholder.
            let digit = |x: Option<char>| x.is_some_and(|x| x.is_ascii_digit() || is_fw_digit(x));
            let date_after = after.is_some_and(|a| matches!(a, '年' | '月' | '日' | '号'));
            let math = |x: Option<char>| {
                x.is_some_and(|x| matches!(x, '%' | '％' | '(' | '（' | ')' | '）' | '《' | '》' | '“' | '”'))
            };
            if digit(after)
                || ((digit(before) || has_digit) && !date_after)
                || (c == '×' && end - start == 1 && (math(before) || math(after)))
            {
                return true;
            }
        }
        if matches!(c, '*' | '＊') && end - start == 1 {
            // A footnote mark: 5.2%*, （注）*, 注：*为预计数.
            let note = self_before_has(self, start, '注');
            if before.is_some_and(|b| matches!(b, '%' | '％' | ')' | '）')) || note {
                return true;
            }
        }
        if matches!(c, '~' | '～') {
            // A lone tilde between two characters of Chinese words stands for a deleted year or
            // figure (「市政府在~乘势而上」「签订~度目标」); between figures it is a range (3~5年,
            // 一～二年), and elsewhere decoration.
            let word = |x: Option<char>| x.is_some_and(|x| is_han(x) && !is_figure(x));
            // 「20~~年」: tildes for the year's last digits.
            if has_digit && after == Some('年') && self.slice(start, end).matches(['~', '～']).count() >= 2 {
                return false;
            }
            return end - start != 1 || !word(before) || !word(after);
        }
        if matches!(c, '□' | '■' | '☆') && end - start == 1 {
            // A check-box bullet or a separator: at the start of the line or next to a space.
            if self.slice(0, start).trim().is_empty() || before.is_some_and(is_space) || after.is_some_and(is_space) {
                return true;
            }
        }
        if matches!(c, '*' | '＊') && end - start >= 3 && self.slice(0, self.len()).trim() == self.slice(start, end) {
            return true;
        }
        if matches!(c, '○' | '〇' | 'О') {
            if end - start < 2 {
                return true;
            }
            let numeral = |x: Option<char>| x.is_some_and(|x| "一二三四五六七八九十零".contains(x));
            if numeral(before) || numeral(after) || after == Some('后') {
                return true; // 二〇〇八, 〇〇后
            }
        }
        if matches!(c, '_' | '＿') {
            // snake_case identifiers, file names, URLs
            if before.is_some_and(|b| b.is_ascii_alphanumeric()) || after.is_some_and(|a| a.is_ascii_alphanumeric()) {
                return true;
            }
        }
        false
    }
}

/// Whether `c` occurs among the three characters before `i`.
fn self_before_has(scan: &Scan, i: usize, c: char) -> bool {
    (i.saturating_sub(3)..i).any(|k| scan.ch(k) == Some(c))
}

fn context_start(scan: &Scan, at: usize) -> usize {
    let mut from = at;
    let mut k = 0;
    while from > 0 && k < 4 {
        let Some(c) = scan.before(from) else { break };
        if matches!(c, '。' | '；' | ';' | '！' | '？') {
            break;
        }
        from -= 1;
        k += 1;
    }
    from
}

fn context_end(scan: &Scan, at: usize) -> usize {
    let mut to = at;
    let mut k = 0;
    while to < scan.len() && k < 4 {
        let Some(c) = scan.ch(to) else { break };
        if matches!(c, '。' | '；' | ';' | '！' | '？' | '，' | ',') && k > 0 {
            break;
        }
        to += 1;
        k += 1;
    }
    to
}

fn is_placeholder_start(scan: &Scan, i: usize, c: char) -> bool {
    if c == 'D' {
        // D for 党 (a filter hole): D的, D中央, D委, D员, D建, D风, D组织, D支部.
        let rest = scan.slice(i + 1, (i + 3).min(scan.len()));
        return ["的", "中央", "委", "员", "建", "风", "组织", "支部", "课", "史", "政", "纪", "性"]
            .iter()
            .any(|w| rest.starts_with(w));
    }
    is_placeholder_char(c)
}

fn same_family(a: char, b: char) -> bool {
    let xs = |c: char| matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ');
    (xs(a) && xs(b))
        || a == b
        || (matches!(a, '*' | '＊') && matches!(b, '*' | '＊'))
        || (matches!(a, '_' | '＿') && matches!(b, '_' | '＿'))
}

/// Characters that stand in for a figure or a name in templates.
pub fn is_placeholder_char(c: char) -> bool {
    matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ' | '×' | '*' | '＊' | '_' | '＿' | '□' | '■' | '○' | '〇' | '☆' | '~' | '～')
}

pub fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{3000}' | '\t')
}

pub fn is_fw_digit(c: char) -> bool {
    matches!(c, '０'..='９')
}

/// A character that is (part of) a written figure: digits, Chinese numerals, 数/几/半.
pub fn is_figure(c: char) -> bool {
    class(c) & FIGURE != 0
}

/// Punctuation, brackets and line ends: what may follow a dangling measure word.
pub fn is_punct(c: char) -> bool {
    !is_han(c) && !is_alnum(c) && !is_space(c) && !is_placeholder_char(c)
}

/// `c.is_alphanumeric()`, with the commonest characters of Chinese text (ASCII, the basic CJK
/// block, general, CJK and full-width punctuation) answered without Unicode's tables.
pub fn is_alnum(c: char) -> bool {
    let u = c as u32;
    if u < 0x80 {
        return c.is_ascii_alphanumeric();
    }
    if (BASE..BASE + SPAN).contains(&u) {
        return true;
    }
    if matches!(u, 0x2000..=0x206F | 0x3000..=0x3004 | 0x3008..=0x3020 | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20) {
        return false;
    }
    c.is_alphanumeric()
}

/// Whether `c` is a Han character.
pub fn han(c: char) -> bool {
    is_han(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_alnum_is_is_alphanumeric() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_alnum(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn classes_match_the_lists() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let k = (c as u32).wrapping_sub(BASE);
            let f = class(c);
            let read = if f & TRAD != 0 { trad::simple(k).unwrap_or(c) } else { c };
            assert_eq!(f & TRAD != 0, k < SPAN && trad::simple(k).is_some(), "{c:?}");
            assert_eq!(f & UNIT != 0, units::UNIT_STARTS.contains(&read), "{c:?}");
            assert_eq!(f & MARK != 0, MARKS.contains(&read), "{c:?}");
            assert_eq!(f & QUOTE != 0, QUOTES.contains(&read), "{c:?}");
            assert_eq!(f & RUN != 0, RUN_CHARS.contains(&read), "{c:?}");
            let figure = c.is_ascii_digit() || is_fw_digit(c) || c == '〇' || HAN_FIGURES.contains(&c);
            assert_eq!(is_figure(c), figure, "{c:?}");
        }
    }
}
