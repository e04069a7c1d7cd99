//! Length and speaking time: the 字数 of a draft and of each of its top-level sections, and
//! how long it takes to read aloud.
//!
//! # How characters are counted (字数)
//!
//! The way Chinese writers count 字数 (the “字数” line of a word processor's statistics, and what
//! a speechwriter is given as a limit):
//!
//! - every Chinese character counts 1 (CJK Unified Ideographs with their extensions and
//!   compatibility block, and 〇 as in 二〇二四);
//! - a run of figures counts 1, however long: `186.4`, `4,215`, `2024`, `１２`, `5%` (the
//!   decimal point, thousands separator or percent sign inside or after the run belongs to it);
//! - a run of Latin letters counts 1 (a word: `GDP`, `APP`, `LED`);
//! - punctuation, symbols and whitespace count 0.
//!
//! Text the engine reports as boilerplate (site chrome, paywall notes, related-article lists)
//! is not part of the speech and is not counted.
//!
//! # Speaking time
//!
//! `字数 × 60 / rate` seconds at `config.speaking_rate` 字/分钟 (default 240), shown rounded:
//! to 30 seconds from one minute up (“约 17 分 30 秒”), to 10 seconds below.
//!
//! Pure: no I/O. Complexity: one pass over the text, O(n).

use super::diagnostic::{Category, Span};
pub use super::rules::length::time::{
    display_seconds, format_count, format_duration, format_total, group_thousands, speaking_seconds,
};
use super::{analyze, Analysis, Config, Locale, OutlineKind};
use crate::text::split_lines;
pub use crate::text::zi_count;

/// One part of the speech: the text before the first heading, or a top-level section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionStats {
    /// The heading as written (empty for the opening part).
    pub title: String,
    /// `None` for the opening (title, salutation, first paragraphs); the heading level otherwise.
    pub level: Option<u8>,
    /// The heading line (the first line of the opening part).
    pub selection: Span,
    /// From the heading line to the end of the section's last line.
    pub span: Span,
    /// 字数 as defined above.
    pub chars: u32,
    /// Speaking time in seconds at the configured rate (unrounded).
    pub seconds: u32,
}

/// Length statistics of a draft.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stats {
    /// 字数 of the whole speech (boilerplate excluded).
    pub chars: u32,
    /// Speaking time in seconds (unrounded).
    pub seconds: u32,
    /// The rate used, 字/分钟.
    pub rate: u32,
    /// The opening part (if it has any text) followed by each top-level section, in order.
    pub sections: Vec<SectionStats>,
}

impl Stats {
    /// “全文 4,215 字 · 约 17 分 30 秒”.
    pub fn summary(&self, locale: Locale) -> String {
        format_total(self.chars, self.rate, locale)
    }

    /// The section whose heading is on `line` (for a hover on a heading).
    pub fn section_at_line(&self, line: u32) -> Option<&SectionStats> {
        self.sections.iter().find(|s| s.level.is_some() && s.selection.start.line == line)
    }

    /// The line on which an editor shows the whole speech's count (a code lens): the first line
    /// with text, usually the title.
    pub fn lens_line(&self) -> u32 {
        self.sections.first().map_or(0, |s| s.selection.start.line)
    }

    /// The text `lectern stats` prints for one file: the summary, then one line per part,
    /// with its first line number (1-based):
    ///
    /// ```text
    /// 全文 4,215 字 · 约 17 分 30 秒
    ///   第 1 行  开头              312 字 · 约 1 分 20 秒
    ///   第 8 行  一、提高政治站位…  1,620 字 · 约 6 分 45 秒
    /// ```
    pub fn render_text(&self, locale: Locale) -> String {
        let mut out = self.summary(locale);
        out.push('\n');
        for s in &self.sections {
            let line = s.span.start.line.saturating_add(1);
            let title =
                if s.title.is_empty() { locale.pick("开头", "Opening").to_string() } else { short_title(&s.title) };
            let count = format_count(s.chars, self.rate, locale);
            let row = match locale {
                Locale::ZhCn => format!("  第 {line} 行  {title}  {count}\n"),
                Locale::En => format!("  line {line}  {title}  {count}\n"),
            };
            out.push_str(&row);
        }
        out
    }
}

/// A heading cut to 16 characters for one-line displays.
pub fn short_title(title: &str) -> String {
    let mut it = title.chars();
    let head: String = it.by_ref().take(16).collect();
    if it.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

/// Statistics of `text` from an analysis of it (reuses its outline and boilerplate findings).
pub fn stats_from(text: &str, analysis: &Analysis, config: &Config) -> Stats {
    // Byte ranges of boilerplate, to leave out of the count.
    let skip: Vec<(usize, usize)> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.category() == Category::Boilerplate)
        .map(|d| (d.range.start, d.range.end))
        .collect();
    stats_with(text, skip, &analysis.outline, config)
}

