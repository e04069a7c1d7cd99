//! The one hand-written UTF-8 decoder. The hot scans (字数 counting, the blank family's
//! character sets, the boilerplate gates and traditional-character test) read bytes rather than
//! `chars()` so that they can skip ASCII or test a bitmap before decoding; the compile-time
//! readers of the word lists (`const fn`s) cannot call `chars()` at all. All of them decode here.
//!
//! The input is valid UTF-8 (it comes from a `&str` or an `include_bytes!` of a checked text
//! file); nothing is validated. A continuation byte past the end of the slice reads as empty
//! (`0x80`), so a cut-off character never reads out of bounds.

/// The code point of the three-byte character `b0 b1 b2` (U+0800..=U+FFFF: all of CJK).
#[inline(always)]
pub const fn three(b0: u8, b1: u8, b2: u8) -> u32 {
    ((b0 as u32 & 0x0F) << 12) | ((b1 as u32 & 0x3F) << 6) | (b2 as u32 & 0x3F)
}

/// Whether `b0` is the first byte of a three-byte character.
#[inline(always)]
pub const fn is_three(b0: u8) -> bool {
    b0 & 0xF0 == 0xE0
}

/// The length in bytes of the character whose first byte is `b0`.
#[inline(always)]
pub const fn width(b0: u8) -> usize {
    match b0 {
        0..=0x7F => 1,
        0x80..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// The byte at `i`, or an empty continuation byte past the end.
#[inline(always)]
#[allow(clippy::indexing_slicing)] // checked: `i < bytes.len()`
const fn byte(bytes: &[u8], i: usize) -> u8 {
    if i < bytes.len() {
        bytes[i]
    } else {
        0x80
    }
}

/// The payload of the continuation byte at `i`.
#[inline(always)]
const fn cont(bytes: &[u8], i: usize) -> u32 {
    (byte(bytes, i) & 0x3F) as u32
}

/// Decodes the character that starts at byte `i` (a character boundary, before the end) of
/// valid UTF-8: (code point, length in bytes).
#[inline(always)]
pub const fn decode_at(bytes: &[u8], i: usize) -> (u32, usize) {
    let b0 = byte(bytes, i);
    match width(b0) {
        1 => (b0 as u32, 1),
        2 => (((b0 as u32 & 0x1F) << 6) | cont(bytes, i + 1), 2),
        3 => (three(b0, byte(bytes, i + 1), byte(bytes, i + 2)), 3),
        _ => (
            ((b0 as u32 & 0x07) << 18) | (cont(bytes, i + 1) << 12) | (cont(bytes, i + 2) << 6) | cont(bytes, i + 3),
            4,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every character of `s` with its byte offset, by [`decode_at`].
    fn decoded(s: &str) -> Vec<(usize, char)> {
        let bytes = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            let (c, n) = decode_at(bytes, i);
            out.push((i, char::from_u32(c).unwrap_or('\u{FFFD}')));
            i += n;
        }
        out
    }

    proptest! {
        #[test]
        fn decode_at_agrees_with_char_indices(s in "\\PC*", cjk in "[\u{4E00}-\u{9FFF}\u{3000}-\u{303F}𠀀-𠀯é ]{0,40}") {
            for text in [s.as_str(), cjk.as_str()] {
                let want: Vec<(usize, char)> = text.char_indices().collect();
                prop_assert_eq!(decoded(text), want);
                for (i, c) in text.char_indices() {
                    prop_assert_eq!(text.as_bytes().get(i).map(|&b| width(b)), Some(c.len_utf8()));
                    if let [b0, b1, b2] = *c.encode_utf8(&mut [0; 4]).as_bytes() {
                        prop_assert!(is_three(b0));
                        prop_assert_eq!(three(b0, b1, b2), u32::from(c));
                    }
                }
            }
        }
    }

    #[test]
    fn decodes_every_scalar_value() {
        for c in (0..=0x10FFFF).step_by(7).filter_map(char::from_u32) {
            let mut buf = [0; 4];
            let s = c.encode_utf8(&mut buf);
            assert_eq!(decode_at(s.as_bytes(), 0), (u32::from(c), c.len_utf8()), "{c:?}");
        }
    }

    #[test]
    fn a_cut_off_character_stays_in_bounds() {
        let s = "字".as_bytes();
        assert_eq!(decode_at(s.get(..2).unwrap_or_default(), 0), (three(0xE5, 0xAD, 0x80), 3));
        assert_eq!(decode_at(&[0xF0], 0).1, 4);
    }
}
