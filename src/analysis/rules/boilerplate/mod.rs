//! Family 3xx: scrape boilerplate — everything on the page that is not the speech.
//!
//! The local pass (one line at a time) finds the kinds that a line shows by itself: paywall
//! and truncation notes (LEC302), page chrome (LEC301), URLs and site names (LEC303) and the
//! user's own patterns (LEC308). It records compact facts about the line's *shape* (title-like,
//! bulleted, a list header, its whitespace-free head) so that the document pass can find what
//! only shows across lines: lists of other articles' titles (LEC304) and the bullet glued onto
//! the speech after them (LEC305), a title the page repeats above the body (LEC306), a site's
//! auto-summary of the opening (LEC307), tables of contents, isolated page numbers and
//! extraction-chunk markers (LEC301).
//!
//! Every finding carries a safe deletion fix: a whole line (with its line end) when the line
//! holds nothing but boilerplate, else exactly the boilerplate span, so the speech's own text
//! and its paragraph breaks stay as they were.

mod custom_pattern;
mod list_bullet;
mod paywall_note;
mod related_articles;
mod repeated_title;
mod site_chrome;
mod site_summary;
mod url_or_site_name;

use crate::analysis::diagnostic::{Applicability, Finding, Span, SpanFix};
use crate::analysis::engine::{DocCtx, LineCtx};
use crate::analysis::registry::{Rule, RuleMeta};
use crate::analysis::util::is_han;

pub static RULES: &[&RuleMeta] = &[
    &site_chrome::META,
    &paywall_note::META,
    &url_or_site_name::META,
    &related_articles::META,
    &list_bullet::META,
    &repeated_title::META,
    &site_summary::META,
    &custom_pattern::META,
];

static DATE_ONLY: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    crate::analysis::util::regex(
        r"^[\[(（]?\d{2,4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\d{1,2}:\d{2}(?::\d{2})?)?[\])）]?$",
    )
});

/// How many whitespace-free characters of a line the facts keep (for repeated titles and
/// summaries, which compare the starts of lines).
const HEAD_CHARS: usize = 100;

/// What the boilerplate family remembers of a line.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LineFacts {
    /// The local pass found the whole line to be boilerplate.
    pub whole_line: bool,
    /// The line carries a truncation or paywall note: text is missing after this point.
    /// `Some(n)` when the note says how many characters are missing (`Some(0)`: unknown).
    pub truncation: Option<u32>,
    /// The line ends with boilerplate (an end-of-article credit, a paywall note): what
    /// follows it on the page is likely the site's again.
    pub ends_with_boilerplate: bool,
    /// The line introduces a list of other articles (相关推荐, 更多相关文章…).
    pub list_header: bool,
    /// The line introduces a table of contents (目录, 提纲).
    pub toc_header: bool,
    /// The line introduces extracted document chunks (资源描述…).
    pub chunk_header: bool,
    /// Byte length of a leading list bullet (`•`, `·`, `●`…) with the whitespace around it;
    /// 0 when the line has none.
    pub bullet: u8,
    /// The text after the bullet is shaped like a title: short, mostly Chinese, no sentence
    /// punctuation.
    pub title_like: bool,
    /// The title-like text ends with a document genre (讲话, 发言, 报告, 总结…).
    pub genre_end: bool,
    /// The line holds only a short number (a page number when it stands alone).
    pub number_only: bool,
    /// The line holds only a date (with or without a time): “2023-05-12”, “2023年5月12日”.
    pub date_only: bool,
    /// The line holds only an ellipsis (……).
    pub ellipsis_only: bool,
    /// A leading `N、` directly followed by text: `(N, byte length of the marker with its
    /// indentation)`.
    pub chunk_marker: Option<(u16, u8)>,
    /// Bytes of the line without ASCII spaces and tabs (a cheap measure of its length).
    pub compact_bytes: u32,
    /// The line ends with sentence-final punctuation (。！？；).
    pub ends_sentence: bool,
    /// The whitespace-free start of the line's own text (after a bullet, a field label or
    /// inline boilerplate at its start), at most `HEAD_CHARS` characters.
    pub head: Box<str>,
}

/// One boilerplate span found by a local rule, in byte columns of the line.
pub(crate) struct Hit {
    pub rule: &'static RuleMeta,
    pub start: usize,
    pub end: usize,
    pub zh: String,
    pub en: String,
}

