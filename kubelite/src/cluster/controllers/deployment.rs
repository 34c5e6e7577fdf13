//! The Deployment controller: one ReplicaSet per pod template (`<name>-<pod-template-hash>`),
//! rolled out with the RollingUpdate or Recreate strategy, old ReplicaSets kept per
//! `revisionHistoryLimit`, and status as upstream reports it.

use crate::api::deployment::{Deployment, DeploymentCondition};
use crate::api::{IntOrString, Kind, Object, ReplicaSet};
use crate::cluster::naming;
use crate::cluster::server;
use crate::cluster::state::State;
use crate::cluster::store::ObjectKey;
use crate::meta::{ObjectMeta, OwnerReference, Time};

const REVISION: &str = "deployment.kubernetes.io/revision";
const DESIRED: &str = "deployment.kubernetes.io/desired-replicas";
const MAX_REPLICAS: &str = "deployment.kubernetes.io/max-replicas";
/// The label carrying the template hash on ReplicaSets and pods.
pub(crate) const POD_TEMPLATE_HASH: &str = "pod-template-hash";

pub(crate) fn sync(state: &mut State, namespace: &str, name: &str) {
    let key = ObjectKey::new(Kind::Deployment, namespace, name);
    let Some(Object::Deployment(d)) = state.get(&key) else {
        return;
    };
    if d.metadata.deletion_timestamp.is_some() {
        return;
    }
    let uid = d.metadata.uid.clone().unwrap_or_default();
    let desired = d.spec.replicas.unwrap_or(1).max(0);
    // Steady state: the current ReplicaSet has every replica and no other one has any, so
    // only the status can need an update (the common case on pod readiness changes).
    let stamp = (d.metadata.generation.unwrap_or(0), d.status.collision_count);
    if let Some((cached, hash)) = state.template_hashes.get(&uid)
        && *cached == stamp
        && !d.spec.paused.unwrap_or(false)
        && steady(
            state,
            &uid,
            hash,
            desired,
            d.spec.revision_history_limit.unwrap_or(10),
        )
    {
        let hash = hash.clone();
        update_status(state, &key, &uid, &hash);
        return;
    }
    let d = (**d).clone();

    let mut owned: Vec<ReplicaSet> = owned_replica_sets(state, &uid);
    let hash = cached_template_hash(state, &d, &uid);
    let paused = d.spec.paused.unwrap_or(false);
    let max_revision = owned.iter().map(revision).max().unwrap_or(0);

    let new_index = owned
        .iter()
        .position(|rs| rs.metadata.labels.get(POD_TEMPLATE_HASH) == Some(hash.as_str()));
    let new_index = match new_index {
        Some(i) => {
            // A template that went back to an older one makes that ReplicaSet current again.
            if let Some(rs) = owned.get_mut(i)
                && revision(rs) < max_revision
                && !paused
            {
                rs.metadata
                    .annotations
                    .insert(REVISION.into(), (max_revision + 1).to_string());
                state.put(Object::from(rs.clone()));
                if let Some(Object::ReplicaSet(stored)) = state.get(&ObjectKey::new(
                    Kind::ReplicaSet,
                    rs.metadata.namespace(),
                    rs.metadata.name(),
                )) {
                    *rs = (**stored).clone();
                }
            }
            Some(i)
        }
        None if paused => None,
        None => {
            // Created empty; the strategy below scales it within its limits.
            let initial = 0;
            let rs = new_replica_set(&d, &uid, &hash, initial, max_revision + 1);
            match server::create_internal(state, Object::from(rs)) {
                Ok(key) => match state.get(&key) {
                    Some(Object::ReplicaSet(rs)) => {
                        owned.push((**rs).clone());
                        Some(owned.len() - 1)
                    }
                    _ => None,
                },
                Err(_) => None,
            }
        }
    };

    if !paused && let Some(i) = new_index {
        if is_recreate(&d) {
            recreate(state, &d, &owned, i, desired);
        } else {
            rolling(state, &d, &owned, i, desired);
        }
        cleanup(state, &d, &uid, &hash);
    }
    update_status(state, &key, &uid, &hash);
}

