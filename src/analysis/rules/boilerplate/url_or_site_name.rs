//! LEC303 `url-or-site-name`.
//!
//! ## What it does
//! Flags web addresses (`http://…`, `www.…`, bare domains such as `SUCAI198.COM`, e-mail
//! addresses) together with the label or site name glued to them (“本文来源:https://…”,
//! “快文网http://…”) and the page stamp after them, and lines that start with a template
//! site's name (“腾讯文库在…会议上的讲话”).
//!
//! ## Why is this bad?
//! A speaker cannot read a URL aloud, and a site name tells the audience where the draft came
//! from.
//!
//! ## Example
//! ```text
//! …向健康有序的方向发展。 本文来源:https://www.wddqw.com/doc/d1ba0331.html
//! ```
//! Use instead: `…向健康有序的方向发展。`
//!
//! ## Fix safety
//! Safe: deletes the address with its label, or the whole line when nothing of the speech is
//! left on it.
//!
//! Complexity: a byte prefilter (`.`, `@`, `http`), then one regex scan, O(n).

use std::sync::LazyLock;

use regex::Regex;

use super::{gate, title_like, Hit};
use crate::analysis::diagnostic::{Category, FixAvailability, Severity};
use crate::analysis::registry::RuleMeta;
use crate::analysis::util::{is_han, regex};

pub static META: RuleMeta = RuleMeta {
    code: "LEC303",
    name: "url-or-site-name",
    category: Category::Boilerplate,
    default_severity: Severity::Warning,
    default_enabled: true,
    fix: FixAvailability::Always,
    summary_zh: "网址或范文网站名",
    summary_en: "A web address or a template site's name",
};

static URL: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?:https?://|www\.)[a-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+|(?:[a-z0-9._-]+@)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|cn|net|org|cc|top|vip|info|xyz|wang|club|site)(?:/[a-z0-9\-._~:/?#@!$&'*+,;=%]*)?",
    )
});
/// A label or a site name right before an address.
static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\s*(?:(?:本文来源|文章来源|来源于|来源|原文链接|本文链接|原文地址|本文地址|文章地址|网址|链接|转载自|出处)[:：]?\s*|[\p{Han}]{1,5}网\s*)$",
    )
});
static WHOLE_HINT: LazyLock<Regex> =
    LazyLock::new(|| regex(r"欢迎阅读|来源于|本文来源|转载|版权|专注|范文|网站|官网|下载"));
static SITE_NAME_START: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^[\p{Han}A-Za-z0-9]{0,6}?(?:文库|范文网|文秘网|公文网|文档网|写作网|秘书网|文章网|范文大全|范文站|文档库|资料网|美文网|作文网|豆丁网|道客巴巴|原创力文档|淘豆网)",
    )
});

/// Finds addresses and site names on one line.
pub(crate) fn find(text: &str, gates: u64, hits: &mut Vec<Hit>) {
    let lead = text.len() - text.trim_start().len();
    let trim_end = text.trim_end().len();
    if gates & gate::ADDRESS != 0 && may_hold_address(text) {
        find_urls(text, lead, trim_end, hits);
    }
    // A line that starts with a template site's name and is otherwise a title.
    let trimmed = text.trim();
    if trimmed.len() > 240 || gates & gate::SITE_NAME == 0 {
        return;
    }
    // The name is at the start: look at the first few characters before anything else.
    let opening: String = trimmed.chars().filter(|c| !c.is_whitespace()).take(12).collect();
    if opening.contains(['库', '网', '站', '巴', '档']) && SITE_NAME_START.is_match(&opening) {
        let compact: String = trimmed.chars().filter(|c| !c.is_whitespace()).collect();
        if let Some(m) = SITE_NAME_START.find(&compact) {
            let rest = compact.get(m.end()..).unwrap_or("");
            if rest.is_empty() || title_like(rest) {
                hits.push(Hit::new(&META, lead, trim_end, "范文网站名（网站标题）", "template site name (site title)"));
            }
        }
    }
}

/// A dot before a Latin letter, an `@`, or a `www`: the only lines worth the address regex.
fn may_hold_address(text: &str) -> bool {
    let b = text.as_bytes();
    b.contains(&b'@')
        || text.contains('．')
        || text.match_indices('.').any(|(i, _)| b.get(i + 1).is_some_and(u8::is_ascii_alphabetic))
}

