//! LEC103 `missing-figure`.
//!
//! ## What it does
//! Flags a measure word or unit whose figure was deleted: 「我国共有个民族」「投入资金万元」
//! 「新增学位个，」「解决万各族群众」「悬挂道旗余面」「地区生产总值 亿元」.
//!
//! A unit is read as a slot when what stands before it cannot precede it in finished prose:
//! - units never written without a figure (亿元, 万元, 人次, 公里, 平方米, 个百分点, and 万/亿
//!   before a measure word) after anything but a figure (近万人, 上万元, 不足万元, 万余名 are
//!   figures themselves; 亿元以上项目, 万元GDP能耗, 万亩良田, 万亿元产业 are set phrases);
//! - a measure word (个 名 项 次 份 元 亩 吨 …) left dangling before punctuation right after a
//!   word (测试|次，, 项目|个，; not after a name such as 陈奎元 or a pronoun such as 什么名);
//! - a measure word right after a word that takes a quantity (共有, 达, 为, 其中, 全县个,
//!   带动户, 设置项), or opening a list item (、个行政村);
//! - measure words that are also productive noun suffixes (所 家 处 场 期 人 户 面 件 条 台 门
//!   卷 笔 套 座 株, 场次 批次) only where they count what comes before them, in a clause
//!   opened by a verb that makes or holds such things (新建…学校所, 举办…汇演场次, 发展民宿家;
//!   not 司法所, 关键期, 企业家, 覆盖面, 扫描件, 增加比赛场次), or after the noun they count
//!   (出生人口人，, 转为企业户。);
//! - a figure deleted between a word and a space (「总值 亿元」, 「信件 件，」);
//! - 余/多 with no figure before them (道旗余面, 公路多公里);
//! - a figure deleted after a verb of quantity, a space left (「总投资达 万元」);
//! - figures deleted next to punctuation: a list comma or colon followed straight by a clause
//!   mark (「分别下降、。」, 「比为：：。」), and a share of which only 「占…的」 is left before the
//!   clause ends (「占全市的。」).
//!
//! Words are told apart with a lexicon derived from jieba's dictionary (see `lexicon.rs`):
//! 国家, 名单, 场所, 个人, 陌生人, 千家万户 are words, not a slot. Names and slogans in quotation
//! marks are left alone except for units that never stand without a figure.
//!
//! A unit that opens a line is decided by the family's document pass, which knows whether the
//! previous line ended with a figure (PDF text splits 「7860」/「亿元」).
//!
//! ## Why is this bad?
//! The template site deleted the figure; read aloud, the sentence has a hole.
//!
//! ## Example
//! ```text
//! 各结对单位累计投入资金万元，实施帮扶项目个
//! ```
//! Use instead: `累计投入资金326万元，实施帮扶项目18个`.
//!
//! ## Fix safety
//! No fix: only the author knows the figure.
//!
//! Complexity: the candidate units are the characters the family's scan listed (one table
//! look-up per character of the line); a candidate costs a few comparisons and, only when the
//! context points to a slot, a few hash look-ups of two- to four-character words around it:
//! O(n).

use super::scan::{han, is_figure, is_placeholder_char, is_punct, is_space, Scan};
use super::units::{self, Strength};
use crate::analysis::diagnostic::{Category, Finding, FixAvailability, Severity, Span};
use crate::analysis::pass::LineCtx;
use crate::analysis::registry::{Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    code: "LEC103",
    name: "missing-figure",
    category: Category::Blank,
    default_severity: Severity::Error,
    default_enabled: true,
    fix: FixAvailability::None,
    summary_zh: "量词或单位前缺少数字",
    summary_en: "A measure word or unit with no figure before it",
};

/// Reports slots on the line. A unit that opens the line (「亿元，增长」, 「件，无重大…」) may
/// belong to a figure at the end of the previous line (PDF text splits 7860 / 亿元): it is not
/// reported here but returned, quoted, for the family's document pass to decide.
pub(crate) fn check(ctx: &LineCtx, scan: &Scan, out: &mut Vec<Finding>) -> Option<String> {
    let mut line_start = None;
    // The characters that may start a unit, in order; a unit's own characters do not start
    // another.
    let mut next = 0;
    for i in scan.units.iter().map(|&u| u as usize) {
        if i < next {
            continue;
        }
        let rest = scan.text.get(scan.byte(i)..).unwrap_or("");
        let Some((len, strength)) = units::unit_at(rest) else {
            continue;
        };
        next = i + len;
        if let Some(slot) = slot_before(scan, i, len, strength) {
            let quote = scan.quote_slot(slot);
            if scan.slice(0, slot).trim().is_empty() {
                line_start = Some(quote);
                continue;
            }
            let msg = message(ctx.config.locale, &quote);
            let at = scan.byte(slot);
            out.push(Finding::new(Rule(&META), Span::in_line(0, at, at), msg));
        }
    }
    for slot in deleted_between_marks(scan) {
        let msg = message(ctx.config.locale, &scan.quote_slot(slot));
        let at = scan.byte(slot);
        out.push(Finding::new(Rule(&META), Span::in_line(0, at, at), msg));
    }
    line_start
}

/// Figures deleted with nothing left next to punctuation, as char indices of the slots:
/// - a list comma or colon followed straight by a clause mark (「分别下降、。」, 「比为：：。」):
///   finished prose never writes them so;
/// - 占 and a short noun phrase, then 的 closing the clause (「占全市的。」): the share was
///   deleted.
///
/// One pass over the line's characters, O(n).
fn deleted_between_marks(scan: &Scan) -> Vec<usize> {
    let mut out = Vec::new();
    let n = scan.len();
    let closes = |c: char| matches!(c, '。' | '，' | '；' | '、' | '：' | ',' | ';' | ':' | '.');
    for i in 1..n {
        let Some(c) = scan.ch(i) else { continue };
        if matches!(c, '、' | '：' | ':')
            && scan.before(i).is_some_and(han)
            && scan.ch(i + 1).is_some_and(|d| closes(d) && !(c == ':' && d == '.'))
        {
            out.push(i + 1);
        }
        if c == '占'
            && !scan.ch(i + 1).is_some_and(|d| "据领有用地满去到比".contains(d))
            && !scan.before(i).is_some_and(|d| "霸独抢侵攻强所".contains(d))
        {
            let mut j = i + 1;
            while j < n && j <= i + 9 && scan.ch(j).is_some_and(|d| han(d) && d != '的' && !is_figure(d)) {
                j += 1;
            }
            // the whole of which a share is given: 全市, 全省, 总量, 总额, 比重
            let whole = scan.before(j).is_some_and(|d| "省市县区国镇乡村州量额数值重".contains(d));
            if j > i + 1
                && whole
                && scan.ch(j) == Some('的')
                && scan.ch(j + 1).is_some_and(|d| matches!(d, '。' | '，' | '；' | ',' | ';'))
            {
                out.push(j + 1);
            }
        }
    }
    out
}

