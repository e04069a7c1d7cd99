//! Settings the engine reads, as plain data. Never reads files or the environment: the CLI
//! and the language server build a `Config` from `lectern.toml` and editor settings.

use std::collections::HashMap;

use super::diagnostic::Severity;
use super::registry::Rule;

/// The language of messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    #[default]
    ZhCn,
    En,
}

impl Locale {
    pub fn parse(s: &str) -> Option<Locale> {
        let s = s.trim().to_ascii_lowercase().replace('_', "-");
        match s.as_str() {
            "zh" | "zh-cn" | "zh-hans" | "cn" => Some(Locale::ZhCn),
            "en" | "en-us" | "en-gb" | "english" => Some(Locale::En),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }
    /// Picks the message for this locale.
    pub fn pick<T>(self, zh: T, en: T) -> T {
        match self {
            Locale::ZhCn => zh,
            Locale::En => en,
        }
    }
}

/// Per-rule overrides.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleSetting {
    pub enabled: Option<bool>,
    pub severity: Option<Severity>,
}

/// A user-supplied boilerplate pattern.
#[derive(Clone, Debug)]
pub struct ExtraPattern {
    pub name: String,
    pub regex: regex::Regex,
    pub message: String,
}

/// Everything the engine needs to know besides the text.
#[derive(Clone, Debug)]
pub struct Config {
    pub locale: Locale,
    /// Overrides keyed by rule code.
    pub rules: HashMap<&'static str, RuleSetting>,
    /// Phrases in which no finding is reported (e.g. a slogan that looks like a blank).
    pub ignore_phrases: Phrases,
    /// Regular expressions in whose matches no finding is reported.
    pub ignore_patterns: Vec<regex::Regex>,
    /// Extra boilerplate patterns (a line matching one is reported as boilerplate).
    pub extra_boilerplate: Vec<ExtraPattern>,
    /// Characters per minute when estimating speaking time.
    pub speaking_rate: u32,
    /// Optional target length of the speech in minutes.
    pub target_minutes: Option<f64>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            locale: Locale::ZhCn,
            rules: HashMap::new(),
            ignore_phrases: Phrases::default(),
            ignore_patterns: Vec::new(),
            extra_boilerplate: Vec::new(),
            speaking_rate: 240,
            target_minutes: None,
        }
    }
}

impl Config {
    pub fn with_locale(mut self, locale: Locale) -> Self {
        self.locale = locale;
        self
    }
    pub fn is_enabled(&self, rule: Rule) -> bool {
        self.rules.get(rule.code()).and_then(|s| s.enabled).unwrap_or(rule.meta().default_enabled)
    }
    pub fn severity(&self, rule: Rule) -> Severity {
        self.rules.get(rule.code()).and_then(|s| s.severity).unwrap_or(rule.default_severity())
    }
    /// Sets an override for a rule named by code or kebab-case name; `false` when unknown.
    pub fn set_rule(&mut self, key: &str, setting: RuleSetting) -> bool {
        match Rule::find(key) {
            Some(rule) => {
                let e = self.rules.entry(rule.code()).or_default();
                if setting.enabled.is_some() {
                    e.enabled = setting.enabled;
                }
                if setting.severity.is_some() {
                    e.severity = setting.severity;
                }
                true
            }
            None => false,
        }
    }
}

/// The ignore phrases, with one automaton that finds all of them in a line in one pass
/// (aho-corasick), however many there are. Built once, when the list is made (`collect()` it).
#[derive(Clone, Default)]
pub struct Phrases {
    list: Vec<String>,
    matcher: Option<std::sync::Arc<aho_corasick::AhoCorasick>>,
}

impl Phrases {
    /// For each finding range `(start, end)` of `line` (byte columns), whether it lies wholly
    /// inside an occurrence of a phrase (occurrences may overlap). O(line + occurrences + ranges).
    pub fn covers(&self, line: &str, ranges: impl Iterator<Item = (usize, usize)>) -> Vec<bool> {
        let Some(ac) = &self.matcher else { return ranges.map(|_| false).collect() };
        // reach[k]: the furthest end of an occurrence starting at or before starts[k].
        let mut spans: Vec<(usize, usize)> = ac.find_overlapping_iter(line).map(|m| (m.start(), m.end())).collect();
        spans.sort_unstable();
        let mut reach = Vec::with_capacity(spans.len());
        let mut far = 0;
        for &(_, e) in &spans {
            far = far.max(e);
            reach.push(far);
        }
        ranges
            .map(|(s, e)| {
                let k = spans.partition_point(|&(start, _)| start <= s);
                k.checked_sub(1).and_then(|k| reach.get(k)).is_some_and(|&far| e <= far)
            })
            .collect()
    }
}

impl FromIterator<String> for Phrases {
    fn from_iter<I: IntoIterator<Item = String>>(iter: I) -> Self {
        let list: Vec<String> = iter.into_iter().collect();
        let patterns = list.iter().filter(|p| !p.is_empty());
        // A contiguous NFA: compact for hundreds of thousands of phrases, fast enough per line.
        let matcher = aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
            .build(patterns)
            .ok()
            .filter(|_| list.iter().any(|p| !p.is_empty()))
            .map(std::sync::Arc::new);
        Phrases { list, matcher }
    }
}

impl std::ops::Deref for Phrases {
    type Target = [String];
    fn deref(&self) -> &[String] {
        &self.list
    }
}

impl std::fmt::Debug for Phrases {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.list.fmt(f)
    }
}

impl<S: AsRef<str>> PartialEq<[S]> for Phrases {
    fn eq(&self, other: &[S]) -> bool {
        self.list.len() == other.len() && self.list.iter().zip(other).all(|(a, b)| a == b.as_ref())
    }
}

impl<S: AsRef<str>, const N: usize> PartialEq<[S; N]> for Phrases {
    fn eq(&self, other: &[S; N]) -> bool {
        *self == other[..]
    }
}

impl<S: AsRef<str>> PartialEq<Vec<S>> for Phrases {
    fn eq(&self, other: &Vec<S>) -> bool {
        *self == other[..]
    }
}