fn find_urls(text: &str, lead: usize, trim_end: usize, hits: &mut Vec<Hit>) {
    let mut last_end = 0;
    // The line's Han characters, counted once: what is left beside an address is the line's
    // count minus the address's own (no rescanning of the line per address).
    let line_han = text.chars().filter(|&c| is_han(c)).count();
    // What a hint can match in (Han text; runs of other characters as one space), built once
    // when first needed, small because it is only needed when the line has few Han characters.
    let mut skeleton: Option<Vec<(usize, char)>> = None;
    for m in URL.find_iter(text) {
        if m.start() < last_end {
            continue;
        }
        // Not part of a longer ASCII word or number.
        let prev = text.get(..m.start()).and_then(|s| s.chars().next_back());
        if prev.is_some_and(|c| c.is_ascii_alphanumeric() || c == '.') {
            continue;
        }
        let url = m.as_str();
        // “3.cn” and the like are not addresses: a domain needs a letter before its suffix.
        if !url.contains("://") && !url.to_ascii_lowercase().starts_with("www.") {
            let name = url.rsplit_once('.').map_or("", |(a, _)| a);
            if !name.chars().any(|c| c.is_ascii_alphabetic()) {
                continue;
            }
        }
        let mut start = m.start();
        let mut end = m.end().min(text.len());
        // Trailing sentence punctuation is the speech's.
        while let Some(c) = text.get(..end).and_then(|s| s.chars().next_back()) {
            if end > start + 1 && matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']') {
                end -= c.len_utf8();
            } else {
                break;
            }
        }
        // Only the few characters right before the address can be its label.
        let mut from = start.saturating_sub(40);
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        if let Some(b) = BEFORE.find(text.get(from..start).unwrap_or("")) {
            start = from + b.start();
        }
        // A stamp after the address (“ 2007年07月19日 10:29 中国新闻网”) goes with it.
        let after = text.get(end..trim_end).unwrap_or("").trim_end_matches(|c: char| c == '|' || c.is_whitespace());
        if !after.is_empty() && after.chars().nth(24).is_none() && !after.contains(['。', '，', ',']) {
            end = trim_end;
        }
        let span_han = text.get(start..end).unwrap_or("").chars().filter(|&c| is_han(c)).count();
        let left_han = line_han.saturating_sub(span_han);
        let hint = |skeleton: &mut Option<Vec<(usize, char)>>| {
            let sk = skeleton.get_or_insert_with(|| text.char_indices().filter(|&(_, c)| is_han(c)).collect());
            WHOLE_HINT.is_match(&han_left(sk, start, end))
        };
        if left_han <= 8 || (left_han <= 60 && hint(&mut skeleton)) {
            start = lead;
            end = trim_end;
        }
        hits.push(Hit::new(&META, start, end, "网址（网页抓取残留）", "web address scraped with the page"));
        last_end = end;
    }
}

/// The Han text of a line without bytes `start..end`, as the whole-line hints see it: the Han
/// characters left (`han`: each with its byte offset) with one space wherever other characters
/// stood between two of them (the hints are Han words, so they match the same as in the line
/// itself). O(Han characters), not O(line).
fn han_left(han: &[(usize, char)], start: usize, end: usize) -> String {
    let mut out = String::new();
    let mut prev_end: Option<usize> = None;
    for &(at, c) in han.iter().filter(|(at, _)| *at < start || *at >= end) {
        if let Some(p) = prev_end {
            // Bytes between the two characters that are not cut out with the address.
            let cut = end.min(at).saturating_sub(start.max(p));
            if at - p > cut {
                out.push(' ');
            }
        }
        out.push(c);
        prev_end = Some(at + c.len_utf8());
    }
    out
}

#[cfg(test)]
mod tests {

    proptest::proptest! {
        /// The hint check on the Han skeleton agrees with the check on the line without the cut.
        #[test]
        fn skeleton_hint_matches_the_cut_line(text in "[欢迎阅读网站 a.]{0,16}", a in 0usize..40, b in 0usize..40) {
            let (mut start, mut end) = (a.min(b).min(text.len()), a.max(b).min(text.len()));
            while !text.is_char_boundary(start) { start -= 1; }
            while !text.is_char_boundary(end) { end -= 1; }
            let end = end.max(start);
            let han: Vec<(usize, char)> = text.char_indices().filter(|&(_, c)| super::is_han(c)).collect();
            let left = format!("{}{}", &text[..start], &text[end..]);
            proptest::prop_assert_eq!(
                super::WHOLE_HINT.is_match(&super::han_left(&han, start, end)),
                super::WHOLE_HINT.is_match(&left)
            );
        }
    }
    use crate::analysis::{analyze, fix_all, Config};

    fn spans(text: &str) -> Vec<&str> {
        analyze(text, &Config::default())
            .diagnostics
            .iter()
            .filter(|d| d.code() == "LEC303")
            .map(|d| &text[d.range.start..d.range.end])
            .collect()
    }

    #[test]
    fn flags_source_url_at_end_of_speech_line() {
        let text = "积极扶持非公有制经济，使其向健康有序的方向发展。 本文来源:https://www.wddqw.com/doc/d1ba0331.html";
        assert_eq!(spans(text), vec![" 本文来源:https://www.wddqw.com/doc/d1ba0331.html"]);
        let (fixed, _) = fix_all(text, &Config::default(), false);
        assert_eq!(fixed, "积极扶持非公有制经济，使其向健康有序的方向发展。");
    }

    #[test]
    fn flags_site_lines() {
        for line in [
            "SUCAI198.COM —— 专注党建行政公文写作范文",
            "《镇年度工作总结》来源于www.xuexue6.com",
            "腾讯文库领导在乡镇党委换届工作动员会上的讲话",
        ] {
            let got = spans(line);
            assert_eq!(got, vec![line], "{line}");
        }
    }

    #[test]
    fn no_diagnostic_for_numbers_and_english() {
        for line in ["全县生产总值增长3.5%，达到1.4万亿元。", "比例为1:500，共3,000人。", "e.g. the value is 2.5"]
        {
            assert!(spans(line).is_empty(), "{line}");
        }
    }
}