/// The message for a slot at the start of a line, confirmed by the document pass.
pub(crate) fn message(locale: crate::analysis::config::Locale, quote: &str) -> String {
    locale.pick(format!("此处缺少数字：“{quote}”"), format!("missing figure before the unit: “{quote}”"))
}

pub(crate) fn rule() -> Rule {
    Rule(&META)
}

/// Where the deleted figure was, for a unit at chars `i..i + len`: `None` when a figure is
/// there or the unit is part of a word.
fn slot_before(scan: &Scan, i: usize, len: usize, strength: Strength) -> Option<usize> {
    let unit = scan.ch(i)?;
    let magnitude = matches!(unit, '万' | '亿');
    let (prev_idx, spaced) = scan.prev_skipping_space(i);
    let p = prev_idx.and_then(|j| scan.ch(j));
    let next = scan.ch(i + len);
    // A measure word before punctuation. (At the end of a line it may continue on the next line
    // in wrapped text: 「作个」/「发言。」, so that is not dangling.)
    let after = scan.text.get(scan.byte(i + len)..).unwrap_or("");
    let dangling = next
        .is_some_and(|c| is_punct(c) && !matches!(c, '(' | '（' | '/' | '／' | '“' | '《' | '「' | '‘' | '"'))
        || units::closes_quantity(after);

    // A figure, a placeholder (reported by LEC101) or a decimal point after a figure.
    if let Some(pc) = p {
        if is_figure(pc) {
            return None;
        }
        if is_placeholder_char(pc) || scan.in_run(prev_idx.unwrap_or(0)) {
            return None;
        }
        if matches!(pc, '.' | '．') {
            // 「完成投资.亿元」: the figure deleted, its decimal point left.
            let before_dot = prev_idx.and_then(|j| scan.before(j));
            let digit = before_dot.is_some_and(|d| d.is_ascii_digit() || is_placeholder_char(d));
            return (!digit && matches!(strength, Strength::Strong)).then_some(prev_idx).flatten();
        }
        if pc == '·' {
            return None; // a separator in names and titles: 中国梦·家国情
        }
        // Column headers and rates: (亿元), （%）, 元/吨, 单位：万元; names in quotes (“平方公里阵列”,
        // “K19”公里标); a unit after a bracketed note (（不含讲座）人次).
        if matches!(
            pc,
            '(' | '（' | '/' | '／' | '[' | '【' | '〔' | '：' | ':' | '“' | '《' | '「' | '”' | '》' | '）' | ')'
        ) && matches!(strength, Strength::Strong)
            || matches!(pc, '(' | '（' | '/' | '／' | '[' | '【' | '〔' | '：' | ':' | '“' | '《' | '「')
        {
            return None;
        }
        if pc.is_ascii_alphabetic() || pc == '%' || pc == '％' {
            return None;
        }
    }
    // 余 with nothing before it: 道旗余面 → the slot is before 余.
    if p == Some('余') && !spaced {
        let j = prev_idx?;
        let pp = scan.before(j);
        // 十余个, 其余, 业余; 老余 (a person's name)
        if pp.is_some_and(|c| is_figure(c) || is_placeholder_char(c) || matches!(c, '老' | '小' | '阿'))
            || scan.is_word(j.saturating_sub(1), j + 1)
        {
            return None;
        }
        if pp.is_some_and(han) {
            return Some(j);
        }
        return None;
    }
    if p == Some('多') && !spaced {
        // 「公路多公里」「群众多人次」: 多 after a word, before a unit that needs a figure.
        let j = prev_idx?;
        let pp = scan.before(j);
        let free = j >= 2 && scan.is_word(j - 2, j) && scan.freq(j - 2, j) > scan.freq(j - 1, j + 1);
        let bound = scan.is_word(j.saturating_sub(1), j + 1) && !free;
        // 2个多百分点: 多 after a figure and measure word.
        if matches!(strength, Strength::Strong)
            && pp.is_some_and(|c| han(c) && !is_figure(c) && !unit_like(c))
            && !bound
        {
            return Some(j);
        }
        // 「负责同志多人；」: 多人 closing a clause right after the noun it counts (not 很多人,
        // 更多人: 很多, 更多 are words).
        if unit == '人' && len == 1 && dangling && !bound && j >= 2 && scan.is_noun(j - 2, j) {
            return Some(j);
        }
        return None;
    }
    if next.is_some_and(|c| c.is_ascii_digit() || super::scan::is_fw_digit(c)) || scan.in_run(i + len) {
        return None; // 建设期2年, 建设期X年: a measure word never stands right before a figure
    }
    // 「从2012年的万公里增加到」: 的, a magnitude and unit, then a change: the figure was deleted.
    if magnitude && !spaced && p == Some('的') && len >= 2 && next.is_some_and(|c| "增提下减上升降扩".contains(c))
    {
        return Some(i);
    }
    if magnitude && !spaced && p.is_some_and(unit_like) && scan.before(i.saturating_sub(1)).is_some_and(is_figure) {
        return None; // 百企千户万人, 一个万门: a run of counts
    }
    if magnitude
        && (after_text(scan, i + len).starts_with("左右")
            || after_text(scan, i + 1).starts_with("量级")
            || ["万亿级", "万兆", "千兆"].iter().any(|w| after_text(scan, i).starts_with(w)))
    {
        return None; // 日进货万斤左右, 万块量级: a round figure or an order of magnitude
    }
    if unit == '元' && matches!(p, Some('门' | '港' | '美' | '日' | '欧' | '韩' | '台')) {
        return None; // 澳门元, 港元, 美元: a currency
    }
    if unit == '倍' && p == Some('的') && dangling && !spaced {
        return Some(i); // 「是上年的倍，」: a multiple is never written without its figure
    }
    if !spaced
        && p.is_some_and(|c| han(c) && !is_figure(c))
        && prev_idx.and_then(|j| scan.before(j)).is_some_and(is_figure)
    {
        return None; // 五等份: a figure counts the character before the unit
    }
    if magnitude && matches!(p, Some('。' | '！' | '？')) {
        return None; // 「。万余名干部群众」: a sentence may open with 万 (ten thousand)
    }
    if scan.slice(i, i + 3) == "万亿元" && next.is_some_and(|c| han(c) && !"以左和与及的或上下".contains(c))
    {
        return None; // 万亿元产业集群: a scale
    }
    if !spaced && counted_noun_before(scan, i) {
        return None; // 一个统计项, 2200多种植株: the unit ends a noun that a figure already counts
    }
    if i >= 3
        && scan.ch(i - 2).is_some_and(unit_like)
        && scan.ch(i - 3).is_some_and(is_figure)
        && !spaced
        && p.is_some_and(han)
    {
        return None; // 193个子项: the unit ends a noun that a figure and measure word count
    }
    if p == Some('少') && scan.before(i.saturating_sub(1)) == Some('多') {
        return None; // 多少次, 多少个: a question of number
    }
    if unit == '亿' && next == Some('万') {
        return None; // 亿万: a numeral word (亿万人民)
    }
    if unit == '名'
        && !dangling
        && matches!(
            next,
            Some(
                '老' | '师'
                    | '校'
                    | '企'
                    | '店'
                    | '菜'
                    | '品'
                    | '牌'
                    | '优'
                    | '特'
                    | '厨'
                    | '医'
                    | '记'
                    | '家'
                    | '人'
                    | '城'
                    | '镇'
                    | '村'
                    | '胜'
                    | '山'
                    | '茶'
                    | '酒'
                    | '面'
                    | '食'
                    | '中'
                    | '院'
            )
        )
    {
        return None; // 名老中医, 名店, 名校: 名 as "famous"
    }
    if !spaced
        && !matches!(strength, Strength::Weak)
        && len == 1
        && matches!(
            unit,
            '家' | '名'
                | '个'
                | '项'
                | '座'
                | '条'
                | '批'
                | '支'
                | '套'
                | '件'
                | '篇'
                | '部'
                | '艘'
                | '栋'
                | '幢'
                | '辆'
        )
        && !(unit == '家' && next.is_some_and(|c| "校庭园乡风长属政电具居教访".contains(c)))
        && i >= 2
        && units::is_quantity_verb(scan.slice(i - 2, i))
        && next.is_some_and(|c| han(c) && !unit_like(c) && c != '的')
        && !scan.is_word(i, i + 2)
        && !scan.is_word(i - 1, i + 1)
        && !scan.is_word(i - 2, i + 1)
        && !scan.is_quoted(i)
    {
        return Some(i); // 「新建家高质量平台」「推荐名代表」: a verb of making, a count deleted before the noun
    }
    if unit == '所' && !dangling {
        return None; // 所 before a verb is the particle (所取得, 所管辖); only 「学校所，」 counts
    }
    if (p == Some(unit) || next == Some(unit)) && !spaced {
        return None; // 个个, 人人, 家家户户, 件件有着落
    }
    if next == Some('的') && !matches!(strength, Strength::Strong) {
        return None; // 对家的向往: a measure word is never followed by 的
    }
    if unit == '张' && !dangling {
        return None; // 张 is also the commonest surname: only 「床位张。」 counts
    }
    if unit == '次' && !spaced && (p.is_some_and(unit_like) || scan.before(i.saturating_sub(1)).is_some_and(is_figure))
    {
        // 人次, 条次, 架次, 万剂次: a compound unit, its figure checked at its first character
        return None;
    }
    if unit == '对' && len == 1 {
        return None; // 对 counts only after 万/亿 (万对); alone it is the preposition
    }
    // (「总值达到 亿元（预计数）」: a space where the figure was outweighs the exemption.)
    if !spaced && exempt_money_unit(scan, i, len) {
        return None;
    }
    if let Some(pc) = p {
        if magnitude && units::allowed_before_magnitude(pc) {
            return None;
        }
        // 解决了万名群众: a verb that takes a count, then 了.
        let counted_after_le = pc == '了' && i >= 3 && units::is_quantity_verb(scan.slice(i - 3, i - 1));
        if !spaced && units::allowed_before(pc) && !counted_after_le {
            return None;
        }
    }
    // The rest decides from the context alone; whether the unit belongs to a word (the costly
    // part: a few hash look-ups) is asked only of the candidates that remain.
    decide(scan, i, len, strength, Context { prev_idx, p, spaced, next, dangling, magnitude, unit })
        .filter(|_| !bound_in_word(scan, i, len, spaced))
}

