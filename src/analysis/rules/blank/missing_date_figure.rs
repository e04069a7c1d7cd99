//! LEC105 `missing-date-figure`.
//!
//! ## What it does
//! Flags dates and durations whose figures were deleted: 「——年月日在…」 (three slots),
//! 「2月日」, 「20xx年 月 日」, 「连续年保持」.
//!
//! A 年 with no figure before it is a slot when a month follows (年月, 年 月) or when it
//! closes a duration (连续年, 长达年); 月 right after 年 (or after 年 and a space) and 日 right
//! after 月 are slots. 今年, 去年, 近年, 同年, 当年 and other words are told apart by the
//! lexicon and a short list of characters that precede 年 in words.
//!
//! A year deleted with no month after it is a slot after a preposition of time when 年 closes
//! the phrase (「到年，」「从年的」「年起」「比 年分别」「并于年制定」; not 到年底, 于年内, 由于年久),
//! at the end of a range (「2021- 年）」) and after a space (「展望 年，」); so is the day of a
//! deadline after a month in figures (「12月日前」) and a month before 底 (「2019年月底前」).
//! A form's date field — the whole line, an optional 日期：/时间： label, 年 月 日 with spaces
//! left to write in (「申报日期：  年  月  日」) — is printed so in finished documents and is
//! not reported.
//!
//! ## Why is this bad?
//! The date or the number of years was deleted; the sentence has a hole.
//!
//! ## Example
//! ```text
//! 蒙古族中学高考本科录取率连续年保持在90%以上
//! ```
//! Use instead: `连续5年保持`.
//!
//! ## Fix safety
//! No fix: only the author knows the date.
//!
//! Complexity: one pass over the 年 月 日 marks the family's scan listed, O(n).

use super::scan::{han, is_figure, is_placeholder_char, is_space, Scan};
use crate::analysis::diagnostic::{Category, Finding, FixAvailability, Severity, Span};
use crate::analysis::pass::LineCtx;
use crate::analysis::registry::{Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    code: "LEC105",
    name: "missing-date-figure",
    category: Category::Blank,
    default_severity: Severity::Error,
    default_enabled: true,
    fix: FixAvailability::None,
    summary_zh: "日期或年限缺少数字",
    summary_en: "A date or duration with no figure",
};

/// Characters that form words ending in 年 (今年, 全年, 青年, 周年 …).
const BEFORE_YEAR: &str = "今去明前后上下当同次该本每全近往历逐连多数几新旧青少老中成周元长整半翌先早晚头末是这那";

/// Words that close a duration: 连续年, 长达年, 历时年.
/// Characters that form words ending in 月 (岁月, 本月, 每月, 正月, 半月, 蜜月).
const BEFORE_MONTH: &str = "岁年日正腊本上下当每次同该满蜜明闰个半累按逐隔跨足近前后今去经风花";

const DURATION: &[&str] = &["连续", "长达", "历时", "时隔", "相隔", "为期", "经过"];

pub(crate) fn check(ctx: &LineCtx, scan: &Scan, out: &mut Vec<Finding>) {
    if form_date_field(scan.text) {
        return;
    }
    for i in scan.marks.iter().map(|&m| m as usize) {
        let Some(c) = scan.ch(i) else { continue };
        let slot = match c {
            '年' => year_slot(scan, i),
            '月' => month_slot(scan, i),
            '日' => day_slot(scan, i),
            _ => None,
        };
        let Some(at) = slot else { continue };
        let quote = scan.quote_slot(at);
        let msg = ctx.config.locale.pick(
            format!("此处缺少日期或年限数字：“{quote}”"),
            format!("missing figure in a date or duration: “{quote}”"),
        );
        let b = scan.byte(at);
        out.push(Finding::new(Rule(&META), Span::in_line(0, b, b), msg));
    }
}

