//! LEC110 `possible-blank`.
//!
//! ## What it does
//! Flags a place where a figure or a name seems to have been deleted with nothing (or a
//! space) left, judged by a learned model rather than by a pattern: 「总投资达 万元」,
//! 「新增规上企业家」, 「分别下降、。」, 「近年来，镇在县委的领导下」. The model scores candidate
//! gaps — before units, measure words, administrative suffixes and titles; at spaces inside
//! Chinese text; after prepositions; between two clause marks — from the characters on both
//! sides, their classes and whether they form words of the lexicon. It was trained on pages
//! of template sites with their blanks marked and on finished prose with figures and names
//! deleted the way template sites delete them (see the README, “Detection models”).
//!
//! Off by default (enable it in `lectern.toml`: `[rules.LEC110] enabled = true`): at the
//! precision it must keep, the current model adds almost nothing on sites held out of
//! training, and scoring every candidate gap is costly.
//!
//! It only adds what the other blank rules do not report: a gap within one character of
//! another blank finding on the line is left to that rule. Its threshold was chosen for
//! precision on sites held out of training.
//!
//! ## Why is this bad?
//! A deleted value leaves a sentence that reads as if it were complete; reading it aloud
//! exposes the hole.
//!
//! ## Example
//! ```text
//! 全年新增规上企业家，总投资达 万元。
//! ```
//! Use instead: `全年新增规上企业12家，总投资达3.5万元。`
//!
//! ## Fix safety
//! No fix: only the author knows the value.
//!
//! Complexity: one pass over the line's characters for the candidates, then about twenty
//! weight look-ups per candidate, O(n).

use crate::analysis::diagnostic::{Category, Finding, FixAvailability, Severity, Span};
use crate::analysis::learn;
use crate::analysis::pass::LineCtx;
use crate::analysis::registry::{Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    code: "LEC110",
    name: "possible-blank",
    category: Category::Blank,
    default_severity: Severity::Warning,
    // Off by default: at the precision it must keep, the model adds almost nothing on held-out
    // sites yet, and scoring every candidate gap costs a quarter of `lectern check`'s time.
    default_enabled: false,
    fix: FixAvailability::None,
    summary_zh: "此处可能删去了数字或名称",
    summary_en: "A figure or a name may have been deleted here",
};

/// Reports the model's gaps on a line, away from the blank findings already made on it
/// (`found`, byte spans) and from a slot at the line's start (`start_slot`).
pub(crate) fn check(ctx: &LineCtx, found: &[(u32, u32)], start_slot: bool, out: &mut Vec<Finding>) {
    let w = learn::gap_model();
    let t = learn::thresholds().gap;
    if !w.is_loaded() || !t.is_finite() || !ctx.config.is_enabled(Rule(&META)) {
        return;
    }
    let text = ctx.text;
    // char index → byte offset
    let mut offsets: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    offsets.push(text.len());
    let cs: Vec<char> = text.chars().collect();
    let char_of = |byte: u32| offsets.partition_point(|&b| b < byte as usize);
    let mut taken: Vec<(usize, usize)> = found.iter().map(|&(s, e)| (char_of(s), char_of(e))).collect();
    if start_slot {
        taken.push((0, 1));
    }
    let loc = ctx.config.locale;
    for (s, e, _) in learn::gap::find(&w, t, &cs, &taken) {
        let (Some(&bs), Some(&be)) = (offsets.get(s), offsets.get(e)) else { continue };
        let quote: String = cs.get(s.saturating_sub(3)..(e + 3).min(cs.len())).unwrap_or(&[]).iter().collect();
        let msg = match loc {
            crate::analysis::Locale::ZhCn => format!("「{quote}」此处可能删去了数字或名称"),
            crate::analysis::Locale::En => format!("a figure or a name may have been deleted here: 「{quote}」"),
        };
        out.push(Finding::new(Rule(&META), Span::in_line(0, bs, be), msg));
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::{analyze, Config};

    fn codes(text: &str) -> Vec<(&'static str, u32)> {
        analyze(text, &Config::default()).diagnostics.iter().map(|d| (d.code(), d.span.start.col)).collect()
    }

    #[test]
    fn finished_prose_has_no_possible_blank() {
        let text = "今年以来，全市上下认真贯彻落实党的二十大精神，地区生产总值增长5.3%，新增规上企业12家。\n我代表市人民政府，向大会报告工作，请予审议。";
        assert!(codes(text).iter().all(|(c, _)| *c != "LEC110"), "{:?}", codes(text));
    }

    #[test]
    fn never_duplicates_a_rule_finding() {
        // 「生产总值 亿元」 is the missing-figure rule's; the model must not report it again.
        let text = "全县实现地区生产总值 亿元，同比增长 %。";
        let c = codes(text);
        let other: Vec<u32> = c.iter().filter(|(k, _)| *k != "LEC110").map(|(_, col)| *col).collect();
        for (_, col) in c.iter().filter(|(k, _)| *k == "LEC110") {
            assert!(other.iter().all(|o| o.abs_diff(*col) > 6), "{c:?}");
        }
    }
}
