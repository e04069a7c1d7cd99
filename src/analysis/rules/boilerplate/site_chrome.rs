//! LEC301 `site-chrome`.
//!
//! ## What it does
//! Flags lines and spans that belong to the web page the draft was copied from: “更多相关文章”,
//! “上一篇：/下一篇：”, “相关栏目：”, paywall and truncation notes, URLs.
//!
//! ## Why is this bad?
//! Read aloud, they tell the audience the speech was pasted from a template site.
//!
//! ## Example
//! ```text
//! 上一篇:在市企业梯度培育工作推进会议上的讲话
//! ```
//! Use instead: delete the line.
//!
//! ## Fix safety
//! Safe: deletes the line (or the inline note) and nothing else.
//!
//! Complexity: a few literal searches per line, O(n).

use std::sync::LazyLock;

use regex::Regex;

use crate::analysis::diagnostic::{Applicability, Category, Finding, FixAvailability, Severity, Span, SpanFix};
use crate::analysis::engine::LineCtx;
use crate::analysis::registry::{Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    code: "LEC301",
    name: "site-chrome",
    category: Category::Boilerplate,
    default_severity: Severity::Warning,
    default_enabled: true,
    fix: FixAvailability::Always,
    summary_zh: "网页抓取残留（栏目、翻页、付费提示、网址）",
    summary_en: "Text scraped along with the web page (navigation, paywall notes, URLs)",
};

static LINE_START: LazyLock<Regex> =
    LazyLock::new(|| crate::analysis::util::regex(r"^\s*(?:更多相关文章|上一篇|下一篇|相关栏目|标题)\s*[:：]"));
static INLINE: LazyLock<Regex> = LazyLock::new(|| {
    crate::analysis::util::regex(
        r"[(（][^()（）]{0,40}?省略\d+字[^()（）]*?会员[^()（）]*[)）]|[(（]未完[,，]全文共\d+字.*$|https?://[A-Za-z0-9./?=&_%#:~+-]+",
    )
});

/// Returns whether the whole line is boilerplate, and whether it carries a truncation note.
pub(crate) fn check(ctx: &LineCtx, out: &mut Vec<Finding>) -> (bool, Option<u32>) {
    let text = ctx.text;
    let loc = ctx.config.locale;
    if LINE_START.is_match(text) {
        let msg = loc.pick("网页抓取残留行", "line scraped from the web page");
        let fix = SpanFix::new(loc.pick("删除抓取残留行", "Remove scraped line"), Applicability::Safe)
            .edit(Span::lines(0, 0), "");
        out.push(Finding::new(Rule(&META), Span::in_line(0, 0, text.len()), msg).with_fix(fix));
        return (true, None);
    }
    let mut truncation = None;
    for m in INLINE.find_iter(text) {
        if m.as_str().contains("省略") || m.as_str().contains("未完") {
            truncation = Some(0);
        }
        let span = Span::in_line(0, m.start(), m.end());
        let msg = loc.pick("网页抓取残留文字", "text scraped from the web page");
        let fix = SpanFix::new(loc.pick("删除抓取残留文字", "Remove scraped text"), Applicability::Safe).edit(span, "");
        out.push(Finding::new(Rule(&META), span, msg).with_fix(fix));
    }
    (false, truncation)
}
