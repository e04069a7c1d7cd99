//! Family 3xx: scrape boilerplate — everything on the page that is not the speech.
//!
//! The local pass (one line at a time) finds the kinds that a line shows by itself: paywall
//! and truncation notes (LEC302), page chrome (LEC301), URLs and site names (LEC303) and the
//! user's own patterns (LEC308). It records compact facts about the line's *shape* (title-like,
//! bulleted, a list header, its whitespace-free head) so that the document pass can find what
//! only shows across lines: lists of other articles' titles (LEC304) and the bullet glued onto
//! the speech after them (LEC305), a title the page repeats above the body (LEC306), a site's
//! auto-summary of the opening (LEC307), tables of contents, isolated page numbers and
//! extraction-chunk markers (LEC301).
//!
//! Every finding carries a safe deletion fix: a whole line (with its line end) when the line
//! holds nothing but boilerplate, else exactly the boilerplate span, so the speech's own text
//! and its paragraph breaks stay as they were.

mod boilerplate_line;
mod custom_boilerplate;
mod gate;
mod glued_list_bullet;
mod paywall_note;
mod related_article_list;
mod repeated_page_title;
mod site_chrome;
mod site_summary;
mod url_or_site_name;

use crate::analysis::diagnostic::{Applicability, Finding, Span, SpanFix};
pub use crate::analysis::pass::boilerplate::LineFacts;
use crate::analysis::pass::{DocCtx, LineCtx};
use crate::analysis::registry::{Rule, RuleMeta};
use crate::analysis::util::is_han;

pub static RULES: &[&RuleMeta] = &[
    &site_chrome::META,
    &paywall_note::META,
    &url_or_site_name::META,
    &related_article_list::META,
    &glued_list_bullet::META,
    &repeated_page_title::META,
    &site_summary::META,
    &custom_boilerplate::META,
    &boilerplate_line::META,
];

static DATE_ONLY: gate::Gated = gate::Gated::new(gate::DATE_ONLY, || {
    String::from(r"^[\[(（]?\d{2,4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\d{1,2}:\d{2}(?::\d{2})?)?[\])）]?$")
});

/// How many whitespace-free characters of a line the facts keep (for repeated titles and
/// summaries, which compare the starts of lines).
const HEAD_CHARS: usize = 100;

/// One boilerplate span found by a local rule, in byte columns of the line.
pub(crate) struct Hit {
    pub rule: &'static RuleMeta,
    pub start: usize,
    pub end: usize,
    pub zh: String,
    pub en: String,
    /// What the fix writes in place of the hit (`None`: it deletes it). A truncation note
    /// leaves a marked hole, so that the lost text stays visible.
    pub replacement: Option<String>,
}

impl Hit {
    pub(crate) fn new(
        rule: &'static RuleMeta,
        start: usize,
        end: usize,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Hit {
        Hit { rule, start, end, zh: zh.into(), en: en.into(), replacement: None }
    }
    pub(crate) fn replaced_by(mut self, text: String) -> Hit {
        self.replacement = Some(text);
        self
    }
}

/// Simplified → traditional pairs for the characters of the family's keywords
/// (`trad_pairs.txt`, one pair a line). Pages converted to traditional characters carry the same
/// furniture in other glyphs (來源, 發佈, 瀏覽, 網…).
static TRAD_PAIRS: std::sync::LazyLock<Vec<(char, char)>> =
    std::sync::LazyLock::new(|| parse_pairs(include_str!("trad_pairs.txt")));

/// The pairs of a pairs file: lines of two characters; `#` comments and blank lines skipped.
fn parse_pairs(text: &str) -> Vec<(char, char)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut c = l.chars();
            Some((c.next()?, c.next()?))
        })
        .collect()
}

/// Traditional → simplified, sorted by the traditional character for a binary search.
static TO_SIMPLIFIED: std::sync::LazyLock<Vec<(char, char)>> = std::sync::LazyLock::new(|| {
    let mut v: Vec<(char, char)> =
        TRAD_PAIRS.iter().filter(|(s, t)| s != t && s.len_utf8() == t.len_utf8()).map(|&(s, t)| (t, s)).collect();
    v.sort_unstable();
    v.dedup_by_key(|p| p.0);
    v
});

