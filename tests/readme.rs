//! The README's rule table is generated from the registry; this test fails when they drift.
//! Regenerate with `UPDATE_README=1 cargo test --test readme`.

use lectern::analysis::rules::all;

const START: &str = "<!-- rules:start -->";
const END: &str = "<!-- rules:end -->";

fn table() -> String {
    let mut s = String::from("| code | name | category | default | fix | what it flags |\n|---|---|---|---|---|---|\n");
    for r in all() {
        let m = r.meta();
        let default = if m.default_enabled { m.default_severity.as_str() } else { "off" };
        let fix = match m.fix {
            lectern::analysis::diagnostic::FixAvailability::None => "",
            lectern::analysis::diagnostic::FixAvailability::Sometimes => "sometimes",
            lectern::analysis::diagnostic::FixAvailability::Always => "yes",
        };
        s.push_str(&format!(
            "| [{}](docs/rules/{}.md) | `{}` | {} | {} | {} | {} / {} |\n",
            m.code,
            m.code,
            m.name,
            m.category.as_str(),
            default,
            fix,
            m.summary_zh,
            m.summary_en
        ));
    }
    s
}

#[test]
fn readme_rule_table_matches_the_registry() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let (Some(a), Some(b)) = (readme.find(START), readme.find(END)) else {
        panic!("README.md lacks the {START} … {END} markers");
    };
    let current = &readme[a + START.len()..b];
    let want = format!("\n{}", table());
    if current != want {
        if std::env::var_os("UPDATE_README").is_some() {
            let new = format!("{}{}{}{}", &readme[..a], START, want, &readme[b..]);
            std::fs::write(&path, new).unwrap();
        } else {
            panic!("README rule table is out of date: run UPDATE_README=1 cargo test --test readme");
        }
    }
}
