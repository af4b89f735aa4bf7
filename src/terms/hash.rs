//! 64-bit hashes that stand for words and runs of words while learning, so no text is
//! copied for the millions of word runs counted (a collision among a few million 64-bit
//! hashes is not expected).

/// FNV-1a over bytes, finished with a strong mix.
pub struct Hasher(u64);

impl Hasher {
    pub fn new() -> Hasher {
        Hasher(0xcbf2_9ce4_8422_2325)
    }

    #[inline]
    pub fn byte(&mut self, b: u8) {
        self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }

    pub fn bytes(&mut self, s: &[u8]) {
        for &b in s {
            self.byte(b);
        }
    }

    pub fn finish(&self) -> u64 {
        avalanche(self.0)
    }
}

impl Default for Hasher {
    fn default() -> Self {
        Hasher::new()
    }
}

#[inline]
fn avalanche(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

pub fn str(s: &str) -> u64 {
    let mut h = Hasher::new();
    h.bytes(s.as_bytes());
    h.finish()
}

/// Combines a running hash with the next item (order matters).
#[inline]
pub fn mix(h: u64, k: u64) -> u64 {
    avalanche(h.rotate_left(23) ^ k.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_matters() {
        let (a, b) = (str("a"), str("b"));
        assert_ne!(mix(mix(0, a), b), mix(mix(0, b), a));
        assert_eq!(mix(mix(0, a), b), mix(mix(0, a), b));
        assert_ne!(str("ab"), str("ba"));
    }
}
