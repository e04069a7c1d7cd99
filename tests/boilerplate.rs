//! Boilerplate fixtures from several kinds of site (template portal, government news page,
//! document library, reposting account, the scraped seed draft) and a finished report.
//!
//! Each `tests/fixtures/boilerplate/NAME.txt` has a `NAME.labels.json` beside it:
//! `boilerplate_lines` (1-based, as in the shared corpus), `keep` (the speech part of lines
//! that mix speech and boilerplate) and `gone` (site text that must not survive the fixes).
//! The tests check that exactly the labelled lines are
//! reported, that applying every safe fix leaves no boilerplate finding and every line of
//! speech character for character, and snapshot the findings and the fixed text.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use lectern::analysis::config::RuleSetting;
use lectern::analysis::{analyze, apply_fixes, fix_all, Applicability, Category, Config};

struct Fixture {
    name: String,
    text: String,
    boilerplate: BTreeSet<usize>,
    keep: Vec<String>,
    gone: Vec<String>,
}

fn fixtures() -> Vec<Fixture> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/boilerplate");
    let mut paths: Vec<PathBuf> =
        std::fs::read_dir(&dir).map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    paths.sort();
    assert!(paths.len() >= 5, "fixtures missing in {}", dir.display());
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            let labels: serde_json::Value = std::fs::read_to_string(p.with_extension("labels.json"))
                .ok()
                .and_then(|s| serde_json::from_str(&s).ok())
                .unwrap_or_default();
            let boilerplate = labels["boilerplate_lines"]
                .as_array()
                .map(|a| a.iter().filter_map(|v| v.as_u64()).map(|v| v as usize).collect())
                .unwrap_or_default();
            let keep = labels["keep"]
                .as_array()
                .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
                .unwrap_or_default();
            let gone = labels["gone"]
                .as_array()
                .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
                .unwrap_or_default();
            let name = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            Fixture { name, text, boilerplate, keep, gone }
        })
        .collect()
}

/// 1-based lines covered by boilerplate findings (blank lines left out, as the corpus scorer
/// does).
fn reported_lines(text: &str, config: &Config) -> BTreeSet<usize> {
    let lines: Vec<&str> = text.split('\n').collect();
    analyze(text, config)
        .diagnostics
        .iter()
        .filter(|d| d.category() == Category::Boilerplate)
        .flat_map(|d| {
            let (a, mut b) = (d.span.start.line as usize + 1, d.span.end.line as usize + 1);
            if b > a && d.span.end.col == 0 {
                b -= 1;
            }
            a..=b
        })
        .filter(|&l| lines.get(l - 1).is_some_and(|t| !t.trim().is_empty()))
        .collect()
}

/// Only the boilerplate rules on: snapshots stay independent of the other families.
fn only_boilerplate_rules() -> Config {
    let mut c = Config::default();
    for r in lectern::analysis::rules::all() {
        if r.category() != Category::Boilerplate {
            c.set_rule(r.code(), RuleSetting { enabled: Some(false), severity: None });
        }
    }
    c
}

fn without_punctuation_rule() -> Config {
    // Every punctuation rule off (the half-width rule and the numbering family's marker rules),
    // so that fixing changes nothing but boilerplate.
    let mut c = Config::default();
    for r in lectern::analysis::rules::all() {
        if r.category() == lectern::analysis::Category::Punctuation {
            c.set_rule(r.code(), RuleSetting { enabled: Some(false), severity: None });
        }
    }
    c
}

