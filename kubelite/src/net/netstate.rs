//! The network layer's own state, next to the control plane's: balancers per Service,
//! session-affinity entries, container logs and the app registry.

use std::collections::HashMap;
use std::net::Ipv4Addr;
use std::time::Duration;

use super::apps::Registry;
use super::balancer::{self, Balancer, hash_bytes};
use super::dns_cache::DnsCache;
use super::endpoints::CandidateCache;
use crate::api::Kind;
use crate::cluster::ObjectKey;
use crate::cluster::ProxyMode;
use crate::cluster::fast_hash::FastMap;

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
    balancers: FastMap<ObjectKey, Box<dyn Balancer>>,
    pub(crate) affinity: FastMap<(ObjectKey, Ipv4Addr), Sticky>,
    pub(crate) logs: HashMap<String, PodLog>,
    pub(crate) dns: DnsCache,
    pub(crate) candidates: CandidateCache,
    seed: u64,
    mode: ProxyMode,
}

impl NetState {
    pub(crate) fn new(seed: u64, mode: ProxyMode) -> NetState {
        NetState {
            apps: Registry::with_builtins(),
            balancers: FastMap::default(),
            affinity: FastMap::default(),
            logs: HashMap::new(),
            dns: DnsCache::default(),
            candidates: CandidateCache::default(),
            seed,
            mode,
        }
    }

    /// The balancer of a Service, created from the proxy mode on first use with a seed
    /// derived from the cluster's seed and the Service (`ns/name`), so one Service's draws
    /// do not shift another's.
    pub(crate) fn balancer(&mut self, service: &ObjectKey) -> &mut Box<dyn Balancer> {
        let (seed, mode) = (self.seed, self.mode);
        // The key clone is two reference counts; it replaces a second lookup.
        self.balancers.entry(service.clone()).or_insert_with(|| {
            let name = format!("{}/{}", service.namespace, service.name);
            balancer::for_mode(mode, seed ^ hash_bytes(name.as_bytes()))
        })
    }

    /// Replaces the balancer of Service `ns/name`.
    pub(crate) fn set_balancer(&mut self, service: &str, balancer: Box<dyn Balancer>) {
        let (ns, name) = service.split_once('/').unwrap_or(("default", service));
        self.balancers
            .insert(ObjectKey::new(Kind::Service, ns, name), balancer);
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
