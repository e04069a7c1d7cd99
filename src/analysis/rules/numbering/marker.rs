//! Heading markers at the start of a line.

/// A heading marker found at the start of a line.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Heading {
    /// 1 一、  2 （一）  3 1.  4 （1）  5 ①
    pub level: u8,
    /// The number the marker carries (1-based).
    pub number: u32,
    /// Byte range of the marker within the line.
    pub marker_start: u32,
    pub marker_end: u32,
    /// The heading text (trimmed, marker included), for the outline and messages.
    pub title: String,
}

const CN: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// Parses a Chinese numeral 1..=99.
pub fn cn_value(s: &str) -> Option<u32> {
    let digit = |c: char| CN.iter().position(|&d| d == c).map(|p| p as u32);
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        [a] if *a == '十' => Some(10),
        [a] => digit(*a).filter(|&d| d > 0),
        ['十', b] => digit(*b).map(|d| 10 + d).filter(|&v| v > 10),
        [a, '十'] => digit(*a).filter(|&d| d > 1).map(|d| d * 10),
        [a, '十', b] => Some(digit(*a).filter(|&d| d > 1)? * 10 + digit(*b).filter(|&d| d > 0)?),
        _ => None,
    }
}

fn is_cn_digit(c: char) -> bool {
    CN.contains(&c) || c == '十'
}

/// Recognises a heading marker at the start of `line` (after indentation).
pub fn parse(line: &str) -> Option<Heading> {
    let trimmed = line.trim_start_matches([' ', '\t', '\u{3000}', '\u{a0}']);
    let indent = line.len() - trimmed.len();
    let first = trimmed.chars().next()?;
    let (level, number, len) = if first == '（' || first == '(' {
        let inner_start = first.len_utf8();
        let rest = &trimmed[inner_start..];
        let close = rest.find(['）', ')'])?;
        let inner = &rest[..close];
        let close_len = rest[close..].chars().next()?.len_utf8();
        let len = inner_start + close + close_len;
        if !inner.is_empty() && inner.chars().all(is_cn_digit) {
            (2, cn_value(inner)?, len)
        } else if !inner.is_empty() && inner.len() <= 2 && inner.chars().all(|c| c.is_ascii_digit()) {
            (4, inner.parse().ok()?, len)
        } else {
            return None;
        }
    } else if is_cn_digit(first) {
        let end = trimmed.find(|c: char| !is_cn_digit(c))?;
        let num = cn_value(&trimmed[..end])?;
        let sep = trimmed[end..].chars().next()?;
        if sep != '、' {
            return None;
        }
        (1, num, end + sep.len_utf8())
    } else if first.is_ascii_digit() {
        let end = trimmed.find(|c: char| !c.is_ascii_digit())?;
        if end > 2 {
            return None;
        }
        let num: u32 = trimmed[..end].parse().ok()?;
        let sep = trimmed[end..].chars().next()?;
        let after = trimmed[end + sep.len_utf8()..].chars().next();
        // “1.5亿元” is a figure, not a heading
        if !matches!(sep, '.' | '．' | '、') || after.is_some_and(|c| c.is_ascii_digit()) {
            return None;
        }
        (3, num, end + sep.len_utf8())
    } else if ('①'..='⑳').contains(&first) {
        (5, first as u32 - '①' as u32 + 1, first.len_utf8())
    } else {
        return None;
    };
    if number == 0 {
        return None;
    }
    Some(Heading {
        level,
        number,
        marker_start: u32::try_from(indent).ok()?,
        marker_end: u32::try_from(indent + len).ok()?,
        title: trimmed.trim_end().chars().take(60).collect(),
    })
}
