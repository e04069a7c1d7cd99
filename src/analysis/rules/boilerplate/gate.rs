//! Character gates: which of the family's patterns can match a line at all, from one scan of
//! its characters.
//!
//! For each gated pattern, the syntax tree tells a set of characters of which every match holds
//! at least one (a literal's rarest character, a small class, the union over an alternation,
//! the cheapest part of a concatenation). A table maps every character to the patterns it may
//! open; one pass over a line ORs those bits into a mask, and a pattern whose bit is clear
//! cannot match the line, nor any part of it, so it is not run. A traditional character carries
//! the bits of its simplified form too, so the mask of a line covers its simplified reading.
//! Characters outside the Basic Multilingual Plane open every gate.
//!
//! Complexity: O(n) per line, one table look-up per character.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex_syntax::hir::{Class, Hir, HirKind};

use crate::analysis::util::Pattern;

/// Bits of the mask.
pub(crate) const TRAD: u64 = 1 << 0;
pub(crate) const TONE: u64 = 1 << 1;
pub(crate) const PAYWALL: u64 = 1 << 2;
pub(crate) const SENTENCE_CHROME: u64 = 1 << 3;
pub(crate) const INLINE: u64 = 1 << 4;
pub(crate) const WATERMARK: u64 = 1 << 5;
pub(crate) const COUNTER: u64 = 1 << 6;
pub(crate) const ADDRESS: u64 = 1 << 7;
pub(crate) const SITE_NAME: u64 = 1 << 8;
pub(crate) const LIST_HEADER: u64 = 1 << 9;
pub(crate) const DATE_ONLY: u64 = 1 << 10;
pub(crate) const SITE_PREFIX: u64 = 1 << 11;
pub(crate) const SLOGAN: u64 = 1 << 12;
/// Not a gate: the line holds whitespace.
pub(crate) const SPACE: u64 = 1 << 13;
pub(crate) const SENTENCE_LABEL: u64 = 1 << 14;
/// The first of the bits of `site_chrome`'s whole-line triggers (one bit each).
pub(crate) const TRIGGER_SHIFT: u32 = 16;

/// The most frequent characters of speeches and news text, most frequent first (`gate_chars.txt`),
/// and pairs of characters in a row (`gate_pairs.txt`): the cost of a character or pair when
/// choosing which one a gate waits for (speed only, never correctness).
const COMMON_CHARS: &str = include_str!("gate_chars.txt");
const COMMON_PAIRS: &str = include_str!("gate_pairs.txt");

/// The rows of a frequency file: `#` comments and blank lines skipped.
fn frequency_rows(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The character of a row of `gate_chars.txt`: the character itself, or `U+XXXX`.
fn row_char(row: &str) -> Option<char> {
    match row.strip_prefix("U+") {
        Some(hex) => u32::from_str_radix(hex, 16).ok().and_then(char::from_u32),
        None => {
            let mut c = row.chars();
            c.next().filter(|_| c.next().is_none())
        }
    }
}

/// The pair of a row of `gate_pairs.txt`.
fn row_pair(row: &str) -> Option<(char, char)> {
    let mut c = row.chars();
    match (c.next(), c.next(), c.next()) {
        (Some(a), Some(b), None) => Some((a, b)),
        _ => None,
    }
}

/// Whitespace (skipped when pairing characters) and “second character of a gated pair”: flags
/// of the table's entries, not gates.
const WS: u64 = 1 << 63;
const SECOND: u64 = 1 << 62;
const FIRST: u64 = 1 << 61;

/// One thing a line must hold for a pattern to match: a character, or two characters in a row
/// (whitespace between them allowed).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Atom {
    Char(char),
    Pair(char, char),
}

/// The cost of each listed character and pair (built with the table, then dropped).
struct Costs {
    chars: HashMap<char, u64>,
    pairs: HashMap<(char, char), u64>,
}

impl Costs {
    fn new() -> Costs {
        let mut chars = HashMap::new();
        for (r, c) in frequency_rows(COMMON_CHARS).filter_map(row_char).enumerate() {
            chars.entry(c).or_insert(20_000 / (r as u64 + 1) + 20);
        }
        let mut pairs = HashMap::new();
        for (r, p) in frequency_rows(COMMON_PAIRS).filter_map(row_pair).enumerate() {
            pairs.entry(p).or_insert(4_000 / (r as u64 + 1) + 5);
        }
        Costs { chars, pairs }
    }

