//! The word list the blank rules consult to tell a measure word from a character of a word
//! (国家, 专家, 名单, 场所, 层次), to see whether a slot follows a whole word, and to read a
//! word's part of speech (noun, verb, pronoun).
//!
//! `lexicon/words.txt` is derived from jieba's dictionary (jieba 0.42.1, MIT licence) by
//! `lexicon/gen.py`, which documents the selection: two-character words of frequency >= 50, and
//! words of two to four characters of frequency >= 10 that contain a measure word or unit, each
//! with jieba's part of speech and frequency, plus a short documented list of additions. About
//! 38,000 entries, 520 kB of text; loaded once (about 20 M instructions, a few ms) into a hash
//! map with FNV hashing on first use; about 2.5 MB of memory.
//!
//! Why not a segmenter: jieba-rs loads its full 350,000-word dictionary (tens of MB, over the
//! server's 40 MiB budget for 1M characters) and segments every line; the blank rules only need
//! to look up the few words around a candidate unit.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// FNV-1a: the keys are short words, where SipHash's setup dominates the cost of a look-up.
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

pub type FastBuild = BuildHasherDefault<Fnv>;
pub type FastMap<K, V> = HashMap<K, V, FastBuild>;

static WORDS: LazyLock<FastMap<&'static str, (&'static str, u32)>> = LazyLock::new(|| {
    include_str!("lexicon/words.txt")
        .lines()
        .filter_map(|l| {
            let mut it = l.split(' ');
            let w = it.next()?;
            let pos = it.next().unwrap_or("");
            let freq = it.next().and_then(|f| f.parse().ok()).unwrap_or(0);
            (!w.is_empty()).then_some((w, (pos, freq)))
        })
        .collect()
});

/// jieba's frequency of `w` (0 when not a word).
pub fn freq(w: &str) -> u32 {
    WORDS.get(w).map_or(0, |e| e.1)
}

/// Whether `w` is a word of the lexicon.
pub fn is_word(w: &str) -> bool {
    !w.is_empty() && WORDS.contains_key(w)
}

/// Whether `w` is a common noun of the lexicon (jieba's `n`, `nz`; not names of people or places).
pub fn is_noun(w: &str) -> bool {
    WORDS.get(w).is_some_and(|e| e.0 == "n" || e.0 == "nz")
}

/// Whether `w` is a verb or verbal noun of the lexicon (jieba's `v`, `vn`).
pub fn is_verbal(w: &str) -> bool {
    WORDS.get(w).is_some_and(|e| e.0 == "v" || e.0 == "vn")
}

/// Whether `w` is a pronoun of the lexicon (jieba's `r`: 什么, 这个).
pub fn is_pronoun(w: &str) -> bool {
    WORDS.get(w).is_some_and(|e| e.0 == "r")
}
