//! LEC310 `anti-copy-junk`.
//!
//! ## What it does
//! Flags the random ASCII that forum software scatters through a post to spoil copying
//! (“jammer” text): runs of one- to three-character tokens of letters, digits and rare marks
//! such as `k4 % T! v; a9 _`, on lines of their own or glued to the speech's text.
//!
//! A run counts when it has at least five such tokens separated by spaces, at least three
//! marks that running text hardly uses (`# $ % & * + ; @ ^ _ { } | ~ …`, of at least two
//! kinds), at least two letters and one token that mixes a letter and a digit (`k4`, `m3`):
//! formulas (`x + y = z`), option lists (`A. B. C. D.`) and lists of numbers do not.
//!
//! ## Why is this bad?
//! The junk is not part of the speech; read out or printed it is gibberish, and its letters
//! look like placeholders to the other checks.
//!
//! ## Example
//! ```text
//! 学史明理专题学习体会 ; k: m3 }# h7 L3 U& q8 K4 R5 b
//! ```
//! Use instead: `学史明理专题学习体会`
//!
//! ## Fix safety
//! Safe: deletes the junk (the whole line when nothing else is on it).
//!
//! Complexity: one byte count of the rare marks rules out nearly every line; then one pass
//! over the line's ASCII tokens, O(n).

use super::Hit;
use crate::analysis::diagnostic::{Category, FixAvailability, Severity};
use crate::analysis::registry::RuleMeta;

pub static META: RuleMeta = RuleMeta {
    code: "LEC310",
    name: "anti-copy-junk",
    category: Category::Boilerplate,
    default_severity: Severity::Warning,
    default_enabled: true,
    fix: FixAvailability::Always,
    summary_zh: "论坛防复制插入的乱码",
    summary_en: "Random characters a forum inserted against copying",
};

/// Marks that running text (Chinese or English) hardly uses.
fn is_rare_mark(b: u8) -> bool {
    matches!(
        b,
        b'!' | b'"'
            | b'#'
            | b'$'
            | b'%'
            | b'&'
            | b'\''
            | b'*'
            | b'+'
            | b';'
            | b'<'
            | b'='
            | b'>'
            | b'?'
            | b'@'
            | b'['
            | b'\\'
            | b']'
            | b'^'
            | b'_'
            | b'`'
            | b'{'
            | b'|'
            | b'}'
            | b'~'
    )
}

/// A run of short tokens being read.
#[derive(Default)]
struct Run {
    start: usize,
    end: usize,
    tokens: u32,
    rare: u32,
    rare_kinds: u32,
    letters: u32,
    mixed: bool,
}

impl Run {
    fn is_junk(&self) -> bool {
        self.tokens >= 5 && self.rare >= 3 && self.rare_kinds.count_ones() >= 2 && self.letters >= 2 && self.mixed
    }
}

/// Finds runs of anti-copy junk on one line.
pub(crate) fn find(text: &str, hits: &mut Vec<Hit>) {
    let bytes = text.as_bytes();
    if bytes.iter().filter(|&&b| is_rare_mark(b)).take(3).count() < 3 {
        return;
    }
    let mut run = Run::default();
    let flush = |run: &mut Run, hits: &mut Vec<Hit>| {
        if run.is_junk() {
            hits.push(Hit::new(
                &META,
                run.start,
                run.end,
                "论坛防复制插入的乱码，不是讲话内容",
                "random characters a forum inserted against copying, not the speech",
            ));
        }
        *run = Run::default();
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes.get(i).copied().unwrap_or(b' ');
        if !b.is_ascii_graphic() {
            // Spaces join the tokens of a run; any other character ends it.
            if b != b' ' && b != b'\t' {
                flush(&mut run, hits);
            }
            i += 1;
            continue;
        }
        let s = i;
        while bytes.get(i).is_some_and(u8::is_ascii_graphic) {
            i += 1;
        }
        let token = bytes.get(s..i).unwrap_or(&[]);
        if token.len() > 3 {
            flush(&mut run, hits);
            continue;
        }
        if run.tokens == 0 {
            run.start = s;
        }
        run.end = i;
        run.tokens += 1;
        let (mut letter, mut digit) = (false, false);
        for &c in token {
            if is_rare_mark(c) {
                run.rare += 1;
                run.rare_kinds |= 1 << (c % 32);
            }
            if c.is_ascii_alphabetic() {
                run.letters += 1;
                letter = true;
            }
            digit |= c.is_ascii_digit();
        }
        run.mixed |= letter && digit;
    }
    flush(&mut run, hits);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<&str> {
        let mut hits = Vec::new();
        find(text, &mut hits);
        hits.iter().map(|h| text.get(h.start..h.end).unwrap_or("?")).collect()
    }

    #[test]
    fn finds_junk_alone_and_glued_to_text() {
        assert_eq!(spans("q, N\" {! W4 }% _: U5 f) v"), ["q, N\" {! W4 }% _: U5 f) v"]);
        assert_eq!(spans("学史明理专题学习体会 ; k: m3 }# h7 L3 U& q8 K4 R5 b"), ["; k: m3 }# h7 L3 U& q8 K4 R5 b"]);
        assert_eq!(
            spans("2 O; C) B# m) l8 m3 Y\" \\9 N: o在各级机关，会议主持词是常写常用的"),
            ["2 O; C) B# m) l8 m3 Y\" \\9 N: o"]
        );
    }

    #[test]
    fn leaves_formulas_lists_and_ordinary_text() {
        for t in [
            "x + y = z，a + b = c",
            "A. B. C. D. E.",
            "1) 2) 3) 4) 5) 6)",
            "C++ 与 C# 的 IDE 对比",
            "187****1144 回复 184****1824",
            "Q&A：如何写好讲话稿？",
            "同志们，今年以来，全县上下认真贯彻落实党的二十大精神。",
            "\"Hi!\" I said; \"OK?\" he #1 said & left",
        ] {
            assert!(spans(t).is_empty(), "{t}");
        }
    }
}
