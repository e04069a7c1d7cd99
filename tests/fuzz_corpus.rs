//! Replays the fuzz corpus (`fuzz/corpus/<target>/`, committed seeds and every crash found)
//! through the same invariant checks the fuzz targets run, so regressions fail `cargo test`.

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus").join(target);
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("corpus folder") {
        let path = entry.expect("entry").path();
        let data = std::fs::read(&path).expect("read");
        check(&data);
        n += 1;
    }
    assert!(n > 0, "empty corpus for {target}");
}

#[test]
fn analysis_corpus() {
    replay("analysis", lectern::invariants::analysis);
}

#[test]
fn positions_corpus() {
    replay("positions", lectern::invariants::positions);
}

#[test]
fn settings_corpus() {
    replay("settings", lectern::invariants::settings);
}

#[test]
fn fixes_corpus() {
    replay("fixes", lectern::invariants::fixes);
}
