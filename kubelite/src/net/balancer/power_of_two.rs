use super::{Balancer, Endpoint, EndpointCounts, PickContext, endpoint_key};
use crate::cluster::Rng;

/// Power of two choices: two distinct random endpoints, the one with fewer open
/// connections wins (ties: the first drawn).
#[derive(Clone, Debug)]
pub struct PowerOfTwoChoices {
    rng: Rng,
    open: EndpointCounts,
}

impl PowerOfTwoChoices {
    /// A balancer with its own seeded stream.
    pub fn new(seed: u64) -> PowerOfTwoChoices {
        PowerOfTwoChoices {
            rng: Rng::new(seed),
            open: EndpointCounts::default(),
        }
    }

    fn load(&self, e: &Endpoint) -> u32 {
        self.open.get(&endpoint_key(e)).copied().unwrap_or(0)
    }
}

impl Balancer for PowerOfTwoChoices {
    fn name(&self) -> String {
        "power-of-two-choices".to_owned()
    }

    fn pick(&mut self, candidates: &[Endpoint], _ctx: &PickContext) -> usize {
        let n = candidates.len() as u64;
        if n < 2 {
            return 0;
        }
        let a = self.rng.below(n) as usize;
        let mut b = self.rng.below(n - 1) as usize;
        if b >= a {
            b += 1;
        }
        let chosen = match (candidates.get(a), candidates.get(b)) {
            (Some(x), Some(y)) if self.load(y) < self.load(x) => b,
            _ => a,
        };
        if let Some(e) = candidates.get(chosen) {
            *self.open.entry(endpoint_key(e)).or_default() += 1;
        }
        chosen
    }

    fn release(&mut self, endpoint: &Endpoint) {
        if let Some(c) = self.open.get_mut(&endpoint_key(endpoint)) {
            *c = c.saturating_sub(1);
        }
    }
}
