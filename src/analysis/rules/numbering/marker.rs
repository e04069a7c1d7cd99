//! Parsing of numbering markers on one line: the heading marker at the start of the line
//! (一、 （一） 1. （1） ① and their non-standard spellings), the enumeration markers inside
//! the text (一是 二要 第三， 其一 首先 …), and the title and salutation candidates.
//!
//! Everything here is a pure function of one line, run by the per-line pass; the results are
//! stored as compact facts.
//!
//! Complexity: one scan of the leading characters for the heading marker and one scan of the
//! line's characters for enumeration markers (with a cheap trigger-character test before any
//! look-around), O(n) in the line's length.

use crate::analysis::rules::charset::{CharSet, Stops};

pub use crate::analysis::pass::numbering::{EnumMarker, Family, Heading, Numeral, Piece, LAST};

const CN: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

fn cn_digit(c: char) -> Option<u32> {
    CN.iter().position(|&d| d == c).and_then(|p| u32::try_from(p).ok())
}

/// A Chinese numeral character used in markers (一 … 十; 零 is not a marker digit).
pub fn is_cn_digit(c: char) -> bool {
    matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十')
}

/// Parses a Chinese numeral 1..=99 (一 … 九十九).
pub fn cn_value(s: &str) -> Option<u32> {
    let mut it = s.chars();
    let a = it.next()?;
    let b = it.next();
    let c = it.next();
    if it.next().is_some() {
        return None;
    }
    match (a, b, c) {
        ('十', None, None) => Some(10),
        (a, None, None) => cn_digit(a).filter(|&d| d > 0),
        ('十', Some(b), None) => cn_digit(b).filter(|&d| d > 0).map(|d| 10 + d),
        (a, Some('十'), None) => cn_digit(a).filter(|&d| d > 1).map(|d| d * 10),
        (a, Some('十'), Some(c)) => Some(cn_digit(a).filter(|&d| d > 1)? * 10 + cn_digit(c).filter(|&d| d > 0)?),
        _ => None,
    }
}

/// Writes 1..=99 as a Chinese numeral.
pub fn cn_string(n: u32) -> String {
    let d = |k: u32| CN.get(k as usize).copied().unwrap_or('零');
    match n {
        0 => "零".to_string(),
        1..=9 => d(n).to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", d(n - 10)),
        20..=99 if n % 10 == 0 => format!("{}十", d(n / 10)),
        20..=99 => format!("{}十{}", d(n / 10), d(n % 10)),
        _ => n.to_string(),
    }
}

/// Writes `n` in the given numeral kind (the number part of a marker only).
pub fn numeral_string(kind: Numeral, n: u32) -> String {
    let offset = |base: char, max: u32| {
        if (1..=max).contains(&n) {
            char::from_u32(base as u32 + n - 1).map(String::from)
        } else {
            None
        }
    };
    match kind {
        Numeral::Chinese => cn_string(n),
        Numeral::Arabic => n.to_string(),
        Numeral::WideArabic => n.to_string().chars().map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c)).collect(),
        Numeral::Circled => offset('①', 20).unwrap_or_else(|| format!("({n})")),
        Numeral::ParenDigit => offset('⑴', 20).unwrap_or_else(|| format!("（{n}）")),
        Numeral::ParenHan => offset('㈠', 10).unwrap_or_else(|| format!("（{}）", cn_string(n))),
    }
}

/// The standard spelling of a marker of `level` numbered `n` (GB/T 9704: 一、 （一） 1. （1）, and ①).
pub fn standard_marker(level: u8, n: u32) -> String {
    match level {
        1 => format!("{}、", cn_string(n)),
        2 => format!("（{}）", cn_string(n)),
        3 => format!("{n}."),
        4 => format!("（{n}）"),
        _ => numeral_string(Numeral::Circled, n),
    }
}

