//! Small helpers shared by rules.

use regex::Regex;

/// Compiles a pattern written in the source. Every such pattern is exercised by the rule's
/// tests, so a failure here is a bug caught before release, never a user-input error.
#[allow(clippy::expect_used)]
pub(crate) fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("built-in pattern compiles")
}

/// The Chinese characters of CJK Unified Ideographs (and Extension A).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{20000}'..='\u{2ffff}')
}
