//! Applies safe fixes round after round to a file and prints what each round changes.
//! `cargo run --example fix_converge FILE` (a debugging aid for fix convergence).
fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let data = std::fs::read(&path).unwrap_or_default();
    let mut text = String::from_utf8_lossy(&data).into_owned();
    let config = lectern::Config::default();
    for round in 0..5 {
        let (next, n) = lectern::fix_all(&text, &config, false);
        println!("round {round}: {n} fixes");
        if next == text {
            break;
        }
        let a: Vec<&str> = text.split('\n').collect();
        let b: Vec<&str> = next.split('\n').collect();
        for (i, (x, y)) in a.iter().zip(b.iter()).enumerate() {
            if x != y {
                println!(
                    "  line {}:\n    - {}\n    + {}",
                    i + 1,
                    x.chars().take(80).collect::<String>(),
                    y.chars().take(80).collect::<String>()
                );
            }
        }
        if a.len() != b.len() {
            println!("  lines {} -> {}", a.len(), b.len());
        }
        text = next;
    }
}
