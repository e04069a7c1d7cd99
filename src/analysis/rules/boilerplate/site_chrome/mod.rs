//! LEC301 `site-chrome`.
//!
//! ## What it does
//! Flags the web page's own furniture that a copy-paste brings along:
//! - field labels and metadata: “标题：”, “发布时间：…”, “来源：…”, “作者：…”, “责任编辑：…”,
//!   “浏览次数：”, “字体：大 中 小”, metadata tables (“索引号： | …”), upload panels
//!   (“上传人：…”, “文档编号：…”), breadcrumbs (“您的位置：首页 > … > 正文”);
//! - navigation and buttons: “上一篇：/下一篇：”, “相关栏目：”, “收藏”, “打印”, “关闭”, “返回”,
//!   “推荐阅读”, “相关推荐”, “猜你喜欢”, “更多相关文章：”, “扫一扫/关注公众号”, comment widgets,
//!   page stamps (“admin 2021-07-08 15:57”), newspaper page navigation;
//! - copyright, ICP and licence lines; page counters (“第1页共3页”, “(第3/4页)”); document file
//!   names (“….docx”); news credit lines (“(责任编辑 张三)”, “据新华社电”, “记者 X/文 Y/摄”);
//!   end-of-article marks (“(完) 【编辑：…】”); table and style-sheet residue (“| |||||”,
//!   `@page { … }`); site titles with a site name, catalogue number or tag; the site's “小编”
//!   introductions and contact prompts, slogans (“XX网为您提供…”) and a site's name alone;
//! - bars of links and fields separated by `|` or spaces (“服务热线：… | 网站地图”, “05-17 |
//!   手机端：…”), forum furniture (“… 发表于 2016-4-12 21:03”, “页: [1] 2”, “查看完整版本:”),
//!   a metadata block run into one line (three field labels), a lone close button “×”;
//! - inline: an editor credit closing the line (“(编辑：… 审核：…)”), a tag list
//!   (“[关键词：…]”), a catalogue number opening it (“编号:20210517088…”), the watermark “原创：”;
//! - the same in traditional characters (來源, 發佈, 瀏覽, 網…) and in converter output that
//!   writes pinyin after characters (`導(dǎo)讀(dú)`);
//! - across lines (document pass): a table of contents after “目录”, a page number standing
//!   alone between blank lines, and the `1、` `2、` markers that start extracted chunks after
//!   “资源描述”.
//!
//! ## Why is this bad?
//! Read aloud, it tells the audience the speech was pasted from a template site.
//!
//! ## Example
//! ```text
//! 上一篇:在市企业梯度培育工作推进会议上的讲话
//! ```
//! Use instead: delete the line. Clean text: `同志们：今天，我们召开全县经济工作会议。`
//!
//! ## Fix safety
//! Safe: deletes the line (with its line end) when it holds nothing but chrome, otherwise just
//! the chrome span; the speech text is never touched.
//!
//! Complexity: a few literal-prefiltered regex scans of lines up to a few hundred characters,
//! and only inline patterns on longer lines: O(n). The document pass is O(lines).

mod document;
mod inline;
mod whole_line;

use std::sync::LazyLock;

use regex::Regex;

use super::{doc, gate, is_filler, strip_pinyin_gated, title_like, Hit, Shape};
use crate::analysis::diagnostic::{Applicability, Category, Finding, FixAvailability, Severity, Span, SpanFix};
use crate::analysis::pass::DocCtx;
use crate::analysis::registry::{Rule, RuleMeta};
use crate::analysis::util::{is_han, regex};

pub(crate) use document::check_document;
use inline::inline;
use whole_line::{trigger_gates, whole_line_kind};

pub static META: RuleMeta = RuleMeta {
    code: "LEC301",
    name: "site-chrome",
    category: Category::Boilerplate,
    default_severity: Severity::Warning,
    default_enabled: true,
    fix: FixAvailability::Always,
    summary_zh: "网页栏目、导航、字段标签、版权与页码等抓取残留",
    summary_en: "Web page chrome scraped along: navigation, field labels, copyright, page counters",
};

#[derive(Clone, Copy)]
enum Kind {
    Label,
    NavLabel,
    Nav,
    Copyright,
    Counter,
    FileName,
    Credit,
    Residue,
    Promo,
    Category,
    SiteTitle,
    EndMark,
    Watermark,
}