/// A form's date field, the whole line: an optional label ending in a colon (申报日期：,
/// 承诺时间：), an optional year in figures, then 年, 月 (and 日) with spaces left between them
/// to be written in by hand (「申报日期：  2022年  月  日」, 「年 月 日」). Finished documents
/// print such fields in their forms; a draft's deleted date keeps no spaces (「于年月日前」) or
/// sits in a sentence.
fn form_date_field(line: &str) -> bool {
    let t = line.trim();
    let body = match t.rsplit_once(['：', ':']) {
        Some((label, rest)) => {
            let label = label.trim();
            let short = label.chars().count() <= 8 && label.chars().all(han);
            if !short || !(label.ends_with("日期") || label.ends_with("时间")) {
                return false;
            }
            rest
        }
        None => t,
    };
    let body = body.trim_start_matches(|c: char| is_space(c) || c.is_ascii_digit());
    let mut parts = body.split(['年', '月', '日']);
    let year_gap = parts.next().is_some_and(|p| p.chars().all(is_space));
    let gaps: Vec<&str> = parts.collect();
    let spaced = gaps.first().is_some_and(|g| !g.is_empty() && g.chars().all(is_space));
    year_gap
        && spaced
        && (2..=3).contains(&gaps.len())
        && gaps.iter().all(|g| g.chars().all(is_space))
        && body.starts_with('年')
}

fn filled(c: Option<char>) -> bool {
    c.is_some_and(|c| is_figure(c) || is_placeholder_char(c) || c.is_ascii_alphanumeric())
}

fn year_slot(scan: &Scan, i: usize) -> Option<usize> {
    let p = scan.before(i);
    if filled(p) || p == Some('年') || scan.ch(i + 1) == Some('年') {
        return None; // 年年 (every year)
    }
    // 连续年保持, but not 连续年均增长 or 持续年度考核 (年 opening a word).
    if i >= 2 && DURATION.contains(&scan.slice(i - 2, i)) && !scan.is_word(i, i + 2) {
        return Some(i);
    }
    // 「截至年末」 with the year deleted: 截至/截止/始于, then 年 that opens no word.
    if !scan.is_word(i, i + 2) && scan.ch(i + 1).is_some_and(han) && scan.ch(i + 1) != Some('月') {
        let two = if i >= 2 { scan.slice(i - 2, i) } else { "" };
        if matches!(two, "截至" | "截止" | "始于") {
            return Some(i);
        }
    }
    // 「艰苦的年月」: 年月 as a word (times), not a date.
    if scan.is_word(i, i + 2)
        && scan.ch(i + 1) == Some('月')
        && !matches!(scan.ch(i + 2), Some('日'))
        && !filled(scan.ch(i + 2))
    {
        return None;
    }
    if let Some(slot) = bare_year_slot(scan, i) {
        return Some(slot);
    }
    // A month must follow: 年月, 年 月, 年3月.
    let mut j = i + 1;
    if scan.ch(j).is_some_and(is_space) {
        j += 1;
    }
    let month_follows = scan.ch(j) == Some('月')
        || (filled(scan.ch(j))
            && (scan.ch(j + 1) == Some('月') || (filled(scan.ch(j + 1)) && scan.ch(j + 2) == Some('月'))));
    if !month_follows {
        return None;
    }
    match p {
        None => Some(i),
        Some(pc) if is_space(pc) => {
            // 「今 年4月」 in letter-spaced text is 今年; 「—— 年 月」 is a slot.
            let b = scan.before(i - 1);
            (!filled(b) && !b.is_some_and(|b| BEFORE_YEAR.contains(b))).then_some(i)
        }
        Some('—' | '-' | '－' | '─' | '(' | '（' | '，' | ',' | '、' | '：' | ':') => Some(i),
        // 「于年3月」「从年7月」: a preposition of time straight before the deleted year
        Some('于' | '到' | '至' | '从' | '在' | '由' | '比' | '自' | '和' | '与' | '及') => Some(i),
        _ => None,
    }
}

