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
pub const DENSE: usize = 50;
/// Buckets of the hashed n-grams: `1 << NGRAM_BITS`.
pub const NGRAM_BITS: u32 = 16;
const SELF_DENSE: u32 = 0;
const SELF_HASHED: u32 = DENSE as u32;
const PREV_DENSE: u32 = SELF_HASHED + (1 << NGRAM_BITS);
const NEXT_DENSE: u32 = PREV_DENSE + DENSE as u32;
const PREV2_DENSE: u32 = NEXT_DENSE + DENSE as u32;
const NEXT2_DENSE: u32 = PREV2_DENSE + DENSE as u32;
const DOC: u32 = NEXT2_DENSE + DENSE as u32;
/// Document features per line.
pub const DOC_FEATURES: usize = 50;
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
    /// Its contribution to the score of the line two non-empty lines below it.
    pub as_prev2: f32,
    /// Its contribution to the score of the line two non-empty lines above it.
    pub as_next2: f32,
    /// Hash of the trimmed content (for repetition counts), 0 for a line longer than
    /// [`REPEAT_CHARS`] (long lines are not counted: the document pass stays cheap).
    pub content: u64,
    /// What the document pass reads of the line's shape.
    pub shape: Shape,
}

/// The few facts of a line's shape that the document pass compares across lines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Shape {
    /// Running prose: a long line of mostly Chinese text with clause punctuation.
    pub prose: bool,
    /// At most 8 characters.
    pub short: bool,
    /// Shaped like a title: 6–40 characters, no clause punctuation inside, no final mark.
    pub title: bool,
    /// Hash of the line's first six characters after a leading number or bullet (0 when the
    /// line has fewer than six there): lines that share it are copies or variants of one
    /// title (「…讲话稿1」「…讲话稿2」, a page title above its 「篇一」).
    pub prefix: u64,
    /// A salutation: at most 20 characters ending with a colon (同志们： 各位代表：).
    pub salutation: bool,
    /// A subtitle or date line under a title: starts with —— or an opening bracket.
    pub subtitle: bool,
    /// A fragment of a title broken over lines: at most 4 characters, no punctuation.
    pub fragment: bool,
}

