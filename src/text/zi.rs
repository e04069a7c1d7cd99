//! 字数: how Chinese writers count the characters of a text (see `analysis::stats` for the
//! convention). Pure: one pass over the bytes, O(n).

/// The counting convention above, applied to one piece of text.
///
/// Complexity: one pass over the bytes. ASCII is classified from its bytes and three-byte
/// characters are decoded in place; the main Han block and the CJK punctuation are settled
/// at once, and Unicode's alphabetic table is consulted only for the other characters.
pub fn zi_count(text: &str) -> u32 {
    zi_count_visiting(text, |_, _, _| {})
}

/// [`zi_count`], calling `visit(byte offset, code point, the previous character is a digit)`
/// for every character on the way (the per-line pass's shared scan records what other rules
/// look for while it counts).
#[inline(always)]
pub fn zi_count_visiting(text: &str, mut visit: impl FnMut(usize, u32, bool)) -> u32 {
    let bytes = text.as_bytes();
    let mut n: u32 = 0;
    // 0 outside a run, 1 in a figure run, 2 in a Latin run
    let mut run = 0u8;
    let mut prev_digit = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            visit(i, u32::from(b), prev_digit);
            let digit = b.is_ascii_digit();
            if digit {
                if run != 1 {
                    n = n.saturating_add(1);
                    run = 1;
                }
            } else if b.is_ascii_alphabetic() {
                if run != 2 {
                    n = n.saturating_add(1);
                    run = 2;
                }
            } else if !(run == 1 && prev_digit && matches!(b, b'.' | b',' | b'%')) {
                run = 0;
            }
            prev_digit = digit;
            i += 1;
            continue;
        }
        // a three-byte character (CJK): decoded in place
        if let Some(&[b0, b1, b2]) = bytes.get(i..i + 3) {
            if super::utf8::is_three(b0) {
                let c = super::utf8::three(b0, b1, b2);
                visit(i, c, prev_digit);
                i += 3;
                if (0x4E00..=0x9FFF).contains(&c) {
                    n = n.saturating_add(1);
                    run = 0;
                    prev_digit = false;
                    continue;
                }
                if let Some(c) = char::from_u32(c) {
                    if is_cjk_punctuation(c) {
                        // not Chinese, not a digit, not alphabetic
                        if !(run == 1 && prev_digit && matches!(c, '．' | '％' | '‰')) {
                            run = 0;
                        }
                        prev_digit = false;
                    } else {
                        count_other(c, &mut n, &mut run, &mut prev_digit);
                    }
                }
                continue;
            }
        }
        let Some(c) = text.get(i..).and_then(|s| s.chars().next()) else { break };
        visit(i, c as u32, prev_digit);
        i += c.len_utf8();
        count_other(c, &mut n, &mut run, &mut prev_digit);
    }
    n
}

/// One step of [`zi_count`] for a character outside ASCII and U+4E00..U+9FFF.
fn count_other(c: char, n: &mut u32, run: &mut u8, prev_digit: &mut bool) {
    let digit = is_digit(c);
    if is_han_char(c) {
        *n = n.saturating_add(1);
        *run = 0;
    } else if digit {
        if *run != 1 {
            *n = n.saturating_add(1);
            *run = 1;
        }
    } else if !is_cjk_punctuation(c) && c.is_alphabetic() && !c.is_numeric() {
        if *run != 2 {
            *n = n.saturating_add(1);
            *run = 2;
        }
    } else if *run == 1 && *prev_digit && matches!(c, '．' | '％' | '‰') {
        // 186.4, 4,215 and 5% stay one figure (a comma followed by a non-digit ends the
        // run at the next character anyway).
    } else {
        *run = 0;
    }
    *prev_digit = digit;
}

/// General punctuation, CJK symbols and punctuation, and full-width forms up to the Latin
/// letters: none of them is alphabetic (a test checks every character), so the slow Unicode
/// table is not needed for them.
fn is_cjk_punctuation(c: char) -> bool {
    matches!(c, '\u{2000}'..='\u{206f}' | '\u{3000}'..='\u{3004}' | '\u{3008}'..='\u{3020}' | '\u{ff01}'..='\u{ff0f}' | '\u{ff1a}'..='\u{ff20}')
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn is_han_char(c: char) -> bool {
    matches!(c,
        '\u{4e00}'..='\u{9fff}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{3134f}'
        | '〇')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The counting convention, written plainly (what [`zi_count`] must agree with).
    fn zi_count_plain(text: &str) -> u32 {
        let mut n: u32 = 0;
        let mut run = 0u8;
        let mut prev_digit = false;
        for c in text.chars() {
            if is_han_char(c) {
                n += 1;
                run = 0;
            } else if is_digit(c) {
                if run != 1 {
                    n += 1;
                    run = 1;
                }
            } else if c.is_alphabetic() && !c.is_numeric() {
                if run != 2 {
                    n += 1;
                    run = 2;
                }
            } else if run == 1 && prev_digit && matches!(c, '.' | '．' | ',' | '%' | '％' | '‰') {
            } else {
                run = 0;
            }
            prev_digit = is_digit(c);
        }
        n
    }

    proptest! {
        #[test]
        fn zi_count_agrees_with_the_plain_count(pieces in prop::collection::vec(prop::sample::select(vec![
            "全", "县", "一", "〇", "186", ".", "．", ",", "4", "%", "％", "‰", "GDP", "ｇ", "１２", "𠀀", "😀", " ", "，",
            "。", "“", "…", "ä", "々", "ⅱ", "\u{4dc0}", "\u{4db5}", "\u{fa0e}", "Ж", "ｱ", "·", "\u{3005}", "\u{3031}",
        ]), 0..40), extra in "\\PC{0,12}") {
            let text: String = pieces.concat() + &extra;
            prop_assert_eq!(zi_count(&text), zi_count_plain(&text));
        }
    }

    #[test]
    fn cjk_punctuation_is_never_alphabetic() {
        for c in (0..=0x10ffff).filter_map(char::from_u32).filter(|&c| is_cjk_punctuation(c)) {
            assert!(!c.is_alphabetic() && !is_digit(c) && !is_han_char(c), "{c:?}");
        }
    }

    #[test]
    fn counts_han_figures_and_words_not_punctuation() {
        assert_eq!(zi_count("全县实现地区生产总值186.4亿元，增长6.2%。"), 14 + 2);
        assert_eq!(zi_count("同志们："), 3);
        assert_eq!(zi_count("“活力”APP 开设 LED 屏"), 2 + 1 + 2 + 1 + 1);
        assert_eq!(zi_count("全文共4,215字"), 4 + 1);
        assert_eq!(zi_count("二〇二四年，１２个 𠀀"), 5 + 1 + 1 + 1);
        assert_eq!(zi_count("  ，。、！？……——（）《》 \t"), 0);
        assert_eq!(zi_count("1、2、3"), 3);
    }
}
