//! LEC302 `paywall-note`.
//!
//! ## What it does
//! Flags the notes a template site puts where it cut the text: “（快文网…省略901字，正式会员可
//! 完整阅读）”, “（未完，全文共4215字，当前只显示2341字，请阅读下面提示信息。”, “试读结束”,
//! “预览结束”, “此处隐藏N个字”, “VIP会员可见”, “登录后查看全文”, “还剩N页未读”, and the download
//! prompts around them (“下载本文档”, “加入VIP免费下载”). When the note says how much was cut
//! (4215 − 2341 = 1874 characters, “省略901字”), the message says so. Login prompts in any
//! wording (“您需要先登录”, “阅读全部内容”, “剩余80%未读”) count when they are in brackets, on a
//! short line or next to the withheld text (全文, 会员, 下载…): “请先登录…平台进行申报” in a
//! report is an instruction, not a note. Traditional characters are read too (閱讀, 登錄).
//!
//! ## Why is this bad?
//! The note is not speech, and it marks a hole: the text after it is missing, so the draft is
//! incomplete at that point (later heading numbers will skip, a list of 一是 will lack its 二是).
//!
//! ## Example
//! ```text
//! 一是健全领导机制。成立由县委书记任组长的 ……（未完，全文共4215字，当前只显示2341字，请阅读下面提示信息。
//! ```
//! Use instead: delete the note and restore the missing text from the source.
//!
//! ## Fix safety
//! Safe. A truncation note is replaced (with the ellipses around it) by a marked hole,
//! “〔此处原文缺失约1874字〕” (the count when the note gives one), which LEC108 reports as an
//! error until the writer restores the text or deletes the marker: the loss stays visible, and
//! renumbering next to it stays unsafe. A membership or download prompt that cuts nothing is
//! deleted (its line, when the line holds nothing else). The speech text before the note is
//! kept; the missing text cannot be restored by a fix.
//!
//! Complexity: one literal-prefiltered regex scan of the line, O(n).

use std::sync::LazyLock;

use regex::Regex;

use super::Hit;
use crate::analysis::diagnostic::{Category, FixAvailability, Severity};
use crate::analysis::registry::RuleMeta;
use crate::analysis::util::{is_han, regex};

pub static META: RuleMeta = RuleMeta {
    code: "LEC302",
    name: "paywall-note",
    category: Category::Boilerplate,
    default_severity: Severity::Warning,
    default_enabled: true,
    fix: FixAvailability::Always,
    summary_zh: "付费墙或截断提示（省略N字、未完、试读结束），此处正文缺失",
    summary_en: "Paywall or truncation note (text omitted, preview ended): text is missing here",
};

static TRIGGER: crate::analysis::util::Pattern = crate::analysis::util::Pattern::new(|| {
    String::from(
        r"(?:您|你)(?:需要|需|须|必须)先?(?:登录|登陆)|(?:需要|需|须)先(?:登录|登陆)|试下载部分|可阅读页数|可预览页数|(?:剩余|还剩)\s*\d+%\s*未读|请先(?:登录|登陆)|(?:登录|登陆)(?:后|以后|之后)(?:才能|方可|即可|可以)?(?:查看|阅读|浏览|下载|复制|继续|可见|获取)|(?:阅读|查看|浏览)全部(?:图文)?内容|(?:开通|升级)(?:会员|vip|VIP)|(?:会员|vip|VIP)(?:专享|可见)|省略\s*\d+\s*字|未完[,，]|未完待续|剩余\s*\d+\s*个?字|还有\s*\d+\s*个?字未|(?:剩余)?内容已隐藏|(?:下载|获取|查看|阅读)完整版|完整版(?:下载|请)|会员专享|付费(?:阅读|查看|下载|后)|购买后|全文共\s*\d+\s*字|当前(?:仅|只)?显示\s*\d+\s*字|请(?:认真)?阅读下面的?提示信息|试读(?:已)?结束|预览(?:已)?结束|超出免费预览|免费预览|还剩\s*\d+\s*页|剩余\s*\d+\s*页|隐藏了?\s*\d+\s*个?字|会员可见|会员可完整阅读|正式会员|开通会员|登录后(?:查看|阅读|可见)|(?:查看|阅读|展开)全文|下载本文档?|下载文档|(?:免费|立即)下载|加入\s*(?i:vip)|(?i:vip)\s*专享|定制代笔|免费获取全文|文章共\s*\d+\s*字",
    )
});
/// The trigger's pattern (for the family's gates).
pub(crate) fn trigger_pattern() -> &'static str {
    TRIGGER.source()
}
static TOTAL: LazyLock<Regex> = LazyLock::new(|| regex(r"全文共\s*(\d+)\s*字"));
static SHOWN: LazyLock<Regex> = LazyLock::new(|| regex(r"显示\s*(\d+)\s*字"));
static OMITTED: LazyLock<Regex> = LazyLock::new(|| regex(r"(?:省略|隐藏了?|剩余|还有)\s*(\d+)\s*个?字"));
static TRUNCATION_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?:阅读|查看|浏览)全部|试下载|可阅读页数|未读|省略|未完|全文共|显示\s*\d+\s*字|试读|预览|还剩|剩余|隐藏|会员可见|完整阅读|登录后|(?:查看|阅读|展开)全文|文章共",
    )
});

