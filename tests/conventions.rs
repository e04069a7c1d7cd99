//! Official documents' own numbering conventions (issue 16): continuous numbering across
//! sections, notes and annexes with their own numbering, an item number followed by a figure,
//! in-paragraph lists nested in an item, and table blocks. Each synthetic document under
//! `tests/data/conventions` is finished and defect-free: in both punctuation widths it yields
//! no numbering finding and no blank finding inside a table; with one heading or item removed,
//! the removal is found.

use std::fs;
use std::path::{Path, PathBuf};

use lectern::analysis::{analyze, Category, Config};

fn docs() -> Vec<(PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/conventions");
    let mut out: Vec<(PathBuf, String)> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let text = fs::read_to_string(&p).expect("read fixture");
            (p, text)
        })
        .collect();
    out.sort();
    assert!(out.len() >= 2, "fixtures missing");
    out
}

/// The full-width twin: ASCII , : ; ( ) next to Chinese text become ，：；（）.
fn widen(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let han = |c: Option<&char>| c.is_some_and(|c| !c.is_ascii() && !c.is_whitespace());
    let mut out = String::with_capacity(text.len() * 2);
    for (i, &c) in chars.iter().enumerate() {
        let near = han(i.checked_sub(1).and_then(|k| chars.get(k))) || han(chars.get(i + 1));
        let w = match c {
            ',' if near => '，',
            ':' if near => '：',
            ';' if near => '；',
            '(' if near || chars.get(i + 1) == Some(&'%') => '（',
            ')' if near || (i > 0 && chars.get(i - 1) == Some(&'%')) => '）',
            _ => c,
        };
        out.push(w);
    }
    out
}

fn both_widths() -> Vec<(String, String)> {
    docs()
        .into_iter()
        .flat_map(|(p, t)| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let wide = widen(&t);
            assert_ne!(wide, t, "{name}: the full-width twin differs");
            [(format!("{name} (half)"), t), (format!("{name} (full)"), wide)]
        })
        .collect()
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

fn numbering(text: &str) -> Vec<(usize, &'static str, String)> {
    analyze(text, &Config::default())
        .diagnostics
        .into_iter()
        .filter(|d| d.category() == Category::Numbering)
        .map(|d| (line_of(text, d.range.start), d.code(), d.message))
        .collect()
}

#[test]
fn conventional_documents_have_no_numbering_finding() {
    for (name, text) in both_widths() {
        assert_eq!(numbering(&text), vec![], "{name}");
    }
}

#[test]
fn no_blank_finding_inside_tables() {
    let mut tables = 0;
    for (name, text) in both_widths() {
        let lines: Vec<&str> = text.lines().collect();
        let is_table = |l: &str| l.contains('\t') || l.contains("  ") || l.starts_with("单位");
        tables += lines.iter().filter(|l| is_table(l)).count();
        for d in analyze(&text, &Config::default()).diagnostics {
            if d.category() == Category::Blank {
                let line = lines.get(line_of(&text, d.range.start) - 1).copied().unwrap_or("");
                assert!(!is_table(line), "{name}: {} in a table row: {line}", d.code());
            }
        }
    }
    assert!(tables >= 10, "the fixtures hold table rows ({tables})");
}

#[test]
fn a_table_cell_that_reads_like_a_gap_is_not_a_blank_but_xx_still_is() {
    let text = "一、主要产品产量\n单位：万吨\n指标\t2024年\t增减（%）\n原煤\t万吨\t3,215\n钢材\t万吨\tXX\t-2.1\n";
    let blanks: Vec<usize> = analyze(text, &Config::default())
        .diagnostics
        .iter()
        .filter(|d| d.category() == Category::Blank)
        .map(|d| line_of(text, d.range.start))
        .collect();
    assert_eq!(blanks, vec![5]);
    // the same row as prose is a missing figure
    let prose = "今年原煤产量万吨，比上年增长。\n";
    assert!(analyze(prose, &Config::default()).diagnostics.iter().any(|d| d.category() == Category::Blank));
}

/// A statistical communiqué's tables as they reach a draft: a title (表1), a unit line, a
/// header row with single spaces, rows of figures with units separated by single spaces (a
/// table flattened by copying), tab-separated and space-aligned rows, and numbered rows.
const REPORT_TABLES: &str = "一、工业生产
全年规模以上工业增加值比上年增长6.1%。
表1 2024年主要工业产品产量
单位：万吨
指标 2024年 比上年增长（%）
原煤 万吨 3,215 2.1
粗钢 万吨 1,020 -1.5
发电量 亿千瓦时 5.6 3.2
二、农业
全年粮食产量保持稳定。
表2 主要农产品产量
产品名称      单位      产量      增减（%）
粮食          万吨      283.4     1.2
油料          万吨      12.6      -0.8
产品	 产量	增减
1	蔬菜	410	3.5
2	水果	96.2	-1.1
三、服务业
全年服务业增加值比上年增长5.2%。
";

