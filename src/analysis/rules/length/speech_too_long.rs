//! LEC601 `speech-too-long`.
//!
//! ## What it does
//! When a target length is configured (`target_minutes`), reports a speech whose speaking time
//! at the configured rate (`speaking_rate`, default 240 字/分钟) exceeds it, and names the
//! longest top-level sections, the first places to cut. Off without a target.
//!
//! ## Why is this bad?
//! A speech is written for a time slot; running over it costs the next speaker's time and the
//! audience's attention.
//!
//! ## Example
//! With `target_minutes = 10`, a draft of 4,215 字:
//! ```text
//! 全文 4,215 字 · 约 17 分 30 秒，超出目标 10 分钟……最长的部分：“一、提高政治站位……”
//! ```
//! A draft of 2,200 字 (about 9 minutes) is not reported.
//!
//! ## Fix safety
//! No fix: only the author can decide what to cut.
//!
//! Complexity: O(lines) over the line facts.

use super::time::{format_count, format_duration, format_total, speaking_seconds};
use crate::analysis::diagnostic::{Category, Finding, FixAvailability, Severity, Span};
use crate::analysis::pass::DocCtx;
use crate::analysis::registry::{Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    code: "LEC601",
    name: "speech-too-long",
    category: Category::Length,
    default_severity: Severity::Info,
    default_enabled: true,
    fix: FixAvailability::None,
    summary_zh: "讲话时长超过设定的目标时长",
    summary_en: "The speech runs longer than the configured target time",
};

/// How many sections the message names.
const NAMED: usize = 3;
/// Characters of a heading quoted in the message.
const TITLE_CHARS: usize = 14;

struct Section {
    line: usize,
    bytes: u32,
    title: String,
    zi: u32,
}

pub(crate) fn check(ctx: &DocCtx, out: &mut Vec<Finding>) {
    let Some(target) = ctx.config.target_minutes.filter(|t| t.is_finite() && *t > 0.0) else { return };
    let rate = ctx.config.speaking_rate.max(1);
    let mut total: u32 = 0;
    let mut title_line: Option<(usize, u32)> = None;
    let mut sections: Vec<Section> = Vec::new();
    let mut min_level = u8::MAX;
    for (i, l) in ctx.lines.iter().enumerate() {
        if ctx.is_boilerplate(i) || l.facts.boilerplate.whole_line || l.facts.is_empty {
            continue;
        }
        if title_line.is_none() && l.facts.length.zi > 0 {
            title_line = Some((i, l.facts.bytes));
        }
        // A top-level section starts at a heading no deeper than every heading before it
        // (the outline's roots).
        if let Some(h) = &l.facts.numbering.heading {
            if h.level <= min_level {
                min_level = h.level;
                sections.push(Section {
                    line: i,
                    bytes: l.facts.bytes,
                    title: h.title(&(ctx.line_text)(i)).to_string(),
                    zi: 0,
                });
            }
        }
        let zi = l.facts.length.zi;
        total = total.saturating_add(zi);
        if let Some(s) = sections.last_mut() {
            s.zi = s.zi.saturating_add(zi);
        }
    }
    let seconds = speaking_seconds(total, rate);
    let limit = (target * 60.0).round();
    if f64::from(seconds) <= limit {
        return;
    }
    let Some((line, bytes)) = title_line else { return };
    let over = seconds.saturating_sub(limit as u32);
    let loc = ctx.config.locale;
    let mut longest: Vec<&Section> = sections.iter().filter(|s| s.zi > 0).collect();
    longest.sort_by(|a, b| b.zi.cmp(&a.zi).then(a.line.cmp(&b.line)));
    longest.truncate(NAMED);
    let named: Vec<String> =
        longest.iter().map(|s| format!("“{}”（{}）", short(&s.title), format_count(s.zi, rate, loc))).collect();
    let target_text = trim_float(target);
    let mut msg = loc
        .pick(
            format!(
                "{}，超出目标 {target_text} 分钟（{}）",
                format_total(total, rate, loc),
                format_duration(over, loc)
            ),
            format!(
                "{}, over the {target_text}-minute target ({})",
                format_total(total, rate, loc),
                format_duration(over, loc)
            ),
        )
        .to_string();
    if !named.is_empty() {
        msg.push_str(loc.pick("；最长的部分：", "; longest sections: "));
        msg.push_str(&named.join(loc.pick("、", ", ")));
    }
    let l32 = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
    let mut f = Finding::new(Rule(&META), Span::in_line(l32(line), 0, bytes as usize), msg);
    for s in &longest {
        f = f.with_related(Span::in_line(l32(s.line), 0, s.bytes as usize), format_count(s.zi, rate, loc));
    }
    out.push(f);
}