    fn atom(&self, a: Atom) -> u64 {
        match a {
            Atom::Char(c) => self.chars.get(&c).copied().unwrap_or(10),
            Atom::Pair(a, b) => self.pairs.get(&(a, b)).copied().unwrap_or(2),
        }
    }

    fn set(&self, s: &[Atom]) -> u64 {
        s.iter().map(|&a| self.atom(a)).sum()
    }
}

/// Atoms of which every match of `h` holds one; `None` when there is no such small set.
fn required(h: &Hir, costs: &Costs) -> Option<Vec<Atom>> {
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => None,
        HirKind::Literal(lit) => {
            let s = std::str::from_utf8(&lit.0).ok()?;
            let chars: Vec<char> = s.chars().collect();
            let singles = chars.iter().map(|&c| Atom::Char(c));
            let pairs = chars.windows(2).filter_map(|w| match *w {
                [a, b] if !a.is_whitespace() && !b.is_whitespace() => Some(Atom::Pair(a, b)),
                _ => None,
            });
            singles.chain(pairs).min_by_key(|&a| costs.atom(a)).map(|a| vec![a])
        }
        HirKind::Class(Class::Unicode(cls)) => {
            let size: u32 = cls.ranges().iter().map(|r| u32::from(r.end()) - u32::from(r.start()) + 1).sum();
            (size <= 64).then(|| cls.ranges().iter().flat_map(|r| r.start()..=r.end()).map(Atom::Char).collect())
        }
        HirKind::Class(Class::Bytes(_)) => None,
        HirKind::Repetition(r) => {
            if r.min >= 1 {
                required(&r.sub, costs)
            } else {
                None
            }
        }
        HirKind::Capture(c) => required(&c.sub, costs),
        HirKind::Concat(parts) => {
            let own = parts.iter().filter_map(|p| required(p, costs));
            // Two parts that each match one character at their meeting point give pairs.
            let pairs = parts.windows(2).filter_map(|w| match w {
                [a, b] => {
                    let (last, first) = (edge_chars(a, false)?, edge_chars(b, true)?);
                    let v: Vec<Atom> =
                        last.iter().flat_map(|&x| first.iter().map(move |&y| Atom::Pair(x, y))).collect();
                    (v.len() <= 16).then_some(v)
                }
                _ => None,
            });
            own.chain(pairs).min_by_key(|s| costs.set(s))
        }
        HirKind::Alternation(alts) => {
            let mut all = Vec::new();
            for a in alts {
                all.extend(required(a, costs)?);
            }
            all.sort_unstable();
            all.dedup();
            Some(all)
        }
    }
}

/// The characters `h` can start (`first`) or end with, when it always matches a literal or one
/// character of a small class, none of them whitespace.
fn edge_chars(h: &Hir, first: bool) -> Option<Vec<char>> {
    let chars: Vec<char> = match h.kind() {
        HirKind::Literal(lit) => {
            let s = std::str::from_utf8(&lit.0).ok()?;
            vec![if first { s.chars().next()? } else { s.chars().next_back()? }]
        }
        HirKind::Class(Class::Unicode(cls)) => {
            let size: u32 = cls.ranges().iter().map(|r| u32::from(r.end()) - u32::from(r.start()) + 1).sum();
            if size > 8 {
                return None;
            }
            cls.ranges().iter().flat_map(|r| r.start()..=r.end()).collect()
        }
        _ => return None,
    };
    (!chars.iter().any(|c| c.is_whitespace())).then_some(chars)
}

/// The atoms a pattern waits for; `None` (an open gate) when the pattern does not parse or has
/// no small set.
fn pattern_atoms(pattern: &str, costs: &Costs) -> Option<Vec<Atom>> {
    regex_syntax::parse(pattern).ok().as_ref().and_then(|h| required(h, costs))
}

/// A pattern behind its own gate bit. It runs only on a line whose mask (from [`scan`]) opens
/// that bit, and the characters the gate waits for are worked out from this same pattern (or
/// are the characters given with it): a pattern cannot be asked against another pattern's
/// gate, nor its gate built from another pattern. The family lists its `Gated` patterns once
/// (`gate_sources`), which is where the table learns them.
pub(crate) struct Gated {
    bit: u64,
    /// The characters the gate waits for when not the pattern's own (a cheaper test).
    chars: Option<&'static [char]>,
    pattern: Pattern,
}

