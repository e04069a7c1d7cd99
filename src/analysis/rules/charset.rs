//! A small set of characters with a branch-free membership test, and a scan that finds the
//! next character of the set on a line by decoding its bytes directly (no `char::is_*` table
//! look-ups, no `str::contains` per character).
//!
//! The set is a perfect hash built at compile time: 128 slots indexed by the top bits of
//! `code point × multiplier`, with a multiplier chosen so that no two members share a slot.
//! A test is one multiplication, one load and one comparison.
//!
//! Complexity: [`CharSet::find`] is one pass over the bytes from its start, O(n).

use crate::text::utf8;

/// A compile-time set of up to 64 characters.
pub(crate) struct CharSet {
    mul: u32,
    slots: [u32; 128],
}

impl CharSet {
    /// Builds the set. Fails to compile (a const panic) when no multiplier separates the
    /// characters, which a small set never hits.
    #[allow(clippy::indexing_slicing, clippy::panic)]
    pub(crate) const fn new(chars: &[char]) -> CharSet {
        assert!(chars.len() <= 64, "a CharSet holds at most 64 characters");
        let mut mul: u32 = 0x9E37_79B1;
        let mut tries = 0;
        while tries < 100_000 {
            let mut slots = [u32::MAX; 128];
            let mut ok = true;
            let mut i = 0;
            while i < chars.len() {
                let c = chars[i] as u32;
                let k = (c.wrapping_mul(mul) >> 25) as usize;
                if slots[k] != u32::MAX && slots[k] != c {
                    ok = false;
                    break;
                }
                slots[k] = c;
                i += 1;
            }
            if ok {
                return CharSet { mul, slots };
            }
            mul = mul.wrapping_add(0x0001_2346);
            tries += 1;
        }
        panic!("no perfect hash for this CharSet")
    }

    /// Whether the code point `c` is in the set.
    #[inline(always)]
    pub(crate) fn has(&self, c: u32) -> bool {
        self.slots.get((c.wrapping_mul(self.mul) >> 25) as usize) == Some(&c)
    }

    /// The first character of the set at or after byte `from` (a character boundary), with its
    /// byte offset.
    #[inline]
    pub(crate) fn find(&self, text: &str, from: usize) -> Option<(usize, char)> {
        let bytes = text.as_bytes();
        let mut i = from;
        loop {
            // the common case first: a three-byte character (CJK)
            if let Some(&[b0, b1, b2]) = bytes.get(i..i + 3) {
                if utf8::is_three(b0) {
                    let c = utf8::three(b0, b1, b2);
                    if self.has(c) {
                        return char::from_u32(c).map(|c| (i, c));
                    }
                    i += 3;
                    continue;
                }
            }
            bytes.get(i)?;
            let (c, n) = utf8::decode_at(bytes, i);
            if self.has(c) {
                return char::from_u32(c).map(|c| (i, c));
            }
            i += n;
        }
    }
}

/// Several small sets of characters in one perfect hash: [`CharMap::tag`] gives the OR of the
/// tags of the sets a character is in (0 when none), with one multiplication and two loads.
pub(crate) struct CharMap {
    mul: u32,
    slots: [u32; 256],
    tags: [u8; 256],
}

impl CharMap {
    /// Builds the map from (characters, tag) groups (a const panic when no multiplier
    /// separates them, which small sets never hit).
    #[allow(clippy::indexing_slicing, clippy::panic)]
    pub(crate) const fn new(groups: &[(&[char], u8)]) -> CharMap {
        let mut mul: u32 = 0x9E37_79B1;
        let mut tries = 0;
        while tries < 100_000 {
            let mut slots = [u32::MAX; 256];
            let mut tags = [0u8; 256];
            let mut ok = true;
            let mut g = 0;
            'groups: while g < groups.len() {
                let (chars, tag) = groups[g];
                let mut i = 0;
                while i < chars.len() {
                    let c = chars[i] as u32;
                    let k = (c.wrapping_mul(mul) >> 24) as usize;
                    if slots[k] != u32::MAX && slots[k] != c {
                        ok = false;
                        break 'groups;
                    }
                    slots[k] = c;
                    tags[k] |= tag;
                    i += 1;
                }
                g += 1;
            }
            if ok {
                return CharMap { mul, slots, tags };
            }
            mul = mul.wrapping_add(0x0001_2346);
            tries += 1;
        }
        panic!("no perfect hash for this CharMap")
    }

    /// The OR of the tags of the groups holding code point `c`; 0 for none.
    #[inline(always)]
    pub(crate) fn tag(&self, c: u32) -> u8 {
        let k = (c.wrapping_mul(self.mul) >> 24) as usize;
        match (self.slots.get(k), self.tags.get(k)) {
            (Some(&s), Some(&t)) if s == c => t,
            _ => 0,
        }
    }
}

/// Byte offsets of up to 32 characters of a line, recorded by a scan that already decodes every
/// character (the per-line pass's shared scan), so that a rule visits them without scanning
/// again. More than 32 is an overflow: the rule then scans for itself.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Positions {
    at: [u32; 32],
    len: u8,
    overflow: bool,
}

impl Positions {
    #[inline(always)]
    pub(crate) fn push(&mut self, i: usize) {
        match (self.at.get_mut(usize::from(self.len)), u32::try_from(i)) {
            (Some(slot), Ok(i)) => {
                *slot = i;
                self.len += 1;
            }
            _ => self.overflow = true,
        }
    }

    /// The offsets, in order; `None` after an overflow.
    pub(crate) fn get(&self) -> Option<&[u32]> {
        if self.overflow {
            None
        } else {
            self.at.get(..usize::from(self.len))
        }
    }
}

/// Where a rule's characters are: found by scanning ([`CharSet::find`]) or read from the
/// offsets a shared scan recorded. `next(from)` is the first at or after `from` (`from` never
/// decreases between calls).
pub(crate) enum Stops<'a> {
    Scan(&'static CharSet, &'a str),
    Recorded(&'a [u32], &'a str, usize),
}

impl Stops<'_> {
    #[inline]
    pub(crate) fn next(&mut self, from: usize) -> Option<(usize, char)> {
        match self {
            Stops::Scan(set, text) => set.find(text, from),
            Stops::Recorded(at, text, k) => {
                while let Some(&i) = at.get(*k) {
                    let i = i as usize;
                    if i >= from {
                        return text.get(i..).and_then(|s| s.chars().next()).map(|c| (i, c));
                    }
                    *k += 1;
                }
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SET: CharSet = CharSet::new(&['省', '市', '县', '0', '9', '０', '𠀀', 'é']);

    #[test]
    fn membership_is_exact() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(SET.has(c as u32), "省市县09０𠀀é".contains(c), "{c:?}");
        }
    }

    #[test]
    fn map_tags_are_exact() {
        const MAP: CharMap = CharMap::new(&[(&['一', '二', '市'], 1), (&['市', '0', '𠀀'], 2)]);
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let want = u8::from("一二市".contains(c)) | (u8::from("市0𠀀".contains(c)) << 1);
            assert_eq!(MAP.tag(c as u32), want, "{c:?}");
        }
    }

    #[test]
    fn finds_every_member_in_order() {
        let text = "a全县é，市09x𠀀省";
        let mut got = Vec::new();
        let mut at = 0;
        while let Some((i, c)) = SET.find(text, at) {
            got.push((i, c));
            at = i + c.len_utf8();
        }
        let want: Vec<(usize, char)> = text.char_indices().filter(|&(_, c)| "省市县09０𠀀é".contains(c)).collect();
        assert_eq!(got, want);
    }
}
