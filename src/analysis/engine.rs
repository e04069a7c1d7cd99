//! The pipeline: a per-line pass whose results are kept per line (keyed by the line's
//! content), then document passes over the compact per-line facts.
//!
//! Why per line: an edit touches one or a few lines. Keeping each line's findings and facts
//! means an edit re-runs the local rules on the touched lines only; the document passes
//! (boilerplate blocks, heading structure, enumerations, consistency counts) read the facts,
//! which are small, never the raw text. `analyze` runs the same code from scratch.

use std::sync::Arc;

use super::config::Config;
use super::diagnostic::{Category, Finding};
use super::outline::OutlineItem;
use super::rules;

/// What the local pass sees: one line's content (without its line end).
pub struct LineCtx<'a> {
    pub text: &'a str,
    pub config: &'a Config,
}

/// Everything derived from one line alone.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LineResult {
    /// Findings at line 0, byte columns within the line.
    pub findings: Vec<Finding>,
    pub facts: rules::LineFacts,
}

/// What the document passes see.
pub struct DocCtx<'a> {
    pub lines: &'a [Arc<LineResult>],
    pub config: &'a Config,
    /// The content of a line (rarely needed: prefer facts).
    pub line_text: &'a dyn Fn(usize) -> String,
    /// `true` for lines that are wholly boilerplate (known after the boilerplate pass; empty
    /// before it).
    pub boilerplate_lines: &'a [bool],
}

impl DocCtx<'_> {
    pub fn is_boilerplate(&self, line: usize) -> bool {
        self.boilerplate_lines.get(line).copied().unwrap_or(false)
    }
    pub fn facts(&self, line: usize) -> Option<&rules::LineFacts> {
        self.lines.get(line).map(|l| &l.facts)
    }
}

/// The result of the document passes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DocResult {
    pub findings: Vec<Finding>,
    pub outline: Vec<OutlineItem>,
    pub boilerplate_lines: Vec<bool>,
}

/// Runs the local rules on one line.
pub fn analyze_line(text: &str, config: &Config) -> LineResult {
    let ctx = LineCtx { text, config };
    let mut findings = Vec::new();
    let facts = rules::check_line(&ctx, &mut findings);
    if !config.ignore_phrases.is_empty() {
        findings.retain(|f| !in_ignored_phrase(text, f, config));
    }
    LineResult { findings, facts }
}

fn in_ignored_phrase(text: &str, f: &Finding, config: &Config) -> bool {
    let (s, e) = (f.span.start.col as usize, f.span.end.col as usize);
    config.ignore_phrases.iter().filter(|p| !p.is_empty()).any(|p| {
        text.match_indices(p.as_str())
            .any(|(at, m)| at <= s && e <= at + m.len() && f.span.start.line == f.span.end.line)
    })
}

/// Runs the document passes over per-line results.
pub fn analyze_document<'a>(
    lines: &'a [Arc<LineResult>],
    config: &'a Config,
    line_text: &'a dyn Fn(usize) -> String,
) -> DocResult {
    analyze_document_opts(lines, config, line_text, true)
}

/// [`analyze_document`], building the outline only when `with_outline` (the language server
/// publishes findings on every keystroke and needs the outline only when asked for it).
pub fn analyze_document_opts<'a>(
    lines: &'a [Arc<LineResult>],
    config: &'a Config,
    line_text: &'a dyn Fn(usize) -> String,
    with_outline: bool,
) -> DocResult {
    let mut findings = Vec::new();
    let ctx = DocCtx { lines, config, line_text, boilerplate_lines: &[] };
    let mut mask = rules::boilerplate::check_document(&ctx, &mut findings);
    mask.resize(lines.len(), false);
    for (i, l) in lines.iter().enumerate() {
        if l.facts.boilerplate.whole_line {
            if let Some(m) = mask.get_mut(i) {
                *m = true;
            }
        }
    }
    let ctx = DocCtx { lines, config, line_text, boilerplate_lines: &mask };
    rules::check_document_after_boilerplate(&ctx, &mut findings);
    let outline = if with_outline { rules::numbering::outline(&ctx) } else { Vec::new() };
    DocResult { findings, outline, boilerplate_lines: mask }
}

/// Puts local and document findings together: moves local findings to their lines, drops
/// findings inside boilerplate (a blank in a site's footer is not the speech's blank), drops
/// disabled rules, applies configured severities, sorts by position then code.
pub fn assemble(lines: &[Arc<LineResult>], doc: &DocResult, config: &Config) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    // Inline boilerplate spans per line, to drop findings that fall inside them.
    for (i, l) in lines.iter().enumerate() {
        let masked = doc.boilerplate_lines.get(i).copied().unwrap_or(false);
        let line = u32::try_from(i).unwrap_or(u32::MAX);
        let bp_spans: Vec<(u32, u32)> = l
            .findings
            .iter()
            .filter(|f| f.rule.category() == Category::Boilerplate && config.is_enabled(f.rule))
            .map(|f| (f.span.start.col, f.span.end.col))
            .collect();
        for f in &l.findings {
            let cat = f.rule.category();
            if cat != Category::Boilerplate {
                if masked {
                    continue;
                }
                if bp_spans.iter().any(|&(s, e)| s <= f.span.start.col && f.span.end.col <= e) {
                    continue;
                }
            }
            out.push(f.clone().at_line_offset(line));
        }
    }
    out.extend(doc.findings.iter().cloned());
    out.retain(|f| config.is_enabled(f.rule));
    for f in &mut out {
        f.severity = config.severity(f.rule);
    }
    out.sort_by(|a, b| a.span.cmp(&b.span).then_with(|| a.rule.cmp(&b.rule)));
    out.dedup();
    out
}
