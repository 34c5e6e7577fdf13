//! Export: the objects the user declared, as manifests another cluster accepts.
//!
//! The design: the store remembers, for each object a user applied or created, the form it
//! was sent in ([`State::declared`]). Export starts from the live object — so later changes
//! (`scale`, `label`, `patch`, `set image`) are kept — and for every value the API server
//! allocates or manages (UID, resourceVersion, generation, timestamps, status, ClusterIP,
//! IP families, NodePorts, the scheduled node, the Deployment revision) puts back what the
//! user sent, or drops it when the user sent none. Defaults (`type: ClusterIP`, `protocol:
//! TCP`, ...) stay: any API server fills in the same, and they say what the object means.
//! Controller-made objects (ReplicaSets and Pods of Deployments, EndpointSlices) and
//! minikube's own objects were never declared, so they are not exported.

use serde_json::{Map, Value};

use super::state::State;
use crate::api::{Kind, Object};

/// Metadata the API server sets.
const SERVER_METADATA: &[&str] = &[
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "managedFields",
    "selfLink",
    "ownerReferences",
];

/// Annotations controllers write on objects users declare.
const SERVER_ANNOTATIONS: &[&str] = &["deployment.kubernetes.io/revision"];

/// A Service's allocated spec fields.
const SERVICE_ALLOCATED: &[&str] = &[
    "clusterIP",
    "clusterIPs",
    "ipFamilies",
    "ipFamilyPolicy",
    "healthCheckNodePort",
];

/// The order `kubectl apply -f` needs: namespaces before what lives in them, policies
/// before the pods they isolate, Services before the workloads that resolve them, owners
/// last (Helm's install order, for the kinds kubelite models).
fn apply_rank(kind: Kind) -> u8 {
    match kind {
        Kind::Namespace => 0,
        Kind::Node => 1,
        Kind::NetworkPolicy => 2,
        Kind::Service => 3,
        Kind::Endpoints => 4,
        Kind::EndpointSlice => 5,
        Kind::Pod => 6,
        Kind::ReplicaSet => 7,
        Kind::Deployment => 8,
        #[allow(unreachable_patterns)]
        _ => 9,
    }
}

/// The declared objects as they should be exported, in apply order.
pub(crate) fn export(state: &State) -> Vec<Object> {
    let mut keys: Vec<_> = state.declared.keys().collect();
    keys.sort_by_key(|k| (apply_rank(k.kind), &k.namespace, &k.name));
    keys.into_iter()
        .filter_map(|key| {
            let live = state.get(key)?;
            if live.meta().deletion_timestamp.is_some() {
                return None; // on its way out: not part of the cluster being described
            }
            let declared = state.declared.get(key)?;
            exported(live, declared)
        })
        .collect()
}

/// `live` with every allocated value replaced by the user's (or dropped).
fn exported(live: &Object, declared: &Object) -> Option<Object> {
    let mut value = serde_json::to_value(live).ok()?;
    let sent = serde_json::to_value(declared).ok()?;
    let Value::Object(object) = &mut value else {
        return None;
    };
    restore(object, &sent, "status");
    if let Some(Value::Object(meta)) = object.get_mut("metadata") {
        let sent_meta = sent.get("metadata").unwrap_or(&Value::Null);
        for field in SERVER_METADATA {
            restore(meta, sent_meta, field);
        }
        if let Some(Value::Object(annotations)) = meta.get_mut("annotations") {
            let sent_annotations = sent_meta.get("annotations").unwrap_or(&Value::Null);
            for key in SERVER_ANNOTATIONS {
                restore(annotations, sent_annotations, key);
            }
        }
        if meta.get("annotations").is_some_and(is_empty_object) {
            meta.remove("annotations");
        }
    }
    let sent_spec = sent.get("spec").unwrap_or(&Value::Null);
    if let Some(Value::Object(spec)) = object.get_mut("spec") {
        match live.kind_id() {
            Kind::Service => {
                for field in SERVICE_ALLOCATED {
                    restore(spec, sent_spec, field);
                }
                restore_node_ports(spec, sent_spec);
            }
            Kind::Pod => restore(spec, sent_spec, "nodeName"),
            _ => {}
        }
    }
    // The result decodes: only server-set fields were removed or set back to the user's.
    Object::from_json_value(value).ok().flatten()
}

fn is_empty_object(value: &Value) -> bool {
    value.as_object().is_some_and(Map::is_empty)
}

/// `to[field]` becomes `from[field]`, or goes when `from` has none.
fn restore(to: &mut Map<String, Value>, from: &Value, field: &str) {
    match from.get(field) {
        Some(v) => {
            to.insert(field.to_owned(), v.clone());
        }
        None => {
            to.shift_remove(field);
        }
    }
}

/// Each port's `nodePort` as the user sent it for the same port and protocol.
fn restore_node_ports(spec: &mut Map<String, Value>, sent_spec: &Value) {
    let sent_ports = sent_spec
        .get("ports")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let Some(Value::Array(ports)) = spec.get_mut("ports") else {
        return;
    };
    for port in ports.iter_mut() {
        let identity = port_identity(port);
        let sent = sent_ports.iter().find(|p| port_identity(p) == identity);
        if let Value::Object(port) = port {
            restore(port, sent.unwrap_or(&Value::Null), "nodePort");
        }
    }
}

/// `(port, protocol)`, protocol defaulting to TCP as the server does.
fn port_identity(port: &Value) -> (Option<i64>, String) {
    let number = port.get("port").and_then(Value::as_i64);
    let protocol = port
        .get("protocol")
        .and_then(Value::as_str)
        .unwrap_or("TCP")
        .to_owned();
    (number, protocol)
}
