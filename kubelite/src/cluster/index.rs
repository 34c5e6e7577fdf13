//! In-memory indexes kept current on every write, so a change touches only what it affects:
//! pods by label (per namespace), Services by the label pairs of their selectors, dependents
//! by owner UID, pods by IP, pods per node.

use std::collections::BTreeSet;

use crate::cluster::fast_hash::FastMap;
use crate::cluster::store::Store;
use std::net::Ipv4Addr;
use std::sync::Arc;

use super::policy_index::PolicyIndex;
use super::store::ObjectKey;
use crate::api::{Kind, Object};
use crate::labels::Labels;

/// Names (shared with the object keys) carrying one label value.
type Names = BTreeSet<Arc<str>>;

/// `namespace → label key → label value → names`.
#[derive(Clone, Debug, Default)]
pub(crate) struct LabelIndex {
    by_namespace: FastMap<String, FastMap<String, FastMap<String, Names>>>,
}

impl LabelIndex {
    fn add(&mut self, namespace: &str, labels: &Labels, name: &Arc<str>) {
        // Look up before inserting: keys, values and namespaces are allocated only the first
        // time they are seen.
        if !self.by_namespace.contains_key(namespace) {
            self.by_namespace
                .insert(namespace.to_owned(), FastMap::default());
        }
        let Some(ns) = self.by_namespace.get_mut(namespace) else {
            return;
        };
        for (k, v) in labels.iter() {
            if !ns.contains_key(k) {
                ns.insert(k.to_owned(), FastMap::default());
            }
            let Some(values) = ns.get_mut(k) else {
                continue;
            };
            match values.get_mut(v) {
                // One search: an equal name already there is kept as it is.
                Some(names) => {
                    names.insert(name.clone());
                }
                None => {
                    values.insert(v.to_owned(), BTreeSet::from([name.clone()]));
                }
            }
        }
    }

    fn remove(&mut self, namespace: &str, labels: &Labels, name: &str) {
        let Some(ns) = self.by_namespace.get_mut(namespace) else {
            return;
        };
        for (k, v) in labels.iter() {
            if let Some(values) = ns.get_mut(k) {
                if let Some(names) = values.get_mut(v) {
                    names.remove(name);
                    if names.is_empty() {
                        values.remove(v);
                    }
                }
                if values.is_empty() {
                    ns.remove(k);
                }
            }
        }
    }

    /// Names carrying `key=value` in `namespace`.
    pub(crate) fn with(
        &self,
        namespace: &str,
        key: &str,
        value: &str,
    ) -> Option<&BTreeSet<Arc<str>>> {
        self.by_namespace.get(namespace)?.get(key)?.get(value)
    }
}

/// All indexes of the cluster.
#[derive(Clone, Debug, Default)]
pub(crate) struct Index {
    /// Pods by their labels.
    pub(crate) pod_labels: LabelIndex,
    /// Services by the `key=value` pairs of their selectors (equality maps).
    pub(crate) service_selectors: LabelIndex,
    /// Objects by the UIDs of their owners.
    pub(crate) dependents: FastMap<String, BTreeSet<ObjectKey>>,
    /// Pods by IP.
    pub(crate) pod_ips: FastMap<Ipv4Addr, ObjectKey>,
    /// Services by every address they answer on: ClusterIP, externalIPs, LoadBalancer
    /// ingress IPs (the proxy's first lookup for a destination).
    pub(crate) service_ips: FastMap<Ipv4Addr, ObjectKey>,
    /// Services by NodePort.
    pub(crate) node_ports: FastMap<u16, ObjectKey>,
    /// How many namespaces have a Service of each name: a DNS miss asks whether the name
    /// exists elsewhere (for its hint) without scanning the namespaces.
    service_names: FastMap<Arc<str>, u32>,
    /// Each node's position in the node list.
    pub(crate) node_slots: FastMap<String, usize>,
    /// NetworkPolicies by namespace and the pods they select.
    pub(crate) policies: PolicyIndex,
    /// Number of pods bound to each node, by slot.
    pods_per_node: Vec<usize>,
    /// `(pods bound, slot)` for every node: the scheduler's least-loaded pick is the first.
    node_load: BTreeSet<(usize, usize)>,
}

