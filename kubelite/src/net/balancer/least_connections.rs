use std::collections::HashMap;

use super::{Balancer, Endpoint, PickContext};

/// IPVS `lc`: the endpoint with the fewest open connections (ties: the first listed).
/// A connection counts from [`Balancer::pick`] until [`Balancer::release`].
#[derive(Clone, Debug, Default)]
pub struct LeastConnections {
    open: HashMap<(std::net::Ipv4Addr, u16), u32>,
}

impl LeastConnections {
    /// No connection open.
    pub fn new() -> LeastConnections {
        LeastConnections::default()
    }

    /// Open connections to `endpoint`.
    pub fn open_connections(&self, endpoint: &Endpoint) -> u32 {
        self.open
            .get(&(endpoint.ip, endpoint.port))
            .copied()
            .unwrap_or(0)
    }
}

impl Balancer for LeastConnections {
    fn name(&self) -> String {
        "least-connections (ipvs lc)".to_owned()
    }

    fn pick(&mut self, candidates: &[Endpoint], _ctx: &PickContext) -> usize {
        let best = candidates
            .iter()
            .enumerate()
            .min_by_key(|(i, e)| (self.open_connections(e), *i))
            .map_or(0, |(i, _)| i);
        if let Some(e) = candidates.get(best) {
            *self.open.entry((e.ip, e.port)).or_default() += 1;
        }
        best
    }

    fn release(&mut self, endpoint: &Endpoint) {
        if let Some(n) = self.open.get_mut(&(endpoint.ip, endpoint.port)) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                self.open.remove(&(endpoint.ip, endpoint.port));
            }
        }
    }
}
