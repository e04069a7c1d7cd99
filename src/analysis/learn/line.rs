//! The boilerplate line model's features and scoring.
//!
//! The score of line `i` is linear, `w·x`, over four blocks of features:
//! - the line's own dense features (length, character classes, punctuation and function-word
//!   density, end mark, separators, URL/phone/date/time/size/page-count shapes, ASCII junk…);
//! - hashed character 1–3-grams and class 3-grams of the line (of its first 32 and last 16
//!   characters when it is longer: the cost per line is bounded), plus its first and last two
//!   characters as anchors;
//! - the previous and the next non-empty line's dense features (with their own weights);
//! - document features: position among the non-empty lines, repetition of the same content,
//!   empty lines around.
//!
//! Because the score is a sum, each line contributes three numbers computed from its text
//! alone ([`LineScore`]: its own part, its part as a previous line, its part as a next line)
//! and the document pass adds them up with the document features: the per-line cost is paid
//! once per edit, the document pass is a few additions per line. [`crate::analysis::learn::viterbi`]
//! then smooths the scores along the document.

use super::chars::{self, Class};
use super::hash::FeatureHash;
use super::model::{Feature, Weights};

/// Dense features per line.
pub const DENSE: usize = 40;
/// Buckets of the hashed n-grams: `1 << NGRAM_BITS`.
pub const NGRAM_BITS: u32 = 16;
const SELF_DENSE: u32 = 0;
const SELF_HASHED: u32 = DENSE as u32;
const PREV_DENSE: u32 = SELF_HASHED + (1 << NGRAM_BITS);
const NEXT_DENSE: u32 = PREV_DENSE + DENSE as u32;
const DOC: u32 = NEXT_DENSE + DENSE as u32;
/// Document features per line.
pub const DOC_FEATURES: usize = 8;
/// Length of the weight vector.
pub const DIM: usize = DOC as usize + DOC_FEATURES;

/// Characters of a long line that the n-grams read: the first `HEAD` and the last `TAIL`.
const HEAD: usize = 32;
const TAIL: usize = 16;

/// What the local pass keeps of a line for the document pass.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LineScore {
    /// `w·x` over the line's own features.
    pub local: f32,
    /// This line's contribution to the next line's score (as its previous line).
    pub as_prev: f32,
    /// This line's contribution to the previous line's score (as its next line).
    pub as_next: f32,
    /// Hash of the trimmed content (for repetition counts), 0 for a line longer than
    /// [`REPEAT_CHARS`] (long lines are not counted: the document pass stays cheap).
    pub content: u64,
}

/// Lines up to this many characters (trimmed) count for repetition.
pub const REPEAT_CHARS: usize = 40;

/// The repetition key of a line: the hash of its trimmed content, or 0 when it is long.
pub fn repeat_key(text: &str) -> u64 {
    let t = text.trim();
    if t.chars().nth(REPEAT_CHARS).is_some() {
        0
    } else {
        super::hash::hash_str(t).max(1)
    }
}

