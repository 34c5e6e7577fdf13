//! A fast, fixed hasher for the runtime's in-memory indexes (the Fx hash of rustc). Keys are
//! the cluster's own names and addresses, not attacker-chosen input, so SipHash's flooding
//! resistance buys nothing here, while hashing is a visible share of a 150,000-pod build.
//! Being unseeded, it also makes iteration order the same on every run.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` with [`FxHasher`].
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
/// A `HashSet` with [`FxHasher`].
pub(crate) type FastSet<T> = HashSet<T, BuildHasherDefault<FxHasher>>;

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// rustc's Fx hash: rotate, xor, multiply, one machine word at a time.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct FxHasher {
    hash: u64,
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            if let Some(w) = word.get_mut(..rest.len()) {
                w.copy_from_slice(rest);
            }
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 56));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u16(&mut self, i: u16) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    /// The state rotated, as rustc-hash 2 does: the last multiply leaves the low bits of a
    /// one-word key (an IPv4 address, a port) depending only on its own low bits, and the
    /// table picks buckets from the low bits. Pod IPs differ mostly in their high bytes
    /// (one /24 per node), so without the rotation 150,000 of them crowd into a few
    /// thousand buckets and every insert probes hundreds of groups.
    #[inline]
    fn finish(&self) -> u64 {
        self.hash.rotate_left(26)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, Hash};

    fn hash<T: Hash>(t: &T) -> u64 {
        BuildHasherDefault::<FxHasher>::default().hash_one(t)
    }

    #[test]
    fn equal_keys_hash_alike_and_near_keys_differ() {
        assert_eq!(hash(&"app-1"), hash(&String::from("app-1")));
        assert_ne!(hash(&"app-1"), hash(&"app-2"));
        assert_ne!(hash(&"abcdefgh1"), hash(&"abcdefgh2"));
        assert_ne!(hash(&"a"), hash(&"a\0"));
    }

    #[test]
    fn addresses_that_differ_in_high_bytes_spread() {
        // One /24 per node, 30 pods each: the low bits must still tell them apart.
        let mut buckets = std::collections::HashSet::new();
        for node in 0..64u32 {
            for offset in 2..32u32 {
                let ip = std::net::Ipv4Addr::from(0x0a00_0000 | (node << 8) | offset);
                buckets.insert(hash(&ip) & 0x7ff);
            }
        }
        // 1,920 addresses into 2,048 buckets: most get one of their own.
        assert!(buckets.len() > 1_000, "{} buckets", buckets.len());
    }

    #[test]
    fn a_map_works() {
        let mut m: FastMap<String, usize> = FastMap::default();
        for i in 0..1000 {
            m.insert(format!("pod-{i}"), i);
        }
        assert_eq!(m.len(), 1000);
        assert_eq!(m.get("pod-512"), Some(&512));
    }
}
