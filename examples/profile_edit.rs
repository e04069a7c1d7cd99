//! Times the parts of one keystroke on a large draft: the incremental edit, the document
//! passes and the assembly of findings. `cargo run --release --example profile_edit [FILE]`.

use std::sync::Arc;
use std::time::Instant;

use lectern::analysis::engine;
use lectern::analysis::Config;
use lectern::document::Document;
use lectern::text::{Encoding, Position};

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "target/bench-docs/speech-1m.txt".into());
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let config = Config::default();
    let t = Instant::now();
    drop(Document::new(&text, &config));
    println!("open (cold: first use of the rules' tables): {:?}", t.elapsed());
    lectern::analysis::warm_up();
    let t = Instant::now();
    let mut doc = Document::new(&text, &config);
    println!("open (warm): {:?}", t.elapsed());
    let uri: lectern::lsp::convert::Uri = "file:///tmp/speech.txt".parse().expect("uri");
    let t = Instant::now();
    let mut first = String::new();
    let mut cache = lectern::lsp::convert::PublishCache::default();
    let n0 = doc.with_placed(&config, |placed| {
        lectern::lsp::convert::publish_params_json(
            &mut first,
            &doc,
            placed,
            Encoding::Utf16,
            &uri,
            Some(1),
            &mut cache,
        );
        placed.len()
    });
    println!("first publish (document passes + JSON): {:?} ({n0} findings)", t.elapsed());
    let colds: usize = std::env::var("COLD").ok().and_then(|v| v.parse().ok()).unwrap_or(3);
    for _ in 0..colds {
        let t = Instant::now();
        let mut cold = lectern::lsp::convert::PublishCache::default();
        let mut tj = std::time::Duration::ZERO;
        doc.with_placed(&config, |placed| {
            let t2 = Instant::now();
            let mut out = String::new();
            lectern::lsp::convert::publish_params_json(
                &mut out,
                &doc,
                placed,
                Encoding::Utf16,
                &uri,
                Some(1),
                &mut cold,
            );
            tj = t2.elapsed();
        });
        println!("  again, memo warm, JSON cold: {:?} (JSON {tj:?})", t.elapsed());
    }
    let t = Instant::now();
    let a = doc.analysis(&config);
    println!("full analysis with outline: {:?} ({} findings)", t.elapsed(), a.findings.len());
    let n: usize = std::env::var("EDITS").ok().and_then(|v| v.parse().ok()).unwrap_or(50);
    let (mut te, mut ta) = (0.0, 0.0);
    for i in 0..n {
        let line = u32::try_from((i * 397) % doc.len_lines()).unwrap_or(0);
        let t = Instant::now();
        doc.apply_change(Some((Position::new(line, 1), Position::new(line, 1))), "的", Encoding::Utf16, &config);
        te += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let a = doc.findings(&config);
        ta += t.elapsed().as_secs_f64();
        std::hint::black_box(a);
    }
    println!(
        "edit: {:.3} ms, findings (what a keystroke publishes): {:.3} ms (mean of {n})",
        te * 1e3 / n as f64,
        ta * 1e3 / n as f64
    );
    // What the server does per keystroke after the edit: placed findings, serialised.
    let (mut tp, mut tj, mut bytes) = (0.0, 0.0, 0);
    for i in 0..n {
        let line = u32::try_from((i * 397) % doc.len_lines()).unwrap_or(0);
        doc.apply_change(Some((Position::new(line, 1), Position::new(line, 1))), "的", Encoding::Utf16, &config);
        let t = Instant::now();
        let mut out = String::new();
        let mut t2 = 0.0;
        doc.with_placed(&config, |placed| {
            t2 = t.elapsed().as_secs_f64();
            lectern::lsp::convert::publish_params_json(
                &mut out,
                &doc,
                placed,
                Encoding::Utf16,
                &uri,
                Some(1),
                &mut cache,
            );
        });
        tp += t2;
        tj += t.elapsed().as_secs_f64() - t2;
        bytes = out.len();
        std::hint::black_box(out);
    }
    println!(
        "placed findings: {:.3} ms, publish JSON ({bytes} bytes): {:.3} ms (mean of {n})",
        tp * 1e3 / n as f64,
        tj * 1e3 / n as f64
    );
    passes(doc.lines(), &config);
}

/// Times each document pass once on `doc`'s lines.
pub fn passes(lines: &[Arc<engine::LineResult>], config: &Config) {
    use lectern::analysis::rules;
    let text = |_: usize| String::new();
    let ctx = engine::DocCtx { lines, config, line_text: &text, boilerplate_lines: &[] };
    let mut out = Vec::new();
    let t = Instant::now();
    let mask = rules::boilerplate::check_document(&ctx, &mut out);
    println!("  boilerplate doc pass: {:?}", t.elapsed());
    let mut mask = mask;
    mask.resize(lines.len(), false);
    let ctx = engine::DocCtx { lines, config, line_text: &text, boilerplate_lines: &mask };
    let t = Instant::now();
    rules::blank::check_document(&ctx, &mut out);
    println!("  blank doc pass: {:?}", t.elapsed());
    let t = Instant::now();
    rules::numbering::check_document(&ctx, &mut out);
    println!("  numbering doc pass: {:?}", t.elapsed());
    let t = Instant::now();
    rules::consistency::check_document(&ctx, &mut out);
    println!("  consistency doc pass: {:?}", t.elapsed());
    let t = Instant::now();
    rules::length::check_document(&ctx, &mut out);
    println!("  length doc pass: {:?}", t.elapsed());
    let t = Instant::now();
    let o = rules::numbering::outline(&ctx);
    println!("  outline: {:?} ({} roots)", t.elapsed(), o.len());
    // PASSES=N repeats the two heaviest passes N times (for a profiler).
    let n: usize = std::env::var("PASSES").ok().and_then(|v| v.parse().ok()).unwrap_or(0);
    for _ in 0..n {
        let mut out = Vec::new();
        std::hint::black_box(rules::boilerplate::check_document(&ctx, &mut out));
        rules::numbering::check_document(&ctx, &mut out);
        std::hint::black_box(out);
    }
}
