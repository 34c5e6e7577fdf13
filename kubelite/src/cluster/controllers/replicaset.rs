//! The ReplicaSet controller: keeps `spec.replicas` active pods from the template, deletes
//! the extra ones in upstream's victim order, and reports status.

use std::cmp::Ordering;
use std::collections::HashMap;

use crate::api::{Kind, Object, Pod, ReplicaSet, Resource};
use crate::cluster::kubelet;
use crate::cluster::naming;
use crate::cluster::server;
use crate::cluster::state::{State, Timer, Work};
use crate::cluster::store::ObjectKey;
use crate::meta::{ObjectMeta, OwnerReference};

pub(crate) fn sync(state: &mut State, namespace: &str, name: &str) {
    let key = ObjectKey::new(Kind::ReplicaSet, namespace, name);
    let Some(Object::ReplicaSet(rs)) = state.get(&key) else {
        return;
    };
    if rs.metadata.deletion_timestamp.is_some() {
        return;
    }
    let uid = rs.metadata.uid.clone().unwrap_or_default();
    let desired = rs.spec.replicas.unwrap_or(1).max(0);
    // One pass over the pods answers both "how many are active" and the status; only when
    // pods are created or deleted is a second pass needed.
    let mut stats = Stats::scan(state, rs, &uid);
    if stats.replicas < desired {
        let pod = pod_from_template(rs, &uid);
        // The last pod takes the template itself: one copy fewer per batch.
        for _ in stats.replicas + 1..desired {
            // A failure here (e.g. a name collision) is retried on the next sync.
            let _ = server::create_internal(state, Object::from(pod.clone()));
        }
        let _ = server::create_internal(state, Object::from(pod));
        stats = rescan(state, &key, &uid).unwrap_or(stats);
    } else if stats.replicas > desired {
        let mut victims: Vec<&Pod> = state
            .index
            .owned_iter(&uid, Kind::Pod)
            .filter_map(|k| match state.get(k) {
                Some(Object::Pod(p)) if kubelet::is_active(p) => Some(&**p),
                _ => None,
            })
            .collect();
        let colocated = colocation(&victims);
        victims.sort_by(|a, b| victim_order(a, b, &colocated));
        let doomed: Vec<ObjectKey> = victims
            .iter()
            .take((stats.replicas - desired) as usize)
            .map(|p| kubelet::pod_key(namespace, p.metadata.name()))
            .collect();
        for k in doomed {
            kubelet::terminate(state, &k, None);
        }
        stats = rescan(state, &key, &uid).unwrap_or(stats);
    }
    write_status(state, &key, &stats);
}

fn rescan(state: &State, key: &ObjectKey, uid: &str) -> Option<Stats> {
    match state.get(key) {
        Some(Object::ReplicaSet(rs)) => Some(Stats::scan(state, rs, uid)),
        _ => None,
    }
}

/// A pod for `rs`: the template's labels and spec, a generated name, and a controller
/// reference to the ReplicaSet, defaulted as the API server defaults every created Pod.
fn pod_from_template(rs: &ReplicaSet, uid: &str) -> Pod {
    let template = &rs.spec.template;
    let mut pod = Pod {
        metadata: ObjectMeta {
            generate_name: Some(naming::pods_prefix(rs.metadata.name())),
            namespace: rs.metadata.namespace.clone(),
            labels: template.metadata.labels.clone(),
            annotations: template.metadata.annotations.clone(),
            owner_references: vec![OwnerReference::controller(
                "apps/v1",
                "ReplicaSet",
                rs.metadata.name(),
                uid,
            )],
            ..ObjectMeta::default()
        },
        spec: template.spec.clone(),
        ..Pod::default()
    };
    // Pod-only defaults (`enableServiceLinks`, ...) that a template does not carry.
    pod.apply_defaults();
    pod
}

fn colocation(pods: &[&Pod]) -> HashMap<String, usize> {
    let mut per_node = HashMap::new();
    for p in pods {
        if let Some(node) = &p.spec.node_name {
            *per_node.entry(node.clone()).or_insert(0) += 1;
        }
    }
    per_node
}