/// Statistics of `text` given the byte ranges of its boilerplate (in any order) and its
/// outline, as an analysis found them (an editor's open document keeps both).
pub fn stats_with(text: &str, mut skip: Vec<(usize, usize)>, outline: &[super::OutlineItem], config: &Config) -> Stats {
    let rate = config.speaking_rate.max(1);
    let spans = split_lines(text);
    skip.sort_unstable();
    let line_chars: Vec<u32> = spans.iter().map(|s| count_outside(text, s.start, s.content_end, &skip)).collect();
    // Section starts: the top-most headings of the outline (headings with no heading above
    // them, also when the outline hangs them under a title item).
    let mut heads: Vec<(usize, &super::OutlineItem)> = Vec::new();
    top_headings(outline, &mut heads);
    heads.sort_by_key(|&(l, _)| l);
    let mut sections = Vec::new();
    let first_head = heads.first().map_or(spans.len(), |&(l, _)| l);
    let line_end = |l: usize| {
        let bytes = spans.get(l).map_or(0, |s| s.content_end - s.start);
        super::LinePos::new(u32::try_from(l).unwrap_or(u32::MAX), u32::try_from(bytes).unwrap_or(u32::MAX))
    };
    let sum = |a: usize, b: usize| -> u32 { line_chars.get(a..b).map_or(0, |v| v.iter().sum()) };
    let opening = sum(0, first_head);
    if opening > 0 {
        let first = line_chars.iter().position(|&n| n > 0).unwrap_or(0);
        let last = first_head.saturating_sub(1);
        sections.push(SectionStats {
            title: String::new(),
            level: None,
            selection: Span::new(super::LinePos::new(u32::try_from(first).unwrap_or(0), 0), line_end(first)),
            span: Span::new(super::LinePos::new(0, 0), line_end(last)),
            chars: opening,
            seconds: speaking_seconds(opening, rate),
        });
    }
    for (k, &(line, item)) in heads.iter().enumerate() {
        let next = heads.get(k + 1).map_or(spans.len(), |&(l, _)| l);
        let chars = sum(line, next);
        sections.push(SectionStats {
            title: item.title.clone(),
            level: Some(item.level),
            selection: item.selection,
            span: Span::new(super::LinePos::new(u32::try_from(line).unwrap_or(0), 0), line_end(next.saturating_sub(1))),
            chars,
            seconds: speaking_seconds(chars, rate),
        });
    }
    let chars = line_chars.iter().sum();
    Stats { chars, seconds: speaking_seconds(chars, rate), rate, sections }
}

fn top_headings<'a>(items: &'a [super::OutlineItem], out: &mut Vec<(usize, &'a super::OutlineItem)>) {
    for o in items {
        if o.kind == OutlineKind::Heading {
            out.push((o.selection.start.line as usize, o));
        } else {
            top_headings(&o.children, out);
        }
    }
}

/// Statistics of `text`, analysing it first.
pub fn stats(text: &str, config: &Config) -> Stats {
    stats_from(text, &analyze(text, config), config)
}