/// The shape of a line (see [`Shape`]).
pub fn shape(text: &str) -> Shape {
    let t = text.trim();
    let mut n = 0usize;
    let (mut han, mut clause, mut inner_final) = (0usize, 0usize, 0usize);
    let mut last = ' ';
    for c in t.chars() {
        n += 1;
        if chars::is_han(c) {
            han += 1;
        }
        if matches!(c, '，' | ',' | '、' | '；' | ';') {
            clause += 1;
        }
        if matches!(c, '。' | '！' | '？' | '!' | '?') {
            inner_final += 1;
        }
        last = c;
    }
    let ends = chars::is_sentence_final(last);
    let prose = n >= 30 && han * 10 >= n * 6 && (clause + inner_final >= 2 || (ends && clause >= 1));
    let title = (6..=40).contains(&n) && clause == 0 && inner_final == 0 && !ends;
    let body = t.trim_start_matches(|c: char| {
        c.is_ascii_digit()
            || chars::is_han_numeral(c)
            || c.is_whitespace()
            || matches!(
                c,
                '.' | '、' | '．' | '(' | ')' | '（' | '）' | '【' | '】' | '第' | '篇' | ':' | '：' | '-' | '《'
            )
    });
    let head: Vec<char> = body.chars().take(6).collect();
    let prefix = if head.len() == 6 && head.iter().filter(|&&c| chars::is_han(c)).count() >= 4 {
        u64::from(super::hash::FeatureHash::new(7).chars(&head).bucket(31)) | 1
    } else {
        0
    };
    let salutation = n <= 20 && matches!(last, ':' | '：');
    let subtitle = (t.starts_with('—') || t.starts_with('（') || t.starts_with('(')) && n <= 60 && !prose;
    let fragment = n <= 4 && t.chars().all(|c| !chars::is_punct(c));
    Shape { prose, short: n <= 8, title, prefix, salutation, subtitle, fragment }
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
    let x = extra(&cs);
    let v = [
        b(x.jammer_marks >= 3),
        b(x.jammer_marks >= 6),
        b(x.tiny_ascii_tokens >= 4),
        b(x.variant_tail),
        b(x.pian),
        b(x.compilation_word),
        b(x.genre_end),
        b(x.currency),
        b(x.numeric_only),
        b(x.genre_end && x.variant_tail),
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

/// Shapes of page furniture that the dense features add to the basic counts.
#[derive(Default)]
struct Extra {
    /// ASCII marks that running text rarely holds (`#$%&'*+;<=>?@[\]^_`{|}~"!`).
    jammer_marks: u32,
    /// Space-separated ASCII tokens of one or two characters (anti-copy junk: `k4 % T! v;`).
    tiny_ascii_tokens: u32,
    /// The line ends with a variant number after a title: 「…倡议书1」「…篇二」「…（一）」.
    variant_tail: bool,
    /// A count of articles or an item header: 「9篇」「篇1」「第一篇」.
    pian: bool,
    /// A word of compilations: 精选, 通用, 合集, 汇编, 集锦, 范文, 大全, 模板.
    compilation_word: bool,
    /// Ends with a document genre (讲话, 致辞, 发言稿, 主持词, 报告, 总结, 方案…), a variant
    /// number after it allowed.
    genre_end: bool,
    /// A price: ¥ ￥ 元起.
    currency: bool,
    /// Digits, marks and spaces only.
    numeric_only: bool,
}

const GENRES: [&str; 20] = [
    "讲话",
    "致辞",
    "发言",
    "讲话稿",
    "发言稿",
    "主持词",
    "演讲稿",
    "报告",
    "总结",
    "方案",
    "倡议书",
    "计划",
    "心得体会",
    "贺词",
    "开幕词",
    "闭幕词",
    "致词",
    "讲稿",
    "材料",
    "体会",
];

fn extra(cs: &[char]) -> Extra {
    let mut x = Extra::default();
    let mut token = 0u32;
    let mut token_ascii = true;
    for &c in cs.iter().chain(std::iter::once(&' ')) {
        if c.is_whitespace() {
            if token > 0 && token <= 2 && token_ascii {
                x.tiny_ascii_tokens += 1;
            }
            token = 0;
            token_ascii = true;
            continue;
        }
        token += 1;
        token_ascii &= c.is_ascii() && !c.is_ascii_digit();
        if c.is_ascii_punctuation() && !matches!(c, '.' | ',' | ':' | '(' | ')' | '-' | '/' | '%') {
            x.jammer_marks += 1;
        }
        x.currency |= matches!(c, '¥' | '￥');
    }
    x.numeric_only = !cs.is_empty()
        && cs
            .iter()
            .all(|&c| c.is_ascii_digit() || c.is_whitespace() || c.is_ascii_punctuation() || chars::is_punct(c));
    // strip a trailing variant number: 1, 12, 一, （一）, (1), 【篇1】, 篇二
    let mut end = cs.len();
    while end > 0 && cs.get(end - 1).is_some_and(|&c| matches!(c, ')' | '）' | '】' | ']' | ' ')) {
        end -= 1;
    }
    let mut k = end;
    while k > 0 && cs.get(k - 1).is_some_and(|&c| c.is_ascii_digit() || chars::is_han_numeral(c)) {
        k -= 1;
    }
    let digits = end - k;
    let mut stem = k;
    while stem > 0 && cs.get(stem - 1).is_some_and(|&c| matches!(c, '(' | '（' | '【' | '[' | '篇' | '第' | ' ')) {
        stem -= 1;
    }
    let title_before = stem >= 4 && cs.get(stem - 1).is_some_and(|&c| chars::is_han(c));
    x.variant_tail = (1..=3).contains(&digits) && title_before;
    let head: String = cs.get(..if x.variant_tail { stem } else { end }).unwrap_or(&[]).iter().collect();
    x.genre_end = GENRES.iter().any(|g| head.ends_with(g));
    let text: String = cs.iter().collect();
    x.pian = cs.windows(2).any(|w| {
        let (a, b) = (w.first().copied().unwrap_or(' '), w.get(1).copied().unwrap_or(' '));
        (a == '篇' && (b.is_ascii_digit() || chars::is_han_numeral(b)))
            || (b == '篇' && (a.is_ascii_digit() || chars::is_han_numeral(a)))
    });
    x.compilation_word =
        ["精选", "通用", "合集", "汇编", "集锦", "范文", "大全", "模板"].iter().any(|w| text.contains(w));
    x
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

/// Which neighbour a line's dense features describe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Neighbour {
    /// The previous non-empty line.
    Prev,
    /// The next non-empty line.
    Next,
    /// The non-empty line before the previous one.
    Prev2,
    /// The non-empty line after the next one.
    Next2,
}

/// A neighbour's dense features in that neighbour's block.
pub fn neighbour_features(dense: &[f32; DENSE], which: Neighbour, out: &mut Vec<Feature>) {
    let base = match which {
        Neighbour::Prev => PREV_DENSE,
        Neighbour::Next => NEXT_DENSE,
        Neighbour::Prev2 => PREV2_DENSE,
        Neighbour::Next2 => NEXT2_DENSE,
    };
    for (i, &x) in dense.iter().enumerate() {
        if x != 0.0 {
            out.push((base + i as u32, x));
        }
    }
}

/// What the document pass knows of a non-empty line.
#[derive(Clone, Copy, Debug, Default)]
pub struct DocLine {
    /// Repetition key ([`repeat_key`]).
    pub content: u64,
    pub shape: Shape,
    /// Another boilerplate rule claimed (some of) the line.
    pub ruled: bool,
}

/// The document's own title: the title-shaped line closest above the start of the body (the
/// first salutation or line of running prose), passing over a salutation (同志们：), a subtitle or date line
/// (——…, （…）) and short fragments, at most six lines up and never past a line another rule
/// claimed, with the fragments of a title broken over the lines right above it. LEC309 leaves
/// them alone: the page's copies of the title above are debris, this one is the speech's.
/// `lines`: `None` for an empty line. Returns the indices to leave alone.
pub fn own_title(lines: &[Option<DocLine>]) -> Vec<usize> {
    let idx: Vec<usize> = lines.iter().enumerate().filter_map(|(i, l)| l.map(|_| i)).collect();
    let starts_body = |l: DocLine| l.shape.prose || l.shape.salutation;
    let Some(body) = idx.iter().position(|&i| lines.get(i).copied().flatten().is_some_and(starts_body)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut r = body;
    let mut steps = 0;
    while r > 0 && steps < 6 {
        r -= 1;
        steps += 1;
        let Some(l) = idx.get(r).and_then(|&i| lines.get(i).copied().flatten()) else { break };
        if l.ruled {
            break;
        }
        if l.shape.title {
            out.extend(idx.get(r).copied());
            // fragments of the same title broken over the lines just above it
            while r > 0 {
                r -= 1;
                match idx.get(r).and_then(|&i| lines.get(i).copied().flatten()) {
                    Some(f) if f.shape.fragment && !f.ruled => out.extend(idx.get(r).copied()),
                    _ => break,
                }
            }
            break;
        }
        if !(l.shape.salutation || l.shape.subtitle || l.shape.fragment) {
            break;
        }
    }
    out
}

/// Lines of context on each side for the window counts.
const WINDOW: usize = 2;

/// The document features of every line, handed to `f(index, features)` in order (empty
/// lines are skipped). `lines`: `None` for an empty line. O(lines).
pub fn for_each_doc_features(lines: &[Option<DocLine>], mut f: impl FnMut(usize, &[Feature])) {
    let idx: Vec<usize> = lines.iter().enumerate().filter_map(|(i, l)| l.map(|_| i)).collect();
    let nonempty: Vec<DocLine> = lines.iter().flatten().copied().collect();
    let count = nonempty.len();
    // content → (lines with it, rank of the first)
    let mut seen: std::collections::HashMap<u64, (usize, usize)> = std::collections::HashMap::new();
    // prefix → (lines sharing it, rank of the first)
    let mut prefixes: std::collections::HashMap<u64, (usize, usize)> = std::collections::HashMap::new();
    for (r, l) in nonempty.iter().enumerate() {
        if l.content != 0 {
            seen.entry(l.content).or_insert((0, r)).0 += 1;
        }
        if l.shape.prefix != 0 {
            prefixes.entry(l.shape.prefix).or_insert((0, r)).0 += 1;
        }
    }
    let first_prose = nonempty.iter().position(|l| l.shape.prose);
    let last_prose = nonempty.iter().rposition(|l| l.shape.prose);
    let mut out: Vec<Feature> = Vec::with_capacity(32);
    let b = |x: bool| if x { 1.0 } else { 0.0 };
    for (r, l) in nonempty.iter().enumerate() {
        let i = idx.get(r).copied().unwrap_or(0);
        let (repeats, first_copy) = match seen.get(&l.content) {
            Some(&(n, first)) if l.content != 0 => (n.saturating_sub(1), first == r),
            _ => (0, true),
        };
        let lo = r.saturating_sub(WINDOW);
        let hi = (r + WINDOW + 1).min(count);
        let (mut prose_near, mut short_near, mut ruled_near) = (0, 0, 0);
        for (k, o) in nonempty.iter().enumerate().take(hi).skip(lo) {
            if k != r {
                prose_near += usize::from(o.shape.prose);
                short_near += usize::from(o.shape.short);
                ruled_near += usize::from(o.ruled);
            }
        }
        let ruled_prev = r > 0 && nonempty.get(r - 1).is_some_and(|o| o.ruled);
        let ruled_next = nonempty.get(r + 1).is_some_and(|o| o.ruled);
        let (before, after, inside, dist) = match (first_prose, last_prose) {
            (Some(a), Some(_)) if r < a => (true, false, false, a - r),
            (Some(_), Some(z)) if r > z => (false, true, false, r - z),
            (Some(_), Some(_)) => (false, false, true, 0),
            _ => (false, false, false, 0),
        };
        let no_block = first_prose.is_none();
        let (shared, first_of) = match prefixes.get(&l.shape.prefix) {
            Some(&(n, first)) if l.shape.prefix != 0 && n >= 2 => (true, first == r),
            _ => (false, false),
        };
        let sh = l.shape;
        let v = [
            b(r == 0),
            b(r < 3),
            b(r < 8),
            r as f32 / count.max(1) as f32,
            b(repeats >= 1),
            b(repeats >= 3),
            b(i > 0 && lines.get(i - 1).is_some_and(Option::is_none)),
            b(lines.get(i + 1).is_some_and(Option::is_none)),
            // the main block of prose: before it, after it, inside it, none
            b(before),
            b(after),
            b(inside),
            b(no_block),
            b((before || after) && dist == 1),
            b((before || after) && (2..=3).contains(&dist)),
            b((before || after) && (4..=8).contains(&dist)),
            b((before || after) && dist > 8),
            // the window around the line
            b(prose_near == 0),
            b(prose_near >= 2),
            b(short_near >= 2),
            b(short_near >= 3),
            b(ruled_prev),
            b(ruled_next),
            b(ruled_near >= 1),
            b(ruled_near >= 3),
            // copies and variants of one title
            b(shared),
            b(shared && first_of),
            b(shared && !first_of),
            b(shared && sh.title),
            // crosses of the line's shape with its place
            b(sh.short && before),
            b(sh.short && after),
            b(sh.short && inside),
            b(sh.short && no_block),
            b(sh.title && before),
            b(sh.title && after),
            b(sh.title && inside),
            b(sh.prose),
            b(sh.prose && inside),
            b(!sh.prose && !sh.title && !sh.short && inside),
            b(sh.short && short_near >= 2),
            b(sh.short && (ruled_prev || ruled_next)),
            b(sh.title && (ruled_prev || ruled_next)),
            b(sh.title && r == 0),
            b(sh.title && prose_near == 0),
            b(sh.short && prose_near == 0),
            b(inside && prose_near == 0),
            b(before && ruled_near >= 1),
            b(after && ruled_near >= 1),
            b(r + 1 == count),
            b(repeats >= 1 && first_copy),
            b(repeats >= 1 && !first_copy),
        ];
        out.clear();
        for (k, x) in v.into_iter().enumerate() {
            if x != 0.0 {
                out.push((DOC + k as u32, x));
            }
        }
        f(i, &out);
    }
}

/// The three partial scores of a line (empty model: all `-inf`).
pub fn score_line(w: &Weights, text: &str) -> LineScore {
    let content = repeat_key(text);
    let shape = shape(text);
    if !w.is_loaded() {
        return LineScore { local: f32::NEG_INFINITY, content, shape, ..LineScore::default() };
    }
    let d = dense(text);
    let mut f = Vec::with_capacity(256);
    local_features(text, &d, &mut f);
    let local = w.dot(&f);
    let mut part = |which: Neighbour| {
        f.clear();
        neighbour_features(&d, which, &mut f);
        w.dot(&f)
    };
    let (as_prev, as_next) = (part(Neighbour::Prev), part(Neighbour::Next));
    let (as_prev2, as_next2) = (part(Neighbour::Prev2), part(Neighbour::Next2));
    LineScore { local, as_prev, as_next, as_prev2, as_next2, content, shape }
}

/// The full score of every line of a document from its lines' partial scores (`None` for an
/// empty line, which scores `-inf`) and whether another rule claimed it (`ruled`, missing
/// entries: no).
pub fn document_scores(w: &Weights, lines: &[Option<LineScore>], ruled: &[bool]) -> Vec<f32> {
    let doc: Vec<Option<DocLine>> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            l.map(|s| DocLine { content: s.content, shape: s.shape, ruled: ruled.get(i).copied().unwrap_or(false) })
        })
        .collect();
    let mut out = vec![f32::NEG_INFINITY; lines.len()];
    let (mut prev, mut prev2): (Option<LineScore>, Option<LineScore>) = (None, None);
    for_each_doc_features(&doc, |i, f| {
        let Some(Some(s)) = lines.get(i) else { return };
        let mut after = lines.iter().skip(i + 1).flatten();
        let (next, next2) = (after.next(), after.next());
        let z = s.local
            + prev.map_or(0.0, |p| p.as_prev)
            + next.map_or(0.0, |n| n.as_next)
            + prev2.map_or(0.0, |p| p.as_prev2)
            + next2.map_or(0.0, |n| n.as_next2)
            + w.dot(f);
        if let Some(o) = out.get_mut(i) {
            *o = z;
        }
        prev2 = prev;
        prev = Some(*s);
    });
    out
}

/// All features of every line of a document, the way [`document_scores`] sums them (for
/// training: `w·features[i]` equals `document_scores(…)[i]`). `None` for empty lines.
pub fn document_features(lines: &[&str], ruled: &[bool]) -> Vec<Option<Vec<Feature>>> {
    let dense_of: Vec<Option<[f32; DENSE]>> =
        lines.iter().map(|l| if l.trim().is_empty() { None } else { Some(dense(l)) }).collect();
    let doc: Vec<Option<DocLine>> = lines
        .iter()
        .zip(&dense_of)
        .enumerate()
        .map(|(i, (l, d))| {
            d.map(|_| DocLine {
                content: repeat_key(l),
                shape: shape(l),
                ruled: ruled.get(i).copied().unwrap_or(false),
            })
        })
        .collect();
    let mut out: Vec<Option<Vec<Feature>>> = vec![None; lines.len()];
    let (mut prev, mut prev2): (Option<&[f32; DENSE]>, Option<&[f32; DENSE]>) = (None, None);
    for_each_doc_features(&doc, |i, docf| {
        let (Some(l), Some(Some(d))) = (lines.get(i), dense_of.get(i)) else { return };
        let mut f = Vec::with_capacity(256);
        local_features(l, d, &mut f);
        let mut after = dense_of.iter().skip(i + 1).flatten();
        for (n, which) in [
            (prev, Neighbour::Prev),
            (after.next(), Neighbour::Next),
            (prev2, Neighbour::Prev2),
            (after.next(), Neighbour::Next2),
        ] {
            if let Some(n) = n {
                neighbour_features(n, which, &mut f);
            }
        }
        f.extend_from_slice(docf);
        if let Some(o) = out.get_mut(i) {
            *o = Some(f);
        }
        prev2 = prev;
        prev = Some(d);
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_features_see_shapes() {
        let d = dense("首页 | 政策文件 | 联系我们 | 网站地图");
        assert_eq!(d[28], 1.0);
        assert_eq!(d[29], 1.0);
        let d = dense("发布时间：2021-05-17 10:32");
        assert_eq!(d[34], 1.0, "date");
        assert_eq!(d[35], 1.0, "time");
        assert_eq!(d[41], 1.0, "field label");
        let d = dense("1.35MB");
        assert_eq!(d[36], 1.0, "size");
        let d = dense("共18页");
        assert_eq!(d[37], 1.0, "pages");
        let d = dense("同志们，今年以来，全县上下认真贯彻落实党的二十大精神。");
        assert_eq!(d[24], 1.0, "sentence-final");
        assert!(d[23] > 0.1, "function words");
        assert_eq!(dense("学习体会 ; k: m3 }# h7 L3 U& q8 K4 R5 b")[0..3], [1.0, 0.0, 1.0], "anti-copy junk");
        let d = dense("居民垃圾分类倡议书2");
        assert_eq!((d[3], d[6], d[9]), (1.0, 1.0, 1.0), "a title's variant number after its genre");
        assert_eq!(dense("社区创建工作计划集锦篇二")[4], 1.0, "an item header");
        assert_eq!(dense("工会活动领导致辞范文8篇")[5], 1.0, "a compilation");
        assert_eq!(dense("¥8.88")[7], 1.0, "a price");
        let d = dense("同志们，今年以来，全县上下认真贯彻落实党的二十大精神。");
        assert_eq!(d[0..10], [0.0; 10], "none in running prose");
    }

    #[test]
    fn document_scores_equal_the_dot_product_of_document_features() {
        // A weight vector with distinct values in every block.
        let w: Vec<f32> = (0..DIM).map(|i| ((i * 7919) % 1000) as f32 / 1000.0 - 0.5).collect();
        let bytes = super::super::model::encode(&w);
        let m = Weights::new(&bytes);
        let lines =
            ["首页 | 政策文件", "", "同志们：", "今年以来，全县上下认真贯彻落实。", "首页 | 政策文件", "1.35MB"];
        let ruled = [false, false, false, true, false, false];
        let feats = document_features(&lines, &ruled);
        let parts: Vec<Option<LineScore>> =
            lines.iter().map(|l| if l.trim().is_empty() { None } else { Some(score_line(&m, l)) }).collect();
        let scores = document_scores(&m, &parts, &ruled);
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
