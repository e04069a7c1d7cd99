//! Reports for continuous integration: SARIF 2.1.0 (code-scanning tools), GitHub workflow
//! annotation lines, and rdjson (reviewdog). Pure functions from checked files to text.
//!
//! Each function takes the checked files as `(path, text, diagnostics)`: the path as it should
//! appear in the report (relative to the repository root for CI), the text that was checked
//! (to turn byte offsets into lines and columns), and its diagnostics.
//!
//! Columns differ by format, as each format's specification says: SARIF in UTF-16 code units
//! (declared in `columnKind`), GitHub annotations in characters, rdjson in UTF-8 bytes; all
//! 1-based, end positions exclusive.

use std::fmt::Write as _;

use serde_json::{json, Value};

use crate::analysis::registry::Rule;
use crate::analysis::rules::all;
use crate::analysis::stats::{format_count, Stats};
use crate::analysis::{Applicability, Diagnostic, Locale, Severity};
use crate::text::{Cursor, Encoding, LineIndex, TextRange};

/// One checked file: path as reported, text, diagnostics.
pub type FileReport<'a> = (&'a str, &'a str, &'a [Diagnostic]);

const TOOL: &str = "lectern";
const TOOL_URI: &str = "https://github.com/lectern-dev/lectern";

/// 1-based line and column of a byte offset, columns in the cursor's units. The cursor counts
/// on from the offset it converted last, so a long line costs one pass for all its findings,
/// not one per finding. Each report keeps one cursor for findings, one for the edits of their
/// fixes and one for related places, so that each of them walks forwards.
fn pos(cursor: &mut Cursor, offset: usize) -> (u32, u32) {
    let p = cursor.position(offset);
    (p.line + 1, p.col + 1)
}

/// The three cursors of one file's report (see [`pos`]).
struct Cursors<'a> {
    finding: Cursor<'a>,
    edit: Cursor<'a>,
    related: Cursor<'a>,
}

impl<'a> Cursors<'a> {
    fn new(idx: &'a LineIndex, text: &'a str, enc: Encoding) -> Self {
        Cursors {
            finding: Cursor::new(idx, text, enc),
            edit: Cursor::new(idx, text, enc),
            related: Cursor::new(idx, text, enc),
        }
    }
}