/// Whether the character at `j` is itself set off by a space before it (letter-spaced text:
/// 「成 为 个 人」), so that a space after it says nothing.
fn is_space_run_before(scan: &Scan, j: usize) -> bool {
    j >= 1 && scan.ch(j - 1).is_some_and(is_space)
}

/// What [`slot_before`] knows of a unit's surroundings.
struct Context {
    prev_idx: Option<usize>,
    p: Option<char>,
    spaced: bool,
    next: Option<char>,
    dangling: bool,
    magnitude: bool,
    unit: char,
}

fn decide(scan: &Scan, i: usize, len: usize, strength: Strength, cx: Context) -> Option<usize> {
    let Context { prev_idx, p, spaced, next, dangling, magnitude, unit } = cx;
    if spaced {
        if let (Some(j), Some(c)) = (prev_idx, p) {
            if "达为约共计超逾等近过到至破".contains(c)
                && !matches!(strength, Strength::Weak)
                && !is_space_run_before(scan, j)
            {
                return Some(i); // 「总投资达 万元」: a verb of quantity, then a space where the figure was
            }
        }
        // 「全 面客观」「部 门」: a word broken by letter spacing (「结案 件，」 dangles: a slot).
        if let (Some(j), false) = (prev_idx, dangling) {
            let joined = format!("{}{}", scan.slice(j, j + 1), scan.slice(i, i + len));
            if super::lexicon::is_word(&joined) {
                return None;
            }
        }
        // 「总值 亿元」「信件 件，」: a word, a space where the figure was, the unit. Letter-spaced
        // text (「部 门」) is not: there the character before the space stands alone.
        let j = prev_idx?;
        let pc = p?;
        let word_before = scan.before(j).is_some_and(|c| !is_space(c)) && word_ends_before(scan, j + 1);
        if j >= 1 && scan.slice(j - 1, j + 1) == "单位" {
            return None; // a table header: 单位 亿元
        }
        if unit == '美' {
            // 「人均达 美元；」
            return (dangling && (units::single_trigger(pc, '元') || (han(pc) && word_before))).then_some(i);
        }
        if (han(pc) && word_before) || matches!(pc, '、' | '，' | ',' | '和' | '及') {
            if matches!(strength, Strength::Weak) || unit == '人' && len == 1 {
                return None;
            }
            // Headlines are spaced too (新市民 倍添干劲): a measure word must close the phrase.
            return (dangling || matches!(strength, Strength::Strong)).then_some(i);
        }
        return None;
    }
    let Some(pc) = p else {
        // At the start of a line: only a dangling measure word («件，无重大…»).
        return (dangling && !matches!(strength, Strength::Weak)).then_some(i);
    };
    let quoted = scan.is_quoted(i);
    let at = Unit { scan, i, len, unit, pc, prev_idx, next, dangling, magnitude, quoted };
    match strength {
        Strength::Strong => strong(&at),
        Strength::Measure => measure(&at),
        Strength::Suffix => suffix(&at),
        Strength::Weak => weak(&at),
    }
}

