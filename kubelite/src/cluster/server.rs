//! The API server's side of a write: defaulting, name generation, validation, admission
//! (allocation, scheduling), server-managed fields, and the controllers that run after.

use std::sync::Arc;
use std::time::Duration;

use super::admission;
use super::controllers;
use super::kubelet;
use super::naming;
use super::state::{State, Timer, Work};
use super::store::ObjectKey;
use crate::api::{Kind, Object};
use crate::error::ApiError;
use crate::validation::{FieldError, FieldPath, Invalid};

/// What an apply did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// The object did not exist and was created (`created`).
    Created,
    /// The object existed and changed (`configured`).
    Configured,
    /// The object existed and was already as asked (`unchanged`).
    Unchanged,
}

/// `created`, `configured` or `unchanged`, as kubectl reports an apply.
impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Outcome::Created => "created",
            Outcome::Configured => "configured",
            Outcome::Unchanged => "unchanged",
        })
    }
}

/// The result of an apply: the object as stored, and what happened.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Applied {
    /// The object as the cluster stores it now.
    pub object: Object,
    /// Created, configured or unchanged.
    pub outcome: Outcome,
}

/// Most steps controllers may take to settle after one request, so that a bug in a
/// controller loop ends in an error instead of a hang.
const MAX_SETTLE_STEPS: usize = 5_000_000;

fn invalid(object: &Object, causes: Vec<FieldError>) -> ApiError {
    ApiError::Invalid(Invalid::new(
        object.kind(),
        object.group(),
        object.meta().name(),
        causes,
    ))
}

fn namespace_key(ns: &str) -> ObjectKey {
    ObjectKey::new(Kind::Namespace, "", ns)
}

/// Fills in the name from `generateName`, retrying on the rare collision. Each candidate is
/// probed through borrowed parts: no key is built for a name that may be thrown away.
fn generate_name(state: &mut State, object: &mut Object) {
    let meta = object.meta();
    if meta.name.as_deref().is_some_and(|n| !n.is_empty()) {
        return;
    }
    let Some(base) = meta.generate_name.as_deref().filter(|g| !g.is_empty()) else {
        return;
    };
    let kind = object.kind_id();
    let namespace = meta.namespace();
    let mut found = None;
    for _ in 0..16 {
        let name = naming::generate_name(base, &mut state.rng);
        if state.store.get_parts(kind, namespace, &name).is_none() {
            found = Some(name);
            break;
        }
    }
    if let Some(name) = found {
        object.meta_mut().name = Some(name);
    }
}

/// Creates an object as a controller does: its template was validated already.
pub(crate) fn create_internal(
    state: &mut State,
    mut object: Object,
) -> Result<ObjectKey, ApiError> {
    generate_name(state, &mut object);
    let key = ObjectKey::of(&object);
    if state.store.contains(&key) {
        return Err(ApiError::AlreadyExists {
            kind: key.kind,
            name: key.name.to_string(),
        });
    }
    admission::admit_create(state, &mut object)?;
    let now = state.now();
    let uid = state.new_uid();
    let meta = object.meta_mut();
    meta.uid = Some(uid);
    meta.creation_timestamp = Some(now);
    meta.resource_version = None;
    meta.deletion_timestamp = None;
    if has_generation(key.kind) {
        meta.generation = Some(1);
    }
    state.insert_new(key.clone(), object);
    if key.kind == Kind::Pod {
        state.enqueue(Work::StartPod(key.namespace.clone(), key.name.clone()));
    }
    Ok(key)
}

fn has_generation(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Deployment | Kind::ReplicaSet | Kind::NetworkPolicy | Kind::Pod
    )
}

/// Prepares a user's object: namespace defaulted, API defaults applied, name generated.
/// Returns the form the user sent (with its namespace and name filled in, without
/// defaults): what export starts from.
fn prepare(state: &mut State, object: &mut Object) -> Object {
    if object.namespaced() && object.meta().namespace().is_empty() {
        object.meta_mut().namespace = Some("default".into());
    }
    if !object.namespaced() {
        // Cluster-scoped kinds ignore a namespace in the manifest, as kubectl does.
        object.meta_mut().namespace = None;
    }
    let mut sent = object.clone();
    object.apply_defaults();
    generate_name(state, object);
    sent.meta_mut().name = object.meta().name.clone();
    sent
}

