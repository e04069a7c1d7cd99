//! Rule documentation is generated from each rule file's `//!` doc comment into
//! `docs/rules/CODE.md` (plus an index, `docs/rules/README.md`), and kept in sync by this test:
//! it fails when a committed page differs from what the sources say. Regenerate with
//!
//! ```text
//! UPDATE_DOCS=1 cargo test --test rule_docs
//! ```
//!
//! The generator knows no rule by name: it takes every rule of `rules::all()` and finds the
//! file under `src/analysis/rules/` whose `META` declares that code, so rules added later are
//! picked up as they come.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use lectern::analysis::diagnostic::FixAvailability;
use lectern::analysis::registry::Rule;
use lectern::analysis::rules::all;

/// The sections every rule's doc comment must have (see the helper brief and style notes).
const REQUIRED: [&str; 4] = ["## What it does", "## Why is this bad?", "## Example", "## Fix safety"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// Code → (file, doc lines) for every rule under `src/analysis/rules/`: every
/// `static …: RuleMeta = RuleMeta { … code: "LEC…" … }`. The doc is the `///` comment right
/// above the `static` when it has one (several rules in one file), else the file's `//!`
/// comment (one rule per file, the usual case).
fn rule_sources() -> BTreeMap<String, (PathBuf, Vec<String>)> {
    let re = regex::Regex::new(r#"(?s)static\s+\w+\s*:\s*RuleMeta\s*=\s*RuleMeta\s*\{[^}]*?\bcode\s*:\s*"(LEC\d{3})""#)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut files = Vec::new();
    rust_files(&root().join("src/analysis/rules"), &mut files);
    let mut map = BTreeMap::new();
    for f in files {
        let Ok(src) = fs::read_to_string(&f) else { continue };
        for c in re.captures_iter(&src) {
            let code = c.get(1).map_or("", |m| m.as_str()).to_string();
            let at = c.get(0).map_or(0, |m| m.start());
            let item = item_doc(src.get(..at).unwrap_or(""));
            let doc = if item.iter().any(|l| l.starts_with("## ")) { item } else { module_doc(&src) };
            let prev = map.insert(code.clone(), (f.clone(), doc));
            assert!(prev.is_none(), "two rule files declare {code}: {:?} and {f:?}", prev.map(|p| p.0));
        }
    }
    map
}

fn strip_marker(line: &str, marker: &str) -> String {
    let l = line.trim_start().trim_start_matches(marker);
    l.strip_prefix(' ').unwrap_or(l).to_string()
}

/// The leading `//!` lines of a source file, without the markers.
fn module_doc(src: &str) -> Vec<String> {
    src.lines().take_while(|l| l.trim_start().starts_with("//!")).map(|l| strip_marker(l, "//!")).collect()
}

/// The `///` lines right above the item that `before` ends in front of (attributes and the
/// item's own first line — `pub static` — are skipped).
fn item_doc(before: &str) -> Vec<String> {
    let mut lines: Vec<&str> = before.lines().collect();
    // The item's line itself (“pub static META: …”) up to the match.
    if lines.last().is_some_and(|l| !l.trim_start().starts_with("///")) {
        lines.pop();
    }
    let mut doc: Vec<String> = lines
        .iter()
        .rev()
        .skip_while(|l| l.trim_start().starts_with("#["))
        .take_while(|l| l.trim_start().starts_with("///"))
        .map(|l| strip_marker(l, "///"))
        .collect();
    doc.reverse();
    doc
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

fn fix_word(f: FixAvailability) -> &'static str {
    match f {
        FixAvailability::None => "none",
        FixAvailability::Sometimes => "sometimes",
        FixAvailability::Always => "always",
    }
}

fn relative(p: &Path) -> String {
    p.strip_prefix(root()).unwrap_or(p).to_string_lossy().replace('\\', "/")
}

/// The page of one rule.
fn page(rule: Rule, file: &Path, doc: &[String]) -> String {
    let m = rule.meta();
    // The first line is the title line “LEC501 `level-word-mismatch`.”; the page has its own
    // title, and keeps what follows the name on that line (“: a comment that …”).
    let mut lines = doc.iter().map(String::as_str).skip_while(|l| l.trim().is_empty());
    let title_line = lines.next().unwrap_or("");
    let prefix = format!("{} `{}`", m.code, m.name);
    let tail = title_line.strip_prefix(&prefix).unwrap_or("").trim_start_matches([':', '：', '.', '。', ' ']).trim();
    let body: Vec<&str> = lines.skip_while(|l| l.trim().is_empty()).collect();
    let mut s = String::new();
    let _ = writeln!(s, "<!-- Generated by tests/rule_docs.rs from {}; do not edit. -->", relative(file));
    let _ = writeln!(s, "# {} `{}`\n", m.code, m.name);
    let _ = writeln!(s, "{}\n\n{}\n", m.summary_zh, m.summary_en);
    let _ = writeln!(s, "| | |\n|---|---|");
    let _ = writeln!(s, "| Code | `{}` |", m.code);
    let _ = writeln!(s, "| Name | `{}` |", m.name);
    let _ = writeln!(s, "| Category | {} |", m.category.as_str());
    let _ = writeln!(s, "| Default severity | {} |", m.default_severity.as_str());
    let _ = writeln!(s, "| Enabled by default | {} |", yes_no(m.default_enabled));
    let _ = writeln!(s, "| Fix | {} |", fix_word(m.fix));
    let _ = writeln!(s, "| Source | `{}` |\n", relative(file));
    if !tail.is_empty() {
        let _ = writeln!(s, "{}\n", capitalize(tail));
    }
    let mut after_heading = false;
    for l in body {
        // A blank line after each heading, as Markdown linters expect.
        if after_heading && !l.trim().is_empty() {
            s.push('\n');
        }
        after_heading = l.starts_with('#');
        s.push_str(l.trim_end());
        s.push('\n');
    }
    while s.ends_with("\n\n") {
        s.pop();
    }
    s
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// Text for a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

/// The index of all rules.
fn index() -> String {
    let mut s = String::new();
    let _ = writeln!(s, "<!-- Generated by tests/rule_docs.rs; do not edit. -->");
    let _ = writeln!(s, "# lectern rules\n");
    let _ = writeln!(s, "| Code | Name | Category | Default severity | Fix | Summary |");
    let _ = writeln!(s, "|---|---|---|---|---|---|");
    for r in all() {
        let m = r.meta();
        let _ = writeln!(
            s,
            "| [{0}]({0}.md) | `{1}` | {2} | {3} | {4} | {5} / {6} |",
            m.code,
            m.name,
            m.category.as_str(),
            m.default_severity.as_str(),
            fix_word(m.fix),
            cell(m.summary_zh),
            cell(m.summary_en)
        );
    }
    s
}

/// Every page that should exist: file name → content.
fn expected() -> BTreeMap<String, String> {
    let sources = rule_sources();
    let mut pages = BTreeMap::new();
    for r in all() {
        let (file, doc) = sources
            .get(r.code())
            .unwrap_or_else(|| panic!("no file under src/analysis/rules declares a RuleMeta with code {}", r.code()));
        pages.insert(format!("{}.md", r.code()), page(*r, file, doc));
    }
    pages.insert("README.md".to_string(), index());
    pages
}

#[test]
fn rule_docs_are_in_sync() {
    let dir = root().join("docs/rules");
    let pages = expected();
    let update = std::env::var_os("UPDATE_DOCS").is_some_and(|v| !v.is_empty() && v != "0");
    let mut stale = Vec::new();
    for (name, content) in &pages {
        let path = dir.join(name);
        if fs::read_to_string(&path).ok().as_deref() != Some(content.as_str()) {
            if update {
                fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{dir:?}: {e}"));
                fs::write(&path, content).unwrap_or_else(|e| panic!("{path:?}: {e}"));
            } else {
                stale.push(name.clone());
            }
        }
    }
    // Pages of codes that no longer exist (codes are never reused, so this is a mistake).
    if let Ok(entries) = fs::read_dir(&dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if name.ends_with(".md") && !pages.contains_key(&name) {
                if update {
                    let _ = fs::remove_file(e.path());
                } else {
                    stale.push(format!("{name} (no such rule)"));
                }
            }
        }
    }
    assert!(
        stale.is_empty(),
        "docs/rules is out of date: {stale:?}\nregenerate with: UPDATE_DOCS=1 cargo test --test rule_docs"
    );
}

#[test]
fn every_rule_doc_has_the_required_sections() {
    let sources = rule_sources();
    let mut missing = Vec::new();
    for r in all() {
        let Some((file, doc)) = sources.get(r.code()) else {
            missing.push(format!("{}: no rule file", r.code()));
            continue;
        };
        let first = doc.iter().find(|l| !l.trim().is_empty()).cloned().unwrap_or_default();
        if !first.starts_with(&format!("{} `{}`", r.code(), r.name())) {
            missing.push(format!(
                "{}: first doc line should be “{} `{}`.”, is “{first}”",
                relative(file),
                r.code(),
                r.name()
            ));
        }
        for section in REQUIRED {
            if !doc.iter().any(|l| l.trim() == section) {
                missing.push(format!("{}: no “{section}”", relative(file)));
            }
        }
        if !doc.iter().any(|l| l.starts_with("Complexity:")) {
            missing.push(format!("{}: no “Complexity:” line", relative(file)));
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
}

#[test]
fn pages_come_from_the_doc_comment() {
    // The generator can fail: a page carries the doc comment's text and the rule's metadata.
    let pages = expected();
    for r in all() {
        let p = pages.get(&format!("{}.md", r.code())).cloned().unwrap_or_default();
        assert!(p.contains(&format!("# {} `{}`", r.code(), r.name())));
        assert!(p.contains("## What it does"), "{}", r.code());
        assert!(p.contains(r.meta().summary_zh));
    }
}

#[test]
fn several_rules_in_one_file_use_their_own_comments() {
    let src = "//! Family 9xx.\n\nuse x;\n\n/// LEC901 `unused-suppression`: a comment that suppressed nothing.\n///\n/// ## What it does\n/// Flags it.\n#[allow(dead_code)]\npub static UNUSED: RuleMeta = RuleMeta {\n    code: \"LEC901\",\n};\n\n/// LEC902 `invalid-suppression`.\n///\n/// ## What it does\n/// Flags that.\npub static INVALID: RuleMeta = RuleMeta {\n    code: \"LEC902\",\n};\n";
    let at = |code: &str| {
        src.find(&format!("code: \"{code}\"")).and_then(|i| src.get(..i)).and_then(|s| s.rfind("static")).unwrap_or(0)
    };
    let first = item_doc(src.get(..at("LEC901")).unwrap_or(""));
    assert_eq!(
        first.first().map(String::as_str),
        Some("LEC901 `unused-suppression`: a comment that suppressed nothing.")
    );
    assert!(first.iter().any(|l| l == "Flags it."));
    let second = item_doc(src.get(..at("LEC902")).unwrap_or(""));
    assert_eq!(second, vec!["LEC902 `invalid-suppression`.", "", "## What it does", "Flags that."]);
    assert_eq!(module_doc(src), vec!["Family 9xx."]);
}
