//! Inline suppression comments, for Markdown drafts (HTML comments do not print):
//!
//! ```markdown
//! <!-- lectern-disable LEC101 figure-placeholder -->   (codes or names; none = every rule)
//! <!-- lectern-enable -->                               (re-enables what was disabled)
//! <!-- lectern-disable-next-line LEC301 -->
//! ```
//!
//! The directive is parsed per line into a compact fact; the engine applies the directives in
//! one pass over the lines and reports a directive that suppressed nothing (LEC901) and one
//! that names an unknown rule (LEC902). Cost: O(lines + findings), nothing when no line holds a
//! directive.

use super::diagnostic::{Finding, Span};
use super::registry::Rule;
use super::rules::meta;
use super::Config;

pub use super::pass::{Directive, DirectiveKind};

/// Parses a suppression comment on a line, if any.
pub fn parse(line: &str) -> Option<Directive> {
    let open = line.find("<!--")?;
    let rest = line.get(open + 4..)?;
    let close = rest.find("-->")?;
    let body = rest.get(..close)?.trim();
    let end = open + 4 + close + 3;
    let (kind, args) = if let Some(a) = body.strip_prefix("lectern-disable-next-line") {
        (DirectiveKind::DisableNextLine, a)
    } else if let Some(a) = body.strip_prefix("lectern-disable") {
        (DirectiveKind::Disable, a)
    } else if let Some(a) = body.strip_prefix("lectern-enable") {
        (DirectiveKind::Enable, a)
    } else {
        return None;
    };
    if !args.is_empty() && !args.starts_with([' ', '\t', ',', '，']) {
        return None;
    }
    let mut rules = Vec::new();
    let mut unknown = Vec::new();
    for name in args.split([' ', '\t', ',', '，']).filter(|s| !s.is_empty()) {
        match Rule::find(name) {
            Some(r) => rules.push(r),
            None => unknown.push(name.to_string()),
        }
    }
    Some(Directive { kind, rules, unknown, start: u32::try_from(open).ok()?, end: u32::try_from(end).ok()? })
}

/// Removes suppressed findings (sorted by position) and adds LEC901/LEC902 findings.
/// `directives` lists `(line, directive)` in line order.
pub fn apply(findings: &mut Vec<Finding>, directives: &[(u32, &Directive)], config: &Config) {
    if directives.is_empty() {
        return;
    }
    let loc = config.locale;
    let mut used = vec![false; directives.len()];
    // Active block disables: (directive index, rules); "all" when rules is empty.
    let mut active: Vec<(usize, &[Rule])> = Vec::new();
    let mut next_line: Vec<(usize, u32, &[Rule])> = Vec::new();
    let mut di = 0;
    let covers = |rules: &[Rule], r: Rule| rules.is_empty() || rules.contains(&r);
    findings.retain(|f| {
        let line = f.span.start.line;
        while let Some((dl, d)) = directives.get(di) {
            if *dl > line {
                break;
            }
            match d.kind {
                DirectiveKind::Disable => active.push((di, &d.rules)),
                DirectiveKind::Enable => {
                    if d.rules.is_empty() {
                        active.clear();
                    } else {
                        active.retain(|(_, rs)| !rs.iter().all(|r| d.rules.contains(r)));
                    }
                }
                DirectiveKind::DisableNextLine => next_line.push((di, dl.saturating_add(1), &d.rules)),
            }
            di += 1;
        }
        if f.rule.category() == super::Category::Meta {
            return true;
        }
        for &(i, l, rules) in &next_line {
            if l == line && covers(rules, f.rule) {
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
                return false;
            }
        }
        for &(i, rules) in active.iter().rev() {
            if covers(rules, f.rule) {
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
                return false;
            }
        }
        true
    });
    for (i, (line, d)) in directives.iter().enumerate() {
        let span = Span::in_line(*line, d.start as usize, d.end as usize);
        if !d.unknown.is_empty() {
            let names = d.unknown.join("、");
            let msg = loc.pick(
                format!("抑制注释中有未知的规则：{names}"),
                format!("suppression comment names unknown rule(s): {names}"),
            );
            findings.push(Finding::new(Rule(&meta::INVALID_SUPPRESSION), span, msg));
        }
        let unused = d.kind != DirectiveKind::Enable && !used.get(i).copied().unwrap_or(true);
        if unused && config.is_enabled(Rule(&meta::UNUSED_SUPPRESSION)) {
            let msg = loc.pick("此抑制注释没有抑制任何问题，可以删除", "this suppression comment suppresses nothing");
            let fix = super::SpanFix::new(
                loc.pick("删除无用的抑制注释", "Remove the unused suppression"),
                super::Applicability::Unsafe,
            )
            .edit(span, "");
            findings.push(Finding::new(Rule(&meta::UNUSED_SUPPRESSION), span, msg).with_fix(fix));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::{analyze, Config};

    fn codes(text: &str) -> Vec<(u32, &'static str)> {
        analyze(text, &Config::default()).diagnostics.iter().map(|d| (d.span.start.line, d.code())).collect()
    }

    #[test]
    fn disable_next_line_suppresses_only_that_line() {
        let t = "<!-- lectern-disable-next-line LEC102 -->\n占总人口的%。\n占总人口的%。\n";
        assert_eq!(codes(t), [(2, "LEC102")]);
    }

    #[test]
    fn disable_and_enable_bracket_a_region() {
        let t = "<!-- lectern-disable -->\n占总人口的%。\n<!-- lectern-enable -->\n占总人口的%。\n";
        assert_eq!(codes(t), [(3, "LEC102")]);
    }

    #[test]
    fn unused_and_unknown_suppressions_are_reported() {
        let t = "<!-- lectern-disable-next-line LEC102 -->\n一切正常。\n<!-- lectern-disable LEC777 -->\n";
        let c = codes(t);
        assert!(c.contains(&(0, "LEC901")), "{c:?}");
        assert!(c.contains(&(2, "LEC902")), "{c:?}");
    }

    #[test]
    fn ordinary_html_comments_are_not_directives() {
        assert!(super::parse("<!-- 备注 -->").is_none());
        assert!(super::parse("<!-- lectern-disabled -->").is_none());
        assert!(super::parse("<!-- lectern-disable").is_none());
    }
}