/// A path as a SARIF URI reference: forward slashes, no leading `./`, absolute paths as
/// `file://` URIs, everything outside the unreserved set percent-encoded (Chinese file names
/// included).
pub fn path_to_uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let p = p.strip_prefix("./").unwrap_or(&p);
    let (prefix, rest) = if let Some(r) = p.strip_prefix('/') {
        ("file:///", r)
    } else if p.len() > 2 && p.as_bytes().get(1) == Some(&b':') && p.as_bytes().get(2) == Some(&b'/') {
        ("file:///", p) // C:/...
    } else {
        ("", p)
    };
    let mut out = String::from(prefix);
    for b in rest.bytes() {
        if b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/')
            || (b == b':' && !prefix.is_empty())
        {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

fn sarif_region(cursor: &mut Cursor, r: TextRange) -> Value {
    let (sl, sc) = pos(cursor, r.start);
    let (el, ec) = pos(cursor, r.end);
    json!({ "startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec })
}

fn rule_descriptor(rule: Rule, locale: Locale) -> Value {
    let m = rule.meta();
    let fix = match m.fix {
        crate::analysis::diagnostic::FixAvailability::None => "none",
        crate::analysis::diagnostic::FixAvailability::Sometimes => "sometimes",
        crate::analysis::diagnostic::FixAvailability::Always => "always",
    };
    json!({
        "id": m.code,
        "name": m.name,
        "shortDescription": { "text": locale.pick(m.summary_zh, m.summary_en) },
        "fullDescription": { "text": format!("{} / {}", m.summary_zh, m.summary_en) },
        "helpUri": rule.doc_url(),
        "help": { "text": format!("{} — {}", locale.pick(m.summary_zh, m.summary_en), rule.doc_url()) },
        "defaultConfiguration": {
            "level": sarif_level(m.default_severity),
            "enabled": m.default_enabled,
        },
        "properties": {
            "category": m.category.as_str(),
            "tags": [m.category.as_str()],
            "fix": fix,
        },
    })
}

/// A SARIF 2.1.0 log with one run: every rule of the registry as `tool.driver.rules` (so that
/// code-scanning tools can show the rule's description and documentation link) and one result
/// per diagnostic, with its fix as a SARIF `fix` and related places as `relatedLocations`.
pub fn sarif<'a>(files: impl IntoIterator<Item = FileReport<'a>>, locale: Locale) -> String {
    let rules = all();
    let descriptors: Vec<Value> = rules.iter().map(|r| rule_descriptor(*r, locale)).collect();
    let mut artifacts = Vec::new();
    let mut results = Vec::new();
    for (index, (path, text, diagnostics)) in files.into_iter().enumerate() {
        let uri = path_to_uri(path);
        artifacts.push(json!({ "location": { "uri": uri }, "mimeType": "text/plain", "encoding": "utf-8" }));
        let idx = LineIndex::new(text);
        let mut cur = Cursors::new(&idx, text, Encoding::Utf16);
        let artifact = json!({ "uri": uri, "index": index });
        for d in diagnostics {
            let mut region = sarif_region(&mut cur.finding, d.range);
            if let Some(obj) = region.as_object_mut() {
                obj.insert("snippet".into(), json!({ "text": d.range.slice(text) }));
            }
            let mut result = json!({
                "ruleId": d.code(),
                "level": sarif_level(d.severity),
                "message": { "text": d.message },
                "locations": [{ "physicalLocation": { "artifactLocation": artifact, "region": region } }],
                "properties": { "category": d.category().as_str() },
            });
            let obj = result.as_object_mut();
            let Some(obj) = obj else { continue };
            if let Some(i) = rules.iter().position(|r| *r == d.rule) {
                obj.insert("ruleIndex".into(), json!(i));
            }
            if let Some(fix) = d.fix.as_ref().filter(|f| f.applicability != Applicability::DisplayOnly) {
                let replacements: Vec<Value> = fix
                    .edits
                    .iter()
                    .map(|e| {
                        json!({
                            "deletedRegion": sarif_region(&mut cur.edit, e.range),
                            "insertedContent": { "text": e.new_text },
                        })
                    })
                    .collect();
                obj.insert(
                    "fixes".into(),
                    json!([{
                        "description": { "text": fix.title },
                        "artifactChanges": [{ "artifactLocation": artifact, "replacements": replacements }],
                        "properties": { "applicability": applicability(fix.applicability) },
                    }]),
                );
            }
            if !d.related.is_empty() {
                let related: Vec<Value> = d
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        json!({
                            "id": i,
                            "message": { "text": r.message },
                            "physicalLocation": { "artifactLocation": artifact, "region": sarif_region(&mut cur.related, r.range) },
                        })
                    })
                    .collect();
                obj.insert("relatedLocations".into(), Value::Array(related));
            }
            results.push(result);
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": TOOL,
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": TOOL_URI,
                    "rules": descriptors,
                }
            },
            "columnKind": "utf16CodeUnits",
            "artifacts": artifacts,
            "results": results,
        }]
    });
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".to_string());
    s.push('\n');
    s
}

fn applicability(a: Applicability) -> &'static str {
    match a {
        Applicability::Safe => "safe",
        Applicability::Unsafe => "unsafe",
        Applicability::DisplayOnly => "display-only",
    }
}