/// A candidate unit and what stands around it, for the rungs of the ladder (one per
/// [`Strength`]).
struct Unit<'a, 's> {
    scan: &'a Scan<'s>,
    /// Char index and length of the unit.
    i: usize,
    len: usize,
    unit: char,
    /// The character before the unit (not a space) and its index.
    pc: char,
    prev_idx: Option<usize>,
    next: Option<char>,
    dangling: bool,
    magnitude: bool,
    quoted: bool,
}

/// Units never written without a figure (亿元, 万元, 人次, 万 before a measure word): a slot after anything but a figure, except set phrases and names.
fn strong(at: &Unit<'_, '_>) -> Option<usize> {
    let &Unit { scan, i, len, unit, pc, next, dangling, magnitude, quoted, .. } = at;
    if magnitude && quoted {
        return None; // “万人感言”, “万企帮万村”, “结亲帮万户”
    }
    // 「游客人次和旅游收入」: 人次 as a noun (the count itself), followed by more text.
    if len == 2 && scan.slice(i, i + 2).ends_with('次') && next.is_some_and(han) && !single_before(scan, i, unit) {
        return None;
    }
    // 「游客人次、旅游花费分别增长20%、15%」: 人次 naming an indicator in a list whose figures
    // follow in the same clause.
    if len == 2 && scan.slice(i, i + 2).ends_with('次') && next == Some('、') {
        let clause: String =
            after_text(scan, i + len).chars().take_while(|c| !matches!(c, '，' | '。' | '；' | ',' | ';')).collect();
        if ["分别", "均", "增长", "下降"].iter().any(|w| clause.contains(w)) {
            return None;
        }
    }
    // 万亩良田, 万吨级码头, 万头猪场: 万 + a unit of size before a noun names a scale.
    if magnitude
        && !dangling
        && len == 2
        && matches!(scan.ch(i + 1), Some('亩' | '吨' | '头' | '只' | '株'))
        && next.is_some_and(|c| (han(c) && !"以左和与及的或上下".contains(c)) || c == '级')
    {
        return None;
    }
    if magnitude && !dangling && !takes_quantity(scan, i, unit) && next.is_some_and(|c| han(c) && !unit_like(c)) {
        // 万人感言, 医院万张床位: a magnitude and measure word before a noun, after a word
        // that does not take a quantity, is a round number or a name.
        return None;
    }
    if magnitude && !dangling && names_a_programme(after_text(scan, i + len)) {
        return None; // 万人饮水工程, 万名干部进万家活动: the name of a programme
    }
    if magnitude && matches!(pc, '达' | '约' | '近') && units::closes_quantity(after_text(scan, i + len)) {
        return None; // 收入达万元以上, 达万人左右: a round figure
    }
    (han(pc) || is_punct(pc) || is_space(pc)).then_some(i)
}

/// Measure words (个 名 项 次 份 元 亩 吨 …): a slot when dangling after a word, after a word that takes a quantity, or opening a list item.
fn measure(at: &Unit<'_, '_>) -> Option<usize> {
    let &Unit { scan, i, unit, pc, prev_idx, dangling, quoted, .. } = at;
    if quoted {
        return None; // “名可名，非常名”, “灯笼张”: names and sayings in quotation marks
    }
    if dangling && (change_verb_before(scan, i) || same_unit_listed_before(scan, i, unit)) {
        return Some(i); // 分别达到元和元，
    }
    // 次 counts activities (测试次, 会议次), not things (雪山次).
    let activity = unit != '次' || (i >= 2 && scan.is_verbal(i - 2, i)) || matches!(pc, '议' | '动' | '课' | '座');
    if dangling && han(pc) && activity && (word_ends_before(scan, i) || single_before(scan, i, unit)) {
        return Some(i);
    }
    // 「全县个乡镇、个行政村」: a list item cannot open with a bare measure word (个人, 项目,
    // 名单 were set aside as words above).
    let list_item =
        pc == '、' && matches!(unit, '个' | '项') && !prev_idx.and_then(|j| scan.before(j)).is_some_and(unit_like);
    if list_item || (unit == '个' && matches!(pc, '，' | ',')) {
        return Some(i);
    }
    takes_quantity(scan, i, unit).then_some(i)
}