impl Kind {
    fn messages(self) -> (&'static str, &'static str) {
        match self {
            Kind::Label => {
                ("网页字段行（标题、发布时间、来源、作者等）", "page field line (title, date, source, author…)")
            }
            Kind::NavLabel => (
                "网页导航行（上一篇、下一篇、相关栏目、相关文章等）",
                "page navigation line (previous/next article, related columns or articles)",
            ),
            Kind::Nav => ("网页导航或按钮文字", "page navigation or button text"),
            Kind::Copyright => ("网站版权或备案信息", "site copyright or registration notice"),
            Kind::Counter => ("网页页码计数", "page counter"),
            Kind::FileName => ("文档文件名", "document file name"),
            Kind::Credit => ("新闻署名或编辑信息", "news credit line"),
            Kind::Residue => ("网页表格或样式残留", "web page table or style residue"),
            Kind::Promo => ("网站推广或客服信息", "site promotion or contact prompt"),
            Kind::Category => ("网站栏目名", "site category label"),
            Kind::SiteTitle => ("网站标题（带网站名、编号或标签）", "site title carrying a site name, number or tag"),
            Kind::EndMark => ("稿件结尾标记或编辑署名", "end-of-article mark or editor credit"),
            Kind::Watermark => ("网站插入正文的水印或编号", "site watermark or catalogue number inside the text"),
        }
    }
}

/// The rows of a word list (`labels.txt`, `nav.txt`, `categories.txt`): a regular-expression
/// fragment (most are plain words) and its tags, in the file's order; `#` comments and blank
/// lines skipped.
fn rows(text: &'static str) -> impl Iterator<Item = (&'static str, Vec<&'static str>)> {
    text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).map(|l| {
        let mut parts = l.split_whitespace();
        let word = parts.next().unwrap_or("");
        (word, parts.collect())
    })
}

/// The rows of `text` that carry `tag`.
fn tagged(text: &'static str, tag: &str) -> Vec<&'static str> {
    rows(text).filter(|(_, tags)| tags.contains(&tag)).map(|(w, _)| w).collect()
}

/// The field labels (`labels.txt`), as one alternation in the file's order.
static LABELS: LazyLock<String> = LazyLock::new(|| rows(LABELS_TXT).map(|(w, _)| w).collect::<Vec<_>>().join("|"));
const LABELS_TXT: &str = include_str!("labels.txt");
const NAV_TXT: &str = include_str!("nav.txt");

/// Labels of navigation rather than of the article's metadata (tagged `nav` in `labels.txt`).
static NAV_LABELS: LazyLock<Vec<&'static str>> = LazyLock::new(|| tagged(LABELS_TXT, "nav"));

/// A field label at the start of the (whitespace-free) line.
static LABEL_START: LazyLock<Regex> = LazyLock::new(|| regex(&format!(r"(?i)^(?:{})[:：]", *LABELS)));
/// Field labels anywhere (a metadata line holds several).
static LABEL_ANY: crate::analysis::util::Pattern =
    crate::analysis::util::Pattern::new(|| format!(r"(?i)(?:{})[:：]", *LABELS));
/// Field labels of a site's metadata block, also in wordings not listed (“所属专题：”, “文章概要：”).
static META_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(r"(?i)(?:专题|栏目|概要|摘要|简介|标签|关键词|关键字|分类|来源|时间|作者|编辑|{})[:：]", *LABELS))
});

/// Navigation words, page stamps and counters that make up chrome lines.
/// (`nav.txt`, as one alternation in the file's order.)
static NAV: crate::analysis::util::Pattern = crate::analysis::util::Pattern::new(|| {
    format!("(?ix){}", rows(NAV_TXT).map(|(w, _)| w).collect::<Vec<_>>().join("|"))
});
/// The words that introduce a list of other articles (tagged `list` in `nav.txt` and
/// `labels.txt`).
static LIST_HEADER: gate::Gated = gate::Gated::new(gate::LIST_HEADER, || {
    let words: Vec<&str> = tagged(NAV_TXT, "list").into_iter().chain(tagged(LABELS_TXT, "list")).collect();
    format!("^(?:{})", words.join("|"))
});

static COPYRIGHT: crate::analysis::util::Pattern = crate::analysis::util::Pattern::new(|| {
    String::from(
        r"(?i)版权所有|copyright|©|icp备|icp证|公网安备|allrightsreserved|不得转载|禁止转载|转载请注明|转载自|版权归原作者|建立镜像|技术支持[:：]|网络支持[:：]|广告经营许可证|信息服务许可证|不良信息举报|主办单位[:：]|承办单位[:：]|如有侵权|侵权请联系|本站部分内容|powered\s*by|遵守互联网相关|文明上网|理性发言|不代表本站观点|不代表本网观点|不代表本站立场|不代表本网立场|版权归|来源于网友上传|网友上传|用户上传",
    )
});
static COUNTER: gate::Gated = gate::Gated::on_chars(gate::COUNTER, &['页'], || {
    String::from(
        r"第\s*\d+\s*页\s*[/／,，]?\s*共\s*\d+\s*页|[(（]?第\s*\d+\s*/\s*\d+\s*页[)）]?|共\s*\d+\s*页\s*[,，]?\s*第\s*\d+\s*页|_第\s*\d+\s*页|\d+\s*/\s*\d+\s*页",
    )
});
static FILE_NAME: crate::analysis::util::Pattern =
    crate::analysis::util::Pattern::new(|| String::from(r"(?i)\.(?:docx?|pdf|pptx?|xlsx?|wps|txt)(?:$|[^a-z])"));
