//! The whole-line classifier: which kind of chrome a short line is, if any, asked through the
//! trigger patterns (each behind its gate bit) before the shape tests.

use super::*;

/// The whole-line kinds' trigger patterns, each gated by its own bit (`gate::TRIGGER_SHIFT` +
/// its index): a kind is looked at only when its trigger matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Trigger {
    /// a copyright or licence line
    Copyright,
    /// field labels
    FieldLabel,
    /// the site's 小编
    Xiaobian,
    /// promotion phrases
    Promo,
    /// a document file name
    FileName,
    /// a page counter
    Counter,
    /// a breadcrumb arrow
    Breadcrumb,
    /// navigation words
    Nav,
    /// a news credit (编辑, 记者, 据…, /文)
    Credit,
    /// a catalogue number opening the line
    Catalogue,
    /// a year closing the line
    YearEnd,
    /// 收藏《…》
    Collect,
    /// a bar separator `|`
    Bar,
    /// promotion phrases that mark even a long line
    PromoLong,
    /// a site's tag on a title
    TitleTag,
}

impl Trigger {
    const ALL: [Trigger; 15] = [
        Trigger::Copyright,
        Trigger::FieldLabel,
        Trigger::Xiaobian,
        Trigger::Promo,
        Trigger::FileName,
        Trigger::Counter,
        Trigger::Breadcrumb,
        Trigger::Nav,
        Trigger::Credit,
        Trigger::Catalogue,
        Trigger::YearEnd,
        Trigger::Collect,
        Trigger::Bar,
        Trigger::PromoLong,
        Trigger::TitleTag,
    ];

    /// The trigger's index: its place in [`Trigger::ALL`] and its gate bit after
    /// `gate::TRIGGER_SHIFT`.
    const fn index(self) -> usize {
        self as usize
    }

    /// The trigger's gate bit: one of its own, after `gate::TRIGGER_SHIFT`.
    const fn bit(self) -> u64 {
        1 << (gate::TRIGGER_SHIFT as usize + self.index())
    }

    /// The trigger's pattern behind its own gate.
    pub(super) fn gated(self) -> &'static gate::Gated {
        use gate::Gated;
        static COPYRIGHT_T: Gated = Gated::new(Trigger::Copyright.bit(), || COPYRIGHT.source().to_string());
        static FIELD_LABEL: Gated = Gated::new(Trigger::FieldLabel.bit(), || LABEL_ANY.source().to_string());
        static XIAOBIAN: Gated = Gated::new(Trigger::Xiaobian.bit(), || "小编".to_string());
        static PROMO_T: Gated = Gated::new(Trigger::Promo.bit(), || PROMO.source().to_string());
        static FILE_NAME_T: Gated = Gated::new(Trigger::FileName.bit(), || FILE_NAME.source().to_string());
        static COUNTER_T: Gated = Gated::new(Trigger::Counter.bit(), || COUNTER.source().to_string());
        static BREADCRUMB: Gated = Gated::new(Trigger::Breadcrumb.bit(), || r"[>»›＞]|&gt;".to_string());
        static NAV_T: Gated = Gated::new(Trigger::Nav.bit(), || NAV.source().to_string());
        static CREDIT_T: Gated = Gated::new(Trigger::Credit.bit(), || {
            r"^[(（\[【]?(?:责任编辑|责编|编辑|责任|审核|校对|特约记者|本报记者|记者|通讯员|摄影)|^据|/[文摄图]|^[文图摄]/"
                .to_string()
        });
        static CATALOGUE_T: Gated = Gated::new(Trigger::Catalogue.bit(), || r"^[A-Z]{1,2}\d{3}".to_string());
        static YEAR_END: Gated = Gated::new(Trigger::YearEnd.bit(), || r"(?:19|20)\d{2}$".to_string());
        static COLLECT: Gated = Gated::new(Trigger::Collect.bit(), || "^收藏《".to_string());
        static BAR: Gated = Gated::new(Trigger::Bar.bit(), || "[|｜]".to_string());
        static PROMO_LONG_T: Gated = Gated::new(Trigger::PromoLong.bit(), || PROMO_LONG.source().to_string());
        static TITLE_TAG_T: Gated = Gated::new(Trigger::TitleTag.bit(), || TITLE_TAG.source().to_string());
        match self {
            Trigger::Copyright => &COPYRIGHT_T,
            Trigger::FieldLabel => &FIELD_LABEL,
            Trigger::Xiaobian => &XIAOBIAN,
            Trigger::Promo => &PROMO_T,
            Trigger::FileName => &FILE_NAME_T,
            Trigger::Counter => &COUNTER_T,
            Trigger::Breadcrumb => &BREADCRUMB,
            Trigger::Nav => &NAV_T,
            Trigger::Credit => &CREDIT_T,
            Trigger::Catalogue => &CATALOGUE_T,
            Trigger::YearEnd => &YEAR_END,
            Trigger::Collect => &COLLECT,
            Trigger::Bar => &BAR,
            Trigger::PromoLong => &PROMO_LONG_T,
            Trigger::TitleTag => &TITLE_TAG_T,
        }
    }
}

