//! LEC108 `lost-text-marker`.
//!
//! ## What it does
//! Flags the marker “〔此处原文缺失约833字〕” (or “〔此处原文缺失〕” when the count is unknown)
//! that lectern's fix for a paywall or truncation note (LEC302) leaves where the site cut the
//! text. It stays an error until the writer restores the missing text, or decides the text is
//! not needed, and deletes the marker.
//!
//! ## Why is this bad?
//! The speech has a hole: a section, a list item or the end of a sentence is missing. Deleting
//! the site's note alone would hide the hole for good, and later fixes (renumbering “三、” to
//! “二、”) would paper over it. The marker keeps it visible, and while it is there the numbering
//! rules treat renumbering next to it as unsafe.
//!
//! ## Example
//! ```text
//! 一是健全领导机制。成立由县委书记、县长任双组长的民族团结进步〔此处原文缺失约1874字〕
//! ```
//! Use instead: restore the missing text from the original, then delete the marker.
//!
//! ## Fix safety
//! No fix: only the writer can restore the text.
//!
//! Complexity: one substring search of the line, O(n).

use crate::analysis::diagnostic::{Category, Finding, FixAvailability, Severity, Span};
use crate::analysis::pass::LineCtx;
use crate::analysis::registry::{Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    code: "LEC108",
    name: "lost-text-marker",
    category: Category::Lost,
    default_severity: Severity::Error,
    default_enabled: true,
    fix: FixAvailability::None,
    summary_zh: "标记的原文缺失处（〔此处原文缺失约N字〕），待补全",
    summary_en: "A marked hole where text was lost (〔此处原文缺失约N字〕), to be restored",
};

const OPEN: &str = "〔此处原文缺失";

/// The marker a fix writes where `missing` characters were cut (0: unknown).
pub(crate) fn marker_text(missing: u32) -> String {
    if missing > 0 {
        format!("〔此处原文缺失约{missing}字〕")
    } else {
        "〔此处原文缺失〕".to_string()
    }
}

/// The markers on a line: byte range and the count it states (0 when none).
fn markers(text: &str) -> impl Iterator<Item = (usize, usize, u32)> + '_ {
    text.match_indices(OPEN).filter_map(move |(at, _)| {
        let rest = text.get(at + OPEN.len()..)?;
        let close = rest.find('〕')?;
        let inner = rest.get(..close)?;
        // nothing but “约N字” (or nothing) between the words and the closing bracket
        let n = match inner.strip_prefix('约').and_then(|s| s.strip_suffix('字')) {
            Some(num) => num.parse::<u32>().ok()?,
            None if inner.is_empty() => 0,
            None => return None,
        };
        Some((at, at + OPEN.len() + close + '〕'.len_utf8(), n))
    })
}

/// The characters the line's markers say are missing: `None` when the line has no marker.
pub(crate) fn missing_in_markers(text: &str) -> Option<u32> {
    if !text.contains(OPEN) {
        return None;
    }
    markers(text).map(|(_, _, n)| n).reduce(u32::saturating_add)
}

pub(crate) fn check(ctx: &LineCtx, out: &mut Vec<Finding>) {
    if !ctx.text.contains(OPEN) {
        return;
    }
    let loc = ctx.config.locale;
    for (s, e, n) in markers(ctx.text) {
        let msg = if n > 0 {
            loc.pick(
                format!("此处原文缺失约{n}字：请补全原文，或确认不需要后删除此标记"),
                format!("about {n} characters of the text are missing here: restore them, or delete the marker"),
            )
        } else {
            loc.pick(
                "此处原文缺失：请补全原文，或确认不需要后删除此标记".to_string(),
                "text is missing here: restore it, or delete the marker".to_string(),
            )
        };
        out.push(Finding::new(Rule(&META), Span::in_line(0, s, e), msg));
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::{analyze, Config, Severity};

    fn lec108(text: &str) -> Vec<(String, Severity)> {
        analyze(text, &Config::default())
            .diagnostics
            .iter()
            .filter(|d| d.code() == "LEC108")
            .map(|d| (text[d.range.start..d.range.end].to_string(), d.severity))
            .collect()
    }

    #[test]
    fn flags_a_marker_with_and_without_a_count_as_an_error() {
        let got = lec108("成立由县委书记任组长的〔此处原文缺失约1874字〕\n一、总体要求\n〔此处原文缺失〕\n");
        assert_eq!(
            got,
            vec![
                ("〔此处原文缺失约1874字〕".to_string(), Severity::Error),
                ("〔此处原文缺失〕".to_string(), Severity::Error)
            ]
        );
        assert_eq!(super::missing_in_markers("甲〔此处原文缺失约12字〕乙〔此处原文缺失〕"), Some(12));
        assert_eq!(super::marker_text(833), "〔此处原文缺失约833字〕");
    }

    #[test]
    fn no_diagnostic_for_other_brackets() {
        assert!(lec108("〔2024〕3号文件；〔此处原文缺失的说明见附件〕").is_empty());
    }
}