static PHONE: LazyLock<Regex> = LazyLock::new(|| regex(r"^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|400-?\d{3}-?\d{4})$"));
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| regex(r"^[-—–]\d{1,4}[-—–]$"));
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^[(（\[【]?(?:责任编辑|责编|编辑|责任|审核|校对|特约记者|本报记者|记者|通讯员|摄影)[:：]?[\p{Han}·]{2,4}(?:[、,，/][\p{Han}·]{2,4})*[)）\]】]?$|^据[\p{Han}]{2,8}(?:电|报道|消息)$|^(?:文|图|摄|撰文|摄影)/[\p{Han}·]{2,4}(?:(?:文|图|摄|编辑)/[\p{Han}·]{2,4})*$",
    )
});
static PROMO: crate::analysis::util::Pattern = crate::analysis::util::Pattern::new(|| {
    String::from(
        r"(?i)@所有人|@全体成员|加入我们|联系我们|客服老师|联系老师|联系客服|加微信|微信号|客服微信|qq群|扫码咨询|咨询老师|在线客服|^本文(?:档)?由.{1,20}(?:上传|分享|提供|整理|发布)|^欢迎(?:访问|光临本站|光临本网)",
    )
});
/// Signs of the site strong enough to look at a line that ends like a sentence.
static SENTENCE_CHROME: gate::Gated = gate::Gated::new(gate::SENTENCE_CHROME, || {
    String::from(&format!(
        r"(?i){}|{}|小编|共计\s*\d+\s*个?字|阅读时长",
        COPYRIGHT.source().trim_start_matches("(?i)"),
        PROMO_LONG.source(),
    ))
});
/// The rest of the signs: a field label opening the line. Apart from [`SENTENCE_CHROME`]
/// because its gate (a colon) is much wider, and it is anchored (one look at the start).
static SENTENCE_LABEL: gate::Gated =
    gate::Gated::new(gate::SENTENCE_LABEL, || format!(r"(?i)^\s*(?:{})\s*[:：]", *LABELS));
/// Promotion phrases that mark a line as the site's even when it is long.
static PROMO_LONG: crate::analysis::util::Pattern = crate::analysis::util::Pattern::new(|| {
    String::from(
        r"(?:本站|本网|小编)(?:为|给)?(?:您|你|大家)?(?:精心)?(?:整理|收集|提供|准备|搜集|编辑|推荐|汇总)|客服老师|欢迎(?:咨询|参考|访问)|关注.{0,10}公众号|更多精彩(?:内容|文章|范文|资讯)|可咨询客服|联系客服|不代表本站|不代表本网|网友上传|为大家(?:精心)?(?:整理|收集|准备|带来|分享|推荐)|希望对(?:大家|你|您)有所?帮助|欢迎(?:阅读|借鉴)|本文档为【|请使用.{0,12}软件.{0,12}打开",
    )
});
/// “在全市…会议上的讲话 | 学习啦”: a title with the site's name after a separator.
static TITLE_SITE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^(.{6,60}?)[|｜_-]+[\p{Han}A-Za-z0-9]{1,8}(?:网|啦|文库|范文|文档|资料|站)$"));
static CATALOGUE: LazyLock<Regex> = LazyLock::new(|| regex(r"^[A-Z]{1,2}\d{3,6}\s+(\S.*)$"));
static YEAR_TAG: LazyLock<Regex> = LazyLock::new(|| regex(r"^(.*\S)\s+(?:19|20)\d{2}$"));
static COLLECT_TITLE: LazyLock<Regex> = LazyLock::new(|| regex(r"^收藏《[^》]{2,60}》[)）]?$"));
/// Site category names (`categories.txt`).
static CATEGORIES: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| rows(include_str!("categories.txt")).map(|(w, _)| w).collect());

