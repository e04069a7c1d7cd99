//! Tables: rows of a table (cells separated by tabs, by runs of spaces, or by single spaces
//! when the cells are figures), their header rows and their captions (表1, 单位：万吨).
//!
//! Two steps. The shared scan, before any family runs, classifies each line alone
//! ([`classify`]) and keeps the result in the line's facts: a row or caption that is one
//! whatever surrounds it, or a *candidate* (a header row with single spaces, `指标 2023年 增长`;
//! a title `表1 主要工业产品产量`) that is part of a table only next to one. Then
//! [`blocks`] reads those facts once over the document and gives every line its place in a
//! table block: candidates directly above or inside a block of rows join it. A table line is
//! neither a heading, nor an enumeration, nor a sentence: the numbering family ignores it, and
//! the blank family does not read an empty cell or a unit next to a figure as a missing figure.

/// What a line is, as part of a table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TableLine {
    #[default]
    None,
    /// A caption or unit line above a table: 单位：万吨, 单位：亿元、%.
    Caption,
    /// A row (or header row) of aligned cells.
    Row,
    /// Could be a header row or a title of a table (`指标 2023年 增长`, `表1 主要产品产量`,
    /// `增减（%）`): one only next to rows ([`blocks`]).
    Candidate,
}

impl TableLine {
    /// A row or caption whatever surrounds it.
    pub fn is_table(self) -> bool {
        matches!(self, TableLine::Caption | TableLine::Row)
    }
}

/// How many lines a candidate may be above the rows it heads (a title, a unit line, a header).
const HEAD_REACH: usize = 3;

/// Places every line in the table blocks of a document, from the lines' own classes
/// (`kinds`, one per line; empty lines are `None`). A candidate becomes a row when it lies
/// between rows, or within [`HEAD_REACH`] lines above a row with only captions and candidates
/// between (a title, a unit line, header rows); a caption or candidate that heads no rows is
/// not a table line. O(lines).
pub fn blocks(kinds: &[TableLine]) -> Vec<TableLine> {
    let n = kinds.len();
    let mut out: Vec<TableLine> = kinds.iter().map(|&k| if k.is_table() { k } else { TableLine::None }).collect();
    let kind = |i: usize| kinds.get(i).copied().unwrap_or_default();
    // walking up from each row: the candidates and captions heading it
    for i in 0..n {
        if kind(i) != TableLine::Row || (i > 0 && kind(i - 1) == TableLine::Row) {
            continue;
        }
        let mut j = i;
        for _ in 0..HEAD_REACH {
            let Some(k) = j.checked_sub(1) else { break };
            match kind(k) {
                TableLine::Candidate => {
                    if let Some(slot) = out.get_mut(k) {
                        *slot = TableLine::Row;
                    }
                }
                TableLine::Caption => {}
                _ => break,
            }
            j = k;
        }
    }
    // a candidate between two rows (a sub-header inside the table)
    for i in 1..n.saturating_sub(1) {
        if kind(i) == TableLine::Candidate && out.get(i - 1) == Some(&TableLine::Row) && kind(i + 1) == TableLine::Row {
            if let Some(slot) = out.get_mut(i) {
                *slot = TableLine::Row;
            }
        }
    }
    out
}

/// Longest cell (in characters) a table row holds.
const MAX_CELL: usize = 24;

/// Classifies one line (its content, without the line end). O(line).
pub fn classify(text: &str) -> TableLine {
    let t = text.trim_matches(|c: char| c.is_whitespace());
    if t.is_empty() {
        return TableLine::None;
    }
    let has_tab = t.contains('\t');
    if !has_tab && !t.contains("  ") && !t.contains('\u{3000}') && !t.starts_with("单位") {
        return single_spaced(t);
    }
    if let Some(rest) = t.strip_prefix("单位：").or_else(|| t.strip_prefix("单位:")) {
        if rest.chars().count() <= MAX_CELL && !rest.contains('。') {
            return TableLine::Caption;
        }
    }
    let cells = cells(t, has_tab);
    let figure = |c: &str| c.chars().any(|ch| ch.is_ascii_digit() || ('０'..='９').contains(&ch));
    let short = cells.iter().all(|c| c.chars().count() <= MAX_CELL && !c.contains(['。', '；', '，', '：', ':']));
    let enough = cells.len() >= 3 || (has_tab && cells.len() == 2 && cells.iter().any(|c| figure(c)));
    if short && enough {
        TableLine::Row
    } else {
        TableLine::None
    }
}

/// A line without tabs or wide gaps: a row when its cells, split at single spaces, are short
/// and two or more of them are figures (`原煤 万吨 3,215 2.1`); a candidate when it could head a
/// table (`指标 2023年 比上年增长（%）`, `表1 主要工业产品产量`).
fn single_spaced(t: &str) -> TableLine {
    let title = t.strip_prefix('表').is_some_and(|r| {
        r.chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c) || "一二三四五六七八九十".contains(c))
    });
    if title && t.chars().count() <= 40 && !t.contains(['。', '；', '，']) {
        return TableLine::Candidate;
    }
    if !t.contains(' ') {
        return if t.chars().count() <= 12 && (t.contains("（%）") || t.contains("(%)")) {
            TableLine::Candidate
        } else {
            TableLine::None
        };
    }
    let cells: Vec<&str> = t.split(' ').filter(|c| !c.is_empty()).collect();
    let short = cells.iter().all(|c| c.chars().count() <= 12 && !c.contains(['。', '；', '，', '：', ':', '、']));
    if cells.len() < 3 || !short {
        return TableLine::None;
    }
    // a heading marker is not a cell (`1. 主要指标 完成 情况` is a heading)
    let first = cells.first().copied().unwrap_or("");
    if first.ends_with(['、', '.', '．']) || first.starts_with(['（', '(']) {
        return TableLine::None;
    }
    let figures = cells.iter().filter(|c| is_figure(c)).count();
    if figures >= 2 {
        TableLine::Row
    } else if figures == 0 && cells.len() <= 8 {
        TableLine::Candidate
    } else {
        TableLine::None
    }
}