/// The gates of the triggers, in [`Trigger::ALL`] order.
pub(super) fn trigger_gates() -> Vec<(u64, gate::Source)> {
    Trigger::ALL.iter().map(|t| t.gated().gate_source()).collect()
}

/// Which trigger patterns match `compact`, asked one at a time (a pattern whose gate is closed
/// cannot match, and is not run); the same answers as one `RegexSet` over all of them.
pub(super) struct Triggers<'a> {
    compact: &'a str,
    gates: u64,
    asked: u16,
    matched: u16,
}

impl Triggers<'_> {
    fn matched(&mut self, t: Trigger) -> bool {
        let bit = 1u16 << t.index();
        if self.asked & bit == 0 {
            self.asked |= bit;
            if t.gated().is_match(self.gates, self.compact) {
                self.matched |= bit;
            }
        }
        self.matched & bit != 0
    }

    fn matched_any(&mut self) -> bool {
        Trigger::ALL.iter().any(|&t| self.matched(t))
    }
}

pub(super) fn whole_line_kind(trimmed: &str, compact: &str, core: &str, chars: usize, gates: u64) -> Option<Kind> {
    // Symbols only: table rules, separators, a lone “>”.
    if compact.chars().all(|c| {
        matches!(
            c,
            '|' | '｜'
                | '>'
                | '<'
                | '»'
                | '«'
                | '›'
                | '‹'
                | '-'
                | '='
                | '~'
                | '#'
                | '/'
                | '\\'
                | '+'
                | '─'
                | '━'
                | '═'
                | '▲'
                | '△'
                | '▼'
                | '→'
                | '←'
                | '↑'
                | '↓'
                | '['
                | ']'
                | '【'
                | '】'
                | '{'
                | '}'
        ) || super::super::is_bullet(c)
    }) {
        return Some(Kind::Residue);
    }
    if compact.bytes().all(|b| b.is_ascii_digit() || b == b'-') || compact.starts_with(['-', '—', '–']) {
        if PHONE.is_match(compact) {
            return Some(Kind::Promo);
        }
        if PAGE_NUMBER.is_match(compact) {
            return Some(Kind::Counter);
        }
    }
    // A close button alone.
    if matches!(compact, "×" | "✕" | "✖" | "╳") {
        return Some(Kind::Nav);
    }
    // A site's metadata block run into one line: three different field labels.
    if chars <= 400 && compact.matches([':', '：']).nth(2).is_some() {
        let mut labels: Vec<&str> = Vec::new();
        for m in META_LABEL.find_iter(compact) {
            if !labels.contains(&m.as_str()) {
                labels.push(m.as_str());
            }
        }
        if labels.len() >= 3 {
            return Some(Kind::Label);
        }
    }
    if chars > 150 {
        return None;
    }
    if chars <= 120 && is_slogan(core, gates) {
        return Some(Kind::Promo);
    }
    if chars <= 100 && compact.contains("热线") && HOTLINE.is_match(core) {
        return Some(Kind::Label);
    }
    if chars <= 8 && is_site_name(compact) {
        return Some(Kind::SiteTitle);
    }
    if chars <= 80 {
        if let Some(kind) = site_title_shape(compact) {
            return Some(kind);
        }
    }
    if CATEGORIES.contains(&compact) || compact.eq_ignore_ascii_case("top") {
        return Some(Kind::Category);
    }
    // Every kind below needs one of the triggers; each asks for its own (so that a long line
    // never runs the patterns only short lines are checked with), and the site title by shape,
    // which needs none in particular, asks whether any matches.
    let mut set = Triggers { compact, gates, asked: 0, matched: 0 };
    if set.matched(Trigger::Copyright) {
        return Some(Kind::Copyright);
    }
    if chars <= 100 && set.matched(Trigger::FieldLabel) {
        if let Some(m) = LABEL_START.find(core) {
            let label = m.as_str().trim_end_matches([':', '：']);
            let value = core.get(m.end()..).unwrap_or("");
            let dated = matches!(label, "时间" | "日期");
            if !dated || value.chars().any(|c| c.is_ascii_digit()) {
                return Some(if NAV_LABELS.contains(&label) { Kind::NavLabel } else { Kind::Label });
            }
        }
        // A sentence with a bracketed credit after it is speech with inline chrome.
        let credited = compact.contains('。') && compact.ends_with([')', '）', '】', ']']);
        if !credited && LABEL_ANY.find_iter(compact).count() >= 2 {
            return Some(Kind::Label);
        }
    }
    if chars <= 120 && set.matched(Trigger::Xiaobian) {
        return Some(Kind::Promo);
    }
    if chars <= 120 && set.matched(Trigger::PromoLong) {
        return Some(Kind::Promo);
    }
    if chars <= 40 && set.matched(Trigger::Promo) {
        return Some(Kind::Promo);
    }
    if chars <= 80 && set.matched(Trigger::FileName) {
        return Some(Kind::FileName);
    }
    if chars <= 100 && set.matched(Trigger::Counter) {
        if let Some(m) = COUNTER.find(gates, compact) {
            let mut rest = String::new();
            rest.push_str(compact.get(..m.start()).unwrap_or(""));
            rest.push_str(compact.get(m.end()..).unwrap_or(""));
            let rest = rest.trim_matches(|c: char| is_filler(c));
            if rest.is_empty() || title_like(rest) {
                return Some(Kind::Counter);
            }
        }
    }
    if chars <= 120 && set.matched(Trigger::Bar) && (is_link_bar(compact) || is_segment_bar(compact)) {
        return Some(Kind::Nav);
    }
    if chars <= 80 && set.matched(Trigger::Breadcrumb) && is_breadcrumb(compact) {
        return Some(Kind::Nav);
    }
    if chars <= 60 && set.matched(Trigger::Nav) && (is_nav_line(compact) || is_space_bar(trimmed)) {
        return Some(Kind::Nav);
    }
    if chars <= 30 && set.matched(Trigger::Credit) && (CREDIT.is_match(compact) || is_photo_credit(compact)) {
        return Some(Kind::Credit);
    }
    if chars <= 80 {
        if set.matched(Trigger::Catalogue) {
            if let Some(c) = CATALOGUE.captures(trimmed) {
                let rest: String = c.get(1).map_or("", |m| m.as_str()).chars().filter(|c| !c.is_whitespace()).collect();
                if title_like(&rest) {
                    return Some(Kind::SiteTitle);
                }
            }
        }
        if set.matched(Trigger::YearEnd) {
            if let Some(c) = YEAR_TAG.captures(trimmed) {
                let rest: String = c.get(1).map_or("", |m| m.as_str()).chars().filter(|c| !c.is_whitespace()).collect();
                if title_like(&rest) && super::super::genre_end(&rest) {
                    return Some(Kind::SiteTitle);
                }
            }
        }
        if let Some(c) = compact.contains(['|', '｜', '_', '-']).then(|| TITLE_SITE.captures(compact)).flatten() {
            if c.get(1).is_some_and(|m| title_like(m.as_str())) && set.matched_any() {
                return Some(Kind::SiteTitle);
            }
        }
        if set.matched(Trigger::TitleTag) {
            if let Some(m) = TITLE_TAG.find(compact) {
                let mut rest = String::new();
                rest.push_str(compact.get(..m.start()).unwrap_or(""));
                rest.push_str(compact.get(m.end()..).unwrap_or(""));
                if title_like(&rest) {
                    return Some(Kind::SiteTitle);
                }
            }
        }
        if set.matched(Trigger::Collect) && COLLECT_TITLE.is_match(compact) {
            return Some(Kind::Nav);
        }
    }
    None
}

