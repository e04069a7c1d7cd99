//! Engine benchmarks on the synthetic speeches of `../shared/bench/make_docs.py` (10k, 100k,
//! 1M characters): the whole analysis, each rule family's local pass, and re-analysis after a
//! one-character edit through the incremental document. Criterion reports time per character
//! (throughput in elements = characters).
//!
//!     python3 ../shared/bench/make_docs.py --out target/bench-docs
//!     cargo bench --bench engine
//!
//! Without the generated documents the sample draft is repeated to the same sizes.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use lectern::analysis::engine::LineCtx;
use lectern::analysis::{analyze, rules, Config};
use lectern::document::Document;
use lectern::text::{split_lines, Encoding, Position};

fn docs() -> Vec<(&'static str, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sample = std::fs::read_to_string(root.join("examples/scraped-speech.txt")).unwrap_or_default();
    [("10k", 10_000usize), ("100k", 100_000), ("1m", 1_000_000)]
        .into_iter()
        .map(|(name, chars)| {
            let file = root.join(format!("target/bench-docs/speech-{name}.txt"));
            let text = std::fs::read_to_string(file).unwrap_or_else(|_| {
                let mut t = String::new();
                while t.chars().count() < chars {
                    t.push_str(&sample);
                    t.push('\n');
                }
                t
            });
            (name, text)
        })
        .collect()
}

fn whole(c: &mut Criterion) {
    let config = Config::default();
    let mut g = c.benchmark_group("analyze");
    for (name, text) in docs() {
        g.throughput(Throughput::Elements(text.chars().count() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(name), &text, |b, t| b.iter(|| analyze(black_box(t), &config)));
    }
    g.finish();
}

type Family = fn(&LineCtx, &mut Vec<lectern::analysis::Finding>);

fn families(c: &mut Criterion) {
    let config = Config::default();
    let fams: [(&str, Family); 5] = [
        ("blank", |ctx, out| {
            rules::blank::check_line(ctx, out);
        }),
        ("numbering", |ctx, out| {
            rules::numbering::check_line(ctx, out);
        }),
        ("boilerplate", |ctx, out| {
            rules::boilerplate::check_line(ctx, out);
        }),
        ("punctuation", |ctx, out| rules::punctuation::check_line(ctx, out)),
        ("consistency", |ctx, out| {
            rules::consistency::check_line(ctx, out);
        }),
    ];
    let all = docs();
    let Some((_, text)) = all.iter().find(|(n, _)| *n == "1m") else { return };
    let lines: Vec<&str> = split_lines(text).iter().map(|s| text.get(s.start..s.content_end).unwrap_or("")).collect();
    let mut g = c.benchmark_group("family-1m");
    g.throughput(Throughput::Elements(text.chars().count() as u64));
    g.sample_size(20);
    for (name, f) in fams {
        g.bench_function(name, |b| {
            b.iter(|| {
                let mut out = Vec::new();
                for l in &lines {
                    f(&LineCtx { text: l, config: &config }, &mut out);
                }
                out.len()
            })
        });
    }
    g.finish();
}

fn edit(c: &mut Criterion) {
    let config = Config::default();
    let mut g = c.benchmark_group("edit");
    for (name, text) in docs() {
        let mut doc = Document::new(&text, &config);
        let mid = u32::try_from(doc.len_lines() / 2).unwrap_or(0);
        g.throughput(Throughput::Elements(1));
        g.bench_function(BenchmarkId::from_parameter(name), |b| {
            let mut flip = false;
            b.iter(|| {
                // insert then delete one character in the middle line, then what the server
                // publishes: the placed findings (no outline, no copies)
                let at = Position::new(mid, 2);
                if flip {
                    doc.apply_change(Some((at, Position::new(mid, 3))), "", Encoding::Utf16, &config);
                } else {
                    doc.apply_change(Some((at, at)), "的", Encoding::Utf16, &config);
                }
                flip = !flip;
                black_box(doc.with_placed(&config, |p| p.len()))
            })
        });
    }
    g.finish();
}

/// The learned detectors' cost per line: the boilerplate line model's partial scores of one
/// line (what the local pass pays per edit), and the gap model on one line of speech.
fn learned(c: &mut Criterion) {
    use lectern::analysis::learn;
    let mut g = c.benchmark_group("learned");
    let speech = "今年以来，全县上下认真贯彻落实党的二十大精神，地区生产总值增长5.3%，新增规上企业12家，总投资达3.5万元，建成蓄水池40口。";
    let chrome = "首页 | 政策文件 | 联系我们 | 网站地图";
    let w = learn::line_model();
    for (name, line) in [("line-model/speech", speech), ("line-model/chrome", chrome)] {
        g.bench_function(name, |b| b.iter(|| learn::line::score_line(&w, std::hint::black_box(line))));
    }
    let gw = learn::gap_model();
    let cs: Vec<char> = speech.chars().collect();
    g.bench_function("gap-model/speech", |b| b.iter(|| learn::gap::find(&gw, -1e9, std::hint::black_box(&cs), &[])));
    g.finish();
}

criterion_group!(benches, whole, families, edit, learned);
criterion_main!(benches);
