//! Traditional characters, read as their simplified forms. Drafts copied from sites in
//! traditional characters (or run through a converter) write 億 萬 個 畝 達 這 where the rules and
//! the lexicon expect 亿 万 个 亩 达 这. A line that holds one is read through a one-to-one
//! character table (`lexicon/trad.txt`, 2,688 pairs derived from hanziconv's CUHK tables by
//! `lexicon/gen_trad.py`); both forms are three bytes in UTF-8, so every byte offset, and so every
//! finding's span, is the same in the original line.
//!
//! Cost: one bitmap test per character of a line with Han text (the bitmap, 2.6 kB, is built
//! on first use); the copy is made only for lines that hold a traditional character.

use std::sync::LazyLock;

use super::lexicon::FastMap;

const BASE: u32 = 0x4E00;
const SPAN: u32 = 0x9FFF - 0x4E00 + 1;

struct Table {
    bits: Vec<u64>,
    map: FastMap<char, char>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let mut bits = vec![0u64; (SPAN as usize).div_ceil(64)];
    let mut map = FastMap::default();
    for line in include_str!("lexicon/trad.txt").lines() {
        let mut cs = line.chars();
        let (Some(t), Some(s)) = (cs.next(), cs.next()) else { continue };
        if t.len_utf8() != 3 || s.len_utf8() != 3 {
            continue; // keeps byte offsets: never map across UTF-8 lengths
        }
        let k = (t as u32).wrapping_sub(BASE);
        if k < SPAN {
            if let Some(w) = bits.get_mut((k / 64) as usize) {
                *w |= 1 << (k % 64);
            }
            map.insert(t, s);
        }
    }
    Table { bits, map }
});

fn is_trad(t: &Table, c: char) -> bool {
    let k = (c as u32).wrapping_sub(BASE);
    k < SPAN && t.bits.get((k / 64) as usize).is_some_and(|w| w >> (k % 64) & 1 == 1)
}

/// The line with its traditional characters replaced by simplified ones, byte for byte the
/// same length; `None` when it holds none.
pub fn simplify(text: &str) -> Option<String> {
    let t = &*TABLE;
    let first = text.char_indices().find(|&(_, c)| is_trad(t, c))?.0;
    let mut out = String::with_capacity(text.len());
    out.push_str(text.get(..first)?);
    for c in text.get(first..)?.chars() {
        out.push(if is_trad(t, c) { t.map.get(&c).copied().unwrap_or(c) } else { c });
    }
    (out.len() == text.len()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::simplify;

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
}
