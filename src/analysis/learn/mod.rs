//! Learned detectors: a boilerplate line model and a gap (deleted value) model, trained from
//! the corpus in `corpus/` by `cargo run --release --example train` and compiled in.
//!
//! Pure: text in, scores out. The weights are embedded with `include_bytes!` (no I/O at run
//! time, nothing decoded at start-up: [`model::Weights`] reads two bytes per weight it needs).
//! Features are computed by this same code when training and when checking, so the two
//! cannot drift. `weights/MANIFEST` names the corpus, seed, hyperparameters, thresholds and the
//! weight files' hashes; a test checks the embedded files against it.

pub mod chars;
pub mod gap;
pub mod hash;
pub mod line;
pub mod model;
pub mod split;
pub mod viterbi;

use model::Weights;

/// The boilerplate line model's weights.
pub static LINE_WEIGHTS: &[u8] = include_bytes!("weights/line.bin");
/// The gap model's weights.
pub static GAP_WEIGHTS: &[u8] = include_bytes!("weights/gap.bin");
/// The training manifest.
pub static MANIFEST: &str = include_str!("weights/MANIFEST");

pub fn line_model() -> Weights<'static> {
    Weights::new(LINE_WEIGHTS)
}

pub fn gap_model() -> Weights<'static> {
    Weights::new(GAP_WEIGHTS)
}

/// Thresholds chosen by the training run (read from the manifest's `threshold.*` lines; a
/// missing one disables its detector).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Thresholds {
    /// A line is boilerplate when its smoothed state is and its score is at least this.
    pub line: f32,
    /// A line is boilerplate whatever the smoothing when its score is at least this.
    pub line_alone: f32,
    /// The smoothing's cost of a change of state.
    pub switch: f32,
    /// A gap is a deleted value when its score is at least this.
    pub gap: f32,
    /// The score the smoothing gives a line another rule claimed, when its own is lower
    /// (`-inf`: none; the line's own score counts).
    pub ruled: f32,
}

/// Parses `key = value` lines of the manifest.
pub fn manifest_value(manifest: &str, key: &str) -> Option<String> {
    manifest.lines().find_map(|l| {
        let (k, v) = l.split_once('=')?;
        (k.trim() == key).then(|| v.trim().to_string())
    })
}

/// The thresholds the manifest names.
pub fn thresholds() -> Thresholds {
    static T: std::sync::LazyLock<Thresholds> = std::sync::LazyLock::new(|| thresholds_of(MANIFEST));
    *T
}

pub fn thresholds_of(manifest: &str) -> Thresholds {
    let f = |k: &str| manifest_value(manifest, k).and_then(|v| v.parse::<f32>().ok()).unwrap_or(f32::INFINITY);
    Thresholds {
        line: f("threshold.line"),
        line_alone: f("threshold.line_alone"),
        switch: manifest_value(manifest, "threshold.switch").and_then(|v| v.parse().ok()).unwrap_or(0.0),
        gap: f("threshold.gap"),
        ruled: manifest_value(manifest, "threshold.ruled")
            .and_then(|v| v.parse::<f32>().ok())
            .unwrap_or(f32::NEG_INFINITY),
    }
}

/// The boilerplate verdict of every line from the lines' partial scores (`None`: empty line)
/// and the lines other rules claimed (`ruled`).
pub fn boilerplate_lines(parts: &[Option<line::LineScore>], ruled: &[bool]) -> Vec<bool> {
    let w = line_model();
    let t = thresholds();
    boilerplate_lines_with(&w, &t, parts, ruled)
}

pub fn boilerplate_lines_with(
    w: &Weights,
    t: &Thresholds,
    parts: &[Option<line::LineScore>],
    ruled: &[bool],
) -> Vec<bool> {
    if !w.is_loaded() || parts.iter().all(Option::is_none) {
        return vec![false; parts.len()];
    }
    let scores = line::document_scores(w, parts, ruled);
    let mut out = decide_lines(&scores, t, ruled);
    let doc: Vec<Option<line::DocLine>> = parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            p.map(|s| line::DocLine {
                content: s.content,
                shape: s.shape,
                ruled: ruled.get(i).copied().unwrap_or(false),
            })
        })
        .collect();
    for i in line::own_title(&doc) {
        if let Some(o) = out.get_mut(i) {
            *o = false;
        }
    }
    out
}

/// Lines judged boilerplate from their full scores (`-inf` for empty lines); the lines other
/// rules claimed (`ruled`) enter the smoothing with at least `t.ruled`.
pub fn decide_lines(scores: &[f32], t: &Thresholds, ruled: &[bool]) -> Vec<bool> {
    let opt: Vec<Option<f32>> = scores
        .iter()
        .enumerate()
        .map(|(i, &z)| {
            (z != f32::NEG_INFINITY).then(|| if ruled.get(i).copied().unwrap_or(false) { z.max(t.ruled) } else { z })
        })
        .collect();
    let smooth = viterbi::smooth(&opt, t.switch);
    scores.iter().zip(smooth).map(|(&z, s)| z.is_finite() && (z >= t.line_alone || (s && z >= t.line))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SHA-256 is not a dependency; the manifest names FNV-1a 64 hashes of the files.
    #[test]
    fn embedded_weights_are_the_ones_the_manifest_names() {
        let line = format!("{:016x}", hash::hash_str_bytes(LINE_WEIGHTS));
        let gap = format!("{:016x}", hash::hash_str_bytes(GAP_WEIGHTS));
        assert_eq!(manifest_value(MANIFEST, "hash.line").as_deref(), Some(line.as_str()));
        assert_eq!(manifest_value(MANIFEST, "hash.gap").as_deref(), Some(gap.as_str()));
    }

    #[test]
    fn thresholds_parse_and_missing_ones_disable() {
        let t = thresholds_of("threshold.line = 1.5\nthreshold.switch=2\n");
        assert_eq!(t.line, 1.5);
        assert_eq!(t.switch, 2.0);
        assert_eq!(t.gap, f32::INFINITY);
        assert_eq!(t.ruled, f32::NEG_INFINITY);
        let z = decide_lines(&[5.0, 1.0, f32::NEG_INFINITY], &t, &[]);
        assert_eq!(z, vec![true, false, false], "smoothed and above `line`; below it; empty");
    }
}