/// Inline chrome inside or at the end of a line of speech.
static INLINE: gate::Gated = gate::Gated::new(gate::INLINE, || {
    let label = tagged(LABELS_TXT, "inline").join("|");
    let button = tagged(NAV_TXT, "button").join("|");
    let next = tagged(NAV_TXT, "next").join("|");
    format!(
        r"(?x)
        (?P<end>\s*(?:[(（]完[)）]\s*(?:[【\[(（](?:责任)?编辑[:：]?[^】\])）]{{1,12}}[】\])）])?\s*$
          |[【\[](?:责任编辑|编辑|责编)[:：][^】\]]{{1,12}}[】\]]\s*$
          |[(（](?:责任编辑|责编)[:：]?\s*[\p{{Han}}]{{2,4}}[)）]\s*$
          |[(（【\[]\s*(?:本文|文章|稿件|信息)?来源[:：][^)）】\]]{{1,24}}[)）】\]]\s*$
          |[(（【\[][^()（）【】\[\]。，,]{{0,16}}?(?:责任编辑|编辑|责编|审核|校对|监制|主编)[:：][^()（）【】\[\]。，,]{{1,30}}[)）】\]]\s*$))
        |(?P<label>\s*[\[【](?:{label})[:：][^\]】]{{1,40}}[\]】]\s*$)
        |(?P<jump>\s*[(（][上下]转(?:第)?[^)）]{{1,6}}版[)）](?:\s*\|(?:\s*\|)*)?\s*$)
        |(?P<table>(?:\s*\|){{3,}}\s*$)
        |(?P<tag>\s+(?:精品)?(?:办公|公文|工作)?(?:范文|文档|资料)(?:集锦|大全|精选|汇编|推荐)\s*$)
        |(?P<buttons>(?:\s*[【\[]\s*(?:{button})\s*[】\]])+\s*$)
        |(?P<nav>\s*(?:{next})[:：].{{0,60}}$)",
    )
});
static HTML: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"</?(?:p|br|div|span|strong|font|img|table|tr|td)\b[^>]{0,80}>|&nbsp;|&gt;|&lt;|&amp;|&quot;")
});
/// A site's marker before the text: “【篇一】”, “【导语】”.
static SITE_PREFIX: gate::Gated = gate::Gated::new(gate::SITE_PREFIX, || {
    String::from(
        r"^\s*(?:[【\[](?:篇[一二三四五六七八九十\d]{1,3}|导语|导读|范文|正文|标签[:：]标题)[】\]]|(?:篇|范文|精选范文|例文)[一二三四五六七八九十\d]{1,3}[:：、.]|正文[:：])\s*",
    )
});
/// A site's tag on a title: “…的讲话【精选】”, “…的讲话【3篇】”.
static TITLE_TAG: crate::analysis::util::Pattern = crate::analysis::util::Pattern::new(|| {
    String::from(
        r"[【\[](?:推荐|精选|最新|热门|必备|优秀|实用|通用|范文|合集|精华|荐|原创|完整版|word版|可编辑|\d+篇)[】\]]",
    )
});
/// Forum page furniture: the page list `页: [1] 2`, the archive link `查看完整版本: …`.
/// A site's slogan: “XX素材网提供各类范文”, “XX网为您整理…” (not 互联网/电网 providing something).
/// Kept apart from the literal-led patterns so that those keep their fast prefilter.
static SLOGAN: gate::Gated = gate::Gated::new(gate::SLOGAN, || {
    String::from(
        r"^[\p{Han}A-Za-z0-9]{1,9}[^联电管路水天渔法障护系息通铁航务控特域维络地张全罗卫光线\s，。、,]网(?:站)?(?:为|给)?(?:您|你|大家)?(?:精心)?(?:提供|整理|收集|分享|汇集|推荐|准备)",
    )
});
fn is_slogan(s: &str, gates: u64) -> bool {
    SLOGAN.open(gates) && s.contains('网') && SLOGAN.is_match(gates, s)
}
/// “政务热线：…”, “新闻热线:…”: any hotline label opening a line.
static HOTLINE: LazyLock<Regex> = LazyLock::new(|| regex(r"^[\p{Han}]{0,4}热线(?:电话)?[:：]\s*\d"));
static FORUM: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"^页[:：](?:\[?\d+\]?)+$|^查看完整版本[:：]|^[^，。,]{1,20}(?:发表于|發表於)\d{4}-\d{1,2}-\d{1,2}")
});
/// A site's tag after a title: “…座谈会致辞精选”, “…的讲话范文”, “…发言稿3篇”.
static TITLE_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?:(?:精选|范文|大全|模板|汇总|合集|通用|优选)+(?:\d+篇)?|\d+篇|[(（](?:精选|通用|推荐|优选)?\d*篇?(?:精选|通用)?[)）])$",
    )
});
/// A site's tag before a title: “[县长在县委书记]县长在…的讲话”. ASCII brackets only: books and
/// sites also head their own sections with 【…】 (“【致辞背景】…”).
static TAG_PREFIX: LazyLock<Regex> = LazyLock::new(|| regex(r"^\[[\p{Han}]{2,12}\](.+)$"));
/// A date in a bar of links: “10-28”, “2018/12/28”.
static BAR_DATE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^\d{1,4}[-/年]\d{1,2}(?:[-/月]\d{1,2}日?)?(?:\d{1,2}:\d{2}(?::\d{2})?)?$"));
/// Inline watermark and catalogue number: “原创：” inside a sentence, “编号:136929198” before it.
static WATERMARK: gate::Gated =
    gate::Gated::new(gate::WATERMARK, || String::from(r"原创[:：]|^\s*(?:文档编号|编号|档案号|文档号)[:：]\s*\d{5,}"));
static CSS: LazyLock<Regex> = LazyLock::new(|| regex(r"\{[^{}]*:[^{}]*\}"));

fn kind_hit(kind: Kind, start: usize, end: usize) -> Hit {
    let (zh, en) = kind.messages();
    Hit::new(&META, start, end, zh, en)
}

