//! Rendering findings for people (text) and programs (JSON).

use std::fmt::Write as _;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::Checked;
use crate::analysis::{Applicability, Category, Diagnostic, Locale};
use crate::text::{Cursor, Encoding, LineIndex, TextRange};

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
    /// The encoding the file was read in: `utf-8`, `gb18030` or `big5`.
    encoding: &'static str,
    /// Word documents: paragraph, part, character offset and context.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    docx: Option<super::docx::JsonPlace>,
}

/// 1-based line and column (Unicode scalar values) of a byte offset; the cursor counts on from
/// the previous offset, so sorted findings on one long line cost O(line) in all.
fn human(cursor: &mut Cursor<'_>, offset: usize) -> (u32, u32) {
    let p = cursor.position(offset);
    (p.line + 1, p.col + 1)
}

/// Starts with one cursor (they come sorted), ends and edits with another (each near its start).
fn human_range(starts: &mut Cursor<'_>, ends: &mut Cursor<'_>, r: TextRange) -> (u32, u32, u32, u32) {
    let (l, c) = human(starts, r.start);
    let (el, ec) = human(ends, r.end);
    (l, c, el, ec)
}

/// One JSON array of every finding, sorted by path then position.
pub fn json(checked: &[Checked]) -> String {
    let mut all = Vec::new();
    for c in checked {
        let idx = LineIndex::new(&c.text);
        let mut starts = Cursor::new(&idx, &c.text, Encoding::Utf32);
        let mut ends = Cursor::new(&idx, &c.text, Encoding::Utf32);
        let mut ends2 = Cursor::new(&idx, &c.text, Encoding::Utf32);
        for d in &c.diagnostics {
            let (line, column, end_line, end_column) = human_range(&mut starts, &mut ends, d.range);
            let fix = d.fix.as_ref().map(|f| JsonFix {
                title: &f.title,
                safe: f.applicability == Applicability::Safe,
                applicability: f.applicability,
                edits: f
                    .edits
                    .iter()
                    .map(|e| {
                        let (line, column, end_line, end_column) = human_range(&mut ends, &mut ends2, e.range);
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
                encoding: super::files::encoding_name(c.encoding),
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

/// How the text report is written.
pub struct TextOptions {
    pub locale: Locale,
    /// Inputs that could not be checked (unreadable, undecodable, missing).
    pub failed: usize,
    /// Findings only: no section headings, no summary.
    pub quiet: bool,
    /// Say which encoding every file was read in (non-UTF-8 files are always named).
    pub verbose: bool,
}

/// The report's sections, most urgent first: blanks, lost text (truncation notes, marked
/// holes, text that ends mid-sentence), numbering, then everything else.
fn section(d: &Diagnostic) -> u8 {
    match d.category() {
        Category::Blank => 0,
        Category::Lost => 1,
        _ if d.rule.name() == "paywall-note" => 1,
        Category::Numbering => 2,
        _ => 3,
    }
}

fn section_title(s: u8, locale: Locale) -> &'static str {
    match (s, locale) {
        (0, Locale::ZhCn) => "空缺",
        (1, Locale::ZhCn) => "缺失的原文",
        (2, Locale::ZhCn) => "序号",
        (_, Locale::ZhCn) => "其他",
        (0, Locale::En) => "blanks",
        (1, Locale::En) => "lost text",
        (2, Locale::En) => "numbering",
        (_, Locale::En) => "other",
    }
}

/// rustc/ruff-style blocks, grouped in sections (blanks, lost text, numbering, other), each in
/// position order: `path:line:col: CODE message`, the source line cut to the finding, a marker
/// under the span (aligned by display width, so it lines up under Chinese characters) and the
/// fix. Findings on the same line share one block.
pub fn text(checked: &[Checked], opts: &TextOptions) -> String {
    let locale = opts.locale;
    let mut out = String::new();
    let mut counts: Vec<(Category, usize)> = Vec::new();
    let mut fixable = 0;
    for c in checked {
        if opts.verbose || c.encoding != encoding_rs::UTF_8 {
            let name = super::files::encoding_name(c.encoding).to_uppercase();
            let _ = writeln!(
                out,
                "{}",
                locale.pick(
                    format!("{}：按 {name} 编码读取，{} 个问题", c.display, c.diagnostics.len()),
                    format!("{}: read as {name}, {} problem(s)", c.display, c.diagnostics.len())
                )
            );
        }
    }
    if !out.is_empty() {
        out.push('\n');
    }
    for c in checked {
        let idx = LineIndex::new(&c.text);
        let mut order: Vec<&Diagnostic> = c.diagnostics.iter().collect();
        order.sort_by_key(|d| section(d));
        let mut current: Option<u8> = None;
        let mut last_line: Option<u32> = None;
        let display = escape_controls(&c.display);
        // A cursor moves forward: each section is in position order, so each gets a new one.
        let mut starts = Cursor::new(&idx, &c.text, Encoding::Utf32);
        for d in order {
            let sec = section(d);
            if current != Some(sec) {
                if current.is_some() {
                    out.push('\n');
                    starts = Cursor::new(&idx, &c.text, Encoding::Utf32);
                }
                if !opts.quiet {
                    let n = c.diagnostics.iter().filter(|x| section(x) == sec).count();
                    let sep = locale.pick("：", ": ");
                    let _ = writeln!(out, "── {display}{sep}{} ({n}) ──", section_title(sec, locale));
                }
                current = Some(sec);
                last_line = None;
            }
            let (line, col) = human(&mut starts, d.range.start);
            if last_line.is_some_and(|l| l != line) {
                out.push('\n');
            }
            last_line = Some(line);
            // Word documents are located by paragraph ("第12段第5字"), text files by line:column.
            let place = c.paragraphs.as_ref().and_then(|m| m.describe(&c.text, d.range.start, locale));
            let place = place.unwrap_or_else(|| format!("{line}:{col}"));
            let _ = writeln!(out, "{}:{}: {} {}", display, place, d.code(), escape_controls(&d.message));
            let span = idx.line((line - 1) as usize);
            let content = c.text.get(span.start..span.content_end).unwrap_or("");
            let s = d.range.start.saturating_sub(span.start).min(content.len());
            let e = d.range.end.saturating_sub(span.start).min(content.len()).max(s);
            let (shown, ms, me) = window(content, s, e);
            // Control characters of the draft (terminal escape sequences) are shown escaped,
            // never sent to the terminal; the marker is measured on what is shown.
            let (pre, mid, post) = (
                escape_controls(shown.get(..ms).unwrap_or("")),
                escape_controls(shown.get(ms..me).unwrap_or("")),
                escape_controls(shown.get(me..).unwrap_or("")),
            );
            let gutter = c.paragraphs.as_ref().and_then(|m| m.gutter(d.range.start, locale));
            let gutter = gutter.unwrap_or_else(|| line.to_string());
            let pad = " ".repeat(UnicodeWidthStr::width(gutter.as_str()));
            let _ = writeln!(out, "{gutter} | {pre}{mid}{post}");
            let lead = UnicodeWidthStr::width(pre.as_ref());
            let width = UnicodeWidthStr::width(mid.as_ref()).max(1);
            let _ = writeln!(out, "{pad} | {}{}", " ".repeat(lead), "^".repeat(width));
            if let Some(f) = &d.fix {
                // A Word document is never modified: its fixes are suggestions to make in Word.
                let word = c.paragraphs.is_some();
                let tag = match (f.applicability, locale) {
                    _ if word => locale.pick("建议修改：", "suggested change: "),
                    (Applicability::Safe, Locale::ZhCn) => "可自动修复：",
                    (Applicability::Safe, Locale::En) => "fixable with --fix: ",
                    (_, Locale::ZhCn) => "可修复（需确认）：",
                    (_, Locale::En) => "fix available (unsafe): ",
                };
                let _ = writeln!(out, "{pad} = {}{}", tag, escape_controls(&f.title));
                if f.applicability == Applicability::Safe && !word {
                    fixable += 1;
                }
            }
            match counts.iter_mut().find(|(k, _)| *k == d.category()) {
                Some((_, n)) => *n += 1,
                None => counts.push((d.category(), 1)),
            }
        }
        if current.is_some() {
            out.push('\n');
        }
    }
    if opts.quiet {
        return out;
    }
    out.push_str(&summary(checked.len(), opts.failed, &counts, fixable, locale));
    out
}

/// The closing lines: how many files were checked, what was found, what could not be checked.
/// Never says “no problems” when a file could not be checked.
fn summary(files: usize, failed: usize, counts: &[(Category, usize)], fixable: usize, locale: Locale) -> String {
    let mut counts = counts.to_vec();
    counts.sort();
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    let mut out = String::new();
    let parts: Vec<String> = counts.iter().map(|(k, n)| format!("{} {n}", category_label(*k, locale))).collect();
    match (locale, total, failed) {
        (Locale::ZhCn, 0, 0) => {
            let _ = writeln!(out, "已检查 {files} 个文件，未发现问题。");
        }
        (Locale::En, 0, 0) => {
            let _ = writeln!(out, "Checked {files} file(s): no problems found.");
        }
        (Locale::ZhCn, 0, _) => {
            let _ = writeln!(out, "已检查 {files} 个文件；{failed} 个文件无法检查（见上方错误），结果不完整。");
        }
        (Locale::En, 0, _) => {
            let _ = writeln!(
                out,
                "Checked {files} file(s); {failed} could not be checked (see the errors above): the result is incomplete."
            );
        }
        (Locale::ZhCn, _, _) => {
            let _ = writeln!(out, "已检查 {files} 个文件，发现 {total} 个问题（{}）。", parts.join("，"));
            if failed > 0 {
                let _ = writeln!(out, "另有 {failed} 个文件无法检查（见上方错误）。");
            }
            if fixable > 0 {
                let _ = writeln!(out, "其中 {fixable} 个可用 --fix 自动修复。");
            }
        }
        (Locale::En, _, _) => {
            let _ = writeln!(out, "Checked {files} file(s): {total} problem(s) ({}).", parts.join(", "));
            if failed > 0 {
                let _ = writeln!(out, "{failed} file(s) could not be checked (see the errors above).");
            }
            if fixable > 0 {
                let _ = writeln!(out, "{fixable} fixable with --fix.");
            }
        }
    }
    out
}

/// Findings per rule, most frequent first, as ruff prints them:
/// `count  code  [*] name`, `[*]` when --fix can fix at least one of them.
fn rule_counts(checked: &[Checked]) -> Vec<(crate::analysis::Rule, usize, usize)> {
    let mut rows: Vec<(crate::analysis::Rule, usize, usize)> = Vec::new();
    for d in checked.iter().flat_map(|c| &c.diagnostics) {
        let safe = usize::from(d.fix.as_ref().is_some_and(|f| f.applicability == Applicability::Safe));
        match rows.iter_mut().find(|(r, _, _)| *r == d.rule) {
            Some((_, n, f)) => {
                *n += 1;
                *f += safe;
            }
            None => rows.push((d.rule, 1, safe)),
        }
    }
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    rows
}

/// `--statistics`: one line per rule.
pub fn statistics(checked: &[Checked], opts: &TextOptions) -> String {
    let rows = rule_counts(checked);
    let width = rows.iter().map(|(_, n, _)| n.to_string().len()).max().unwrap_or(1);
    let mut out = String::new();
    for (rule, n, fixable) in &rows {
        let mark = if *fixable > 0 { "[*] " } else { "    " };
        let _ = writeln!(out, "{n:>width$}\t{}\t{mark}{}", rule.code(), rule.name());
    }
    if !opts.quiet {
        let total: usize = rows.iter().map(|(_, n, _)| n).sum();
        let fixable: usize = rows.iter().map(|(_, _, f)| f).sum();
        let _ = match opts.locale {
            Locale::ZhCn => writeln!(out, "共 {total} 个问题，{fixable} 个可用 --fix 自动修复（[*]）。"),
            Locale::En => writeln!(out, "{total} problem(s), {fixable} fixable with --fix ([*])."),
        };
        if opts.failed > 0 {
            let _ = match opts.locale {
                Locale::ZhCn => writeln!(out, "另有 {} 个文件无法检查（见上方错误）。", opts.failed),
                Locale::En => writeln!(out, "{} file(s) could not be checked (see the errors above).", opts.failed),
            };
        }
    }
    out
}

/// `--statistics --format json`: `[{code, name, count, fixable}]`, most frequent first.
pub fn statistics_json(checked: &[Checked]) -> String {
    let rows: Vec<serde_json::Value> = rule_counts(checked)
        .into_iter()
        .map(|(r, n, f)| serde_json::json!({ "code": r.code(), "name": r.name(), "count": n, "fixable": f }))
        .collect();
    let mut s = serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".to_string());
    s.push('\n');
    s
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
        (Category::Lost, Locale::ZhCn) => "缺文",
        (c, Locale::En) => c.as_str(),
    }
}

/// Cuts a long line to the finding and some context on each side. Returns the shown text and
/// the marker's byte range within it.
fn window(content: &str, s: usize, e: usize) -> (String, usize, usize) {
    // CONTEXT characters back from the finding (not the whole line before it: O(CONTEXT)).
    let start = content[..s].char_indices().rev().nth(CONTEXT - 1).map_or(0, |(i, _)| i);
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
    locale.pick(format!("已修复 {path}：{n} 处"), format!("Fixed {path}: {n} fix(es) applied"))
}

/// `text` with control characters (C0 but tab, DEL, C1 — which includes the escape that
/// starts terminal sequences) and bidirectional-override characters written as `\u{1b}`,
/// so that a draft cannot drive the terminal or reorder what is shown.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        (c.is_control() && c != '\t')
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.contains(bad) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if bad(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_sequences_and_bidi_controls_only() {
        assert_eq!(escape_controls("占\u{1b}[31m红\u{7}"), "占\\u{1b}[31m红\\u{7}");
        assert_eq!(escape_controls("a\u{9b}b\u{202e}c"), "a\\u{9b}b\\u{202e}c");
        assert_eq!(escape_controls("正常\t文字，“引号”"), "正常\t文字，“引号”");
    }

    #[test]
    fn window_keeps_context_characters_on_each_side() {
        let line = "一".repeat(100);
        let (shown, ms, me) = window(&line, 150, 153);
        assert_eq!(shown.chars().filter(|&c| c == '一').count(), CONTEXT * 2 + 1);
        assert_eq!(shown.get(ms..me), Some("一"));
        assert!(shown.starts_with('…') && shown.ends_with('…'));
    }
}