#[test]
fn report_tables_are_tables_to_every_family() {
    for text in [REPORT_TABLES.to_string(), widen(REPORT_TABLES)] {
        let found: Vec<(usize, &str)> = analyze(&text, &Config::default())
            .diagnostics
            .iter()
            .filter(|d| matches!(d.category(), Category::Blank | Category::Numbering))
            .map(|d| (line_of(&text, d.range.start), d.code()))
            .collect();
        assert_eq!(found, vec![], "{text}");
    }
    // the rows are tables only as rows: the same words in a sentence lose a figure
    let prose = "全年原煤产量万吨，比上年增长2.1%。\n";
    assert!(analyze(prose, &Config::default()).diagnostics.iter().any(|d| d.category() == Category::Blank));
}

/// 1–19 written in Chinese or Arabic numerals.
fn value(num: &str) -> u32 {
    const CN: &str = "一二三四五六七八九";
    let digit = |c: char| CN.chars().position(|d| d == c).map_or(0, |k| k as u32 + 1);
    if let Ok(n) = num.parse() {
        return n;
    }
    match num.chars().collect::<Vec<_>>().as_slice() {
        ['十'] => 10,
        ['十', b] => 10 + digit(*b),
        [a] => digit(*a),
        _ => 0,
    }
}

/// Lines opening with a heading marker (一、 （一） 1.): removable items whose next item of the
/// same kind carries the next number.
fn removable(text: &str) -> Vec<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let kind = |l: &str| -> Option<(u8, String)> {
        let num: String = l.chars().take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c)).collect();
        let rest = &l[num.len()..];
        let digit_after = rest.chars().nth(1).is_some_and(|c| c.is_ascii_digit());
        if !num.is_empty() && (rest.starts_with('、') || rest.starts_with('.')) && !digit_after {
            return Some((if rest.starts_with('、') { 1 } else { 3 }, num));
        }
        let inner = l.strip_prefix('（').or_else(|| l.strip_prefix('('))?;
        let num: String = inner.chars().take_while(|c| "一二三四五六七八九十".contains(*c)).collect();
        (!num.is_empty()).then_some((2, num))
    };
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let Some((k, num)) = kind(l) else { continue };
        if k == 1 && num == "一" {
            // a text may begin at its second section (an excerpt): a missing 一、 is reported
            // only after a salutation, which these official documents do not have
            continue;
        }
        // the next line of the same kind, before any line of a higher kind
        for (j, m) in lines.iter().enumerate().skip(i + 1) {
            match kind(m) {
                Some((k2, n2)) if k2 == k => {
                    if value(&n2) == value(&num) + 1 {
                        out.push((i, j));
                    }
                    break;
                }
                Some((k2, _)) if k2 < k => break,
                _ => {}
            }
        }
    }
    out
}

#[test]
fn a_removed_heading_is_found_in_every_document() {
    let mut runs = 0;
    for (name, text) in both_widths() {
        let lines: Vec<&str> = text.lines().collect();
        for (i, succ) in removable(&text) {
            // a removed first item of a run under 注： or an annex title is still a first item
            let mut kept = lines.clone();
            kept.remove(i);
            let removed = kept.join("\n");
            let got = numbering(&removed);
            // the finding lands between the removal point and the successor (now at succ-1)
            assert!(
                got.iter().any(|(l, _, _)| (i + 1..=succ).contains(l)),
                "{name}: line {} ({}) removed, found {got:?}",
                i + 1,
                lines[i]
            );
            runs += 1;
        }
    }
    assert!(runs >= 20, "{runs} removals");
}

#[test]
fn a_document_that_both_carries_on_and_restarts_is_told_once() {
    let text = "一、甲\n（一）子\n（二）丑\n二、乙\n（三）寅\n（四）卯\n三、丙\n（五）辰\n四、丁\n（一）巳\n（二）午\n";
    let got: Vec<_> = analyze(text, &Config::default())
        .diagnostics
        .into_iter()
        .filter(|d| d.category() == Category::Numbering)
        .collect();
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(line_of(text, got[0].range.start), 5);
    // every other place is named
    assert_eq!(got[0].related.len(), 2, "{:?}", got[0].related);
}

#[test]
fn continuous_numbering_throughout_is_a_convention() {
    let text = "一、甲\n（一）子\n（二）丑\n二、乙\n（三）寅\n（四）卯\n三、丙\n（五）辰\n";
    assert_eq!(numbering(text), vec![]);
    // a gap inside it is still a gap
    let gap = "一、甲\n（一）子\n（二）丑\n二、乙\n（四）卯\n三、丙\n（五）辰\n";
    assert_eq!(numbering(gap).len(), 1, "{:?}", numbering(gap));
}

#[test]
fn item_number_followed_by_a_figure() {
    assert_eq!(numbering("（一）甲\n1.子\n2.丑\n3.寅\n4.卯\n5.3个国家级开发区通过验收。\n6.辰\n"), vec![]);
    // alone, 5.3 is a figure, not a heading
    assert_eq!(numbering("（一）甲\n1.子\n5.3亿元用于补助。\n2.丑\n"), vec![]);
}