/// A hash of up to 30 bytes of `line` from `at` (cut at a character boundary).
pub fn tail_hash(line: &str, at: usize) -> u32 {
    let rest = line.get(at..).unwrap_or("");
    let mut end = rest.len().min(30);
    while !rest.is_char_boundary(end) {
        end -= 1;
    }
    // FNV-1a
    rest.as_bytes().iter().take(end).fold(0x811c_9dc5u32, |h, &b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

/// Heading markers in the middle of `line` (from byte `from`) that follow a sentence end and
/// at least one space: a heading whose line break was lost.
pub fn inline_headings(line: &str, from: usize) -> Vec<(u8, u32)> {
    let mut out = Vec::new();
    let Some(rest) = line.get(from..) else { return out };
    for (i, _) in rest.match_indices('。') {
        let after = rest.get(i + '。'.len_utf8()..).unwrap_or("");
        let trimmed = after.trim_start_matches(is_space);
        if trimmed.len() == after.len() {
            continue;
        }
        if let Some(h) = parse_heading(trimmed) {
            if h.marker_start == 0 && h.level <= 2 {
                out.push((h.level, h.number));
            }
        }
    }
    out
}

/// Item numbers in the middle of `line` (from byte `from`): an Arabic number of one or two
/// digits after a character that is not a digit or a point, followed by 、 . or ． and a
/// Chinese character (`……三足2、竞哥比赛`). A figure (`增长2.5%`, `2、3个`) is not one.
pub fn mid_items(line: &str, from: usize) -> Vec<u32> {
    let mut out = Vec::new();
    let Some(rest) = line.get(from..) else { return out };
    let bytes = rest.as_bytes();
    let mut i = 0usize;
    while i < bytes.len() && out.len() < crate::analysis::pass::numbering::MAX_MID_ITEMS {
        let b = bytes.get(i).copied().unwrap_or(0);
        if !b.is_ascii_digit() {
            i += 1;
            continue;
        }
        let run = bytes.get(i..).unwrap_or(&[]).iter().take_while(|c| c.is_ascii_digit()).count();
        let before = rest.get(..i).and_then(|t| t.chars().next_back());
        let after = rest.get(i + run..).unwrap_or("");
        let mut it = after.chars();
        let sep = it.next();
        let next = it.next();
        // not a figure's tail, nor a numbered thing (图2. 表3、 第4. 附件2.)
        let lead_ok = i > 0
            && before.is_some_and(|c| {
                !c.is_ascii_alphanumeric()
                    && !matches!(
                        c,
                        '.' | '．'
                            | '-'
                            | '/'
                            | '～'
                            | '~'
                            | '图'
                            | '表'
                            | '第'
                            | '件'
                            | '号'
                            | '期'
                            | '章'
                            | '节'
                            | '条'
                            | '款'
                            | '页'
                            | '卷'
                            | '版'
                            | '至'
                            | '到'
                    )
            });
        let rest_after = after.get(sep.map_or(0, char::len_utf8)..).unwrap_or("");
        let dated = sep == Some('、')
            && next.is_some_and(|c| c.is_ascii_digit())
            && !figures_in_a_row(rest.get(i..i + run).unwrap_or("0").parse().unwrap_or(0), rest_after);
        let text_follows = next.is_some_and(crate::analysis::util::is_han) || dated;
        if run <= 2 && lead_ok && matches!(sep, Some('、' | '.' | '．')) && text_follows {
            if let Ok(n) = rest.get(i..i + run).unwrap_or("").parse::<u32>() {
                if n > 0 {
                    out.push(n);
                }
            }
        }
        i += run;
    }
    out
}

/// Running text that ends in a figure (a digit, or a digit and `/` `.`: `不足全省的1/`), with
/// no closing mark after it.
pub fn ends_in_figure(line: &str) -> bool {
    let t = line.trim_end_matches(is_space);
    let t = t.strip_suffix(['/', '.', '．', '／']).unwrap_or(t);
    t.chars().next_back().is_some_and(|c| ascii_or_wide_digit(c).is_some())
        && t.chars().count() >= 20
        && t.contains(['，', ',', '。'])
}

/// For each of `enums`, whether the text before it (from byte `from`) holds the previous
/// item's marker written without a clause boundary (`主要目的一是……；二是`), as bits.
pub fn loose_prev(line: &str, from: usize, enums: &[EnumMarker]) -> u64 {
    let mut bits = 0u64;
    for (k, m) in enums.iter().enumerate().take(64) {
        let word = match m.family {
            Family::Shi => '是',
            Family::Yao => '要',
            _ => continue,
        };
        if m.number < 2 || m.number == LAST {
            continue;
        }
        let before = line.get(from..m.start as usize).unwrap_or("");
        let prev = format!("{}{word}", cn_string(u32::from(m.number - 1)));
        if before.contains(&prev) {
            bits |= 1 << k;
        }
    }
    bits
}

/// For each of `enums`, whether it follows a colon (spaces aside), as bits.
pub fn colon_led(line: &str, enums: &[EnumMarker]) -> u64 {
    let mut bits = 0u64;
    for (k, m) in enums.iter().enumerate().take(64) {
        let before = line.get(..m.start as usize).unwrap_or("").trim_end_matches(is_space);
        if before.ends_with(['：', ':']) {
            bits |= 1 << k;
        }
    }
    bits
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}' | '\u{a0}' | '\u{feff}')
}

fn ascii_or_wide_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// Byte offset where a line's content starts: after indentation, a Markdown heading prefix
/// (`## `), a blockquote `>` and bold `**`.
pub fn content_start(line: &str) -> usize {
    let mut at = skip_spaces(line, 0);
    let rest = line.get(at..).unwrap_or("");
    let hashes = rest.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) {
        let after = at + hashes;
        let next = line.get(after..).and_then(|s| s.chars().next());
        if next.is_some_and(is_space) {
            at = skip_spaces(line, after);
        }
    } else if rest.starts_with('>') {
        at = skip_spaces(line, at + 1);
    }
    if line.get(at..).is_some_and(|s| s.starts_with("**")) {
        at = skip_spaces(line, at + 2);
    }
    at
}

