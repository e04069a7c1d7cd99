//! The one way a family's test states what a rule reports and what its fix writes:
//!
//! ```ignore
//! check("figure-placeholder", "增长⟦X⟧%。");          // ⟦…⟧: a finding's span, ‸: an empty one
//! check_fix("glued-list-bullet", "before", "after");  // the rule's fixes, applied once
//! ```
//!
//! and, for a document-level test, which lines a selection of rules reports:
//!
//! ```ignore
//! lines(Select::Category(Category::Boilerplate), text); // 0-based lines, each once
//! ```
//!
//! The unit tests inside the crate use this same file (`analysis::check`).
//!
//! `rule` is a code or a name. Marks are the ones of the `.marked.txt` fixtures: `‸` where a
//! finding covers nothing (a missing figure), `⟦…⟧` around what it covers. Only the named rule
//! is looked at; other rules may report what they like. A failure shows the text marked where
//! the rule did report.

use lectern::analysis::{analyze, apply_fixes, Category, Config, Diagnostic, Rule};

/// Which findings a test looks at: one rule (code or name), a category, or a family (its folder
/// name under `rules/`: `numbering` covers LEC211–215 too). Never a code prefix.
#[derive(Clone, Copy, Debug)]
pub enum Select<'a> {
    Rule(&'a str),
    Category(Category),
    Family(&'a str),
}

impl Select<'_> {
    pub fn matches(&self, d: &Diagnostic) -> bool {
        match *self {
            Select::Rule(name) => d.rule == rule(name),
            Select::Category(c) => d.category() == c,
            Select::Family(f) => lectern::analysis::rules::family_of(d.rule) == Some(f),
        }
    }
}

/// The 0-based lines the selected findings cover with default settings (a span that ends at
/// the start of a line does not cover that line), in order, each once.
pub fn lines(select: Select, text: &str) -> Vec<u32> {
    let mut v: Vec<u32> = analyze(text, &Config::default())
        .diagnostics
        .iter()
        .filter(|d| select.matches(d))
        .flat_map(|d| {
            let (a, b) = (d.span.start.line, d.span.end.line);
            a..=(if b > a && d.span.end.col == 0 { b - 1 } else { b })
        })
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// The marks of a marked text.
pub const MARKS: [char; 3] = ['‸', '⟦', '⟧'];

/// The text without its marks, and the byte ranges (in that text) the marks stand for.
pub fn parse_marked(marked: &str) -> (String, Vec<(usize, usize)>) {
    let mut plain = String::with_capacity(marked.len());
    let mut spans = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for c in marked.chars() {
        match c {
            '‸' => spans.push((plain.len(), plain.len())),
            '⟦' => open.push(plain.len()),
            '⟧' => {
                let start = open.pop().expect("⟧ without ⟦");
                spans.push((start, plain.len()));
            }
            c => plain.push(c),
        }
    }
    assert!(open.is_empty(), "⟦ without ⟧ in {marked:?}");
    spans.sort_unstable();
    (plain, spans)
}

/// `plain` with marks where `spans` are.
pub fn render_marked(plain: &str, spans: &[(usize, usize)]) -> String {
    let mut marks: Vec<(usize, u8, char)> = Vec::new();
    for &(s, e) in spans {
        if s == e {
            marks.push((s, 1, '‸'));
        } else {
            marks.push((s, 2, '⟦'));
            marks.push((e, 0, '⟧'));
        }
    }
    marks.sort_unstable();
    let mut out = String::new();
    let mut at = 0;
    for (pos, _, m) in marks {
        out.push_str(plain.get(at..pos).unwrap_or(""));
        out.push(m);
        at = pos;
    }
    out.push_str(plain.get(at..).unwrap_or(""));
    out
}

fn rule(name: &str) -> Rule {
    Rule::find(name).unwrap_or_else(|| panic!("no rule {name:?}"))
}

/// The findings of `rule` on `text` (default settings with the rule switched on).
pub fn findings(rule_name: &str, text: &str) -> Vec<Diagnostic> {
    let r = rule(rule_name);
    let mut config = Config::default();
    config.set_rule(r.code(), lectern::analysis::config::RuleSetting { enabled: Some(true), severity: None });
    analyze(text, &config).diagnostics.into_iter().filter(|d| d.rule == r).collect()
}

/// `rule` reports exactly the marked spans of `marked`.
#[track_caller]
pub fn check(rule_name: &str, marked: &str) {
    let (plain, want) = parse_marked(marked);
    let mut got: Vec<(usize, usize)> =
        findings(rule_name, &plain).iter().map(|d| (d.range.start, d.range.end)).collect();
    got.sort_unstable();
    assert_eq!(
        render_marked(&plain, &got),
        render_marked(&plain, &want),
        "{rule_name}: reported (left) vs marked (right)"
    );
}

/// Applying every fix `rule` offers on `before` (safe and unsafe, in one pass) gives `after`.
#[track_caller]
pub fn check_fix(rule_name: &str, before: &str, after: &str) {
    let found = findings(rule_name, before);
    assert!(found.iter().any(|d| d.fix.is_some()), "{rule_name} offers no fix on {before:?}");
    let (fixed, _) = apply_fixes(before, found.iter().filter_map(|d| d.fix.as_ref()));
    assert_eq!(fixed, after, "{rule_name}: fixed (left) vs expected (right)");
}
