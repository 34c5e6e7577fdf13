use super::{Balancer, Endpoint, PickContext};
use crate::cluster::Rng;

/// A uniformly random endpoint per connection: what iptables' cascade of
/// `--probability 1/(N-i)` rules and nftables' `numgen random mod N` both amount to.
#[derive(Clone, Debug)]
pub struct Random {
    rng: Rng,
    label: &'static str,
}

impl Random {
    /// A random balancer with its own seeded stream.
    pub fn new(seed: u64) -> Random {
        Random {
            rng: Rng::new(seed),
            label: "random",
        }
    }

    pub(crate) fn labelled(mut self, label: &'static str) -> Random {
        self.label = label;
        self
    }
}

impl Balancer for Random {
    fn name(&self) -> String {
        self.label.to_owned()
    }

    fn pick(&mut self, candidates: &[Endpoint], _ctx: &PickContext) -> usize {
        self.rng.below(candidates.len() as u64) as usize
    }
}
