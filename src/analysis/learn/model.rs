//! Linear models: quantised read-only weights (as compiled into the binary) and the
//! deterministic trainer that produces them.
//!
//! A weight file is a 16-byte header — `LECW`, a version byte, three zero bytes, the number of
//! weights (u32 LE) and the scale (f32 LE) — followed by one i16 LE per weight; weight `i` is
//! `scale * q[i]`. Reading a weight decodes two bytes in place: nothing is parsed, loaded or
//! allocated at start-up, and the pages of the table are touched only as features hit them.
//! An empty or malformed file reads as a model that says nothing (every score `-inf`).

const MAGIC: &[u8; 4] = b"LECW";
const VERSION: u8 = 1;
const HEADER: usize = 16;

/// A sparse feature: an index into the model's weight vector and a value.
pub type Feature = (u32, f32);

/// Quantised weights over a byte slice (normally `include_bytes!`).
#[derive(Clone, Copy, Debug)]
pub struct Weights<'a> {
    data: &'a [u8],
    len: u32,
    scale: f32,
}

impl<'a> Weights<'a> {
    /// Reads the header; a file that is not a weight file gives an empty model.
    pub fn new(bytes: &'a [u8]) -> Weights<'a> {
        let empty = Weights { data: &[], len: 0, scale: 0.0 };
        let (Some(magic), Some(&version), Some(len), Some(scale)) =
            (bytes.get(..4), bytes.get(4), bytes.get(8..12), bytes.get(12..16))
        else {
            return empty;
        };
        let le4 = |s: &[u8]| <[u8; 4]>::try_from(s).unwrap_or([0; 4]);
        let len = u32::from_le_bytes(le4(len));
        let scale = f32::from_le_bytes(le4(scale));
        let data = bytes.get(HEADER..).unwrap_or(&[]);
        if magic != MAGIC || version != VERSION || data.len() != len as usize * 2 || !scale.is_finite() {
            return empty;
        }
        Weights { data, len, scale }
    }
    /// The model holds weights.
    pub fn is_loaded(&self) -> bool {
        self.len > 0
    }
    pub fn len(&self) -> u32 {
        self.len
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    /// Weight `i` (0 outside the table).
    #[inline]
    pub fn get(&self, i: u32) -> f32 {
        let at = i as usize * 2;
        match (self.data.get(at), self.data.get(at + 1)) {
            (Some(&a), Some(&b)) => f32::from(i16::from_le_bytes([a, b])) * self.scale,
            _ => 0.0,
        }
    }
    /// The dot product with sparse features; `-inf` for an empty model.
    pub fn dot(&self, features: &[Feature]) -> f32 {
        if self.len == 0 {
            return f32::NEG_INFINITY;
        }
        features.iter().map(|&(i, v)| self.get(i) * v).sum()
    }
}

/// Encodes f32 weights as a weight file (i16, symmetric scale from the largest magnitude).
pub fn encode(weights: &[f32]) -> Vec<u8> {
    let max = weights.iter().fold(0f32, |m, w| m.max(w.abs()));
    let scale = if max > 0.0 { max / f32::from(i16::MAX) } else { 1.0 };
    let len = u32::try_from(weights.len()).unwrap_or(u32::MAX);
    let mut out = Vec::with_capacity(HEADER + weights.len() * 2);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&[VERSION, 0, 0, 0]);
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&scale.to_le_bytes());
    for &w in weights.iter().take(len as usize) {
        let q = (w / scale).round().clamp(f32::from(i16::MIN + 1), f32::from(i16::MAX));
        // the clamp keeps q in i16's range, so the cast is exact
        out.extend_from_slice(&(q as i16).to_le_bytes());
    }
    out
}

/// The logistic function.
pub fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// Hyperparameters of [`train`].
#[derive(Clone, Copy, Debug)]
pub struct TrainParams {
    pub epochs: u32,
    /// AdaGrad learning rate.
    pub rate: f32,
    /// L2 penalty per update (scaled by the feature's value).
    pub l2: f32,
    /// Weight of positive examples relative to negatives.
    pub positive_weight: f32,
    pub seed: u64,
}

/// One training example: features and label.
#[derive(Clone, Debug)]
pub struct Example {
    pub features: Vec<Feature>,
    pub label: bool,
}

/// A small deterministic generator (splitmix64) for the shuffles.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// A value in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % (n.max(1) as u64)) as usize
    }
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

/// Logistic regression by AdaGrad with L2, in a fixed order drawn from `params.seed`: the
/// same examples and parameters give the same weights, bit for bit.
pub fn train(examples: &[Example], dim: usize, params: &TrainParams) -> Vec<f32> {
    let mut w = vec![0f32; dim];
    let mut g2 = vec![1e-6f32; dim];
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Rng::new(params.seed);
    for _ in 0..params.epochs {
        rng.shuffle(&mut order);
        for &k in &order {
            let Some(ex) = examples.get(k) else { continue };
            let z: f32 = ex.features.iter().map(|&(i, v)| w.get(i as usize).copied().unwrap_or(0.0) * v).sum();
            let p = sigmoid(z);
            let (y, cw) = if ex.label { (1.0, params.positive_weight) } else { (0.0, 1.0) };
            let err = (p - y) * cw;
            for &(i, v) in &ex.features {
                let i = i as usize;
                let (Some(wi), Some(gi)) = (w.get_mut(i), g2.get_mut(i)) else { continue };
                let g = err * v + params.l2 * *wi * v.abs();
                *gi += g * g;
                *wi -= params.rate * g / gi.sqrt();
            }
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_then_read_round_trips_within_quantisation() {
        let w = vec![0.5, -1.25, 0.0, 3.0];
        let bytes = encode(&w);
        let m = Weights::new(&bytes);
        assert_eq!(m.len(), 4);
        for (i, &x) in w.iter().enumerate() {
            assert!((m.get(i as u32) - x).abs() < 1e-3, "{i}");
        }
        assert_eq!(m.get(99), 0.0);
        assert!((m.dot(&[(0, 2.0), (3, 1.0)]) - 4.0).abs() < 1e-3);
    }

    #[test]
    fn malformed_files_give_an_empty_model() {
        for bad in [&b""[..], b"LECW", b"XXXX\x01\0\0\0\x01\0\0\0\0\0\x80\x3f\0\0"] {
            let m = Weights::new(bad);
            assert!(!m.is_loaded());
            assert_eq!(m.dot(&[(0, 1.0)]), f32::NEG_INFINITY);
        }
    }

    #[test]
    fn training_separates_a_separable_set_and_is_deterministic() {
        let ex: Vec<Example> = (0..40)
            .map(|i| Example { features: vec![(0, 1.0), (1 + (i % 2) as u32, 1.0)], label: i % 2 == 1 })
            .collect();
        let p = TrainParams { epochs: 20, rate: 0.3, l2: 1e-4, positive_weight: 1.0, seed: 7 };
        let a = train(&ex, 3, &p);
        let b = train(&ex, 3, &p);
        assert_eq!(a, b);
        assert!(a[2] > a[1] + 1.0, "{a:?}");
    }
}