fn skip_spaces(line: &str, from: usize) -> usize {
    let rest = line.get(from..).unwrap_or("");
    from + rest.len() - rest.trim_start_matches(is_space).len()
}

fn u(x: usize) -> u32 {
    u32::try_from(x).unwrap_or(u32::MAX)
}

fn piece(at: usize, ch: char) -> Piece {
    Piece { start: u(at), end: u(at + ch.len_utf8()), ch }
}

/// Four digits and 年: a year.
fn starts_with_year(s: &str) -> bool {
    let digits = s.chars().take_while(|&c| ascii_or_wide_digit(c).is_some()).count();
    digits == 4 && s.chars().nth(4) == Some('年')
}

/// After `3、`: `4月份` or `2、3号楼` make a list of figures (the next number, or another 、);
/// a year or any other figure (`9:30`) leaves the `3、` a heading number.
fn figures_in_a_row(number: u32, after: &str) -> bool {
    if starts_with_year(after) {
        return false;
    }
    let digits: String = after.chars().take_while(|&c| ascii_or_wide_digit(c).is_some()).take(3).collect();
    let value = digits.chars().try_fold(0u32, |acc, c| Some(acc * 10 + ascii_or_wide_digit(c)?));
    let next = after.get(digits.len()..).and_then(|s| s.chars().next());
    value == Some(number + 1) || next == Some('、')
}

/// Recognises a heading marker at the start of `line` (after indentation and Markdown).
pub fn parse_heading(line: &str) -> Option<Heading> {
    parse_heading_opts(line, false)
}

/// `5.3个国家级开发区`: read alone, a decimal; after item `4.` it is item 5 (“3个国家级开发区”).
/// The marker as an item number, for the document pass to accept when the sequence around it
/// says so.
pub fn parse_decimal_lead(line: &str) -> Option<Heading> {
    if parse_heading(line).is_some() {
        return None;
    }
    parse_heading_opts(line, true).filter(|h| h.level == 3 && h.sep.is_some_and(|s| s.ch != '、'))
}

/// `注：1.……`, `说明：1.……`, `附件：1.……` (the list of annexes): the heading marker that
/// opens a notes block, and the block's
/// number.
pub fn parse_note_lead(line: &str) -> Option<Heading> {
    let start = content_start(line);
    let rest = line.get(start..)?;
    let lead = ["注：", "注:", "说明：", "说明:", "备注：", "备注:", "附件：", "附件:"]
        .iter()
        .find(|p| rest.starts_with(**p))?;
    let at = start + lead.len();
    let mut h = parse_heading(line.get(at..)?)?;
    for v in [&mut h.marker_start, &mut h.marker_end, &mut h.num_start, &mut h.num_end, &mut h.title_end] {
        *v += u(at);
    }
    Some(h)
}

/// A line that opens an annex or a glossary (附件1, 附表, 附录, 名词解释): numbering restarts there.
pub fn is_annex_start(line: &str) -> bool {
    let t = line.trim();
    t.chars().count() <= 40
        && ["附件", "附表", "附录", "名词解释"].iter().any(|p| t.starts_with(p))
        && !t.contains('。')
}

