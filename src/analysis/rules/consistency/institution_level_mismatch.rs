//! LEC502 `institution-level-mismatch`.
//!
//! ## What it does
//! Flags a party or government body whose level does not fit the draft: “旗委” in a county's
//! speech (县 and 旗 exclude each other), or “在县委的坚强领导下” / “贯彻县委、县政府决策部署”
//! in a city's speech (the body the speaker works under is lower than the speaker's own unit).
//!
//! Bodies after a place name (沂水县委) name another unit and are not checked; superiors
//! (省委、市委 in a county's speech) and subordinates mentioned as such (各县委) are fine. A
//! lower body is reported only when the draft's own level is clear (全X/我X at least five
//! times, rankings such as “全市前列” not counted) and the draft names its own level's
//! bodies too (a city's speech names 市委).
//!
//! ## Why is this bad?
//! The body is a trace of the template the draft was adapted from; thanking the wrong
//! committee is the kind of slip an audience remembers.
//!
//! ## Example
//! ```text
//! 全市上下……在县委、县政府的坚强领导下，全市经济稳中向好
//! ```
//! Use instead:
//! ```text
//! 全市上下……在市委、县政府的坚强领导下，全市经济稳中向好
//! ```
//! (and fix the second body the same way.)
//!
//! ## Fix safety
//! Unsafe: replaces the level word (“县” → “市”). A user should look first.
//!
//! Complexity: O(lines) over the line facts; the facts come from one scan per line.

use super::scan::RefKind;
use super::Tally;
use crate::analysis::diagnostic::{Category, Finding, FixAvailability, Severity};
use crate::analysis::pass::DocCtx;
use crate::analysis::registry::RuleMeta;

pub static META: RuleMeta = RuleMeta {
    code: "LEC502",
    name: "institution-level-mismatch",
    category: Category::Consistency,
    default_severity: Severity::Info,
    default_enabled: true,
    fix: FixAvailability::Always,
    summary_zh: "机关名称的层级与全文不符（如市级讲话中的“在县委领导下”）",
    summary_en: "A party or government body of the wrong level for the draft",
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
            let RefKind::Institution { leader } = r.kind else { continue };
            let target = tally.majority_peer(r.level).or_else(|| {
                own.filter(|&o| {
                    leader
                        && r.level.rank() < o.rank()
                        && tally.score(o) >= 5
                        && tally.score(o) >= 3 * tally.score(r.level)
                        && tally.body_count(o) >= 1
                })
            });
            let Some(target) = target else { continue };
            let (n, w, t) = (tally.count(target), r.level.word(), target.word());
            let msg = loc.pick(
                format!("本文 {n} 处为“{t}”，此处为“{w}”级机关：疑为套用其他模板的遗留"),
                format!("the draft calls itself “{t}” {n} times, but names a “{w}” body here: a leftover from another template?"),
            );
            out.push(tally.leftover(&META, loc, line, r, target, msg));
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
    fn flags_county_committee_leading_a_city() {
        let text = "全市上下团结一心。\n在县委的坚强领导下，全市经济稳中向好。\n全市人民共同努力。\n我市干部群众在市委领导下奋斗。\n";
        let d = found(text);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].span.start.line, 1);
        assert!(d[0].message.starts_with("本文 4 处为“市”"), "{}", d[0].message);
        let fixed = d[0].fix.as_ref().map(|f| apply_fixes(text, [f]).0).unwrap_or_default();
        assert!(fixed.contains("在市委的坚强领导下"));
    }

    #[test]
    fn flags_county_decisions_carried_out_by_a_city() {
        let text = "全市上下。全市人民。全市干部。我市群众。在市委领导下，认真贯彻县委、县政府决策部署。";
        assert_eq!(found(text).len(), 2);
        let town = "全镇上下。我镇干部。认真贯彻县委、县政府决策部署，落实县委部署。";
        assert!(found(town).is_empty());
    }

    #[test]
    fn flags_banner_committee_in_county_speech() {
        let text = "全县上下。全县人民。全县干部。认真落实旗委、旗政府部署。";
        assert_eq!(found(text).len(), 2);
    }

    #[test]
    fn no_diagnostic_for_a_district_ranked_within_its_city() {
        let text = "增速居全市前列，总量全市第三，全市第一。按照区委“城市建设年”工作部署，区政府统筹推进。";
        assert!(found(text).is_empty());
        let text = "全市上下。全市人民。全市干部。我市群众。按照区委“城市建设年”工作部署，区政府统筹推进。";
        assert!(found(text).is_empty());
    }

    #[test]
    fn no_diagnostic_for_superiors_in_proper_roles() {
        let text = "认真贯彻省委、市委决策部署，在县委的坚强领导下，全县上下。全县人民。我县干部。县委统战部。";
        assert!(found(text).is_empty());
    }

    #[test]
    fn no_diagnostic_for_subordinates_or_named_units() {
        let text = "全市上下。全市人民。全市干部。各县委、县政府要落实责任，沂水县委高度重视，县委书记要亲自抓。";
        assert!(found(text).is_empty());
    }
}
