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

/// The index of `key` in `sorted`, a slice sorted by its hashes (first field), or `None`.
/// The hashes are spread evenly over the `u64` range, so the key's place is guessed from its
/// value and found from there by galloping: about two probes instead of the twenty-odd
/// cache misses of a binary search over millions of units.
pub fn find_sorted<V>(sorted: &[(u64, V)], key: u64) -> Option<usize> {
    find_sorted_by(sorted, key, |x| x.0)
}

/// [`find_sorted`] in items sorted by the hash `at` gives of each (a list of bare hashes is
/// half the size of one of pairs, and more of it stays in the cache).
#[inline]
pub fn find_sorted_by<T>(sorted: &[T], key: u64, at: impl Fn(&T) -> u64) -> Option<usize> {
    let len = sorted.len();
    if len == 0 {
        return None;
    }
    let guess = ((key as u128 * len as u128) >> 64) as usize;
    let (mut lo, mut hi);
    if at(&sorted[guess]) < key {
        // Gallop right: the key is past `guess`.
        let mut step = 1;
        lo = guess + 1;
        hi = lo;
        while hi < len && at(&sorted[hi]) < key {
            lo = hi + 1;
            hi = (hi + step).min(len);
            step *= 2;
        }
        hi = (hi + 1).min(len);
    } else {
        // Gallop left: the key is at `guess` or before.
        let mut step = 1;
        hi = guess + 1;
        lo = guess;
        while lo > 0 && at(&sorted[lo - 1]) >= key {
            hi = lo;
            lo = lo.saturating_sub(step);
            step *= 2;
        }
    }
    let i = lo + sorted[lo..hi].partition_point(|x| at(x) < key);
    (i < len && at(&sorted[i]) == key).then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finding_a_hash_agrees_with_binary_search() {
        // Hashes of strings (evenly spread), with runs of close keys and the extremes.
        for n in [0usize, 1, 2, 3, 17, 1000] {
            let mut keys: Vec<(u64, u32)> =
                (0..n).map(|i| (str(&i.to_string()), i as u32)).collect();
            keys.extend([(0, 0), (1, 0), (u64::MAX - 1, 0), (u64::MAX, 0)]);
            keys.extend((0..50).map(|i| (1 << 40 | i, 0)));
            keys.sort_unstable();
            keys.dedup_by_key(|k| k.0);
            let probes = keys
                .iter()
                .flat_map(|k| [k.0, k.0.wrapping_add(1), k.0.wrapping_sub(1)])
                .chain([0, 2, u64::MAX / 2, u64::MAX]);
            for key in probes {
                let expected = keys.binary_search_by_key(&key, |k| k.0).ok();
                assert_eq!(find_sorted(&keys, key), expected, "n {n}, key {key:#x}");
            }
        }
        let empty: [(u64, u32); 0] = [];
        assert_eq!(find_sorted(&empty, 5), None);
    }

    #[test]
    fn order_matters() {
        let (a, b) = (str("a"), str("b"));
        assert_ne!(mix(mix(0, a), b), mix(mix(0, b), a));
        assert_eq!(mix(mix(0, a), b), mix(mix(0, a), b));
        assert_ne!(str("ab"), str("ba"));
    }
}