/// Remembers what the user declared for `key`, once the write has succeeded.
fn declare(state: &mut State, key: ObjectKey, sent: Object) {
    state.declared.insert(key, Arc::new(sent));
}

fn check_namespace(state: &State, object: &Object) -> Result<(), ApiError> {
    if !object.namespaced() {
        return Ok(());
    }
    let ns = object.meta().namespace();
    match state.get(&namespace_key(ns)) {
        None => Err(ApiError::NotFound {
            kind: Kind::Namespace,
            name: ns.to_owned(),
        }),
        Some(n) if n.meta().deletion_timestamp.is_some() => Err(ApiError::Forbidden(format!(
            "{} {:?} is forbidden: unable to create new content in namespace {ns} because it is being terminated",
            object.kind_id().qualified_plural(),
            object.meta().name()
        ))),
        Some(_) => Ok(()),
    }
}

/// The object at `key` as stored now.
fn stored(state: &State, key: &ObjectKey) -> Result<Object, ApiError> {
    state.get(key).cloned().ok_or_else(|| ApiError::NotFound {
        kind: key.kind,
        name: key.name.to_string(),
    })
}

/// Creates a user's object (`kubectl create`).
pub(crate) fn create(state: &mut State, mut object: Object) -> Result<Object, ApiError> {
    let sent = prepare(state, &mut object);
    let key = create_user_object(state, object)?;
    settle(state)?;
    let created = stored(state, &key)?;
    declare(state, key, sent);
    Ok(created)
}

/// Validates and creates a user's object. The health-check node port is allocated first,
/// as upstream's `BeginCreate` hook does before the strategy validates, and given back if
/// the create fails.
fn create_user_object(state: &mut State, mut object: Object) -> Result<ObjectKey, ApiError> {
    let reserved = admission::allocate_health_check_port(state, None, &mut object)?;
    let result = object
        .validate()
        .map_err(ApiError::from)
        .and_then(|()| check_namespace(state, &object))
        .and_then(|()| create_internal(state, object));
    if result.is_err()
        && let Some(port) = reserved
    {
        state.node_ports.release(port);
    }
    result
}

/// Creates or updates (`kubectl apply`).
pub(crate) fn apply(state: &mut State, mut object: Object) -> Result<Applied, ApiError> {
    let sent = prepare(state, &mut object);
    let key = ObjectKey::of(&object);
    if state.store.contains(&key) {
        let (object, changed) = update(state, object)?;
        let outcome = if changed {
            Outcome::Configured
        } else {
            Outcome::Unchanged
        };
        declare(state, key, sent);
        Ok(Applied { object, outcome })
    } else {
        let key = create_user_object(state, object)?;
        settle(state)?;
        let object = stored(state, &key)?;
        declare(state, key, sent);
        Ok(Applied {
            object,
            outcome: Outcome::Created,
        })
    }
}

/// Replaces an existing object (`kubectl replace`); a stale `resourceVersion` conflicts.
pub(crate) fn replace(state: &mut State, mut object: Object) -> Result<Object, ApiError> {
    // A replace (kubectl edit, patch, set image) changes the live object, which export
    // reads; what the user declared stays what was applied, as kubectl's last-applied.
    let _ = prepare(state, &mut object);
    let key = ObjectKey::of(&object);
    let Some(old) = state.get(&key) else {
        return Err(ApiError::NotFound {
            kind: key.kind,
            name: key.name.to_string(),
        });
    };
    if let Some(rv) = object.meta().resource_version.as_deref()
        && old.meta().resource_version.as_deref() != Some(rv)
    {
        return Err(ApiError::Conflict {
            kind: key.kind,
            name: key.name.to_string(),
            message: "the object has been modified; please apply your changes to the latest version and try again".into(),
        });
    }
    update(state, object).map(|(o, _)| o)
}