fn phase_rank(pod: &Pod) -> u8 {
    match pod.status.phase.as_deref() {
        Some("Pending") => 0,
        Some("Unknown") => 1,
        Some("Running") => 2,
        _ => 3,
    }
}

fn deletion_cost(pod: &Pod) -> i64 {
    pod.metadata
        .annotations
        .get("controller.kubernetes.io/pod-deletion-cost")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Upstream's `ActivePodsWithRanks` order: the pod to delete first sorts first.
fn victim_order(a: &Pod, b: &Pod, colocated: &HashMap<String, usize>) -> Ordering {
    let unscheduled = |p: &Pod| p.spec.node_name.is_none();
    let on_node = |p: &Pod| {
        p.spec
            .node_name
            .as_ref()
            .and_then(|n| colocated.get(n))
            .copied()
            .unwrap_or(0)
    };
    unscheduled(b)
        .cmp(&unscheduled(a))
        .then_with(|| phase_rank(a).cmp(&phase_rank(b)))
        .then_with(|| kubelet::is_ready(a).cmp(&kubelet::is_ready(b)))
        .then_with(|| deletion_cost(a).cmp(&deletion_cost(b)))
        .then_with(|| on_node(b).cmp(&on_node(a)))
        // Ready for a shorter time first: the later transition sorts first.
        .then_with(|| kubelet::ready_since(b).cmp(&kubelet::ready_since(a)))
        // Newer pods first.
        .then_with(|| {
            b.metadata
                .creation_timestamp
                .cmp(&a.metadata.creation_timestamp)
        })
        .then_with(|| b.metadata.name().cmp(a.metadata.name()))
}

/// What a ReplicaSet's status reports, counted over its pods.
struct Stats {
    replicas: i32,
    fully_labeled: i32,
    ready: i32,
    available: i32,
    terminating: i32,
    /// Seconds until a ready pod becomes available (`minReadySeconds`), if any is waiting.
    next_check: Option<i64>,
}

impl Stats {
    fn scan(state: &State, rs: &ReplicaSet, uid: &str) -> Stats {
        let now = state.now().unix_seconds();
        let min_ready = i64::from(rs.spec.min_ready_seconds.unwrap_or(0).max(0));
        let template_labels = &rs.spec.template.metadata.labels;
        let mut stats = Stats {
            replicas: 0,
            fully_labeled: 0,
            ready: 0,
            available: 0,
            terminating: 0,
            next_check: None,
        };
        for k in state.index.owned_iter(uid, Kind::Pod) {
            let Some(Object::Pod(p)) = state.get(k) else {
                continue;
            };
            if !kubelet::is_active(p) {
                if p.metadata.deletion_timestamp.is_some() {
                    stats.terminating += 1;
                }
                continue;
            }
            stats.replicas += 1;
            if template_labels
                .iter()
                .all(|(k, v)| p.metadata.labels.get(k) == Some(v))
            {
                stats.fully_labeled += 1;
            }
            if kubelet::is_ready(p) {
                stats.ready += 1;
                let since = kubelet::ready_since(p).map_or(0, |t| t.unix_seconds());
                if min_ready == 0 || now - since >= min_ready {
                    stats.available += 1;
                } else {
                    let wait = min_ready - (now - since);
                    stats.next_check = Some(stats.next_check.map_or(wait, |n| n.min(wait)));
                }
            }
        }
        stats
    }
}

fn write_status(state: &mut State, key: &ObjectKey, stats: &Stats) {
    state.modify_status(key, |object| {
        let Object::ReplicaSet(rs) = object else {
            return false;
        };
        let generation = rs.metadata.generation;
        let status = &mut rs.status;
        let before = status.clone();
        status.replicas = stats.replicas;
        status.fully_labeled_replicas = Some(stats.fully_labeled);
        status.ready_replicas = Some(stats.ready);
        status.available_replicas = Some(stats.available);
        status.terminating_replicas = (stats.terminating > 0).then_some(stats.terminating);
        status.observed_generation = generation;
        *status != before
    });
    if let Some(wait) = stats.next_check {
        let (ns, name) = (key.namespace.clone(), key.name.clone());
        state.schedule(
            std::time::Duration::from_secs(wait.max(1) as u64),
            Timer::Recheck(Work::ReplicaSet(ns, name)),
        );
    }
}
