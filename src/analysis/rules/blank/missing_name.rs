//! LEC107 `missing-name`.
//!
//! ## What it does
//! Flags places where a name was deleted with nothing left in its place:
//! - a title after a space where the name stood: 「领导组组长 同志」, 「按照 书记的讲话精神」;
//! - a preposition followed straight by a list comma: 「随着、市委…」 (省委 deleted);
//! - a sentence that begins with 亲临 (its subject deleted: 「。亲临岳阳视察」);
//! - a place name deleted before its administrative suffix: 「我代表中共市委」 (中共 straight
//!   before 市委), 「全上下」 (全县上下 without 县), a suffix alone as the subject of a clause
//!   (「近年来，镇在县委的领导下」) or after a preposition (「加强与区的对接」), and
//!   「政协县八届二次会议」;
//! - 有请 with no one after it (「掌声有请讲话」, 「有请」 ending the line);
//! - the guiding thought with its author removed by a word filter:
//!   「以新时代中国特色社会主义思想为指导」 — only in a draft that shows other holes (a
//!   placeholder or a missing figure elsewhere): finished texts also name the thought without
//!   its author (「用新时代中国特色社会主义思想武装全党」), so the omission alone is no evidence.
//!
//! ## Why is this bad?
//! A word filter or the template removed the name; the sentence no longer says who.
//!
//! ## Example
//! ```text
//! 按照 书记的讲话精神，群策群力
//! ```
//! Use instead: `按照王书记的讲话精神`.
//!
//! ## Fix safety
//! No fix: only the author knows the name.
//!
//! Complexity: one pass over the line's characters with short literal comparisons, O(n); the
//! guiding-thought case is decided by the family's document pass, O(lines).

use super::scan::{is_space, Scan};
use crate::analysis::diagnostic::{Category, Finding, FixAvailability, Severity, Span};
use crate::analysis::pass::LineCtx;
use crate::analysis::registry::{Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    code: "LEC107",
    name: "missing-name",
    category: Category::Blank,
    default_severity: Severity::Error,
    default_enabled: true,
    fix: FixAvailability::None,
    summary_zh: "此处缺少人名或机构名称",
    summary_en: "A name was deleted here",
};

const TITLES: &[&str] =
    &["同志", "书记", "部长", "市长", "县长", "镇长", "乡长", "区长", "省长", "局长", "主任", "秘书长"];

/// Characters that end a word after which a name (not a space) must come: titles (组长, 书记,
/// 主任) and prepositions (按照, 根据, 由, 请).
const BEFORE_NAME: &str = "长记任照据由请";

/// Words before a list of names, and their length in characters.
const PREPOSITIONS: &[(&str, usize)] = &[("随着", 2), ("按照", 2)];

const THOUGHT: &str = "新时代中国特色社会主义思想";

/// Reports the deleted names of the line; returns the guiding thought without its author
/// (its byte column and quoted context), which the family's document pass reports only in a
/// draft that shows other holes.
pub(crate) fn check(ctx: &LineCtx, scan: &Scan, out: &mut Vec<Finding>) -> Option<(u32, String)> {
    let mut thought = None;
    let mut push = |at: usize, what_zh: &str, what_en: &str| {
        let quote = scan.quote_slot(at);
        let msg =
            ctx.config.locale.pick(format!("此处缺少{what_zh}：“{quote}”"), format!("missing {what_en}: “{quote}”"));
        let b = scan.byte(at);
        out.push(Finding::new(Rule(&META), Span::in_line(0, b, b), msg));
    };
    for at in deleted_places(scan) {
        push(at, "地名", "place name");
    }
    // 「掌声有请讲话」, 「有请」 ending the line: the one invited was deleted.
    if let Some(k) = scan.text.find("有请") {
        let rest = scan.text.get(k + "有请".len()..).unwrap_or("").trim_end();
        if rest.is_empty() || ["讲话", "致辞", "发言", "上台", "。", "！", "!"].iter().any(|w| rest.starts_with(w))
        {
            let at = scan.chars.iter().position(|&(b, _)| b as usize == k + "有请".len()).unwrap_or(scan.len());
            push(at, "人名", "name");
        }
    }
    for i in scan.marks.iter().map(|&m| m as usize) {
        let Some(&(b, c)) = scan.chars.get(i) else { continue };
        let b = b as usize;
        if is_space(c) {
            // 组长 同志: a title word, a space, a title.
            let rest = scan.text.get(b + c.len_utf8()..).unwrap_or("");
            let before = scan.before(i);
            let before2 = i.checked_sub(1).and_then(|j| scan.before(j));
            if TITLES.iter().any(|t| rest.starts_with(t))
                && before.is_some_and(|p| BEFORE_NAME.contains(p))
                && before2.is_some_and(super::scan::han)
            {
                push(i + 1, "姓名", "name");
            }
        } else if c == '、' {
            if PREPOSITIONS.iter().any(|&(p, n)| i >= n && scan.slice(i - n, i) == p) {
                push(i, "名称", "name");
            }
        } else if c == '亲' && scan.ch(i + 1) == Some('临') {
            if scan.before(i).is_none_or(|p| matches!(p, '。' | '！' | '？' | '；')) {
                push(i, "人名", "name");
            }
        } else if c == '新' && scan.text.get(b..).is_some_and(|r| r.starts_with(THOUGHT)) {
            let author = i >= 3 && scan.slice(i - 3, i) == "习近平";
            let guided = i >= 1 && scan.before(i) == Some('以');
            if !author && guided && thought.is_none() {
                thought = Some((u32::try_from(scan.byte(i)).unwrap_or(u32::MAX), scan.quote_slot(i)));
            }
        }
    }
    thought
}