impl Gated {
    /// `make`'s pattern behind gate `bit`, which waits for what every match must hold.
    pub(crate) const fn new(bit: u64, make: fn() -> String) -> Gated {
        Gated { bit, chars: None, pattern: Pattern::new(make) }
    }

    /// `make`'s pattern behind gate `bit`, which waits for one of `chars` (every match of the
    /// pattern holds one; the test `gated_patterns_hold_their_characters` checks it).
    pub(crate) const fn on_chars(bit: u64, chars: &'static [char], make: fn() -> String) -> Gated {
        Gated { bit, chars: Some(chars), pattern: Pattern::new(make) }
    }

    /// Whether every match of the pattern holds one of the characters its gate waits for: the
    /// pattern's own required atoms, chosen with those characters cheapest, are each one of
    /// them or a pair with one of them. (Always true of a gate built from the pattern.)
    #[cfg(test)]
    pub(crate) fn holds_its_characters(&self) -> bool {
        let Some(chars) = self.chars else { return true };
        let costs = Costs { chars: chars.iter().map(|&c| (c, 0)).collect(), pairs: HashMap::new() };
        pattern_atoms(self.source(), &costs).is_some_and(|atoms| {
            atoms.iter().all(|a| match *a {
                Atom::Char(c) => chars.contains(&c),
                Atom::Pair(x, y) => chars.contains(&x) || chars.contains(&y),
            })
        })
    }

    /// Whether the line whose mask is `mask` may hold a match.
    #[inline]
    pub(crate) fn open(&self, mask: u64) -> bool {
        mask & self.bit != 0
    }

    /// The pattern's text (never compiles it).
    pub(crate) fn source(&self) -> &str {
        self.pattern.source()
    }

    /// What the gate waits for, with its bit (for the table).
    pub(crate) fn gate_source(&self) -> (u64, Source) {
        match self.chars {
            Some(chars) => (self.bit, Source::Chars(chars.to_vec())),
            None => (self.bit, Source::Pattern(self.source().to_string())),
        }
    }

    /// Whether `s` (a line whose mask is `mask`, or text taken from it) holds a match.
    pub(crate) fn is_match(&self, mask: u64, s: &str) -> bool {
        self.open(mask) && self.pattern.is_match(s)
    }

    /// The first match in `s`.
    pub(crate) fn find<'h>(&self, mask: u64, s: &'h str) -> Option<regex::Match<'h>> {
        self.open(mask).then(|| self.pattern.find(s)).flatten()
    }

    /// Every match in `s` (none when the gate is closed).
    pub(crate) fn find_iter<'r, 'h>(&'r self, mask: u64, s: &'h str) -> impl Iterator<Item = regex::Match<'h>> + 'r
    where
        'h: 'r,
    {
        self.open(mask).then(|| self.pattern.find_iter(s)).into_iter().flatten()
    }

    /// The captures of every match in `s` (none when the gate is closed).
    pub(crate) fn captures_iter<'r, 'h>(
        &'r self,
        mask: u64,
        s: &'h str,
    ) -> impl Iterator<Item = regex::Captures<'h>> + 'r
    where
        'h: 'r,
    {
        self.open(mask).then(|| self.pattern.captures_iter(s)).into_iter().flatten()
    }
}

/// Where a gate's characters come from.
pub(crate) enum Source {
    /// A regular expression (as the `regex` crate reads it).
    Pattern(String),
    /// Exactly these characters.
    Chars(Vec<char>),
    /// Exactly these pairs of characters (whitespace between them allowed).
    Pairs(Vec<(char, char)>),
}

struct Table {
    /// One bit per BMP character: whether its entry in `ids` is not 0 (8 KiB that stay in the
    /// first-level cache, where `ids` would not).
    present: Box<[u64; 1024]>,
    /// Per BMP character, an index into `masks` (0: nothing).
    ids: Box<[u16; 0x10000]>,
    masks: Vec<u64>,
    /// Open addressing: `(first << 32 | second, bits)`, `u64::MAX` for a free slot.
    pairs: Vec<(u64, u64)>,
    /// The gates that wait for nothing.
    always: u64,
}

