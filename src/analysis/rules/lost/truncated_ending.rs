//! LEC109 `truncated-ending`.
//!
//! ## What it does
//! Flags text that stops in the middle of a sentence: the last paragraph of the document, of a
//! section (the paragraph before a heading) or a paragraph followed by an empty line, when it
//! ends without a closing mark (。！？；…) and reads as running text (it has a sentence mark
//! earlier on, or a comma and some length). Also flags an enumeration whose text runs out
//! after its first item (“一是……” at the very end, no “二是”).
//!
//! Not flagged: titles, headings, signatures and dates (no sentence marks), a line ending in a
//! colon (“同志们：”), a paragraph that continues on the next line (hard-wrapped text), and
//! lines that already carry a truncation note or a lost-text marker (LEC302, LEC108 say it).
//!
//! ## Why is this bad?
//! A template site that cuts a draft short often leaves no note at all, or the note was
//! deleted: the sentence simply stops, and with it the rest of the section. Read aloud, the
//! speech breaks off. While the cut is there, renumbering the headings after it is not safe:
//! the missing part may be the missing heading.
//!
//! ## Example
//! ```text
//! （一）加强领导
//!
//! 一是健全领导机制。成立由县委书记任组长的
//! ```
//! Use instead: restore the rest of the text from the original.
//!
//! ## Fix safety
//! No fix: only the writer can restore the text.
//!
//! Complexity: one look at each line's facts and the next non-empty line, O(lines).

use crate::analysis::diagnostic::{Category, Finding, FixAvailability, Severity, Span};
use crate::analysis::pass::DocCtx;
use crate::analysis::registry::{Rule, RuleMeta};
use crate::analysis::util::is_han;

pub static META: RuleMeta = RuleMeta {
    code: "LEC109",
    name: "truncated-ending",
    category: Category::Lost,
    default_severity: Severity::Warning,
    default_enabled: true,
    fix: FixAvailability::None,
    summary_zh: "正文在句中中断（文末、节末或段末没有结束标点），原文可能缺失",
    summary_en: "The text stops mid-sentence (end of text, section or paragraph): text may be lost",
};

fn is_final_mark(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '…' | '⋯')
}

/// The line ends without a closing mark and reads as running text: its last character is a
/// Chinese character (or a comma), and a sentence ended before it on the line (so the line is
/// prose, not a title, a list item or a table cell). Titles, dates, names, “同志们：” and a
/// heading run into the end of a paragraph (“……要求。二、建设思路”, “【第一篇】……”) are not.
pub(crate) fn open_end(text: &str) -> bool {
    let t = text.trim_end();
    let Some(last) = t.chars().next_back() else { return false };
    if !(is_han(last) || matches!(last, '，' | '、' | ',')) {
        return false;
    }
    let Some((at, c)) = t.char_indices().rev().find(|&(_, c)| is_final_mark(c)) else { return false };
    let clause = t.get(at + c.len_utf8()..).unwrap_or("").trim_start_matches([' ', '\u{3000}', '\t']);
    let chapter = clause.strip_prefix('第').is_some_and(|r| r.chars().take(4).any(|c| matches!(c, '章' | '篇' | '节')));
    !(clause.is_empty()
        || clause.starts_with(['【', '[', '('])
        || chapter
        || crate::analysis::rules::numbering::marker::parse_heading(clause).is_some())
}

/// How the text was cut after a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cut {
    /// The document ends mid-sentence.
    Document,
    /// A heading follows a paragraph that ends mid-sentence.
    Section,
    /// An empty line follows a paragraph that ends mid-sentence.
    Paragraph,
    /// The document ends after the first item of an enumeration (`(start, end)`: the marker's
    /// byte range).
    ListRunsOut(u32, u32),
}

fn content(ctx: &DocCtx, i: usize) -> bool {
    ctx.facts(i).is_some_and(|f| !f.is_empty) && !ctx.is_boilerplate(i)
}

/// Whether the text was cut after line `i` (see the rule's doc). O(empty lines after `i`).
pub(crate) fn cut_after(ctx: &DocCtx, i: usize) -> Option<Cut> {
    let f = ctx.facts(i)?;
    if f.is_empty || ctx.is_boilerplate(i) || f.boilerplate.truncation.is_some() || f.numbering.heading.is_some() {
        return None;
    }
    let mut j = i + 1;
    while ctx.facts(j).is_some_and(|g| g.is_empty) {
        j += 1;
    }
    let next = ctx.facts(j);
    if next.is_none() || (j..ctx.lines.len()).all(|k| !content(ctx, k)) {
        // the last paragraph of the text (only boilerplate may follow)
        if let Some(m) = f.numbering.enums.last().filter(|m| m.number == 1) {
            return Some(Cut::ListRunsOut(m.start, m.end));
        }
        return f.numbering.open_end.then_some(Cut::Document);
    }
    if !f.numbering.open_end {
        return None;
    }
    let next = next?;
    if next.numbering.heading.is_some() {
        Some(Cut::Section)
    } else if j > i + 1 && next.boilerplate.truncation.is_none() {
        Some(Cut::Paragraph)
    } else {
        None
    }
}

/// Whether text was cut after line `i` with more of the text after it (a section or a
/// paragraph cut short): evidence that a later heading's number may be missing with it. (The
/// end of the text, cut or not, comes before no heading.)
pub(crate) fn cuts_before_more_text(ctx: &DocCtx, i: usize) -> bool {
    matches!(cut_after(ctx, i), Some(Cut::Section | Cut::Paragraph))
}

