//! The gap model: candidate places in a line where a figure or a name may have been deleted,
//! and their features.
//!
//! Candidates (positions between two characters, as char indices):
//! - before a unit, measure word, administrative suffix or title (`万元`, `家`, `口`, `县`,
//!   `同志`, `书记`, `%`…) when no figure or placeholder precedes it;
//! - at a run of spaces inside Chinese text (“总投资达 万元”, “由 同志主持”);
//! - after a preposition or conjunction (在, 由, 和, 与, 为, 达, 占, 至…) not followed by a
//!   figure;
//! - between two clause marks (“分别下降、。”, “比为：：。”).
//!
//! Features, all hashed into one table: the kind, the one to three characters on either side,
//! crossings of the two sides, the character classes around, whether the characters around
//! form words of the lexicon (个人, 全市 are words; 镇在 is not), whether a figure is near.

use super::chars::{self, Class};
use super::hash::FeatureHash;
use super::model::{Feature, Weights};
use crate::analysis::rules::blank::lexicon;

/// Buckets of the gap model: `1 << BITS`.
pub const BITS: u32 = 18;
/// Length of the weight vector.
pub const DIM: usize = 1 << BITS;

/// Kinds of candidate (bit set).
pub const BEFORE_UNIT: u8 = 1;
pub const SPACE: u8 = 2;
pub const AFTER_PREPOSITION: u8 = 4;
pub const BETWEEN_MARKS: u8 = 8;

/// A candidate gap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// The gap is before this char index (for a space run: the run's first space).
    pub at: usize,
    /// Char index just after the gap (after the space run, or `at`).
    pub end: usize,
    pub kinds: u8,
}

fn is_unit(c: char) -> bool {
    matches!(
        c,
        '万' | '亿'
            | '元'
            | '个'
            | '家'
            | '座'
            | '口'
            | '户'
            | '处'
            | '名'
            | '人'
            | '次'
            | '项'
            | '公'
            | '里'
            | '米'
            | '吨'
            | '亩'
            | '年'
            | '月'
            | '日'
            | '%'
            | '％'
            | '倍'
            | '辆'
            | '台'
            | '所'
            | '条'
            | '件'
            | '位'
            | '天'
            | '届'
            | '批'
            | '镇'
            | '县'
            | '市'
            | '区'
            | '乡'
            | '村'
            | '省'
            | '州'
            | '同'
            | '书'
            | '部'
            | '主'
            | '局'
            | '平'
            | '立'
            | '千'
            | '百'
            | '多'
            | '余'
            | '：'
    )
}

fn is_preposition(c: char) -> bool {
    matches!(
        c,
        '在' | '由'
            | '和'
            | '与'
            | '为'
            | '达'
            | '占'
            | '至'
            | '约'
            | '共'
            | '计'
            | '近'
            | '超'
            | '于'
            | '比'
            | '到'
            | '及'
    )
}

fn is_clause_mark(c: char) -> bool {
    matches!(c, '、' | '，' | '。' | '：' | '；' | ',' | ':' | ';')
}

fn filled(c: char) -> bool {
    matches!(chars::class(c), Class::Digit | Class::HanNumeral | Class::Mark | Class::Latin)
}

/// The candidate gaps of a line (as chars), in order, one per position.
pub fn candidates(cs: &[char]) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    let mut j = 1;
    while j < cs.len() {
        let (Some(&l), Some(&r)) = (cs.get(j - 1), cs.get(j)) else { break };
        if r == ' ' || r == '\u{3000}' || r == '\u{a0}' {
            let mut k = j;
            while cs.get(k).is_some_and(|&c| c == ' ' || c == '\u{3000}' || c == '\u{a0}') {
                k += 1;
            }
            let after = cs.get(k).copied();
            let han_left = chars::is_han(l) || chars::is_punct(l);
            let han_right = after.is_some_and(|c| chars::is_han(c) || matches!(c, '%' | '％' | '，' | '。' | '、'));
            if han_left && han_right && k - j <= 4 && chars::is_han(l) | after.is_some_and(chars::is_han) {
                out.push(Candidate { at: j, end: k, kinds: SPACE });
            }
            j = k.max(j + 1);
            continue;
        }
        let mut kinds = 0;
        if is_unit(r) && !filled(l) && l != ' ' {
            kinds |= BEFORE_UNIT;
        }
        if is_preposition(l) && !filled(r) && r != ' ' {
            kinds |= AFTER_PREPOSITION;
        }
        if is_clause_mark(l) && is_clause_mark(r) {
            kinds |= BETWEEN_MARKS;
        }
        if kinds != 0 {
            out.push(Candidate { at: j, end: j, kinds });
        }
        j += 1;
    }
    out
}

fn get(cs: &[char], i: isize) -> char {
    if i < 0 {
        '^'
    } else {
        cs.get(i as usize).copied().unwrap_or('$')
    }
}