impl Hit {
    pub(crate) fn new(
        rule: &'static RuleMeta,
        start: usize,
        end: usize,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Hit {
        Hit { rule, start, end, zh: zh.into(), en: en.into() }
    }
}

/// Runs the boilerplate rules on one line.
pub fn check_line(ctx: &LineCtx, out: &mut Vec<Finding>) -> LineFacts {
    let text = ctx.text;
    let mut hits: Vec<Hit> = Vec::new();
    let truncation = paywall_note::find(text, &mut hits);
    let shape = site_chrome::find(text, &mut hits);
    url_or_site_name::find(text, &mut hits);
    custom_pattern::find(text, ctx.config, &mut hits);

    // The first rule to claim a stretch of text keeps it.
    let mut kept: Vec<Hit> = Vec::new();
    for h in hits {
        if h.start >= h.end || !text.is_char_boundary(h.start) || !text.is_char_boundary(h.end) || h.end > text.len() {
            continue;
        }
        if kept.iter().any(|k| k.start < h.end && h.start < k.end) {
            continue;
        }
        kept.push(h);
    }
    kept.sort_by_key(|h| h.start);

    let whole_line = !kept.is_empty() && only_insignificant_outside(text, &kept);
    let loc = ctx.config.locale;
    for h in &kept {
        let (span, fix) = if whole_line {
            (
                Span::in_line(0, h.start, h.end),
                SpanFix::new(loc.pick("删除网页残留行", "Remove scraped line"), Applicability::Safe)
                    .edit(Span::lines(0, 0), ""),
            )
        } else {
            let span = Span::in_line(0, h.start, h.end);
            (
                span,
                SpanFix::new(loc.pick("删除网页残留文字", "Remove scraped text"), Applicability::Safe).edit(span, ""),
            )
        };
        let msg = loc.pick(h.zh.as_str(), h.en.as_str()).to_string();
        out.push(Finding::new(Rule(h.rule), span, msg).with_fix(fix));
    }

    let trimmed_end = text.trim_end().len();
    let ends_with_boilerplate = kept.iter().any(|h| h.end >= trimmed_end);
    // The line's own text starts after boilerplate at its start.
    let own_start = kept.iter().find(|h| text.get(..h.start).is_some_and(|p| p.trim().is_empty())).map_or(0, |h| h.end);
    let own = text.get(own_start..).unwrap_or("");
    let mut facts = shape_facts(own, &shape);
    facts.whole_line = whole_line;
    facts.truncation = truncation;
    facts.ends_with_boilerplate = ends_with_boilerplate;
    facts.ends_sentence = text
        .trim_end()
        .chars()
        .next_back()
        .is_some_and(|c| matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '”' | '"'));
    let spaces = text.bytes().filter(|&b| b == b' ' || b == b'\t').count();
    facts.compact_bytes = u32::try_from(text.len() - spaces).unwrap_or(u32::MAX);
    facts
}

/// Line-level signals that `site_chrome` knows about while it reads the line.
#[derive(Default)]
pub(crate) struct Shape {
    pub list_header: bool,
    pub toc_header: bool,
    pub chunk_header: bool,
}

/// Characters that may serve as list bullets at the start of a line.
pub(crate) fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '•' | '·'
            | '●'
            | '○'
            | '◆'
            | '◇'
            | '■'
            | '□'
            | '▪'
            | '▫'
            | '►'
            | '▶'
            | '★'
            | '☆'
            | '※'
            | '∙'
            | '・'
    )
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Document genres that titles of other articles end with.
const GENRES: &[&str] = &[
    "讲话",
    "发言",
    "致辞",
    "讲稿",
    "报告",
    "总结",
    "方案",
    "意见",
    "通知",
    "体会",
    "主持词",
    "汇报",
    "演讲",
    "材料",
    "心得",
    "范文",
    "计划",
    "规划",
    "公报",
    "纪要",
    "提纲",
    "党课",
    "研讨",
    "对照检查",
    "述职",
    "感言",
    "贺词",
    "倡议书",
    "讲话稿",
    "发言稿",
    "合集",
    "汇编",
    "篇",
    "大全",
];

