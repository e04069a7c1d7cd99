//! LEC309 `boilerplate-line`.
//!
//! ## What it does
//! Flags a whole line that a learned model judges to be the web page's rather than the
//! speech's, when no other boilerplate rule has claimed it: upload panels one field per line
//! (「VIP免费下载」, 「1.35MB」, 「共18页」), membership prompts in words no pattern knows,
//! navigation bars of short items, compilation headers (「篇二」), editorial blurbs, anti-copy
//! ASCII junk, share bars on portals.
//!
//! The model reads each line's shape (length, character classes, punctuation and function-word
//! density, end mark, separators, URL, phone, date, size and page-count shapes), hashed
//! character n-grams of its start and end, its neighbours' shape, its place in the document and
//! whether it repeats; a two-state smoothing along the document keeps the speech one block.
//! A line the numbering family reads as a heading (一、 （一） 1.) or a salutation (同志们：)
//! is left alone: it is the speech's own structure.
//!
//! It was trained on labelled pages of template sites, document libraries, forums and portals,
//! and its thresholds were chosen for precision on sites held out of training (see the README,
//! “Detection models”).
//!
//! ## Why is this bad?
//! Page debris pasted with the speech would be read out or printed with it.
//!
//! ## Example
//! ```text
//! VIP免费下载
//! 共18页
//! 同志们：今天我们召开全县安全生产工作会议……
//! ```
//! Use instead: keep only the speech.
//!
//! ## Fix safety
//! Unsafe: deletes the line, and a model can be wrong about a short line of the speech; the
//! fix is offered, applied only on request (`--unsafe-fixes`).
//!
//! Complexity: the line's three partial scores come from the local pass (a few hundred weight
//! look-ups per line); the document pass adds them up and smooths them, O(lines).

use super::doc;
use crate::analysis::diagnostic::{Applicability, Category, Finding, FixAvailability, Severity, Span, SpanFix};
use crate::analysis::learn;
use crate::analysis::pass::DocCtx;
use crate::analysis::registry::{Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    code: "LEC309",
    name: "boilerplate-line",
    category: Category::Boilerplate,
    default_severity: Severity::Warning,
    default_enabled: true,
    fix: FixAvailability::Always,
    summary_zh: "这一行像是网页残留（模型判断）",
    summary_en: "This line looks like web page debris (model)",
};

/// The partial scores of a line for the document pass (see [`learn::line`]).
pub(crate) fn score(text: &str) -> learn::line::LineScore {
    learn::line::score_line(&learn::line_model(), text)
}

/// Flags the lines the model judges boilerplate that no other rule claimed, and marks them.
pub(crate) fn check(ctx: &DocCtx, mask: &mut [bool], out: &mut Vec<Finding>) {
    if !ctx.config.is_enabled(Rule(&META)) {
        return;
    }
    let parts: Vec<Option<learn::line::LineScore>> = (0..ctx.lines.len())
        .map(|i| match doc::facts(ctx, i) {
            Some(f) if !doc::is_empty(ctx, i) => Some(f.model),
            _ => None,
        })
        .collect();
    // The lines the other rules claimed (wholly or in part) are evidence for their neighbours.
    let ruled: Vec<bool> = (0..ctx.lines.len())
        .map(|i| doc::is_bp(ctx, mask, i) || doc::facts(ctx, i).is_some_and(|f| f.any_hit))
        .collect();
    let verdict = learn::boilerplate_lines(&parts, &ruled);
    let loc = ctx.config.locale;
    for (i, &is) in verdict.iter().enumerate() {
        if !is || doc::is_bp(ctx, mask, i) || doc::facts(ctx, i).is_some_and(|f| f.any_hit) {
            continue;
        }
        // A numbered heading (一、 （一） 1.) or a salutation is the speech's own structure.
        if ctx.facts(i).is_some_and(|f| f.numbering.heading.is_some() || f.numbering.salutation) {
            continue;
        }
        // The user's own lectern directives (<!-- lectern-disable … -->) are not debris.
        let text = (ctx.line_text)(i);
        if text.trim_start().starts_with("<!--") && text.contains("lectern-") {
            continue;
        }
        let end = ctx.lines.get(i).map_or(0, |l| l.facts.bytes);
        let line = doc::line32(i);
        let span = Span::in_line(line, 0, end as usize);
        let fix = SpanFix::new(loc.pick("删除网页残留行", "Remove scraped line"), Applicability::Unsafe)
            .edit(Span::lines(line, line), "");
        out.push(
            Finding::new(
                Rule(&META),
                span,
                loc.pick("这一行像是网页残留，不是讲话内容", "this line looks like web page debris, not the speech"),
            )
            .with_fix(fix),
        );
        if let Some(m) = mask.get_mut(i) {
            *m = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::{analyze, Config};

    #[test]
    fn a_finished_speech_has_no_model_boilerplate() {
        let text = "同志们：\n今天，我们召开全县安全生产工作会议，主要任务是总结去年工作，部署今年任务。\n一、提高认识，增强做好安全生产工作的责任感\n安全生产事关人民群众生命财产安全，事关改革发展稳定大局。各级各部门要始终把安全生产摆在重要位置。";
        let d = analyze(text, &Config::default()).diagnostics;
        assert!(d.iter().all(|d| d.code() != "LEC309"), "{d:?}");
    }

    #[test]
    fn never_flags_a_line_another_rule_claimed() {
        let text = "来源：人民网\n同志们：\n今天，我们召开全县安全生产工作会议，主要任务是总结去年工作，部署今年任务。";
        let d = analyze(text, &Config::default()).diagnostics;
        let lines: Vec<(u32, &str)> = d.iter().filter(|d| d.span.start.line == 0).map(|d| (0, d.code())).collect();
        assert!(lines.iter().all(|(_, c)| *c != "LEC309"), "{lines:?}");
    }
}