/// One bit per `char % 4096`: a cheap first test before the binary search.
static TRAD_BITS: std::sync::LazyLock<[u64; 64]> = std::sync::LazyLock::new(|| {
    let mut bits = [0u64; 64];
    for &(t, _) in TO_SIMPLIFIED.iter() {
        let i = (t as usize) & 4095;
        if let Some(w) = bits.get_mut(i >> 6) {
            *w |= 1 << (i & 63);
        }
    }
    bits
});

fn to_simplified(c: char) -> Option<char> {
    if c < '\u{4E00}' {
        return None;
    }
    let i = (c as usize) & 4095;
    if TRAD_BITS.get(i >> 6).is_none_or(|w| w & (1 << (i & 63)) == 0) {
        return None;
    }
    let table = &*TO_SIMPLIFIED;
    table.binary_search_by_key(&c, |p| p.0).ok().and_then(|i| table.get(i)).map(|p| p.1)
}

/// Whether the line holds one of the traditional characters, by a scan of its bytes: the
/// low 12 bits of a three-byte character are its last two bytes' payloads, so the bitmap is
/// tested without decoding; only a bitmap hit decodes that one character.
fn has_traditional(text: &str) -> bool {
    let bits = &*TRAD_BITS;
    text.as_bytes().windows(3).any(|w| {
        let [a, b, c] = *w else { return false };
        if !(0xE4..=0xE9).contains(&a) || b & 0xC0 != 0x80 || c & 0xC0 != 0x80 {
            return false;
        }
        let code = crate::text::utf8::three(a, b, c);
        let i = code as usize & 4095;
        if bits.get(i >> 6).is_none_or(|word| word & (1 << (i & 63)) == 0) {
            return false;
        }
        char::from_u32(code).and_then(to_simplified).is_some()
    })
}

/// Maps the traditional forms of the keyword characters to their simplified ones so that the
/// family's patterns, written in simplified characters, read converted pages too. Every pair
/// has the same UTF-8 length, so byte columns found in the result hold in `text`. Borrowed when
/// the line has no such character.
pub(crate) fn simplify(text: &str) -> std::borrow::Cow<'_, str> {
    if !has_traditional(text) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.chars().map(|c| to_simplified(c).unwrap_or(c)).collect())
}

/// The traditional → simplified pairs of the keyword characters (for the gates).
pub(crate) fn traditional_pairs() -> Vec<(char, char)> {
    TO_SIMPLIFIED.clone()
}

/// What the gates wait for: each gated pattern with its bit.
pub(crate) fn gate_sources() -> Vec<(u64, gate::Source)> {
    use gate::Source::{Chars, Pattern};
    let mut v = vec![
        (gate::TONE, Chars(TONE_LETTERS.chars().collect())),
        (gate::PAYWALL, Pattern(paywall_note::trigger_pattern().to_string())),
        (gate::ADDRESS, Chars(vec!['@', '．'])),
        (gate::ADDRESS, gate::Source::Pairs(('A'..='Z').chain('a'..='z').map(|c| ('.', c)).collect())),
        (gate::SITE_NAME, Chars(vec!['库', '网', '站', '巴', '档'])),
        DATE_ONLY.gate_source(),
    ];
    v.extend(site_chrome::gate_sources());
    v
}

/// The letters [`is_tone_letter`] accepts.
const TONE_LETTERS: &str = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüɡńň";

fn is_tone_letter(c: char) -> bool {
    matches!(
        c,
        'ā' | 'á'
            | 'ǎ'
            | 'à'
            | 'ē'
            | 'é'
            | 'ě'
            | 'è'
            | 'ī'
            | 'í'
            | 'ǐ'
            | 'ì'
            | 'ō'
            | 'ó'
            | 'ǒ'
            | 'ò'
            | 'ū'
            | 'ú'
            | 'ǔ'
            | 'ù'
            | 'ǖ'
            | 'ǘ'
            | 'ǚ'
            | 'ǜ'
            | 'ü'
            | 'ɡ'
            | 'ń'
            | 'ň'
    )
}