fn parse_heading_opts(line: &str, allow_decimal: bool) -> Option<Heading> {
    let start = content_start(line);
    let rest = line.get(start..)?;
    let mut chars = rest.char_indices();
    let (_, first) = chars.next()?;
    let mut open = None;
    let mut close = None;
    let mut sep = None;
    let level;
    let number;
    let numeral;
    let num_start;
    let num_end;
    let mut end;
    if first == '（' || first == '(' {
        open = Some(piece(start, first));
        let inner_start = start + first.len_utf8();
        let inner = line.get(inner_start..)?;
        let mut len = 0;
        let mut count = 0;
        let mut closing = None;
        for c in inner.chars() {
            if c == '）' || c == ')' {
                closing = Some(c);
                break;
            }
            count += 1;
            len += c.len_utf8();
            if count > 3 {
                return None;
            }
        }
        let closing = closing?;
        let digits = inner.get(..len)?;
        if digits.is_empty() {
            return None;
        }
        if digits.chars().all(is_cn_digit) {
            level = 2;
            number = cn_value(digits)?;
            numeral = Numeral::Chinese;
        } else if digits.chars().count() <= 2 && digits.chars().all(|c| ascii_or_wide_digit(c).is_some()) {
            level = 4;
            number = digits.chars().try_fold(0u32, |acc, c| Some(acc * 10 + ascii_or_wide_digit(c)?))?;
            numeral = if digits.chars().all(|c| c.is_ascii_digit()) { Numeral::Arabic } else { Numeral::WideArabic };
        } else {
            return None;
        }
        num_start = inner_start;
        num_end = inner_start + len;
        close = Some(piece(num_end, closing));
        end = num_end + closing.len_utf8();
        // the extra mark of “（一）、” or “（1）.”
        if let Some(c) = line.get(end..).and_then(|s| s.chars().next()) {
            if matches!(c, '、' | '，' | ',' | '.' | '．') {
                // “（1）.5” would be odd text, not a mark
                let after = line.get(end + c.len_utf8()..).and_then(|s| s.chars().next());
                if after.is_none_or(|a| ascii_or_wide_digit(a).is_none()) {
                    sep = Some(piece(end, c));
                    end += c.len_utf8();
                }
            }
        }
    } else if is_cn_digit(first) {
        let len: usize = rest.chars().take_while(|&c| is_cn_digit(c)).map(char::len_utf8).sum();
        let digits = rest.get(..len)?;
        number = cn_value(digits)?;
        let s = rest.get(len..)?.chars().next()?;
        if !matches!(s, '、' | '.' | '．') {
            return None;
        }
        let after: Vec<char> = rest.get(len + s.len_utf8()..)?.chars().take(2).collect();
        match after.as_slice() {
            // “一、二产业”, “一、二、三”: a list of numerals, not a heading
            [a, b, ..] if is_cn_digit(*a) && matches!(b, '、' | '产' | '类' | '级' | '等' | '和' | '至') => {
                return None
            }
            // “一、二月份”, “三、四季度”: two numbers in a row and a measure; “一、五年工作回顾” is
            // a heading (five years, not the numbers one and five)
            [a, b, ..]
                if matches!(b, '月' | '季' | '年' | '次' | '个' | '种')
                    && cn_value(&a.to_string()).is_some_and(|v| v == number + 1) =>
            {
                return None
            }
            [a, ..] if s != '、' && ascii_or_wide_digit(*a).is_some() => return None,
            _ => {}
        }
        level = 1;
        numeral = Numeral::Chinese;
        num_start = start;
        num_end = start + len;
        sep = Some(piece(num_end, s));
        end = num_end + s.len_utf8();
    } else if ascii_or_wide_digit(first).is_some() {
        let len: usize = rest.chars().take_while(|&c| ascii_or_wide_digit(c).is_some()).map(char::len_utf8).sum();
        let digits = rest.get(..len)?;
        if digits.chars().count() > 2 {
            return None;
        }
        number = digits.chars().try_fold(0u32, |acc, c| Some(acc * 10 + ascii_or_wide_digit(c)?))?;
        let s = rest.get(len..)?.chars().next()?;
        if !matches!(s, '.' | '．' | '、') {
            return None;
        }
        let after: Vec<char> = rest.get(len + s.len_utf8()..)?.chars().take(2).collect();
        match after.as_slice() {
            // “1.5亿元” is a figure; “1、2、3” a list of figures
            [a, ..] if s != '、' && ascii_or_wide_digit(*a).is_some() && !allow_decimal => return None,
            [a, ..] if s != '、' && ascii_or_wide_digit(*a).is_some() => {}
            // “3、4月份”, “1、2、3号楼”: figures in a row; a year (“1、2022年工作回顾”) or a time
            // (“3、9:30集合”) may follow a heading number
            [a, ..]
                if ascii_or_wide_digit(*a).is_some() && figures_in_a_row(number, rest.get(len + s.len_utf8()..)?) =>
            {
                return None
            }
            // “1. 5%”: a figure split by a space
            [' ', b] if s != '、' && ascii_or_wide_digit(*b).is_some() => return None,
            _ => {}
        }
        level = 3;
        numeral = if digits.chars().all(|c| c.is_ascii_digit()) { Numeral::Arabic } else { Numeral::WideArabic };
        num_start = start;
        num_end = start + len;
        sep = Some(piece(num_end, s));
        end = num_end + s.len_utf8();
    } else if ('①'..='⑳').contains(&first) {
        level = 5;
        number = first as u32 - '①' as u32 + 1;
        numeral = Numeral::Circled;
        num_start = start;
        num_end = start + first.len_utf8();
        end = num_end;
    } else if ('⑴'..='⒇').contains(&first) {
        level = 4;
        number = first as u32 - '⑴' as u32 + 1;
        numeral = Numeral::ParenDigit;
        num_start = start;
        num_end = start + first.len_utf8();
        end = num_end;
    } else if ('㈠'..='㈩').contains(&first) {
        level = 2;
        number = first as u32 - '㈠' as u32 + 1;
        numeral = Numeral::ParenHan;
        num_start = start;
        num_end = start + first.len_utf8();
        end = num_end;
    } else {
        return None;
    }
    if number == 0 {
        return None;
    }
    let _ = chars;
    let title_src = line.get(start..)?.trim_end_matches(|c: char| is_space(c) || c == '*' || c == '#');
    end = end.min(line.len());
    Some(Heading {
        level,
        number,
        numeral,
        marker_start: u(start),
        marker_end: u(end),
        num_start: u(num_start),
        num_end: u(num_end),
        open,
        close,
        sep,
        title_end: u(start + title_src.len()),
    })
}

