//! Table lines: rows of a table (cells separated by tabs or by runs of spaces) and the
//! captions above one (单位：万吨). Recognised once, in the shared scan before any family runs,
//! and kept in every line's facts: a table row is neither a heading, nor an enumeration, nor a
//! sentence, so the numbering family ignores it and the blank family does not read an empty
//! cell or a unit next to a figure as a missing figure.

/// What a line is, as part of a table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TableLine {
    #[default]
    None,
    /// A caption or unit line above a table: 单位：万吨, 单位：亿元、%.
    Caption,
    /// A row (or header row) of aligned cells.
    Row,
}

impl TableLine {
    pub fn is_table(self) -> bool {
        self != TableLine::None
    }
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
        return TableLine::None;
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
    fn prose_and_headings_are_not_tables() {
        assert_eq!(classify("一、\t总体要求"), TableLine::None);
        assert_eq!(classify("一、  总体要求"), TableLine::None);
        assert_eq!(classify("  今年全市粮食总产量达到万吨，比上年增长。"), TableLine::None);
        assert_eq!(classify("单位：各有关部门要认真落实本通知要求，确保各项工作落到实处。"), TableLine::None);
        assert_eq!(classify("甲方代表  乙方代表  签订时间：2024年"), TableLine::None);
    }
}
