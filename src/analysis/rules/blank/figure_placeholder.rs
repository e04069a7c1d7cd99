//! LEC101 `figure-placeholder`.
//!
//! ## What it does
//! Flags placeholder characters standing where a figure belongs: `X亿元`, `xx%`, `x.x%`,
//! `*%`, `带动*人`, `20XX年`, `202x年x月x日`, `20**年`, `XX 亿元`, `____`, and empty brackets before a
//! unit (`增长（  ）%`, reported by the bracket scan of LEC106's file).
//!
//! A run of placeholder characters (X x × * _ □ ○ ☆, with digits before it as in `20XX` and a
//! decimal point inside as in `x.x`) is one blank. It is a figure when it holds a digit or a
//! decimal point, or when a unit, `%`, a date character or a measure word follows it (a space
//! between is allowed); otherwise it stands for a name (LEC106). A lone tilde between two
//! Chinese words stands for a deleted year (「总结~的工作」「签订~度目标」); a tilde between
//! figures is a range (3~5年). Letters of ASCII words (XML,
//! iPhone X), multiplication signs between figures (3×5), X光/X射线 and separator lines
//! (`***`) are not placeholders. Nor are one-character symbols of finished prose: a lone X
//! on its line (a table's mark), × and * in a formula (a line with =), a footnote star
//! (`提升*（%）`, `*注：`), a variable (`X坐标`, `用X代表`, `车与X（人、车、路）`, `1＋N＋X`), and
//! names made of figures and one letter (`“415X”`, `3D`).
//!
//! ## Why is this bad?
//! Read aloud, the speaker says "叉叉" or stops mid-sentence.
//!
//! ## Example
//! ```text
//! 园区预计实现工业总产值xx亿元，同比增长xx%
//! ```
//! Use instead: fill in the figures (`68.5亿元`, `12.3%`).
//!
//! ## Fix safety
//! No fix: only the author knows the figure.
//!
//! Complexity: the runs are found in the family's single scan of the line; classifying one
//! looks at the next two characters, O(n).

use super::scan::{is_space, Run, Scan};
use super::units;
use crate::analysis::diagnostic::{Category, Finding, FixAvailability, Severity, Span};
use crate::analysis::pass::LineCtx;
use crate::analysis::registry::{Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    code: "LEC101",
    name: "figure-placeholder",
    category: Category::Blank,
    default_severity: Severity::Error,
    default_enabled: true,
    fix: FixAvailability::None,
    summary_zh: "占位符（X、*、×、_）代替了数字",
    summary_en: "A placeholder (X, *, ×, _) stands where a figure belongs",
};

/// Whether the run is a part of a slash date (`201X/X/XX`, `2024/X/5`): a slash on one side
/// with a digit or placeholder beyond it.
fn in_slash_date(scan: &Scan, run: &Run) -> bool {
    let datey = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || super::scan::is_placeholder_char(c));
    (run.start >= 2 && scan.before(run.start) == Some('/') && datey(scan.before(run.start - 1)))
        || (scan.ch(run.end) == Some('/') && datey(scan.ch(run.end + 1)))
}

/// Whether a placeholder run stands for a figure (rather than a name).
pub fn run_is_figure(scan: &Scan, run: &Run) -> bool {
    // A lone tilde stands for a deleted year or figure (「总结~的工作」「签订~度目标」).
    if run.has_digit || scan.slice(run.start, run.end).contains(['.', '．', '~', '～']) || in_slash_date(scan, run) {
        return true;
    }
    let mut j = run.end;
    if scan.ch(j).is_some_and(is_space) {
        j += 1;
    }
    let rest = scan.text.get(scan.byte(j)..).unwrap_or("");
    let Some(c) = rest.chars().next() else { return false };
    if matches!(
        c,
        '%' | '％' | '‰' | '年' | '月' | '日' | '号' | '倍' | '余' | '多' | '万' | '亿' | '届' | '季' | '周' | '岁'
    ) {
        return true;
    }
    if units::unit_at(rest).is_some() {
        // 「XX 工程」「X副市长」 are names; 「X个」「*起事故」「X人」 are figures. A measure word
        // that begins a word (个人, 项目, 名单) does not make the run a figure.
        let two = rest.chars().take(2).collect::<String>();
        return !(two.chars().count() == 2
            && super::lexicon::is_word(&two)
            && units::unit_at(&two).is_none_or(|(n, _)| n != 2));
    }
    false
}