/// Removes the pinyin a script converter writes after characters (`區(qū)`, `網(wǎng)`), so that
/// keywords and titles of converted pages read as text. Borrowed when there is none (one
/// byte scan).
/// `gates` is the mask of the line `text` is part of: without a tone letter it is borrowed at
/// once.
pub(crate) fn strip_pinyin_gated(text: &str, gates: u64) -> std::borrow::Cow<'_, str> {
    if gates & gate::TONE == 0 {
        return std::borrow::Cow::Borrowed(text);
    }
    // Tone letters are two-byte characters led by 0xC3..=0xC7 (Latin-1, Latin Extended) or
    // 0xC9 (ɡ): a byte scan rules most lines out.
    let maybe_tone = text.bytes().any(|b| (0xC3..=0xC9).contains(&b));
    if !maybe_tone || !text.contains(['(', '（']) || !text.chars().any(is_tone_letter) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['(', '（']) {
        out.push_str(rest.get(..at).unwrap_or(""));
        let open = rest.get(at..).and_then(|r| r.chars().next()).unwrap_or('(');
        let after = rest.get(at + open.len_utf8()..).unwrap_or("");
        let mut len = 0;
        let mut tone = false;
        let mut closed = false;
        for (i, c) in after.char_indices() {
            if c == ')' || c == '）' {
                closed = i > 0;
                len = i;
                break;
            }
            if c.is_ascii_lowercase() || is_tone_letter(c) {
                tone |= is_tone_letter(c);
                if i > 24 {
                    break;
                }
                continue;
            }
            break;
        }
        let close_len = after.get(len..).and_then(|r| r.chars().next()).map_or(1, char::len_utf8);
        if closed && tone {
            rest = after.get(len + close_len..).unwrap_or("");
        } else {
            out.push(open);
            rest = after;
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// Runs the boilerplate rules on one line.
pub fn check_line(ctx: &LineCtx, out: &mut Vec<Finding>) -> LineFacts {
    // The built-in patterns read the line in simplified characters (same byte columns); the
    // user's own patterns read it as written.
    // One scan of the line tells which patterns can match it (see `gate`).
    // A line with traditional characters is scanned again in the simplified reading the
    // patterns see.
    let mut gates = gate::scan(ctx.text);
    let simple = if gates & gate::TRAD == 0 { std::borrow::Cow::Borrowed(ctx.text) } else { simplify(ctx.text) };
    if gates & gate::TRAD != 0 {
        gates = gate::scan(&simple) | gate::TRAD;
    }
    let text: &str = &simple;
    let mut hits: Vec<Hit> = Vec::new();
    let truncation = if gates & gate::PAYWALL == 0 { None } else { paywall_note::find(text, &mut hits) };
    // A hole marked by an earlier fix is evidence of lost text, as the note was.
    let truncation = match (truncation, crate::analysis::rules::lost::missing_in_markers(ctx.text)) {
        (Some(a), Some(b)) => Some(a.saturating_add(b)),
        (a, b) => a.or(b),
    };
    let shape = site_chrome::find(text, gates, &mut hits);
    url_or_site_name::find(text, gates, &mut hits);
    custom_boilerplate::find(ctx.text, ctx.config, &mut hits);

    // The first rule to claim a stretch of text keeps it.
    let mut kept: Vec<Hit> = Vec::new();
    // Claimed stretches by start (they never overlap, so only the neighbours of a new hit can
    // overlap it: O(log n) per hit on a line with many).
    let mut claimed: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    for h in hits {
        if h.start >= h.end || !text.is_char_boundary(h.start) || !text.is_char_boundary(h.end) || h.end > text.len() {
            continue;
        }
        let before = claimed.range(..h.end).next_back();
        if before.is_some_and(|(_, &end)| h.start < end) {
            continue;
        }
        claimed.insert(h.start, h.end);
        kept.push(h);
    }
    kept.sort_by_key(|h| h.start);

    let whole_line = !kept.is_empty() && only_insignificant_outside(text, &kept);
    // A user-configured pattern can match anything (`.+`): its deletions are unsafe, and so is
    // a whole-line deletion that needs its hits to cover the line.
    let custom = |h: &Hit| std::ptr::eq(h.rule, &custom_boilerplate::META);
    let line_safe = whole_line && !kept.iter().any(custom);
    let loc = ctx.config.locale;
    // A line that keeps a marked hole is not deleted whole: its other hits go one by one.
    let delete_line = whole_line && kept.iter().all(|h| h.replacement.is_none());
    for h in &kept {
        let (span, fix) = if let Some(marker) = &h.replacement {
            // A truncation note: its text goes, a marked hole stays (LEC108 reports it).
            let span = Span::in_line(0, h.start, h.end);
            let title = loc.pick("删除截断提示，标出缺失的原文", "Replace the note with a lost-text marker");
            (span, SpanFix::new(title, Applicability::Safe).edit(span, marker.clone()))
        } else if delete_line {
            let safety = if line_safe { Applicability::Safe } else { Applicability::Unsafe };
            (
                Span::in_line(0, h.start, h.end),
                SpanFix::new(loc.pick("删除网页残留行", "Remove scraped line"), safety).edit(Span::lines(0, 0), ""),
            )
        } else {
            let span = Span::in_line(0, h.start, h.end);
            let safety = if custom(h) { Applicability::Unsafe } else { Applicability::Safe };
            (span, SpanFix::new(loc.pick("删除网页残留文字", "Remove scraped text"), safety).edit(span, ""))
        };
        let msg = loc.pick(h.zh.as_str(), h.en.as_str()).to_string();
        out.push(Finding::new(Rule(h.rule), span, msg).with_fix(fix));
    }

    let trimmed_end = text.trim_end().len();
    let ends_with_boilerplate = kept.iter().any(|h| h.end >= trimmed_end);
    // The line's own text starts after boilerplate at its start.
    let own_start = kept.iter().find(|h| text.get(..h.start).is_some_and(|p| p.trim().is_empty())).map_or(0, |h| h.end);
    let own = strip_pinyin_gated(text.get(own_start..).unwrap_or(""), gates);
    let mut facts = shape_facts(&own, &shape, gates);
    facts.whole_line = whole_line;
    facts.any_hit = !kept.is_empty();
    facts.model = boilerplate_line::score(ctx.text);
    facts.truncation = truncation;
    facts.ends_with_boilerplate = ends_with_boilerplate;
    facts.ends_sentence = text
        .trim_end()
        .chars()
        .next_back()
        .is_some_and(|c| matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '”' | '"'));
    let spaces = memchr::memchr2_iter(b' ', b'\t', text.as_bytes()).count();
    facts.compact_bytes = u32::try_from(text.len() - spaces).unwrap_or(u32::MAX);
    facts
}

/// Line-level signals that `site_chrome` knows about while it reads the line.
#[derive(Default)]
pub(crate) struct Shape {
    pub list_header: bool,
    pub toc_header: bool,
    pub chunk_header: bool,
}

/// Characters that may serve as list bullets at the start of a line.
pub(crate) fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '•' | '·'
            | '●'
            | '○'
            | '◆'
            | '◇'
            | '■'
            | '□'
            | '▪'
            | '▫'
            | '►'
            | '▶'
            | '★'
            | '☆'
            | '※'
            | '∙'
            | '・'
    )
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Whether `s` holds whitespace, by a byte scan: a character is decoded only when its lead
/// byte is one that whitespace outside ASCII starts with.
fn has_whitespace(s: &str) -> bool {
    s.bytes().enumerate().any(|(i, b)| match b {
        b'\t'..=b'\r' | b' ' => true,
        0xC2 | 0xE1 | 0xE2 | 0xE3 => s.get(i..).and_then(|r| r.chars().next()).is_some_and(is_space),
        _ => false,
    })
}

