//! Detection is unchanged by the incremental path: the same 200 edits (the kind the latency
//! benchmark makes: one CJK character inserted or deleted at a random place, plus line breaks
//! and pasted defects) are replayed through `Document::apply_change`, and after every edit the
//! findings (through the engine's memoised document passes, and the placed findings the server
//! serialises) equal a from-scratch analysis of the same text.

use lectern::analysis::{engine, Config, Finding};
use lectern::document::Document;
use lectern::text::{Encoding, LineIndex};

const SAMPLE: &str = include_str!("../examples/scraped-speech.txt");

struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

fn fresh(text: &str, config: &Config) -> Vec<Finding> {
    Document::new(text, config).findings(config)
}

fn replay(config: &Config, seed: u64) {
    const INSERTS: &[&str] =
        &["的", "国", "一", "、", "个", "%", "\n", "\r\n", "（二）", "占%", "***", "XX县", "一是", "上一篇:", "😀"];
    let mut rng = Rng(seed);
    // A draft with headings, enumerations, blanks and boilerplate, CRLF in its second half.
    let mut text = format!("{SAMPLE}\n{}", SAMPLE.replace('\n', "\r\n"));
    let mut doc = Document::new(&text, config);
    assert_eq!(doc.findings(config), fresh(&text, config));
    for step in 0..200 {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let at = rng.below(chars.len());
        let a = chars.get(at).map_or(text.len(), |c| c.0);
        let (b, insert) = if rng.below(2) == 0 {
            (a, INSERTS[rng.below(INSERTS.len())])
        } else {
            (chars.get(at + 1).map_or(text.len(), |c| c.0), "")
        };
        // Positions in UTF-16, as the default client sends them.
        let idx = LineIndex::new(&text);
        let (pa, pb) = (idx.position(&text, a, Encoding::Utf16), idx.position(&text, b, Encoding::Utf16));
        // What the positions mean (a position inside a CRLF is the line's end).
        let (oa, ob) = (idx.offset(&text, pa, Encoding::Utf16), idx.offset(&text, pb, Encoding::Utf16));
        text.replace_range(oa..ob, insert);
        doc.apply_change(Some((pa, pb)), insert, Encoding::Utf16, config);
        assert_eq!(doc.text(), text, "step {step}: the rope");
        let expected = fresh(&text, config);
        assert_eq!(doc.findings(config), expected, "step {step}: findings");
        let placed: Vec<Finding> = doc.with_placed(config, |p| p.iter().map(engine::Placed::to_finding).collect());
        assert_eq!(placed, expected, "step {step}: placed findings");
    }
}

#[test]
fn two_hundred_edits_give_the_findings_of_fresh_analyses() {
    replay(&Config::default(), 0x9e37_79b9_7f4a_7c15);
}

#[test]
fn two_hundred_edits_in_english_give_the_findings_of_fresh_analyses() {
    replay(&Config::default().with_locale(lectern::analysis::Locale::En), 0x0123_4567_89ab_cdef);
}
