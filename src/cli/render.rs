//! Rendering findings for people (text) and programs (JSON).

use std::fmt::Write as _;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::Checked;
use crate::analysis::{Applicability, Category, Locale};
use crate::text::{Encoding, LineIndex, TextRange};

#[derive(Serialize)]
struct JsonEdit<'a> {
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    new_text: &'a str,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    title: &'a str,
    safe: bool,
    applicability: Applicability,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    path: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    code: &'static str,
    name: &'static str,
    category: &'static str,
    severity: &'static str,
    message: &'a str,
    fix: Option<JsonFix<'a>>,
    /// Word documents: paragraph, part, character offset and context.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    docx: Option<super::docx::JsonPlace>,
}

/// 1-based line and column (Unicode scalar values) of a byte offset.
fn human(idx: &LineIndex, text: &str, offset: usize) -> (u32, u32) {
    let p = idx.position(text, offset, Encoding::Utf32);
    (p.line + 1, p.col + 1)
}

fn human_range(idx: &LineIndex, text: &str, r: TextRange) -> (u32, u32, u32, u32) {
    let (l, c) = human(idx, text, r.start);
    let (el, ec) = human(idx, text, r.end);
    (l, c, el, ec)
}

/// One JSON array of every finding, sorted by path then position.
pub fn json(checked: &[Checked]) -> String {
    let mut all = Vec::new();
    for c in checked {
        let idx = LineIndex::new(&c.text);
        for d in &c.diagnostics {
            let (line, column, end_line, end_column) = human_range(&idx, &c.text, d.range);
            let fix = d.fix.as_ref().map(|f| JsonFix {
                title: &f.title,
                safe: f.applicability == Applicability::Safe,
                applicability: f.applicability,
                edits: f
                    .edits
                    .iter()
                    .map(|e| {
                        let (line, column, end_line, end_column) = human_range(&idx, &c.text, e.range);
                        JsonEdit { line, column, end_line, end_column, new_text: &e.new_text }
                    })
                    .collect(),
            });
            all.push(JsonFinding {
                path: &c.display,
                line,
                column,
                end_line,
                end_column,
                code: d.code(),
                name: d.rule.name(),
                category: d.category().as_str(),
                severity: d.severity.as_str(),
                message: &d.message,
                fix,
                docx: c.paragraphs.as_ref().and_then(|m| m.json_place(&c.text, d.range.start, d.range.end)),
            });
        }
    }
    let mut s = serde_json::to_string_pretty(&all).unwrap_or_else(|_| "[]".to_string());
    s.push('\n');
    s
}

/// Characters of context shown on each side of a finding in a long line.
const CONTEXT: usize = 24;