/// The dense features of one line.
pub fn dense(text: &str) -> [f32; DENSE] {
    let mut d = [0f32; DENSE];
    let t = text.trim();
    let cs: Vec<char> = t.chars().collect();
    let n = cs.len();
    let nf = n.max(1) as f32;
    let mut count = [0u32; 8];
    let (mut fw, mut pipes, mut space_runs, mut inner_final, mut han_num) = (0u32, 0u32, 0u32, 0u32, 0u32);
    let mut ascii_tokens = 0u32;
    let mut prev_class = Class::Space;
    let mut in_space = 0u32;
    let (mut brackets, mut title_marks, mut crumbs, mut ellipsis) = (false, false, false, false);
    let (mut url, mut phone, mut date, mut time, mut size, mut page, mut counts) =
        (false, false, false, false, false, false, false);
    let mut digit_run = 0u32;
    for (i, &c) in cs.iter().enumerate() {
        let k = chars::class(c);
        let slot = match k {
            Class::Han => 0,
            Class::Digit => 1,
            Class::HanNumeral => 2,
            Class::Latin => 3,
            Class::Mark => 4,
            Class::Space => 5,
            Class::Punct => 6,
            Class::Other => 7,
        };
        if let Some(x) = count.get_mut(slot) {
            *x += 1;
        }
        if chars::is_function_word(c) {
            fw += 1;
        }
        if k == Class::HanNumeral {
            han_num += 1;
        }
        if matches!(c, '|' | '｜') {
            pipes += 1;
        }
        if k == Class::Space {
            in_space += 1;
        } else {
            if in_space >= 2 || (in_space == 1 && prev_class != Class::Latin) {
                space_runs += 1;
            }
            in_space = 0;
        }
        if matches!(k, Class::Latin | Class::Digit) && !matches!(prev_class, Class::Latin | Class::Digit) {
            ascii_tokens += 1;
        }
        if chars::is_sentence_final(c) && i + 1 < n {
            inner_final += 1;
        }
        brackets |= matches!(c, '【' | '】' | '[' | ']');
        title_marks |= matches!(c, '《' | '》');
        crumbs |= matches!(c, '>' | '»' | '›' | '＞');
        ellipsis |= c == '…' || (c == '.' && cs.get(i + 1) == Some(&'.') && cs.get(i + 2) == Some(&'.'));
        let next = cs.get(i + 1).copied().unwrap_or(' ');
        let next2 = cs.get(i + 2).copied().unwrap_or(' ');
        if k == Class::Digit {
            digit_run += 1;
            if digit_run >= 7 {
                phone = true;
            }
            if digit_run == 4 && matches!(next, '-' | '/' | '年' | '.') && next2.is_ascii_digit() {
                date = true;
            }
            if matches!(next, ':' | '：') && next2.is_ascii_digit() && cs.get(i + 3).is_some_and(|c| c.is_ascii_digit())
            {
                time = true;
            }
            if matches!(next.to_ascii_uppercase(), 'K' | 'M') {
                size = true;
            }
            if next == '页' || (next == ' ' && next2 == '页') {
                page = true;
            }
            if matches!(next, '次' | '人' | '字' | '+' | '阅' | '浏' | '下' | '积' | '分') {
                counts = true;
            }
        } else if !(matches!(c, '-' | ' ') && digit_run > 0) {
            digit_run = 0;
        }
        if matches!(c, 'h' | 'w' | '.') {
            let at = |w: &str| w.chars().enumerate().all(|(k, x)| cs.get(i + k) == Some(&x));
            url |= at("http") || at("www.") || at(".com") || at(".cn");
        }
        prev_class = k;
    }
    let last = cs.last().copied().unwrap_or(' ');
    let first = cs.first().copied().unwrap_or(' ');
    let second = cs.get(1).copied().unwrap_or(' ');
    let frac = |i: usize| count.get(i).copied().unwrap_or(0) as f32 / nf;
    let han = count.first().copied().unwrap_or(0);
    let heading = (chars::is_han_numeral(first) && matches!(second, '、' | '是'))
        || (matches!(first, '（' | '(') && cs.get(1).is_some_and(|&c| chars::is_han_numeral(c)))
        || (first.is_ascii_digit() && matches!(second, '.' | '、' | '．'))
        || first == '第';
    let label = cs.iter().take(8).position(|&c| matches!(c, '：' | ':')).is_some_and(|p| p + 1 < n);
    let b = |x: bool| if x { 1.0 } else { 0.0 };
    let v = [
        1.0,
        ((1 + n) as f32).ln() / 6.0,
        b(n <= 4),
        b(n <= 10),
        b(n <= 20),
        b(n <= 40),
        b(n > 80),
        frac(0),
        frac(1),
        frac(3),
        frac(6),
        frac(5),
        frac(4),
        if han > 0 { fw as f32 / han as f32 } else { 0.0 },
        b(chars::is_sentence_final(last)),
        b(matches!(last, '，' | '、' | ',')),
        b(matches!(chars::class(last), Class::Han | Class::Digit | Class::Latin | Class::HanNumeral)),
        b(heading),
        b(pipes > 0),
        b(pipes >= 2),
        b(space_runs >= 1),
        b(space_runs >= 3),
        b(url),
        b(phone),
        b(date),
        b(time),
        b(size),
        b(page),
        b(counts),
        b(ascii_tokens >= 3 && count.first().copied().unwrap_or(0) < count.get(3).copied().unwrap_or(0) * 2),
        b(brackets),
        b(label),
        b(t.is_ascii()),
        b(title_marks),
        b(inner_final >= 1),
        b(text.starts_with(char::is_whitespace)),
        han_num as f32 / nf,
        b(crumbs),
        b(ellipsis),
        b(last.is_ascii_digit()),
    ];
    for (slot, x) in d.iter_mut().zip(v) {
        *slot = x;
    }
    d
}