/// Escapes the message part of a workflow command.
fn gh_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions workflow commands, one line per diagnostic:
/// `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=LEC101 missing-figure::message`.
/// Errors are `error`, warnings `warning`, information and hints `notice`.
pub fn github<'a>(files: impl IntoIterator<Item = FileReport<'a>>) -> String {
    let mut out = String::new();
    for (path, text, diagnostics) in files {
        let idx = LineIndex::new(text);
        let mut cur = Cursor::new(&idx, text, Encoding::Utf32);
        for d in diagnostics {
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Hint => "notice",
            };
            let (l, c) = pos(&mut cur, d.range.start);
            let (el, ec) = pos(&mut cur, d.range.end);
            let title = format!("{} {}", d.code(), d.rule.name());
            let _ = writeln!(
                out,
                "::{level} file={},line={l},col={c},endLine={el},endColumn={ec},title={}::{}",
                gh_property(path.strip_prefix("./").unwrap_or(path)),
                gh_property(&title),
                gh_data(&d.message)
            );
        }
    }
    out
}

fn rd_range(cursor: &mut Cursor, r: TextRange) -> Value {
    let (sl, sc) = pos(cursor, r.start);
    let (el, ec) = pos(cursor, r.end);
    json!({ "start": { "line": sl, "column": sc }, "end": { "line": el, "column": ec } })
}

/// A reviewdog `DiagnosticResult` (rdjson): columns in UTF-8 bytes, fixes (safe and unsafe)
/// as suggestions for the reviewer to accept.
pub fn rdjson<'a>(files: impl IntoIterator<Item = FileReport<'a>>) -> String {
    let mut diagnostics = Vec::new();
    for (path, text, found) in files {
        let idx = LineIndex::new(text);
        let mut cur = Cursors::new(&idx, text, Encoding::Utf8);
        for d in found {
            let severity = match d.severity {
                Severity::Error => "ERROR",
                Severity::Warning => "WARNING",
                Severity::Info | Severity::Hint => "INFO",
            };
            let mut v = json!({
                "message": d.message,
                "location": { "path": path.strip_prefix("./").unwrap_or(path), "range": rd_range(&mut cur.finding, d.range) },
                "severity": severity,
                "code": { "value": d.code(), "url": d.rule.doc_url() },
            });
            if let (Some(fix), Some(obj)) =
                (d.fix.as_ref().filter(|f| f.applicability != Applicability::DisplayOnly), v.as_object_mut())
            {
                let suggestions: Vec<Value> = fix
                    .edits
                    .iter()
                    .map(|e| json!({ "range": rd_range(&mut cur.edit, e.range), "text": e.new_text }))
                    .collect();
                obj.insert("suggestions".into(), Value::Array(suggestions));
            }
            diagnostics.push(v);
        }
    }
    let result = json!({
        "source": { "name": TOOL, "url": TOOL_URI },
        "diagnostics": diagnostics,
    });
    let mut s = serde_json::to_string_pretty(&result).unwrap_or_else(|_| "{}".to_string());
    s.push('\n');
    s
}