/// `s` without its whitespace; borrowed when it has none. `gates` is the mask of the line `s`
/// is part of (its `SPACE` bit clear: no whitespace).
pub(crate) fn without_whitespace(s: &str, gates: u64) -> std::borrow::Cow<'_, str> {
    if gates & gate::SPACE != 0 && has_whitespace(s) {
        std::borrow::Cow::Owned(s.chars().filter(|&c| !is_space(c)).collect())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Document genres that titles of other articles end with.
const GENRES: &[&str] = &[
    "讲话",
    "发言",
    "致辞",
    "讲稿",
    "报告",
    "总结",
    "方案",
    "意见",
    "通知",
    "体会",
    "主持词",
    "汇报",
    "演讲",
    "材料",
    "心得",
    "范文",
    "计划",
    "规划",
    "公报",
    "纪要",
    "提纲",
    "党课",
    "研讨",
    "对照检查",
    "述职",
    "感言",
    "贺词",
    "倡议书",
    "讲话稿",
    "发言稿",
    "合集",
    "汇编",
    "篇",
    "大全",
];

fn shape_facts(own: &str, shape: &Shape, gates: u64) -> LineFacts {
    let mut facts = LineFacts {
        list_header: shape.list_header,
        toc_header: shape.toc_header,
        chunk_header: shape.chunk_header,
        ..LineFacts::default()
    };
    // Bullet.
    let lead = own.len() - own.trim_start().len();
    let rest = own.get(lead..).unwrap_or("");
    let mut body = rest;
    if let Some(c) = rest.chars().next() {
        let dash = c == '-' && rest.get(1..).is_some_and(|r| r.starts_with([' ', '\u{3000}']));
        if is_bullet(c) || dash {
            let after = rest.get(c.len_utf8()..).unwrap_or("");
            let after_trim = after.trim_start();
            if !after_trim.is_empty() {
                let len = lead + c.len_utf8() + (after.len() - after_trim.len());
                facts.bullet = u8::try_from(len).unwrap_or(0);
                body = after_trim;
            }
        }
    }
    // Head: whitespace-free start of the text, without a leading field label.
    let (head, count, head_end) = if gates & gate::SPACE == 0 {
        let (count, end) = char_prefix(body, HEAD_CHARS);
        (Box::from(body.get(..end).unwrap_or("")), count, end)
    } else {
        head_of(body)
    };
    // The whole body fits in the head: only then can it be a title.
    let short = count < HEAD_CHARS || body.get(head_end..).unwrap_or("").chars().all(is_space);
    if short {
        facts.title_like = title_like(&head);
        facts.genre_end = facts.title_like && genre_end_gated(&head, gates);
    }
    let digits_only = !head.is_empty() && head.chars().all(|c| c.is_ascii_digit());
    facts.number_only = digits_only && count <= 4;
    facts.head_chars = u8::try_from(count).unwrap_or(u8::MAX);
    facts.date_only = head.len() <= 40 && DATE_ONLY.is_match(gates, &head);
    facts.ellipsis_only =
        !head.is_empty() && head.chars().all(|c| matches!(c, '…' | '.' | '。' | '⋯')) && head.len() >= 3;
    // `N、` chunk marker (docdown extraction): digits, 、, then text.
    let digits: usize = rest.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) && rest.get(digits..).is_some_and(|r| r.starts_with('、') && r.len() > '、'.len_utf8())
    {
        if let Ok(n) = rest.get(..digits).unwrap_or("").parse::<u16>() {
            facts.chunk_marker = u8::try_from(lead + digits + '、'.len_utf8()).ok().map(|len| (n, len));
        }
    }
    facts.head = head;
    facts
}