fn shape_facts(own: &str, shape: &Shape) -> LineFacts {
    let mut facts = LineFacts {
        list_header: shape.list_header,
        toc_header: shape.toc_header,
        chunk_header: shape.chunk_header,
        ..LineFacts::default()
    };
    // Bullet.
    let lead = own.len() - own.trim_start().len();
    let rest = own.get(lead..).unwrap_or("");
    let mut body = rest;
    if let Some(c) = rest.chars().next() {
        let dash = c == '-' && rest.get(1..).is_some_and(|r| r.starts_with([' ', '\u{3000}']));
        if is_bullet(c) || dash {
            let after = rest.get(c.len_utf8()..).unwrap_or("");
            let after_trim = after.trim_start();
            if !after_trim.is_empty() {
                let len = lead + c.len_utf8() + (after.len() - after_trim.len());
                facts.bullet = u8::try_from(len).unwrap_or(0);
                body = after_trim;
            }
        }
    }
    // Head: whitespace-free start of the text, without a leading field label.
    let mut head = String::with_capacity(body.len().min(HEAD_CHARS * 3));
    let mut count = 0usize;
    let mut chars = body.chars();
    for c in chars.by_ref() {
        if is_space(c) {
            continue;
        }
        head.push(c);
        count += 1;
        if count >= HEAD_CHARS {
            break;
        }
    }
    // The whole body fits in the head: only then can it be a title.
    let short = count < HEAD_CHARS || !chars.any(|c| !is_space(c));
    if short {
        facts.title_like = title_like(&head);
        facts.genre_end = facts.title_like && genre_end(&head);
    }
    let digits_only = !head.is_empty() && head.chars().all(|c| c.is_ascii_digit());
    facts.number_only = digits_only && head.chars().count() <= 4;
    facts.date_only = head.len() <= 40 && DATE_ONLY.is_match(&head);
    facts.ellipsis_only =
        !head.is_empty() && head.chars().all(|c| matches!(c, '…' | '.' | '。' | '⋯')) && head.len() >= 3;
    // `N、` chunk marker (docdown extraction): digits, 、, then text.
    let digits: usize = rest.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) && rest.get(digits..).is_some_and(|r| r.starts_with('、') && r.len() > '、'.len_utf8())
    {
        if let Ok(n) = rest.get(..digits).unwrap_or("").parse::<u16>() {
            facts.chunk_marker = u8::try_from(lead + digits + '、'.len_utf8()).ok().map(|len| (n, len));
        }
    }
    facts.head = head.into_boxed_str();
    facts
}

/// A short, mostly Chinese line without sentence punctuation: a title.
pub(crate) fn title_like(compact: &str) -> bool {
    let n = compact.chars().count();
    if !(6..=60).contains(&n) {
        return false;
    }
    let mut han = 0;
    let mut pauses = 0;
    for c in compact.chars() {
        match c {
            '。' | '；' | ';' | '！' | '!' | '？' | '?' => return false,
            ',' | '，' | ':' | '：' => pauses += 1,
            _ => {}
        }
        if is_han(c) {
            han += 1;
        }
    }
    if pauses > 2 || han * 2 < n {
        return false;
    }
    let first = compact.chars().next();
    let last = compact.chars().next_back();
    !matches!(last, Some(',' | '，' | ':' | '：' | '、' | '…' | '—' | '(' | '（'))
        && !matches!(first, Some('—' | '…' | '-' | '(' | '（' | ')' | '）' | '、' | ',' | '，' | '。'))
}

fn genre_end(compact: &str) -> bool {
    // Ignore a trailing date or count ("…的讲话 2023-05-12", "…汇编-13篇").
    let t = compact
        .trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, '-' | '/' | '.' | ':' | ')' | '）' | '》'));
    GENRES.iter().any(|g| t.ends_with(g))
}

/// Whether everything outside `hits` is whitespace or stray punctuation.
fn only_insignificant_outside(text: &str, hits: &[Hit]) -> bool {
    let mut at = 0;
    let mut rest = String::new();
    for h in hits {
        if let Some(s) = text.get(at..h.start) {
            rest.push_str(s);
        }
        at = at.max(h.end);
    }
    rest.push_str(text.get(at..).unwrap_or(""));
    rest.chars().all(|c| c.is_whitespace() || is_filler(c))
}

