//! The word list the blank rules consult to tell a measure word from a character of a word
//! (国家, 专家, 名单, 场所, 层次), to see whether a slot follows a whole word, and to read a
//! word's part of speech (noun, verb, pronoun).
//!
//! `lexicon/words.txt` is derived from jieba's dictionary (jieba 0.42.1, MIT licence) by
//! `lexicon/gen.py`, which documents the selection: two-character words of frequency >= 50, and
//! words of two to four characters of frequency >= 10 that contain a measure word or unit, each
//! with jieba's part of speech and frequency, plus a short documented list of additions. About
//! 38,000 entries, 520 kB of text.
//!
//! The list is compiled into the binary: `const fn`s read `words.txt` while the crate builds
//! (so the table can never drift from the text; a malformed or unsorted line fails the build)
//! into an open-addressing hash table of 64-bit keys (every word is two to four characters of
//! the basic CJK block, 15 bits a character) and values (frequency and word class). Nothing is
//! loaded or allocated at start-up; the table (768 kB of read-only data) is paged in as
//! look-ups touch it. A look-up encodes the word from its bytes (no allocation), hashes the key
//! with one multiplication and probes linearly (58% full: about two probes): O(1).
//!
//! Why not a segmenter: jieba-rs loads its full 350,000-word dictionary (tens of MB, over the
//! server's 40 MiB budget for 1M characters) and segments every line; the blank rules only need
//! to look up the few words around a candidate unit.

/// First code point of the basic CJK block, and its size (U+4E00..=U+9FFF).
pub const BASE: u32 = 0x4E00;
pub const SPAN: u32 = 0x9FFF - 0x4E00 + 1;

use crate::text::utf8;

const TEXT: &[u8] = include_bytes!("lexicon/words.txt");

/// Word classes kept from jieba's part of speech.
const OTHER: u32 = 0;
const NOUN: u32 = 1; // n, nz
const VERBAL: u32 = 2; // v, vn
const PRONOUN: u32 = 3; // r

#[allow(clippy::indexing_slicing)] // evaluated while the crate builds: a bad index fails the build
const fn count_lines(t: &[u8]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < t.len() {
        if t[i] == b'\n' {
            n += 1;
        }
        i += 1;
    }
    n
}

/// Number of words in the list.
const N: usize = count_lines(TEXT);

#[allow(clippy::indexing_slicing)] // evaluated while the crate builds: a bad index fails the build
const fn class_of(t: &[u8], a: usize, b: usize) -> u32 {
    match b - a {
        1 if t[a] == b'n' => NOUN,
        1 if t[a] == b'v' => VERBAL,
        1 if t[a] == b'r' => PRONOUN,
        2 if t[a] == b'n' && t[a + 1] == b'z' => NOUN,
        2 if t[a] == b'v' && t[a + 1] == b'n' => VERBAL,
        _ => OTHER,
    }
}

/// Keys and values of every line `word pos freq`, in the file's order (checked: strictly
/// increasing keys, i.e. sorted and without duplicates). A malformed line fails the build.
#[allow(clippy::indexing_slicing)] // evaluated while the crate builds: a bad index fails the build
const fn parse() -> ([u64; N], [u32; N]) {
    let t = TEXT;
    let mut keys = [0u64; N];
    let mut vals = [0u32; N];
    let mut i = 0;
    let mut k = 0;
    while k < N {
        let mut key = 0u64;
        let mut chars = 0;
        while t[i] != b' ' {
            assert!(t[i] >= 0xE4 && t[i] <= 0xE9, "words.txt: a word of the basic CJK block only");
            let cp = utf8::three(t[i], t[i + 1], t[i + 2]);
            assert!(cp >= BASE && cp - BASE < SPAN, "words.txt: a word of the basic CJK block only");
            key = (key << 15) | (cp - BASE + 1) as u64;
            chars += 1;
            i += 3;
        }
        assert!(chars >= 2 && chars <= 4, "words.txt: words of two to four characters only");
        key <<= 15 * (4 - chars);
        i += 1;
        let p = i;
        while t[i] != b' ' {
            i += 1;
        }
        let class = class_of(t, p, i);
        i += 1;
        let mut freq = 0u32;
        while t[i] != b'\n' {
            assert!(t[i].is_ascii_digit(), "words.txt: a frequency in decimal digits");
            freq = freq * 10 + (t[i] - b'0') as u32;
            assert!(freq < 1 << 30, "words.txt: frequency too large");
            i += 1;
        }
        i += 1;
        assert!(k == 0 || keys[k - 1] < key, "words.txt: words sorted by code point, no duplicates");
        keys[k] = key;
        vals[k] = (freq << 2) | class;
        k += 1;
    }
    (keys, vals)
}

