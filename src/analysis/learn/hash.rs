//! Feature hashing: a feature (a template number and a few characters or bytes) becomes a
//! bucket of a fixed-size weight table. FNV-1a over the bytes, seeded by the template, then
//! a final multiply-xorshift so that the low bits (the bucket) mix well. Deterministic on every
//! platform (no `std` hasher, whose seeds may change between releases).

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// A running hash of one feature.
#[derive(Clone, Copy, Debug)]
pub struct FeatureHash(u64);

impl FeatureHash {
    /// Starts a feature of template `template`.
    pub fn new(template: u8) -> FeatureHash {
        FeatureHash((OFFSET ^ u64::from(template)).wrapping_mul(PRIME))
    }
    pub fn byte(mut self, b: u8) -> FeatureHash {
        self.0 = (self.0 ^ u64::from(b)).wrapping_mul(PRIME);
        self
    }
    pub fn char(self, c: char) -> FeatureHash {
        let v = u32::from(c);
        self.byte((v & 0xff) as u8).byte(((v >> 8) & 0xff) as u8).byte(((v >> 16) & 0xff) as u8)
    }
    pub fn chars(mut self, cs: &[char]) -> FeatureHash {
        for &c in cs {
            self = self.char(c);
        }
        self
    }
    /// The bucket in a table of `1 << bits` entries.
    pub fn bucket(self, bits: u32) -> u32 {
        let mut x = self.0;
        x ^= x >> 29;
        x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
        x ^= x >> 32;
        (x & ((1u64 << bits) - 1)) as u32
    }
}

/// A 64-bit hash of a whole string (used for content-repetition counts and corpus manifests).
pub fn hash_str(s: &str) -> u64 {
    hash_str_bytes(s.as_bytes())
}

/// FNV-1a 64 of bytes (weight files in the manifest).
pub fn hash_str_bytes(bytes: &[u8]) -> u64 {
    let mut h = OFFSET;
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(PRIME);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_feature_same_bucket_and_templates_differ() {
        let a = FeatureHash::new(1).chars(&['万', '元']).bucket(16);
        let b = FeatureHash::new(1).chars(&['万', '元']).bucket(16);
        let c = FeatureHash::new(2).chars(&['万', '元']).bucket(16);
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert!(a < 1 << 16);
    }

    #[test]
    fn hash_str_is_fnv1a() {
        // FNV-1a 64 of "a" is a well-known constant.
        assert_eq!(hash_str("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