/// Whether the ReplicaSet with `hash` holds all `desired` replicas and every other one none,
/// with no history to trim.
fn steady(state: &State, uid: &str, hash: &str, desired: i32, history_limit: i32) -> bool {
    let mut current_revision = None;
    let mut newest_other = 0;
    let mut others = 0;
    for k in state.index.owned_iter(uid, Kind::ReplicaSet) {
        let Some(Object::ReplicaSet(rs)) = state.get(k) else {
            return false;
        };
        if rs.metadata.labels.get(POD_TEMPLATE_HASH) == Some(hash) {
            if replicas(rs) != desired {
                return false;
            }
            current_revision = Some(revision(rs));
        } else {
            if replicas(rs) != 0 {
                return false;
            }
            others += 1;
            newest_other = newest_other.max(revision(rs));
        }
    }
    // The current ReplicaSet must also be the newest revision (else it is re-stamped), and
    // the history must be within its limit (else it is trimmed).
    current_revision.is_some_and(|r| r > newest_other) && others <= history_limit.max(0)
}

fn owned_replica_sets(state: &State, uid: &str) -> Vec<ReplicaSet> {
    state
        .index
        .owned(uid, Kind::ReplicaSet)
        .iter()
        .filter_map(|k| match state.get(k) {
            Some(Object::ReplicaSet(rs)) => Some((**rs).clone()),
            _ => None,
        })
        .collect()
}

fn revision(rs: &ReplicaSet) -> i64 {
    rs.metadata
        .annotations
        .get(REVISION)
        .and_then(|r| r.parse().ok())
        .unwrap_or(0)
}

fn is_recreate(d: &Deployment) -> bool {
    d.spec.strategy.type_.as_deref() == Some("Recreate")
}

/// The template hash, computed once per generation and collision count.
fn cached_template_hash(state: &mut State, d: &Deployment, uid: &str) -> String {
    let stamp = (d.metadata.generation.unwrap_or(0), d.status.collision_count);
    if let Some((cached_stamp, hash)) = state.template_hashes.get(uid)
        && *cached_stamp == stamp
    {
        return hash.clone();
    }
    let hash = template_hash(d);
    state
        .template_hashes
        .insert(uid.to_owned(), (stamp, hash.clone()));
    hash
}

/// The template hash: FNV-1a over the template's canonical JSON, mixed with the collision
/// count (see [`naming::template_hash`]).
pub(crate) fn template_hash(d: &Deployment) -> String {
    let mut template = d.spec.template.clone();
    template.metadata.labels.remove(POD_TEMPLATE_HASH);
    let dump = serde_json::to_vec(&template).unwrap_or_default();
    naming::template_hash(&dump, d.status.collision_count)
}

fn new_replica_set(
    d: &Deployment,
    uid: &str,
    hash: &str,
    replicas: i32,
    revision: i64,
) -> ReplicaSet {
    let mut template = d.spec.template.clone();
    template.metadata.labels.insert(POD_TEMPLATE_HASH, hash);
    let mut selector = d.spec.selector.clone().unwrap_or_default();
    selector.match_labels.insert(POD_TEMPLATE_HASH, hash);
    let mut rs = ReplicaSet::default();
    let desired = d.spec.replicas.unwrap_or(1).max(0);
    rs.metadata = ObjectMeta {
        name: Some(format!("{}-{hash}", d.metadata.name())),
        namespace: d.metadata.namespace.clone(),
        labels: template.metadata.labels.clone(),
        owner_references: vec![OwnerReference::controller(
            "apps/v1",
            "Deployment",
            d.metadata.name(),
            uid,
        )],
        ..ObjectMeta::default()
    };
    rs.metadata
        .annotations
        .insert(REVISION.into(), revision.to_string());
    rs.metadata
        .annotations
        .insert(DESIRED.into(), desired.to_string());
    rs.metadata.annotations.insert(
        MAX_REPLICAS.into(),
        (desired + max_surge(d, desired)).to_string(),
    );
    rs.spec.replicas = Some(replicas);
    rs.spec.min_ready_seconds = d.spec.min_ready_seconds;
    rs.spec.selector = Some(selector);
    rs.spec.template = template;
    rs
}