/// Punctuation and symbols that carry no speech on their own.
pub(crate) fn is_filler(c: char) -> bool {
    matches!(
        c,
        ',' | '，'
            | '.'
            | '。'
            | ':'
            | '：'
            | ';'
            | '；'
            | '、'
            | '!'
            | '！'
            | '?'
            | '？'
            | '…'
            | '-'
            | '—'
            | '|'
            | '｜'
            | '>'
            | '<'
            | '»'
            | '«'
            | '/'
            | '('
            | ')'
            | '（'
            | '）'
            | '['
            | ']'
            | '【'
            | '】'
            | '《'
            | '》'
            | '"'
            | '“'
            | '”'
            | '·'
            | '•'
            | '~'
            | '='
            | '#'
            | '*'
    ) || is_bullet(c)
}

/// Finds boilerplate that spans lines. Returns, per line, whether the document pass found the
/// line to be boilerplate (may be shorter than the document: missing entries are `false`).
pub fn check_document(ctx: &DocCtx, out: &mut Vec<Finding>) -> Vec<bool> {
    let n = ctx.lines.len();
    let mut mask = vec![false; n];
    site_chrome::check_document(ctx, &mut mask, out);
    repeated_title::check(ctx, &mut mask, out);
    site_summary::check(ctx, &mut mask, out);
    related_articles::check(ctx, &mut mask, out);
    mask
}

/// Helpers for the document passes.
pub(crate) mod doc {
    use super::LineFacts;
    use crate::analysis::diagnostic::{Applicability, Finding, Span, SpanFix};
    use crate::analysis::engine::DocCtx;
    use crate::analysis::registry::{Rule, RuleMeta};

    pub(crate) fn facts<'a>(ctx: &'a DocCtx, i: usize) -> Option<&'a LineFacts> {
        ctx.lines.get(i).map(|l| &l.facts.boilerplate)
    }

    pub(crate) fn is_empty(ctx: &DocCtx, i: usize) -> bool {
        ctx.lines.get(i).is_none_or(|l| l.facts.is_empty)
    }

    /// Wholly boilerplate by the local pass or by an earlier document rule.
    pub(crate) fn is_bp(ctx: &DocCtx, mask: &[bool], i: usize) -> bool {
        mask.get(i).copied().unwrap_or(false) || facts(ctx, i).is_some_and(|f| f.whole_line)
    }

    pub(crate) fn line32(i: usize) -> u32 {
        u32::try_from(i).unwrap_or(u32::MAX)
    }

    /// A finding over whole lines `first..=last` that deletes them.
    pub(crate) fn lines_finding(
        ctx: &DocCtx,
        meta: &'static RuleMeta,
        first: usize,
        last: usize,
        zh: &str,
        en: &str,
    ) -> Finding {
        let loc = ctx.config.locale;
        let end_bytes = ctx.lines.get(last).map_or(0, |l| l.facts.bytes);
        let span = Span::new(
            crate::analysis::diagnostic::LinePos::new(line32(first), 0),
            crate::analysis::diagnostic::LinePos::new(line32(last), end_bytes),
        );
        let title = if first == last {
            loc.pick("删除网页残留行", "Remove scraped line")
        } else {
            loc.pick("删除网页残留段落", "Remove scraped block")
        };
        Finding::new(Rule(meta), span, loc.pick(zh, en))
            .with_fix(SpanFix::new(title, Applicability::Safe).edit(Span::lines(line32(first), line32(last)), ""))
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::{analyze, Category, Config};

    fn bp_lines(text: &str) -> Vec<usize> {
        let a = analyze(text, &Config::default());
        let mut v: Vec<usize> = a
            .diagnostics
            .iter()
            .filter(|d| d.category() == Category::Boilerplate)
            .flat_map(|d| d.span.start.line as usize..=d.span.end.line as usize)
            .collect();
        v.dedup();
        v
    }

    #[test]
    fn no_boilerplate_in_plain_speech() {
        let text = "在全县经济工作会议上的讲话\n\n同志们：\n\n今天，我们召开全县经济工作会议，主要任务是总结工作、部署任务。\n\n一、统一思想，提高认识\n\n（一）充分认识当前形势\n\n今年以来，全县上下攻坚克难，经济运行稳中有进。";
        assert!(bp_lines(text).is_empty(), "{:?}", bp_lines(text));
    }
}