/// Finds chrome on one line; returns the line-level signals the document pass uses.
pub(crate) fn find(text: &str, gates: u64, hits: &mut Vec<Hit>) -> Shape {
    let mut shape = Shape::default();
    let lead = text.len() - text.trim_start().len();
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return shape;
    }
    let trim_end = lead + trimmed.len();
    let clean = strip_pinyin_gated(trimmed, gates);
    let trimmed: &str = &clean;
    // Whole-line kinds look at short lines only: a paragraph of speech is long. A line that
    // ends a sentence is looked at only when it holds a strong sign of the site.
    let sentence = trimmed.ends_with(['。', '！', '？', '!', '?']);
    if trimmed.len() <= 480
        && (!sentence
            || SENTENCE_CHROME.is_match(gates, trimmed)
            || SENTENCE_LABEL.is_match(gates, trimmed)
            || is_slogan(trimmed, gates))
    {
        let compact = super::without_whitespace(trimmed, gates);
        let chars = compact.chars().count();
        let core = compact
            .trim_start_matches(|c: char| is_filler(c) && !matches!(c, '【' | '[' | '(' | '（' | '《'))
            .trim_start_matches(['【', '[']);
        shape.list_header = chars <= 40 && LIST_HEADER.is_match(gates, core);
        shape.toc_header = chars <= 12 && (core.starts_with("目录") || core.starts_with("提纲"));
        shape.chunk_header = chars <= 10
            && ["资源描述", "文档描述", "内容描述", "文本预览", "文档预览", "文档简介", "文档介绍", "内容简介"]
                .iter()
                .any(|w| core.starts_with(w));
        if let Some(kind) = whole_line_kind(trimmed, &compact, core, chars, gates) {
            hits.push(kind_hit(kind, lead, trim_end));
            return shape;
        }
    }
    inline(text, gates, hits);
    shape
}

fn han_count(s: &str) -> usize {
    s.chars().filter(|&c| is_han(c)).count()
}

/// The rule's gated patterns.
pub(super) static GATED: [&gate::Gated; 8] =
    [&SENTENCE_CHROME, &SENTENCE_LABEL, &INLINE, &WATERMARK, &COUNTER, &LIST_HEADER, &SITE_PREFIX, &SLOGAN];

/// The family's gated patterns of this rule, with their bits.
pub(crate) fn gate_sources() -> Vec<(u64, gate::Source)> {
    let mut v: Vec<(u64, gate::Source)> = GATED.iter().map(|g| g.gate_source()).collect();
    v.extend(trigger_gates());
    v
}

#[cfg(test)]
mod tests {
    use crate::analysis::check::{lines, Select};
    use crate::analysis::{analyze, fix_all, Config};

    /// The gates of the rule's patterns are sound: a gate given its own characters waits for
    /// characters every match holds.
    #[test]
    fn gated_patterns_hold_their_characters() {
        for g in super::GATED {
            assert!(g.holds_its_characters(), "{}", g.source());
        }
        // And the check can fail: a pattern that matches without the gate's character.
        static LOOSE: super::gate::Gated = super::gate::Gated::on_chars(0, &['页'], || r"第\d+页|共\d+条".to_string());
        assert!(!LOOSE.holds_its_characters());
    }

    /// Every gate of the family has a bit of its own: the triggers' bits are distinct, clear of
    /// the other gates' and below the table's flag bits (61–63).
    #[test]
    fn gate_bits_are_distinct() {
        let mut seen = 0u64;
        for (bit, _) in super::super::gate_sources() {
            assert_eq!(bit.count_ones(), 1, "{bit:#x}");
            assert!(bit < 1 << 61, "{bit:#x}");
            // ADDRESS is listed twice (characters and pairs), on purpose.
            if bit != super::gate::ADDRESS {
                assert_eq!(seen & bit, 0, "{bit:#x} is used twice");
            }
            seen |= bit;
        }
    }

    /// A row of a word list that is a plain word (no regular-expression syntax).
    fn plain(row: &str) -> bool {
        !row.contains(['\\', '[', ']', '(', ')', '{', '}', '?', '*', '+', '|', '.', '^', '$'])
    }