fn resolve_percent(value: Option<&IntOrString>, total: i32, round_up: bool) -> i32 {
    match value {
        None => 0,
        Some(IntOrString::Int(i)) => (*i).max(0),
        Some(IntOrString::String(s)) => {
            let pct: i64 = s.trim_end_matches('%').parse().unwrap_or(0);
            let scaled = pct * i64::from(total);
            let v = if round_up {
                (scaled + 99) / 100
            } else {
                scaled / 100
            };
            i32::try_from(v.max(0)).unwrap_or(i32::MAX)
        }
    }
}

fn max_surge(d: &Deployment, desired: i32) -> i32 {
    let ru = d.spec.strategy.rolling_update.as_ref();
    let surge = resolve_percent(ru.and_then(|r| r.max_surge.as_ref()), desired, true);
    let unavailable = resolve_percent(ru.and_then(|r| r.max_unavailable.as_ref()), desired, false);
    if surge == 0 && unavailable == 0 {
        0
    } else {
        surge
    }
}

fn max_unavailable(d: &Deployment, desired: i32) -> i32 {
    let ru = d.spec.strategy.rolling_update.as_ref();
    let surge = resolve_percent(ru.and_then(|r| r.max_surge.as_ref()), desired, true);
    let unavailable = resolve_percent(ru.and_then(|r| r.max_unavailable.as_ref()), desired, false);
    if surge == 0 && unavailable == 0 {
        1
    } else {
        unavailable.min(desired)
    }
}

fn replicas(rs: &ReplicaSet) -> i32 {
    rs.spec.replicas.unwrap_or(0)
}

fn available(rs: &ReplicaSet) -> i32 {
    rs.status.available_replicas.unwrap_or(0)
}

fn scale(state: &mut State, rs: &ReplicaSet, to: i32, d: &Deployment) {
    let desired = d.spec.replicas.unwrap_or(1).max(0);
    let replicas = Some(to.max(0));
    let desired_text = desired.to_string();
    let max_text = (desired + max_surge(d, desired)).to_string();
    let key = ObjectKey::new(
        Kind::ReplicaSet,
        rs.metadata.namespace(),
        rs.metadata.name(),
    );
    // Changed in place: a copy of the ReplicaSet (its whole pod template) to write back, and
    // a deep comparison to find it unchanged, cost more than the rest of the step.
    state.modify(&key, |object| {
        let Object::ReplicaSet(stored) = object else {
            return false;
        };
        let annotations = &stored.metadata.annotations;
        let changed = stored.spec.replicas != replicas
            || annotations.get(DESIRED) != Some(&desired_text)
            || annotations.get(MAX_REPLICAS) != Some(&max_text);
        if changed {
            stored.spec.replicas = replicas;
            let annotations = &mut stored.metadata.annotations;
            annotations.insert(DESIRED.into(), desired_text);
            annotations.insert(MAX_REPLICAS.into(), max_text);
        }
        changed
    });
}