/// Slots of the open-addressing table (a power of two; 38,000 words fill 58%).
const SLOTS: usize = 1 << 16;
const MASK: usize = SLOTS - 1;

const _: () = assert!(N * 4 < SLOTS * 3, "the table must stay under 75% full");

/// The slot a key hashes to (Fibonacci hashing: the top 16 bits of the product).
const fn home(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48) as usize & MASK
}

/// The words in an open-addressing table with linear probing: `KEYS[s]` is a word's key or 0
/// (empty), `VALS[s]` its value, `freq << 2 | class`.
#[allow(clippy::indexing_slicing)] // evaluated while the crate builds: a bad index fails the build
const fn table() -> ([u64; SLOTS], [u32; SLOTS]) {
    let (words, values) = parse();
    let mut keys = [0u64; SLOTS];
    let mut vals = [0u32; SLOTS];
    let mut i = 0;
    while i < N {
        let mut s = home(words[i]);
        while keys[s] != 0 {
            s = (s + 1) & MASK;
        }
        keys[s] = words[i];
        vals[s] = values[i];
        i += 1;
    }
    (keys, vals)
}

const TABLE: ([u64; SLOTS], [u32; SLOTS]) = table();
static KEYS: [u64; SLOTS] = TABLE.0;
static VALS: [u32; SLOTS] = TABLE.1;

/// The key of `w` when it is two to four characters of the basic CJK block (no other string is
/// in the list). Reads bytes: every such character is three bytes led by 0xE4..=0xE9.
fn key(w: &str) -> Option<u64> {
    let b = w.as_bytes();
    let n = b.len() / 3;
    if b.len() % 3 != 0 || !(2..=4).contains(&n) {
        return None;
    }
    let mut key = 0u64;
    for c in b.chunks_exact(3) {
        let &[b0, b1, b2] = c else { return None };
        if !(0xE4..=0xE9).contains(&b0) {
            return None;
        }
        // A lead byte of a three-byte character: the chunk is that character.
        let cp = utf8::three(b0, b1, b2);
        let k = cp.wrapping_sub(BASE);
        if k >= SPAN {
            return None;
        }
        key = (key << 15) | u64::from(k + 1);
    }
    Some(key << (15 * (4 - n)))
}

fn entry(w: &str) -> Option<u32> {
    entry_of_key(key(w)?)
}

fn entry_of_key(key: u64) -> Option<u32> {
    let mut s = home(key);
    loop {
        let k = *KEYS.get(s)?;
        if k == key {
            return VALS.get(s).copied();
        }
        if k == 0 {
            return None;
        }
        s = (s + 1) & MASK;
    }
}

/// jieba's frequency of `w` (0 when not a word).
pub fn freq(w: &str) -> u32 {
    entry(w).map_or(0, |e| e >> 2)
}

/// Whether `w` is a word of the lexicon.
pub fn is_word(w: &str) -> bool {
    entry(w).is_some()
}

/// Whether the two characters `a` `b` spell a word of the lexicon.
pub fn is_pair(a: char, b: char) -> bool {
    let (ka, kb) = ((a as u32).wrapping_sub(BASE), (b as u32).wrapping_sub(BASE));
    ka < SPAN && kb < SPAN && entry_of_key((u64::from(ka + 1) << 45) | (u64::from(kb + 1) << 30)).is_some()
}

/// Whether `w` is a common noun of the lexicon (jieba's `n`, `nz`; not names of people or places).
pub fn is_noun(w: &str) -> bool {
    entry(w).is_some_and(|e| e & 3 == NOUN)
}