/// A short name ending in 网 on its own line: a site's name (“XX素材网”, “XX學網”), not a word
/// such as 互联网, 电网 or 安全网.
pub(super) fn is_site_name(compact: &str) -> bool {
    let n = compact.chars().count();
    let mut rev = compact.chars().rev();
    let last = rev.next();
    let before = rev.next();
    (3..=8).contains(&n)
        && matches!(last, Some('网' | '網'))
        && before.is_some_and(|c| {
            is_han(c) && !"联聯电電管路水天渔漁法障护護系息通铁鐵航务務控特域维維络絡地张張全罗羅卫衛光线線".contains(c)
        })
        && compact.chars().all(|c| is_han(c) || c.is_ascii_alphanumeric())
}

/// Site titles by shape: a forum's page list, a title with the site's tag before or after it.
pub(super) fn site_title_shape(compact: &str) -> Option<Kind> {
    if compact.contains(['页', '頁', '查', '发', '發']) && FORUM.is_match(compact) {
        return Some(Kind::Nav);
    }
    let tagged_end =
        compact.ends_with(['选', '文', '全', '板', '总', '集', '用', '篇', ')', '）']) && compact.chars().count() >= 8;
    if let Some(m) = tagged_end.then(|| TITLE_SUFFIX.find(compact)).flatten() {
        let rest = compact.get(..m.start()).unwrap_or("");
        if title_like(rest) && super::super::genre_end(rest) {
            return Some(Kind::SiteTitle);
        }
    }
    if compact.starts_with('[') {
        if let Some(c) = TAG_PREFIX.captures(compact) {
            let rest = c.get(1).map_or("", |m| m.as_str());
            if title_like(rest) && super::super::genre_end(rest) {
                return Some(Kind::SiteTitle);
            }
        }
    }
    None
}

