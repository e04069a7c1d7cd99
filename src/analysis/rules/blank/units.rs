//! The measure words and units after which a figure is expected, and the words around them
//! that tell a figure's slot from ordinary prose. Every list here is small and linguistic:
//! which units never stand without a figure, which measure words are also word suffixes
//! (司法所, 覆盖面, 关键期), which words before a slot take a quantity.

use super::lexicon;

/// How strongly a unit demands a figure before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strength {
    /// Never written without a figure: 亿元, 万元, 人次, 公里, 平方米, 个百分点 (and any
    /// 万/亿 + measure word).
    Strong,
    /// A measure word that is rarely a word suffix (个, 名, 项, 次, 份, 元, 亩, 吨 …): flagged when
    /// left dangling before punctuation right after a word, or after a word that takes a
    /// quantity.
    Measure,
    /// A measure word that is also a productive word suffix (所 in 司法所, 面 in 覆盖面, 期 in
    /// 关键期, 家 in 企业家; 人 户 处 场 头 台 门 卷 件 笔 套 条 座 株, 场次 批次 架次): flagged when
    /// dangling only after what it counts in a clause opened by a verb that makes or holds such
    /// things, and before more text only after a one-character word of quantity.
    Suffix,
    /// Measure words that are too often something else (起 in 担负起, 对 the preposition, a bare
    /// 万): flagged only right after a word that takes a quantity.
    Weak,
}

// The unit tables and the dispatch of the multi-character units by first character, generated
// from `units/units.txt` (one unit and its strength a line) by `units/gen_units.py`.
include!("units/units_gen.rs");

/// The unit that starts at `s` (a string slice from the candidate position), its length in
/// chars and its strength.
pub fn unit_at(s: &str) -> Option<(usize, Strength)> {
    let first = s.chars().next()?;
    if matches!(first, '万' | '亿') {
        let rest = &s[first.len_utf8()..];
        if rest.starts_with("美元") {
            return Some((3, Strength::Strong)); // 万美元, 亿美元
        }
        if first == '万' && rest.starts_with('亿') {
            return unit_at(rest).map(|(n, st)| (n + 1, st)); // 万亿元
        }
        if let Some((n, st)) = unit_at_no_magnitude(rest) {
            let _ = st;
            return Some((n + 1, Strength::Strong));
        }
        if rest.starts_with('余') || rest.starts_with('多') {
            return None; // 万余, 万多: 万 is the numeral itself (出动万余兵力)
        }
        // 解决万各族群众: a bare magnitude, a slot only right after a word taking a quantity.
        return Some((1, Strength::Weak));
    }
    unit_at_no_magnitude(s)
}

fn unit_at_no_magnitude(s: &str) -> Option<(usize, Strength)> {
    let c = s.chars().next()?;
    if c == '美' {
        // 美元 also names the currency (美元汇率, 兑换美元): a slot only after a word of quantity.
        return s.starts_with("美元").then_some((2, Strength::Weak));
    }
    let info = UNIT_INFO.get((c as u32).wrapping_sub(lexicon::BASE) as usize).copied().unwrap_or(0);
    // Multi-character units: compare only the prefixes that start with `c`, in the order of
    // `units.txt`.
    if info & MULTI != 0 && second_may_continue(s.get(c.len_utf8()..).unwrap_or("")) {
        if let Some(found) = multi_char_units(c).iter().find(|(u, _, _)| s.starts_with(u)) {
            return Some((found.1, found.2));
        }
    }
    let st = match info & 3 {
        MEASURE => Strength::Measure,
        SUFFIX => Strength::Suffix,
        WEAK => Strength::Weak,
        _ => return None,
    };
    Some((1, st))
}

const MEASURE: u8 = 1;
const SUFFIX: u8 = 2;
const WEAK: u8 = 3;
const MULTI: u8 = 4;
const SECOND: u8 = 8;

