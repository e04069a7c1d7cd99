//! LEC308 `custom-boilerplate`.
//!
//! ## What it does
//! Flags text matching the user's own boilerplate patterns (`Config::extra_boilerplate`: a
//! name, a regular expression and a message), for sites lectern has not seen. Each match is
//! reported with the pattern's message; a line left with nothing but punctuation is reported
//! (and deleted) whole.
//!
//! ## Why is this bad?
//! The user has said this text belongs to the site, not to the speech.
//!
//! ## Example
//! With the pattern `本文由.{1,20}上传`:
//! ```text
//! 本文由用户abc上传
//! ```
//! Use instead: delete it.
//!
//! ## Fix safety
//! Unsafe: deletes exactly the matched text (or the line it leaves empty), but a pattern can
//! match anything (`regex = ".+"` matches every line), and a settings file may not be the
//! user's own, so its deletions are applied only with `--unsafe-fixes` (or one quick fix at a
//! time in the editor), never by `--fix` or "fix all". A line whose deletion relies on such a
//! match is unsafe to delete too.
//!
//! Complexity: one scan per configured pattern, O(n · patterns).

use super::Hit;
use crate::analysis::config::Config;
use crate::analysis::diagnostic::{Category, FixAvailability, Severity};
use crate::analysis::registry::RuleMeta;

pub static META: RuleMeta = RuleMeta {
    code: "LEC308",
    name: "custom-boilerplate",
    category: Category::Boilerplate,
    default_severity: Severity::Warning,
    default_enabled: true,
    fix: FixAvailability::Always,
    summary_zh: "用户配置的网页残留模式",
    summary_en: "Text matching a user-configured boilerplate pattern",
};

/// Finds matches of the configured patterns on one line.
pub(crate) fn find(text: &str, config: &Config, hits: &mut Vec<Hit>) {
    for p in &config.extra_boilerplate {
        for m in p.regex.find_iter(text) {
            if m.as_str().trim().is_empty() {
                continue;
            }
            let msg = if p.message.is_empty() { p.name.clone() } else { p.message.clone() };
            let zh = format!("{msg}（自定义规则 {}）", p.name);
            let en = format!("{msg} (custom pattern {})", p.name);
            hits.push(Hit::new(&META, m.start(), m.end(), zh, en));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::config::ExtraPattern;
    use crate::analysis::{analyze, fix_all, Config};

    fn config() -> Config {
        let mut c = Config::default();
        c.extra_boilerplate.push(ExtraPattern {
            name: "upload".into(),
            regex: regex::Regex::new(r"本文由.{1,20}上传").unwrap_or_else(|_| unreachable!()),
            message: "文库上传说明".into(),
        });
        c
    }

    #[test]
    fn flags_configured_pattern_with_its_message() {
        let text = "同志们：今天召开会议。本文由用户abc上传";
        let d = analyze(text, &config()).diagnostics;
        let hit: Vec<_> = d.iter().filter(|d| d.code() == "LEC308").collect();
        assert_eq!(hit.len(), 1);
        assert_eq!(&text[hit[0].range.start..hit[0].range.end], "本文由用户abc上传");
        assert!(hit[0].message.contains("文库上传说明"));
        assert_eq!(fix_all(text, &config(), true).0, "同志们：今天召开会议。");
    }

    #[test]
    fn deletes_line_left_empty() {
        let text = "第一段。\n本文由用户abc上传\n第二段。";
        assert_eq!(fix_all(text, &config(), true).0, "第一段。\n第二段。");
    }

    #[test]
    fn issue_20_a_match_everything_pattern_deletes_nothing_with_safe_fixes() {
        let mut c = Config::default();
        c.extra_boilerplate.push(ExtraPattern {
            name: "all".into(),
            regex: regex::Regex::new(".+").unwrap_or_else(|_| unreachable!()),
            message: String::new(),
        });
        let text = "同志们：\n今天召开会议。\n来源：新华网\n";
        let d = analyze(text, &c).diagnostics;
        assert!(d.iter().filter(|d| d.code() == "LEC308").count() >= 2, "{d:?}");
        assert!(d
            .iter()
            .filter(|d| d.code() == "LEC308")
            .all(|d| d.fix.as_ref().is_some_and(|f| f.applicability == crate::analysis::Applicability::Unsafe)));
        // Safe fixes leave every line the pattern claims; the built-in boilerplate still goes.
        let (fixed, _) = fix_all(text, &c, false);
        assert!(fixed.starts_with("同志们：\n今天召开会议。\n"), "{fixed:?}");
    }

    #[test]
    fn no_diagnostic_without_patterns() {
        let d = analyze("本文由用户abc上传", &Config::default()).diagnostics;
        assert!(d.iter().all(|d| d.code() != "LEC308"));
    }
}