/// The message for the guiding thought without its author.
pub(crate) fn thought_message(locale: crate::analysis::config::Locale, quote: &str) -> String {
    locale.pick(format!("此处缺少人名：“{quote}”"), format!("missing name: “{quote}”"))
}

pub(crate) fn rule() -> Rule {
    Rule(&META)
}

fn is_admin(c: char) -> bool {
    matches!(c, '省' | '市' | '县' | '区' | '镇' | '乡')
}

/// Place names deleted before their administrative suffix, as char indices of the slots. One
/// pass over the line's characters, O(n).
fn deleted_places(scan: &Scan) -> Vec<usize> {
    let mut out = Vec::new();
    for i in 0..scan.len() {
        let Some(c) = scan.ch(i) else { continue };
        let next = scan.ch(i + 1);
        let next2 = scan.ch(i + 2);
        if !is_admin(c) {
            // 「全上下」: 全县上下 without its 县.
            if c == '全' && next == Some('上') && next2 == Some('下') && !scan.before(i).is_some_and(is_admin) {
                out.push(i + 1);
            }
            continue;
        }
        let before = scan.before(i);
        let before2 = i.checked_sub(1).and_then(|j| scan.before(j));
        // 「中共市委」: 中共 straight before 市委 (中共XX市委).
        if next == Some('委') && before == Some('共') && before2 == Some('中') {
            out.push(i);
            continue;
        }
        // 「政协县八届」: 政协 straight before the suffix and the session's number.
        if before == Some('协')
            && before2 == Some('政')
            && next.is_some_and(|d| d == '第' || (super::scan::is_figure(d) && !d.is_ascii_digit()))
        {
            out.push(i);
            continue;
        }
        // 「，镇在县委的领导下」, 「与区的对接」: the suffix alone as a subject or an object.
        let opens = before.is_none_or(|p| matches!(p, '，' | '。' | '；' | '！' | '？' | ',' | ';'));
        // (not 和: 义和镇 is a name; not when another 「省的」 or 「公社的」 stands near it:
        // 「省的批发站与市的公司」 names both levels)
        let after_preposition = || {
            before.is_some_and(|p| matches!(p, '与' | '同' | '对' | '向'))
                && before2.is_some_and(|q| super::scan::han(q) && !is_admin(q))
                && !(i.saturating_sub(24)..i + 24).any(|k| {
                    k != i && scan.ch(k + 1) == Some('的') && scan.ch(k).is_some_and(|d| is_admin(d) || d == '社')
                })
        };
        // (not 「县在职干部」: 在职, 将领, 要素 are words of their own)
        let subject = opens
            && next.is_some_and(|d| matches!(d, '在' | '将' | '要' | '把' | '已' | '共' | '被'))
            && !scan.is_word(i + 1, i + 3);
        let object = next == Some('的') && (opens || after_preposition());
        if subject || object {
            out.push(i);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::{check, check_none};

    const CODE: &str = "LEC107";

    #[test]
    fn flags_deleted_names() {
        check(CODE, "创建卫生文明县城领导组组长 ‸同志从统筹全局的高度");
        check(CODE, "就是要按照 ‸书记的讲话精神，群策群力");
        check(CODE, "当前，随着‸、市委抓县域经济力度的加大");
        check(CODE, "极不平凡的一年。‸亲临岳阳视察");
        check(CODE, "近年来，‸镇在县委的领导下，我代表中共‸市委，加强与‸区的对接");
        check(CODE, "全‸上下齐心协力，政协‸县八届二次会议");
        check(CODE, "让我们以热烈的掌声有请‸讲话！");
        check(CODE, "下面颁发教学能手奖，有请‸");
    }

    #[test]
    fn no_diagnostic_for_names_present() {
        for t in [
            "坚持以习近平新时代中国特色社会主义思想为指导",
            "县委书记 王建国同志，刚才王书记亲临现场",
            "在市委、市政府的领导下",
            "争取省、市的支持，全县上下，中共中央，全市场，镇党委在县委的领导下，城市的发展",
            "市场在资源配置中起决定性作用，县乡两级，对市县的考核，政协委员",
            "公社的干部和县的干部，把省的批发站与市的公司合并，在义和镇的考察中",
            "，县在职正科级干部，落实到人",
            "有请王校长讲话，有请获奖代表上台",
            // Decided by the document pass (only in a draft with other holes).
            "我们以新时代中国特色社会主义思想为指导",
            "（二）用新时代中国特色社会主义思想武装全党",
            "绿水青山常在、优势所在、内容实在、作风扎实",
        ] {
            check_none(CODE, t);
        }
    }
}