/// A year deleted with no month after it (「到年，」「从年的」「比 年分别」「年起」「展望 年，」
/// 「2021- 年）」), as the slot's char index: 年 closing a time phrase (before a comma, 的, 起,
/// 以, 前, a closing bracket or 间) after a preposition of time, after a space, or at the end of
/// a range; or 年 after a preposition and a space.
fn bare_year_slot(scan: &Scan, i: usize) -> Option<usize> {
    let (pj, spaced) = scan.prev_skipping_space(i);
    let pc = pj.and_then(|j| scan.ch(j));
    let before_pc = pj.and_then(|j| scan.before(j));
    let next = scan.ch(i + 1);
    let closes = next.is_some_and(|c| matches!(c, '，' | ',' | '的' | '起' | '、' | '）' | ')' | '间' | '以' | '前'));
    let preposition = pc.is_some_and(|c| matches!(c, '到' | '至' | '于' | '从' | '由' | '比' | '自'));
    // 「并于年制定」: 于/从/自/至/到 straight before a year that opens no time word (年底, 年内,
    // 年初, 年会, 年均, 年龄 are words of their own)
    let opens_clause =
        next.is_some_and(|c| han(c) && !"底末初中内终度前后份里间龄纪轻级会均来头尾薪华货画味久迈".contains(c));
    // (于 alone, not in 由于, 对于, 位于: after 并/将/已/拟 or punctuation)
    let time_preposition = match pc {
        Some('于') => before_pc.is_none_or(|b| !han(b) || "并将已拟均别始曾先后定".contains(b)),
        Some('从' | '自') => true,
        _ => false,
    };
    if preposition && (closes || spaced || (time_preposition && opens_clause)) {
        // not 一年到年 (a figure before the preposition is the range's start: 2020至 年 is
        // decided below)
        return (!filled(before_pc) || spaced).then_some(i);
    }
    let range = pc.is_some_and(|c| matches!(c, '-' | '－' | '—' | '~' | '～' | '至')) && filled(before_pc);
    if range && (closes || spaced) {
        return Some(i);
    }
    if spaced && closes && pc.is_some_and(|c| is_punct_or_han(c) && !BEFORE_YEAR.contains(c)) {
        return Some(i);
    }
    None
}

fn is_punct_or_han(c: char) -> bool {
    han(c) || super::scan::is_punct(c)
}

fn month_slot(scan: &Scan, i: usize) -> Option<usize> {
    let (prev, _) = scan.prev_skipping_space(i);
    let p = prev.and_then(|j| scan.ch(j));
    if p != Some('年') {
        // 「）月日上午」「新华社北京月日电」: month and day both deleted. After a Han character
        // only when that character forms no word with 月 (岁月, 本月, 每月) and 日 opens none
        // (本月日均).
        let day_follows = scan.ch(i + 1) == Some('日');
        let opens = p.is_none_or(|c| !han(c) && !filled(Some(c)));
        let after_word = p.is_some_and(|c| han(c) && !BEFORE_MONTH.contains(c))
            && !scan.is_word(i - 1, i + 1)
            && (!scan.is_word(i + 1, i + 3) || scan.ch(i + 2) == Some('电'));
        return (day_follows && (opens || after_word)).then_some(i);
    }
    // 年月 as a word (岁月 is 月 after 岁; 年月 itself in 那个年月).
    if scan.before(i) == Some('年')
        && scan.is_word(i - 1, i + 1)
        && !filled(scan.before(i - 1))
        && !matches!(scan.ch(i + 1), Some('日' | '底' | '初' | '末' | '份'))
    {
        return None; // (「今年月底」 is a date with its month deleted)
    }
    // 「2013年月收入」: 月 opening a word (月收入, 月均, 月度) after a year is not a slot.
    if scan.before(i) == Some('年')
        && (scan.is_word(i, i + 2) || scan.is_word(i, i + 3))
        && filled(scan.before(i - 1))
        && !matches!(scan.ch(i + 1), Some('底' | '初' | '末' | '份' | '中'))
    {
        return None;
    }
    // In a date the month is followed by its day, a space or punctuation (年月日, 年 月 日,
    // 年月份); 「2013年月收入」 is "monthly income".
    let date_like = scan.ch(i + 1).is_none_or(|c| {
        !han(c) || matches!(c, '日' | '份' | '底' | '初' | '末' | '中' | '上' | '下' | '间' | '至' | '到')
    });
    (!filled(scan.before(i)) && date_like).then_some(i)
}

