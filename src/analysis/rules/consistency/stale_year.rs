//! LEC503 `stale-year`.
//!
//! ## What it does
//! Flags a year that stands alone as “the current year” (“2019年是…之年”, “做好2019年工作”,
//! “2019年上半年”) in a draft whose other current-year mentions name a later year.
//!
//! It is reported only when all of these hold over the lines that are not boilerplate: the
//! year occurs once in the draft; that occurrence names it as the current year; another year
//! is named as the current one at least twice and is at least two years later; and neither
//! the year before nor the year after occurs (a five-year review that walks through 2019,
//! 2020, 2021… is not a leftover).
//!
//! ## Why is this bad?
//! The draft was adapted from an older template and one year was not updated.
//!
//! ## Example
//! ```text
//! 2019年是决胜全面建成小康社会的关键之年……做好2024年工作……2024年上半年
//! ```
//! Use instead: `2024年是……`.
//!
//! ## Fix safety
//! Unsafe: replaces the year with the draft's current year. A user should look first.
//!
//! Complexity: O(lines + years) over the line facts.

use std::collections::BTreeMap;

use crate::analysis::diagnostic::{Applicability, Category, Finding, FixAvailability, Severity, Span, SpanFix};
use crate::analysis::pass::DocCtx;
use crate::analysis::registry::{Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    code: "LEC503",
    name: "stale-year",
    category: Category::Consistency,
    default_severity: Severity::Info,
    default_enabled: true,
    fix: FixAvailability::Always,
    summary_zh: "孤立的旧年份被当作“今年”（旧模板遗留）",
    summary_en: "An older year named as the current one (template leftover)",
};

pub(crate) fn check(ctx: &DocCtx, out: &mut Vec<Finding>) {
    // year → (all mentions, current-year mentions)
    let mut counts: BTreeMap<u16, (u32, u32)> = BTreeMap::new();
    for (i, l) in ctx.lines.iter().enumerate() {
        if ctx.is_boilerplate(i) {
            continue;
        }
        for y in &l.facts.consistency.years {
            let e = counts.entry(y.year).or_default();
            e.0 += 1;
            if y.current {
                e.1 += 1;
            }
        }
    }
    // The draft's current year: named as current most often (ties: the later), at least twice.
    let Some((&cur, &(_, cur_n))) = counts.iter().filter(|(_, &(_, c))| c >= 2).max_by_key(|(&y, &(_, c))| (c, y))
    else {
        return;
    };
    let _ = cur_n;
    let loc = ctx.config.locale;
    for (i, l) in ctx.lines.iter().enumerate() {
        if ctx.is_boilerplate(i) {
            continue;
        }
        let line = u32::try_from(i).unwrap_or(u32::MAX);
        for y in &l.facts.consistency.years {
            let alone = counts.get(&y.year).is_some_and(|&(n, _)| n == 1);
            if !y.current || !alone || y.year.saturating_add(2) > cur {
                continue;
            }
            // A year next to another mentioned year is part of a sequence (a five-year review).
            let isolated = !counts.contains_key(&y.year.saturating_sub(1)) && !counts.contains_key(&(y.year + 1));
            if !isolated {
                continue;
            }
            let others: u32 = counts.iter().filter(|(&k, _)| k >= cur).map(|(_, &(n, _))| n).sum();
            let msg = loc.pick(
                format!("本文以 {cur} 年为当年（{others} 处 {cur} 年及以后的年份），此处“{}年”孤立出现：疑为旧模板遗留", y.year),
                format!("the draft is about {cur} ({others} mentions of {cur} or later), but “{}年” stands alone here as the current year: a leftover from an older template?", y.year),
            );
            let span = Span::in_line(line, y.start as usize, y.end as usize);
            let fix =
                SpanFix::new(loc.pick(format!("改为“{cur}”"), format!("Replace with “{cur}”")), Applicability::Unsafe)
                    .edit(span, cur.to_string());
            out.push(Finding::new(Rule(&META), span, msg).with_fix(fix));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::{apply_fixes, Diagnostic};

    /// This rule's findings (the shared helper, `analysis::check`).
    fn found(text: &str) -> Vec<Diagnostic> {
        crate::analysis::check::findings(super::META.name, text)
    }

    #[test]
    fn flags_old_year_named_as_current() {
        let text =
            "2019年是决胜全面建成小康社会的关键之年。\n做好2024年工作，意义重大。\n2024年上半年，全县经济稳中向好。\n";
        let d = found(text);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].span.start.line, 0);
        let fixed = d[0].fix.as_ref().map(|f| apply_fixes(text, [f]).0).unwrap_or_default();
        assert!(fixed.starts_with("2024年是决胜"));
    }

    #[test]
    fn no_diagnostic_for_historical_years() {
        let text = "从2019年的3%提升至5%，2018年以来成效明显。\n做好2024年工作。\n2024年上半年，全县经济稳中向好。\n";
        assert!(found(text).is_empty());
    }

    #[test]
    fn no_diagnostic_for_consecutive_review() {
        let text = "2021年是开局之年。2022年是攻坚之年。2023年是关键之年。2024年工作要点。2024年上半年。";
        assert!(found(text).is_empty());
    }

    #[test]
    fn no_diagnostic_for_next_year_plans() {
        let text = "2023年全年，经济增长5%。做好2024年工作。2024年上半年。2023年是关键之年。";
        assert!(found(text).is_empty());
    }
}