/// Measure words that are also noun suffixes (所 家 处 场 期 人 户 …): a slot only where they count what comes before them.
fn suffix(at: &Unit<'_, '_>) -> Option<usize> {
    let &Unit { scan, i, unit, pc, next, dangling, quoted, .. } = at;
    if quoted {
        return None; // “民族之家”, “智慧市场”
    }
    if dangling && (change_verb_before(scan, i) || same_unit_listed_before(scan, i, unit)) {
        return Some(i); // 比上年增加家。 总数达到家；
    }
    // Dangling after the noun it counts, in a clause opened by a verb that takes a count
    // (新建学校所, 打造线路条, 发展民宿家, 举办培训班期, 开设课程门, 征集作品件,
    // 出版《丛书》卷). These characters are also productive word suffixes (司法所, 关键期,
    // 种猪场, 覆盖面, 扫描件), so the character before must be one that such a count
    // follows.
    let counts = match unit {
        '所' => matches!(pc, '校' | '院' | '园' | '学'),
        '期' => pc == '班',
        '场' => matches!(pc, '动' | '演' | '座' | '训' | '会' | '赛' | '讲' | '出' | '映' | '练'),
        '处' => matches!(pc, '患' | '址' | '点' | '段' | '口'),
        '面' => matches!(pc, '旗' | '镜' | '鼓' | '墙' | '匾' | '牌'),
        '卷' => matches!(pc, '》' | '书' | '集'),
        '株' => matches!(pc, '苗' | '树' | '木'),
        '件' => matches!(pc, '品' | '案' | '纷' | '议' | '利' | '书' | '题' | '索'),
        '套' => matches!(pc, '房' | '书' | '装' | '备'),
        '台' => matches!(pc, '备' | '机' | '车' | '器' | '脑'),
        '笔' => matches!(pc, '款' | '金' | '易' | '务'),
        '门' => matches!(pc, '程' | '课'),
        '条' => matches!(pc, '路' | '道' | '河' | '渠' | '沟' | '议' | '见' | '施' | '规' | '则' | '线'),
        '家' => matches!(
            pc,
            '坊' | '铺'
                | '厅'
                | '团'
                | '楼'
                | '业'
                | '宿'
                | '乐'
                | '社'
                | '店'
                | '司'
                | '位'
                | '行'
                | '院'
                | '体'
                | '构'
                | '市'
                | '厂'
                | '地'
                | '馆'
                | '园'
                | '站'
                | '点'
                | '户'
                | '所'
                | '庄'
                | '场'
        ),
        '座' => matches!(pc, '桥' | '楼' | '山' | '房' | '站' | '院' | '馆' | '库' | '塔' | '厂'),
        '批' => matches!(pc, '队' | '组' | '品'),
        _ => false, // 人 户 头, and 架次 车次 班次: not after a bare noun
    };
    if dangling && (han(pc) || matches!(pc, '》' | '”')) && counts && clause_has_making_verb(scan, i) {
        return Some(i);
    }
    // 「出生人口人，」「专任教师人。」「转为企业户。」: a count of people or households
    // after the noun it counts.
    // The noun must name people (人口, 人员, 教师, 学生, 患者, 群众, 干部, 职工, 农民,
    // 游客) or households (企业, 家庭, 主体) by its head character.
    let counted = match unit {
        '人' => "口员师生者众部工民客童女属兵士才",
        _ => "业庭体",
    };
    if dangling && matches!(unit, '人' | '户') && i >= 2 && scan.is_noun(i - 2, i) && counted.contains(pc) {
        return Some(i);
    }
    if unit == '人' {
        if matches!(next, Some('的' | '与' | '和' | '及' | '们')) {
            return None; // 人与自然: people in general
        }
        if i >= 3 && scan.ch(i - 3) == Some('被') {
            return None; // 被救助人: the person acted on
        }
        return (people_verb_before(scan, i) || single_before(scan, i, unit)).then_some(i);
    }
    if dangling {
        return None; // 「以港口为家，」「前景可期」: a suffix after a preposition or adverb
    }
    // Before more text: after a one-character word of quantity (被家媒体, 对处民族文化遗址),
    // or, for 户 家 批 期, a verb that takes a count (带动户, 发现户).
    // 家 counts firms and bodies: 培育家企业, not 成立家邦工汇 (a name).
    let firm_next = matches!(
        next,
        Some(
            '企' | '单'
                | '公'
                | '媒'
                | '医'
                | '银'
                | '机'
                | '合'
                | '商'
                | '超'
                | '酒'
                | '饭'
                | '工'
                | '厂'
                | '学'
                | '店'
                | '农'
                | '民'
                | '网'
                | '平'
                | '研'
                | '社'
                | '园'
                | '基'
                | '龙'
                | '规'
                | '重'
                | '省'
                | '市'
                | '国'
                | '县'
                | '专'
                | '科'
                | '新'
                | '示'
        )
    );
    let verb_ok = (unit == '家' && firm_next && quantity_verb_before(scan, i))
        || (unit == '户' && i >= 2 && units::is_household_verb(scan.slice(i - 2, i)));
    let prep_ok = (matches!(unit, '家' | '处' | '户') || !is_preposition(scan.before(i)))
        && !matches!(scan.before(i), Some('近' | '超' | '逾')); // 近场, 超市, 逾期
    ((single_before(scan, i, unit) && prep_ok) || two_char_trigger_before(scan, i) || verb_ok).then_some(i)
}

/// Weak units (起, 美元, a bare 万): a slot only after a word that takes a count.
fn weak(at: &Unit<'_, '_>) -> Option<usize> {
    let &Unit { scan, i, unit, pc, dangling, magnitude, quoted, .. } = at;
    if quoted {
        return None;
    }
    // 「查处问题起，」「发生事故起」: 起 counts incidents after the noun it counts.
    if unit == '起' && dangling && matches!(pc, '故' | '件' | '题' | '案') {
        return Some(i);
    }
    if unit == '美' {
        // 「人均达美元」, not 「兑美元」「对美元汇率」.
        return (units::single_trigger(pc, '元') || two_char_trigger_before(scan, i)).then_some(i);
    }
    if magnitude {
        // A bare 万 (解决万各族群众) only after a verb that takes a count: after 约 it
        // may begin a name (约万诺维奇).
        return quantity_verb_before(scan, i).then_some(i);
    }
    (single_before(scan, i, unit) || (unit != '起' && two_char_trigger_before(scan, i))).then_some(i)
}