/// The line's own features: dense, then hashed n-grams.
pub fn local_features(text: &str, dense: &[f32; DENSE], out: &mut Vec<Feature>) {
    for (i, &x) in dense.iter().enumerate() {
        if x != 0.0 {
            out.push((SELF_DENSE + i as u32, x));
        }
    }
    let cs: Vec<char> = text.trim().chars().collect();
    let n = cs.len();
    let from = out.len();
    let mut window = |part: &[char]| {
        let classes: Vec<u8> = part.iter().map(|&c| chars::class(c).code()).collect();
        for (i, &c) in part.iter().enumerate() {
            out.push((SELF_HASHED + FeatureHash::new(1).char(c).bucket(NGRAM_BITS), 1.0));
            if let Some(&d) = part.get(i + 1) {
                out.push((SELF_HASHED + FeatureHash::new(2).char(c).char(d).bucket(NGRAM_BITS), 1.0));
                if let Some(&e) = part.get(i + 2) {
                    out.push((SELF_HASHED + FeatureHash::new(3).char(c).char(d).char(e).bucket(NGRAM_BITS), 1.0));
                    let cl = |k: usize| classes.get(k).copied().unwrap_or(b'O');
                    let shape = FeatureHash::new(4).byte(cl(i)).byte(cl(i + 1)).byte(cl(i + 2));
                    out.push((SELF_HASHED + shape.bucket(NGRAM_BITS), 1.0));
                }
            }
        }
    };
    if n <= HEAD + TAIL {
        window(&cs);
    } else {
        window(cs.get(..HEAD).unwrap_or(&[]));
        window(cs.get(n - TAIL..).unwrap_or(&[]));
    }
    let k = out.len() - from;
    if k > 0 {
        let v = 1.0 / (k as f32).sqrt();
        for f in out.iter_mut().skip(from) {
            f.1 = v;
        }
    }
    let head: Vec<char> = cs.iter().take(2).copied().collect();
    let tail: Vec<char> = cs.iter().skip(n.saturating_sub(2)).copied().collect();
    out.push((SELF_HASHED + FeatureHash::new(5).chars(&head).bucket(NGRAM_BITS), 1.0));
    out.push((SELF_HASHED + FeatureHash::new(6).chars(&tail).bucket(NGRAM_BITS), 1.0));
}

/// A neighbour's dense features in the previous-line (`prev`) or next-line block.
pub fn neighbour_features(dense: &[f32; DENSE], prev: bool, out: &mut Vec<Feature>) {
    let base = if prev { PREV_DENSE } else { NEXT_DENSE };
    for (i, &x) in dense.iter().enumerate() {
        if x != 0.0 {
            out.push((base + i as u32, x));
        }
    }
}

/// Where a line sits in the document.
#[derive(Clone, Copy, Debug, Default)]
pub struct DocPosition {
    /// Index among the non-empty lines, and their number.
    pub rank: usize,
    pub count: usize,
    /// Other lines with the same trimmed content.
    pub repeats: usize,
    pub blank_before: bool,
    pub blank_after: bool,
}

/// The document features of a line.
pub fn doc_features(p: &DocPosition, out: &mut Vec<Feature>) {
    let b = |x: bool| if x { 1.0 } else { 0.0 };
    let v = [
        b(p.rank == 0),
        b(p.rank < 3),
        b(p.rank < 8),
        p.rank as f32 / p.count.max(1) as f32,
        b(p.repeats >= 1),
        b(p.repeats >= 3),
        b(p.blank_before),
        b(p.blank_after),
    ];
    for (i, x) in v.into_iter().enumerate() {
        if x != 0.0 {
            out.push((DOC + i as u32, x));
        }
    }
}

/// The three partial scores of a line (empty model: all `-inf`).
pub fn score_line(w: &Weights, text: &str) -> LineScore {
    let content = repeat_key(text);
    if !w.is_loaded() {
        return LineScore { local: f32::NEG_INFINITY, as_prev: 0.0, as_next: 0.0, content };
    }
    let d = dense(text);
    let mut f = Vec::with_capacity(256);
    local_features(text, &d, &mut f);
    let local = w.dot(&f);
    f.clear();
    neighbour_features(&d, true, &mut f);
    let as_prev = w.dot(&f);
    f.clear();
    neighbour_features(&d, false, &mut f);
    let as_next = w.dot(&f);
    LineScore { local, as_prev, as_next, content }
}

/// The full score of every line of a document from its lines' partial scores (`None` for an
/// empty line, which scores `-inf`).
pub fn document_scores(w: &Weights, lines: &[Option<LineScore>]) -> Vec<f32> {
    let count = lines.iter().filter(|l| l.is_some()).count();
    let mut seen: std::collections::HashMap<u64, usize> = std::collections::HashMap::new();
    for s in lines.iter().flatten().filter(|s| s.content != 0) {
        *seen.entry(s.content).or_insert(0) += 1;
    }
    let mut out = Vec::with_capacity(lines.len());
    let mut rank = 0;
    let mut prev: Option<LineScore> = None;
    let mut f = Vec::with_capacity(8);
    for (i, l) in lines.iter().enumerate() {
        let Some(s) = l else {
            out.push(f32::NEG_INFINITY);
            continue;
        };
        let next = lines.iter().skip(i + 1).flatten().next();
        let pos = DocPosition {
            rank,
            count,
            repeats: if s.content == 0 { 0 } else { seen.get(&s.content).copied().unwrap_or(1).saturating_sub(1) },
            blank_before: i > 0 && lines.get(i - 1).is_some_and(Option::is_none),
            blank_after: lines.get(i + 1).is_some_and(Option::is_none),
        };
        f.clear();
        doc_features(&pos, &mut f);
        let z = s.local + prev.map_or(0.0, |p| p.as_prev) + next.map_or(0.0, |n| n.as_next) + w.dot(&f);
        out.push(z);
        prev = Some(*s);
        rank += 1;
    }
    out
}

