//! Speaking time and its display: “约 17 分 30 秒”, “4,215 字 · 约 17 分 30 秒”.

use crate::analysis::Locale;

/// Speaking time in whole seconds (not rounded for display).
pub fn speaking_seconds(chars: u32, rate: u32) -> u32 {
    let rate = u64::from(rate.max(1));
    u32::try_from((u64::from(chars) * 60 + rate / 2) / rate).unwrap_or(u32::MAX)
}

/// Seconds rounded for display: to 30 s from one minute up, to 10 s below (never 0 for a
/// non-empty text).
pub fn display_seconds(seconds: u32) -> u32 {
    if seconds == 0 {
        0
    } else if seconds < 60 {
        ((seconds + 5) / 10 * 10).max(10)
    } else {
        (seconds + 15) / 30 * 30
    }
}

/// “约 17 分 30 秒” / “about 17 min 30 s”, from unrounded seconds.
pub fn format_duration(seconds: u32, locale: Locale) -> String {
    let s = display_seconds(seconds);
    let (m, s) = (s / 60, s % 60);
    match (locale, m, s) {
        (Locale::ZhCn, 0, s) => format!("约 {s} 秒"),
        (Locale::ZhCn, m, 0) => format!("约 {m} 分钟"),
        (Locale::ZhCn, m, s) => format!("约 {m} 分 {s} 秒"),
        (Locale::En, 0, s) => format!("about {s} s"),
        (Locale::En, m, 0) => format!("about {m} min"),
        (Locale::En, m, s) => format!("about {m} min {s} s"),
    }
}

/// A count with thousands separators: 4,215.
pub fn group_thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// “4,215 字 · 约 17 分 30 秒” / “4,215 characters · about 17 min 30 s”.
pub fn format_count(chars: u32, rate: u32, locale: Locale) -> String {
    let time = format_duration(speaking_seconds(chars, rate), locale);
    match locale {
        Locale::ZhCn => format!("{} 字 · {time}", group_thousands(chars)),
        Locale::En => format!("{} characters · {time}", group_thousands(chars)),
    }
}

/// “全文 4,215 字 · 约 17 分 30 秒” / “Whole speech: 4,215 characters · about 17 min 30 s”.
pub fn format_total(chars: u32, rate: u32, locale: Locale) -> String {
    match locale {
        Locale::ZhCn => format!("全文 {}", format_count(chars, rate, locale)),
        Locale::En => format!("Whole speech: {}", format_count(chars, rate, locale)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_a_speechwriter() {
        assert_eq!(format_total(4215, 240, Locale::ZhCn), "全文 4,215 字 · 约 17 分 30 秒");
        assert_eq!(format_total(4215, 240, Locale::En), "Whole speech: 4,215 characters · about 17 min 30 s");
        assert_eq!(format_count(240, 240, Locale::ZhCn), "240 字 · 约 1 分钟");
        assert_eq!(format_count(100, 240, Locale::ZhCn), "100 字 · 约 30 秒");
        assert_eq!(format_count(3, 240, Locale::ZhCn), "3 字 · 约 10 秒");
        assert_eq!(format_count(0, 240, Locale::ZhCn), "0 字 · 约 0 秒");
        assert_eq!(group_thousands(1234567), "1,234,567");
        assert_eq!(format_count(4215, 200, Locale::ZhCn), "4,215 字 · 约 21 分钟");
    }
}
