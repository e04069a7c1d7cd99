//! Fixture snapshots: every draft under `tests/fixtures/**` (and the example) is analysed and
//! its findings, outline and text after safe fixes are snapshotted with insta. The harness also
//! checks the invariants every rule must keep: fixes converge, a rule's fixes match its declared
//! `FixAvailability`, every fix has a title, every range lies on char boundaries.
//!
//! Review changes with `cargo insta review` (or `INSTA_UPDATE=always cargo test --test fixtures`).

use std::fmt::Write as _;
use std::path::Path;

use lectern::analysis::diagnostic::FixAvailability;
use lectern::analysis::{analyze, fix_all, Applicability, Category, Config, OutlineItem};
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
    // Fixes converge: no safe boilerplate or punctuation fix survives. (Renumbering may become
    // safe only after a truncation note was deleted: fix_all does not take it in the same run.)
    let after = analyze(&fixed, &config);
    let survivors: Vec<_> = after
        .diagnostics
        .iter()
        .filter(|d| matches!(d.category(), Category::Boilerplate | Category::Punctuation))
        .filter(|d| d.fix.as_ref().is_some_and(|f| f.applicability == Applicability::Safe))
        .map(|d| d.code())
        .collect();
    assert!(survivors.is_empty(), "safe fixes left fixable findings: {survivors:?}");
    let (again, _) = fix_all(&fixed, &config, false);
    let (third, m) = fix_all(&again, &config, false);
    assert!(m == 0 || third == again, "safe fixes did not converge");
    let _ = writeln!(out, "\n## after safe fixes ({n} applied)");
    if fixed != text {
        out.push_str(&fixed);
    } else {
        out.push_str("(unchanged)\n");
    }
    out
}

#[test]
fn fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    insta::glob!(root, "tests/fixtures/**/*.{txt,md}", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        insta::assert_snapshot!(report(&text));
    });
}

#[test]
fn example() {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/scraped-speech.txt")).unwrap();
    insta::assert_snapshot!(report(&text));
}