fn day_slot(scan: &Scan, i: usize) -> Option<usize> {
    let (prev, _) = scan.prev_skipping_space(i);
    let p = prev.and_then(|j| scan.ch(j));
    // 「12月11日至日」: the second day of a range deleted.
    if matches!(p, Some('至' | '到' | '—' | '-' | '～' | '~')) && !scan.is_word(i, i + 2) {
        let j = prev?;
        let near_month = (j.saturating_sub(4)..j).any(|k| scan.ch(k) == Some('日'));
        if near_month {
            return Some(i);
        }
    }
    // 「12月日前报送」: after a month in figures, 日前 is a deadline whose day was deleted.
    let deadline = p == Some('月') && scan.ch(i + 1) == Some('前') && prev.is_some_and(|j| filled(scan.before(j)));
    if p != Some('月') || filled(scan.before(i)) || (scan.is_word(i, i + 2) && !deadline) {
        return None; // 10月日本: 日 opening a word (日本, 日前, 日益)
    }
    // 月日 only after a month that is itself a date part (2月日, 年月日, x月 日, ）月日).
    let month = prev?;
    let before_month = scan.before(month);
    (filled(before_month)
        || before_month == Some('年')
        || month_slot(scan, month).is_some()
        || before_month.is_none_or(|c| is_space(c) || (!han(c) && !super::scan::is_alnum(c))))
    .then_some(i)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{check, check_none};

    const CODE: &str = "LEC105";

    #[test]
    fn flags_dates_without_figures() {
        check(CODE, "——‸年‸月‸日在山西河津第二届人民代表大会上");
        check(CODE, "── 20xx年 ‸月 ‸日在XX县第十届人民代表大会");
        check(CODE, "2月‸日，我们召开会议");
        check(CODE, "该工程已于今年‸月底完工");
        check(CODE, "到‸年，基本建立考核体系；从‸年的三成提高到五成，比 ‸年分别提升");
        check(CODE, "并于‸年制定了战略；于2018年12月‸日前报送；2019年‸月底前完成；到 ‸年底");
        check(CODE, "《规划（2021- ‸年）》；展望 ‸年，前景广阔；于‸年3月底前报送");
        // a field whose label is not a date's
        check(CODE, "联系人：‸年 ‸月 ‸日");
    }

    #[test]
    fn flags_durations_without_figures() {
        check(CODE, "录取率连续‸年保持在较高水平");
    }

    #[test]
    fn no_diagnostic_for_dates_and_year_words() {
        for t in [
            "2024年3月5日，今年1月，去年12月，同年6月，近年来，年度目标，岁月如歌",
            "青年人，周年纪念，连续多年保持，连续三年，二〇二一年十月一日",
            "2013年月收入1000元，今年10月日本将再次上调，由于年久失修，年年打草",
            "中意文化和旅游年1月下旬开幕，度过敌后艰苦的年月",
            "申报日期：\u{3000}\u{3000}2022年\u{3000}\u{3000}月\u{3000}\u{3000}日",
            "承诺时间：  年   月  日",
            "年 月 日",
            "到年底，至年末，于年内完成，一年到头，从年初起，2020至2022年，连续三年，青 年，今 年，",
        ] {
            check_none(CODE, t);
        }
    }
}