/// Characters after which an enumeration marker may start a clause.
fn is_clause_boundary(c: char) -> bool {
    matches!(
        c,
        '。' | '；'
            | ';'
            | '：'
            | ':'
            | '，'
            | ','
            | '！'
            | '!'
            | '？'
            | '?'
            | '、'
            | '）'
            | ')'
            | '】'
            | '」'
            | '』'
            | '”'
            | '"'
            | '…'
            | ' '
            | '\t'
            | '\u{3000}'
            | '\u{a0}'
    )
}

/// Marks that may follow 第一 / 其一 / 首先 in an enumeration.
fn is_enum_mark(c: char) -> bool {
    matches!(c, '，' | ',' | '、' | '：' | ':' | '；' | ';')
}

/// The characters an enumeration marker starts with: a numeral (一是 一方面), 另 (另一方面),
/// 第 and 其 (第一， 其一， 其次，), 首 再 最 (首先， 再次， 最后，).
pub(crate) static ENUM_LEADS: CharSet = CharSet::new(&ENUM_LEAD_CHARS);
pub(crate) const ENUM_LEAD_CHARS: [char; 16] =
    ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '另', '第', '其', '首', '再', '最'];

/// Finds the enumeration markers of a line. `from` is where the line's text starts (after a
/// heading marker, if any), which counts as a clause boundary. Only the characters a marker
/// can start with are looked at ([`ENUM_LEADS`]).
pub fn scan_enumerations(line: &str, from: usize) -> Vec<EnumMarker> {
    scan_enumerations_at(line, from, Stops::Scan(&ENUM_LEADS, line))
}

