//! LEC106 `name-placeholder`.
//!
//! ## What it does
//! Flags placeholders standing where a name belongs: `XX县`, `×××同志`, `x书记`, `_总书记`,
//! `**乡镇`, `XX 部长`, filter holes that mask a word (`D的二十届`, `X中央`,
//! `镇X委`, `**建`), empty brackets after Chinese text (`由（    ）同志主持`), and worded
//! placeholders in brackets (`（名称替换）`,
//! `（六字名字和职务替换）`, `[数据]`); not 姓名（名称）, the legal "name (of the organisation)".
//! An ellipsis stands for a name before an administrative suffix or a title, or after 请/由
//! (`由……县教育局主办`, `请……同志致辞`, `常务副市长...同志`); one or two capital letters
//! stand for a place before 镇/县/乡/村 (`A镇`, `QQ镇`).
//!
//! ## Why is this bad?
//! The template's name was never replaced; read aloud, the speech names no one, or says "叉叉".
//!
//! ## Example
//! ```text
//! 刚才，×××同志通报了全县安全生产情况
//! ```
//! Use instead: `刚才，王建国同志通报了…`.
//!
//! ## Fix safety
//! No fix: only the author knows the name.
//!
//! Complexity: placeholder runs come from the family's single scan; worded placeholders are
//! found by one pass over bracket characters, each looking at most 16 characters ahead;
//! ellipses and capital letters by one more pass over the line: O(n).

use super::figure_placeholder::{run_in_text, run_is_figure};
use super::scan::Scan;
use crate::analysis::diagnostic::{Category, Finding, FixAvailability, Severity, Span};
use crate::analysis::pass::LineCtx;
use crate::analysis::registry::{Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    code: "LEC106",
    name: "name-placeholder",
    category: Category::Blank,
    default_severity: Severity::Error,
    default_enabled: true,
    fix: FixAvailability::None,
    summary_zh: "占位符代替了人名、地名或单位名称",
    summary_en: "A placeholder stands where a name belongs",
};

/// Words that, alone in brackets, ask for a name or figure to be filled in.
const WORDED: &[&str] = &["人名", "地名", "数据", "数字", "金额"];

pub(crate) fn check(ctx: &LineCtx, scan: &Scan, out: &mut Vec<Finding>) {
    for run in &scan.runs {
        if !run_in_text(scan, run) || run_is_figure(scan, run) {
            continue;
        }
        let slot = scan.slice(run.start, run.end);
        let quote = scan.quote_span(run.start, run.end);
        let msg = ctx.config.locale.pick(
            format!("占位符“{slot}”未替换为实际名称：“{quote}”"),
            format!("placeholder “{slot}” was never replaced by a name: “{quote}”"),
        );
        out.push(Finding::new(Rule(&META), Span::in_line(0, scan.byte(run.start), scan.byte(run.end)), msg));
    }
    worded(ctx, scan, out);
    for (s, e) in other_marks(scan) {
        let slot = scan.slice(s, e);
        let quote = scan.quote_span(s, e);
        let msg = ctx.config.locale.pick(
            format!("占位符“{slot}”未替换为实际名称：“{quote}”"),
            format!("placeholder “{slot}” was never replaced by a name: “{quote}”"),
        );
        out.push(Finding::new(Rule(&META), Span::in_line(0, scan.byte(s), scan.byte(e)), msg));
    }
}

const ADMIN: &str = "省市县区镇乡村";
const TITLES: &[&str] = &["同志", "书记", "先生", "女士", "局长", "市长", "县长", "主任"];

/// Placeholders other than the usual runs, as char ranges: an ellipsis standing for a name
/// before an administrative suffix or a title, or after 请/由 (「由……县教育局主办」,
/// 「请……同志致辞」, 「常务副市长...同志」); one or two capital letters before 镇/县/乡/村
/// (「A镇」, 「QQ镇」). One pass over the line, O(n).
fn other_marks(scan: &Scan) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let n = scan.len();
    let mut i = 0;
    while i < n {
        let Some(c) = scan.ch(i) else { break };
        if matches!(c, '…' | '.' | '。') {
            let mut j = i;
            while scan.ch(j) == Some(c) {
                j += 1;
            }
            let long = if c == '…' { j - i >= 2 } else { j - i >= 3 };
            let rest = scan.text.get(scan.byte(j)..).unwrap_or("");
            let mut it = rest.chars();
            let first = it.next();
            let second = it.next();
            let before = scan.before(i);
            let admin = first.is_some_and(|f| ADMIN.contains(f))
                && second.is_some_and(|d| super::scan::han(d) && !matches!(d, '里' | '上' | '的' | '场'));
            let title = TITLES.iter().any(|t| rest.starts_with(t));
            let asked = before.is_some_and(|b| matches!(b, '请' | '由')) && first.is_some_and(super::scan::han);
            if long
                && before.is_some_and(|b| super::scan::han(b) || matches!(b, '、' | '，' | ',' | '：' | ':'))
                && (admin || title || asked)
            {
                out.push((i, j));
            }
            i = j;
            continue;
        }
        if c.is_ascii_uppercase() && c != 'X' && !scan.before(i).is_some_and(|b| b.is_ascii_alphanumeric()) {
            let two = scan.ch(i + 1) == Some(c);
            let end = if two { i + 2 } else { i + 1 };
            let suffix = scan.ch(end).is_some_and(|d| matches!(d, '镇' | '县' | '乡' | '村'));
            if suffix && scan.ch(end + 1).is_none_or(|d| d != '级') {
                out.push((i, end));
            }
        }
        i += 1;
    }
    out
}