/// One step of a rolling update (upstream's `reconcileNewReplicaSet` then
/// `reconcileOldReplicaSets`); later steps run as the ReplicaSets report progress.
fn rolling(
    state: &mut State,
    d: &Deployment,
    owned: &[ReplicaSet],
    new_index: usize,
    desired: i32,
) {
    let Some(new_rs) = owned.get(new_index) else {
        return;
    };
    let olds: Vec<&ReplicaSet> = owned
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != new_index)
        .map(|(_, r)| r)
        .collect();
    let total: i32 = owned.iter().map(replicas).sum();
    let surge = max_surge(d, desired);
    let unavailable = max_unavailable(d, desired);

    // Scale up the new ReplicaSet within the surge.
    let new_replicas = replicas(new_rs);
    let olds_empty = olds.iter().all(|r| replicas(r) == 0);
    if new_replicas > desired {
        scale(state, new_rs, desired, d);
    } else if new_replicas < desired {
        let up = if olds_empty {
            desired - new_replicas
        } else {
            (desired + surge - total).max(0).min(desired - new_replicas)
        };
        if up > 0 {
            scale(state, new_rs, new_replicas + up, d);
        }
    }

    // Scale down old ReplicaSets while keeping the minimum available.
    let old_total: i32 = olds.iter().map(|r| replicas(r)).sum();
    if old_total == 0 {
        return;
    }
    let min_available = desired - unavailable;
    let new_unavailable = (replicas(new_rs) - available(new_rs)).max(0);
    let mut max_down = total - min_available - new_unavailable;
    if max_down <= 0 {
        return;
    }
    let mut olds_sorted: Vec<&ReplicaSet> = olds.clone();
    olds_sorted.sort_by_key(|r| (r.metadata.creation_timestamp, r.metadata.name().to_owned()));
    // First the old pods that are not available anyway.
    for rs in &olds_sorted {
        if max_down <= 0 {
            break;
        }
        let unhealthy = (replicas(rs) - available(rs)).max(0).min(max_down);
        if unhealthy > 0 {
            scale(state, rs, replicas(rs) - unhealthy, d);
            max_down -= unhealthy;
        }
    }
    // Then available old pods, oldest ReplicaSet first.
    let all_available: i32 = owned.iter().map(available).sum();
    let mut budget = (all_available - min_available).max(0).min(max_down);
    for rs in &olds_sorted {
        if budget <= 0 {
            break;
        }
        let current = match state.get(&ObjectKey::new(
            Kind::ReplicaSet,
            rs.metadata.namespace(),
            rs.metadata.name(),
        )) {
            Some(Object::ReplicaSet(r)) => (**r).clone(),
            _ => continue,
        };
        let down = replicas(&current).min(budget);
        if down > 0 {
            scale(state, &current, replicas(&current) - down, d);
            budget -= down;
        }
    }
}

/// Recreate: old ReplicaSets go to zero, and the new one scales up only when no old pod is
/// left running or terminating.
fn recreate(
    state: &mut State,
    d: &Deployment,
    owned: &[ReplicaSet],
    new_index: usize,
    desired: i32,
) {
    let mut old_pods = 0;
    for (i, rs) in owned.iter().enumerate() {
        if i == new_index {
            continue;
        }
        if replicas(rs) > 0 {
            scale(state, rs, 0, d);
        }
        let uid = rs.metadata.uid.clone().unwrap_or_default();
        old_pods += state.index.owned_iter(&uid, Kind::Pod).count();
    }
    if let Some(new_rs) = owned.get(new_index)
        && old_pods == 0
        && replicas(new_rs) != desired
    {
        scale(state, new_rs, desired, d);
    }
}

/// Deletes old, empty ReplicaSets beyond `revisionHistoryLimit` (oldest revisions first).
fn cleanup(state: &mut State, d: &Deployment, uid: &str, hash: &str) {
    let limit = d.spec.revision_history_limit.unwrap_or(10).max(0) as usize;
    // The common case, a handful of ReplicaSets, needs no copies.
    if state.index.owned_iter(uid, Kind::ReplicaSet).count() <= limit + 1 {
        return;
    }
    let mut olds: Vec<ReplicaSet> = owned_replica_sets(state, uid)
        .into_iter()
        .filter(|rs| rs.metadata.labels.get(POD_TEMPLATE_HASH) != Some(hash))
        .collect();
    if olds.len() <= limit {
        return;
    }
    olds.sort_by_key(revision);
    let excess = olds.len() - limit;
    for rs in olds.into_iter().take(excess) {
        let rs_uid = rs.metadata.uid.clone().unwrap_or_default();
        if replicas(&rs) == 0
            && rs.status.replicas == 0
            && state.index.owned_iter(&rs_uid, Kind::Pod).next().is_none()
        {
            state.remove(&ObjectKey::new(
                Kind::ReplicaSet,
                rs.metadata.namespace(),
                rs.metadata.name(),
            ));
        }
    }
}