fn short(title: &str) -> String {
    let mut it = title.chars();
    let head: String = it.by_ref().take(TITLE_CHARS).collect();
    if it.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

fn trim_float(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round() as i64)
    } else {
        format!("{x:.1}")
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::stats::stats;
    use crate::analysis::{analyze, Config, Diagnostic, Locale};

    fn found(text: &str, cfg: &Config) -> Vec<Diagnostic> {
        analyze(text, cfg).diagnostics.into_iter().filter(|d| d.code() == "LEC601").collect()
    }

    fn speech() -> String {
        let mut s = String::from("在全县工作会议上的讲话\n同志们：\n今天召开会议。\n一、提高站位\n");
        s.push_str(&"全县上下要提高政治站位。".repeat(40));
        s.push_str("\n二、强化保障\n");
        s.push_str(&"各乡镇要强化组织保障。".repeat(10));
        s.push_str("\n三、狠抓落实\n");
        s.push_str(&"狠抓落实。".repeat(60));
        s.push('\n');
        s
    }

    #[test]
    fn flags_speech_over_target_and_names_longest_sections() {
        let text = speech();
        let cfg = Config { target_minutes: Some(1.0), ..Config::default() };
        let d = found(&text, &cfg);
        assert_eq!(d.len(), 1, "{d:#?}");
        let total = stats(&text, &cfg).chars;
        let expected_total = crate::analysis::stats::format_total(total, 240, Locale::ZhCn);
        assert!(d[0].message.starts_with(&expected_total), "{}", d[0].message);
        // 一、 has 440 字, 三、 244, 二、 104: named longest first.
        let a = d[0].message.find("一、提高站位").unwrap_or(usize::MAX);
        let c = d[0].message.find("三、狠抓落实").unwrap_or(usize::MAX);
        let b = d[0].message.find("二、强化保障").unwrap_or(usize::MAX);
        assert!(a < c && c < b && b != usize::MAX, "{}", d[0].message);
        assert_eq!(d[0].span.start.line, 0);
        assert_eq!(d[0].related.len(), 3);
    }

    #[test]
    fn agrees_with_stats_on_the_seed_speech() {
        let text = include_str!("../../../../tests/fixtures/consistency/scraped-speech.txt");
        let cfg = Config { target_minutes: Some(2.0), ..Config::default() };
        let d = found(text, &cfg);
        assert_eq!(d.len(), 1);
        let s = stats(text, &cfg);
        assert!(d[0].message.starts_with(&s.summary(Locale::ZhCn)), "{} vs {}", d[0].message, s.summary(Locale::ZhCn));
    }

    #[test]
    fn english_message() {
        let cfg = Config { target_minutes: Some(1.5), ..Config::default() }.with_locale(Locale::En);
        let d = found(&speech(), &cfg);
        assert!(d[0].message.contains("over the 1.5-minute target"), "{}", d[0].message);
    }

    #[test]
    fn no_diagnostic_without_target_or_within_it() {
        assert!(found(&speech(), &Config::default()).is_empty());
        let cfg = Config { target_minutes: Some(5.0), ..Config::default() };
        assert!(found(&speech(), &cfg).is_empty());
        let slow = Config { target_minutes: Some(1.0), speaking_rate: 2000, ..Config::default() };
        assert!(found(&speech(), &slow).is_empty());
    }
}
