//! Which NetworkPolicies select which pods, kept current as pods, namespaces and policies
//! change (in the style of linkerd2's policy controller: per-namespace in-memory indexes
//! updated on every write), so judging a connection looks up the two pods' policies
//! instead of scanning every policy.
//!
//! A policy change re-tests the pods of its namespace; a pod change re-tests the policies
//! of its namespace. Only namespaces with a policy track their pods: in one without, no pod
//! is isolated, and a cluster without policies pays nothing per pod. Namespace labels are mirrored here for `namespaceSelector`s, which are
//! evaluated per connection (a namespace relabel changes no selection).

mod compiled;

use std::collections::BTreeMap;

use crate::cluster::fast_hash::FastMap;
use std::sync::Arc;

pub(crate) use compiled::{
    CompiledPeer, CompiledPolicy, CompiledPort, CompiledRule, NamespaceMatch, PortMatch,
};

use crate::api::namespace::LABEL_METADATA_NAME;
use crate::api::{Kind, Object};
use crate::cluster::store::Store;
use crate::labels::Labels;

/// The policies selecting one pod, by direction, in name order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Selected {
    labels: Labels,
    pub(crate) ingress: Vec<Arc<CompiledPolicy>>,
    pub(crate) egress: Vec<Arc<CompiledPolicy>>,
}

#[derive(Clone, Debug, Default)]
struct NamespaceEntry {
    policies: BTreeMap<Arc<str>, Arc<CompiledPolicy>>,
    pods: FastMap<Arc<str>, Selected>,
}

/// The NetworkPolicy index.
#[derive(Clone, Debug, Default)]
pub(crate) struct PolicyIndex {
    namespaces: FastMap<Arc<str>, NamespaceEntry>,
    namespace_labels: FastMap<Arc<str>, Labels>,
    policy_count: usize,
}

impl PolicyIndex {
    /// Indexes a stored object (pods, namespaces and policies; others are ignored).
    pub(crate) fn add(
        &mut self,
        namespace: &Arc<str>,
        name: &Arc<str>,
        object: &Object,
        store: &Store,
    ) {
        match object {
            Object::Pod(pod) => {
                let Some(entry) = self
                    .namespaces
                    .get_mut(namespace)
                    .filter(|e| !e.policies.is_empty())
                else {
                    return;
                };
                let mut selected = Selected {
                    labels: pod.metadata.labels.clone(),
                    ..Selected::default()
                };
                for policy in entry.policies.values() {
                    selected.attach(policy);
                }
                entry.pods.insert(name.clone(), selected);
            }
            Object::NetworkPolicy(policy) => {
                let compiled = Arc::new(CompiledPolicy::compile(policy));
                let entry = self.namespaces.entry(namespace.clone()).or_default();
                if entry.policies.is_empty() {
                    // The namespace's first policy: start tracking its pods.
                    entry.pods = store
                        .list(Kind::Pod, Some(namespace))
                        .filter_map(|(key, o)| match o {
                            Object::Pod(pod) => Some((
                                key.name.clone(),
                                Selected {
                                    labels: pod.metadata.labels.clone(),
                                    ..Selected::default()
                                },
                            )),
                            _ => None,
                        })
                        .collect();
                }
                for selected in entry.pods.values_mut() {
                    selected.attach(&compiled);
                }
                entry.policies.insert(name.clone(), compiled);
                self.policy_count += 1;
            }
            Object::Namespace(ns) => {
                let mut labels = ns.metadata.labels.clone();
                // The API server always sets it, whatever the request said.
                labels.insert(LABEL_METADATA_NAME, name.as_ref());
                self.namespace_labels.insert(name.clone(), labels);
            }
            _ => {}
        }
    }

    /// Removes a stored object's entries.
    pub(crate) fn remove(&mut self, namespace: &str, name: &str, object: &Object) {
        match object {
            Object::Pod(_) => {
                if let Some(entry) = self.namespaces.get_mut(namespace) {
                    entry.pods.remove(name);
                }
            }
            Object::NetworkPolicy(_) => {
                if let Some(entry) = self.namespaces.get_mut(namespace)
                    && entry.policies.remove(name).is_some()
                {
                    self.policy_count -= 1;
                    if entry.policies.is_empty() {
                        entry.pods = FastMap::default();
                    }
                    for selected in entry.pods.values_mut() {
                        selected.ingress.retain(|p| &*p.name != name);
                        selected.egress.retain(|p| &*p.name != name);
                    }
                }
            }
            Object::Namespace(_) => {
                self.namespace_labels.remove(name);
            }
            _ => {}
        }
    }

    /// The policies selecting a pod (`None` for a pod the index does not know).
    pub(crate) fn selecting(&self, namespace: &str, pod: &str) -> Option<&Selected> {
        self.namespaces.get(namespace)?.pods.get(pod)
    }

    /// A namespace's labels, `None` if no such Namespace object is stored.
    pub(crate) fn namespace_labels(&self, namespace: &str) -> Option<&Labels> {
        self.namespace_labels.get(namespace)
    }

    /// Whether any NetworkPolicy exists (none: every connection is allowed).
    pub(crate) fn is_empty(&self) -> bool {
        self.policy_count == 0
    }
}

impl Selected {
    /// Adds `policy` to the lists of the directions it isolates, if it selects the pod.
    fn attach(&mut self, policy: &Arc<CompiledPolicy>) {
        if !policy.pod_selector.matches(&self.labels) {
            return;
        }
        if policy.ingress.is_some() {
            insert_sorted(&mut self.ingress, policy);
        }
        if policy.egress.is_some() {
            insert_sorted(&mut self.egress, policy);
        }
    }
}

fn insert_sorted(list: &mut Vec<Arc<CompiledPolicy>>, policy: &Arc<CompiledPolicy>) {
    match list.binary_search_by(|p| p.name.cmp(&policy.name)) {
        Ok(i) => {
            if let Some(slot) = list.get_mut(i) {
                *slot = policy.clone();
            }
        }
        Err(i) => list.insert(i, policy.clone()),
    }
}