fn service_selector(object: &Object) -> Option<&Labels> {
    match object {
        Object::Service(s) => s.spec.selector.as_ref().filter(|s| !s.is_empty()),
        _ => None,
    }
}

/// Every address a Service answers on (ClusterIPs, externalIPs, LoadBalancer ingress IPs).
fn service_addresses(svc: &crate::api::Service) -> impl Iterator<Item = Ipv4Addr> + '_ {
    let spec = &svc.spec;
    let ingress = svc
        .status
        .iter()
        .flat_map(|st| st.load_balancer.iter())
        .flat_map(|lb| lb.ingress.iter())
        .filter_map(|i| i.ip.as_deref());
    spec.cluster_ip
        .as_deref()
        .into_iter()
        .chain(spec.cluster_ips.iter().map(String::as_str))
        .chain(spec.external_ips.iter().map(String::as_str))
        .chain(ingress)
        .filter_map(|ip| ip.parse().ok())
}

fn service_node_ports(svc: &crate::api::Service) -> impl Iterator<Item = u16> + '_ {
    svc.spec
        .ports
        .iter()
        .filter_map(|p| p.node_port)
        .filter_map(|p| u16::try_from(p).ok())
}

impl Index {
    /// Indexes for a cluster with these nodes, in order.
    pub(crate) fn with_nodes<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut index = Index::default();
        for (slot, name) in names.into_iter().enumerate() {
            index.node_slots.insert(name.to_owned(), slot);
            index.pods_per_node.push(0);
            index.node_load.insert((0, slot));
        }
        index
    }

    /// The node with the fewest pods (ties: the first in node order).
    pub(crate) fn least_loaded_node(&self) -> Option<usize> {
        self.node_load.first().map(|(_, slot)| *slot)
    }

    fn change_load(&mut self, node: &str, up: bool) {
        let Some(&slot) = self.node_slots.get(node) else {
            return;
        };
        let Some(count) = self.pods_per_node.get_mut(slot) else {
            return;
        };
        self.node_load.remove(&(*count, slot));
        *count = if up {
            *count + 1
        } else {
            count.saturating_sub(1)
        };
        self.node_load.insert((*count, slot));
    }

    pub(crate) fn add(&mut self, key: &ObjectKey, object: &Object, store: &Store) {
        for owner in &object.meta().owner_references {
            match self.dependents.get_mut(&owner.uid) {
                // One search: an equal key already there is kept as it is.
                Some(set) => {
                    set.insert(key.clone());
                }
                None => {
                    self.dependents
                        .insert(owner.uid.clone(), BTreeSet::from([key.clone()]));
                }
            }
        }
        self.policies.add(&key.namespace, &key.name, object, store);
        match object {
            Object::Pod(pod) => {
                self.pod_labels
                    .add(&key.namespace, &pod.metadata.labels, &key.name);
                if let Some(ip) = pod.status.pod_ip.as_deref().and_then(|ip| ip.parse().ok()) {
                    self.pod_ips.insert(ip, key.clone());
                }
                if let Some(node) = pod.spec.node_name.as_deref() {
                    self.change_load(node, true);
                }
            }
            Object::Service(svc) => {
                *self.service_names.entry(key.name.clone()).or_default() += 1;
                if let Some(selector) = service_selector(object) {
                    self.service_selectors
                        .add(&key.namespace, selector, &key.name);
                }
                for ip in service_addresses(svc) {
                    self.service_ips.insert(ip, key.clone());
                }
                for port in service_node_ports(svc) {
                    self.node_ports.insert(port, key.clone());
                }
            }
            _ => {}
        }
    }

    pub(crate) fn remove(&mut self, key: &ObjectKey, object: &Object) {
        for owner in &object.meta().owner_references {
            if let Some(set) = self.dependents.get_mut(&owner.uid) {
                set.remove(key);
                if set.is_empty() {
                    self.dependents.remove(&owner.uid);
                }
            }
        }
        self.policies.remove(&key.namespace, &key.name, object);
        match object {
            Object::Pod(pod) => {
                self.pod_labels
                    .remove(&key.namespace, &pod.metadata.labels, &key.name);
                if let Some(ip) = pod
                    .status
                    .pod_ip
                    .as_deref()
                    .and_then(|ip| ip.parse::<Ipv4Addr>().ok())
                    && self.pod_ips.get(&ip) == Some(key)
                {
                    self.pod_ips.remove(&ip);
                }
                if let Some(node) = pod.spec.node_name.as_deref() {
                    self.change_load(node, false);
                }
            }
            Object::Service(svc) => {
                if let Some(count) = self.service_names.get_mut(&*key.name) {
                    *count = count.saturating_sub(1);
                    if *count == 0 {
                        self.service_names.remove(&*key.name);
                    }
                }
                if let Some(selector) = service_selector(object) {
                    self.service_selectors
                        .remove(&key.namespace, selector, &key.name);
                }
                for ip in service_addresses(svc) {
                    if self.service_ips.get(&ip) == Some(key) {
                        self.service_ips.remove(&ip);
                    }
                }
                for port in service_node_ports(svc) {
                    if self.node_ports.get(&port) == Some(key) {
                        self.node_ports.remove(&port);
                    }
                }
            }
            _ => {}
        }
    }

    /// Whether a Service of this name exists in any namespace.
    pub(crate) fn service_name_exists(&self, name: &str) -> bool {
        self.service_names.contains_key(name)
    }

    /// Moves a pod's entries for its IP and node from `old` to `new`.
    pub(crate) fn move_pod_network(
        &mut self,
        key: &ObjectKey,
        old: &(Option<Ipv4Addr>, Option<String>),
        new: &(Option<Ipv4Addr>, Option<String>),
    ) {
        if old.0 != new.0 {
            if let Some(ip) = old.0
                && self.pod_ips.get(&ip) == Some(key)
            {
                self.pod_ips.remove(&ip);
            }
            if let Some(ip) = new.0 {
                self.pod_ips.insert(ip, key.clone());
            }
        }
        if old.1 != new.1 {
            if let Some(node) = &old.1 {
                self.change_load(node, false);
            }
            if let Some(node) = &new.1 {
                self.change_load(node, true);
            }
        }
    }

    /// Keys of the objects of `kind` owned by `uid`, without copying them.
    pub(crate) fn owned_iter<'a>(
        &'a self,
        uid: &str,
        kind: Kind,
    ) -> impl Iterator<Item = &'a ObjectKey> + 'a {
        self.dependents
            .get(uid)
            .into_iter()
            .flat_map(move |set| set.iter().filter(move |k| k.kind == kind))
    }

    /// Keys of the objects of `kind` owned by `uid`.
    pub(crate) fn owned(&self, uid: &str, kind: Kind) -> Vec<ObjectKey> {
        self.dependents
            .get(uid)
            .map(|set| set.iter().filter(|k| k.kind == kind).cloned().collect())
            .unwrap_or_default()
    }

    /// Names of the pods in `namespace` whose labels include every pair of `selector` (an
    /// equality selector), found by intersecting from the rarest pair.
    pub(crate) fn pods_matching(&self, namespace: &str, selector: &Labels) -> Vec<Arc<str>> {
        let mut sets = Vec::with_capacity(selector.len());
        for (k, v) in selector.iter() {
            match self.pod_labels.with(namespace, k, v) {
                Some(set) => sets.push(set),
                None => return Vec::new(),
            }
        }
        sets.sort_by_key(|s| s.len());
        let Some((first, rest)) = sets.split_first() else {
            return Vec::new();
        };
        first
            .iter()
            .filter(|name| rest.iter().all(|s| s.contains(*name)))
            .cloned()
            .collect()
    }
}
