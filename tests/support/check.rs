//! The one way a family's test states what a rule reports and what its fix writes:
//!
//! ```ignore
//! check("figure-placeholder", "增长⟦X⟧%。");          // ⟦…⟧: a finding's span, ‸: an empty one
//! check_fix("glued-list-bullet", "before", "after");  // the rule's fixes, applied once
//! ```
//!
//! `rule` is a code or a name. Marks are the ones of the `.marked.txt` fixtures: `‸` where a
//! finding covers nothing (a missing figure), `⟦…⟧` around what it covers. Only the named rule
//! is looked at; other rules may report what they like. A failure shows the text marked where
//! the rule did report.

use lectern::analysis::{analyze, apply_fixes, Config, Diagnostic, Rule};

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
