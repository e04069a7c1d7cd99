//! Two-state smoothing of line scores along a document (speech / boilerplate).
//!
//! The speech is mostly one contiguous block with chrome before and after it, so a line's
//! state should rarely differ from its neighbours'. The best state sequence maximises the sum
//! of the lines' log-odds (half the score for the boilerplate state, half against it for the
//! speech state) minus `switch` for every change of state: an isolated line with a weak score
//! inside speech stays speech, a run of chrome lines is kept together. Empty lines (score
//! `None`) carry no evidence and keep the state. O(lines), no allocation beyond the back
//! pointers.

/// The smoothed state of each line: `true` for boilerplate (empty lines: the state around them).
pub fn smooth(scores: &[Option<f32>], switch: f32) -> Vec<bool> {
    let n = scores.len();
    // best[s]: best total ending in state s; back[i][s]: the state before line i's state s
    let mut best = [0f32, 0f32];
    let mut back: Vec<[bool; 2]> = Vec::with_capacity(n);
    let mut started = false;
    for s in scores {
        let (e0, e1) = match s {
            Some(z) if z.is_finite() => (-z / 2.0, z / 2.0),
            Some(z) if *z > 0.0 => (f32::MIN / 4.0, 0.0),
            Some(_) => (0.0, f32::MIN / 4.0),
            None => (0.0, 0.0),
        };
        if !started {
            best = [e0, e1];
            back.push([false, true]);
            started = true;
            continue;
        }
        let stay0 = best[0];
        let from1_to0 = best[1] - switch;
        let stay1 = best[1];
        let from0_to1 = best[0] - switch;
        let (b0, p0) = if stay0 >= from1_to0 { (stay0, false) } else { (from1_to0, true) };
        let (b1, p1) = if stay1 >= from0_to1 { (stay1, true) } else { (from0_to1, false) };
        best = [b0 + e0, b1 + e1];
        back.push([p0, p1]);
    }
    let mut out = vec![false; n];
    let mut state = best[1] > best[0];
    for i in (0..n).rev() {
        if let Some(o) = out.get_mut(i) {
            *o = state;
        }
        if let Some(b) = back.get(i) {
            state = if state { b[1] } else { b[0] };
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_weak_outlier_inside_speech_stays_speech() {
        let s = [Some(-4.0), Some(-4.0), Some(0.5), Some(-4.0), Some(-4.0)];
        assert_eq!(smooth(&s, 2.0), vec![false; 5]);
        // without a switching cost the outlier flips
        assert_eq!(smooth(&s, 0.0), vec![false, false, true, false, false]);
    }

    #[test]
    fn a_block_of_chrome_is_kept_and_empty_lines_follow_their_neighbours() {
        let s = [Some(3.0), None, Some(0.4), Some(-5.0), Some(-5.0), Some(4.0)];
        assert_eq!(smooth(&s, 1.0), vec![true, true, true, false, false, true]);
    }

    #[test]
    fn infinite_scores_and_empty_input_are_handled() {
        assert!(smooth(&[], 1.0).is_empty());
        let s = [Some(f32::NEG_INFINITY), Some(f32::INFINITY)];
        assert_eq!(smooth(&s, 1.0), vec![false, true]);
    }
}
