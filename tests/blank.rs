//! The blank family on whole documents: the seed's 96 labelled blanks, marked drafts, and
//! finished prose that must stay silent.

use std::fs;
use std::path::Path;

use lectern::{analyze, Config};

/// Blank findings as (1-based line, char column start, char column end).
fn blanks(text: &str) -> Vec<(usize, usize, usize)> {
    let analysis = analyze(text, &Config::default());
    let starts: Vec<usize> = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
    analysis
        .diagnostics
        .iter()
        .filter(|d| d.category().as_str() == "blank")
        .map(|d| {
            let line = starts.iter().rposition(|&s| s <= d.range.start).unwrap_or(0);
            let ls = starts[line];
            let col = |b: usize| text[ls..b].chars().count();
            (line + 1, col(d.range.start), col(d.range.end.max(d.range.start)))
        })
        .collect()
}

/// The full-width twin of a half-width line (as the shared corpus tool makes it): ASCII , : ;
/// ( ) ! ? next to Chinese text become ，：；（）！？. Character offsets are kept.
fn widen(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let cjk = |c: Option<&char>| c.is_some_and(|c| !c.is_ascii());
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let wide = match c {
                ',' => '，',
                ':' => '：',
                ';' => '；',
                '(' => '（',
                ')' => '）',
                '!' => '！',
                '?' => '？',
                _ => return c,
            };
            if cjk(i.checked_sub(1).and_then(|j| chars.get(j))) || cjk(chars.get(i + 1)) {
                wide
            } else {
                c
            }
        })
        .collect()
}

/// Checks the blanks of `text` (the seed or its full-width twin) against the seed's labels,
/// located in the original `seed` (the twin keeps every character offset).
fn check_seed(seed: &str, text: &str) {
    let labels: serde_json::Value =
        serde_json::from_str(&fs::read_to_string("tests/fixtures/blank/scraped-speech.labels.json").unwrap()).unwrap();
    let seed_lines: Vec<&str> = seed.split('\n').collect();
    let lines: Vec<&str> = text.split('\n').collect();
    let mut want = Vec::new();
    let mut seen: std::collections::HashMap<(usize, String), usize> = Default::default();
    for b in labels["blanks"].as_array().unwrap() {
        let ln = b["line"].as_u64().unwrap() as usize;
        let snippet = b["snippet"].as_str().unwrap().to_string();
        let row: Vec<char> = seed_lines[ln - 1].chars().collect();
        let sn: Vec<char> = snippet.chars().collect();
        let from = *seen.get(&(ln, snippet.clone())).unwrap_or(&0);
        let at = (from..=row.len().saturating_sub(sn.len()))
            .find(|&k| row[k..k + sn.len()] == sn[..])
            .unwrap_or_else(|| panic!("snippet {snippet} not on line {ln}"));
        seen.insert((ln, snippet), at + 1);
        want.push((ln, at, at + sn.len()));
    }
    assert_eq!(want.len(), 96);
    let got = blanks(text);
    let mut used = vec![false; got.len()];
    let mut missed = Vec::new();
    for &(ln, s, e) in &want {
        let hit = got.iter().enumerate().position(|(i, &(gl, gs, ge))| !used[i] && gl == ln && gs <= e && ge >= s);
        match hit {
            Some(i) => used[i] = true,
            None => {
                missed.push((ln, lines[ln - 1].chars().skip(s.saturating_sub(3)).take(e - s + 6).collect::<String>()))
            }
        }
    }
    let extra: Vec<_> = got.iter().zip(&used).filter(|(_, u)| !**u).map(|(g, _)| *g).collect();
    assert!(missed.is_empty(), "missed: {missed:?}");
    assert!(extra.is_empty(), "findings on no labelled blank: {extra:?}");
}

#[test]
fn seed_all_96_labelled_blanks_found_and_no_other() {
    let text = fs::read_to_string("examples/scraped-speech.txt").unwrap();
    check_seed(&text, &text);
}

#[test]
fn seed_fullwidth_twin_gives_the_same_blanks() {
    let text = fs::read_to_string("examples/scraped-speech.txt").unwrap();
    let wide: Vec<String> = text.split('\n').map(widen).collect();
    check_seed(&text, &wide.join("\n"));
}

fn marked_files() -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = fs::read_dir("tests/fixtures/blank")
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".marked.txt"))
        .collect();
    v.sort();
    v
}

/// Puts the marks back into `plain` where the blank family reported.
fn render(plain: &str) -> String {
    let analysis = analyze(plain, &Config::default());
    let mut marks: Vec<(usize, u8, char)> = Vec::new();
    for d in analysis.diagnostics.iter().filter(|d| d.category().as_str() == "blank") {
        if d.range.start == d.range.end {
            marks.push((d.range.start, 1, '‸'));
        } else {
            marks.push((d.range.start, 2, '⟦'));
            marks.push((d.range.end, 0, '⟧'));
        }
    }
    marks.sort();
    let mut out = String::new();
    let mut at = 0;
    for (pos, _, m) in marks {
        out.push_str(&plain[at..pos]);
        out.push(m);
        at = pos;
    }
    out.push_str(&plain[at..]);
    out
}

#[test]
fn marked_drafts_report_exactly_their_marks() {
    let files = marked_files();
    assert!(!files.is_empty());
    for path in files {
        let marked = fs::read_to_string(&path).unwrap();
        let plain: String = marked.chars().filter(|c| !matches!(c, '‸' | '⟦' | '⟧')).collect();
        assert_eq!(render(&plain), marked, "{}", path.display());
        let wide: Vec<String> = marked.split('\n').map(widen).collect();
        let wide = wide.join("\n");
        let wide_plain: String = wide.chars().filter(|c| !matches!(c, '‸' | '⟦' | '⟧')).collect();
        assert_eq!(render(&wide_plain), wide, "{} (full-width)", path.display());
    }
}

#[test]
fn clean_prose_has_no_blank() {
    let dir = Path::new("tests/fixtures/clean");
    let mut total = 0;
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        total += text.chars().count();
        for variant in [text.clone(), text.split('\n').map(widen).collect::<Vec<_>>().join("\n")] {
            let got = blanks(&variant);
            let lines: Vec<&str> = variant.split('\n').collect();
            let shown: Vec<String> = got
                .iter()
                .map(|&(l, s, _)| {
                    format!("{l}:{}", lines[l - 1].chars().skip(s.saturating_sub(6)).take(12).collect::<String>())
                })
                .collect();
            assert!(got.is_empty(), "{}: {shown:?}", path.display());
        }
    }
    assert!(total > 4000, "clean fixtures should hold several thousand characters, have {total}");
}