/// `（名称替换）`, `【姓名】`: a bracket holding an instruction to replace it.
fn worded(ctx: &LineCtx, scan: &Scan, out: &mut Vec<Finding>) {
    for i in scan.marks.iter().map(|&m| m as usize) {
        let Some(c) = scan.ch(i) else { continue };
        let close = match c {
            '(' => ')',
            '（' => '）',
            '[' => ']',
            '【' => '】',
            '〔' => '〕',
            _ => continue,
        };
        let Some(len) = (1..=16).find(|&k| scan.ch(i + k) == Some(close)) else { continue };
        let inner = scan.slice(i + 1, i + len);
        // 「增长（  ）%」「由（    ）同志主持」: an empty bracket left for the author to fill,
        // after Chinese text (not a code sample's ()).
        let empty = inner.chars().all(super::scan::is_space)
            && scan.before(i).is_some_and(super::scan::han)
            && (len > 1 || matches!(c, '（' | '【'));
        if empty {
            let text = scan.slice(i, i + len + 1);
            let after = scan.text.get(scan.byte(i + len + 1)..).unwrap_or("");
            let figure = after.starts_with(['%', '％']) || super::units::unit_at(after).is_some();
            let rule = if figure { Rule(&super::figure_placeholder::META) } else { Rule(&META) };
            let msg = ctx
                .config
                .locale
                .pick(format!("空括号“{text}”未填写内容"), format!("the empty brackets “{text}” were never filled in"));
            out.push(Finding::new(rule, Span::in_line(0, scan.byte(i), scan.byte(i + len + 1)), msg));
            continue;
        }
        if inner.ends_with("替换") || WORDED.contains(&inner) {
            let text = scan.slice(i, i + len + 1);
            let msg = ctx.config.locale.pick(
                format!("占位说明“{text}”未替换为实际内容"),
                format!("the template note “{text}” was never replaced"),
            );
            out.push(Finding::new(Rule(&META), Span::in_line(0, scan.byte(i), scan.byte(i + len + 1)), msg));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{check, check_none};

    const CODE: &str = "LEC106";

    #[test]
    fn flags_name_placeholders() {
        check(CODE, "⟦_⟧总书记强调，⟦×××⟧同志、⟦x⟧书记都参加了");
        check(CODE, "各⟦**⟧乡镇场主要负责同志，⟦***⟧、⟦*⟧镇作了发言");
        check(CODE, "刚才，⟦XX⟧ 部长通报了情况，⟦XX⟧ 村作了交流");
        check(CODE, "下发了《中共⟦XX⟧县区委关于做好工作的通知》");
        check(CODE, "深入学习贯彻⟦D⟧的二十届四中全会精神，带来了⟦X⟧中央的关怀");
        check(CODE, "认真学习贯彻⟦（六字名字和职务替换）⟧来陕考察重要讲话精神");
        check(CODE, "会议由⟦（    ）⟧同志主持");
        check(CODE, "⟦*⟧");
        check(CODE, "由⟦……⟧县教育局主办，请⟦……⟧同志致辞，常务副市长⟦...⟧同志宣读决定");
        check(CODE, "支持⟦A⟧镇发展，流经⟦QQ⟧镇的河流");
    }

    #[test]
    fn no_diagnostic_for_real_names_and_notes() {
        for t in [
            "王建国同志作了讲话，DNA检测，XML文件，X光检查。",
            "X",
            "我们要坚持……县里的同志说，好的……这是一个开始。A级景区，B超检查，ABC镇",
            "我们期待着……讲话结束时，他说……",
            "用X代表甲类、Y代表乙类；X坐标；实现车与X（人、车、路）信息交换。",
            "人均住院天数＝出院人次数×平均天数；利用率提升*（%）",
            "*注：以上为预计数。",
            "建设N个平台和X个场景的“1＋N＋X”体系。",
            "同比增长5.2%(根据实际数据填写)",
            "中国共产党第二十届中央委员会第四次全体会议",
            "推行1+X证书制度，“人工智能+X”课程，12部X波段雷达",
            "执行利率为4.9%×（1+10%），噀（x ùn）水成雾",
            "×",
        ] {
            check_none(CODE, t);
        }
    }
}