/// 字数 of `text[start..end]` leaving out the parts inside `skip` (sorted byte ranges).
fn count_outside(text: &str, start: usize, end: usize, skip: &[(usize, usize)]) -> u32 {
    let mut n = 0;
    let mut at = start;
    for &(s, e) in skip.iter().filter(|&&(s, e)| s < end && e > start) {
        let s = s.max(at).min(end);
        if s > at {
            n += zi_count(text.get(at..s).unwrap_or(""));
        }
        at = at.max(e.min(end));
    }
    if at < end {
        n += zi_count(text.get(at..end).unwrap_or(""));
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sections_always_add_up(pieces in prop::collection::vec(prop::sample::select(vec![
            "一、", "二、", "（一）", "全县", "186.4", "4,215", "%", "GDP", "𠀀", "😀", "\n", "\r\n", "\r", " ", "，",
            "上一篇:", "https://a.b/c", "同志们：", "〇",
        ]), 0..80)) {
            let text: String = pieces.concat();
            let s = stats(&text, &Config::default());
            prop_assert_eq!(s.sections.iter().map(|x| x.chars).sum::<u32>(), s.chars);
            prop_assert!(s.chars <= zi_count(&text));
        }
    }

    /// An independent count of the speech text, by regex: Han characters, figures (digits
    /// joined by a decimal point or thousands separator, with a percent sign) and ASCII words.
    fn independent(text: &str) -> u32 {
        let han = text.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c)).count();
        let figures =
            regex::Regex::new(r"[0-9０-９]+(?:[.,．][0-9０-９]+)*[%％‰]?").map_or(0, |r| r.find_iter(text).count());
        let words = regex::Regex::new(r"[A-Za-z]+").map_or(0, |r| r.find_iter(text).count());
        u32::try_from(han + figures + words).unwrap_or(0)
    }

    #[test]
    fn sections_add_up_and_match_an_independent_count() {
        let text = "在全县工作会议上的讲话\n\n同志们：\n今天召开会议。\n一、提高站位\n全县GDP增长6.2%，完成投资186.4亿元。\n（一）加强领导\n各乡镇要落实。\n二、强化保障\n确保2024年目标完成。\n";
        let s = stats(text, &Config::default());
        assert_eq!(s.chars, independent(text));
        let titles: Vec<&str> = s.sections.iter().map(|x| x.title.as_str()).collect();
        assert_eq!(titles, vec!["", "一、提高站位", "二、强化保障"]);
        assert_eq!(s.sections.iter().map(|x| x.chars).sum::<u32>(), s.chars);
        let second = s.sections.get(2).map(|x| x.chars);
        assert_eq!(second, Some(independent("二、强化保障\n确保2024年目标完成。")));
        assert_eq!(s.sections.get(1).map(|x| (x.span.start.line, x.span.end.line)), Some((4, 7)));
        assert_eq!(s.section_at_line(8).map(|x| x.title.as_str()), Some("二、强化保障"));
        assert!(s.section_at_line(5).is_none());
    }

    #[test]
    fn seed_speech_counts_without_boilerplate() {
        let text = include_str!("../../tests/fixtures/consistency/scraped-speech.txt");
        let cfg = Config::default();
        let analysis = analyze(text, &cfg);
        let s = stats_from(text, &analysis, &cfg);
        // Independent: count every line, then subtract what lies in boilerplate findings.
        let whole = independent(text);
        let bp: u32 = analysis
            .diagnostics
            .iter()
            .filter(|d| d.category() == Category::Boilerplate)
            .map(|d| independent(d.range.slice(text)))
            .sum();
        assert!(bp > 0);
        assert_eq!(s.chars, whole - bp);
        assert_eq!(s.sections.iter().map(|x| x.chars).sum::<u32>(), s.chars);
        assert_eq!(s.seconds, speaking_seconds(s.chars, 240));
        assert!(s.sections.len() >= 2, "{:?}", s.sections);
        // Line 0 is the site's “标题:” line (boilerplate); the title is line 1.
        assert_eq!(s.lens_line(), 1);
        assert!(s.summary(Locale::ZhCn).starts_with("全文 "));
    }

    #[test]
    fn renders_a_line_per_section() {
        let text = "讲话\n一、提高站位\n全县上下。\n二、强化保障\n各乡镇要落实到位。\n";
        let s = stats(text, &Config::default());
        assert_eq!(
            s.render_text(Locale::ZhCn),
            "全文 24 字 · 约 10 秒\n  第 1 行  开头  2 字 · 约 10 秒\n  第 2 行  一、提高站位  9 字 · 约 10 秒\n  第 4 行  二、强化保障  13 字 · 约 10 秒\n"
        );
        assert!(s.render_text(Locale::En).contains("  line 2  一、提高站位  9 characters · about 10 s\n"));
    }

    #[test]
    fn headings_under_a_title_item_are_sections() {
        use crate::analysis::{LinePos, OutlineItem};
        let text = "讲话\n一、甲\n乙丙\n二、丁\n";
        let item = |title: &str, line: u32, kind, children| OutlineItem {
            title: title.to_string(),
            level: 1,
            kind,
            span: Span::new(LinePos::new(line, 0), LinePos::new(line, 1)),
            selection: Span::new(LinePos::new(line, 0), LinePos::new(line, 1)),
            children,
        };
        let outline = vec![item(
            "讲话",
            0,
            OutlineKind::Title,
            vec![item("一、甲", 1, OutlineKind::Heading, vec![]), item("二、丁", 3, OutlineKind::Heading, vec![])],
        )];
        let analysis = Analysis { diagnostics: vec![], outline, truncated: false };
        let s = stats_from(text, &analysis, &Config::default());
        let v: Vec<(&str, u32)> = s.sections.iter().map(|x| (x.title.as_str(), x.chars)).collect();
        assert_eq!(v, vec![("", 2), ("一、甲", 4), ("二、丁", 2)]);
    }

    #[test]
    fn rate_is_configurable() {
        let cfg = Config { speaking_rate: 120, ..Config::default() };
        let s = stats("一二三四五六七八九十", &cfg);
        assert_eq!((s.chars, s.seconds, s.rate), (10, 5, 120));
        let zero = Config { speaking_rate: 0, ..Config::default() };
        assert_eq!(stats("一二", &zero).rate, 1);
    }
}
