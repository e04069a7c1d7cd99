//! LEC307 `site-summary`.
//!
//! ## What it does
//! Flags the summary a document site prints above the text: a line that repeats the opening of
//! the next line of the draft and stops short (“在上半年经济形势分析会上的讲话同志们：今天，我们
//! 在这里召开……刚才，发改、” above the full first paragraph). Spaces inserted by PDF
//! extraction are ignored when comparing.
//!
//! ## Why is this bad?
//! The speech would say its opening twice.
//!
//! ## Example
//! ```text
//! 同志们：今天，我们召开全县经济工作会议，主要任务是总结工作、部署任务。刚才，
//! 同志们：今天，我们召开全县经济工作会议，主要任务是总结工作、部署任务。刚才，县发改局作了发言……
//! ```
//! Use instead: keep the second, complete line. A summary is cut at a fixed length, so it
//! never ends a sentence; two whole paragraphs that happen to repeat are not flagged.
//!
//! ## Fix safety
//! Safe: the deleted line is an incomplete copy of the line kept below it.
//!
//! Complexity: each line is compared once with the next line of text through the heads kept
//! in the line facts: O(lines).

use super::doc;
use crate::analysis::diagnostic::{Category, Finding, FixAvailability, Severity};
use crate::analysis::pass::DocCtx;
use crate::analysis::registry::RuleMeta;

pub static META: RuleMeta = RuleMeta {
    code: "LEC307",
    name: "site-summary",
    category: Category::Boilerplate,
    default_severity: Severity::Warning,
    default_enabled: true,
    fix: FixAvailability::Always,
    summary_zh: "网站自动摘要：重复了正文开头",
    summary_en: "A site's auto-summary repeating the opening of the text",
};

/// Characters two lines must share at their start to be one text twice.
const SHARED: usize = 40;

pub(crate) fn check(ctx: &DocCtx, mask: &mut [bool], out: &mut Vec<Finding>) {
    let n = ctx.lines.len();
    for i in 0..n {
        let Some(f) = doc::facts(ctx, i) else { break };
        if doc::is_empty(ctx, i)
            || doc::is_bp(ctx, mask, i)
            || f.title_like
            || usize::from(f.head_chars) < SHARED
            || f.ends_sentence
        {
            continue;
        }
        // The next line of text, past blank lines and page chrome.
        let mut j = i + 1;
        let mut steps = 0;
        while j < n && steps < 4 && (doc::is_empty(ctx, j) || doc::is_bp(ctx, mask, j)) {
            j += 1;
            steps += 1;
        }
        let Some(g) = doc::facts(ctx, j) else { continue };
        if doc::is_empty(ctx, j) || doc::is_bp(ctx, mask, j) || g.compact_bytes <= f.compact_bytes {
            continue;
        }
        let shared = f.head.chars().zip(g.head.chars()).take_while(|(a, b)| a == b).count();
        if shared >= SHARED {
            if let Some(m) = mask.get_mut(i) {
                *m = true;
            }
            out.push(doc::lines_finding(
                ctx,
                &META,
                i,
                i,
                "网站摘要：重复了下一行正文的开头",
                "site summary: repeats the opening of the next line",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::{analyze, Config};

    fn lec307_lines(text: &str) -> Vec<u32> {
        analyze(text, &Config::default())
            .diagnostics
            .iter()
            .filter(|d| d.code() == "LEC307")
            .map(|d| d.span.start.line)
            .collect()
    }

    #[test]
    fn flags_truncated_copy_of_the_opening() {
        let text = "同志们：今天，我们在这里召开上半年经济形势分析会，主要目的是总结分析上半年经济运行情况，全面部署下半年经济工作。刚才，发改、\n同志们： 今天，我们在这里召开上半年经济形势分析会，主要目的是总结分析上半年 经济运行情况，全面部署下半年经济工作。刚才，发改、统计、财政等部门作了分析。";
        assert_eq!(lec307_lines(text), vec![0]);
    }

    #[test]
    fn no_diagnostic_for_a_repeated_whole_paragraph() {
        let p = "当前已进入主汛期，各地各部门要严格落实防汛责任制，加强隐患排查整治，做好物资储备和队伍准备，确保安全度汛。";
        assert!(lec307_lines(&format!("{p}\n{p}")).is_empty());
    }

    #[test]
    fn no_diagnostic_for_different_paragraphs() {
        let text = "今天，我们在这里召开上半年经济形势分析会，主要目的是总结分析上半年经济运行情况。\n今天，我们还要部署下半年的重点工作，确保全年目标任务顺利完成，请大家认真抓好落实。";
        assert!(lec307_lines(text).is_empty());
    }
}
