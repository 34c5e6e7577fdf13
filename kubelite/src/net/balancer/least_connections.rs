use super::{Balancer, Endpoint, EndpointCounts, PickContext, endpoint_key};

/// IPVS `lc`: the endpoint with the fewest open connections (ties: the first listed).
/// A connection counts from [`Balancer::pick`] until [`Balancer::release`].
#[derive(Clone, Debug, Default)]
pub struct LeastConnections {
    open: EndpointCounts,
}

impl LeastConnections {
    /// No connection open.
    pub fn new() -> LeastConnections {
        LeastConnections::default()
    }

    /// Open connections to `endpoint`.
    pub fn open_connections(&self, endpoint: &Endpoint) -> u32 {
        self.open.get(&endpoint_key(endpoint)).copied().unwrap_or(0)
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
            *self.open.entry(endpoint_key(e)).or_default() += 1;
        }
        best
    }

    fn release(&mut self, endpoint: &Endpoint) {
        if let Some(n) = self.open.get_mut(&endpoint_key(endpoint)) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                self.open.remove(&endpoint_key(endpoint));
            }
        }
    }
}