pub(crate) fn check(ctx: &DocCtx, out: &mut Vec<Finding>) {
    let loc = ctx.config.locale;
    for i in 0..ctx.lines.len() {
        let Some(cut) = cut_after(ctx, i) else { continue };
        let text = (ctx.line_text)(i);
        let line = u32::try_from(i).unwrap_or(u32::MAX);
        let t = text.trim_end();
        // the open clause: from the last sentence mark to the end, at most 12 characters
        let clause_start = t.char_indices().rev().take_while(|&(_, c)| !is_final_mark(c)).take(12).last();
        let start = clause_start.map_or(t.len(), |(at, _)| at);
        let span = Span::in_line(line, start, t.len());
        let open = open_end(&text);
        let msg = match cut {
            Cut::ListRunsOut(s, e) => {
                let m = text.get(s as usize..e as usize).unwrap_or("一是");
                let span = Span::in_line(line, s as usize, e as usize);
                let msg = if open {
                    loc.pick(
                        format!("正文在句中中断，列举只有“{m}”：后面的原文可能缺失，请补全"),
                        format!("the text stops mid-sentence after the first item “{m}” of a list: text may be lost"),
                    )
                } else {
                    loc.pick(
                        format!("正文在列举的“{m}”之后结束，没有第二项：后面的原文可能缺失"),
                        format!("the text ends after the first item “{m}” of a list: text may be lost"),
                    )
                };
                out.push(Finding::new(Rule(&META), span, msg));
                continue;
            }
            Cut::Document => loc.pick(
                "全文在句中中断，没有结束标点：后面的原文可能缺失，请补全".to_string(),
                "the text stops mid-sentence: the rest may be lost".to_string(),
            ),
            Cut::Section => loc.pick(
                "本节在句中中断，下一行就是标题：中间的原文可能缺失".to_string(),
                "the section stops mid-sentence before the next heading: text may be lost".to_string(),
            ),
            Cut::Paragraph => loc.pick(
                "本段在句中中断，没有结束标点：原文可能缺失".to_string(),
                "the paragraph stops mid-sentence: text may be lost".to_string(),
            ),
        };
        out.push(Finding::new(Rule(&META), span, msg));
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::{analyze, Config};

    fn lec109(text: &str) -> Vec<(usize, String)> {
        let a = analyze(text, &Config::default());
        let idx = crate::text::LineIndex::new(text);
        a.diagnostics
            .iter()
            .filter(|d| d.code() == "LEC109")
            .map(|d| {
                (
                    idx.position(text, d.range.start, crate::text::Encoding::Utf8).line as usize,
                    text[d.range.start..d.range.end].to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn issue_17_flags_a_lone_first_item_cut_mid_sentence_at_the_end() {
        let got = lec109("（一）加强领导\n\n一是健全领导机制。成立由县委书记任组长的\n");
        assert_eq!(got, vec![(2, "一是".to_string())]);
    }

    #[test]
    fn flags_document_section_and_paragraph_ends() {
        let text = "同志们：\n\n一、总体要求\n\n今年以来，全县上下团结一心。各项工作取得新进展，经济运行\n二、重点任务\n\n要抓好项目建设。全年新开工项目同比增长，投资\n\n要加强作风建设。坚持问题导向，持续整治形式主义官僚主义，推动";
        let got: Vec<usize> = lec109(text).iter().map(|g| g.0).collect();
        assert_eq!(got, vec![4, 7, 9]);
    }

    #[test]
    fn no_diagnostic_for_titles_dates_salutations_and_finished_text() {
        let text = "在全县经济工作会议上的讲话\n——县委书记 张三\n（2024年1月5日）\n\n同志们：\n\n一、总体要求\n\n今年以来，全县上下团结一心，各项工作取得新进展。\n\n二、重点任务\n\n一是抓项目。二是抓改革。\n\n中共某某县委办公室\n2024年1月5日";
        assert!(lec109(text).is_empty(), "{:?}", lec109(text));
        // hard-wrapped paragraphs continue on the next line
        assert!(lec109("今年以来，全县上下团结一心。各项工作取得新进展，经济运行\n稳中向好。\n").is_empty());
        // list items and table cells without a finished sentence; headings run into a paragraph
        assert!(lec109("一、目标\n\n提升管理效率，提高物料送达速率和准确率，降低运维成本\n\n二、任务\n").is_empty());
        assert!(lec109("制定本指南。一、总体要求\n（一）指导思想\n").is_empty());
        assert!(lec109("建设基础加快夯实。【第一篇】数字中国建设\n一、数字基础设施\n").is_empty());
    }

    #[test]
    fn issue_17_renumbering_after_a_cut_section_is_never_safe() {
        use crate::analysis::Applicability;
        let cut = "一、总体要求\n\n要抓好项目建设。全年新开工项目同比增长，推进\n\n三、保障措施\n\n要加强领导。\n";
        let whole = cut.replace("推进\n", "推进。\n");
        let skip = |t: &str| {
            analyze(t, &Config::default()).diagnostics.into_iter().find(|d| d.code() == "LEC201").and_then(|d| d.fix)
        };
        assert_eq!(skip(cut).map(|f| f.applicability), Some(Applicability::Unsafe));
        assert_eq!(skip(&whole).map(|f| f.applicability), Some(Applicability::Safe));
        let (fixed, _) = crate::analysis::fix_all(cut, &Config::default(), false);
        assert!(fixed.contains("三、保障措施"), "{fixed}");
    }

    #[test]
    fn no_diagnostic_where_a_note_or_marker_already_says_so() {
        assert!(lec109("一是健全领导机制。成立由县委书记任组长的〔此处原文缺失约100字〕\n").is_empty());
    }
}