/// Whether `rest` opens with a character that continues a multi-character unit (a cheap test
/// before the prefix comparisons).
fn second_may_continue(rest: &str) -> bool {
    rest.chars().next().is_some_and(|d| {
        UNIT_INFO.get((d as u32).wrapping_sub(lexicon::BASE) as usize).is_some_and(|i| i & SECOND != 0)
    })
}

#[allow(clippy::indexing_slicing)] // evaluated while the crate builds: a bad index fails the build
const fn unit_info() -> [u8; lexicon::SPAN as usize] {
    let mut t = [0u8; lexicon::SPAN as usize];
    let lists: [(&[char], u8); 5] = [
        (MEASURE_CHARS, MEASURE),
        (SUFFIX_CHARS, SUFFIX),
        (WEAK_CHARS, WEAK),
        (MULTI_STARTS, MULTI),
        (MULTI_SECONDS, SECOND),
    ];
    let mut l = 0;
    while l < lists.len() {
        let (chars, bits) = lists[l];
        let mut i = 0;
        while i < chars.len() {
            t[(chars[i] as u32 - lexicon::BASE) as usize] |= bits;
            i += 1;
        }
        l += 1;
    }
    t
}

/// Per character of the basic CJK block: its single-character strength (`MEASURE`, `SUFFIX`,
/// `WEAK`, or 0), whether a multi-character unit starts with it (`MULTI`) and whether it is the
/// second character of one (`SECOND`).
static UNIT_INFO: [u8; lexicon::SPAN as usize] = unit_info();

/// Characters that may stand right before a measure word without a figure: demonstratives and
/// quantifiers (这个, 每人, 各项, 该所, 整个, 逐条, 某地), ordinals (第), particles of spoken style
/// (打了个), and a repeated measure word (个个, 人人).
pub fn allowed_before(c: char) -> bool {
    // A `match` on purpose: this runs for every candidate unit.
    #[rustfmt::skip]
    let allowed = matches!(
        c,
        '这' | '那' | '哪' | '每' | '各' | '该' | '此' | '本' | '整' | '逐' | '某' | '首' | '末' | '上' | '下' | '前'
        | '后' | '半' | '单' | '几' | '数' | '若' | '干' | '余' | '多' | '第' | '了' | '的' | '其' | '另' | '诸' | '凡'
        | '全' | '同' | '历' | '之' | '大' | '小' | '总' | '来'
    );
    allowed
}

/// Characters before 万/亿 that make it a numeral itself: 近万人, 上万元, 超亿元, 数万名.
pub fn allowed_before_magnitude(c: char) -> bool {
    matches!(c, '近' | '上' | '超' | '逾' | '过' | '破' | '数' | '几' | '千' | '百' | '十' | '足')
    // 不足万元
}

/// One-character words that take a quantity right after them (达万人次, 共个, 为名, 占%, 约).
pub fn single_trigger(c: char, unit: char) -> bool {
    if unit == '人' {
        return matches!(c, '共' | '达' | '为' | '约' | '计' | '仅' | '逾');
    }
    if unit == '名' {
        return matches!(c, '共' | '达' | '为' | '约' | '计' | '仅' | '逾' | '等');
        // 王明等名同志 (but 张三等人 is a list)
    }
    if unit == '起' {
        return matches!(c, '共' | '达' | '仅'); // not 计起 (从生产日期计起)
    }
    if unit == '元' {
        return matches!(c, '共' | '达' | '为' | '约' | '计' | '仅' | '逾'); // not 占: 杜占元 is a name
    }
    if unit == '次' {
        return matches!(c, '共' | '达' | '约' | '计' | '仅' | '逾'); // not 和次区域, 与次要
    }
    if matches!(unit, '家' | '处' | '户') {
        return matches!(c, '被' | '对' | '共' | '达' | '约' | '计' | '近' | '超' | '逾');
        // 被家媒体, 对处遗址; not 到家, 从家, 为家为国
    }
    matches!(
        c,
        '共' | '达'
            | '为'
            | '约'
            | '近'
            | '超'
            | '逾'
            | '计'
            | '仅'
            | '与'
            | '对'
            | '和'
            | '及'
            | '被'
            | '从'
            | '由'
            | '至'
            | '到'
            | '等'
            | '辖'
            | '含'
    )
}

