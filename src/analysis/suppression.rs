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
//! that names an unknown rule (LEC902). Cost: O(lines + findings + directives), nothing when no
//! line holds a directive (see [`Active`] for `lectern-enable RULES`).

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
    let mut active = Active::default();
    // Disable-next-line directives for the current finding's line (pruned as lines advance).
    let mut next_line: Vec<(usize, u32, &[Rule])> = Vec::new();
    let mut di = 0;
    let covers = |rules: &[Rule], r: Rule| rules.is_empty() || rules.contains(&r);
    findings.retain(|f| {
        let line = f.span.start.line;
        while let Some((dl, d)) = directives.get(di) {
            if *dl > line {
                break;
            }
            // A directive that names only unknown rules suppresses nothing (it is not “all”).
            let only_unknown = d.rules.is_empty() && !d.unknown.is_empty();
            match d.kind {
                _ if only_unknown => {}
                DirectiveKind::Disable => active.disable(di, &d.rules),
                DirectiveKind::Enable => active.enable(&d.rules),
                DirectiveKind::DisableNextLine => next_line.push((di, dl.saturating_add(1), &d.rules)),
            }
            di += 1;
        }
        if f.rule.category() == super::Category::Meta {
            return true;
        }
        if next_line.first().is_some_and(|&(_, l, _)| l < line) {
            next_line.retain(|&(_, l, _)| l >= line);
        }
        for &(i, l, rules) in &next_line {
            if l == line && covers(rules, f.rule) {
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
                return false;
            }
        }
        if let Some(i) = active.latest_covering(f.rule) {
            if let Some(u) = used.get_mut(i) {
                *u = true;
            }
            return false;
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
        // Reported once: a directive naming only unknown rules is LEC902, not LEC902 and LEC901.
        let only_unknown = d.rules.is_empty() && !d.unknown.is_empty();
        let unused = d.kind != DirectiveKind::Enable && !only_unknown && !used.get(i).copied().unwrap_or(true);
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

/// The block disables in force, indexed so that each finding and each directive costs O(1)
/// (amortised), whatever the number of unclosed `lectern-disable` comments: a stack of directive
/// indices per rule named (and one for "every rule"), with removed directives skipped lazily, and
/// the directives grouped by the set of rules they name, for `lectern-enable RULES` (which ends
/// every disable whose rules it all names). An enable costs O(distinct rule sets in force).
#[derive(Default)]
struct Active<'a> {
    every: Vec<usize>,
    by_rule: std::collections::HashMap<Rule, Vec<usize>>,
    by_set: std::collections::HashMap<&'a [Rule], Vec<usize>>,
    removed: std::collections::HashSet<usize>,
}

impl<'a> Active<'a> {
    fn disable(&mut self, i: usize, rules: &'a [Rule]) {
        if rules.is_empty() {
            self.every.push(i);
        }
        for r in rules {
            self.by_rule.entry(*r).or_default().push(i);
        }
        self.by_set.entry(rules).or_default().push(i);
    }

    fn enable(&mut self, rules: &[Rule]) {
        if rules.is_empty() {
            self.every.clear();
            self.by_rule.clear();
            self.by_set.clear();
            self.removed.clear();
            return;
        }
        // A disable ends when the enable names all of its rules (a disable of every rule too).
        let ended: Vec<&'a [Rule]> =
            self.by_set.keys().filter(|set| set.iter().all(|r| rules.contains(r))).copied().collect();
        for set in ended {
            if let Some(list) = self.by_set.remove(set) {
                self.removed.extend(list);
            }
        }
    }

    /// The most recent disable in force that covers `rule`.
    fn latest_covering(&mut self, rule: Rule) -> Option<usize> {
        let removed = &self.removed;
        let top = |stack: &mut Vec<usize>| {
            while stack.last().is_some_and(|i| removed.contains(i)) {
                stack.pop();
            }
            stack.last().copied()
        };
        let every = top(&mut self.every);
        let named = self.by_rule.get_mut(&rule).and_then(top);
        every.max(named)
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
    fn issue_17_an_unknown_rule_is_reported_once_and_suppresses_nothing() {
        let t = "<!-- lectern-disable-next-line LEC777 -->\n占总人口的%。\n";
        assert_eq!(codes(t), [(0, "LEC902"), (1, "LEC102")]);
    }

    #[test]
    fn ordinary_html_comments_are_not_directives() {
        assert!(super::parse("<!-- 备注 -->").is_none());
        assert!(super::parse("<!-- lectern-disabled -->").is_none());
        assert!(super::parse("<!-- lectern-disable").is_none());
    }
}