/// A one-character run that finished prose uses as a symbol, not a placeholder: a cell mark
/// alone on its line (「X」; a lone 「*」 stays a placeholder), a multiplication sign in a formula (「人次数×天数」 on a line
/// with 「＝」), a footnote mark (「提升*（%）」, 「*注：」), a variable (「X坐标」, 「用X代表」,
/// 「车与X（人、车、路）」, 「N个…X个…“1＋N＋X”」), and names of a figure and a letter
/// (「“415X”工程」, 「3D建模」).
fn is_symbol(scan: &Scan, run: &Run) -> bool {
    let slot = scan.slice(run.start, run.end);
    let before = run.start.checked_sub(1).and_then(|j| scan.ch(j));
    let after = scan.ch(run.end);
    let rest = scan.text.get(scan.byte(run.end)..).unwrap_or("");
    if run.has_digit {
        // 「“415X”」, 「3D」: two or more digits and one letter, closed by a quote, or a digit and D.
        let letters = slot.chars().filter(char::is_ascii_alphabetic).count();
        let digits = slot.chars().filter(char::is_ascii_digit).count();
        let quoted = matches!(before, Some('“' | '"' | '「')) && matches!(after, Some('”' | '"' | '」'));
        return letters == 1 && (digits >= 2 && quoted || digits == 1 && slot.ends_with('D'));
    }
    if slot.chars().count() != 1 {
        return false;
    }
    let c = slot.chars().next().unwrap_or(' ');
    if scan.text.trim() == slot && matches!(c, 'X' | 'x') {
        return true;
    }
    if matches!(c, '×' | '*' | '＊') && scan.text.contains(['=', '＝']) {
        return true;
    }
    if matches!(c, '*' | '＊') && (matches!(after, Some('（' | '(')) || rest.starts_with('注')) {
        return true;
    }
    if matches!(c, 'X' | 'x' | 'Ｘ') {
        if ["坐标", "轴", "代表", "射线", "光", "染色体"].iter().any(|w| rest.starts_with(w)) {
            return true;
        }
        let list_in_bracket = matches!(after, Some('（' | '('))
            && rest.chars().skip(1).take_while(|&c| !matches!(c, '）' | ')')).any(|c| c == '、');
        // 「“1＋N＋X”」: the letter added to another letter (not 「“1+X”证书」, a name beside
        // placeholders)
        let formula = scan.text.match_indices(['+', '＋']).any(|(b, _)| {
            let left = scan.text.get(..b).and_then(|l| l.chars().next_back());
            let right = scan.text.get(b..).and_then(|r| r.chars().nth(1));
            right == Some(c) && left.is_some_and(|l| l.is_ascii_uppercase())
        });
        if list_in_bracket || formula {
            return true;
        }
    }
    false
}

/// Whether a placeholder run stands where text is expected (next to Chinese text, a quote
/// mark, or alone on its line), as opposed to decoration.
pub fn run_in_text(scan: &Scan, run: &Run) -> bool {
    if is_symbol(scan, run) {
        return false;
    }
    let alone = scan.text.trim() == scan.slice(run.start, run.end);
    if alone && scan.slice(run.start, run.end) == "×" {
        return false; // a page's close button, alone on its line
    }
    if alone || in_slash_date(scan, run) {
        return true;
    }
    let (prev, _) = scan.prev_skipping_space(run.start);
    let before = prev.and_then(|j| scan.ch(j));
    let mut j = run.end;
    if scan.ch(j).is_some_and(is_space) {
        j += 1;
    }
    let after = scan.ch(j);
    let texty = |c: Option<char>| {
        c.is_some_and(|c| super::scan::han(c) || "%％“”‘’《》（）()【】[]〔〕、，,：:；;。︰∶|｜".contains(c))
    };
    texty(before) || texty(after)
}

pub(crate) fn check(ctx: &LineCtx, scan: &Scan, out: &mut Vec<Finding>) {
    for run in &scan.runs {
        if !run_in_text(scan, run) || !run_is_figure(scan, run) {
            continue;
        }
        let slot = scan.slice(run.start, run.end);
        let quote = scan.quote_span(run.start, run.end);
        let msg = ctx.config.locale.pick(
            format!("占位符“{slot}”未替换为实际数字：“{quote}”"),
            format!("placeholder “{slot}” was never replaced by a figure: “{quote}”"),
        );
        out.push(Finding::new(Rule(&META), Span::in_line(0, scan.byte(run.start), scan.byte(run.end)), msg));
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{check, check_none};

    const CODE: &str = "LEC101";

    #[test]
    fn flags_placeholder_figures() {
        check(CODE, "事故：⟦20~~⟧年⟦_⟧月⟦_⟧日（星期六）");
        check(CODE, "申报品牌专业⟦X⟧个，“1+X”证书通过率达⟦X⟧%");
        check(CODE, "实现工业总产值⟦xx⟧亿元，同比增长⟦xx⟧%；");
        check(CODE, "年均增长⟦x.x⟧%，地方一般公共预算收入达⟦X.x⟧亿元");
        check(CODE, "其中蒙古族人口占⟦*⟧%，带动就业⟦*⟧人。");
        check(CODE, "即将过去的⟦20XX⟧年，是我镇解放思想的一年");
        check(CODE, "——⟦202x⟧年⟦x⟧月⟦x⟧日在xx镇第十七届人民代表大会上");
        check(CODE, "召开⟦20**⟧年全镇工作会议");
        check(CODE, "全市 ⟦XX⟧ 个重点项目完成投资 ⟦XX⟧ 亿元");
        check(CODE, "同比增长⟦（  ）⟧%，完成投资⟦（ ）⟧亿元");
    }

    #[test]
    fn flags_stars_and_lone_tildes_standing_for_figures() {
        check(CODE, "全镇⟦☆⟧个村完成改造任务");
        check(CODE, "会议回顾了⟦~⟧的工作，签订了⟦～⟧度责任书");
        check(CODE, "在全市表彰大会上的讲话⟦202X⟧/⟦X⟧/⟦XX⟧同志们：");
    }

    #[test]
    fn no_diagnostic_for_bullets_ranges_and_pinyin() {
        for t in [
            "☆ 第一部分 工作回顾",
            "一～二年内完成，3~5年见效，周一～周五开放。",
            "读作序(xù)，读作习(xí)，读作训(xùn)。",
        ] {
            check_none(CODE, t);
        }
    }

    #[test]
    fn no_diagnostic_for_letters_and_signs() {
        for t in [
            "推进“415X”产业集群和3D建模。",
            "推广XML格式，iPhone X上市，X光机和X射线检查。",
            "面积为3×5米，按2*3排列。",
            "***",
            "×",
            "二〇〇八年，PM2.5浓度下降，5G基站建成。",
            "刚才，XX部长作了讲话。",
        ] {
            check_none(CODE, t);
        }
    }
}