static LOGIN_CONTEXT: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)全文|全部|完整|本文|文档|会员|vip|剩余|未读|付费|本站"));

fn is_open(c: char) -> bool {
    matches!(c, '(' | '（' | '【' | '[')
}
fn is_close(c: char) -> bool {
    matches!(c, ')' | '）' | '】' | ']')
}
fn is_trail(c: char) -> bool {
    c.is_whitespace() || matches!(c, '…' | '.' | '⋯')
}

/// Finds the notes in `text`; returns the line's truncation fact.
pub(crate) fn find(text: &str, hits: &mut Vec<Hit>) -> Option<u32> {
    let mut truncation: Option<u32> = None;
    let mut last_end = 0;
    for m in TRIGGER.find_iter(text) {
        if m.start() < last_end {
            continue;
        }
        // “阅读全文件精神” is speech: a “全文” trigger must not run into a word.
        if m.as_str().ends_with("全文") && text.get(m.end()..).and_then(|r| r.chars().next()).is_some_and(is_han) {
            continue;
        }
        let before = text.get(..m.start()).unwrap_or("");
        let mut start = m.start();
        let mut in_paren = false;
        for (i, c) in before.char_indices().rev().take(40) {
            if is_close(c) {
                break;
            }
            if is_open(c) {
                start = i;
                in_paren = true;
                break;
            }
        }
        // “请先登录…平台进行申报” is an instruction in a report: a login prompt is the site's only
        // in brackets, on a short line, or next to the text it withholds (全文, 会员, 下载…).
        let login = ["登录", "登陆", "登錄", "登陸"].iter().any(|w| m.as_str().contains(w));
        if login && !in_paren && text.trim().chars().count() > 10 && !LOGIN_CONTEXT.is_match(text) {
            continue;
        }
        if !in_paren {
            // A note without brackets starts at its clause (“……此处隐藏N个字”): back to an
            // ellipsis, a space or a sentence end close before the trigger.
            let clause = before
                .char_indices()
                .rev()
                .find(|&(_, c)| matches!(c, '。' | '!' | '！' | '?' | '？' | '…' | '⋯') || c.is_whitespace());
            let clause_start = clause.map_or(0, |(i, c)| i + c.len_utf8());
            if before.get(clause_start..).is_some_and(|c| c.chars().count() <= 30) {
                start = clause_start;
            }
        }
        // Take the ellipses and spaces in front of the note with it.
        while let Some(c) = text.get(..start).and_then(|s| s.chars().next_back()) {
            if is_trail(c) {
                start -= c.len_utf8();
            } else {
                break;
            }
        }
        let unfinished = m.as_str().starts_with("未完");
        let mut end = text.len();
        if in_paren && !unfinished {
            if let Some((i, c)) = text.get(m.end()..).and_then(|r| r.char_indices().find(|&(_, c)| is_close(c))) {
                end = m.end() + i + c.len_utf8();
                while let Some(c) = text.get(end..).and_then(|s| s.chars().next()) {
                    if is_trail(c) {
                        end += c.len_utf8();
                    } else {
                        break;
                    }
                }
            }
        }
        let note = text.get(start..end).unwrap_or("");
        let missing = missing_chars(note);
        let is_truncation = missing.is_some() || TRUNCATION_WORDS.is_match(note);
        let (zh, en) = match missing {
            Some(n) if n > 0 => (
                format!("付费或截断提示：此处缺少正文约{n}字"),
                format!("paywall or truncation note: about {n} characters of the text are missing here"),
            ),
            _ if is_truncation => (
                "付费或截断提示：此处之后的正文缺失".to_string(),
                "paywall or truncation note: the text that follows is missing".to_string(),
            ),
            _ => ("网站会员或下载推广文字".to_string(), "site membership or download prompt".to_string()),
        };
        if is_truncation {
            let n = missing.unwrap_or(0);
            truncation = Some(truncation.map_or(n, |t| t.saturating_add(n)));
        }
        let hit = Hit::new(&META, start, end, zh, en);
        hits.push(if is_truncation {
            hit.replaced_by(crate::analysis::rules::lost::marker_text(missing.unwrap_or(0)))
        } else {
            hit
        });
        last_end = end;
    }
    truncation
}

