//! The document pass: tables of contents, page numbers standing alone, chunk markers.

use super::*;

/// A lone number stands among lines of text, not among the one-token lines of a PDF
/// extraction (“镇” / “2023” / “年政府工作报告”).
pub(super) fn among_text(ctx: &DocCtx, i: usize) -> bool {
    let prev = (0..i).rev().find(|&k| !doc::is_empty(ctx, k));
    let next = (i + 1..ctx.lines.len()).find(|&k| !doc::is_empty(ctx, k));
    let size = |k: Option<usize>| k.and_then(|k| doc::facts(ctx, k)).map(|f| f.compact_bytes);
    let (p, n) = (size(prev), size(next));
    let short = |s: Option<u32>| s.is_some_and(|s| s < 9);
    !short(p) && !short(n) && (p.unwrap_or(0) >= 45 || n.unwrap_or(0) >= 45)
}

/// The document pass: tables of contents, page numbers standing alone, chunk markers.
pub(crate) fn check_document(ctx: &DocCtx, mask: &mut [bool], out: &mut Vec<Finding>) {
    let n = ctx.lines.len();
    let loc = ctx.config.locale;
    let mut i = 0;
    let mut next_chunk: Option<u16> = None;
    while i < n {
        let Some(f) = doc::facts(ctx, i) else { break };
        // A table of contents: heading lines after “目录”, up to an ellipsis line.
        if f.toc_header && f.whole_line {
            let mut j = i + 1;
            let mut last = None;
            while j < n {
                if doc::is_empty(ctx, j) {
                    j += 1;
                    continue;
                }
                let Some(g) = doc::facts(ctx, j) else { break };
                let heading = ctx.lines.get(j).is_some_and(|l| l.facts.numbering.heading.is_some());
                if g.ellipsis_only {
                    last = Some(j);
                    break;
                }
                if heading && g.compact_bytes <= 120 && !g.head.contains('。') {
                    last = Some(j);
                    j += 1;
                    continue;
                }
                break;
            }
            if let Some(last) = last {
                if last > i {
                    for m in mask.iter_mut().take(last + 1).skip(i + 1) {
                        *m = true;
                    }
                    out.push(doc::lines_finding(
                        ctx,
                        &META,
                        i + 1,
                        last,
                        "网页目录（提纲）",
                        "the page's table of contents",
                    ));
                    i = last + 1;
                    continue;
                }
            }
        }
        // A short number alone between blank lines: a page number.
        if f.number_only
            && !f.whole_line
            && (i == 0 || doc::is_empty(ctx, i - 1))
            && doc::is_empty(ctx, i + 1)
            && among_text(ctx, i)
        {
            if let Some(m) = mask.get_mut(i) {
                *m = true;
            }
            out.push(doc::lines_finding(ctx, &META, i, i, "单独成行的页码", "page number on its own line"));
        }
        // Extraction chunks after “资源描述”: `1、…`, `2、…` start each chunk.
        if f.chunk_header && f.whole_line {
            next_chunk = Some(1);
        } else if let (Some(want), Some((num, len))) = (next_chunk, f.chunk_marker) {
            if num == want {
                let span = Span::in_line(doc::line32(i), 0, usize::from(len));
                let fix =
                    SpanFix::new(loc.pick("删除分页标记", "Remove chunk marker"), Applicability::Safe).edit(span, "");
                out.push(
                    Finding::new(
                        Rule(&META),
                        span,
                        loc.pick("文档分块标记（网页分页序号）", "document chunk marker (page number)"),
                    )
                    .with_fix(fix),
                );
                next_chunk = want.checked_add(1);
            } else {
                next_chunk = None;
            }
        } else if !f.whole_line && !doc::is_empty(ctx, i) && next_chunk.is_some_and(|w| w > 1) {
            next_chunk = None;
        }
        i += 1;
    }
}