/// Updates an existing object: server-managed fields and status are kept, immutable fields
/// checked, the result validated; an identical result is not a write.
fn update(state: &mut State, mut object: Object) -> Result<(Object, bool), ApiError> {
    let key = ObjectKey::of(&object);
    let Some(old) = state.get(&key).cloned() else {
        return Err(ApiError::NotFound {
            kind: key.kind,
            name: key.name.to_string(),
        });
    };
    {
        let (old_meta, meta) = (old.meta().clone(), object.meta_mut());
        meta.uid = old_meta.uid;
        meta.creation_timestamp = old_meta.creation_timestamp;
        meta.deletion_timestamp = old_meta.deletion_timestamp;
        meta.deletion_grace_period_seconds = old_meta.deletion_grace_period_seconds;
        meta.generation = old_meta.generation;
        meta.resource_version = old_meta.resource_version;
        meta.generate_name = old_meta.generate_name.or(meta.generate_name.take());
        if meta.owner_references.is_empty() {
            meta.owner_references = old_meta.owner_references;
        }
    }
    admission::carry_over(&old, &mut object);
    // Allocated before validation as upstream's `BeginUpdate` does; given back on failure.
    let reserved = admission::allocate_health_check_port(state, Some(&old), &mut object)?;
    let mut causes = admission::immutable_fields(&old, &object);
    if let Err(e) = object.validate() {
        causes.extend(e.causes);
    }
    let admitted = if causes.is_empty() {
        admission::admit_update(state, &old, &mut object)
    } else {
        Err(invalid(&object, causes))
    };
    if let Err(e) = admitted {
        if let Some(port) = reserved {
            state.node_ports.release(port);
        }
        return Err(e);
    }
    if has_generation(key.kind) && admission::spec_changed(&old, &object) {
        let g = old.meta().generation.unwrap_or(0) + 1;
        object.meta_mut().generation = Some(g);
    }
    let changed = state.put(object);
    settle(state)?;
    Ok((stored(state, &key)?, changed))
}

/// Deletes an object: pods terminate gracefully (or at once with a grace of 0), a namespace
/// takes everything in it along, owners take their dependents.
pub(crate) fn delete(
    state: &mut State,
    key: &ObjectKey,
    grace: Option<i64>,
) -> Result<Object, ApiError> {
    let Some(object) = state.get(key).cloned() else {
        return Err(ApiError::NotFound {
            kind: key.kind,
            name: key.name.to_string(),
        });
    };
    let result = match key.kind {
        Kind::Pod => kubelet::terminate(state, key, grace).unwrap_or(object),
        Kind::Namespace => {
            if matches!(&*key.name, "default" | "kube-system" | "kube-public") {
                return Err(ApiError::Forbidden(format!(
                    "namespaces {:?} is forbidden: this namespace may not be deleted",
                    key.name
                )));
            }
            delete_namespace(state, &key.name);
            object
        }
        _ => state.remove(key).unwrap_or(object),
    };
    settle(state)?;
    Ok(result)
}

/// Removes a namespace and everything in it (pods at once: the namespace controller's
/// wait for graceful termination is not modelled).
fn delete_namespace(state: &mut State, namespace: &str) {
    let keys: Vec<ObjectKey> = Kind::ALL
        .iter()
        .filter(|k| k.namespaced())
        .flat_map(|k| {
            state
                .store
                .list(*k, Some(namespace))
                .map(|(key, _)| key.clone())
                .collect::<Vec<_>>()
        })
        .collect();
    for k in keys {
        state.remove(&k);
    }
    state.remove(&namespace_key(namespace));
}