    /// Every row of the word lists is used: each field label is matched in full by the label
    /// pattern, each plain navigation word by the navigation pattern (no earlier row shadows
    /// it), each tagged row by the pattern its tag feeds, and no row is listed twice.
    #[test]
    fn every_word_list_row_is_used() {
        use super::{rows, CATEGORIES, INLINE, LABELS_TXT, LABEL_START, LIST_HEADER, NAV, NAV_LABELS, NAV_TXT};
        let mut seen = std::collections::HashSet::new();
        for (text, name) in [(LABELS_TXT, "labels.txt"), (NAV_TXT, "nav.txt")] {
            seen.clear();
            for (row, tags) in rows(text) {
                assert!(seen.insert(row), "{name}: {row} is listed twice");
                assert!(crate::analysis::util::regex(row).find("").is_none(), "{name}: {row} matches nothing");
                // A sample of the row's text: `tags?` reads `tags`.
                let sample = row.replace('?', "");
                for tag in &tags {
                    let hit = |line: &str, group: &str| {
                        INLINE.captures_iter(!0, line).next().is_some_and(|c| c.name(group).is_some())
                    };
                    let ok = match *tag {
                        "nav" => NAV_LABELS.contains(&row),
                        "list" => LIST_HEADER.is_match(!0, row),
                        "inline" => hit(&format!("同志们。[{sample}：讲话]"), "label"),
                        "button" => hit(&format!("同志们。【{row}】"), "buttons"),
                        "next" => hit(&format!("同志们。{row}：在全市会议上的讲话"), "nav"),
                        _ => false,
                    };
                    assert!(ok, "{name}: {row} is tagged {tag} and not used as such");
                }
                if !plain(&sample) {
                    continue;
                }
                let whole = |m: Option<regex::Match>, len: usize| m.is_some_and(|m| m.start() == 0 && m.end() == len);
                if name == "labels.txt" {
                    let line = format!("{sample}：");
                    assert!(whole(LABEL_START.find(&line), line.len()), "{name}: {row} is not read as a label");
                } else {
                    assert!(whole(NAV.find(&sample), sample.len()), "{name}: {row} is shadowed by an earlier row");
                }
            }
        }
        let categories: std::collections::HashSet<&str> = CATEGORIES.iter().copied().collect();
        assert_eq!(categories.len(), CATEGORIES.len(), "categories.txt lists a name twice");
        assert!(CATEGORIES.iter().all(|c| c.chars().all(crate::analysis::util::is_han)));
    }

    /// The lines this rule reports.
    fn lec301_lines(text: &str) -> Vec<u32> {
        lines(Select::Rule("site-chrome"), text)
    }

    /// The lines any boilerplate rule reports.
    fn bp_lines(text: &str) -> Vec<u32> {
        lines(Select::Category(crate::analysis::Category::Boilerplate), text)
    }

    #[test]
    fn flags_furniture_by_kind_in_unseen_wordings() {
        for line in [
            // Bars of links and fields, by `|` or by spaces.
            "客服热线：400-123-4567 | 网站地图 | 联系我们",
            "09-15 | 手机端：在全市防汛工作会议上的讲话",
            "设为首页 | 加入收藏 | 联系我们",
            "网站首页 资讯中心 范文大全 会员中心",
            "Archiver|手机版|小黑屋",
            "收藏 | 评论 | 分享",
            // Forum furniture.
            "楼主 | 发表于 2012-05-06 09:12",
            "页: 1 [2] 3",
            "查看完整版本: 在全乡计生工作会上的讲话",
            "只看该作者",
            "Powered by Discuz! X3.4",
            // Site prefaces, slogans, names, prompts.
            "以下是本站小编收集整理的讲话材料，仅供参考。",
            "以下内容由网友上传，观点不代表本网立场。",
            "更多精彩内容，请关注本站微信公众号。",
            "公文写作网为您提供最新的讲话稿范文",
            "欢迎访问公文之家",
            "@全体成员 加入我们",
            "材料素材网",
            "×",
            // Credits, titles with the site's tags, widgets.
            "文/张三 图/李四",
            "在全镇春耕生产动员会上的讲话(通用5篇)",
            "在全镇春耕生产动员会上的讲话精选5篇",
            "[镇长讲话]镇长在全镇春耕生产动员会上的讲话",
            "推荐内容",
            "点击排行",
            "本文已影响 3256 人",
            "发表评论 请自觉遵守互联网相关的政策法规",
            "所属专题:人才工作 > 文章概要:在全区人才工作会议上的讲话,为您写作提供参考。相关标签:人才 会议 讲话",
        ] {
            assert_eq!(bp_lines(line), vec![0], "{line}");
        }
    }

    #[test]
    fn flags_furniture_in_traditional_characters_and_converter_pinyin() {
        for line in [
            "發佈時間：2021-05-06　瀏覽次數：235",
            "上一篇：在全縣幹部大會上的講話",
            "相關閱讀",
            "(責任編輯：黃華)",
            "【打印本頁】【關閉窗口】",
            "版權所有：某某縣人民政府",
            "掃一掃在手機上閱讀",
            "導讀：本文來源於網友上傳，僅供參考。",
            "本站為你精心整理了民主生活會發言，歡迎咨詢。",
            "春節團拜會致辭精選",
            "範文之家網",
            "導(dǎo)讀(dú)：本文來(lái)源於網(wǎng)友上傳，僅供參考。",
        ] {
            assert_eq!(bp_lines(line), vec![0], "{line}");
        }
    }