/// Whether `w` is a verb or verbal noun of the lexicon (jieba's `v`, `vn`).
pub fn is_verbal(w: &str) -> bool {
    entry(w).is_some_and(|e| e & 3 == VERBAL)
}

/// Whether `w` is a pronoun of the lexicon (jieba's `r`: 什么, 这个).
pub fn is_pronoun(w: &str) -> bool {
    entry(w).is_some_and(|e| e & 3 == PRONOUN)
}

/// The key of a two-character word of the basic CJK block (for the small word sets of `units`).
pub fn pair_key(w: &str) -> Option<u32> {
    let b = w.as_bytes();
    if b.len() != 6 {
        return None;
    }
    key(w).and_then(|k| u32::try_from(k >> 30).ok())
}

/// The sorted keys of `words`, two-character words of the basic CJK block (anything else fails
/// the build), for a set that [`in_pair_set`] looks up.
#[allow(clippy::indexing_slicing)] // evaluated while the crate builds: a bad index fails the build
pub const fn pair_set<const M: usize>(words: &[&str]) -> [u32; M] {
    assert!(words.len() == M);
    let mut keys = [0u32; M];
    let mut i = 0;
    while i < M {
        let t = words[i].as_bytes();
        assert!(t.len() == 6, "a two-character word");
        let mut key = 0u32;
        let mut j = 0;
        while j < 6 {
            let cp = utf8::three(t[j], t[j + 1], t[j + 2]);
            assert!(t[j] >= 0xE4 && t[j] <= 0xE9 && cp >= BASE && cp - BASE < SPAN, "a word of the basic CJK block");
            key = (key << 15) | (cp - BASE + 1);
            j += 3;
        }
        // Insertion sort: the sets are small.
        let mut k = i;
        while k > 0 && keys[k - 1] > key {
            keys[k] = keys[k - 1];
            k -= 1;
        }
        keys[k] = key;
        i += 1;
    }
    keys
}

/// Whether `w` is in the set of [`pair_set`] keys `set`.
pub fn in_pair_set(set: &[u32], w: &str) -> bool {
    pair_key(w).is_some_and(|k| set.binary_search(&k).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The compiled table answers exactly as a map read from `words.txt` at run time (the way
    /// the list was loaded before it was compiled in).
    #[test]
    fn compiled_table_matches_the_text() {
        let text = include_str!("lexicon/words.txt");
        let mut map = std::collections::HashMap::new();
        for l in text.lines() {
            let mut it = l.split(' ');
            let w = it.next().unwrap_or("");
            let pos = it.next().unwrap_or("");
            let f: u32 = it.next().and_then(|f| f.parse().ok()).unwrap_or(0);
            map.insert(w, (pos, f));
        }
        assert_eq!(map.len(), N);
        for (w, (pos, f)) in &map {
            assert_eq!(freq(w), *f, "{w}");
            assert!(is_word(w));
            assert_eq!(is_noun(w), matches!(*pos, "n" | "nz"), "{w}");
            assert_eq!(is_verbal(w), matches!(*pos, "v" | "vn"), "{w}");
            assert_eq!(is_pronoun(w), *pos == "r", "{w}");
            let cs: Vec<char> = w.chars().collect();
            if let [a, b] = cs[..] {
                assert!(is_pair(a, b));
            }
            // Near misses: the word reversed, cut, extended.
            let rev: String = w.chars().rev().collect();
            assert_eq!(is_word(&rev), map.contains_key(rev.as_str()), "{rev}");
            let ext = format!("{w}国");
            assert_eq!(is_word(&ext), map.contains_key(ext.as_str()), "{ext}");
            let cut: String = w.chars().skip(1).collect();
            assert_eq!(is_word(&cut), map.contains_key(cut.as_str()), "{cut}");
        }
        for w in ["", "国", "国家a", "a国家", "国家们的人民", "𠀀国", "国𠀀", "ab", "国 家", "é家"]
        {
            assert!(!is_word(w), "{w}");
            assert_eq!(freq(w), 0);
        }
        assert!(!is_pair('a', '家'));
    }
}
