//! The numbering family end to end: the seed draft, the fixture sets in both punctuation
//! widths, fixes that converge, and the outline.

use std::fs;
use std::path::{Path, PathBuf};

use lectern::analysis::rules::family_of;
use lectern::analysis::{analyze, apply_fixes, fix_all, Applicability, Category, Config, OutlineItem, OutlineKind};

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/numbering")
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

/// `(line, code)` of every finding of the numbering family (both categories: numbering, and
/// punctuation for the markers LEC211–215).
fn family_findings(text: &str) -> Vec<(usize, String)> {
    analyze(text, &Config::default())
        .diagnostics
        .iter()
        .filter(|d| family_of(d.rule) == Some("numbering"))
        .map(|d| (line_of(text, d.range.start), d.code().to_string()))
        .collect()
}

/// Lines of the `numbering` category's findings.
fn numbering_lines(text: &str) -> Vec<usize> {
    analyze(text, &Config::default())
        .diagnostics
        .iter()
        .filter(|d| d.category() == Category::Numbering)
        .map(|d| line_of(text, d.range.start))
        .collect()
}

/// The half-width twin of a text, as scraped pages have it.
fn narrow(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '，' => ',',
            '：' => ':',
            '；' => ';',
            '（' => '(',
            '）' => ')',
            '！' => '!',
            '？' => '?',
            c => c,
        })
        .collect()
}

fn fixtures(prefix: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> =
        fs::read_dir(fixture_dir()).map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    v.retain(|p| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        name.starts_with(prefix) && !name.ends_with(".expected")
    });
    v.sort();
    assert!(!v.is_empty(), "no fixtures named {prefix}*");
    v
}

fn expected(path: &Path) -> Vec<(usize, String)> {
    read(&path.with_extension("expected"))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut it = l.split_whitespace();
            let line = it.next().and_then(|n| n.parse().ok()).unwrap_or(0);
            (line, it.next().unwrap_or("").to_string())
        })
        .collect()
}

/// Applies the numbering family's own fixes (LEC2xx) until nothing changes, leaving other
/// families' findings (the truncation notes) in place.
fn fix_family(text: &str, unsafe_too: bool) -> String {
    let mut current = text.to_string();
    for _ in 0..8 {
        let a = analyze(&current, &Config::default());
        let fixes: Vec<_> = a
            .diagnostics
            .iter()
            .filter(|d| family_of(d.rule) == Some("numbering"))
            .filter_map(|d| d.fix.as_ref())
            .filter(|f| {
                f.applicability == Applicability::Safe || (unsafe_too && f.applicability == Applicability::Unsafe)
            })
            .collect();
        let (next, n) = apply_fixes(&current, fixes);
        if n == 0 || next == current {
            break;
        }
        current = next;
    }
    current
}

fn seed() -> String {
    read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/scraped-speech.txt"))
}

#[test]
fn seed_reports_exactly_the_three_labelled_numbering_defects() {
    let text = seed();
    assert_eq!(numbering_lines(&text), vec![42, 66, 70]);
    let fw = text.replace(',', "，").replace(':', "：").replace('(', "（").replace(')', "）");
    assert_eq!(numbering_lines(&fw), vec![42, 66, 70], "full-width twin");
}

#[test]
fn seed_renumbering_is_unsafe_because_text_was_lost() {
    let text = seed();
    let a = analyze(&text, &Config::default());
    let numbering: Vec<_> = a.diagnostics.iter().filter(|d| d.category() == Category::Numbering).collect();
    for d in &numbering {
        assert!(d.message.contains("截断"), "{}: {}", d.code(), d.message);
    }
    let fixes: Vec<_> = numbering.iter().filter_map(|d| d.fix.as_ref()).collect();
    assert_eq!(fixes.len(), 2, "the 2. and the 三、 can be renumbered; the lone 一是 cannot");
    assert!(fixes.iter().all(|f| f.applicability == Applicability::Unsafe));
    // with unsafe fixes applied, only the lone 一是 remains
    let fixed = fix_family(&text, true);
    let left: Vec<_> = analyze(&fixed, &Config::default())
        .diagnostics
        .into_iter()
        .filter(|d| d.category() == Category::Numbering)
        .map(|d| d.code())
        .collect();
    assert_eq!(left, vec!["LEC207"]);
    assert!(fixed.contains("    1.加强宣传引导"));
    assert!(fixed.contains("    二、强化组织保障"));
}

fn flatten(items: &[OutlineItem], depth: usize, out: &mut Vec<(usize, u8, OutlineKind, String, u32, u32)>) {
    for it in items {
        let head: String = it.title.chars().take(6).collect();
        out.push((depth, it.level, it.kind, head, it.span.start.line + 1, it.span.end.line + 1));
        flatten(&it.children, depth + 1, out);
    }
}