fn pair_slot(key: u64, len: usize) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as usize & (len - 1)
}

impl Table {
    fn pair(&self, first: u32, second: u32) -> u64 {
        let key = (u64::from(first) << 32) | u64::from(second);
        let len = self.pairs.len();
        let mut at = pair_slot(key, len);
        loop {
            match self.pairs.get(at) {
                Some(&(k, bits)) if k == key => return bits,
                Some(&(k, _)) if k == u64::MAX => return 0,
                Some(_) => at = (at + 1) & (len - 1),
                None => return !0,
            }
        }
    }
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let mut bits: HashMap<char, u64> = HashMap::new();
    let mut pairs: HashMap<(char, char), u64> = HashMap::new();
    let mut always: u64 = 0;
    let costs = Costs::new();
    for (bit, source) in super::gate_sources() {
        let atoms = match source {
            Source::Pattern(p) => pattern_atoms(&p, &costs),
            Source::Chars(c) => Some(c.into_iter().map(Atom::Char).collect()),
            Source::Pairs(p) => Some(p.into_iter().map(|(a, b)| Atom::Pair(a, b)).collect()),
        };
        let Some(atoms) = atoms else {
            always |= bit;
            continue;
        };
        for a in atoms {
            match a {
                Atom::Char(c) => *bits.entry(c).or_default() |= bit,
                Atom::Pair(a, b) => {
                    *pairs.entry((a, b)).or_default() |= bit;
                    *bits.entry(a).or_default() |= FIRST;
                    *bits.entry(b).or_default() |= SECOND;
                }
            }
        }
    }
    for (t, _) in super::traditional_pairs() {
        *bits.entry(t).or_default() |= TRAD;
    }
    for c in (0..=0xFFFFu32).filter_map(char::from_u32).filter(|c| c.is_whitespace()) {
        *bits.entry(c).or_default() |= WS;
    }
    let mut ids = Box::new([0u16; 0x10000]);
    let mut present = Box::new([0u64; 1024]);
    let mut masks: Vec<u64> = vec![0];
    let mut index: HashMap<u64, u16> = HashMap::new();
    for (c, b) in bits {
        let Some(slot) = ids.get_mut(c as usize) else { continue };
        if let Some(w) = present.get_mut(c as usize >> 6) {
            *w |= 1 << (c as usize & 63);
        }
        *slot = *index.entry(b).or_insert_with(|| {
            masks.push(b);
            u16::try_from(masks.len() - 1).unwrap_or(0)
        });
    }
    let len = (pairs.len() * 4).next_power_of_two().max(16);
    let mut table = vec![(u64::MAX, 0u64); len];
    for ((a, b), bits) in pairs {
        let key = (u64::from(u32::from(a)) << 32) | u64::from(u32::from(b));
        let mut at = pair_slot(key, len);
        while table.get(at).is_some_and(|e| e.0 != u64::MAX) {
            at = (at + 1) & (len - 1);
        }
        if let Some(e) = table.get_mut(at) {
            *e = (key, bits);
        }
    }
    Table { present, ids, masks, pairs: table, always }
});