/// How many of the first `n` characters `s` has, and the byte offset after them: counts the
/// bytes that start a character, 32 at a time, then one by one in the last block.
fn char_prefix(s: &str, n: usize) -> (usize, usize) {
    let bytes = s.as_bytes();
    let starts = |b: &u8| (*b as i8) >= -0x40;
    let mut count = 0;
    let mut at = 0;
    for chunk in bytes.chunks_exact(32) {
        let c = chunk.iter().filter(|b| starts(b)).count();
        if count + c > n {
            break;
        }
        count += c;
        at += 32;
    }
    for (i, b) in bytes.iter().enumerate().skip(at) {
        if starts(b) {
            if count == n {
                return (n, i);
            }
            count += 1;
        }
    }
    (count, bytes.len())
}

/// The first `HEAD_CHARS` characters of `body` that are not whitespace, how many there are,
/// and the byte offset in `body` after the last of them (the end of `body` when there are
/// fewer). One byte scan; a character is decoded only when its lead byte is one that
/// whitespace outside ASCII starts with. Copied in one piece when no whitespace is skipped.
fn head_of(body: &str) -> (Box<str>, usize, usize) {
    let bytes = body.as_bytes();
    let mut count = 0usize;
    let mut at = 0usize;
    // The first few whitespace characters skipped (start, length), and how many there were.
    let mut gaps = [(0usize, 0usize); 8];
    let mut spaced = 0usize;
    let mut gap_bytes = 0usize;
    while count < HEAD_CHARS {
        let Some(&b) = bytes.get(at) else { break };
        let len = crate::text::utf8::width(b);
        let ws = match b {
            b'\t'..=b'\r' | b' ' => true,
            0xC2 | 0xE1 | 0xE2 | 0xE3 => body.get(at..).and_then(|r| r.chars().next()).is_some_and(is_space),
            _ => false,
        };
        if ws {
            if let Some(g) = gaps.get_mut(spaced) {
                *g = (at, len);
            }
            spaced += 1;
            gap_bytes += len;
        } else {
            count += 1;
        }
        at += len;
    }
    let at = at.min(body.len());
    let part = body.get(..at).unwrap_or("");
    let head: Box<str> = if spaced == 0 {
        part.into()
    } else if spaced <= gaps.len() {
        let mut out = String::with_capacity(at.saturating_sub(gap_bytes));
        let mut from = 0;
        for &(start, len) in gaps.iter().take(spaced) {
            out.push_str(part.get(from..start).unwrap_or(""));
            from = start + len;
        }
        out.push_str(part.get(from..).unwrap_or(""));
        out.into()
    } else {
        part.chars().filter(|&c| !is_space(c)).collect::<String>().into()
    };
    (head, count, at)
}