/// A cell that is a figure: digits with separators, a sign, a point and a percent sign
/// (`3,215`, `-1.5`, `12.6%`).
fn is_figure(c: &str) -> bool {
    let digits = c.chars().filter(|ch| ch.is_ascii_digit() || ('０'..='９').contains(ch)).count();
    digits > 0
        && c.chars().all(|ch| {
            ch.is_ascii_digit()
                || ('０'..='９').contains(&ch)
                || matches!(ch, ',' | '.' | '-' | '+' | '%' | '％' | '−' | '．' | '，')
        })
}

/// The non-empty cells of a row: split at tabs, or else at runs of two or more spaces (an
/// ideographic space counts as two).
fn cells(t: &str, has_tab: bool) -> Vec<&str> {
    if has_tab {
        return t.split('\t').map(str::trim).filter(|c| !c.is_empty()).collect();
    }
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut run_start = None::<usize>;
    let mut run = 0usize;
    for (i, c) in t.char_indices() {
        match c {
            ' ' | '\u{3000}' => {
                run_start.get_or_insert(i);
                run += if c == ' ' { 1 } else { 2 };
            }
            _ => {
                if let Some(rs) = run_start.take() {
                    if run >= 2 {
                        out.push(t.get(start..rs).unwrap_or("").trim());
                        start = i;
                    }
                }
                run = 0;
            }
        }
    }
    out.push(t.get(start..).unwrap_or("").trim());
    out.retain(|c| !c.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_separated_rows_with_figures_and_units() {
        assert_eq!(classify("原煤\t万吨\t3,215"), TableLine::Row);
        assert_eq!(classify("发电量\t亿千瓦时\t\t5.6"), TableLine::Row);
        assert_eq!(classify("指标\t2023年\t增减（%）"), TableLine::Row);
        assert_eq!(classify("粮食总产量\t1,283"), TableLine::Row);
    }

    #[test]
    fn space_aligned_rows_and_header_rows() {
        assert_eq!(classify("产品      单位      产量     增长"), TableLine::Row);
        assert_eq!(classify("粗钢      万吨              -1.5"), TableLine::Row);
        assert_eq!(classify("地区生产总值\u{3000}\u{3000}亿元\u{3000}\u{3000}5210"), TableLine::Row);
    }

    #[test]
    fn captions() {
        assert_eq!(classify("单位：万吨"), TableLine::Caption);
        assert_eq!(classify("单位:亿元、%"), TableLine::Caption);
    }

    #[test]
    fn single_spaced_rows_of_figures() {
        assert_eq!(classify("原煤 万吨 3,215 2.1"), TableLine::Row);
        assert_eq!(classify("粮食 283.4 -0.8"), TableLine::Row);
        // words and a figure with its unit: a header-like candidate at most, not a row
        assert_eq!(classify("全年 粮食产量 283万吨"), TableLine::Candidate);
        assert_eq!(classify("今年 全市 完成 投资 5210亿元 增长 5.6%"), TableLine::None);
    }

    #[test]
    fn header_rows_and_titles_are_candidates() {
        assert_eq!(classify("指标 2023年 比上年增长（%）"), TableLine::Candidate);
        assert_eq!(classify("表1 2023年主要工业产品产量"), TableLine::Candidate);
        assert_eq!(classify("增减（%）"), TableLine::Candidate);
        assert_eq!(classify("1. 主要指标 完成 情况"), TableLine::None);
    }

    fn place(lines: &[&str]) -> Vec<TableLine> {
        blocks(&lines.iter().map(|l| classify(l)).collect::<Vec<_>>())
    }

    #[test]
    fn blocks_take_their_titles_captions_and_headers() {
        use TableLine::{Caption, None, Row};
        let table = [
            "全年粮食产量增长。",
            "表1 2023年主要工业产品产量",
            "单位：万吨",
            "指标 2023年 增长（%）",
            "原煤 3,215 2.1",
            "粗钢 1,020 -1.5",
            "",
        ];
        assert_eq!(place(&table), vec![None, Row, Caption, Row, Row, Row, None]);
        // tab-separated and space-aligned rows with a single-spaced header
        let table = ["产品 产量 增减", "粮食\t283.4\t1.2", "油料\t12.6\t-0.8"];
        assert_eq!(place(&table), vec![Row, Row, Row]);
        let table = [
            "产品名称 单位 产量 增减（%）",
            "粮食          万吨      283.4     1.2",
            "蔬菜          万吨      410       3.5",
        ];
        assert_eq!(place(&table), vec![Row, Row, Row]);
        // a candidate heading no rows stays prose
        assert_eq!(place(&["指标 2023年 增长", "全年粮食产量增长。"]), vec![None, None]);
    }

    #[test]
    fn prose_and_headings_are_not_tables() {
        assert_eq!(classify("一、\t总体要求"), TableLine::None);
        assert_eq!(classify("一、  总体要求"), TableLine::None);
        assert_eq!(classify("  今年全市粮食总产量达到万吨，比上年增长。"), TableLine::None);
        assert_eq!(classify("单位：各有关部门要认真落实本通知要求，确保各项工作落到实处。"), TableLine::None);
        assert_eq!(classify("甲方代表  乙方代表  签订时间：2024年"), TableLine::None);
    }
}
