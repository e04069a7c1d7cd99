//! LEC501 `level-word-mismatch`.
//!
//! ## What it does
//! Flags an administrative-level word that disagrees with the level the draft uses for itself:
//! “全旗” or “与旗开展” in a speech that says “全县” everywhere else (县 and 旗 never contain
//! one another, nor do 乡, 镇 and 街道, nor 州 and 盟), “我镇”/“本乡” in a speech whose own
//! unit is higher (a county's speech calling itself a town), and “全县” in a city's or
//! district's speech that names no county body at all (so the county is not its superior).
//!
//! The draft's own level is counted from 全X, 我X and 本X on the lines that are not
//! boilerplate; the finding is reported only when that majority is clear (at least three
//! uses, and three times the disagreeing word). Superior and subordinate units are not
//! leftovers: a county's speech says 全省, 全市 and 各乡镇 in their proper roles.
//!
//! ## Why is this bad?
//! The word is a trace of the template the draft was adapted from. Read aloud, it tells the
//! audience the speech was written for somewhere else.
//!
//! ## Example
//! ```text
//! 全县民族团结进步工作……组织全旗行政事业单位与社区“结对认亲”
//! ```
//! Use instead:
//! ```text
//! 全县民族团结进步工作……组织全县行政事业单位与社区“结对认亲”
//! ```
//!
//! A level word standing alone after a preposition (“与旗开展…”, “到旗调研”) is most likely a
//! partner unit whose name was stripped (“与某某旗开展”), not a leftover: it is reported as a
//! possible missing name, with no replacement.
//!
//! ## Fix safety
//! Unsafe: replaces the level word with the draft's own (“全旗” → “全县”). A user should look
//! first. No fix for a lone word after a preposition: only the writer knows the missing name.
//!
//! Complexity: O(lines) over the line facts; the facts come from one scan per line.

use super::scan::RefKind;
use super::Tally;
use crate::analysis::diagnostic::{Category, Finding, FixAvailability, Severity};
use crate::analysis::pass::DocCtx;
use crate::analysis::registry::RuleMeta;

pub static META: RuleMeta = RuleMeta {
    code: "LEC501",
    name: "level-word-mismatch",
    category: Category::Consistency,
    default_severity: Severity::Info,
    default_enabled: true,
    fix: FixAvailability::Sometimes,
    summary_zh: "行政层级用词与全文不一致（套用其他模板的遗留）",
    summary_en: "An administrative-level word disagrees with the rest of the draft (template leftover)",
};

