//! Fixture snapshots: every draft under `tests/fixtures/**` (and the example) is analysed and
//! its findings, outline and text after safe fixes are snapshotted with insta. A folder's
//! README is not a draft and is skipped; a `.marked.txt` draft is snapshotted without its
//! ‸/⟦⟧ marks. The harness also
//! checks the invariants every rule must keep: fixes converge, a rule's fixes match its declared
//! `FixAvailability`, every fix has a title, every range lies on char boundaries.
//!
//! Review changes with `cargo insta review` (or `INSTA_UPDATE=always cargo test --test fixtures`).

use std::fmt::Write as _;
use std::path::Path;

use lectern::analysis::diagnostic::FixAvailability;
use lectern::analysis::{analyze, fix_all, fix_all_rounds, Applicability, Config, OutlineItem};
use lectern::text::{Encoding, LineIndex};

fn render_outline(items: &[OutlineItem], depth: usize, out: &mut String) {
    for i in items {
        let _ = writeln!(
            out,
            "{}- L{} {} [{}:{}..{}:{}]",
            "  ".repeat(depth),
            i.level,
            i.title,
            i.span.start.line + 1,
            i.span.start.col,
            i.span.end.line + 1,
            i.span.end.col
        );
        render_outline(&i.children, depth + 1, out);
    }
}

fn report(text: &str) -> String {
    let config = Config::default();
    let a = analyze(text, &config);
    let idx = LineIndex::new(text);
    let mut out = String::new();
    let _ = writeln!(out, "## findings ({})", a.diagnostics.len());
    for d in &a.diagnostics {
        assert!(text.is_char_boundary(d.range.start) && text.is_char_boundary(d.range.end), "{d:?}");
        let p = idx.position(text, d.range.start, Encoding::Utf32);
        let e = idx.position(text, d.range.end, Encoding::Utf32);
        let covered: String = d.range.slice(text).chars().take(30).collect();
        let _ = writeln!(
            out,
            "{} {}:{}..{}:{} {} | ⟦{}⟧ {}",
            d.code(),
            p.line + 1,
            p.col + 1,
            e.line + 1,
            e.col + 1,
            d.severity.as_str(),
            covered.replace('\n', "⏎").replace('\r', "␍"),
            d.message
        );
        match (&d.fix, d.rule.meta().fix) {
            (Some(_), FixAvailability::None) => panic!("{} declares no fix but offered one", d.code()),
            (None, FixAvailability::Always) => panic!("{} declares a fix always but offered none", d.code()),
            _ => {}
        }
        if let Some(f) = &d.fix {
            assert!(!f.title.is_empty(), "{} fix without a title", d.code());
            let kind = match f.applicability {
                Applicability::Safe => "safe",
                Applicability::Unsafe => "unsafe",
                Applicability::DisplayOnly => "display-only",
            };
            let _ = writeln!(out, "    fix ({kind}): {}", f.title);
        }
    }
    let _ = writeln!(out, "\n## outline");
    render_outline(&a.outline, 0, &mut out);
    let (fixed, n) = fix_all(text, &config, false);
    assert_converges(text, &config);
    let _ = writeln!(out, "\n## after safe fixes ({n} applied)");
    if fixed != text {
        out.push_str(&fixed);
    } else {
        out.push_str("(unchanged)\n");
    }
    out
}

/// Rounds of safe fixes one run of `fix_all` may take before it must reach a fixed point.
const MAX_ROUNDS: usize = 32;

/// Safe fixes converge, as ruff checks it: `fix_all` runs round after round, and each run
/// must end because no fix is offered any more, within [`MAX_ROUNDS`] rounds — fixes that
/// undo each other never get there. A second run may still renumber headings (renumbering
/// next to a truncation note becomes safe only once a run has deleted the note, and `fix_all`
/// does not take it in the same run); a third must apply nothing. Then no finding of any
/// category offers a safe fix.
fn assert_converges(text: &str, config: &Config) {
    let mut current = text.to_string();
    let mut applied = Vec::new();
    for run in 1..=3 {
        let r = fix_all_rounds(&current, config, false, MAX_ROUNDS);
        assert!(
            r.converged,
            "safe fixes did not converge: run {run} still had fixes to apply after {} rounds ({} fixes); \
             the last round applied {:?}",
            r.rounds, r.applied, r.last_round
        );
        applied.push(r.applied);
        current = r.text;
        if r.applied == 0 {
            break;
        }
    }
    assert_eq!(applied.last(), Some(&0), "safe fixes kept finding work in 3 runs: {applied:?}");
    let survivors: Vec<_> = analyze(&current, config)
        .diagnostics
        .iter()
        .filter(|d| d.fix.as_ref().is_some_and(|f| f.applicability == Applicability::Safe))
        .map(|d| (d.category(), d.code()))
        .collect();
    assert!(survivors.is_empty(), "safe fixes left fixable findings: {survivors:?}");
}

/// A marked draft's text: the ‸ and ⟦⟧ marks taken out.
fn without_markers(marked: &str) -> String {
    marked.chars().filter(|c| !matches!(c, '‸' | '⟦' | '⟧')).collect()
}

#[test]
fn fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    insta::glob!(root, "tests/fixtures/**/*.{txt,md}", |path| {
        // A folder's README describes the fixtures; it is not a draft.
        if path.file_name().is_some_and(|n| n == "README.md") {
            return;
        }
        let text = std::fs::read_to_string(path).unwrap();
        // A `.marked.txt` draft carries ‸ and ⟦⟧ where the blank family must report
        // (tests/blank.rs checks them); the draft itself is the text without them.
        let text = if path.to_string_lossy().ends_with(".marked.txt") { without_markers(&text) } else { text };
        insta::assert_snapshot!(report(&text));
    });
}

#[test]
fn example() {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/scraped-speech.txt")).unwrap();
    insta::assert_snapshot!(report(&text));
}