/// A short, mostly Chinese line without sentence punctuation: a title.
pub(crate) fn title_like(compact: &str) -> bool {
    // A full stop rules a title out (as in the loop below), found by one vectorized search.
    static FULL_STOP: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("。".as_bytes()));
    if FULL_STOP.find(compact.as_bytes()).is_some() {
        return false;
    }
    let n = compact.chars().count();
    if !(6..=60).contains(&n) {
        return false;
    }
    let mut han = 0;
    let mut pauses = 0;
    for c in compact.chars() {
        match c {
            '。' | '；' | ';' | '！' | '!' | '？' | '?' => return false,
            ',' | '，' | ':' | '：' => pauses += 1,
            _ => {}
        }
        if is_han(c) {
            han += 1;
        }
    }
    if pauses > 2 || han * 2 < n {
        return false;
    }
    let first = compact.chars().next();
    let last = compact.chars().next_back();
    !matches!(last, Some(',' | '，' | ':' | '：' | '、' | '…' | '—' | '(' | '（'))
        && !matches!(first, Some('—' | '…' | '-' | '(' | '（' | ')' | '）' | '、' | ',' | '，' | '。'))
}

fn genre_end(compact: &str) -> bool {
    genre_end_gated(compact, !0)
}

/// [`genre_end`] of a part of a line whose gate mask is `gates` (without traditional
/// characters, the part needs no simplifying).
fn genre_end_gated(compact: &str, gates: u64) -> bool {
    // Ignore a trailing date or count ("…的讲话 2023-05-12", "…汇编-13篇").
    let t = compact
        .trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, '-' | '/' | '.' | ':' | ')' | '）' | '》'));
    let t = if gates & gate::TRAD == 0 { std::borrow::Cow::Borrowed(t) } else { simplify(t) };
    GENRES.iter().any(|g| t.ends_with(g))
}

/// Whether everything outside `hits` is whitespace or stray punctuation.
fn only_insignificant_outside(text: &str, hits: &[Hit]) -> bool {
    let mut at = 0;
    let mut rest = String::new();
    for h in hits {
        if let Some(s) = text.get(at..h.start) {
            rest.push_str(s);
        }
        at = at.max(h.end);
    }
    rest.push_str(text.get(at..).unwrap_or(""));
    rest.chars().all(|c| c.is_whitespace() || is_filler(c))
}