/// Two-character words before a slot that take a quantity, beyond the lexicon's verbs.
pub const TWO_CHAR_TRIGGERS: &[&str] = &[
    "共有", "拥有", "现有", "建有", "设有", "辖有", "已有", "另有", "尚有", "仍有", "均有", "其中", "连续", "共计",
    "合计", "总计", "累计", "分别", "超过", "达到", "不足", "将近", "接近", "大约", "约有", "多达", "高达", "长达",
    "仅有", "少于", "多于",
];

/// Places before a count of units (全县个单位): only before 个 项 家 所 条 处 批 座 (全国名中医 is
/// "famous doctors").
pub const REGION_TRIGGERS: &[&str] = &[
    "全县", "全市", "全区", "全镇", "全乡", "全村", "全省", "全旗", "全国", "全州", "我县", "我市", "我区", "我镇",
    "我乡", "我省",
];

/// Verbs that take a count of things as object, used where a measure word is also a word
/// suffix (新建学校所, 打造线路条, 培训各族群众人次) or counts people (带动人就业).
pub const QUANTITY_VERBS: &[&str] = &[
    "新建", "建成", "建设", "改建", "扩建", "新增", "增加", "实施", "完成", "投入", "培育", "打造", "开设", "设立",
    "设置", "配备", "划分", "组织", "举办", "开展", "召开", "评选", "表彰", "推荐", "命名", "认定", "创建", "培训",
    "发放", "吸引", "吸纳", "带动", "解决", "惠及", "覆盖", "累计", "共计", "合计", "征集", "办理", "受理", "调解",
    "审结", "化解", "收到", "接到", "接待", "查处", "排查", "整治", "关闭", "取缔", "拆除", "清理", "引进", "招引",
    "签约", "开工", "竣工", "投产", "转移", "安置", "救助", "资助", "慰问", "走访", "帮扶", "结对", "服务", "参与",
    "参加", "涉及", "达到", "突破", "超过", "修建", "改造", "种植", "养殖", "发展", "争取", "申报", "获得", "荣获",
    "创作", "出版", "开发", "悬挂", "制作", "发现", "成立", "组建", "推出", "举行", "检查", "抽查", "督查", "选派",
    "互派", "招聘", "招录", "培养", "入驻", "新办", "兴办", "建立", "帮助", "共有", "拥有", "现有", "开通", "投放",
    "修缮", "抓获", "救治", "确诊", "死亡", "受伤", "动员", "奖励", "加装", "安装", "新装", "推选", "遴选",
];

/// Verbs after which a bare 人 is a deleted head count (带动人就业, 受益群众达万人).
pub const PEOPLE_VERBS: &[&str] = &[
    "带动", "吸纳", "安置", "培训", "转移", "惠及", "覆盖", "新增", "累计", "共计", "合计", "总计", "达到", "超过",
    "突破", "请假", "到会",
];

static QUANTITY_SET: [u32; QUANTITY_VERBS.len()] = lexicon::pair_set(QUANTITY_VERBS);
static PEOPLE_SET: [u32; PEOPLE_VERBS.len()] = lexicon::pair_set(PEOPLE_VERBS);
static TRIGGER_SET: [u32; TWO_CHAR_TRIGGERS.len()] = lexicon::pair_set(TWO_CHAR_TRIGGERS);

pub fn is_quantity_verb(w: &str) -> bool {
    lexicon::in_pair_set(&QUANTITY_SET, w)
}

pub fn is_people_verb(w: &str) -> bool {
    lexicon::in_pair_set(&PEOPLE_SET, w)
}