/// Runs the controllers until nothing is left to do.
pub(crate) fn settle(state: &mut State) -> Result<(), ApiError> {
    let mut steps = 0;
    while let Some(work) = state.next_work() {
        steps += 1;
        if steps > MAX_SETTLE_STEPS {
            return Err(ApiError::Internal("controllers did not settle".into()));
        }
        match work {
            Work::Deployment(ns, name) => controllers::deployment::sync(state, &ns, &name),
            Work::ReplicaSet(ns, name) => controllers::replicaset::sync(state, &ns, &name),
            Work::Endpoints(ns, name) => controllers::endpoints::sync(state, &ns, &name),
            Work::PodEndpoints(ns, svc, pod) => {
                controllers::endpoints::sync_pod(state, &ns, &svc, &pod);
            }
            Work::StartPod(ns, name) => kubelet::start(state, &kubelet::pod_key(&ns, &name)),
            Work::Orphans(uid) => collect_orphans(state, &uid),
        }
    }
    Ok(())
}

/// The garbage collector: what the removed owner owned goes too (background propagation).
fn collect_orphans(state: &mut State, uid: &str) {
    let Some(dependents) = state.index.dependents.get(uid).cloned() else {
        return;
    };
    for key in dependents {
        match key.kind {
            Kind::Pod => {
                kubelet::terminate(state, &key, None);
            }
            _ => {
                state.remove(&key);
            }
        }
    }
}

/// Moves the virtual clock forward, firing what falls due on the way, in order.
pub(crate) fn advance(state: &mut State, by: Duration) -> Result<(), ApiError> {
    let target = state.clock.elapsed().saturating_add(by);
    while let Some((due, timer)) = state.pop_timer(target) {
        state.clock.set_elapsed(due);
        match timer {
            Timer::PodReady(key, uid) => {
                let same = state
                    .get(&key)
                    .is_some_and(|o| o.meta().uid.as_deref() == Some(uid.as_str()));
                if same && !state.ready_overrides.contains_key(&key) {
                    kubelet::set_ready(state, &key, true);
                }
            }
            Timer::PodGone(key, uid) => {
                let same = state.get(&key).is_some_and(|o| {
                    o.meta().uid.as_deref() == Some(uid.as_str())
                        && o.meta().deletion_timestamp.is_some()
                });
                if same {
                    state.remove(&key);
                }
            }
            Timer::Recheck(work) => state.enqueue(work),
        }
        settle(state)?;
    }
    state.clock.set_elapsed(target);
    Ok(())
}

/// `kubectl scale`: sets a Deployment's replicas.
pub(crate) fn scale(
    state: &mut State,
    namespace: &str,
    name: &str,
    replicas: u32,
) -> Result<Object, ApiError> {
    let key = ObjectKey::new(Kind::Deployment, namespace, name);
    let Some(Object::Deployment(d)) = state.get(&key) else {
        return Err(ApiError::NotFound {
            kind: Kind::Deployment,
            name: name.to_owned(),
        });
    };
    let mut d = (**d).clone();
    let Ok(replicas) = i32::try_from(replicas) else {
        return Err(ApiError::Invalid(Invalid::new(
            "Scale",
            "autoscaling",
            name,
            vec![FieldError::invalid(
                FieldPath::new("spec").child("replicas"),
                i64::from(replicas),
                "must be less than or equal to 2147483647",
            )],
        )));
    };
    d.spec.replicas = Some(replicas);
    update(state, Object::from(d)).map(|(o, _)| o)
}

/// Sets (`Some`) or removes (`None`) one label, as `kubectl label` does; only metadata
/// changes, so it skips full re-validation of the spec and checks the label itself.
pub(crate) fn set_label(
    state: &mut State,
    key: &ObjectKey,
    label: &str,
    value: Option<&str>,
) -> Result<Object, ApiError> {
    let Some(current) = state.get(key) else {
        return Err(ApiError::NotFound {
            kind: key.kind,
            name: key.name.to_string(),
        });
    };
    if let Some(v) = value {
        let mut one = crate::labels::Labels::new();
        one.insert(label, v);
        let errs =
            crate::validation::validate_labels(&one, &FieldPath::new("metadata").child("labels"));
        if !errs.is_empty() {
            return Err(invalid(current, errs));
        }
    }
    state.modify(key, |object| {
        let labels = &mut object.meta_mut().labels;
        match value {
            Some(v) => labels.insert(label, v).as_deref() != Some(v),
            None => labels.remove(label).is_some(),
        }
    });
    settle(state)?;
    stored(state, key)
}