/// [`scan_enumerations`] visiting the marker-leading characters `leads` gives (every
/// [`ENUM_LEADS`] character of the line at or after `from`, in order).
pub(crate) fn scan_enumerations_at(line: &str, from: usize, mut leads: Stops) -> Vec<EnumMarker> {
    let mut out = Vec::new();
    let at_boundary = |pos: usize| -> bool {
        if pos <= from {
            return true;
        }
        let before = line.get(from..pos).unwrap_or("");
        match before.chars().next_back() {
            None => true,
            Some(c) => is_clause_boundary(c),
        }
    };
    let next_char = |pos: usize| line.get(pos..).and_then(|s| s.chars().next());
    let mut prev_end = 0usize; // markers do not overlap
    let mut next = (from..=line.len()).find(|&k| line.is_char_boundary(k)).unwrap_or(line.len());
    while let Some((i, c)) = leads.next(next) {
        next = i + c.len_utf8();
        if i < prev_end {
            continue;
        }
        match c {
            // 一是 二要: numeral(s) then 是/要
            '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' => {
                if !at_boundary(i) {
                    continue;
                }
                let rest = line.get(i..).unwrap_or("");
                let len: usize = rest.chars().take_while(|&c| is_cn_digit(c)).take(3).map(char::len_utf8).sum();
                let Some(n) = rest.get(..len).and_then(cn_value) else { continue };
                let fam = match next_char(i + len) {
                    Some('是') => Family::Shi,
                    Some('要') => Family::Yao,
                    Some('方') if n == 1 && rest.get(len..).is_some_and(|s| s.starts_with("方面")) => {
                        Family::Fangmian
                    }
                    _ => continue,
                };
                let Ok(number) = u8::try_from(n) else { continue };
                let tail = if fam == Family::Fangmian { "方面".len() } else { '是'.len_utf8() };
                let end = i + len + tail;
                // 一是一，二是二 and 是否: not enumerations
                let follower = next_char(end);
                if fam == Family::Shi && follower == Some('否') {
                    continue;
                }
                // 三要素, 两要求 …: words, not enumerations
                if fam == Family::Yao
                    && follower.is_some_and(|c| {
                        matches!(
                            c,
                            '素' | '求' | '点' | '件' | '务' | '领' | '害' | '闻' | '塞' | '地' | '员' | '职' | '案'
                        )
                    })
                {
                    continue;
                }
                out.push(EnumMarker {
                    family: fam,
                    number,
                    start: u(i),
                    end: u(end),
                    num_start: u(i),
                    num_end: u(i + len),
                    dunhao: None,
                    para_start: false,
                });
                prev_end = end;
            }
            '另' if at_boundary(i) && line.get(i..).is_some_and(|s| s.starts_with("另一方面")) => {
                let end = i + "另一方面".len();
                out.push(EnumMarker {
                    family: Family::Fangmian,
                    number: 2,
                    start: u(i),
                    end: u(end),
                    num_start: u(i),
                    num_end: u(i),
                    dunhao: None,
                    para_start: false,
                });
                prev_end = end;
            }
            '第' | '其' => {
                if !at_boundary(i) {
                    continue;
                }
                let after = i + c.len_utf8();
                let rest = line.get(after..).unwrap_or("");
                if c == '其' && rest.starts_with('次') {
                    if let Some(m) = word_marker(line, i, "其次", 2) {
                        prev_end = m.end as usize;
                        out.push(m);
                    }
                    continue;
                }
                let len: usize = rest.chars().take_while(|&c| is_cn_digit(c)).take(3).map(char::len_utf8).sum();
                let Some(n) = rest.get(..len).and_then(cn_value) else { continue };
                let Ok(number) = u8::try_from(n) else { continue };
                let mark_at = after + len;
                let Some(mark) = next_char(mark_at) else { continue };
                let family = if c == '第' { Family::Di } else { Family::Qi };
                let ok_mark = is_enum_mark(mark) || mark == '是';
                if !ok_mark {
                    continue;
                }
                // 第一、二产业, 第二、第三产业: a list of ordinals, not an enumeration
                let after_mark = next_char(mark_at + mark.len_utf8());
                let ordinal_next = line
                    .get(mark_at + mark.len_utf8()..)
                    .is_some_and(|s| s.strip_prefix(c).and_then(|t| t.chars().next()).is_some_and(is_cn_digit));
                if mark == '、' && (after_mark.is_some_and(is_cn_digit) || ordinal_next) {
                    continue;
                }
                let end = mark_at + mark.len_utf8();
                out.push(EnumMarker {
                    family,
                    number,
                    start: u(i),
                    end: u(end),
                    num_start: u(after),
                    num_end: u(mark_at),
                    dunhao: (family == Family::Di && mark == '、').then(|| (u(mark_at), u(end))),
                    para_start: false,
                });
                prev_end = end;
            }
            '首' | '再' | '最' => {
                if !at_boundary(i) {
                    continue;
                }
                let (word, n) = match c {
                    '首' => ("首先", 1),
                    '再' => ("再次", 3),
                    _ => ("最后", LAST),
                };
                if let Some(m) = word_marker(line, i, word, n) {
                    prev_end = m.end as usize;
                    out.push(m);
                }
            }
            _ => {}
        }
    }
    for m in &mut out {
        m.para_start = m.start as usize <= from;
    }
    out
}

/// 首先， 其次， 再次， 最后， — only when followed by a mark (再次 alone means “again”).
fn word_marker(line: &str, i: usize, word: &str, number: u8) -> Option<EnumMarker> {
    let rest = line.get(i..)?;
    if !rest.starts_with(word) {
        return None;
    }
    let mark_at = i + word.len();
    let mark = line.get(mark_at..)?.chars().next()?;
    if !matches!(mark, '，' | ',' | '：' | ':') {
        return None;
    }
    let end = mark_at + mark.len_utf8();
    Some(EnumMarker {
        family: Family::Shouxian,
        number,
        start: u(i),
        end: u(end),
        num_start: u(i),
        num_end: u(i),
        dunhao: None,
        para_start: false,
    })
}

/// A salutation line: “同志们：”, “各位代表：”, “尊敬的各位领导、同志们：”.
pub fn is_salutation(line: &str) -> bool {
    let t = line.trim_end_matches(is_space);
    if !(t.ends_with('：') || t.ends_with(':')) {
        return false;
    }
    let t = t.trim_start_matches(is_space);
    if t.len() > 30 && (t.len() > 30 * 4 || t.chars().count() > 30) {
        return false;
    }
    ["同志们", "各位", "朋友们", "来宾", "女士们", "先生们", "代表们", "同学们", "老师们", "同事们"]
        .iter()
        .any(|w| t.contains(w))
}