/// Whether a figure and a measure word stand within the four characters before `i` (no
/// punctuation between): then the characters up to `i` are the noun they count.
fn counted_noun_before(scan: &Scan, i: usize) -> bool {
    let from = i.saturating_sub(5);
    for k in (from..i.saturating_sub(1)).rev() {
        let Some(c) = scan.ch(k) else { return false };
        if is_punct(c) || is_space(c) {
            return false;
        }
        let figure_before = scan.before(k).is_some_and(|f| is_figure(f) || matches!(f, '多' | '余' | '几'));
        if figure_before && matches!(c, '个' | '种' | '项' | '名' | '家' | '类' | '批' | '位' | '条' | '件') {
            return true;
        }
    }
    false
}

/// A two-character word of quantity or change right before a dangling unit: 增加家。, 达到条。
fn change_verb_before(scan: &Scan, i: usize) -> bool {
    i >= 2
        && matches!(
            scan.slice(i - 2, i),
            "增加" | "减少" | "新增" | "达到" | "超过" | "突破" | "共有" | "累计" | "共计"
        )
}

/// 「元和元」「个、个」: the same unit two characters back, joined by 和 及 或 至 到 、.
fn same_unit_listed_before(scan: &Scan, i: usize, unit: char) -> bool {
    i >= 2 && matches!(scan.before(i), Some('和' | '及' | '或' | '至' | '到' | '、')) && scan.ch(i - 2) == Some(unit)
}

/// A one-character preposition or conjunction (到, 为, 与, 和 …): a quantity may follow it, but
/// so may a place or a name (到台格斗村, 为台企).
fn is_preposition(c: Option<char>) -> bool {
    c.is_some_and(|c| {
        matches!(
            c,
            '为' | '与' | '对' | '和' | '及' | '同' | '给' | '被' | '将' | '把' | '从' | '由' | '至' | '到' | '等'
        )
    })
}

/// Whether the characters right before `i` end a word of the lexicon (测试|次, 项目|个), or a
/// word plus a noun suffix (网格员|名). A measure word after a name (陈奎元, 方栋) or a coinage
/// (霸座) does not follow a word.
fn word_ends_before(scan: &Scan, i: usize) -> bool {
    if i >= 2 && scan.is_word(i - 2, i) {
        // Not a pronoun: 叫什么名, 这个名 (名 as "name").
        return !super::lexicon::is_pronoun(scan.slice(i - 2, i));
    }
    if i >= 3 && scan.is_word(i - 3, i) {
        return true;
    }
    // A word and a noun suffix (博物|馆, 充电|桩, 网格|员, 医共|体).
    if i >= 3
        && scan.freq(i - 3, i - 1) >= 200
        && scan.before(i).is_some_and(|c| {
            matches!(
                c,
                '馆' | '桩'
                    | '体'
                    | '心'
                    | '厅'
                    | '园'
                    | '店'
                    | '库'
                    | '塔'
                    | '楼'
                    | '台'
                    | '箱'
                    | '车'
                    | '船'
                    | '机'
                    | '柜'
            )
        })
    {
        return true;
    }
    i >= 3
        && scan.is_word(i - 3, i - 1)
        && scan.before(i).is_some_and(|c| {
            matches!(
                c,
                '员' | '者'
                    | '师'
                    | '长'
                    | '家'
                    | '生'
                    | '手'
                    | '工'
                    | '品'
                    | '室'
                    | '区'
                    | '站'
                    | '点'
                    | '村'
                    | '厂'
                    | '队'
                    | '组'
                    | '班'
                    | '局'
                    | '院'
                    | '校'
                    | '人'
            )
        })
}

/// Whether the phrase that follows (up to punctuation, at most eight characters) ends in the
/// name of a programme: 工程, 行动, 计划, 活动, 工作.
fn names_a_programme(rest: &str) -> bool {
    let phrase: String = rest.chars().take_while(|c| han(*c) || *c == '“' || *c == '”').take(12).collect();
    ["工程", "行动", "计划", "活动", "项目"].iter().any(|w| phrase.contains(w))
}

fn after_text<'a>(scan: &Scan<'a>, i: usize) -> &'a str {
    scan.text.get(scan.byte(i)..).unwrap_or("")
}

fn unit_like(c: char) -> bool {
    units::unit_at(c.encode_utf8(&mut [0; 4])).is_some()
}

/// The unit belongs to a word: 国家, 名单, 场所, 个人, 陌生人, 千家万户. Decided like a backward
/// maximum match: a three- or four-character word around the unit wins; a two-character word
/// with the character before counts unless that character itself ends a word (医院|所, 学生|人)
/// and the unit dangles.
fn bound_in_word(scan: &Scan, i: usize, len: usize, spaced: bool) -> bool {
    let n = scan.len();
    let end = i + len;
    if len >= 2 && matches!(scan.ch(i), Some('万' | '亿')) && scan.is_word(i, end) {
        return true; // 万家, 万卷: the magnitude and measure word spell a word
    }
    // Words that start at the unit: 个人, 名单, 项目, 家庭, 次要, 所以, 万众一心.
    for l in (2..=4).rev() {
        if i + l <= n && l > len && scan.is_word(i, i + l) {
            // A measure word whose following word is itself a word (模范个人名 aside) — but
            // "个人" after 模范 is what the draft meant: still a word.
            return true;
        }
    }
    if spaced {
        return false;
    }
    // Words that end in or span the unit: 千家万户, 陌生人, 派出所, 国家.
    for back in 1..=3usize {
        let Some(a) = i.checked_sub(back) else { break };
        for l in (back + 1)..=4 {
            let b = a + l;
            if b < end || b > n {
                continue;
            }
            if scan.is_word(a, b) {
                if back == 1 && b == end && l == 2 && i >= 2 {
                    // A two-character word p+unit competes with the word the two characters before
                    // the unit would form (医院|所 against 医|院所, 带动|人 against 带|动人). The
                    // earlier word wins when it is not itself taken by a word before it (精彩|画卷)
                    // and is more frequent, or takes a quantity (带动人就业).
                    let taken = i >= 3 && scan.is_word(i - 3, i - 1);
                    let left = scan.freq(i - 2, i);
                    let verb =
                        units::is_quantity_verb(scan.slice(i - 2, i)) || units::is_people_verb(scan.slice(i - 2, i));
                    let pair = scan.freq(a, b);
                    let dangles = scan.ch(end).is_none_or(is_punct);
                    if left > 0 && !taken && ((dangles && pair < 200 && left > pair) || (verb && pair < 1000)) {
                        continue;
                    }
                }
                return true;
            }
        }
    }
    false
}

