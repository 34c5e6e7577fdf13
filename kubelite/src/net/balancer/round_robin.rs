use super::{Balancer, Endpoint, PickContext};

/// IPVS `rr`: each endpoint in turn.
#[derive(Clone, Debug, Default)]
pub struct RoundRobin {
    next: usize,
}

impl RoundRobin {
    /// Starts at the first endpoint.
    pub fn new() -> RoundRobin {
        RoundRobin::default()
    }
}

impl Balancer for RoundRobin {
    fn name(&self) -> String {
        "round-robin (ipvs rr)".to_owned()
    }

    fn pick(&mut self, candidates: &[Endpoint], _ctx: &PickContext) -> usize {
        let n = candidates.len().max(1);
        let i = self.next % n;
        self.next = (i + 1) % n;
        i
    }
}