/// A line that could be a title: short, with text, not ending a sentence.
pub fn is_title_like(line: &str) -> bool {
    let t = line.trim_end_matches(is_space);
    if t.ends_with('。') || t.ends_with('；') || t.ends_with(';') {
        return false;
    }
    // 2..=60 characters; a character takes 1 to 4 bytes, so most lines need no count
    let t = t.trim_start_matches(is_space);
    let at_most_60 = t.len() <= 60 || (t.len() <= 60 * 4 && t.chars().count() <= 60);
    let at_least_2 = t.len() >= 2 * 4 || t.chars().count() >= 2;
    at_most_60 && at_least_2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lv(line: &str) -> Option<(u8, u32)> {
        parse_heading(line).map(|h| (h.level, h.number))
    }

    #[test]
    fn parses_the_four_standard_levels_and_circled() {
        assert_eq!(lv("一、提高政治站位"), Some((1, 1)));
        assert_eq!(lv("（二）创新工作载体"), Some((2, 2)));
        assert_eq!(lv("    3.加强宣传引导"), Some((3, 3)));
        assert_eq!(lv("3．加强宣传引导"), Some((3, 3)));
        assert_eq!(lv("（4）落实责任"), Some((4, 4)));
        assert_eq!(lv("⑤细化措施"), Some((5, 5)));
        assert_eq!(lv("十二、其他"), Some((1, 12)));
        assert_eq!(lv("（二十一）其他"), Some((2, 21)));
    }

    #[test]
    fn parses_half_width_and_non_standard_spellings() {
        assert_eq!(lv("(一)民族团结进步"), Some((2, 1)));
        assert_eq!(lv("(2)落实责任"), Some((4, 2)));
        assert_eq!(lv("1、加强领导"), Some((3, 1)));
        assert_eq!(lv("二.强化保障"), Some((1, 2)));
        let h = parse_heading("（一）、加强领导").map(|h| h.sep.map(|s| s.ch));
        assert_eq!(h, Some(Some('、')));
        assert_eq!(lv("１．全角数字"), Some((3, 1)));
    }

    #[test]
    fn parses_markdown_headings() {
        assert_eq!(lv("## 一、总体要求"), Some((1, 1)));
        assert_eq!(lv("### （三）工作措施"), Some((2, 3)));
        assert_eq!(lv("**2. 加粗标题**"), Some((3, 2)));
        let line = "## 一、总体要求 ";
        assert_eq!(parse_heading(line).map(|h| h.title(line)), Some("一、总体要求"));
        let long = format!("一、{}**", "长".repeat(70));
        let want: String = long.chars().take(60).collect();
        assert_eq!(parse_heading(&long).map(|h| h.title(&long).to_string()), Some(want));
    }

    #[test]
    fn no_heading_for_figures_and_enumerations() {
        assert_eq!(lv("1.5亿元的投资"), None);
        assert_eq!(lv("2024年是关键之年"), None);
        assert_eq!(lv("一是加强领导。二是强化保障。"), None);
        assert_eq!(lv("一、二产业协调发展"), None);
        assert_eq!(lv("14.9%"), None);
        assert_eq!(lv("77.8 %"), None);
        assert_eq!(lv("(2024年)"), None);
        assert_eq!(lv("（十三五）规划"), None);
        assert_eq!(lv("一年来，我们"), None);
        assert_eq!(lv("123.以上"), None);
        assert_eq!(lv("1、2、3号楼"), None);
        assert_eq!(lv("3、4月份，全市"), None);
        assert_eq!(lv("一、二月份，全市"), None);
        assert_eq!(lv("1、2022年工作回顾"), Some((3, 1)));
        assert_eq!(lv("三、四季度，全市"), None);
    }

    #[test]
    fn a_figure_or_a_measure_after_a_heading_number() {
        // five years of work, not the numbers one and five
        assert_eq!(lv("一、五年政府工作回顾"), Some((1, 1)));
        assert_eq!(lv("一、十年来的主要成绩"), Some((1, 1)));
        // a time after the item number
        assert_eq!(lv("3、9:30回到指定位置集合"), Some((3, 3)));
        assert_eq!(lv("3、9：30回到指定位置集合"), Some((3, 3)));
        assert_eq!(lv("1、3、5号楼"), None);
    }

    #[test]
    fn item_numbers_in_the_middle_of_a_line() {
        assert_eq!(mid_items("1、游戏：心有灵犀2、竞哥比赛3、我想对你说4、打电话", 4), vec![2, 3, 4]);
        assert_eq!(mid_items("1.总结工作，部署任务 2.宣读表彰决定", 2), vec![2]);
        assert_eq!(mid_items("I$ ^2.主送机关。", 0), vec![2]);
        assert!(mid_items("增长2.5%，共2、3个，GB/T 9704-2012.规定，2024年", 0).is_empty());
        assert!(mid_items("2.总结", 0).is_empty());
        assert!(mid_items("见附件2.实施细则和图3.全市分布", 0).is_empty());
        assert_eq!(mid_items("（一）宣传报道 1、6月1日上午，召开发布会", 0), vec![1]);
    }

    #[test]
    fn running_text_ending_in_a_figure() {
        assert!(ends_in_figure("水资源总量1.2亿立方米，人均水资源量仅170立方米，亩均水资源量97"));
        assert!(!ends_in_figure("1.总体要求 2"));
        assert!(ends_in_figure("人均水资源量仅170立方米，亩均水资源量97立方米，不足全省的1/"));
        assert!(!ends_in_figure("全年完成投资，增长了百分之十。"));
    }

    #[test]
    fn the_previous_item_written_without_a_boundary() {
        let line = "主要目的一是要让大家认清形势；二是要通过培训，让大家系统学习。";
        let enums = scan_enumerations(line, 0);
        assert_eq!(enums.iter().map(|m| m.number).collect::<Vec<_>>(), vec![2]);
        assert_eq!(loose_prev(line, 0, &enums), 1);
        let line = "今天讲两点；二是要通过培训。";
        assert_eq!(loose_prev(line, 0, &scan_enumerations(line, 0)), 0);
    }

    #[test]
    fn renders_numbers_in_their_own_numeral() {
        assert_eq!(cn_string(2), "二");
        assert_eq!(cn_string(10), "十");
        assert_eq!(cn_string(14), "十四");
        assert_eq!(cn_string(30), "三十");
        assert_eq!(cn_string(35), "三十五");
        assert_eq!(numeral_string(Numeral::WideArabic, 12), "１２");
        assert_eq!(numeral_string(Numeral::Circled, 3), "③");
        for n in 1..=99 {
            assert_eq!(cn_value(&cn_string(n)), Some(n));
        }
    }

    fn fams(line: &str) -> Vec<(Family, u8)> {
        scan_enumerations(line, 0).into_iter().map(|m| (m.family, m.number)).collect()
    }

    #[test]
    fn finds_enumeration_markers() {
        assert_eq!(
            fams("    一是构建格局。二是开展活动，三是选树典型。"),
            vec![(Family::Shi, 1), (Family::Shi, 2), (Family::Shi, 3)]
        );
        assert_eq!(fams("第一，要提高站位；第二，要压实责任。"), vec![(Family::Di, 1), (Family::Di, 2)]);
        assert_eq!(
            fams("首先，我代表市委。其次，再次，最后，"),
            vec![(Family::Shouxian, 1), (Family::Shouxian, 2), (Family::Shouxian, 3), (Family::Shouxian, LAST)]
        );
        assert_eq!(fams("原因有二：其一，基础薄弱；其二是投入不足。"), vec![(Family::Qi, 1), (Family::Qi, 2)]);
        assert_eq!(fams("一方面要稳增长，另一方面要防风险。"), vec![(Family::Fangmian, 1), (Family::Fangmian, 2)]);
        assert_eq!(fams("一要提高认识，二要加强领导。"), vec![(Family::Yao, 1), (Family::Yao, 2)]);
        assert_eq!(fams("三个坚持：第一是坚持创新；第二是坚持改革。"), vec![(Family::Di, 1), (Family::Di, 2)]);
        let long =
            "十个方面：一是甲；二是乙；三是丙；四是丁；五是戊；六是己；七是庚；八是辛；九是壬；十是癸；十一是子。";
        let nums: Vec<u8> = scan_enumerations(long, 0).iter().map(|m| m.number).collect();
        assert_eq!(nums, (1..=11).collect::<Vec<u8>>());
    }

    #[test]
    fn no_enumeration_in_ordinary_words() {
        assert!(fams("这是第一次会议，他是第一书记，全国第一，统一是前提。").is_empty());
        assert!(fams("总量六区第一；第一产业增加值增长3%。").is_empty());
        assert!(fams("第一、二产业协调发展。").is_empty());
        assert!(fams("与上年比，第二、第三产业的比重分别回落。").is_empty());
        assert!(fams("其二、其三两项").is_empty());
        assert!(fams("统一要求，三要素齐全，再次带着深情厚谊，首先要看").is_empty());
        assert!(fams("他首先代表省委致辞。").is_empty());
        assert!(fams("二者居其一。").is_empty());
    }

    #[test]
    fn flags_ordinal_with_dunhao() {
        let m = scan_enumerations("第一、提高认识", 0);
        assert_eq!(m.first().and_then(|m| m.dunhao), Some((6, 9)));
    }

    #[test]
    fn recognises_salutations_and_titles() {
        assert!(is_salutation("同志们:"));
        assert!(is_salutation("尊敬的各位领导、同志们："));
        assert!(!is_salutation("今天我们召开会议，主要任务是："));
        assert!(is_title_like("在全县民族团结进步工作推进会议上的讲话"));
        assert!(!is_title_like("今天，我们在这里召开会议。"));
    }
}