/// Punctuation and symbols that carry no speech on their own.
pub(crate) fn is_filler(c: char) -> bool {
    matches!(
        c,
        ',' | '，'
            | '.'
            | '。'
            | ':'
            | '：'
            | ';'
            | '；'
            | '、'
            | '!'
            | '！'
            | '?'
            | '？'
            | '…'
            | '-'
            | '—'
            | '|'
            | '｜'
            | '>'
            | '<'
            | '»'
            | '«'
            | '/'
            | '('
            | ')'
            | '（'
            | '）'
            | '['
            | ']'
            | '【'
            | '】'
            | '《'
            | '》'
            | '"'
            | '“'
            | '”'
            | '·'
            | '•'
            | '~'
            | '='
            | '#'
            | '*'
    ) || is_bullet(c)
}

/// Finds boilerplate that spans lines. Returns, per line, whether the document pass found the
/// line to be boilerplate (may be shorter than the document: missing entries are `false`).
pub fn check_document(ctx: &DocCtx, out: &mut Vec<Finding>) -> Vec<bool> {
    let n = ctx.lines.len();
    let mut mask = vec![false; n];
    site_chrome::check_document(ctx, &mut mask, out);
    repeated_page_title::check(ctx, &mut mask, out);
    site_summary::check(ctx, &mut mask, out);
    related_article_list::check(ctx, &mut mask, out);
    boilerplate_line::check(ctx, &mut mask, out);
    mask
}

/// Helpers for the document passes.
pub(crate) mod doc {
    use super::LineFacts;
    use crate::analysis::diagnostic::{Applicability, Finding, Span, SpanFix};
    use crate::analysis::pass::DocCtx;
    use crate::analysis::registry::{Rule, RuleMeta};

    pub(crate) fn facts<'a>(ctx: &'a DocCtx, i: usize) -> Option<&'a LineFacts> {
        ctx.lines.get(i).map(|l| &l.facts.boilerplate)
    }

    pub(crate) fn is_empty(ctx: &DocCtx, i: usize) -> bool {
        ctx.lines.get(i).is_none_or(|l| l.facts.is_empty)
    }

    /// Wholly boilerplate by the local pass or by an earlier document rule.
    pub(crate) fn is_bp(ctx: &DocCtx, mask: &[bool], i: usize) -> bool {
        mask.get(i).copied().unwrap_or(false) || facts(ctx, i).is_some_and(|f| f.whole_line)
    }

    pub(crate) fn line32(i: usize) -> u32 {
        u32::try_from(i).unwrap_or(u32::MAX)
    }

    /// A finding over whole lines `first..=last` that deletes them.
    pub(crate) fn lines_finding(
        ctx: &DocCtx,
        meta: &'static RuleMeta,
        first: usize,
        last: usize,
        zh: &str,
        en: &str,
    ) -> Finding {
        let loc = ctx.config.locale;
        let end_bytes = ctx.lines.get(last).map_or(0, |l| l.facts.bytes);
        let span = Span::new(
            crate::analysis::diagnostic::LinePos::new(line32(first), 0),
            crate::analysis::diagnostic::LinePos::new(line32(last), end_bytes),
        );
        let title = if first == last {
            loc.pick("删除网页残留行", "Remove scraped line")
        } else {
            loc.pick("删除网页残留段落", "Remove scraped block")
        };
        Finding::new(Rule(meta), span, loc.pick(zh, en))
            .with_fix(SpanFix::new(title, Applicability::Safe).edit(Span::lines(line32(first), line32(last)), ""))
    }
}

/// The boilerplate family (3xx), as the engine drives it.
pub struct Boilerplate;