/// “新闻热线:… | 关于我们 | 旧版”, “10-28 | 移动端:…”: a bar whose every segment is a field,
/// a navigation word or a date, with at least one field or navigation word.
pub(super) fn is_segment_bar(compact: &str) -> bool {
    let segs: Vec<&str> = compact.split(['|', '｜']).filter(|s| !s.is_empty()).collect();
    if segs.len() < 2 {
        return false;
    }
    let mut furniture = 0;
    for seg in &segs {
        if LABEL_START.is_match(seg) || NAV.find(seg).is_some_and(|m| m.start() == 0 && m.end() == seg.len()) {
            furniture += 1;
        } else if !BAR_DATE.is_match(seg) {
            return false;
        }
    }
    furniture >= 1
}

/// “网站首页 资讯中心 范文大全 会员中心”: short channel names separated by spaces, two or more of
/// them navigation words.
pub(super) fn is_space_bar(trimmed: &str) -> bool {
    let segs: Vec<&str> = trimmed.split(char::is_whitespace).filter(|s| !s.is_empty()).collect();
    if segs.len() < 3 || segs.iter().any(|s| s.chars().count() > 6 || s.contains(['，', '。', ',', '、'])) {
        return false;
    }
    let nav = segs
        .iter()
        .filter(|s| CATEGORIES.contains(s) || NAV.find(s).is_some_and(|m| m.start() == 0 && m.end() == s.len()))
        .count();
    nav >= 2 && nav * 2 >= segs.len()
}

/// “首页 > 讲话稿 > 正文”, “选择区域：>>”.
pub(super) fn is_breadcrumb(compact: &str) -> bool {
    let seps = compact.matches(['>', '»', '›', '＞']).count() + compact.matches("&gt;").count();
    seps >= 2
        && (["首页", "主页", "正文", "位置", "网站"].iter().any(|w| compact.contains(w)) || han_count(compact) <= 8)
}

/// “龙华政府在线|观湖政务网|民治政务网”: a bar of links to other sites; “首页 | 时政 | 社会”: the
/// site's channels.
pub(super) fn is_link_bar(compact: &str) -> bool {
    let segs: Vec<&str> = compact.split(['|', '｜']).map(str::trim).filter(|s| !s.is_empty()).collect();
    let sites = segs
        .iter()
        .filter(|s| {
            s.chars().count() <= 10
                && !s.chars().any(|c| c.is_ascii_digit())
                && ["网", "在线", "网站", "平台", "首页", "门户"].iter().any(|w| s.ends_with(w))
        })
        .count();
    let home = segs.iter().any(|s| ["首页", "网站首页", "主页", "返回首页"].contains(s));
    let channels = home && segs.iter().all(|s| s.chars().count() <= 6 && !s.chars().any(|c| c.is_ascii_digit()));
    segs.len() >= 3 && (sites * 3 >= segs.len() * 2 || channels)
}

/// A line made of navigation words, page stamps and counters, with at most a short name left.
pub(super) fn is_nav_line(compact: &str) -> bool {
    let mut weight = 0usize;
    let mut stamp = false;
    let mut left = String::new();
    let mut at = 0;
    for m in NAV.find_iter(compact) {
        left.push_str(compact.get(at..m.start()).unwrap_or(""));
        at = m.end();
        let s = m.as_str();
        if s.contains(':') && s.chars().any(|c| c.is_ascii_digit()) {
            stamp = true;
            weight += 5;
        } else {
            weight += s.chars().count();
        }
    }
    left.push_str(compact.get(at..).unwrap_or(""));
    // Labels without their values count as chrome too (“时间：” with nothing after it).
    let left = LABEL_ANY.replace_all(&left, "");
    let left_han = han_count(&left);
    let left_latin = left.chars().filter(char::is_ascii_alphabetic).count();
    // A page stamp: a date with its time and a source's name (“2006年12月30日06:43 荆楚网-湖北日报”).
    let stamp_line = stamp && left_han <= 10 && !left.contains(['，', '。', ',']);
    stamp_line || (weight >= 2 && left_han <= 4 && weight > left_han && left_latin <= 12)
}

/// “记者 义永华/文 杨波/摄”.
pub(super) fn is_photo_credit(compact: &str) -> bool {
    let marks = compact.matches("/文").count() + compact.matches("/摄").count() + compact.matches("/图").count();
    marks >= 1 && !compact.contains('。') && (compact.starts_with("记者") || marks >= 2)
}