/// `lectern stats --format json`: one object per file with the whole speech and each part
/// (lines 1-based, seconds unrounded, `summary` as shown in the editor).
pub fn stats_json<'a>(files: impl IntoIterator<Item = (&'a str, &'a Stats)>, locale: Locale) -> String {
    let out: Vec<Value> = files
        .into_iter()
        .map(|(path, st)| {
            let sections: Vec<Value> = st
                .sections
                .iter()
                .map(|s| {
                    json!({
                        "title": s.title,
                        "level": s.level,
                        "line": s.span.start.line.saturating_add(1),
                        "end_line": s.span.end.line.saturating_add(1),
                        "chars": s.chars,
                        "seconds": s.seconds,
                        "summary": format_count(s.chars, st.rate, locale),
                    })
                })
                .collect();
            json!({
                "path": path,
                "chars": st.chars,
                "seconds": st.seconds,
                "rate": st.rate,
                "summary": st.summary(locale),
                "sections": sections,
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&out).unwrap_or_else(|_| "[]".to_string());
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyze, Config};

    const SEED: &str = include_str!("../../tests/fixtures/consistency/scraped-speech.txt");

    fn seed() -> Vec<Diagnostic> {
        analyze(SEED, &Config::default()).diagnostics
    }

    #[test]
    fn stats_json_has_every_section() {
        let cfg = Config::default();
        let st = crate::analysis::stats::stats(SEED, &cfg);
        let v: Value = serde_json::from_str(&stats_json([("seed.txt", &st)], Locale::ZhCn)).unwrap_or(Value::Null);
        assert_eq!(v[0]["chars"], st.chars);
        assert_eq!(v[0]["sections"].as_array().map(Vec::len), Some(st.sections.len()));
        let sum: u64 = v[0]["sections"].as_array().map_or(0, |a| a.iter().filter_map(|s| s["chars"].as_u64()).sum());
        assert_eq!(sum, u64::from(st.chars));
        assert!(v[0]["summary"].as_str().is_some_and(|s| s.starts_with("全文 ")));
    }

    #[test]
    fn uris_are_escaped_references() {
        assert_eq!(path_to_uri("./drafts/讲话 稿.txt"), "drafts/%E8%AE%B2%E8%AF%9D%20%E7%A8%BF.txt");
        assert_eq!(path_to_uri("/tmp/a.txt"), "file:///tmp/a.txt");
        assert_eq!(path_to_uri("C:\\x\\a.txt"), "file:///C:/x/a.txt");
    }

    #[test]
    fn sarif_has_rules_results_and_fixes() {
        let d = seed();
        let log: Value = serde_json::from_str(&sarif([("drafts/seed.txt", SEED, d.as_slice())], Locale::ZhCn))
            .unwrap_or(Value::Null);
        let run = &log["runs"][0];
        assert_eq!(log["version"], "2.1.0");
        assert_eq!(run["tool"]["driver"]["rules"].as_array().map(Vec::len), Some(all().len()));
        let results = run["results"].as_array().cloned().unwrap_or_default();
        assert_eq!(results.len(), d.len());
        // Every result's rule index points at its rule.
        for r in &results {
            let i = r["ruleIndex"].as_u64().unwrap_or(u64::MAX) as usize;
            assert_eq!(run["tool"]["driver"]["rules"][i]["id"], r["ruleId"]);
        }
        let leftover = results.iter().find(|r| r["ruleId"] == "LEC501").cloned().unwrap_or(Value::Null);
        let region = &leftover["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startLine"], 50);
        assert_eq!(region["snippet"]["text"], "旗");
        assert_eq!(leftover["level"], "note");
        assert_eq!(leftover["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"], "县");
    }

    #[test]
    fn github_lines_escape_and_map_levels() {
        let d = seed();
        let out = github([("a,b:c.txt", SEED, d.as_slice())]);
        assert_eq!(out.lines().count(), d.len());
        let line = out.lines().find(|l| l.contains("LEC501")).unwrap_or_default();
        assert!(line.starts_with("::notice file=a%2Cb%3Ac.txt,line=50,col="), "{line}");
        assert!(line.contains(",title=LEC501 level-word-mismatch::本文"), "{line}");
        // Character columns, 1-based: 旗 follows 全.
        let l50 = SEED.lines().nth(49).unwrap_or("");
        let before_quan = l50.find("全旗").map_or(0, |b| l50.get(..b).unwrap_or("").chars().count());
        assert!(line.contains(&format!("col={},endLine=50,endColumn={}", before_quan + 2, before_quan + 3)), "{line}");
        assert_eq!(gh_data("50%\n下一行"), "50%25%0A下一行");
    }

    /// The cursors give the columns `LineIndex::position` gives, in every format, for findings,
    /// fix edits and related places alike (one long line with many findings, CRLF lines,
    /// characters outside the BMP).
    #[test]
    fn incremental_columns_agree_with_line_index() {
        let text = format!(
            "{}\r\n一、总体要求\r\n三、具体任务\r\n𠀀共有个民族,占%。\n{}",
            "共有个民族,占总人口的%，XX县，".repeat(40),
            SEED
        );
        let d = analyze(&text, &Config::default()).diagnostics;
        assert!(d.len() > 100 && d.iter().any(|x| !x.related.is_empty()));
        let idx = LineIndex::new(&text);
        let at = |o: usize, enc| {
            let p = idx.position(&text, o, enc);
            (u64::from(p.line) + 1, u64::from(p.col) + 1)
        };
        let num = |v: &Value| v.as_u64().unwrap_or(0);
        let log: Value =
            serde_json::from_str(&sarif([("a.txt", text.as_str(), d.as_slice())], Locale::ZhCn)).unwrap_or(Value::Null);
        let results = log["runs"][0]["results"].as_array().cloned().unwrap_or_default();
        assert_eq!(results.len(), d.len());
        let region =
            |r: &Value| ((num(&r["startLine"]), num(&r["startColumn"])), (num(&r["endLine"]), num(&r["endColumn"])));
        let range = |r: TextRange, enc| (at(r.start, enc), at(r.end, enc));
        for (r, x) in results.iter().zip(&d) {
            assert_eq!(region(&r["locations"][0]["physicalLocation"]["region"]), range(x.range, Encoding::Utf16));
            if let Some(fix) = &x.fix {
                for (k, e) in fix.edits.iter().enumerate() {
                    let rep = &r["fixes"][0]["artifactChanges"][0]["replacements"][k]["deletedRegion"];
                    assert_eq!(region(rep), range(e.range, Encoding::Utf16));
                }
            }
            for (k, rel) in x.related.iter().enumerate() {
                let reg = &r["relatedLocations"][k]["physicalLocation"]["region"];
                assert_eq!(region(reg), range(rel.range, Encoding::Utf16));
            }
        }
        let gh = github([("a.txt", text.as_str(), d.as_slice())]);
        for (line, x) in gh.lines().zip(&d) {
            let ((l, c), (el, ec)) = range(x.range, Encoding::Utf32);
            assert!(line.contains(&format!(",line={l},col={c},endLine={el},endColumn={ec},")), "{line}");
        }
        let rd: Value = serde_json::from_str(&rdjson([("a.txt", text.as_str(), d.as_slice())])).unwrap_or(Value::Null);
        let pos = |p: &Value| (num(&p["line"]), num(&p["column"]));
        for (r, x) in rd["diagnostics"].as_array().cloned().unwrap_or_default().iter().zip(&d) {
            let loc = &r["location"]["range"];
            assert_eq!((pos(&loc["start"]), pos(&loc["end"])), range(x.range, Encoding::Utf8));
            if let Some(fix) = x.fix.as_ref().filter(|f| f.applicability != Applicability::DisplayOnly) {
                for (k, e) in fix.edits.iter().enumerate() {
                    let s = &r["suggestions"][k]["range"];
                    assert_eq!((pos(&s["start"]), pos(&s["end"])), range(e.range, Encoding::Utf8));
                }
            }
        }
    }

    #[test]
    fn rdjson_uses_utf8_byte_columns() {
        let text = "全县上下。全县人民。全县干部。全旗各族。\n";
        let d = analyze(text, &Config::default()).diagnostics;
        let v: Value = serde_json::from_str(&rdjson([("x.txt", text, d.as_slice())])).unwrap_or(Value::Null);
        let first =
            v["diagnostics"].as_array().and_then(|a| a.iter().find(|x| x["code"]["value"] == "LEC501")).cloned();
        let first = first.unwrap_or(Value::Null);
        let col = text.find("旗").unwrap_or(0) + 1;
        assert_eq!(first["location"]["range"]["start"]["column"], col);
        assert_eq!(first["location"]["range"]["end"]["column"], col + 3);
        assert_eq!(first["severity"], "INFO");
        assert_eq!(first["suggestions"][0]["text"], "县");
        assert_eq!(v["source"]["name"], "lectern");
    }
}
