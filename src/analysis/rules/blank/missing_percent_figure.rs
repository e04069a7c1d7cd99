//! LEC102 `missing-percent-figure`.
//!
//! ## What it does
//! Flags a percent (or per-mille) sign with no figure before it: 「占总人口的%」,
//! 「增长 %」 (the figure deleted and left as a space).
//!
//! Not flagged: a figure or placeholder before the sign (`5.2%`, `77.8 %`, `X%`, reported by
//! LEC101), column headers and units in brackets (`比重(%)`, `（%）`, `单位：%`), URL escapes.
//!
//! ## Why is this bad?
//! The template site deleted the figure; the speaker would read a hole.
//!
//! ## Example
//! ```text
//! 少数民族人口占总人口的%
//! ```
//! Use instead: `占总人口的17.3%`.
//!
//! ## Fix safety
//! No fix: only the author knows the figure.
//!
//! Complexity: one pass over the percent signs the family's scan listed, O(n).

use super::scan::{is_figure, is_placeholder_char, Scan};
use crate::analysis::diagnostic::{Category, Finding, FixAvailability, Severity, Span};
use crate::analysis::pass::LineCtx;
use crate::analysis::registry::{Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    code: "LEC102",
    name: "missing-percent-figure",
    category: Category::Blank,
    default_severity: Severity::Error,
    default_enabled: true,
    fix: FixAvailability::None,
    summary_zh: "百分号前缺少数字",
    summary_en: "A percent sign with no figure before it",
};

pub(crate) fn check(ctx: &LineCtx, scan: &Scan, out: &mut Vec<Finding>) {
    for i in scan.marks.iter().map(|&m| m as usize) {
        let Some(c) = scan.ch(i) else { continue };
        if !matches!(c, '%' | '％' | '‰') {
            continue;
        }
        let (prev, _spaced) = scan.prev_skipping_space(i);
        let p = prev.and_then(|j| scan.ch(j));
        let figure = p.is_some_and(|p| {
            is_figure(p)
                || is_placeholder_char(p)
                || p.is_ascii_alphanumeric()
                || matches!(
                    p,
                    '.' | '．' | '·' | '%' | '％' | '(' | '（' | ')' | '）' | '[' | '【' | '：' | ':' | '/' | '／'
                )
        });
        // URL escapes (%E2%80) and printf-style formats.
        let next_hex = scan.ch(i + 1).is_some_and(|n| n.is_ascii_hexdigit())
            && scan.ch(i + 2).is_some_and(|n| n.is_ascii_hexdigit());
        if figure || next_hex || p.is_some_and(|p| matches!(p, '百' | '千')) {
            continue;
        }
        let quote = scan.quote_slot(i);
        let msg = ctx.config.locale.pick(
            format!("此处缺少百分比数字：“{quote}”"),
            format!("missing figure before the percent sign: “{quote}”"),
        );
        let at = scan.byte(i);
        out.push(Finding::new(Rule(&META), Span::in_line(0, at, at), msg));
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{check, check_none};

    const CODE: &str = "LEC102";

    #[test]
    fn flags_percent_without_figure() {
        check(CODE, "少数民族人口占总人口的‸%，民族团结是基石");
        check(CODE, "全年增长 ‸%；分别增长 ‸%、 ‸%和 ‸%");
        check(CODE, "参保率达‸％，其中");
    }

    #[test]
    fn no_diagnostic_for_real_percentages() {
        for t in [
            "增长5.2%，占比77.8 %，1·8%",
            "比重(%)，增速（%），单位：%",
            "百分之五",
            "增长xx%",
            "访问 https://a.cn/%E2%80%9C",
        ] {
            check_none(CODE, t);
        }
    }
}
