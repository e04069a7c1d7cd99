//! Prints the time of the engine's worst inputs (issue 20) at doubling sizes, so that linear
//! growth can be seen: each row should take about twice the time of the row before.
//!
//! `cargo run --release --example growth [CASE…]`, CASE one of `keystroke` (one edit on one
//! long line), `disable` (unclosed `lectern-disable` comments), `ignore` (many ignore
//! phrases on an 8 KB draft), `fix` (`fix_all` on a large draft). No case: all of them.
//! `cargo run --release --example growth rounds FILE…` prints, for each draft, the time,
//! the rounds and the fixes of `fix_all` (the drafts of `bench/make_docs.py`: one numbering
//! defect per speech, many speeches).
//! `bench/growth.sh` runs this and the command-line cases.

use std::time::Instant;

use lectern::analysis::{analyze, fix_all, fix_all_rounds, Config};
use lectern::document::Document;
use lectern::text::{Encoding, Position};

const SEED: &str = include_str!("scraped-speech.txt");

/// One line of about `bytes` bytes: the sample speech's lines joined, with web addresses,
/// blanks and half-width punctuation all along it.
fn long_line(bytes: usize) -> String {
    let piece: String = SEED.lines().collect::<Vec<_>>().join("　") + " 本文来源:www.example.com 共有个民族,占%。";
    let mut s = String::with_capacity(bytes + piece.len());
    while s.len() < bytes {
        s.push_str(&piece);
    }
    s
}

fn time<R>(f: impl FnOnce() -> R) -> (f64, R) {
    let t = Instant::now();
    let r = f();
    (t.elapsed().as_secs_f64(), r)
}

fn row(what: &str, size: usize, unit: &str, secs: f64, prev: Option<f64>, extra: &str) {
    let ratio = prev.map_or(String::new(), |p| format!("  ×{:.2}", secs / p.max(1e-9)));
    println!("{what:>10} {size:>10} {unit:<8} {:>9.3} s{ratio}{extra}", secs);
}

fn keystroke() {
    let config = Config::default();
    let mut prev = None;
    for kb in [512usize, 1024, 2048, 4096] {
        let text = long_line(kb * 1024);
        let mut doc = Document::new(&text, &config);
        let _ = doc.findings(&config);
        let mid = u32::try_from(text.chars().count() / 2).unwrap_or(0);
        let (secs, n) = time(|| {
            doc.apply_change(Some((Position::new(0, mid), Position::new(0, mid))), "的", Encoding::Utf32, &config);
            doc.findings(&config).len()
        });
        row("keystroke", kb, "KB line", secs, prev, &format!("  ({n} findings)"));
        prev = Some(secs);
    }
}

fn disable() {
    let config = Config::default();
    let mut prev = None;
    for n in [12_500usize, 25_000, 50_000, 100_000] {
        let mut text = String::new();
        for i in 0..n {
            // Never closed, each naming a rule that does not cover the blank on the next line.
            text.push_str(if i % 2 == 0 {
                "<!-- lectern-disable LEC301 -->\n"
            } else {
                "<!-- lectern-disable LEC401 -->\n"
            });
            text.push_str("占总人口的%。\n");
        }
        let (secs, a) = time(|| analyze(&text, &config));
        row("disable", n, "comments", secs, prev, &format!("  ({} findings)", a.diagnostics.len()));
        prev = Some(secs);
    }
}

fn ignore() {
    let mut prev = None;
    for n in [62_500usize, 125_000, 250_000, 500_000] {
        // Distinct phrases that do not occur in the draft, and one that does.
        let mut phrases: Vec<String> = (0..n).map(|i| format!("短语{i}号")).collect();
        phrases.push("我国共有个民族".to_string());
        let (build, config) = time(|| Config { ignore_phrases: phrases.into_iter().collect(), ..Config::default() });
        let (secs, a) = time(|| analyze(SEED, &config));
        row(
            "ignore",
            n,
            "phrases",
            secs,
            prev,
            &format!("  (+{build:.3} s to build; {} findings)", a.diagnostics.len()),
        );
        prev = Some(secs);
    }
}

fn fix() {
    let config = Config::default();
    let mut prev = None;
    for mb in [2usize, 4, 8, 16] {
        let text = SEED.repeat(mb * 1024 * 1024 / SEED.len() + 1);
        let (one, a) = time(|| analyze(&text, &config).diagnostics.len());
        let (secs, (_, n)) = time(|| fix_all(&text, &config, false));
        row("fix_all", mb, "MB", secs, prev, &format!("  ({n} fixes; one analysis: {one:.3} s, {a} findings)"));
        prev = Some(secs);
    }
}

fn main() {
    lectern::analysis::warm_up();
    let cases: Vec<String> = std::env::args().skip(1).collect();
    let all = cases.is_empty();
    let want = |c: &str| (all || cases.iter().any(|x| x == c)) && cases.first().is_none_or(|c| c != "rounds");
    if want("keystroke") {
        keystroke();
    }
    if want("disable") {
        disable();
    }
    if want("ignore") {
        ignore();
    }
    if want("fix") {
        fix();
    }
    if cases.first().is_some_and(|c| c == "rounds") {
        rounds(cases.get(1..).unwrap_or(&[]));
    }
}

fn rounds(files: &[String]) {
    let config = Config::default();
    let mut prev = None;
    for f in files {
        let Ok(text) = std::fs::read_to_string(f) else {
            eprintln!("cannot read {f}");
            continue;
        };
        let (secs, run) = time(|| fix_all_rounds(&text, &config, false, 64));
        let extra = format!("  ({} fixes in {} rounds, converged: {}) {f}", run.applied, run.rounds, run.converged);
        row("rounds", text.len() / 1024, "KB", secs, prev, &extra);
        prev = Some(secs);
    }
}
