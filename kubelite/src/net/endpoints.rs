//! A Service's endpoints as kube-proxy and CoreDNS read them: from its EndpointSlices.

use std::sync::Arc;

use super::balancer::Endpoint as Balanced;
use crate::api::endpointslice::{Endpoint, EndpointSlice, LABEL_SERVICE_NAME};
use crate::api::{Kind, Object, Service};
use crate::cluster::ObjectKey;
use crate::cluster::cidr::parse_ipv4;
use crate::cluster::fast_hash::FastMap;
use crate::cluster::naming;
use crate::cluster::state::State;

/// The EndpointSlices of Service `namespace/service`. The controller names them
/// `<service>-<suffix>`, so this is a range scan of that prefix, not of the namespace.
pub(crate) fn slices<'a>(
    state: &'a State,
    namespace: &'a str,
    service: &'a str,
    prefix: &'a str,
) -> impl Iterator<Item = &'a EndpointSlice> + 'a {
    state
        .store
        .with_prefix(Kind::EndpointSlice, namespace, prefix)
        .filter_map(|(_, o)| match o {
            Object::EndpointSlice(s) => Some(&**s),
            _ => None,
        })
        .filter(move |s| s.metadata.labels.get(LABEL_SERVICE_NAME) == Some(service))
}

/// The number of the port named `port_name` (`""` for an unnamed one) in a slice.
pub(crate) fn slice_port(slice: &EndpointSlice, port_name: &str) -> Option<u16> {
    slice
        .ports
        .iter()
        .find(|p| p.name.as_deref().unwrap_or("") == port_name)
        .and_then(|p| p.port)
        .and_then(|p| u16::try_from(p).ok())
}

/// The name prefix of a Service's slices.
pub(crate) fn slice_prefix(service: &str) -> String {
    naming::pods_prefix(service)
}

/// Every endpoint of a Service, with the slice it came from.
pub(crate) fn each<'a>(
    state: &'a State,
    namespace: &'a str,
    service: &'a str,
    prefix: &'a str,
) -> impl Iterator<Item = (&'a EndpointSlice, &'a Endpoint)> + 'a {
    slices(state, namespace, service, prefix).flat_map(|s| s.endpoints.iter().map(move |e| (s, e)))
}

/// The DNS name of an endpoint: its hostname, else its dashed IP (`10-244-0-5`).
pub(crate) fn dns_label(endpoint: &Endpoint) -> Option<String> {
    if let Some(h) = &endpoint.hostname {
        return Some(h.clone());
    }
    endpoint.addresses.first().map(|a| a.replace('.', "-"))
}

/// The endpoints of one Service port as kube-proxy programs them: the ready ones, and the
/// serving-terminating ones it falls back to when none is ready.
#[derive(Debug)]
pub(crate) struct Candidates {
    pub(crate) ready: Arc<[Balanced]>,
    pub(crate) fallback: Arc<[Balanced]>,
}

/// Candidate sets by Service and port name, kept until the cluster's next write (as
/// kube-proxy's rules stay until the next sync): a request then reads the shared set instead
/// of copying every endpoint out of the EndpointSlices.
#[derive(Debug, Default)]
pub(crate) struct CandidateCache {
    revision: Option<u64>,
    by_service: FastMap<ObjectKey, Vec<(String, Arc<Candidates>)>>,
}

impl CandidateCache {
    /// The candidates of port `port_name` of Service `key`.
    pub(crate) fn get(
        &mut self,
        state: &State,
        key: &ObjectKey,
        svc: &Service,
        port_name: &str,
    ) -> Arc<Candidates> {
        let revision = state.revision();
        if self.revision != Some(revision) {
            self.by_service.clear();
            self.revision = Some(revision);
        }
        if let Some((_, hit)) = self.by_service.get(key).and_then(|ports| {
            ports
                .iter()
                .find(|(p, _)| p.len() == port_name.len() && (p.is_empty() || p == port_name))
        }) {
            return hit.clone();
        }
        let fresh = Arc::new(candidates(state, svc, port_name));
        self.by_service
            .entry(key.clone())
            .or_default()
            .push((port_name.to_owned(), fresh.clone()));
        fresh
    }
}

/// The endpoints of one Service port, read from its EndpointSlices.
fn candidates(state: &State, svc: &Service, port_name: &str) -> Candidates {
    let ns = svc.metadata.namespace();
    let name = svc.metadata.name();
    let prefix = slice_prefix(name);
    let mut ready = Vec::new();
    let mut fallback = Vec::new();
    for slice in slices(state, ns, name, &prefix) {
        let Some(port) = slice_port(slice, port_name) else {
            continue;
        };
        for e in &slice.endpoints {
            let Some(ip) = e.addresses.first().and_then(|a| parse_ipv4(a)) else {
                continue;
            };
            let endpoint = Balanced {
                ip,
                port,
                pod: e
                    .target_ref
                    .as_ref()
                    .and_then(|r| r.name.as_deref())
                    .map(|n| format!("{ns}/{n}")),
                node: e.node_name.clone(),
                zone: e.zone.clone(),
            };
            if e.is_ready() {
                ready.push(endpoint);
            } else if e.is_serving() && e.is_terminating() {
                fallback.push(endpoint);
            }
        }
    }
    Candidates {
        ready: ready.into(),
        fallback: fallback.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Cluster;
    use crate::api::{Deployment, Pod};

    fn ips(set: &[Balanced]) -> Vec<String> {
        set.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn endpoint_sets_follow_every_write() {
        let cluster = Cluster::new();
        let d = Deployment::builder("web")
            .image("nginx")
            .port(80)
            .replicas(2);
        cluster
            .apply(d.build().expect("deployment"))
            .expect("apply");
        let svc = Service::builder("web").selector("app", "web").port(80);
        cluster.apply(svc.build().expect("service")).expect("apply");
        cluster.advance(std::time::Duration::from_secs(10));
        let key = ObjectKey::new(Kind::Service, "default", "web");
        let mut cache = CandidateCache::default();
        let get = |cache: &mut CandidateCache| {
            let state = cluster.read();
            let Some(Object::Service(svc)) = state.get(&key) else {
                panic!("service web");
            };
            let fresh = candidates(&state, svc, "");
            let cached = cache.get(&state, &key, svc, "");
            assert_eq!(ips(&cached.ready), ips(&fresh.ready));
            assert_eq!(ips(&cached.fallback), ips(&fresh.fallback));
            cached
        };
        let first = get(&mut cache);
        assert_eq!(first.ready.len(), 2);
        assert!(
            Arc::ptr_eq(&first, &get(&mut cache)),
            "no write: the same set"
        );
        let pods = cluster
            .list::<Pod>(Some("default"), "app=web")
            .expect("pods");
        let victim = format!("default/{}", pods[0].metadata.name());
        cluster.set_pod_ready(&victim, false).expect("not ready");
        let after = get(&mut cache);
        assert_eq!(after.ready.len(), 1, "the unready pod left the set");
        cluster.scale("default", "web", 0).expect("scale");
        assert!(get(&mut cache).ready.is_empty());
    }
}
