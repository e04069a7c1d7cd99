//! The blank family's per-line pass on about 1 MB of text (the seed draft and the clean
//! fixtures, repeated): `cargo bench --bench blank`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use lectern::analysis::engine::LineCtx;
use lectern::analysis::rules::blank;
use lectern::Config;

fn corpus() -> String {
    let mut parts = vec![std::fs::read_to_string("examples/scraped-speech.txt").unwrap_or_default()];
    if let Ok(dir) = std::fs::read_dir("tests/fixtures/clean") {
        let mut paths: Vec<_> = dir.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            parts.push(std::fs::read_to_string(p).unwrap_or_default());
        }
    }
    let unit = parts.join("\n");
    let mut text = String::new();
    while text.len() < 1_000_000 && !unit.is_empty() {
        text.push_str(&unit);
        text.push('\n');
    }
    text
}

fn bench(c: &mut Criterion) {
    let text = corpus();
    let config = Config::default();
    blank::warm_up();
    let mut group = c.benchmark_group("blank");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    group.bench_function("check_line over 1 MB", |b| {
        b.iter(|| {
            let mut out = Vec::new();
            for line in text.lines() {
                let ctx = LineCtx { text: line, config: &config };
                let _ = blank::check_line(&ctx, &mut out);
            }
            out.len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