    #[test]
    fn strips_inline_furniture_and_keeps_the_sentence() {
        let cfg = Config::default();
        for (line, kept) in [
            ("同志们，要把各项工作做实做细。(编辑：王五 审核：赵六)", "同志们，要把各项工作做实做细。"),
            ("全市经济运行总体平稳。【来源：晨报】", "全市经济运行总体平稳。"),
            ("全縣經濟運行總體平穩。(記者:王平 編輯:李華)", "全縣經濟運行總體平穩。"),
            (
                "各位代表，现在我代表县人民政府作工作报告。[关键词：政府工作报告]",
                "各位代表，现在我代表县人民政府作工作报告。",
            ),
            (
                "编号:20210517088各位领导、同志们：今天召开全区人才工作会议。",
                "各位领导、同志们：今天召开全区人才工作会议。",
            ),
            ("向各位领导、原创：各位来宾表示热烈的欢迎！", "向各位领导、各位来宾表示热烈的欢迎！"),
        ] {
            assert_eq!(fix_all(line, &cfg, false).0, kept, "{line}");
        }
    }

    #[test]
    fn no_diagnostic_for_prose_that_uses_furniture_words() {
        for line in [
            "互联网提供了广阔的发展空间，我们要抓住机遇。",
            "国家电网为全市企业提供稳定电力保障。",
            "欢迎来到美丽的滨江新区",
            "工会会员免费体检已覆盖全市职工。",
            "群众办事无需登录多个系统，实现一网通办。",
            "开设12345政务服务热线，热线接通率达到98%。",
            "织密社会保障网",
            "工业互联网",
            "建设智能电网",
            "原创性成果不断涌现，创新能力持续提升。",
            "会议摘要如下：",
            "本网讯 近日，全市召开安全生产工作会议。",
            "移动端政务服务应用覆盖全部乡镇。",
            "继续阅读党史学习教育读本，做到学思践悟。",
            "【致辞背景】2023年全市春节团拜会致辞",
            "2022-2023学年 | 在校生 | 12000",
            "今年 | 去年 | 增减",
            "欢迎光临指导！",
            "请先登录“浙里办”平台进行申报。",
            "需先登录国家政务服务平台进行申请。",
        ] {
            assert!(bp_lines(line).is_empty(), "{line}");
        }
    }

    #[test]
    fn flags_field_label_lines() {
        for line in [
            "标题:在全县民族团结进步工作推进会议上的讲话",
            "    上一篇:在市企业梯度培育工作推进会议上的讲话",
            "相关栏目：民族宗教 电信 会议致辞 会议主持 会议发言",
            "发布时间：2024-05-02  来源：县政府办  作者：张三",
            "时间:2021-02-01 来源:中国甘肃网 作者:",
            "索 引 号: | yishuisgz2761108/2021-0000066 | 主 题 词: | 政务公开 |",
            "您的位置：首页 > 范文 > 讲话稿 > 正文",
        ] {
            assert_eq!(lec301_lines(line), vec![0], "{line}");
        }
    }

    #[test]
    fn flags_navigation_and_stamps() {
        for line in [
            "返回",
            "收藏 分享(赏)",
            "3 上一篇  下一篇 4 放大 缩小 默认",
            "admin 2021-07-08 15:57:54 党委",
            "达州日报 2019-11-07 22:20 大字",
            "【收藏】 作者: 佚名 来源: 作者原创 【小 中 大】【以稿换稿】",
            "浙新办[2005]20号 浙ICP备05073341号",
            "Copyright ©by ilonghua.sznews.com all rights reserved.",
            "第1页 / 共12页",
            "2022年x镇政府工作报告.docx_第1页",
            "乡镇长在重点工作会上的讲话汇编-13篇(第3/4页)",
            "(责任杨晓梅)",
            "据新华社电",
            "记者 义永华/文 杨波/摄",
            "龙华政府在线|观湖政务网 |民治政务网|龙华政务网|大浪政务网",
            "扫一扫在手机打开当前页",
            "文章录入：admin    责任编辑：admin",
            "收藏此页",
            "查看更多>>",
            "地址：某某市人民路1号  邮编：310000  电话：0571-12345678",
            "本文由用户wx123上传",
            "全屏 打印 下载 收藏",
            "第 1 页，共 5 页",
            "相关热词搜索：讲话稿 发言稿",
            "导读：下面是一篇在全市经济工作会议上的讲话，供参考。",
            "【导语】出国留学网为大家整理的在全市经济工作会议上的讲话，希望对大家有所帮助。欢迎阅读！",
            "在全市安全生产工作会议上的讲话 | 学习啦",
            "推荐度：★★★★",
            "0下载券  用手机看",
            "网站标识码：1234000012",
            "本文档为【在全市XX会议上的讲话】，请使用软件OFFICE或WPS软件打开。",
            "TOP",
            "阅读(3542)",
            "无障碍浏览 长者模式 繁體 English",
            "首页 | 时政 | 社会 | 国际",
            "视频加载中，请稍候...",
            "您的浏览器不支持video标签",
            "微信 微博 QQ空间 复制链接",
            "相关稿件",
            "(责编：杨虹、牛镛)",
            "2023年在全市经济工作会议上的讲话【精选】",
            "在全市安全生产工作会议上的讲话【3篇】",
            "网站地图 | 联系我们 | 使用帮助",
            "主办：某某县人民政府办公室 承办：某某县大数据中心",
            "信息索引号：xxx-2023-001 生成日期：2023-05-12 所属主题：综合政务",
            " 2006年12月30日06:43 荆楚网-湖北日报",
            "【字体：大 中 小】　【打印本页】　【关闭窗口】",
            "分享到：微信　微博　QQ空间",
            "---|---|---|",
            "17768990518",
            "下面是小编为大家整理的XX镇2022政府工作报告，供大家参考。",
            "2021年湖滨区国民经济和社会发展统计公报 2021",
        ] {
            assert_eq!(lec301_lines(line), vec![0], "{line}");
        }
    }