/// A word that takes a quantity right before the unit: a one-character trigger (共, 达, 为,
/// 与, 对…), a two-character trigger (共有, 其中, 全县) or a verb of the lexicon (带动, 设置).
fn takes_quantity(scan: &Scan, i: usize, unit: char) -> bool {
    if single_before(scan, i, unit) || two_char_trigger_before(scan, i) {
        return true;
    }
    if unit == '起' || unit == '对' {
        return false;
    }
    // Only verbs that take a count: other verbs take 个 in spoken style too (打听个, 算是个,
    // 打个比方), which finished speeches use.
    quantity_verb_before(scan, i)
}

/// 亿元 and 万元 with an implicit 1 in set phrases: 亿元以上项目, 亿元级, 亿元村, 万元GDP能耗,
/// 万元生产总值, 万元户. (500万元以上 keeps its figure: only 亿元 takes 以上 without one.)
fn exempt_money_unit(scan: &Scan, i: usize, len: usize) -> bool {
    let unit = scan.slice(i, i + len);
    let rest = scan.text.get(scan.byte(i + len)..).unwrap_or("");
    match unit {
        "亿元" => {
            (rest.starts_with("以上") && rest.chars().nth(2).is_some_and(han))
                || ["级", "项目", "大项目", "GDP", "（", "(", "村", "镇", "乡", "企业", "楼宇"]
                    .iter()
                    .any(|w| rest.starts_with(w))
        }
        "万元" => ["GDP", "生产总值", "地区生产总值", "产值", "增加值", "国内生产总值", "户"]
            .iter()
            .any(|w| rest.starts_with(w)),
        _ => false,
    }
}

fn single_before(scan: &Scan, i: usize, unit: char) -> bool {
    let Some(p) = scan.before(i) else { return false };
    if !units::single_trigger(p, unit) {
        return false;
    }
    // 以创新为名, 以港口为家: 以 … 为 frames a role, not a count.
    if p == '为' {
        let mut k = i.saturating_sub(1);
        while k > 0 {
            k -= 1;
            match scan.ch(k) {
                Some('以') => return false,
                Some('，' | ',' | '。' | '；' | ';' | '！' | '？') | None => break,
                _ => {}
            }
        }
    }
    // The trigger must stand alone, not end a word (发达, 因为, 认为, 面对, 相对, 平等); rare
    // "words" of the dictionary (位与) do not count.
    if i >= 2 && scan.freq(i - 2, i) >= 100 {
        let w = scan.slice(i - 2, i);
        return units::is_two_char_trigger(w) || matches!(w, "高达" | "多达" | "长达" | "总共" | "一共");
    }
    true
}

fn two_char_trigger_before(scan: &Scan, i: usize) -> bool {
    if i < 2 {
        return false;
    }
    let w = scan.slice(i - 2, i);
    units::is_two_char_trigger(w)
        || (units::REGION_TRIGGERS.contains(&w)
            && matches!(scan.ch(i), Some('个' | '项' | '家' | '所' | '条' | '处' | '批' | '座')))
}

fn quantity_verb_before(scan: &Scan, i: usize) -> bool {
    i >= 2 && units::is_quantity_verb(scan.slice(i - 2, i))
}

fn people_verb_before(scan: &Scan, i: usize) -> bool {
    i >= 2 && units::is_people_verb(scan.slice(i - 2, i))
}

/// A verb that makes or holds what is counted opens the clause the unit ends (举办汇演场次,
/// 新建学校所), not one that changes a number (增加比赛场次).
fn clause_has_making_verb(scan: &Scan, i: usize) -> bool {
    clause_has(scan, i, units::is_making_verb)
}