/// The features of a candidate.
pub fn features(cs: &[char], c: &Candidate, out: &mut Vec<Feature>) {
    let at = c.at as isize;
    let end = c.end as isize;
    let (l1, l2, l3) = (get(cs, at - 1), get(cs, at - 2), get(cs, at - 3));
    let (r1, r2, r3) = (get(cs, end), get(cs, end + 1), get(cs, end + 2));
    let k = c.kinds;
    let mut push = |h: FeatureHash| out.push((h.bucket(BITS), 1.0));
    push(FeatureHash::new(0));
    push(FeatureHash::new(1).byte(k));
    push(FeatureHash::new(2).char(l1));
    push(FeatureHash::new(3).char(l2).char(l1));
    push(FeatureHash::new(4).char(l3).char(l2).char(l1));
    push(FeatureHash::new(5).char(r1));
    push(FeatureHash::new(6).char(r1).char(r2));
    push(FeatureHash::new(7).char(r1).char(r2).char(r3));
    push(FeatureHash::new(8).char(l1).char(r1));
    push(FeatureHash::new(9).char(l2).char(l1).char(r1));
    push(FeatureHash::new(10).char(l1).char(r1).char(r2));
    push(FeatureHash::new(11).char(l2).char(l1).char(r1).char(r2));
    push(FeatureHash::new(12).byte(k).char(l1));
    push(FeatureHash::new(13).byte(k).char(r1));
    let cl = |c: char| chars::class(c).code();
    push(FeatureHash::new(14).byte(cl(l3)).byte(cl(l2)).byte(cl(l1)).byte(cl(r1)).byte(cl(r2)).byte(cl(r3)));
    push(FeatureHash::new(15).byte(cl(l1)).byte(cl(r1)).byte(k));
    let word = lexicon::is_pair;
    let w = |x: bool| u8::from(x);
    let across = word(l1, r1);
    let left = word(l2, l1);
    let right = word(r1, r2);
    push(FeatureHash::new(16).byte(w(across)).byte(w(left)).byte(w(right)).byte(k));
    if across {
        push(FeatureHash::new(17).char(l1).char(r1).byte(k));
    }
    let near_figure = (1..=4).any(|d| filled(get(cs, at - d)) && get(cs, at - d) != '^')
        || (0..4).any(|d| matches!(chars::class(get(cs, end + d)), Class::Digit));
    push(FeatureHash::new(18).byte(w(near_figure)).byte(k));
    let start = at <= 1;
    push(FeatureHash::new(19).byte(w(start)).byte(w(end as usize + 1 >= cs.len())));
}

/// A candidate's score (log-odds of a deleted value; `-inf` for an empty model).
pub fn score(w: &Weights, cs: &[char], c: &Candidate, buf: &mut Vec<Feature>) -> f32 {
    if !w.is_loaded() {
        return f32::NEG_INFINITY;
    }
    buf.clear();
    features(cs, c, buf);
    w.dot(buf)
}

/// The char range a finding at a candidate covers: the space run, or the two characters
/// around the gap.
pub fn span(cs: &[char], c: &Candidate) -> (usize, usize) {
    if c.kinds & SPACE != 0 {
        (c.at, c.end)
    } else {
        (c.at.saturating_sub(1), (c.at + 1).min(cs.len()))
    }
}

/// The gaps of a line the model reports: candidates whose span is more than one character
/// away from every span other rules report (`taken`, char ranges) and whose score is at least
/// `threshold`; of such gaps within two characters of each other, the best. Each as
/// `(start char, end char, score)`, in order.
pub fn find(w: &Weights, threshold: f32, cs: &[char], taken: &[(usize, usize)]) -> Vec<(usize, usize, f32)> {
    let mut out: Vec<(usize, usize, f32)> = Vec::new();
    if !w.is_loaded() || !threshold.is_finite() {
        return out;
    }
    let mut buf = Vec::with_capacity(24);
    for c in candidates(cs) {
        let (s, e) = span(cs, &c);
        if taken.iter().any(|&(ts, te)| s <= te + 1 && e + 1 >= ts) {
            continue;
        }
        let z = score(w, cs, &c, &mut buf);
        if z < threshold {
            continue;
        }
        match out.last_mut() {
            Some(last) if s <= last.1 + 2 => {
                if z > last.2 {
                    *last = (s, e, z);
                }
            }
            _ => out.push((s, e, z)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cands(s: &str) -> Vec<(usize, u8)> {
        let cs: Vec<char> = s.chars().collect();
        candidates(&cs).into_iter().map(|c| (c.at, c.kinds)).collect()
    }

    #[test]
    fn candidates_of_typical_deletions() {
        assert!(cands("总投资达 万元").contains(&(4, SPACE)));
        assert!(cands("新增规上企业家").iter().any(|&(at, k)| at == 6 && k & BEFORE_UNIT != 0));
        assert!(cands("分别下降、。").contains(&(5, BETWEEN_MARKS)));
        assert!(cands("近年来，镇在县委").iter().any(|&(at, k)| at == 4 && k & BEFORE_UNIT != 0));
        // a figure before the unit fills it
        assert!(!cands("投资3万元").iter().any(|&(at, _)| at == 3));
        assert!(cands("").is_empty());
    }

    #[test]
    fn features_are_bounded_and_deterministic() {
        let cs: Vec<char> = "由 同志主持".chars().collect();
        let c: Vec<Candidate> = candidates(&cs).into_iter().filter(|c| c.kinds == SPACE).collect();
        assert_eq!(c.len(), 1);
        assert_eq!((c[0].at, c[0].end), (1, 2));
        let (mut a, mut b) = (Vec::new(), Vec::new());
        features(&cs, &c[0], &mut a);
        features(&cs, &c[0], &mut b);
        assert_eq!(a, b);
        assert!(a.iter().all(|&(i, _)| (i as usize) < DIM));
    }
}
