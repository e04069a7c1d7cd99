//! Checks of lectern's invariants on arbitrary input, shared by the fuzz targets (`fuzz/`) and
//! the regression tests that replay their corpus (`tests/fuzz_corpus.rs`). Each function
//! panics when an invariant does not hold: that is how a fuzzer or a test notices.
//!
//! Not part of the public API.

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use crate::analysis::{analyze, apply_fixes, fix_all, Applicability, Config, Locale};
use crate::document::Document;
use crate::text::{Encoding, LineIndex, Position};

fn range_ok(text: &str, r: crate::text::TextRange) -> bool {
    r.start <= r.end && r.end <= text.len() && text.is_char_boundary(r.start) && text.is_char_boundary(r.end)
}

/// The engine on arbitrary bytes (decoded lossily): every range lies on char boundaries inside
/// the text, every fix has a title, results are deterministic, the incremental document agrees.
pub fn analysis(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for locale in [Locale::ZhCn, Locale::En] {
        let config = Config::default().with_locale(locale);
        let a = analyze(&text, &config);
        for d in &a.diagnostics {
            assert!(range_ok(&text, d.range), "bad range {:?} for {}", d.range, d.code());
            assert!(!d.message.is_empty());
            if let Some(f) = &d.fix {
                assert!(!f.title.is_empty());
                for e in &f.edits {
                    assert!(range_ok(&text, e.range), "bad edit range {:?}", e.range);
                }
            }
        }
        assert_eq!(a, analyze(&text, &config), "analysis is not deterministic");
        let doc = Document::new(&text, &config);
        let spans: Vec<_> = doc.analysis(&config).findings.iter().map(|f| f.span).collect();
        let fresh: Vec<_> = a.diagnostics.iter().map(|d| d.span).collect();
        assert_eq!(spans, fresh);
    }
}

/// Position conversions on arbitrary text and positions: offsets land on char boundaries,
/// every char boundary round-trips, and the rope-based document agrees with the line index.
pub fn positions(data: &[u8]) {
    let (head, tail) = data.split_at(data.len().min(8));
    let text = String::from_utf8_lossy(tail);
    let idx = LineIndex::new(&text);
    let doc = Document::new(&text, &Config::default());
    let nums: Vec<u32> = head.iter().map(|b| u32::from(*b)).collect();
    for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
        for pair in nums.chunks(2) {
            let pos = Position::new(pair[0] % 16, pair.get(1).copied().unwrap_or(0));
            let off = idx.offset(&text, pos, enc);
            assert!(text.is_char_boundary(off));
            let ch = doc.char_of(pos, enc);
            assert_eq!(doc.rope().char_to_byte(ch), off, "rope and line index disagree at {pos:?} {enc:?}");
        }
        for (off, _) in text.char_indices().take(512) {
            let span = idx.line(idx.line_of(off));
            if off > span.content_end {
                continue;
            }
            let pos = idx.position(&text, off, enc);
            assert_eq!(idx.offset(&text, pos, enc), off);
            let ch = doc.rope().byte_to_char(off);
            assert_eq!(doc.position_of_char(ch, enc), pos);
        }
    }
}

/// The settings parser on arbitrary text: never panics, errors carry a message.
pub fn settings(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut s = crate::settings::Settings::default();
    for e in crate::settings::apply_toml(&mut s, &text, "lectern.toml") {
        assert!(!e.message.is_empty());
    }
    let _ = crate::settings::edit::add_ignore_phrase(&text, "万人感言");
    let _ = crate::settings::edit::disable_rule(&text, "LEC101");
}

/// The fix applier: applying every safe fix keeps all text outside the fixes' ranges, and
/// fixing converges (a second round finds nothing more to fix).
pub fn fixes(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let config = Config::default();
    let a = analyze(&text, &config);
    let safe: Vec<_> = a
        .diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| f.applicability == Applicability::Safe)
        .collect();
    let (out, _) = apply_fixes(&text, safe.iter().copied());
    // Every char outside all edit ranges survives, in order.
    let mut edits: Vec<_> = safe.iter().flat_map(|f| f.edits.iter()).map(|e| e.range).collect();
    edits.sort_by_key(|r| (r.start, r.end));
    let mut kept = String::new();
    let mut at = 0;
    for r in &edits {
        if r.start >= at {
            kept.push_str(&text[at..r.start]);
        }
        at = at.max(r.end);
    }
    kept.push_str(&text[at.min(text.len())..]);
    let mut it = out.chars();
    for c in kept.chars() {
        assert!(it.any(|o| o == c), "character {c:?} outside every fix was lost");
    }
    // A second run may take renumbering that only became safe once a truncation note was
    // deleted (see `fix_all`); after that, nothing changes.
    let (fixed, _) = fix_all(&text, &config, false);
    let (again, _) = fix_all(&fixed, &config, false);
    let (third, n) = fix_all(&again, &config, false);
    assert!(n == 0 || third == again, "fixing did not converge");
}
