//! Traditional characters, read as their simplified forms. Drafts copied from sites in
//! traditional characters (or run through a converter) write 億 萬 個 畝 達 這 where the rules and
//! the lexicon expect 亿 万 个 亩 达 这. A line that holds one is read through a one-to-one
//! character table (`lexicon/trad.txt`, 2,688 pairs derived from hanziconv's CUHK tables by
//! `lexicon/gen_trad.py`); both forms are three bytes in UTF-8, so every byte offset, and so every
//! finding's span, is the same in the original line.
//!
//! The table is compiled in: a `const fn` reads `trad.txt` while the crate builds into an array
//! indexed by the character's offset in the basic CJK block (42 kB of read-only data, nothing
//! built at start-up). The family's scan (`scan::Scan::new`) maps each character as it reads
//! it (one flag test per Han character, see `scan::class`), and copies the line only when it
//! holds a traditional character.

use super::lexicon::{BASE, SPAN};
use crate::text::utf8::decode_at as decode;

const TEXT: &[u8] = include_bytes!("lexicon/trad.txt");

/// Per offset in the basic CJK block: the simplified code point of a traditional character, or
/// 0. Each line of `trad.txt` is a traditional and a simplified character; a pair is kept when
/// both are three bytes in UTF-8 (offsets stay the same) and the traditional one is in the
/// block; a later line wins over an earlier one for the same character.
#[allow(clippy::indexing_slicing)] // evaluated while the crate builds: a bad index fails the build
const fn build() -> [u16; SPAN as usize] {
    let t = TEXT;
    let mut map = [0u16; SPAN as usize];
    let mut i = 0;
    while i < t.len() {
        let mut end = i;
        while end < t.len() && t[end] != b'\n' {
            end += 1;
        }
        if i < end {
            let (a, la) = decode(t, i);
            if i + la < end {
                let (b, lb) = decode(t, i + la);
                let k = a.wrapping_sub(BASE);
                if la == 3 && lb == 3 && b != b'\r' as u32 && k < SPAN {
                    map[k as usize] = b as u16;
                }
            }
        }
        i = end + 1;
    }
    map
}

static SIMPLE: [u16; SPAN as usize] = build();

/// Whether the character at offset `k` of the basic CJK block is traditional (for the class
/// table, at build time).
#[allow(clippy::indexing_slicing)] // evaluated while the crate builds: a bad index fails the build
pub const fn is_trad_offset(k: usize) -> bool {
    SIMPLE[k] != 0
}

/// The simplified form of the character at offset `k` (`k < SPAN`) of the basic CJK block, if it
/// is traditional.
pub fn simple(k: u32) -> Option<char> {
    SIMPLE.get(k as usize).copied().filter(|&s| s != 0).and_then(|s| char::from_u32(u32::from(s)))
}

/// The simplified form at build time (`k` traditional).
#[allow(clippy::indexing_slicing)] // evaluated while the crate builds: a bad index fails the build
pub const fn simple_const(k: usize) -> u32 {
    SIMPLE[k] as u32
}

#[cfg(test)]
mod tests {
    use super::{simple, BASE, SPAN};
    use std::collections::HashMap;

    /// The line with its traditional characters replaced by simplified ones (`None` when it
    /// holds none), as the family's scan reads it.
    fn simplify(text: &str) -> Option<String> {
        let mut any = false;
        let s: String = text
            .chars()
            .map(|c| {
                let k = (c as u32).wrapping_sub(BASE);
                match (k < SPAN).then(|| simple(k)).flatten() {
                    Some(s) => {
                        any = true;
                        s
                    }
                    None => c,
                }
            })
            .collect();
        any.then_some(s)
    }

    #[test]
    fn maps_traditional_units_and_keeps_offsets() {
        let s = simplify("總產值達萬元，這個縣").unwrap_or_default();
        assert_eq!(s, "总产值达万元，这个县");
        assert_eq!(s.len(), "總產值達萬元，這個縣".len());
    }

    #[test]
    fn leaves_simplified_text_alone() {
        assert_eq!(simplify("著名的国家，晒干"), None);
        assert_eq!(simplify("abc"), None);
    }

    /// The compiled table holds exactly what a map read from `trad.txt` at run time holds.
    #[test]
    fn compiled_table_matches_the_text() {
        let mut map = HashMap::new();
        for line in include_str!("lexicon/trad.txt").lines() {
            let mut cs = line.chars();
            let (Some(t), Some(s)) = (cs.next(), cs.next()) else { continue };
            if t.len_utf8() != 3 || s.len_utf8() != 3 {
                continue;
            }
            let k = (t as u32).wrapping_sub(BASE);
            if k < SPAN {
                map.insert(k, s);
            }
        }
        for k in 0..SPAN {
            assert_eq!(simple(k), map.get(&k).copied(), "{k}");
        }
    }
}