pub fn is_two_char_trigger(w: &str) -> bool {
    lexicon::in_pair_set(&TRIGGER_SET, w)
}

/// What follows a measure word when its figure is missing just as surely as before punctuation:
/// 项目个以上, 增长倍左右.
pub fn closes_quantity(rest: &str) -> bool {
    ["以上", "以下", "左右", "之多", "上下", "以内"].iter().any(|w| rest.starts_with(w))
}

/// Verbs after which a bare 户 is a deleted count of households (带动户, 发现户).
pub fn is_household_verb(w: &str) -> bool {
    // Not 帮扶, 安置, 走访: 帮扶户, 安置户 are nouns (the households helped, resettled).
    matches!(w, "带动" | "发现" | "覆盖" | "惠及" | "新增" | "识别")
}

/// Quantity verbs that do not open a count of things made or held (增加比赛场次 changes a
/// number; 举办汇演场次 counts events): left out where a measure word is also a noun suffix.
pub fn is_making_verb(w: &str) -> bool {
    is_quantity_verb(w)
        && !matches!(
            w,
            "增加"
                | "新增"
                | "减少"
                | "覆盖"
                | "惠及"
                | "服务"
                | "参与"
                | "参加"
                | "涉及"
                | "达到"
                | "突破"
                | "超过"
                | "获得"
                | "荣获"
                | "争取"
                | "安置"
                | "转移"
                | "共有"
                | "拥有"
                | "现有"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows of `units.txt`: each unit with its strength, in the file's order.
    fn rows() -> Vec<(&'static str, Strength)> {
        include_str!("units/units.txt")
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|l| {
                let mut parts = l.split_whitespace();
                let unit = parts.next().unwrap_or("");
                let strength = match parts.next() {
                    Some("strong") => Strength::Strong,
                    Some("measure") => Strength::Measure,
                    Some("suffix") => Strength::Suffix,
                    Some("weak") => Strength::Weak,
                    other => panic!("units.txt: {unit} has strength {other:?}"),
                };
                assert_eq!(parts.next(), None, "units.txt: {l}");
                (unit, strength)
            })
            .collect()
    }

    /// The multi-character units as `units.txt` gives them, first match wins.
    fn listed(s: &str) -> Option<(usize, Strength)> {
        rows()
            .into_iter()
            .filter(|(u, _)| u.chars().count() > 1)
            .find(|(u, _)| s.starts_with(u))
            .map(|(u, st)| (u.chars().count(), st))
    }

    /// The single-character units as `units.txt` gives them.
    fn single(c: char) -> Option<Strength> {
        rows().into_iter().find(|(u, _)| u.chars().eq([c])).map(|(_, st)| st)
    }

    /// The generated tables and dispatch (`units/units_gen.rs`) are what `units/gen_units.py`
    /// makes of `units.txt`: the same units, strengths and order. Fails when one file is edited
    /// without the other.
    #[test]
    fn generated_code_follows_units_txt() {
        let rows = rows();
        let singles = |st: Strength| -> Vec<char> {
            rows.iter()
                .filter(|(u, s)| *s == st && u.chars().count() == 1)
                .filter_map(|(u, _)| u.chars().next())
                .collect()
        };
        assert_eq!(MEASURE_CHARS, singles(Strength::Measure).as_slice());
        assert_eq!(SUFFIX_CHARS, singles(Strength::Suffix).as_slice());
        assert_eq!(WEAK_CHARS, singles(Strength::Weak).as_slice());
        assert!(singles(Strength::Strong).is_empty());
        let multi: Vec<(&str, Strength)> = rows.iter().copied().filter(|(u, _)| u.chars().count() > 1).collect();
        let mut starts: Vec<char> = Vec::new();
        let mut seconds: Vec<char> = Vec::new();
        for (u, _) in &multi {
            let mut cs = u.chars();
            let (Some(a), Some(b)) = (cs.next(), cs.next()) else { continue };
            if !starts.contains(&a) {
                starts.push(a);
            }
            if !seconds.contains(&b) {
                seconds.push(b);
            }
        }
        assert_eq!(MULTI_STARTS, starts.as_slice());
        assert_eq!(MULTI_SECONDS, seconds.as_slice());
        for c in (0..=0xFFFF).filter_map(char::from_u32) {
            let want: Vec<(&str, usize, Strength)> =
                multi.iter().filter(|(u, _)| u.starts_with(c)).map(|&(u, st)| (u, u.chars().count(), st)).collect();
            assert_eq!(multi_char_units(c), want.as_slice(), "{c}");
        }
        let mut starts_all: Vec<char> = ['万', '亿', '美'].into_iter().chain(starts).collect();
        starts_all.extend(rows.iter().filter_map(|(u, _)| u.chars().next()));
        starts_all.sort_unstable();
        starts_all.dedup();
        let mut generated = UNIT_STARTS.to_vec();
        generated.sort_unstable();
        assert_eq!(generated, starts_all);
        assert_eq!(generated.len(), UNIT_STARTS.len(), "UNIT_STARTS lists a character twice");
    }

    /// Every row of `units.txt` is used: `unit_at` finds the row's unit, whole, with its
    /// strength, and no unit is listed twice.
    #[test]
    fn every_unit_row_is_used() {
        let rows = rows();
        for (i, (u, st)) in rows.iter().enumerate() {
            assert!(!rows.iter().take(i).any(|(v, _)| v == u), "units.txt lists {u} twice");
            assert_eq!(unit_at(u), Some((u.chars().count(), *st)), "{u}");
            assert_eq!(unit_at(&format!("{u}。")), Some((u.chars().count(), *st)), "{u}");
        }
    }

    #[test]
    fn unit_table_follows_the_lists() {
        for c in (0..=0xFFFF).filter_map(char::from_u32) {
            let s = format!("{c}");
            let listed_single = single(c).map(|st| (1, st));
            let expected = if c == '美' { None } else { listed(&s).or(listed_single) };
            assert_eq!(unit_at_no_magnitude(&s), expected, "{c}");
            let k = (c as u32).wrapping_sub(lexicon::BASE);
            let multi = UNIT_INFO.get(k as usize).is_some_and(|i| i & MULTI != 0);
            assert_eq!(multi, !multi_char_units(c).is_empty(), "{c}");
        }
    }

    #[test]
    fn unit_starts_are_where_a_unit_may_start() {
        for c in (0..=0xFFFF).filter_map(char::from_u32) {
            let k = (c as u32).wrapping_sub(lexicon::BASE);
            let may = matches!(c, '万' | '亿' | '美') || UNIT_INFO.get(k as usize).is_some_and(|&i| i & !SECOND != 0);
            assert_eq!(UNIT_STARTS.contains(&c), may, "{c}");
            if !may {
                assert_eq!(unit_at(&format!("{c}元")), None, "{c}");
            }
        }
    }

    #[test]
    fn multi_char_units_follow_the_lists() {
        let all: Vec<&str> = rows().into_iter().map(|(u, _)| u).filter(|u| u.chars().count() > 1).collect();
        let mut probes: Vec<String> = Vec::new();
        for u in &all {
            let cs: Vec<char> = u.chars().collect();
            for k in 1..=cs.len() {
                let p: String = cs.iter().take(k).collect();
                probes.push(format!("{p}人"));
                probes.push(p);
            }
        }
        for p in &probes {
            let c = p.chars().next().unwrap_or(' ');
            let got = multi_char_units(c).iter().find(|(u, _, _)| p.starts_with(u)).map(|f| (f.1, f.2));
            assert_eq!(got, listed(p), "{p}");
        }
        for u in &all {
            assert!(UNIT_STARTS.contains(&u.chars().next().unwrap_or(' ')), "{u}");
            assert!(second_may_continue(u.get(3..).unwrap_or("")), "{u}");
        }
    }
}
