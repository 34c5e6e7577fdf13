use super::{Balancer, Endpoint, PickContext, hash_bytes};

/// IPVS `sh`: the endpoint is a function of the client address, so a client keeps its
/// endpoint while the set does not change.
#[derive(Clone, Debug, Default)]
pub struct SourceHash;

impl SourceHash {
    /// A source-hashing balancer.
    pub fn new() -> SourceHash {
        SourceHash
    }
}

impl Balancer for SourceHash {
    fn name(&self) -> String {
        "source-hash (ipvs sh)".to_owned()
    }

    fn pick(&mut self, candidates: &[Endpoint], ctx: &PickContext) -> usize {
        (hash_bytes(&ctx.client.octets()) % candidates.len().max(1) as u64) as usize
    }
}