/// How many characters the note says are missing (`None` when it does not say).
fn missing_chars(note: &str) -> Option<u32> {
    let num = |re: &Regex| -> Option<u32> { re.captures(note)?.get(1)?.as_str().parse::<u32>().ok() };
    if let (Some(total), Some(shown)) = (num(&TOTAL), num(&SHOWN)) {
        return Some(total.saturating_sub(shown));
    }
    num(&OMITTED)
}

#[cfg(test)]
mod tests {
    use crate::analysis::{analyze, Config, Locale};

    fn lec302(text: &str) -> Vec<(String, String)> {
        analyze(text, &Config::default())
            .diagnostics
            .iter()
            .filter(|d| d.code() == "LEC302")
            .map(|d| (text[d.range.start..d.range.end].to_string(), d.message.clone()))
            .collect()
    }

    #[test]
    fn flags_unfinished_note_with_missing_count() {
        let text = "一是健全领导机制。成立由县委书记、县长任双组长的民族团结进步 ……(未完,全文共4215字,当前只显示2341字,请阅读下面提示信息。收藏在全县民族团结进步工作推进会议上的讲话";
        let got = lec302(text);
        assert_eq!(got.len(), 1);
        assert!(got[0].0.starts_with(" ……(未完"), "{got:?}");
        assert!(got[0].0.ends_with("会议上的讲话"));
        assert!(got[0].1.contains("1874"), "{got:?}");
    }

    #[test]
    fn flags_login_prompts_in_other_wordings() {
        for text in [
            "（查看全部内容，您需要先登录）",
            "本文需要登录后才能查看全文",
            "阅读全文需要先登录",
            "剩余80%未读，点击展开全文",
            "（閱讀全文請先登錄本站會員）",
            "以上内容仅为本文档的试下载部分，为可阅读页数的一半内容",
        ] {
            assert_eq!(lec302(text).len(), 1, "{text}");
        }
    }

    #[test]
    fn no_diagnostic_for_login_instructions_in_a_report() {
        for text in ["请先登录“浙里办”平台进行申报。", "群众办事无需登录多个系统。", "推进按病种付费改革。"]
        {
            assert!(lec302(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn flags_omitted_note_inside_line() {
        let text = "解决各族群众实 ……（快文网http://www.fanwy.cn省略901字，正式会员可完整阅读）…… ";
        let got = lec302(text);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, " ……（快文网http://www.fanwy.cn省略901字，正式会员可完整阅读）…… ");
        assert!(got[0].1.contains("901"));
    }

    #[test]
    fn fix_keeps_the_speech_before_the_note() {
        let text = "解决各族群众实际困难 ……（快文网http://www.fanwy.cn省略901字，正式会员可完整阅读）…… \n下一段。";
        let (fixed, _) = crate::analysis::fix_all(text, &Config::default(), false);
        assert_eq!(fixed, "解决各族群众实际困难〔此处原文缺失约901字〕\n下一段。");
    }

    #[test]
    fn flags_preview_end_lines() {
        for line in [
            "试读结束，开通会员文档无限下载使用",
            "预览结束，免费获取全文或定制代笔此类文章！",
            "（请认真阅读下面的提示信息）",
        ] {
            assert_eq!(lec302(line).len(), 1, "{line}");
        }
    }

    #[test]
    fn takes_the_whole_hidden_text_note() {
        let text = "还存在不小差距 ……此处隐藏4321个字……";
        let got = lec302(text);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, " ……此处隐藏4321个字……");
    }

    #[test]
    fn counts_remaining_characters() {
        let got = lec302("全面推行河长制。（本文共计3200字，剩余2000字请登录后查看）");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "（本文共计3200字，剩余2000字请登录后查看）");
        assert!(got[0].1.contains("2000"));
    }

    #[test]
    fn english_message() {
        let text = "（未完，全文共2010字，当前显示249字）";
        let d = analyze(text, &Config::default().with_locale(Locale::En)).diagnostics;
        assert!(d.iter().any(|d| d.code() == "LEC302" && d.message.contains("1761")), "{d:?}");
    }

    #[test]
    fn no_diagnostic_for_reading_in_speech() {
        assert!(lec302("各级干部要认真阅读全文件精神，全文共分三个部分。").is_empty());
    }
}
