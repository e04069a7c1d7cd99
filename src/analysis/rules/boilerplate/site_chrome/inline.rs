//! Inline chrome inside or at the end of a line of speech: editor credits, tag lists,
//! catalogue numbers, the watermark, HTML and style-sheet residue.

use super::*;

pub(super) fn inline(text: &str, gates: u64, hits: &mut Vec<Hit>) {
    // The tail patterns end the line: look at its last stretch only.
    let mut tail_at = text.len().saturating_sub(240);
    while !text.is_char_boundary(tail_at) {
        tail_at -= 1;
    }
    let tail = text.get(tail_at..).unwrap_or("");
    if INLINE.open(gates) && tail.contains(['(', '（', '【', '[', '|', ' ', '\u{3000}', '\t', ':', '：']) {
        for c in INLINE.captures_iter(gates, tail) {
            let Some(m) = c.get(0) else { continue };
            let (start, end) = (tail_at + m.start(), tail_at + m.end());
            let kind = if c.name("end").is_some() {
                Kind::EndMark
            } else if c.name("label").is_some() {
                Kind::Label
            } else if c.name("tag").is_some() {
                // A tag needs text of its own before it.
                if text.get(..start).is_none_or(|p| p.trim().chars().count() < 20) {
                    continue;
                }
                Kind::SiteTitle
            } else {
                Kind::Residue
            };
            hits.push(kind_hit(kind, start, end));
        }
    }
    if WATERMARK.open(gates) && (text.contains("原创") || text.contains('号')) {
        for m in WATERMARK.find_iter(gates, text) {
            hits.push(kind_hit(Kind::Watermark, m.start(), m.end()));
        }
    }
    if let Some(m) = SITE_PREFIX.find(gates, text) {
        hits.push(kind_hit(Kind::SiteTitle, m.start(), m.end()));
    }
    if memchr::memchr2(b'<', b'&', text.as_bytes()).is_some() {
        for m in HTML.find_iter(text) {
            hits.push(kind_hit(Kind::Residue, m.start(), m.end()));
        }
    }
    if COUNTER.open(gates) && text.contains('页') {
        for m in COUNTER.find_iter(gates, text) {
            hits.push(kind_hit(Kind::Counter, m.start(), m.end()));
        }
    }
    // Style-sheet residue: `@page { size: …; } p { … }` before the text.
    if text.contains('{') && text.contains('}') {
        let first = CSS.find_iter(text).next();
        let last = CSS.find_iter(text).last();
        if let (Some(f), Some(l)) = (first, last) {
            let prefix = text.get(..f.start()).unwrap_or("");
            let start = if han_count(prefix) <= 10 { 0 } else { f.start() };
            let mut end = l.end();
            while let Some(c) = text.get(end..).and_then(|s| s.chars().next()) {
                if c.is_whitespace() {
                    end += c.len_utf8();
                } else {
                    break;
                }
            }
            hits.push(kind_hit(Kind::Residue, start, end));
        }
    }
    // The label “来源” fused onto the text: “来源县委在…会上讲话同志们：…”.
    let lead = text.len() - text.trim_start().len();
    if let Some(rest) = text.get(lead..).and_then(|t| t.strip_prefix("来源")) {
        let next = rest.chars().next();
        // Only when a title or a speech follows it (“来源县委在…会上讲话同志们：…”).
        let opening: String = rest.chars().take(80).collect();
        let speechy = ["同志们", "讲话", "发言", "致辞", "报告"].iter().any(|w| opening.contains(w));
        if next.is_some_and(|c| is_han(c) && !"于自是广多渠地方头上".contains(c)) && speechy {
            hits.push(kind_hit(Kind::Label, lead, lead + "来源".len()));
        }
    }
}
