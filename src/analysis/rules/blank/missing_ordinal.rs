//! LEC104 `missing-ordinal`.
//!
//! ## What it does
//! Flags 第 with no numeral after it: 「位居全国第，」「第届人民代表大会」「第 季度」.
//!
//! 第 is only ever followed by a numeral (第一, 第十四, 第3, 第几). Flagged when punctuation or
//! what it counts (届, 次, 名, 季度, 批 …) follows it directly; before other text 第 belongs to a
//! name (周士第, 第比利斯) or a word (次第, 门第, recognised by the lexicon).
//!
//! ## Why is this bad?
//! The rank or ordinal was deleted; the sentence has a hole.
//!
//! ## Example
//! ```text
//! 主要经济指标增速位居全市第。
//! ```
//! Use instead: `位居全市第二`.
//!
//! ## Fix safety
//! No fix: only the author knows the figure.
//!
//! Complexity: one pass over the 第 marks the family's scan listed, O(n).

use super::scan::{is_figure, is_placeholder_char, is_space, Scan};
use crate::analysis::diagnostic::{Category, Finding, FixAvailability, Severity, Span};
use crate::analysis::pass::LineCtx;
use crate::analysis::registry::{Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    code: "LEC104",
    name: "missing-ordinal",
    category: Category::Blank,
    default_severity: Severity::Error,
    default_enabled: true,
    fix: FixAvailability::None,
    summary_zh: "“第”后缺少序数",
    summary_en: "第 with no numeral after it",
};

pub(crate) fn check(ctx: &LineCtx, scan: &Scan, out: &mut Vec<Finding>) {
    for i in scan.marks.iter().map(|&m| m as usize) {
        let Some(c) = scan.ch(i) else { continue };
        if c != '第' {
            continue;
        }
        let mut j = i + 1;
        if scan.ch(j).is_some_and(is_space) {
            j += 1;
        }
        let Some(next) = scan.ch(j) else {
            continue; // 第 at the end of a line: the numeral may open the next line
        };
        let next = Some(next);
        if next.is_some_and(|n| is_figure(n) || is_placeholder_char(n) || n.is_ascii_alphanumeric() || n == '几')
            || scan.is_word(i.saturating_sub(1), i + 1)
        {
            continue;
        }
        // The numeral is missing when 第 is followed by punctuation or straight by what it
        // counts (第届, 第季度, 第名); 第 before other text is a name (周士第, 第比利斯).
        let counted = next.is_some_and(|n| {
            !super::scan::is_alnum(n)
                || matches!(
                    n,
                    '届' | '次'
                        | '批'
                        | '个'
                        | '名'
                        | '位'
                        | '季'
                        | '期'
                        | '项'
                        | '条'
                        | '章'
                        | '节'
                        | '款'
                        | '轮'
                        | '阶'
                        | '代'
                        | '号'
                        | '年'
                        | '天'
                        | '场'
                        | '站'
                        | '版'
                        | '页'
                        | '卷'
                        | '部'
                )
        });
        if !counted {
            continue;
        }
        // Before punctuation, 第 must follow what ranks (全国第，位居第。); names end in 第 too
        // (周士第：, 钟思第（英国）).
        let punct = next.is_some_and(|n| !super::scan::is_alnum(n));
        let ranks = scan.before(i).is_some_and(|p| {
            matches!(
                p,
                '国' | '市'
                    | '省'
                    | '县'
                    | '区'
                    | '镇'
                    | '乡'
                    | '村'
                    | '居'
                    | '名'
                    | '列'
                    | '排'
                    | '的'
                    | '位'
                    | '是'
                    | '为'
                    | '于'
                    | '在'
                    | '获'
                    | '得'
                    | '全'
                    | '界'
                    | '球'
                    | '内'
                    | '业'
                    | '系'
                    | '州'
                    | '盟'
                    | '旗'
            )
        });
        if punct && !ranks {
            continue;
        }
        let quote = scan.quote_slot(i + 1);
        let msg =
            ctx.config.locale.pick(format!("此处缺少序数：“{quote}”"), format!("missing ordinal after 第: “{quote}”"));
        let at = scan.byte(i + 1);
        out.push(Finding::new(Rule(&META), Span::in_line(0, at, at), msg));
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{check, check_none};

    const CODE: &str = "LEC104";

    #[test]
    fn flags_ordinal_without_numeral() {
        check(CODE, "主要指标增速位居全国第‸，发展势头良好");
        check(CODE, "在县第‸届人民代表大会上");
    }

    #[test]
    fn no_diagnostic_for_ordinals() {
        for t in [
            "第一，第十四个五年规划，第3季度，第几次，次第展开，书香门第",
            "第 二 次会议",
            "周士第：坚定的无产阶级革命家。钟思第（英国）",
            "第比利斯丝绸之路论坛",
        ] {
            check_none(CODE, t);
        }
    }
}
