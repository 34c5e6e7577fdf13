//! The network layer's own state, next to the control plane's: balancers per Service,
//! session-affinity entries, container logs and the app registry.

use std::collections::HashMap;
use std::net::Ipv4Addr;
use std::time::Duration;

use super::apps::Registry;
use super::balancer::{self, Balancer, hash_bytes};
use super::dns_cache::DnsCache;
use crate::cluster::ProxyMode;

/// One pod's log: the lines its containers wrote, for the pod instance with this UID.
#[derive(Clone, Debug, Default)]
pub(crate) struct PodLog {
    pub(crate) uid: String,
    pub(crate) lines: Vec<String>,
}

/// A ClientIP affinity entry: where the client went and when it was last seen.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Sticky {
    pub(crate) ip: Ipv4Addr,
    pub(crate) port: u16,
    pub(crate) last_seen: Duration,
}

/// Everything the network layer keeps between requests.
#[derive(Debug)]
pub(crate) struct NetState {
    pub(crate) apps: Registry,
    balancers: HashMap<String, Box<dyn Balancer>>,
    pub(crate) affinity: HashMap<(String, Ipv4Addr), Sticky>,
    pub(crate) logs: HashMap<String, PodLog>,
    pub(crate) dns: DnsCache,
    seed: u64,
    mode: ProxyMode,
}

impl NetState {
    pub(crate) fn new(seed: u64, mode: ProxyMode) -> NetState {
        NetState {
            apps: Registry::with_builtins(),
            balancers: HashMap::new(),
            affinity: HashMap::new(),
            logs: HashMap::new(),
            dns: DnsCache::default(),
            seed,
            mode,
        }
    }

    /// The balancer of Service `ns/name`, created from the proxy mode on first use with a
    /// seed derived from the cluster's seed and the Service, so one Service's draws do not
    /// shift another's.
    pub(crate) fn balancer(&mut self, service: &str) -> &mut Box<dyn Balancer> {
        if !self.balancers.contains_key(service) {
            let seed = self.seed ^ hash_bytes(service.as_bytes());
            self.balancers
                .insert(service.to_owned(), balancer::for_mode(self.mode, seed));
        }
        // Inserted just above when missing.
        #[allow(clippy::expect_used)]
        self.balancers.get_mut(service).expect("balancer inserted")
    }

    /// Replaces the balancer of Service `ns/name`.
    pub(crate) fn set_balancer(&mut self, service: &str, balancer: Box<dyn Balancer>) {
        self.balancers.insert(service.to_owned(), balancer);
    }

    /// Appends lines to a pod's log, starting afresh for a new pod of the same name.
    pub(crate) fn append_log(&mut self, pod: &str, uid: &str, lines: Vec<String>) {
        if lines.is_empty() {
            return;
        }
        let log = self.logs.entry(pod.to_owned()).or_default();
        if log.uid != uid {
            log.uid = uid.to_owned();
            log.lines.clear();
        }
        log.lines.extend(lines);
    }
}