fn clause_has(scan: &Scan, i: usize, verb: fn(&str) -> bool) -> bool {
    let mut a = i;
    while a > 0 {
        let Some(c) = scan.before(a) else { break };
        if matches!(c, '，' | ',' | '。' | '；' | ';' | '：' | ':' | '！' | '？') {
            break;
        }
        a -= 1;
    }
    if i < a + 2 {
        return false;
    }
    // The verb must head a phrase, not start a noun ending in a suffix (覆盖面, 受益面).
    (a..i.saturating_sub(1)).any(|k| {
        verb(scan.slice(k, k + 2))
            && !scan
                .ch(k + 2)
                .is_some_and(|c| matches!(units::unit_at(c.encode_utf8(&mut [0; 4])), Some((_, Strength::Suffix))))
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::{check, check_none};

    const CODE: &str = "LEC103";

    #[test]
    fn flags_measure_word_after_quantity_word() {
        check(CODE, "我国共有‸个民族，少数民族人口占比较高。");
        check(CODE, "全县‸个单位与‸个嘎查村结成帮扶对子");
        check(CODE, "社区网格员发现‸户少数民族家庭存在困难");
        check(CODE, "为‸名少数民族创业者发放贷款");
    }

    #[test]
    fn flags_units_that_never_stand_alone() {
        check(CODE, "各结对单位累计投入资金‸万元，受益群众达‸万人。");
        check(CODE, "2024年接待游客‸万人次，旅游收入达‸亿元");
        check(CODE, "嘎查修建通村公路‸公里，结束了出行难");
    }

    #[test]
    fn flags_dangling_measure_word() {
        check(CODE, "实施帮扶项目‸个，受益群众众多。");
        check(CODE, "在全县范围内开展知识测试‸次，发放测评问卷‸份，");
        check(CODE, "新建、改扩建民族学校‸所，新增学位‸个。");
    }

    #[test]
    fn flags_figure_deleted_before_space() {
        check(CODE, "全年共完成生产总值 ‸亿元，增长较快");
        check(CODE, "接受上访信件 ‸件，其中");
    }

    #[test]
    fn flags_missing_figure_before_approximation() {
        check(CODE, "悬挂道旗‸余面，制作宣传牌‸余个");
        check(CODE, "解决‸万各族群众出行问题");
    }

    #[test]
    fn flags_traditional_units_like_simplified_ones() {
        check(CODE, "全鄉轄‸個行政村，完成投資‸萬元，種植果樹‸萬畝，總產值達到 ‸億元（預計）");
    }

    #[test]
    fn flags_dollars_multiples_and_head_counts() {
        check(CODE, "人均收入達 ‸美元；出口額达‸美元，是上年的‸倍，");
        check(CODE, "出席会议的有各部门负责同志‸多人；");
        check(CODE, "分别增加‸亿元、‸亿元，");
    }

    #[test]
    fn no_diagnostic_for_currency_and_crowd_words() {
        for t in [
            "人民币对美元汇率基本稳定，兑换美元的需求上升，以美元计价。",
            "很多人参加了活动，更多人从中受益，造成多人受伤。",
            "這次會議很重要，這個問題要解決，全縣三萬畝耕地。",
            "是上年的倍数关系，两者成倍增长。",
        ] {
            check_none(CODE, t);
        }
    }

    #[test]
    fn no_diagnostic_for_measure_characters_inside_compounds() {
        for t in [
            "广大发展中国家，严禁新建楼堂馆所，健全多层次体系，处于决胜期和攻关期。",
            "补短板、强弱项，其中起关键作用的是改革，回答好培养什么人的问题。",
            "坚持固本培元，防止“旋转门”，做好对台工作，扩大首贷户规模，评选星级文明户。",
            "政策惠及面广，越是紧要处越要坚持，出境旅游人次回升。",
        ] {
            check_none(CODE, t);
        }
    }

    #[test]
    fn no_diagnostic_for_words_with_measure_characters() {
        for t in [
            "这是一个整体，各个部门、每个人都要负责，个别同志和整个班子都要参加。",
            "名单已经公布，著名专家获得提名，国家和大家都很重视。",
            "开展“民族团结万人感言”活动，走进千家万户，万众一心。",
            "元旦期间，单元楼和多元化市场都很繁忙；其次，层次分明，依次推进。",
            "市场、现场和场所都要检查，所以所有派出所都要行动。",
            "项目和事项要落实，条件成熟后出台条例。近年来，今年年度任务完成。",
            "带头、源头、龙头都要抓好。时期和期间要注意，部门要专门处理，到处都是。",
            "在方面和全面上下功夫，单位和岗位要明确。",
            "要尊重人、理解人、关心人，实现人的全面发展。",
            "司法所、财政所要加强协作，扩大覆盖面和受益面，处于转型期、攻坚期。",
            "我们要担负起责任，树立起信心，做到对党忠诚。",
        ] {
            check_none(CODE, t);
        }
    }

    #[test]
    fn no_diagnostic_for_names_pronouns_and_set_phrases() {
        for t in [
            "白立忱、陈奎元、阿不来提出席会议。（记者方栋）",
            "这种鱼叫什么名。这个名是后来才有的。",
            "世界上最大的发展中国家，我们的家国情怀，到家时已是傍晚。",
            "一些公司以创新为名，推出新产品；以港口为家。",
            "出动万余兵力，发行万余小时作品，每吨不足万元，月收入达万元以上。",
            "新建、改扩建种猪场、规模猪场；扫描件和复印件；增加比赛场次。",
            "减少数量和班次，飞行架次增加，一个统计项，2200多种植株。",
            "救助人不承担民事责任，帮扶户发展现状，在全村安置户住房抽签。",
            "推进“芯屏端网”万亿元产业集群，征用医院万张床位，实施万人饮水工程。",
            "补短板、强弱项，攻坚期、决胜期，前景可期，被救助人远在千里。",
            "推进教育、卫生等项事业，三级指标和附加项，培育名院名医，名中医坐诊。",
            "新增万吨载重吨船舶，产业能级迈向万亿级，万兆进园区、千兆到乡村。",
            "全年游客人次、旅游收入分别增长12%、9%。",
        ] {
            check_none(CODE, t);
        }
    }

    #[test]
    fn flags_counts_after_nouns_they_count() {
        check(CODE, "全年出生人口‸人，死亡人口‸人。");
        check(CODE, "全年接待游客‸人次、实现旅游收入‸亿元。");
    }

    #[test]
    fn flags_figures_deleted_next_to_punctuation() {
        check(CODE, "工业和投资分别下降、‸。结构比为：‸：。");
        check(CODE, "粮食产量占全省的‸，居第二位。");
        check(CODE, "总投资达 ‸万元，建成后年产值约 ‸亿元。");
        check(CODE, "调整增加为 ‸项措施，包括设备、模型等 ‸个部分。");
        check(CODE, "今年新建‸家高质量平台，推荐‸名代表参加");
        check(CODE, "光缆长度从2012年的‸万公里增加到54万公里。");
        check_none(CODE, "全市的万人大会，千家万户的万家灯火");
        check_none(CODE, "新建家园，完成项目，设立个人账户，服务家庭，覆盖面广，培育名师，用于发展所需，建设台账，实施家校共育，整治场镇道路，细化落实到人，");
        check_none(CODE, "我 们 成 为 个 人");
        check_none(CODE, "占据主导地位的，占全市的比重；分为：一、二。始终占主导地位的，霸占世界的。");
        check(CODE, "个体工商户转为企业‸户。");
        check(CODE, "举办民族特色技能培训班‸期，培训各族群众‸人次");
        check(CODE, "打造“民族文化+乡村旅游”精品线路‸条，建设星级牧家乐‸家，接待游客");
    }

    #[test]
    fn no_diagnostic_for_real_figures() {
        for t in [
            "城镇新增就业1.2万人，投入226.85亿元，增长5.2%。",
            "近万人参加，上万元奖金，超亿元投资，数万名干部。",
            "三十年来，两个责任，二〇二一年，十四五规划，3—5年。",
            "三次产业结构为11.8︰48.3︰39.9，PM2.5浓度下降，5G基站。",
            "全省有十几个县、上百家企业、数千名党员参与。",
            "价格为每吨3000元，每公里造价，单位：万元，比重(%)。",
            "共有３６个民族，完成投资１２.５亿元。",
        ] {
            check_none(CODE, t);
        }
    }
}
