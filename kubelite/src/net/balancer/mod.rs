//! Load balancers: given a Service's candidate endpoints and the request context, pick
//! one. kube-proxy's modes map onto the built-ins ([`for_mode`]); users implement
//! [`Balancer`] for their own.
//!
//! ```
//! use kubelite::net::balancer::{Balancer, Endpoint, PickContext, RoundRobin};
//! let eps = [Endpoint::new([10, 244, 0, 5], 8080), Endpoint::new([10, 244, 0, 6], 8080)];
//! let mut rr = RoundRobin::new();
//! let ctx = PickContext::new([10, 244, 0, 9]);
//! let picks: Vec<usize> = (0..4).map(|_| rr.pick(&eps, &ctx)).collect();
//! assert_eq!(picks, [0, 1, 0, 1]);
//! ```

mod least_connections;
mod maglev;
mod power_of_two;
mod random;
mod round_robin;
mod source_hash;

use std::fmt;
use std::net::Ipv4Addr;
use std::time::Duration;

pub use least_connections::LeastConnections;
pub use maglev::Maglev;
pub use power_of_two::PowerOfTwoChoices;
pub use random::Random;
pub use round_robin::RoundRobin;
pub use source_hash::SourceHash;

use crate::cluster::{ProxyMode, Scheduler};

/// One candidate backend: the address after DNAT and where it runs.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Endpoint {
    /// Pod IP.
    pub ip: Ipv4Addr,
    /// Target port.
    pub port: u16,
    /// The pod, `"namespace/name"`.
    pub pod: Option<String>,
    /// The node it runs on.
    pub node: Option<String>,
    /// The zone of that node.
    pub zone: Option<String>,
}

impl Endpoint {
    /// An endpoint at `ip:port`.
    pub fn new(ip: impl Into<Ipv4Addr>, port: u16) -> Endpoint {
        Endpoint {
            ip: ip.into(),
            port,
            pod: None,
            node: None,
            zone: None,
        }
    }

    /// Sets the pod.
    pub fn pod(mut self, pod: impl Into<String>) -> Endpoint {
        self.pod = Some(pod.into());
        self
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.ip, self.port)
    }
}

/// What a balancer may look at besides the candidates.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PickContext {
    /// The client's address (before any SNAT).
    pub client: Ipv4Addr,
    /// A hash of the request key (the request's key if set, else the client address).
    pub key: u64,
    /// Virtual time since the cluster started.
    pub now: Duration,
}

impl PickContext {
    /// A context for `client` whose key is the client address.
    pub fn new(client: impl Into<Ipv4Addr>) -> PickContext {
        let client = client.into();
        PickContext {
            client,
            key: hash_bytes(&client.octets()),
            now: Duration::ZERO,
        }
    }

    /// Sets the key from a string (e.g. a user id), hashed.
    pub fn with_key(mut self, key: &str) -> PickContext {
        self.key = hash_bytes(key.as_bytes());
        self
    }

    /// Sets the virtual time.
    pub fn at(mut self, now: Duration) -> PickContext {
        self.now = now;
        self
    }
}

/// FNV-1a followed by a SplitMix finaliser: stable across runs and platforms (unlike
/// `std`'s hasher), which determinism needs.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    mix(h)
}

pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Per-endpoint counters keyed by `ip:port` packed into a `u64`, hashed by one multiply
/// and shift instead of SipHash: balancers look them up on every pick, and the keys are not
/// attacker-chosen.
pub(crate) type EndpointCounts =
    std::collections::HashMap<u64, u32, std::hash::BuildHasherDefault<EndpointHasher>>;

/// The key of `endpoint` in [`EndpointCounts`].
pub(crate) fn endpoint_key(endpoint: &Endpoint) -> u64 {
    (u64::from(endpoint.ip.to_bits()) << 16) | u64::from(endpoint.port)
}

/// A hasher for one `u64` (Fibonacci hashing: the high bits of a multiply are well mixed).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct EndpointHasher(u64);

impl std::hash::Hasher for EndpointHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u64(&mut self, n: u64) {
        let h = (self.0 ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = h ^ (h >> 29);
    }
}

/// Picks one endpoint of a Service for each new connection. State (counters, tables,
/// random streams) lives in the balancer; one instance serves one Service.
///
/// `candidates` is never empty when the proxy calls [`Balancer::pick`]; an index out of
/// range is wrapped around rather than trusted.
pub trait Balancer: Send + fmt::Debug {
    /// A short name for traces (`round-robin`).
    fn name(&self) -> String;

    /// The index in `candidates` of the endpoint for this connection.
    fn pick(&mut self, candidates: &[Endpoint], ctx: &PickContext) -> usize;

    /// The connection to `endpoint` closed (for balancers counting open connections).
    fn release(&mut self, endpoint: &Endpoint) {
        let _ = endpoint;
    }
}

/// The balancer kube-proxy's mode implies, seeded.
pub fn for_mode(mode: ProxyMode, seed: u64) -> Box<dyn Balancer> {
    match mode {
        ProxyMode::Iptables => Box::new(Random::new(seed).labelled("random (iptables)")),
        ProxyMode::Nftables => Box::new(Random::new(seed).labelled("random (nftables)")),
        ProxyMode::Ipvs(Scheduler::RoundRobin) => Box::new(RoundRobin::new()),
        ProxyMode::Ipvs(Scheduler::LeastConnection) => Box::new(LeastConnections::new()),
        ProxyMode::Ipvs(Scheduler::SourceHashing) => Box::new(SourceHash::new()),
        ProxyMode::Ipvs(Scheduler::MaglevHashing) => Box::new(Maglev::new()),
        // A scheduler added later falls back to IPVS's default.
        #[allow(unreachable_patterns)]
        ProxyMode::Ipvs(_) | _ => Box::new(RoundRobin::new()),
    }
}