/// The mask of `text`: the bits of every gate one of its characters (or pairs of characters)
/// opens. A line with pinyin tone letters opens every gate (stripping the pinyin joins the
/// characters around it).
pub(crate) fn scan(text: &str) -> u64 {
    let t = &*TABLE;
    let mut m = t.always;
    // The previous character that is not whitespace, when it may start a gated pair.
    let mut prev: Option<u32> = None;
    let bytes = text.as_bytes();
    let mut i = 0;
    // Decoded from the bytes (`text::utf8`): the presence bit of a character is tested before
    // its table entry is read.
    while i < bytes.len() {
        let (cp, n) = crate::text::utf8::decode_at(bytes, i);
        i += n;
        if n == 4 {
            return !0;
        }
        let w = t.present.get(cp as usize >> 6).copied().unwrap_or(!0);
        if w & (1 << (cp & 63)) == 0 {
            prev = None;
            continue;
        }
        let id = t.ids.get(cp as usize).copied().unwrap_or(0);
        let e = t.masks.get(usize::from(id)).copied().unwrap_or(!0);
        m |= e;
        if e & WS != 0 {
            continue;
        }
        if e & SECOND != 0 {
            if let Some(p) = prev {
                m |= t.pair(p, cp);
            }
        }
        prev = (e & FIRST != 0).then_some(cp);
    }
    if m & TONE != 0 {
        return !0;
    }
    if m & WS != 0 {
        m |= SPACE;
    }
    m & !(WS | SECOND | FIRST)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every row of the frequency files is used: one character (or pair) a row, none listed twice,
    /// so that each row is one entry of the costs, at its rank.
    #[test]
    fn every_frequency_row_is_used() {
        let costs = Costs::new();
        let chars: Vec<&str> = frequency_rows(COMMON_CHARS).collect();
        for row in &chars {
            assert!(row_char(row).is_some(), "gate_chars.txt: {row:?} is not one character");
        }
        assert_eq!(costs.chars.len(), chars.len(), "gate_chars.txt lists a character twice");
        let pairs: Vec<&str> = frequency_rows(COMMON_PAIRS).collect();
        for row in &pairs {
            assert!(row_pair(row).is_some_and(|(a, b)| !a.is_whitespace() && !b.is_whitespace()), "{row:?}");
        }
        assert_eq!(costs.pairs.len(), pairs.len(), "gate_pairs.txt lists a pair twice");
        assert_eq!(costs.atom(Atom::Char('，')), 20_000 + 20);
        assert_eq!(costs.atom(Atom::Pair('发', '展')), 4_000 + 5);
    }

    #[test]
    fn required_characters_of_patterns() {
        let costs = Costs::new();
        let pattern_atoms = |c: &Costs, p: &str| super::pattern_atoms(p, c);
        assert_eq!(pattern_atoms(&costs, "abc").map(|v| v.len()), Some(1));
        assert_eq!(pattern_atoms(&costs, "a?"), None);
        assert_eq!(pattern_atoms(&costs, r"\d+"), None);
        let set = pattern_atoms(&costs, "(?i)x|版权").unwrap_or_default();
        assert!(set.contains(&Atom::Char('x')) && set.contains(&Atom::Char('X')));
        assert_eq!(set.len(), 3);
        assert!(pattern_atoms(&costs, "(?:你|您)好").is_some());
        let set = pattern_atoms(&costs, "[(（]完[)）]").unwrap_or_default();
        assert!(set.iter().all(|a| matches!(a, Atom::Pair(..))), "{set:?}");
    }

    /// The scan by `chars()`, to check the hand decoding against.
    fn scan_by_chars(text: &str) -> u64 {
        let t = &*TABLE;
        let mut m = t.always;
        let mut prev: Option<u32> = None;
        for c in text.chars() {
            let cp = u32::from(c);
            let Some(&id) = t.ids.get(cp as usize) else { return !0 };
            let e = t.masks.get(usize::from(id)).copied().unwrap_or(!0);
            m |= e;
            if e & WS != 0 {
                continue;
            }
            if e & SECOND != 0 {
                if let Some(p) = prev {
                    m |= t.pair(p, cp);
                }
            }
            prev = (e & FIRST != 0).then_some(cp);
        }
        if m & TONE != 0 {
            return !0;
        }
        if m & WS != 0 {
            m |= SPACE;
        }
        m & !(WS | SECOND | FIRST)
    }

    #[test]
    fn hand_decoding_agrees_with_chars() {
        for text in [
            "",
            "本文来源:https://www.wddqw.com/doc/d1ba0331.html",
            "發佈時間：2021-05-06\u{3000}瀏覽次數：235 ©",
            "上一篇：在全县经济工作会议上的讲话 (完) 【编辑：张三】 ×",
            "版权所有 不得转载 小编为大家整理 ¥ é ñ \u{a0}\u{2003}",
            "𠀀 字",
        ] {
            assert_eq!(scan(text), scan_by_chars(text), "{text}");
        }
    }

    #[test]
    fn marks_traditional_and_tone_letters() {
        assert_ne!(scan("發") & TRAD, 0);
        assert_eq!(scan("发") & TRAD, 0);
        assert_eq!(scan("導(dǎo)"), !0);
        assert_eq!(scan("同志们：") & SPACE, 0);
        assert_ne!(scan("同志们\u{3000}") & SPACE, 0);
    }
}