/// rustc/ruff-style blocks: `path:line:col: CODE message`, the source line, a marker under
/// the span (aligned by display width, so it lines up under Chinese characters).
pub fn text(checked: &[Checked], locale: Locale) -> String {
    let mut out = String::new();
    let mut counts: Vec<(Category, usize)> = Vec::new();
    let mut fixable = 0;
    for c in checked {
        let idx = LineIndex::new(&c.text);
        for d in &c.diagnostics {
            let (line, col) = human(&idx, &c.text, d.range.start);
            // Word documents are located by paragraph ("第12段第5字"), text files by line:column.
            let place = c.paragraphs.as_ref().and_then(|m| m.describe(&c.text, d.range.start, locale));
            let place = place.unwrap_or_else(|| format!("{line}:{col}"));
            let _ = writeln!(out, "{}:{}: {} {}", c.display, place, d.code(), d.message);
            let span = idx.line((line - 1) as usize);
            let content = c.text.get(span.start..span.content_end).unwrap_or("");
            let s = d.range.start.saturating_sub(span.start).min(content.len());
            let e = d.range.end.saturating_sub(span.start).min(content.len()).max(s);
            let (shown, ms, me) = window(content, s, e);
            let gutter = c.paragraphs.as_ref().and_then(|m| m.gutter(d.range.start, locale));
            let gutter = gutter.unwrap_or_else(|| line.to_string());
            let pad = " ".repeat(UnicodeWidthStr::width(gutter.as_str()));
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{gutter} | {shown}");
            let lead = UnicodeWidthStr::width(shown.get(..ms).unwrap_or(""));
            let width = UnicodeWidthStr::width(shown.get(ms..me).unwrap_or("")).max(1);
            let _ = writeln!(out, "{pad} | {}{}", " ".repeat(lead), "^".repeat(width));
            if let Some(f) = &d.fix {
                // A Word document is never modified: its fixes are suggestions to make in Word.
                let word = c.paragraphs.is_some();
                let tag = match (f.applicability, locale) {
                    _ if word => locale.pick("建议修改", "suggested change"),
                    (Applicability::Safe, Locale::ZhCn) => "可自动修复",
                    (Applicability::Safe, Locale::En) => "fixable with --fix",
                    (_, Locale::ZhCn) => "可修复（需确认）",
                    (_, Locale::En) => "fix available (unsafe)",
                };
                let _ = writeln!(out, "{pad} = {}：{}", tag, f.title);
                if f.applicability == Applicability::Safe && !word {
                    fixable += 1;
                }
            }
            out.push('\n');
            match counts.iter_mut().find(|(k, _)| *k == d.category()) {
                Some((_, n)) => *n += 1,
                None => counts.push((d.category(), 1)),
            }
        }
    }
    counts.sort();
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    let files = checked.len();
    if total == 0 {
        let _ = writeln!(
            out,
            "{}",
            locale.pick(
                &format!("已检查 {files} 个文件，未发现问题。"),
                &format!("Checked {files} file(s): no problems found.")
            )
        );
        return out;
    }
    let parts: Vec<String> = counts.iter().map(|(k, n)| format!("{} {n}", category_label(*k, locale))).collect();
    match locale {
        Locale::ZhCn => {
            let _ = writeln!(out, "已检查 {files} 个文件，发现 {total} 个问题（{}）。", parts.join("，"));
            if fixable > 0 {
                let _ = writeln!(out, "其中 {fixable} 个可用 --fix 自动修复。");
            }
        }
        Locale::En => {
            let _ = writeln!(out, "Checked {files} file(s): {total} problem(s) ({}).", parts.join(", "));
            if fixable > 0 {
                let _ = writeln!(out, "{fixable} fixable with --fix.");
            }
        }
    }
    out
}

pub fn category_label(c: Category, locale: Locale) -> &'static str {
    match (c, locale) {
        (Category::Blank, Locale::ZhCn) => "空缺",
        (Category::Numbering, Locale::ZhCn) => "序号",
        (Category::Boilerplate, Locale::ZhCn) => "抓取残留",
        (Category::Punctuation, Locale::ZhCn) => "标点",
        (Category::Consistency, Locale::ZhCn) => "前后不一",
        (Category::Length, Locale::ZhCn) => "篇幅",
        (Category::Meta, Locale::ZhCn) => "配置",
        (c, Locale::En) => c.as_str(),
    }
}

/// Cuts a long line to the finding and some context on each side. Returns the shown text and
/// the marker's byte range within it.
fn window(content: &str, s: usize, e: usize) -> (String, usize, usize) {
    let before: Vec<(usize, char)> = content[..s].char_indices().collect();
    let start = before.len().checked_sub(CONTEXT).and_then(|i| before.get(i)).map_or(0, |(i, _)| *i);
    let after_end = content[e..].char_indices().nth(CONTEXT).map_or(content.len(), |(i, _)| e + i);
    let mut shown = String::new();
    let mut offset = 0;
    if start > 0 {
        shown.push('…');
        offset = '…'.len_utf8();
    }
    shown.push_str(&content[start..after_end]);
    let (ms, mut me) = (s - start + offset, e - start + offset);
    if me == ms {
        // An empty span (a deleted figure): mark the character after it, or the one before.
        me = shown[ms..].chars().next().map_or(ms, |c| ms + c.len_utf8());
        if me == ms && (after_end < content.len() || start > 0 || !shown.is_empty()) {
            shown.push(' ');
            me = ms + 1;
        }
    }
    if after_end < content.len() {
        shown.push('…');
    }
    (shown, ms, me)
}

/// The line printed after fixing a file.
pub fn fixed_line(path: &str, n: usize, locale: Locale) -> String {
    locale.pick(&format!("已修复 {path}：{n} 处"), &format!("Fixed {path}: {n} fix(es) applied")).to_string()
}
