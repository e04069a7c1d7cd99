//! Word's automatic numbering (`word/numbering.xml`, list styles in `word/styles.xml`) turned
//! into the numbers a reader sees, e.g. `一、` or `（三）`, so that the engine checks them like
//! typed ones.
//!
//! The model follows ECMA-376 §17.9: a paragraph names a numbering instance (`w:numId`) and a
//! level (`w:ilvl`); the instance points to an abstract definition (`w:abstractNum`) whose
//! levels give the start value, the number format (`w:numFmt`) and the level text
//! (`w:lvlText`, e.g. `%1、`); an instance may override a level's start (`w:startOverride`),
//! which restarts the list. Instances of one abstract definition share their counters, as in
//! Word, unless the instance restarts a level: then it keeps counters of its own.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// The nine list levels Word supports.
const LEVELS: usize = 9;

#[derive(Clone, Debug, Default)]
pub struct Level {
    start: Option<i64>,
    format: String,
    text: Option<String>,
    /// `w:lvlRestart`: `Some(0)` never restarts; `Some(n)` restarts after level n-1 (1-based);
    /// absent: restarts after any higher level.
    restart: Option<i64>,
    /// `w:isLgl`: all numbers shown in Arabic digits.
    legal: bool,
    /// `w:suff`: tab (default), space or nothing.
    suffix: Suffix,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Suffix {
    #[default]
    Tab,
    Space,
    Nothing,
}

#[derive(Clone, Debug, Default)]
struct Abstract {
    levels: [Option<Level>; LEVELS],
}

#[derive(Clone, Debug, Default)]
struct Instance {
    abstract_id: String,
    /// Per level: a restart value and/or a whole replacement level.
    start_override: [Option<i64>; LEVELS],
    level_override: [Option<Level>; LEVELS],
}

/// The parsed numbering definitions of one document.
#[derive(Debug, Default)]
pub struct Numbering {
    abstracts: HashMap<String, Abstract>,
    instances: HashMap<String, Instance>,
}

/// A paragraph style's numbering (`w:pPr/w:numPr`) and its parent (`w:basedOn`).
#[derive(Debug, Default)]
struct Style {
    num_id: Option<String>,
    ilvl: Option<usize>,
    based_on: Option<String>,
}

/// Paragraph styles that carry numbering (e.g. a "标题 1" linked to a multilevel list).
#[derive(Debug, Default)]
pub struct Styles {
    styles: HashMap<String, Style>,
    default_paragraph: Option<String>,
}

/// The local name of an element or attribute (prefixes differ between producers).
fn local(name: &[u8]) -> &[u8] {
    match name.iter().rposition(|&b| b == b':') {
        Some(i) => name.get(i + 1..).unwrap_or(name),
        None => name,
    }
}

/// The value of the attribute whose local name is `key`.
pub(super) fn attr(e: &BytesStart<'_>, key: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| local(a.key.as_ref()) == key)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

fn attr_int(e: &BytesStart<'_>, key: &[u8]) -> Option<i64> {
    attr(e, key).and_then(|v| v.trim().parse().ok())
}

fn level_index(e: &BytesStart<'_>) -> Option<usize> {
    attr_int(e, b"ilvl").and_then(|i| usize::try_from(i).ok()).filter(|&i| i < LEVELS)
}

/// On/off properties: present without `w:val`, or with a true value.
fn on(e: &BytesStart<'_>) -> bool {
    !matches!(attr(e, b"val").as_deref(), Some("0" | "false" | "off"))
}

impl Level {
    /// Applies one child element of `w:lvl`.
    fn apply(&mut self, e: &BytesStart<'_>) {
        match local(e.name().as_ref()) {
            b"start" => self.start = attr_int(e, b"val"),
            b"numFmt" => self.format = attr(e, b"val").unwrap_or_default(),
            b"lvlText" => self.text = attr(e, b"val"),
            b"lvlRestart" => self.restart = attr_int(e, b"val"),
            b"isLgl" => self.legal = on(e),
            b"suff" => {
                self.suffix = match attr(e, b"val").as_deref() {
                    Some("space") => Suffix::Space,
                    Some("nothing") => Suffix::Nothing,
                    _ => Suffix::Tab,
                }
            }
            _ => {}
        }
    }
}

impl Numbering {
    /// Parses `word/numbering.xml`. Elements it does not know are skipped; a malformed part is
    /// an error (the caller names the part).
    pub fn parse(xml: &str) -> Result<Numbering, quick_xml::Error> {
        let mut out = Numbering::default();
        let mut reader = Reader::from_str(xml);
        // Where we are: the abstract definition or instance being read, and its current level.
        let mut abs: Option<(String, Abstract)> = None;
        let mut inst: Option<(String, Instance)> = None;
        let mut level: Option<(usize, Level)> = None;
        let mut override_level: Option<usize> = None;
        loop {
            let ev = reader.read_event()?;
            let (e, empty) = match &ev {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::End(e) => {
                    match local(e.name().as_ref()) {
                        b"lvl" => {
                            if let Some((i, l)) = level.take() {
                                if let (Some(o), Some((_, inst))) = (override_level, inst.as_mut()) {
                                    if let Some(slot) = inst.level_override.get_mut(o) {
                                        *slot = Some(l);
                                    }
                                } else if let Some((_, a)) = abs.as_mut() {
                                    if let Some(slot) = a.levels.get_mut(i) {
                                        *slot = Some(l);
                                    }
                                }
                            }
                        }
                        b"lvlOverride" => override_level = None,
                        b"abstractNum" => {
                            if let Some((id, a)) = abs.take() {
                                out.abstracts.insert(id, a);
                            }
                        }
                        b"num" => {
                            if let Some((id, i)) = inst.take() {
                                out.instances.insert(id, i);
                            }
                        }
                        _ => {}
                    }
                    continue;
                }
                Event::Eof => break,
                _ => continue,
            };
            match local(e.name().as_ref()) {
                b"abstractNum" if !empty => {
                    abs = attr(e, b"abstractNumId").map(|id| (id, Abstract::default()));
                }
                b"num" if !empty => {
                    inst = attr(e, b"numId").map(|id| (id, Instance::default()));
                }
                b"abstractNumId" => {
                    if let Some((_, i)) = inst.as_mut() {
                        i.abstract_id = attr(e, b"val").unwrap_or_default();
                    }
                }
                b"lvlOverride" if !empty => override_level = level_index(e),
                b"startOverride" => {
                    if let (Some(o), Some((_, i))) = (override_level, inst.as_mut()) {
                        if let Some(slot) = i.start_override.get_mut(o) {
                            *slot = attr_int(e, b"val");
                        }
                    }
                }
                b"lvl" if !empty => {
                    let i = level_index(e).or(override_level).unwrap_or(0);
                    level = Some((i, Level::default()));
                }
                _ => {
                    if let Some((_, l)) = level.as_mut() {
                        l.apply(e);
                    }
                }
            }
        }
        Ok(out)
    }

    /// The level definition an instance uses, and the key of the counters it shares.
    fn resolve(&self, num_id: &str, ilvl: usize) -> Option<(&Level, &Instance)> {
        let inst = self.instances.get(num_id)?;
        let level = match inst.level_override.get(ilvl).and_then(Option::as_ref) {
            Some(l) => l,
            None => self.abstracts.get(&inst.abstract_id)?.levels.get(ilvl)?.as_ref()?,
        };
        Some((level, inst))
    }

    fn level(&self, num_id: &str, ilvl: usize) -> Option<&Level> {
        self.resolve(num_id, ilvl).map(|(l, _)| l)
    }
}

impl Styles {
    /// Parses `word/styles.xml` for paragraph styles with numbering.
    pub fn parse(xml: &str) -> Result<Styles, quick_xml::Error> {
        let mut out = Styles::default();
        let mut reader = Reader::from_str(xml);
        let mut current: Option<(String, Style)> = None;
        // Inside `w:pPrChange` (a tracked change's old properties): ignored.
        let mut skip = 0usize;
        loop {
            match reader.read_event()? {
                Event::Start(e) => {
                    let name = local(e.name().as_ref()).to_vec();
                    if skip > 0 || name == b"pPrChange" {
                        skip += 1;
                        continue;
                    }
                    if name == b"style" {
                        let paragraph = attr(&e, b"type").is_none_or(|t| t == "paragraph");
                        current = attr(&e, b"styleId").filter(|_| paragraph).map(|id| (id, Style::default()));
                        if current.is_some() && attr(&e, b"default").is_some_and(|v| v == "1" || v == "true") {
                            out.default_paragraph = current.as_ref().map(|(id, _)| id.clone());
                        }
                    }
                }
                Event::Empty(e) => {
                    if skip > 0 {
                        continue;
                    }
                    let Some((_, s)) = current.as_mut() else { continue };
                    match local(e.name().as_ref()) {
                        b"basedOn" => s.based_on = attr(&e, b"val"),
                        b"numId" => s.num_id = attr(&e, b"val"),
                        b"ilvl" => s.ilvl = attr_int(&e, b"val").and_then(|i| usize::try_from(i).ok()),
                        _ => {}
                    }
                }
                Event::End(e) => {
                    if skip > 0 {
                        skip -= 1;
                        continue;
                    }
                    if local(e.name().as_ref()) == b"style" {
                        if let Some((id, s)) = current.take() {
                            out.styles.insert(id, s);
                        }
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(out)
    }

    /// The numbering a paragraph style gives (following `basedOn`, at most a few steps).
    fn numbering(&self, style: Option<&str>) -> (Option<String>, Option<usize>) {
        let mut id = style.map(str::to_string).or_else(|| self.default_paragraph.clone());
        let (mut num, mut ilvl) = (None, None);
        for _ in 0..16 {
            let Some(s) = id.as_deref().and_then(|i| self.styles.get(i)) else { break };
            if num.is_none() {
                num = s.num_id.clone();
            }
            if ilvl.is_none() {
                ilvl = s.ilvl;
            }
            if num.is_some() && ilvl.is_some() {
                break;
            }
            id = s.based_on.clone();
        }
        (num, ilvl)
    }
}

/// What a paragraph says about its numbering (its own `w:numPr` and its style).
#[derive(Clone, Debug, Default)]
pub struct ParaNumbering {
    pub num_id: Option<String>,
    pub ilvl: Option<usize>,
    pub style: Option<String>,
}

/// Walks the paragraphs in document order and gives each numbered one its displayed number.
pub struct Counter<'a> {
    numbering: &'a Numbering,
    styles: &'a Styles,
    /// Counters per list: the abstract definition's id, or the instance's own when it restarts.
    counters: HashMap<String, [Option<i64>; LEVELS]>,
}

impl<'a> Counter<'a> {
    pub fn new(numbering: &'a Numbering, styles: &'a Styles) -> Self {
        Counter { numbering, styles, counters: HashMap::new() }
    }

    /// The number shown before the paragraph (with its separator), if it is numbered.
    pub fn label(&mut self, p: &ParaNumbering) -> Option<String> {
        let (style_num, style_ilvl) = self.styles.numbering(p.style.as_deref());
        let num_id = p.num_id.clone().or(style_num)?;
        // numId 0 removes the numbering a style would give.
        if num_id.trim() == "0" {
            return None;
        }
        let ilvl = p.ilvl.or(style_ilvl).unwrap_or(0).min(LEVELS - 1);
        let (_, inst) = self.numbering.resolve(&num_id, ilvl)?;
        let restarts = inst.start_override.iter().any(Option::is_some);
        let key = if restarts { format!("num:{num_id}") } else { format!("abs:{}", inst.abstract_id) };
        let numbering = self.numbering;
        let start = |lvl: usize| -> i64 {
            inst.start_override
                .get(lvl)
                .copied()
                .flatten()
                .or_else(|| numbering.level(&num_id, lvl).and_then(|l| l.start))
                .unwrap_or(0)
        };
        let counters = self.counters.entry(key).or_insert([None; LEVELS]);
        let next = match counters.get(ilvl).copied().flatten() {
            Some(n) => n.saturating_add(1),
            None => start(ilvl),
        };
        if let Some(slot) = counters.get_mut(ilvl) {
            *slot = Some(next);
        }
        // Deeper levels restart after this one unless their lvlRestart says otherwise.
        for deeper in ilvl + 1..LEVELS {
            let restart = numbering.level(&num_id, deeper).and_then(|l| l.restart);
            let resets = match restart {
                None => true,
                Some(0) => false,
                Some(r) => i64::try_from(ilvl).unwrap_or(i64::MAX) < r,
            };
            if resets {
                if let Some(slot) = counters.get_mut(deeper) {
                    *slot = None;
                }
            }
        }
        let level = numbering.level(&num_id, ilvl)?;
        if level.format == "bullet" || level.format == "none" {
            // A bullet carries no number (and often a symbol-font character): nothing to check.
            return None;
        }
        let template = level.text.clone().unwrap_or_else(|| format!("%{}", ilvl + 1));
        let mut out = String::new();
        let mut chars = template.chars().peekable();
        while let Some(c) = chars.next() {
            let digit = chars.peek().and_then(|d| d.to_digit(10)).filter(|d| (1..=9).contains(d));
            match (c, digit) {
                ('%', Some(d)) => {
                    chars.next();
                    let k = (d - 1) as usize;
                    let value = counters.get(k).copied().flatten().unwrap_or_else(|| start(k));
                    let fmt = numbering.level(&num_id, k).map_or("decimal", |l| l.format.as_str());
                    let fmt = if level.legal { "decimal" } else { fmt };
                    out.push_str(&format_number(value, fmt));
                }
                _ => out.push(c),
            }
        }
        if out.is_empty() {
            return None;
        }
        // The gap Word draws after the number: a tab or a space reads as a space, unless the
        // number already ends in a mark (一、 （一）) that separates it from the text.
        let ends_in_mark = out.chars().last().is_some_and(|c| !c.is_ascii());
        if level.suffix != Suffix::Nothing && !ends_in_mark {
            out.push(' ');
        }
        Some(out)
    }
}

const CN_DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const CN_LEGAL: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];

fn digit_char(table: &[char; 10], d: i64) -> char {
    usize::try_from(d).ok().and_then(|i| table.get(i)).copied().unwrap_or('?')
}

/// Chinese counting as Word writes it: 一 … 十, 十一, 二十, 一百零一, 一千零一十 (up to 9999;
/// larger values fall back to Arabic digits).
fn chinese_counting(n: i64, digits: &[char; 10], units: [char; 3], zero: char) -> String {
    if n <= 0 || n > 9999 {
        return n.to_string();
    }
    if (10..20).contains(&n) && digits == &CN_DIGITS {
        // 十一, not 一十一
        let rest = n - 10;
        let mut s = units[0].to_string();
        if rest > 0 {
            s.push(digit_char(digits, rest));
        }
        return s;
    }
    let parts =
        [(n / 1000, Some(units[2])), ((n / 100) % 10, Some(units[1])), ((n / 10) % 10, Some(units[0])), (n % 10, None)];
    let mut s = String::new();
    let mut pending_zero = false;
    for (d, unit) in parts {
        if d == 0 {
            if !s.is_empty() {
                pending_zero = true;
            }
            continue;
        }
        if pending_zero {
            s.push(zero);
            pending_zero = false;
        }
        s.push(digit_char(digits, d));
        if let Some(u) = unit {
            s.push(u);
        }
    }
    s
}

fn letters(n: i64, base: char) -> String {
    if n <= 0 {
        return n.to_string();
    }
    // Word repeats the letter: 27 → AA, 28 → BB.
    let idx = u32::try_from((n - 1) % 26).unwrap_or(0);
    let times = usize::try_from((n - 1) / 26 + 1).unwrap_or(1).min(64);
    let c = char::from_u32(base as u32 + idx).unwrap_or(base);
    std::iter::repeat_n(c, times).collect()
}

fn roman(n: i64, upper: bool) -> String {
    if !(1..4000).contains(&n) {
        return n.to_string();
    }
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut n = n;
    let mut s = String::new();
    for (v, r) in table {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    if upper {
        s
    } else {
        s.to_ascii_lowercase()
    }
}

fn offset_char(base: char, n: i64, max: i64) -> Option<String> {
    if (1..=max).contains(&n) {
        let n = u32::try_from(n - 1).ok()?;
        char::from_u32(base as u32 + n).map(String::from)
    } else {
        None
    }
}

fn cycle(table: &[char], n: i64) -> String {
    let len = i64::try_from(table.len()).unwrap_or(1);
    if n <= 0 {
        return n.to_string();
    }
    usize::try_from((n - 1) % len).ok().and_then(|i| table.get(i)).map_or_else(|| n.to_string(), |c| c.to_string())
}

/// One number in a Word number format (`w:numFmt`). Unknown formats read as decimal.
pub fn format_number(n: i64, fmt: &str) -> String {
    match fmt {
        "chineseCounting" | "chineseCountingThousand" | "japaneseCounting" | "taiwaneseCounting" | "koreanCounting" => {
            chinese_counting(n, &CN_DIGITS, ['十', '百', '千'], '零')
        }
        "chineseLegalSimplified" => chinese_counting(n, &CN_LEGAL, ['拾', '佰', '仟'], '零'),
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => {
            if n < 0 {
                n.to_string()
            } else {
                n.to_string()
                    .chars()
                    .map(|c| c.to_digit(10).map_or(c, |d| digit_char(&CN_DIGITS, i64::from(d))))
                    .collect()
            }
        }
        "ideographTraditional" => cycle(&['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'], n),
        "ideographZodiac" => cycle(&['子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥'], n),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => {
            offset_char('①', n, 20).unwrap_or_else(|| n.to_string())
        }
        "decimalEnclosedParen" => offset_char('⑴', n, 20).unwrap_or_else(|| format!("({n})")),
        "decimalEnclosedFullstop" => offset_char('⒈', n, 20).unwrap_or_else(|| format!("{n}.")),
        "ideographEnclosedCircle" => offset_char('㈠', n, 10).unwrap_or_else(|| n.to_string()),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| if c.is_ascii_digit() { char::from_u32(c as u32 + 0xFEE0).unwrap_or(c) } else { c })
            .collect(),
        "decimalZero" if (0..10).contains(&n) => format!("0{n}"),
        "upperLetter" => letters(n, 'A'),
        "lowerLetter" => letters(n, 'a'),
        "upperRoman" => roman(n, true),
        "lowerRoman" => roman(n, false),
        "none" => String::new(),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counting_reads_as_word_writes_it() {
        let got: Vec<String> = [1, 3, 10, 11, 20, 21, 99, 100, 101, 110, 1001, 1010]
            .iter()
            .map(|&n| format_number(n, "chineseCounting"))
            .collect();
        assert_eq!(
            got,
            [
                "一",
                "三",
                "十",
                "十一",
                "二十",
                "二十一",
                "九十九",
                "一百",
                "一百零一",
                "一百一十",
                "一千零一",
                "一千零一十"
            ]
        );
        assert_eq!(format_number(12, "chineseLegalSimplified"), "壹拾贰");
    }

    #[test]
    fn other_formats() {
        assert_eq!(format_number(3, "decimal"), "3");
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
        assert_eq!(format_number(12, "decimalFullWidth"), "１２");
        assert_eq!(format_number(28, "upperLetter"), "BB");
        assert_eq!(format_number(14, "lowerRoman"), "xiv");
        assert_eq!(format_number(2, "ideographTraditional"), "乙");
        assert_eq!(format_number(205, "ideographDigital"), "二〇五");
        assert_eq!(format_number(4, "somethingNew"), "4");
    }

    const NUMBERING: &str = r#"<w:numbering xmlns:w="w">
<w:abstractNum w:abstractNumId="0">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/><w:suff w:val="space"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride></w:num>
</w:numbering>"#;

    fn para(num: &str, ilvl: usize) -> ParaNumbering {
        ParaNumbering { num_id: Some(num.into()), ilvl: Some(ilvl), style: None }
    }

    #[test]
    fn levels_count_restart_and_override() {
        let n = Numbering::parse(NUMBERING).unwrap_or_default();
        let s = Styles::default();
        let mut c = Counter::new(&n, &s);
        let got: Vec<Option<String>> = [
            para("1", 0),
            para("1", 1),
            para("1", 1),
            para("1", 2),
            para("1", 0),
            para("1", 1),
            para("2", 0),
            para("0", 0),
        ]
        .iter()
        .map(|p| c.label(p))
        .collect();
        let want = ["一、", "（一）", "（二）", "1. ", "二、", "（一）", "三、"];
        let mut want: Vec<Option<String>> = want.iter().map(|s| Some((*s).to_string())).collect();
        want.push(None);
        assert_eq!(got, want);
    }

    #[test]
    fn styles_give_numbering_through_based_on() {
        let styles = r#"<w:styles xmlns:w="w">
<w:style w:type="paragraph" w:styleId="H1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="H1b"><w:basedOn w:val="H1"/></w:style>
</w:styles>"#;
        let n = Numbering::parse(NUMBERING).unwrap_or_default();
        let s = Styles::parse(styles).unwrap_or_default();
        let mut c = Counter::new(&n, &s);
        let p = ParaNumbering { style: Some("H1b".into()), ..Default::default() };
        assert_eq!(c.label(&p).as_deref(), Some("一、"));
        assert_eq!(c.label(&p).as_deref(), Some("二、"));
        let plain = ParaNumbering { style: Some("Normal".into()), ..Default::default() };
        assert_eq!(c.label(&plain), None);
    }
}