/// All features of every line of a document, the way [`document_scores`] sums them (for
/// training: `w·features[i]` equals `document_scores(…)[i]`). `None` for empty lines.
pub fn document_features(lines: &[&str]) -> Vec<Option<Vec<Feature>>> {
    let dense_of: Vec<Option<[f32; DENSE]>> =
        lines.iter().map(|l| if l.trim().is_empty() { None } else { Some(dense(l)) }).collect();
    let count = dense_of.iter().filter(|d| d.is_some()).count();
    let mut seen: std::collections::HashMap<u64, usize> = std::collections::HashMap::new();
    for (l, d) in lines.iter().zip(&dense_of) {
        let key = repeat_key(l);
        if d.is_some() && key != 0 {
            *seen.entry(key).or_insert(0) += 1;
        }
    }
    let mut out = Vec::with_capacity(lines.len());
    let mut rank = 0;
    let mut prev: Option<&[f32; DENSE]> = None;
    for (i, (l, d)) in lines.iter().zip(&dense_of).enumerate() {
        let Some(d) = d else {
            out.push(None);
            continue;
        };
        let mut f = Vec::with_capacity(256);
        local_features(l, d, &mut f);
        if let Some(p) = prev {
            neighbour_features(p, true, &mut f);
        }
        if let Some(nx) = dense_of.iter().skip(i + 1).flatten().next() {
            neighbour_features(nx, false, &mut f);
        }
        let pos = DocPosition {
            rank,
            count,
            repeats: match repeat_key(l) {
                0 => 0,
                key => seen.get(&key).copied().unwrap_or(1).saturating_sub(1),
            },
            blank_before: i > 0 && dense_of.get(i - 1).is_some_and(Option::is_none),
            blank_after: dense_of.get(i + 1).is_some_and(Option::is_none),
        };
        doc_features(&pos, &mut f);
        out.push(Some(f));
        prev = Some(d);
        rank += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_features_see_shapes() {
        let d = dense("首页 | 政策文件 | 联系我们 | 网站地图");
        assert_eq!(d[18], 1.0);
        assert_eq!(d[19], 1.0);
        let d = dense("发布时间：2021-05-17 10:32");
        assert_eq!(d[24], 1.0, "date");
        assert_eq!(d[25], 1.0, "time");
        assert_eq!(d[31], 1.0, "field label");
        let d = dense("1.35MB");
        assert_eq!(d[26], 1.0, "size");
        let d = dense("共18页");
        assert_eq!(d[27], 1.0, "pages");
        let d = dense("同志们，今年以来，全县上下认真贯彻落实党的二十大精神。");
        assert_eq!(d[14], 1.0, "sentence-final");
        assert!(d[13] > 0.1, "function words");
    }

    #[test]
    fn document_scores_equal_the_dot_product_of_document_features() {
        // A weight vector with distinct values in every block.
        let w: Vec<f32> = (0..DIM).map(|i| ((i * 7919) % 1000) as f32 / 1000.0 - 0.5).collect();
        let bytes = super::super::model::encode(&w);
        let m = Weights::new(&bytes);
        let lines =
            ["首页 | 政策文件", "", "同志们：", "今年以来，全县上下认真贯彻落实。", "首页 | 政策文件", "1.35MB"];
        let feats = document_features(&lines);
        let parts: Vec<Option<LineScore>> =
            lines.iter().map(|l| if l.trim().is_empty() { None } else { Some(score_line(&m, l)) }).collect();
        let scores = document_scores(&m, &parts);
        for (f, s) in feats.iter().zip(&scores) {
            match f {
                None => assert_eq!(*s, f32::NEG_INFINITY),
                Some(f) => assert!((m.dot(f) - s).abs() < 1e-3, "{} vs {s}", m.dot(f)),
            }
        }
    }

    #[test]
    fn an_empty_model_scores_minus_infinity() {
        let m = Weights::new(&[]);
        assert_eq!(score_line(&m, "首页").local, f32::NEG_INFINITY);
    }
}