fn set_condition(
    conditions: &mut Vec<DeploymentCondition>,
    type_: &str,
    status: bool,
    reason: &str,
    message: String,
    now: Time,
) {
    let status = if status { "True" } else { "False" };
    match conditions.iter_mut().find(|c| c.type_ == type_) {
        Some(c) => {
            if c.status != status {
                c.last_transition_time = Some(now);
            }
            if c.status != status || c.reason.as_deref() != Some(reason) {
                c.last_update_time = Some(now);
            }
            c.status = status.into();
            c.reason = Some(reason.into());
            c.message = Some(message);
        }
        None => conditions.push(DeploymentCondition {
            type_: type_.into(),
            status: status.into(),
            reason: Some(reason.into()),
            message: Some(message),
            last_transition_time: Some(now),
            last_update_time: Some(now),
        }),
    }
}

fn update_status(state: &mut State, key: &ObjectKey, uid: &str, hash: &str) {
    let Some(Object::Deployment(d)) = state.get(key) else {
        return;
    };
    let desired = d.spec.replicas.unwrap_or(1).max(0);
    let min_available = desired - max_unavailable(d, desired);
    let generation = d.metadata.generation;
    let (mut total, mut ready, mut avail, mut terminating) = (0, 0, 0, 0);
    let mut new_rs: Option<(String, i32, i32)> = None;
    for k in state.index.owned_iter(uid, Kind::ReplicaSet) {
        let Some(Object::ReplicaSet(r)) = state.get(k) else {
            continue;
        };
        total += r.status.replicas;
        ready += r.status.ready_replicas.unwrap_or(0);
        avail += available(r);
        terminating += r.status.terminating_replicas.unwrap_or(0);
        if r.metadata.labels.get(POD_TEMPLATE_HASH) == Some(hash) {
            new_rs = Some((
                r.metadata.name().to_owned(),
                r.status.replicas,
                available(r),
            ));
        }
    }
    let now = state.now();
    let is_available = avail >= min_available;
    let (rs_name, updated, new_available) = new_rs.unwrap_or_default();
    let complete =
        updated == desired && new_available == desired && total == desired && !rs_name.is_empty();
    let (reason, message) = if complete {
        (
            "NewReplicaSetAvailable",
            format!("ReplicaSet \"{rs_name}\" has successfully progressed."),
        )
    } else {
        (
            "ReplicaSetUpdated",
            format!("ReplicaSet \"{rs_name}\" is progressing."),
        )
    };
    state.modify_status(key, |object| {
        let Object::Deployment(d) = object else {
            return false;
        };
        let before = d.status.clone();
        let status = &mut d.status;
        status.observed_generation = generation;
        status.replicas = (total > 0).then_some(total);
        status.updated_replicas = (updated > 0).then_some(updated);
        status.ready_replicas = (ready > 0).then_some(ready);
        status.available_replicas = (avail > 0).then_some(avail);
        status.unavailable_replicas = (desired - avail > 0).then_some(desired - avail);
        status.terminating_replicas = (terminating > 0).then_some(terminating);
        set_condition(
            &mut status.conditions,
            "Available",
            is_available,
            if is_available {
                "MinimumReplicasAvailable"
            } else {
                "MinimumReplicasUnavailable"
            },
            if is_available {
                "Deployment has minimum availability.".into()
            } else {
                "Deployment does not have minimum availability.".into()
            },
            now,
        );
        set_condition(
            &mut status.conditions,
            "Progressing",
            true,
            reason,
            message,
            now,
        );
        // Available first, then Progressing, as the controller first writes them.
        status
            .conditions
            .sort_by_key(|c| if c.type_ == "Available" { 0 } else { 1 });
        d.status != before
    });
}
