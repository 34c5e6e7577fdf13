use super::{Balancer, Endpoint, PickContext, hash_bytes, mix};

/// IPVS `mh`'s default lookup table size (a prime).
pub const DEFAULT_TABLE_SIZE: usize = 65_537;

/// Maglev consistent hashing on the request key: when one of n endpoints goes away, only
/// about 1/n of keys move. The lookup table is rebuilt when the endpoint set changes.
#[derive(Clone, Debug)]
pub struct Maglev {
    size: usize,
    table: Vec<u32>,
    /// The endpoint set the table was built for, in candidate order.
    built_for: Vec<(std::net::Ipv4Addr, u16)>,
}

impl Default for Maglev {
    fn default() -> Self {
        Maglev::new()
    }
}

impl Maglev {
    /// A Maglev balancer with IPVS's table size (65537).
    pub fn new() -> Maglev {
        Maglev::with_table_size(DEFAULT_TABLE_SIZE)
    }

    /// A Maglev balancer with a table of `size` slots (use a prime well above the number
    /// of endpoints; at least 2).
    pub fn with_table_size(size: usize) -> Maglev {
        Maglev {
            size: size.max(2),
            table: Vec::new(),
            built_for: Vec::new(),
        }
    }

    /// Builds the lookup table for `endpoints` (the Maglev paper's population loop:
    /// each backend in turn claims its next preferred free slot).
    // `table` has `size` = `m` slots and every slot index is taken `% m`; `next` has one entry
    // per endpoint, indexed by the endpoint's position.
    #[allow(clippy::indexing_slicing)]
    pub fn build(&mut self, endpoints: &[Endpoint]) {
        self.built_for = endpoints.iter().map(|e| (e.ip, e.port)).collect();
        let m = self.size as u64;
        self.table.clear();
        self.table.resize(self.size, u32::MAX);
        if endpoints.is_empty() {
            return;
        }
        let perms: Vec<(u64, u64)> = endpoints
            .iter()
            .map(|e| {
                let h = hash_bytes(format!("{}:{}", e.ip, e.port).as_bytes());
                let offset = h % m;
                let skip = mix(h ^ 0x5bd1_e995) % (m - 1) + 1;
                (offset, skip)
            })
            .collect();
        let mut next = vec![0u64; endpoints.len()];
        let mut filled = 0usize;
        while filled < self.size {
            for (i, (offset, skip)) in perms.iter().enumerate() {
                let mut c = (offset + next[i] * skip) % m;
                while self.table[c as usize] != u32::MAX {
                    next[i] += 1;
                    c = (offset + next[i] * skip) % m;
                }
                self.table[c as usize] = i as u32;
                next[i] += 1;
                filled += 1;
                if filled == self.size {
                    break;
                }
            }
        }
    }

    fn stale(&self, candidates: &[Endpoint]) -> bool {
        self.built_for.len() != candidates.len()
            || self
                .built_for
                .iter()
                .zip(candidates)
                .any(|(b, c)| b.0 != c.ip || b.1 != c.port)
    }
}

impl Balancer for Maglev {
    fn name(&self) -> String {
        "maglev (ipvs mh)".to_owned()
    }

    fn pick(&mut self, candidates: &[Endpoint], ctx: &PickContext) -> usize {
        if self.stale(candidates) {
            self.build(candidates);
        }
        let slot = (ctx.key % self.size as u64) as usize;
        self.table.get(slot).map_or(0, |i| *i as usize)
    }
}