impl crate::analysis::rules::Family for Boilerplate {
    super::family_basics!("boilerplate", RULES, LineFacts => boilerplate);
    fn check_line(
        &self,
        ctx: &LineCtx,
        _scan: &crate::analysis::rules::SharedScan,
        out: &mut Vec<Finding>,
    ) -> LineFacts {
        check_line(ctx, out)
    }
    /// Marks the lines of boilerplate blocks and the lines the local pass found to be wholly
    /// boilerplate.
    fn check_document(&self, ctx: &DocCtx, out: &mut Vec<Finding>) -> Option<Vec<bool>> {
        let mut mask = check_document(ctx, out);
        mask.resize(ctx.lines.len(), false);
        for (m, l) in mask.iter_mut().zip(ctx.lines) {
            if l.facts.boilerplate.whole_line {
                *m = true;
            }
        }
        Some(mask)
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::Category;

    /// The lines any boilerplate rule reports.
    fn bp_lines(text: &str) -> Vec<u32> {
        crate::analysis::check::lines(crate::analysis::check::Select::Category(Category::Boilerplate), text)
    }

    /// Every row of `trad_pairs.txt` is used: a pair of two characters, a real change of the
    /// same UTF-8 length, and no traditional character listed twice (each row becomes one entry
    /// of the simplified reading).
    #[test]
    fn every_traditional_pair_is_used() {
        let rows: Vec<&str> = include_str!("trad_pairs.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        assert_eq!(rows.len(), super::TRAD_PAIRS.len());
        for row in &rows {
            assert_eq!(row.chars().count(), 2, "{row}");
        }
        assert_eq!(super::TO_SIMPLIFIED.len(), rows.len(), "a row is a duplicate, an identity or changes length");
    }

    #[test]
    fn simplified_reading_keeps_byte_columns() {
        for (t, s) in super::TRAD_PAIRS.iter() {
            assert_eq!(t.len_utf8(), s.len_utf8(), "{t}{s}");
        }
        let text = "發佈時間：2021年 瀏覽";
        assert_eq!(super::simplify(text).len(), text.len());
        assert_eq!(super::simplify(text), "发布时间：2021年 浏览");
    }

    #[test]
    fn head_and_whitespace_scans_agree_with_chars() {
        let naive = |body: &str| {
            let mut head = String::new();
            let mut count = 0;
            let mut chars = body.chars();
            for c in chars.by_ref() {
                if c.is_whitespace() {
                    continue;
                }
                head.push(c);
                count += 1;
                if count >= super::HEAD_CHARS {
                    break;
                }
            }
            let rest: String = chars.collect();
            (head, count, body.len() - rest.len())
        };
        let long = "一二三四五 六七八九十".repeat(12);
        let long_plain = "一二三四五a六七八九十“”".repeat(12);
        for body in [
            "",
            " ",
            "abc",
            "1. 加强督查考核。",
            "来源：市人民政府办公室\u{3000}\u{3000}发布时间：2023-09-21\u{a0}浏览\u{2003}次数\u{85}x\u{1680}y\u{202f}z\u{205f}",
            "a b c d e f g h i j k l m n",
            "“引号”——破折号…、。",
            long.as_str(),
            long_plain.as_str(),
        ] {
            let (head, count, end) = super::head_of(body);
            let (h, c, e) = naive(body);
            assert_eq!((&*head, count, end), (h.as_str(), c, e), "{body}");
            assert_eq!(super::has_whitespace(body), body.chars().any(char::is_whitespace), "{body}");
            assert_eq!(super::without_whitespace(body, !0), body.chars().filter(|c| !c.is_whitespace()).collect::<String>());
            if !body.chars().any(char::is_whitespace) {
                assert_eq!(super::char_prefix(body, super::HEAD_CHARS), (c, e), "{body}");
            }
            for n in [0, 1, 5, 31, 32, 33, 64] {
                let want = (body.chars().count().min(n), body.char_indices().nth(n).map_or(body.len(), |(i, _)| i));
                assert_eq!(super::char_prefix(body, n), want, "{body} {n}");
            }
        }
    }

    #[test]
    fn tone_letter_list_is_the_predicate() {
        for c in (0..=0xFFFFu32).filter_map(char::from_u32) {
            assert_eq!(super::is_tone_letter(c), super::TONE_LETTERS.contains(c), "{c}");
        }
    }

    #[test]
    fn strips_converter_pinyin_only() {
        assert_eq!(super::strip_pinyin_gated("導(dǎo)語(yǔ)：鄉（xiāng）", !0), "導語：鄉");
        assert_eq!(super::strip_pinyin_gated("増长(12%)与(abc)", !0), "増长(12%)与(abc)");
    }

    #[test]
    fn no_boilerplate_in_plain_speech() {
        let text = "在全县经济工作会议上的讲话\n\n同志们：\n\n今天，我们召开全县经济工作会议，主要任务是总结工作、部署任务。\n\n一、统一思想，提高认识\n\n（一）充分认识当前形势\n\n今年以来，全县上下攻坚克难，经济运行稳中有进。";
        assert!(bp_lines(text).is_empty(), "{:?}", bp_lines(text));
    }
}