/// Full-width punctuation back to the half-width forms the fixtures use.
fn narrow(s: &str) -> String {
    s.chars()
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

#[test]
fn reports_exactly_the_labelled_boilerplate_lines() {
    for f in fixtures() {
        let got = reported_lines(&f.text, &Config::default());
        assert_eq!(got, f.boilerplate, "{}: reported vs labelled boilerplate lines", f.name);
    }
}

#[test]
fn fixing_removes_all_boilerplate_and_keeps_every_speech_line() {
    for f in fixtures() {
        for (config, exact) in [(without_punctuation_rule(), true), (Config::default(), false)] {
            let (fixed, _) = fix_all(&f.text, &config, false);
            let left = reported_lines(&fixed, &config);
            assert!(left.is_empty(), "{}: boilerplate left after fixing on lines {left:?}\n{fixed}", f.name);
            let fixed_cmp = if exact { fixed.clone() } else { narrow(&fixed) };
            let fixed_lines: BTreeSet<&str> = fixed_cmp.split('\n').map(str::trim).collect();
            for (i, line) in f.text.split('\n').enumerate() {
                let line = line.trim();
                if line.is_empty() || f.boilerplate.contains(&(i + 1)) {
                    continue;
                }
                let line = if exact { line.to_string() } else { narrow(line) };
                assert!(fixed_lines.contains(line.as_str()), "{}: speech line {} lost: {line}\n{fixed}", f.name, i + 1);
            }
            for g in &f.gone {
                assert!(!fixed.contains(g.as_str()), "{}: site text left after fixing: {g}\n{fixed}", f.name);
            }
            for k in &f.keep {
                let k = if exact { k.clone() } else { narrow(k) };
                assert!(fixed_cmp.contains(&k), "{}: speech text lost: {k}", f.name);
            }
        }
    }
}

/// What a “remove all boilerplate” action does: every safe boilerplate fix of one analysis,
/// applied in one go.
#[test]
fn one_pass_of_all_boilerplate_fixes_leaves_no_boilerplate() {
    for f in fixtures() {
        let config = only_boilerplate_rules();
        let analysis = analyze(&f.text, &config);
        let fixes: Vec<_> = analysis
            .diagnostics
            .iter()
            .filter(|d| d.category() == Category::Boilerplate)
            .map(|d| d.fix.as_ref().unwrap_or_else(|| panic!("{}: {} has no fix", f.name, d.code())))
            .collect();
        assert!(fixes.iter().all(|x| x.applicability == Applicability::Safe), "{}", f.name);
        let (once, _) = apply_fixes(&f.text, fixes);
        assert_eq!(once, fix_all(&f.text, &config, false).0, "{}: one pass differs from fixing to the end", f.name);
    }
}

#[test]
fn crlf_line_ends_survive_line_deletion() {
    let text = "标题:在全县经济工作会议上的讲话\r\n在全县经济工作会议上的讲话\r\n同志们：\r\n上一篇:在全市安全生产工作会议上的讲话\r\n";
    let (fixed, _) = fix_all(text, &only_boilerplate_rules(), false);
    assert_eq!(fixed, "在全县经济工作会议上的讲话\r\n同志们：\r\n");
}

#[test]
fn fixing_keeps_paragraph_breaks() {
    for f in fixtures() {
        let (fixed, _) = fix_all(&f.text, &without_punctuation_rule(), false);
        let paragraphs = |t: &str| -> Vec<String> {
            t.split('\n').map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
        };
        // Every speech line is still a line of its own, in the same order.
        let kept: Vec<String> = f
            .text
            .split('\n')
            .enumerate()
            .filter(|(i, l)| !l.trim().is_empty() && !f.boilerplate.contains(&(i + 1)))
            .map(|(_, l)| l.trim().to_string())
            .collect();
        let after = paragraphs(&fixed);
        let mut at = 0;
        for k in &kept {
            match after.iter().skip(at).position(|l| l == k) {
                Some(p) => at += p + 1,
                None => panic!("{}: line out of order or merged: {k}", f.name),
            }
        }
    }
}

#[test]
fn snapshots_of_findings_and_fixed_text() {
    for f in fixtures() {
        let config = only_boilerplate_rules();
        let analysis = analyze(&f.text, &config);
        let mut out = String::new();
        for d in &analysis.diagnostics {
            let snippet: String = f.text.get(d.range.start..d.range.end).unwrap_or("").chars().take(24).collect();
            let fix = d.fix.as_ref().map_or("-".to_string(), |x| format!("{} [{:?}]", x.title, x.applicability));
            out.push_str(&format!(
                "{} {}:{}..{}:{} {} | {} | {}\n",
                d.code(),
                d.span.start.line + 1,
                d.span.start.col,
                d.span.end.line + 1,
                d.span.end.col,
                d.message,
                snippet.replace('\n', "⏎"),
                fix
            ));
        }
        out.push_str("---- after the safe boilerplate fixes ----\n");
        out.push_str(&fix_all(&f.text, &config, false).0);
        insta::with_settings!({
            snapshot_path => "fixtures/boilerplate/snapshots",
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!(f.name.clone(), out);
        });
    }
}
