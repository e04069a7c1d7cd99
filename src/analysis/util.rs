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

/// A built-in pattern whose source text is available without compiling it: the boilerplate
/// family's character gates read the sources of all its patterns up front, while each
/// pattern is compiled only when a line first needs it (a checker run on a few files should
/// not pay for compiling every pattern). Derefs to the compiled [`Regex`].
pub(crate) struct Pattern {
    make: fn() -> String,
    source: std::sync::OnceLock<String>,
    compiled: std::sync::OnceLock<Regex>,
}

impl Pattern {
    pub(crate) const fn new(make: fn() -> String) -> Pattern {
        Pattern { make, source: std::sync::OnceLock::new(), compiled: std::sync::OnceLock::new() }
    }
    /// The pattern's text (never compiles it).
    pub(crate) fn source(&self) -> &str {
        self.source.get_or_init(self.make)
    }
}

impl std::ops::Deref for Pattern {
    type Target = Regex;
    fn deref(&self) -> &Regex {
        self.compiled.get_or_init(|| regex(self.source()))
    }
}