#[test]
fn seed_outline_has_title_and_headings_at_their_depths() {
    let text = seed();
    let mut got = Vec::new();
    flatten(&analyze(&text, &Config::default()).outline, 0, &mut got);
    let shape: Vec<(usize, u8, OutlineKind, String)> = got.iter().map(|g| (g.0, g.1, g.2, g.3.clone())).collect();
    use OutlineKind::*;
    let want: Vec<(usize, u8, OutlineKind, &str)> = vec![
        (0, 0, Title, "在全县民族团"),
        (0, 0, Salutation, "同志们:"),
        (0, 1, Heading, "一、提高政治"),
        (1, 2, Heading, "(一)民族团"),
        (2, 3, Heading, "2.加强宣传"),
        (1, 2, Heading, "(二)创新工"),
        (2, 3, Heading, "1.深化“结"),
        (2, 3, Heading, "2.发展民族"),
        (1, 2, Heading, "(三)聚焦民"),
        (2, 3, Heading, "1.发展特色"),
        (2, 3, Heading, "2.优化公共"),
        (0, 1, Heading, "三、强化组织"),
        (1, 2, Heading, "(一)加强党"),
    ];
    let want: Vec<(usize, u8, OutlineKind, String)> =
        want.into_iter().map(|w| (w.0, w.1, w.2, w.3.to_string())).collect();
    assert_eq!(shape, want);
    // 一、 covers its whole section: up to the line before 三、
    let first = got.iter().find(|g| g.3.starts_with("一、")).map(|g| (g.4, g.5));
    assert_eq!(first, Some((8, 65)));
    // the last section runs to the end of the text
    let last = got.iter().find(|g| g.3.starts_with("三、")).map(|g| (g.4, g.5));
    assert_eq!(last, Some((66, 75)));
}

#[test]
fn clean_fixtures_yield_nothing_in_either_width() {
    for path in fixtures("clean-") {
        let text = read(&path);
        assert_eq!(family_findings(&text), vec![], "{}", path.display());
        assert_eq!(numbering_lines(&narrow(&text)), Vec::<usize>::new(), "{} (half-width)", path.display());
    }
}

#[test]
fn defect_fixtures_yield_exactly_their_expected_findings() {
    for path in fixtures("defects-") {
        if path.extension().is_some_and(|e| e == "expected") {
            continue;
        }
        let text = read(&path);
        assert_eq!(family_findings(&text), expected(&path), "{}", path.display());
        let want: Vec<usize> =
            expected(&path).into_iter().filter(|(_, code)| code.as_str() < "LEC210").map(|(line, _)| line).collect();
        assert_eq!(numbering_lines(&narrow(&text)), want, "{} (half-width)", path.display());
    }
}

#[test]
fn fixes_clear_every_fixable_defect_and_converge() {
    let text = read(&fixture_dir().join("defects-fixable.txt"));
    let (fixed, applied) = fix_all(&text, &Config::default(), true);
    assert!(applied >= 15, "{applied} fixes applied");
    assert_eq!(family_findings(&fixed), vec![], "after fixes:\n{fixed}");
    // and fixing again changes nothing
    assert_eq!(fix_all(&fixed, &Config::default(), true).0, fixed);
    // the renumbering of a run going back is offered as unsafe; every other fix is safe
    let a = analyze(&text, &Config::default());
    for d in a.diagnostics.iter().filter(|d| family_of(d.rule) == Some("numbering")) {
        let want = if d.code() == "LEC204" { Applicability::Unsafe } else { Applicability::Safe };
        assert_eq!(d.fix.as_ref().map(|f| f.applicability), Some(want), "{}: {}", d.code(), d.message);
    }
}

#[test]
fn unfixable_defects_stay_and_nothing_new_appears() {
    let text = read(&fixture_dir().join("defects-unfixable.txt"));
    let fixed = fix_family(&text, true);
    let left: Vec<String> = family_findings(&fixed).into_iter().map(|(_, c)| c).collect();
    assert_eq!(left, vec!["LEC207", "LEC205", "LEC207"]);
}

mod robustness {
    use super::*;
    use proptest::prelude::*;

    const ALPHABET: &[&str] = &[
        "一",
        "二",
        "三",
        "十",
        "是",
        "要",
        "第",
        "其",
        "首先",
        "其次",
        "再次",
        "最后",
        "一方面",
        "另一方面",
        "、",
        "，",
        ",",
        ".",
        "．",
        "（",
        "）",
        "(",
        ")",
        "①",
        "⑳",
        "⑴",
        "㈠",
        "1",
        "2",
        "9",
        "０",
        "１",
        " ",
        "\u{3000}",
        "\n",
        "\r\n",
        "#",
        "## ",
        "**",
        "：",
        ":",
        "；",
        "。",
        "年",
        "月",
        "同志们：",
        "省略901字正式会员",
        "(未完,全文共4215字",
        "𠀀",
        "讲话",
    ];

    fn draft() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(ALPHABET), 0..120).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn never_panics_and_fixes_converge(text in draft()) {
            let a = analyze(&text, &Config::default());
            for d in &a.diagnostics {
                prop_assert!(d.range.end <= text.len() && text.is_char_boundary(d.range.start) && text.is_char_boundary(d.range.end));
            }
            let (fixed, _) = fix_all(&text, &Config::default(), true);
            let again = fix_all(&fixed, &Config::default(), true).0;
            let _ = analyze(&again, &Config::default());
        }
    }
}