pub(crate) fn check(ctx: &DocCtx, tally: &Tally, out: &mut Vec<Finding>) {
    let own = tally.own();
    let loc = ctx.config.locale;
    for (i, l) in ctx.lines.iter().enumerate() {
        if ctx.is_boilerplate(i) {
            continue;
        }
        let line = u32::try_from(i).unwrap_or(u32::MAX);
        for r in &l.facts.consistency.levels {
            if matches!(r.kind, RefKind::Institution { .. }) {
                continue;
            }
            let target = tally
                .majority_peer(r.level)
                .or_else(|| {
                    own.filter(|&o| {
                        r.kind == RefKind::Mine
                            && r.level.rank() < o.rank()
                            && tally.score(o) >= 6
                            && tally.score(o) >= 3 * tally.score(r.level)
                    })
                })
                .or_else(|| if r.kind == RefKind::Whole { tally.city_for_county(r.level) } else { None });
            let Some(target) = target else { continue };
            let (n, w, t) = (tally.count(target), r.level.word(), target.word());
            if r.kind == RefKind::Prep {
                // “与旗开展”: a partner's name stripped before its level word, or a leftover;
                // the writer decides, so no replacement is offered.
                let msg = loc.pick(
                    format!("此处只有“{w}”，前面疑缺名称（如“某某{w}”）；本文 {n} 处为“{t}”，也可能是套用模板的遗留"),
                    format!("a lone “{w}”: a name may be missing before it (the draft says “{t}” {n} times, so it may also be a template leftover)"),
                );
                let span = crate::analysis::diagnostic::Span::in_line(line, r.start as usize, r.end as usize);
                out.push(Finding::new(crate::analysis::registry::Rule(&META), span, msg));
                continue;
            }
            let msg = loc.pick(
                format!("本文 {n} 处为“{t}”，此处为“{w}”：疑为套用其他模板的遗留"),
                format!("the draft calls itself “{t}” {n} times, here “{w}”: a leftover from another template?"),
            );
            out.push(tally.leftover(&META, loc, line, r, target, msg));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::{analyze, apply_fixes, Config, Diagnostic, Locale};

    /// This rule's findings (the shared helper, `analysis::check`).
    fn found(text: &str) -> Vec<Diagnostic> {
        crate::analysis::check::findings(super::META.name, text)
    }

    #[test]
    fn flags_banner_word_in_county_speech() {
        let text =
            "全县上下要团结一心。\n全县各族群众共同发展。\n全县干部要担当作为。\n组织全旗行政事业单位结对认亲。\n";
        let d = found(text);
        assert_eq!(d.len(), 1, "{d:#?}");
        let d = &d[0];
        assert_eq!(d.span.start.line, 3);
        assert_eq!(d.message, "本文 3 处为“县”，此处为“旗”：疑为套用其他模板的遗留");
        assert_eq!(d.related.first().map(|r| (r.range.start, r.message.as_str())), Some((3, "本文第一处“县”")));
        let fix = d.fix.as_ref().map(|f| (f.applicability, apply_fixes(text, [f]).0));
        assert!(matches!(fix, Some((crate::analysis::Applicability::Unsafe, ref t)) if t.contains("组织全县行政")));
    }

    #[test]
    fn issue_17_bare_banner_after_preposition_is_a_possible_missing_name_without_fix() {
        let text = "全县上下。全县各族。我县干部。与旗开展“民族文化交流周”活动。";
        let d = found(text);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(d[0].fix.is_none(), "{d:#?}");
        assert!(d[0].message.contains("疑缺名称"), "{}", d[0].message);
        let (fixed, _) = crate::analysis::fix_all(text, &Config::default(), true);
        assert!(fixed.contains("与旗开展"), "{fixed}");
    }

    #[test]
    fn flags_town_word_in_county_speech() {
        let text = "全县上下。全县各族。我县干部。全县人民。本县干部。我镇将继续努力。";
        let d = found(text);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(d[0].message.contains("此处为“镇”"));
    }

    #[test]
    fn english_message() {
        let text = "全镇上下。全镇各族。我镇干部。全乡人民。";
        let d: Vec<_> = analyze(text, &Config::default().with_locale(Locale::En))
            .diagnostics
            .into_iter()
            .filter(|d| d.code() == "LEC501")
            .collect();
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("“镇” 3 times, here “乡”"), "{}", d[0].message);
    }

    #[test]
    fn flags_county_word_in_district_speech() {
        let text = "全区上下。全区人民。全区干部。我区群众。全区各街道。全县经济平稳运行。";
        let d = found(text);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(d[0].message.starts_with("本文 5 处为“区”，此处为“县”"), "{}", d[0].message);
    }

    #[test]
    fn no_diagnostic_for_development_zone_in_a_county() {
        let text = "全区上下。全区人民。全区干部。我区群众。全区企业。在县委、县政府的坚强领导下，全县经济平稳运行。";
        assert!(found(text).is_empty());
        let city = "全市上下。全市人民。全市干部。我市群众。全市企业。各县（市、区）要落实，全县（市、区）统一行动。";
        assert!(found(city).is_empty());
    }

    #[test]
    fn no_diagnostic_for_superior_and_subordinate_units() {
        let text = "在省委、市委的坚强领导下，全县上下。全市第一。全省领先。全县各乡镇。我县干部。全县人民。XX镇全镇干部群众。";
        assert!(found(text).is_empty());
    }

    #[test]
    fn no_diagnostic_without_a_clear_majority() {
        assert!(found("全县上下，全旗人民。").is_empty());
        assert!(found("全县上下。全县人民。全旗各族。全旗干部。").is_empty());
    }

    #[test]
    fn no_diagnostic_for_towns_told_of_in_a_county_speech() {
        let text = "全县上下。全县人民。我县干部。我县群众。XX镇全镇干部。全镇群众。全镇上下。YY乡全乡干部。";
        assert!(found(text).is_empty());
    }

    #[test]
    fn no_diagnostic_for_named_banner() {
        let text = "全县上下。全县人民。全县干部。与科尔沁右翼中旗开展交流，悬挂道旗，旗帜鲜明。";
        assert!(found(text).is_empty());
    }
}
