//! Times the per-line pass (what `didOpen` costs) on a large draft, family by family.
//! `cargo run --release --example profile_open [FILE] [ROUNDS]`.

use std::time::Instant;

use lectern::analysis::engine::{analyze_line, LineCtx};
use lectern::analysis::{rules, Config};
use lectern::text::split_lines;

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "target/bench-docs/speech-1m.txt".into());
    let rounds: u32 = std::env::args().nth(2).and_then(|r| r.parse().ok()).unwrap_or(5);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let config = Config::default();
    let lines: Vec<&str> = split_lines(&text).into_iter().map(|l| &text[l.start..l.content_end]).collect();
    let mb = text.len() as f64 / 1e6;
    let t = Instant::now();
    let rope = ropey::Rope::from_str(&text);
    let t_rope = t.elapsed();
    let t = Instant::now();
    let spans = split_lines(&text);
    println!("rope: {t_rope:?}, split_lines: {:?} ({} lines)", t.elapsed(), spans.len());
    drop((rope, spans));
    let time = |name: &str, f: &dyn Fn(&LineCtx, &mut Vec<lectern::analysis::Finding>)| {
        let t = Instant::now();
        let mut out = Vec::new();
        for _ in 0..rounds {
            for l in &lines {
                out.clear();
                f(&LineCtx { text: l, config: &config }, &mut out);
            }
        }
        let ms = t.elapsed().as_secs_f64() * 1e3 / f64::from(rounds);
        println!("{name:>12}: {ms:7.2} ms ({:.2} ms/MB)", ms / mb);
    };
    time("all", &|c, o| o.extend(analyze_line(c.text, c.config).findings));
    if std::env::args().nth(3).as_deref() == Some("all") {
        return;
    }
    time("boilerplate", &|c, o| drop(rules::boilerplate::check_line(c, o)));
    time("blank", &|c, o| drop(rules::blank::check_line(c, o)));
    time("numbering", &|c, o| drop(rules::numbering::check_line(c, o)));
    time("punctuation", &|c, o| rules::punctuation::check_line(c, o));
    time("consistency", &|c, o| drop(rules::consistency::check_line(c, o)));
    time("length", &|c, o| {
        let _ = rules::length::check_line(c, o);
    });
}
