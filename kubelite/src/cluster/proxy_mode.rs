//! How kube-proxy is configured: which dataplane it programs and, for IPVS, which
//! scheduler picks a backend. This is configuration data only; the balancers that
//! implement each mode live in [`crate::net`].

/// The proxy mode of the cluster's kube-proxy (`--proxy-mode`); it decides the default
/// load balancer of every Service.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProxyMode {
    /// `iptables` (the default): a uniformly random backend per connection.
    #[default]
    Iptables,
    /// `nftables`: like iptables, a uniformly random backend per connection.
    Nftables,
    /// `ipvs` with the given scheduler (`--ipvs-scheduler`).
    Ipvs(Scheduler),
}

/// An IPVS scheduler (`--ipvs-scheduler`), by its kernel name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Scheduler {
    /// `rr`: round robin (kube-proxy's default for IPVS).
    #[default]
    RoundRobin,
    /// `lc`: least connections.
    LeastConnection,
    /// `sh`: source hashing on the client address.
    SourceHashing,
    /// `mh`: Maglev hashing.
    MaglevHashing,
}

impl Scheduler {
    /// The scheduler's kernel name (`rr`, `lc`, `sh`, `mh`).
    pub fn as_str(self) -> &'static str {
        match self {
            Scheduler::RoundRobin => "rr",
            Scheduler::LeastConnection => "lc",
            Scheduler::SourceHashing => "sh",
            Scheduler::MaglevHashing => "mh",
        }
    }
}

impl std::fmt::Display for ProxyMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProxyMode::Iptables => f.write_str("iptables"),
            ProxyMode::Nftables => f.write_str("nftables"),
            ProxyMode::Ipvs(s) => write!(f, "ipvs ({})", s.as_str()),
        }
    }
}