    #[test]
    fn flags_inline_end_marks_and_counters() {
        let (fixed, _) = fix_all("请国务院总理作政府工作报告。 (本文来源:新华网 )", &Config::default(), false);
        assert_eq!(fixed, "请国务院总理作政府工作报告。");
        let text = "据悉，全省将建设300个省级重点项目。(完) 【编辑:陈海峰】";
        let d = analyze(text, &Config::default()).diagnostics;
        let hit: Vec<&str> =
            d.iter().filter(|d| d.code() == "LEC301").map(|d| &text[d.range.start..d.range.end]).collect();
        assert_eq!(hit, vec!["(完) 【编辑:陈海峰】"]);
        let (fixed, _) = fix_all(text, &Config::default(), false);
        assert_eq!(fixed, "据悉，全省将建设300个省级重点项目。");
    }

    #[test]
    fn strips_buttons_and_navigation_glued_onto_the_last_line() {
        let cfg = Config::default();
        assert_eq!(
            fix_all("以上意见，请大家认真抓好落实。谢谢大家！ 【打印】【关闭】", &cfg, false).0,
            "以上意见，请大家认真抓好落实。谢谢大家！"
        );
        assert_eq!(
            fix_all("以上意见，请大家认真抓好落实。上一篇：在全市经济工作会议上的讲话", &cfg, false).0,
            "以上意见，请大家认真抓好落实。"
        );
        assert_eq!(
            fix_all("正文：同志们：今天召开全市经济工作会议。", &cfg, false).0,
            "同志们：今天召开全市经济工作会议。"
        );
    }

    #[test]
    fn no_diagnostic_for_speech_lines() {
        for line in [
            "同志们：",
            "一、综 合",
            "2022年5月25日",
            "政 府 工 作 报 告",
            "——2022年4月26日在新华区第十一届人民代表大会第一次会议上",
            "区人民政府区长 张伟民",
            "指标 | 年末数(人) | 比重(%) |",
            "全区常住人口 | 107365 | 100.0 |",
            "指标 | 单位 | 完成值 | 增幅 |",
            "谢谢大家！",
            "各级干部要提供技术支持，确保项目按时投产。",
            "相关工作",
            "大中小学校建设",
            "推进“三网”融合——建设数字电网",
            "适老化改造",
            "无障碍设施",
            "经验分享",
            "点击播放器上的按钮",
            "来源于群众的智慧是我们最宝贵的财富，我们要认真总结。",
            "2023年5月12日14:30，全市安全生产工作会议召开。",
        ] {
            assert!(lec301_lines(line).is_empty(), "{line}");
        }
    }

    #[test]
    fn flags_table_of_contents() {
        let text = "目录/提纲:……\n一、进一步落实安全生产制度\n二、确保国庆节期间平安\n……\n在全省安全工作会议上的发言\n同志们：";
        let d = analyze(text, &Config::default()).diagnostics;
        let got: Vec<(u32, u32)> =
            d.iter().filter(|d| d.code() == "LEC301").map(|d| (d.span.start.line, d.span.end.line)).collect();
        assert_eq!(got, vec![(0, 0), (1, 3)]);
    }

    #[test]
    fn flags_lone_page_number_between_blank_lines() {
        let text = "辽宁省固定资产投资创十年来最好水平\n\n11\n\n中新社沈阳1月22日电，记者获悉。";
        assert_eq!(lec301_lines(text), vec![2]);
        let pdf = "完成地区生产总值\n2023\n亿元";
        assert!(lec301_lines(pdf).is_empty());
        let spaced_pdf = "XX\n\n镇\n\n2023\n\n年政府工作报告";
        assert!(lec301_lines(spaced_pdf).is_empty());
    }

    #[test]
    fn strips_chunk_markers_after_resource_description() {
        let text = "资源描述\n\n1、2022年镇政府工作报告各位代表：现在，我代表镇人民政府向大会报告工作。\n\n2、7.1亿元，规模以上固定资产投资完成3.5亿元。";
        let (fixed, _) = fix_all(text, &Config::default(), false);
        assert_eq!(fixed, "\n2022年镇政府工作报告各位代表：现在，我代表镇人民政府向大会报告工作。\n\n7.1亿元，规模以上固定资产投资完成3.5亿元。");
    }
}
