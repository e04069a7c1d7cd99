use lectern::analysis::Config;
use lectern::document::Document;
use lectern::text::{Encoding, Position};
use std::time::Instant;

#[test]
fn profile_engine() {
    for f in ["10k", "100k", "1m"] {
        let text = std::fs::read_to_string(format!("target/bench-docs/speech-{f}.txt")).unwrap();
        let c = Config::default();
        let t = Instant::now();
        let mut d = Document::new(&text, &c);
        let open = t.elapsed();
        let t = Instant::now();
        let a = d.analysis(&c);
        let an = t.elapsed();
        let n = d.len_lines() as u32;
        let (mut ta, mut tb, mut tc) = (0u128, 0u128, 0u128);
        for i in 0..50u32 {
            let line = (i * 7919) % n;
            let t = Instant::now();
            d.apply_change(Some((Position::new(line, 0), Position::new(line, 0))), "的", Encoding::Utf16, &c);
            ta += t.elapsed().as_nanos();
            let t = Instant::now();
            let a = d.analysis(&c);
            tb += t.elapsed().as_nanos();
            let t = Instant::now();
            let mut s = 0u32;
            for fd in &a.findings {
                s = s.wrapping_add(d.position_of(fd.span.start, Encoding::Utf16).col);
                s = s.wrapping_add(d.position_of(fd.span.end, Encoding::Utf16).col);
            }
            tc += t.elapsed().as_nanos();
            std::hint::black_box(s);
        }
        println!(
            "{f}: new {:?} analysis {:?} ({} findings) | per edit: apply {} us, analysis {} us, positions {} us",
            open,
            an,
            a.findings.len(),
            ta / 50000,
            tb / 50000,
            tc / 50000
        );
    }
}
