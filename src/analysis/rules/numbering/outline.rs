//! Builds the heading tree ([`OutlineItem`]) from the numbering family's line facts; see
//! `analysis::outline` for its shape.
//!
//! Complexity: one pass over the line facts with a stack of open headings, O(lines).

use crate::analysis::diagnostic::{LinePos, Span};
use crate::analysis::outline::{OutlineItem, OutlineKind};
use crate::analysis::pass::DocCtx;

fn line32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// Builds the outline from the per-line facts.
pub(crate) fn build(ctx: &DocCtx) -> Vec<OutlineItem> {
    let n = ctx.lines.len();
    let line_end = |i: usize| LinePos::new(line32(i), ctx.lines.get(i).map_or(0, |l| l.facts.bytes));
    let whole_line = |i: usize| Span::new(LinePos::new(line32(i), 0), line_end(i));
    let ignored = |i: usize| crate::analysis::rules::numbering::structure::ignored(ctx, i);

    let mut roots: Vec<OutlineItem> = Vec::new();
    let mut stack: Vec<OutlineItem> = Vec::new();
    let mut seen_text = false;
    let mut salutation: Option<(usize, OutlineItem)> = None;
    for (i, l) in ctx.lines.iter().enumerate() {
        if l.facts.is_empty || ignored(i) {
            continue;
        }
        let f = &l.facts.numbering;
        let Some(h) = &f.heading else {
            if !seen_text && f.title_like {
                let text = (ctx.line_text)(i);
                let from = crate::analysis::rules::numbering::marker::content_start(&text);
                let title = text.get(from..).unwrap_or("").trim().trim_end_matches('*').trim_end();
                roots.push(OutlineItem {
                    title: title.chars().take(80).collect(),
                    level: 0,
                    kind: OutlineKind::Title,
                    span: whole_line(i),
                    selection: whole_line(i),
                    children: Vec::new(),
                });
            } else if f.salutation && salutation.is_none() && stack.is_empty() {
                let text = (ctx.line_text)(i);
                salutation = Some((
                    i,
                    OutlineItem {
                        title: text.trim().to_string(),
                        level: 0,
                        kind: OutlineKind::Salutation,
                        span: whole_line(i),
                        selection: whole_line(i),
                        children: Vec::new(),
                    },
                ));
            }
            seen_text = true;
            continue;
        };
        seen_text = true;
        if let Some((_, mut s)) = salutation.take() {
            // the salutation's section is the opening, up to the first heading
            s.span = Span::new(s.span.start, line_end(i.saturating_sub(1)));
            roots.push(s);
        }
        while stack.last().is_some_and(|top| top.level >= h.level) {
            if let Some(mut done) = stack.pop() {
                done.span = Span::new(done.span.start, line_end(i.saturating_sub(1)));
                attach(&mut stack, &mut roots, done);
            }
        }
        stack.push(OutlineItem {
            title: h.title(&(ctx.line_text)(i)).to_string(),
            level: h.level,
            kind: OutlineKind::Heading,
            span: whole_line(i),
            selection: whole_line(i),
            children: Vec::new(),
        });
    }
    let last = n.saturating_sub(1);
    if let Some((_, mut s)) = salutation.take() {
        s.span = Span::new(s.span.start, line_end(last));
        roots.push(s);
    }
    while let Some(mut done) = stack.pop() {
        done.span = Span::new(done.span.start, line_end(last));
        attach(&mut stack, &mut roots, done);
    }
    roots
}

fn attach(stack: &mut [OutlineItem], roots: &mut Vec<OutlineItem>, item: OutlineItem) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(item),
        None => roots.push(item),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyze, Config};

    fn shape(items: &[OutlineItem], depth: usize, out: &mut Vec<String>) {
        for it in items {
            out.push(format!(
                "{}{:?} L{} {}..{} {}",
                "  ".repeat(depth),
                it.kind,
                it.level,
                it.span.start.line + 1,
                it.span.end.line + 1,
                it.title.chars().take(8).collect::<String>()
            ));
            shape(&it.children, depth + 1, out);
        }
    }

    fn outline(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        shape(&analyze(text, &Config::default()).outline, 0, &mut out);
        out
    }

    #[test]
    fn nests_headings_and_covers_each_section() {
        let text = "在全市工作会议上的讲话\n\n同志们：\n开场。\n一、总体要求\n（一）目标\n正文。\n1.指标\n（1）细项\n①要点\n（二）措施\n\n二、保障\n正文。";
        assert_eq!(
            outline(text),
            vec![
                "Title L0 1..1 在全市工作会议上",
                "Salutation L0 3..4 同志们：",
                "Heading L1 5..12 一、总体要求",
                "  Heading L2 6..10 （一）目标",
                "    Heading L3 8..10 1.指标",
                "      Heading L4 9..10 （1）细项",
                "        Heading L5 10..10 ①要点",
                "  Heading L2 11..12 （二）措施",
                "Heading L1 13..14 二、保障",
            ]
        );
    }

    #[test]
    fn section_span_ends_at_the_end_of_its_last_line() {
        let text = "一、甲\n正文一。\n二、乙\n";
        let o = analyze(text, &Config::default()).outline;
        assert_eq!(o[0].span, Span::new(LinePos::new(0, 0), LinePos::new(1, "正文一。".len() as u32)));
        assert_eq!(o[0].selection, Span::new(LinePos::new(0, 0), LinePos::new(0, "一、甲".len() as u32)));
    }

    #[test]
    fn skipped_level_nests_directly_and_markdown_headings_count() {
        let text = "# 讲话\n## 一、甲\n1. 子\n## 二、乙\n";
        assert_eq!(
            outline(text),
            vec!["Title L0 1..1 讲话", "Heading L1 2..3 一、甲", "  Heading L3 3..3 1. 子", "Heading L1 4..5 二、乙"]
        );
    }

    #[test]
    fn no_title_when_the_text_starts_with_a_sentence() {
        let text = "今天，我们召开会议，主要任务是总结工作、分析形势、部署任务，推动各项工作再上新台阶，确保全年目标任务圆满完成。\n一、甲\n";
        assert_eq!(outline(text), vec!["Heading L1 2..3 一、甲"]);
    }
}
