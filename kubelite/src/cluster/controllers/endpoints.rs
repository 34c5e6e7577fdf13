//! The EndpointSlice and Endpoints controllers: a Service with a selector gets the matching
//! pods of its namespace (those with an IP that have not finished) as endpoints, with
//! ready/serving/terminating conditions, named target ports resolved per pod, and at most
//! `max_endpoints_per_slice` endpoints per slice. Selector-less Services are left alone.

use std::collections::BTreeMap;

use crate::api::endpoints::ObjectReference;
use crate::api::endpoints::{EndpointAddress, EndpointPort as LegacyPort, EndpointSubset};
use crate::api::endpointslice::{
    CONTROLLER_NAME, Endpoint, EndpointConditions, EndpointPort, LABEL_MANAGED_BY,
    LABEL_SERVICE_NAME,
};
use crate::api::{EndpointSlice, Endpoints, IntOrString, Kind, Object, Pod, Service};
use crate::cluster::kubelet;
use crate::cluster::naming;
use crate::cluster::server;
use crate::cluster::state::State;
use crate::cluster::store::ObjectKey;
use crate::meta::{ObjectMeta, OwnerReference};

/// Label on the slices of headless Services.
const LABEL_HEADLESS: &str = "service.kubernetes.io/headless";

/// One service port as resolved for a pod: (name, port, protocol).
type ResolvedPort = (String, i32, String);

struct PodEndpoint {
    ip: String,
    pod: String,
    uid: String,
    node: Option<String>,
    hostname: Option<String>,
    ready: bool,
    serving: bool,
    terminating: bool,
}

pub(crate) fn sync(state: &mut State, namespace: &str, name: &str) {
    let svc_key = ObjectKey::new(Kind::Service, namespace, name);
    let Some(Object::Service(svc)) = state.get(&svc_key) else {
        // Gone: its slices go with it (owner references); the legacy object goes here.
        state.remove(&ObjectKey::new(Kind::Endpoints, namespace, name));
        return;
    };
    let svc = (**svc).clone();
    let Some(selector) = svc.spec.selector.clone().filter(|s| !s.is_empty()) else {
        return;
    };
    if svc.spec.type_.as_deref() == Some("ExternalName") {
        return;
    }
    let publish_not_ready = svc.spec.publish_not_ready_addresses.unwrap_or(false);

    let mut groups: BTreeMap<Vec<ResolvedPort>, Vec<PodEndpoint>> = BTreeMap::new();
    let mut names = state.index.pods_matching(namespace, &selector);
    names.sort();
    for pod_name in names {
        let Some(Object::Pod(pod)) = state.get_parts(Kind::Pod, namespace, &pod_name) else {
            continue;
        };
        let Some(ip) = pod.status.pod_ip.clone() else {
            continue;
        };
        if matches!(pod.status.phase.as_deref(), Some("Succeeded" | "Failed")) {
            continue;
        }
        let serving = kubelet::is_ready(pod);
        let terminating = pod.metadata.deletion_timestamp.is_some();
        let hostname = pod
            .spec
            .hostname
            .clone()
            .filter(|_| pod.spec.subdomain.as_deref() == Some(svc.metadata.name()));
        let ports = resolve_ports(&svc, pod);
        groups.entry(ports).or_default().push(PodEndpoint {
            ip,
            pod: pod_name.to_string(),
            uid: pod.metadata.uid.clone().unwrap_or_default(),
            node: pod.spec.node_name.clone(),
            hostname,
            ready: publish_not_ready || (serving && !terminating),
            serving,
            terminating,
        });
    }
    sync_slices(state, &svc, &groups);
    sync_legacy(state, &svc, &groups, publish_not_ready);
}

/// One pod's endpoint as the Service should list it, or `None` if it should not be listed.
struct Wanted {
    ip: String,
    uid: String,
    node: Option<String>,
    zone: Option<String>,
    hostname: Option<String>,
    ports: Vec<ResolvedPort>,
    ready: bool,
    serving: bool,
    terminating: bool,
}

fn wanted(
    state: &State,
    svc: &Service,
    selector: &crate::labels::Labels,
    namespace: &str,
    pod_name: &str,
) -> Option<Wanted> {
    let Some(Object::Pod(pod)) = state.get_parts(Kind::Pod, namespace, pod_name) else {
        return None;
    };
    if !selector
        .iter()
        .all(|(k, v)| pod.metadata.labels.get(k) == Some(v))
    {
        return None;
    }
    let ip = pod.status.pod_ip.clone()?;
    if matches!(pod.status.phase.as_deref(), Some("Succeeded" | "Failed")) {
        return None;
    }
    let serving = kubelet::is_ready(pod);
    let terminating = pod.metadata.deletion_timestamp.is_some();
    let publish_not_ready = svc.spec.publish_not_ready_addresses.unwrap_or(false);
    let node = pod.spec.node_name.clone();
    Some(Wanted {
        ip,
        uid: pod.metadata.uid.clone().unwrap_or_default(),
        zone: node
            .as_deref()
            .and_then(|n| state.node(n))
            .and_then(|n| n.zone.clone()),
        node,
        hostname: pod
            .spec
            .hostname
            .clone()
            .filter(|_| pod.spec.subdomain.as_deref() == Some(svc.metadata.name())),
        ports: resolve_ports(svc, pod),
        ready: publish_not_ready || (serving && !terminating),
        serving,
        terminating,
    })
}

/// Whether `e` already describes the wanted endpoint, but for its conditions.
fn same_endpoint(e: &Endpoint, w: &Wanted) -> bool {
    e.addresses.len() == 1
        && e.addresses.first().map(String::as_str) == Some(w.ip.as_str())
        && e.node_name == w.node
        && e.zone == w.zone
        && e.hostname == w.hostname
        && e.target_ref.as_ref().and_then(|r| r.uid.as_deref()) == Some(w.uid.as_str())
        && e.hints.is_none()
        && e.deprecated_topology.is_none()
}

fn target_name(e: &Endpoint) -> Option<&str> {
    e.target_ref.as_ref().and_then(|r| r.name.as_deref())
}

/// Updates one pod's entry in place when the Service has one managed slice and the change is
/// a simple one (conditions, or the pod joining or leaving with the slice's ports); anything
/// else recomputes the Service's endpoints in full. Either way the result is the same as a
/// full recomputation, which the model tests check after every step.
pub(crate) fn sync_pod(state: &mut State, namespace: &str, service: &str, pod_name: &str) {
    if state.is_endpoints_queued(namespace, service) {
        return;
    }
    if !patch_pod(state, namespace, service, pod_name) {
        sync(state, namespace, service);
    }
}

fn patch_pod(state: &mut State, namespace: &str, service: &str, pod_name: &str) -> bool {
    let Some(Object::Service(svc)) = state.get_parts(Kind::Service, namespace, service) else {
        return false;
    };
    let Some(selector) = svc.spec.selector.as_ref().filter(|s| !s.is_empty()) else {
        return true;
    };
    if svc.spec.type_.as_deref() == Some("ExternalName") {
        return true;
    }
    let uid = svc.metadata.uid.clone().unwrap_or_default();
    let publish_not_ready = svc.spec.publish_not_ready_addresses.unwrap_or(false);
    let want = wanted(state, svc, selector, namespace, pod_name);
    let slices: Vec<ObjectKey> = state
        .index
        .owned(&uid, Kind::EndpointSlice)
        .into_iter()
        .filter(|k| {
            state
                .get(k)
                .is_some_and(|o| o.meta().labels.get(LABEL_MANAGED_BY) == Some(CONTROLLER_NAME))
        })
        .collect();
    let [slice_key] = slices.as_slice() else {
        return false;
    };
    let max = state.config.max_endpoints_per_slice.max(1);
    // Check that a patch can express the change before changing anything.
    let Some(Object::EndpointSlice(slice)) = state.get(slice_key) else {
        return false;
    };
    let slice_ports: Vec<ResolvedPort> = slice
        .ports
        .iter()
        .map(|p| {
            (
                p.name.clone().unwrap_or_default(),
                p.port.unwrap_or_default(),
                p.protocol.clone().unwrap_or_default(),
            )
        })
        .collect();
    let position = slice
        .endpoints
        .iter()
        .position(|e| target_name(e) == Some(pod_name));
    match (&want, position) {
        (Some(w), _) if w.ports != slice_ports || slice.endpoints.is_empty() => return false,
        (Some(_), None) if slice.endpoints.len() >= max => return false,
        (None, Some(_)) if slice.endpoints.len() == 1 => return false,
        (None, None) => {
            return legacy_patch(state, namespace, service, pod_name, None, publish_not_ready);
        }
        _ => {}
    }
    let Some(Object::Endpoints(legacy)) = state.get_parts(Kind::Endpoints, namespace, service)
    else {
        return false;
    };
    if legacy.subsets.len() != 1 {
        return false;
    }
    // The common change, a pod's readiness: only the conditions differ, so they are set in
    // place without building a new endpoint.
    if let (Some(i), Some(w)) = (position, want.as_ref())
        && slice.endpoints.get(i).is_some_and(|e| same_endpoint(e, w))
    {
        let conditions = EndpointConditions {
            ready: Some(w.ready),
            serving: Some(w.serving),
            terminating: Some(w.terminating),
        };
        state.modify_status(slice_key, |object| {
            let Object::EndpointSlice(slice) = object else {
                return false;
            };
            match slice.endpoints.get_mut(i) {
                Some(e) if e.conditions.as_ref() != Some(&conditions) => {
                    e.conditions = Some(conditions);
                    true
                }
                _ => false,
            }
        });
        return legacy_patch(
            state,
            namespace,
            service,
            pod_name,
            want.as_ref(),
            publish_not_ready,
        );
    }
    let new_endpoint = want.as_ref().map(|w| Endpoint {
        addresses: vec![w.ip.clone()],
        conditions: Some(EndpointConditions {
            ready: Some(w.ready),
            serving: Some(w.serving),
            terminating: Some(w.terminating),
        }),
        hostname: w.hostname.clone(),
        node_name: w.node.clone(),
        zone: w.zone.clone(),
        target_ref: Some(pod_reference(namespace, pod_name, &w.uid)),
        ..Endpoint::default()
    });
    state.modify_status(slice_key, |object| {
        let Object::EndpointSlice(slice) = object else {
            return false;
        };
        match (position, new_endpoint) {
            (Some(i), Some(e)) => {
                if slice.endpoints.get(i) == Some(&e) {
                    return false;
                }
                if let Some(slot) = slice.endpoints.get_mut(i) {
                    *slot = e;
                }
            }
            (Some(i), None) => {
                slice.endpoints.remove(i);
            }
            (None, Some(e)) => {
                let at = slice
                    .endpoints
                    .partition_point(|x| target_name(x).is_some_and(|n| n < pod_name));
                slice.endpoints.insert(at, e);
            }
            (None, None) => return false,
        }
        true
    });
    legacy_patch(
        state,
        namespace,
        service,
        pod_name,
        want.as_ref(),
        publish_not_ready,
    )
}

/// The legacy Endpoints side of [`patch_pod`]: `false` asks for a full recomputation.
fn legacy_patch(
    state: &mut State,
    namespace: &str,
    service: &str,
    pod_name: &str,
    want: Option<&Wanted>,
    publish_not_ready: bool,
) -> bool {
    let key = ObjectKey::new(Kind::Endpoints, namespace, service);
    let Some(Object::Endpoints(legacy)) = state.get(&key) else {
        return want.is_none();
    };
    let listed = legacy.subsets.iter().any(|s| {
        s.addresses
            .iter()
            .chain(s.not_ready_addresses.iter())
            .any(|a| a.target_ref.as_ref().and_then(|r| r.name.as_deref()) == Some(pod_name))
    });
    let shown = want.filter(|w| !w.terminating || publish_not_ready);
    match (legacy.subsets.len(), shown) {
        (0, None) => return true,
        (1, _) => {}
        _ => return false,
    }
    if let (Some(w), Some(subset)) = (shown, legacy.subsets.first()) {
        let ports: Vec<ResolvedPort> = subset
            .ports
            .iter()
            .map(|p| {
                (
                    p.name.clone().unwrap_or_default(),
                    p.port,
                    p.protocol.clone().unwrap_or_default(),
                )
            })
            .collect();
        if ports != w.ports {
            return false;
        }
    }
    let remaining = legacy
        .subsets
        .first()
        .map_or(0, |s| s.addresses.len() + s.not_ready_addresses.len());
    if shown.is_none() && listed && remaining == 1 {
        return false;
    }
    // Readiness changes move the same address between the two lists.
    if let Some(w) = shown
        && let Some(subset) = legacy.subsets.first()
    {
        let find = |list: &[EndpointAddress]| {
            list.iter().position(|a| {
                a.target_ref.as_ref().and_then(|r| r.name.as_deref()) == Some(pod_name)
            })
        };
        let (here, there) = if w.ready {
            (&subset.addresses, &subset.not_ready_addresses)
        } else {
            (&subset.not_ready_addresses, &subset.addresses)
        };
        let same = |a: &EndpointAddress| {
            a.ip == w.ip
                && a.hostname == w.hostname
                && a.node_name == w.node
                && a.target_ref.as_ref().and_then(|r| r.uid.as_deref()) == Some(w.uid.as_str())
        };
        if find(here).and_then(|i| here.get(i)).is_some_and(same) {
            return true;
        }
        if let Some(i) = find(there)
            && there.get(i).is_some_and(same)
        {
            let ready = w.ready;
            state.modify_status(&key, |object| {
                let Object::Endpoints(legacy) = object else {
                    return false;
                };
                let Some(subset) = legacy.subsets.first_mut() else {
                    return false;
                };
                let (from, to) = if ready {
                    (&mut subset.not_ready_addresses, &mut subset.addresses)
                } else {
                    (&mut subset.addresses, &mut subset.not_ready_addresses)
                };
                if i >= from.len() {
                    return false;
                }
                let address = from.remove(i);
                let at = to.partition_point(|a| a.ip < address.ip);
                to.insert(at, address);
                true
            });
            return true;
        }
    }
    let address = shown.map(|w| {
        (
            w.ready,
            EndpointAddress {
                ip: w.ip.clone(),
                hostname: w.hostname.clone(),
                node_name: w.node.clone(),
                target_ref: Some(pod_reference(namespace, pod_name, &w.uid)),
            },
        )
    });
    state.modify_status(&key, |object| {
        let Object::Endpoints(legacy) = object else {
            return false;
        };
        let Some(subset) = legacy.subsets.first_mut() else {
            return false;
        };
        let is_pod = |a: &EndpointAddress| {
            a.target_ref.as_ref().and_then(|r| r.name.as_deref()) == Some(pod_name)
        };
        // Whether anything changed is worked out from what was taken out and where the
        // address goes back: comparing against a copy of the subset would copy every
        // address of the Service on each pod change.
        let mut taken: Vec<(bool, usize, EndpointAddress)> = Vec::new();
        for (list_ready, list) in [
            (true, &mut subset.addresses),
            (false, &mut subset.not_ready_addresses),
        ] {
            let mut i = 0;
            while i < list.len() {
                if list.get(i).is_some_and(is_pod) {
                    taken.push((list_ready, i, list.remove(i)));
                } else {
                    i += 1;
                }
            }
        }
        let Some((ready, address)) = address else {
            return !taken.is_empty();
        };
        let list = if ready {
            &mut subset.addresses
        } else {
            &mut subset.not_ready_addresses
        };
        let at = list.partition_point(|a| a.ip < address.ip);
        let unchanged = matches!(
            taken.as_slice(),
            [(was_ready, i, old)] if *was_ready == ready && *i == at && *old == address
        );
        list.insert(at, address);
        !unchanged
    });
    true
}

/// Each service port's target on this pod; a named target the pod does not declare (by
/// name and protocol) leaves the port out for this pod.
fn resolve_ports(svc: &Service, pod: &Pod) -> Vec<ResolvedPort> {
    let mut out = Vec::with_capacity(svc.spec.ports.len());
    for port in &svc.spec.ports {
        let protocol = port.protocol.clone().unwrap_or_else(|| "TCP".into());
        let number = match port.target_port.as_ref() {
            None => Some(port.port),
            Some(IntOrString::Int(0)) => Some(port.port),
            Some(IntOrString::Int(n)) => Some(*n),
            Some(IntOrString::String(target)) => pod
                .spec
                .containers
                .iter()
                .flat_map(|c| c.ports.iter())
                .find(|p| {
                    p.name.as_deref() == Some(target.as_str())
                        && p.protocol.as_deref().unwrap_or("TCP") == protocol
                })
                .map(|p| p.container_port),
        };
        if let Some(n) = number {
            out.push((port.name.clone().unwrap_or_default(), n, protocol));
        }
    }
    out
}

fn slice_labels(svc: &Service) -> crate::labels::Labels {
    let mut labels = svc.metadata.labels.clone();
    labels.remove(LABEL_SERVICE_NAME);
    labels.remove(LABEL_MANAGED_BY);
    labels.insert(LABEL_SERVICE_NAME, svc.metadata.name());
    labels.insert(LABEL_MANAGED_BY, CONTROLLER_NAME);
    if svc.spec.cluster_ip.as_deref() == Some("None") {
        labels.insert(LABEL_HEADLESS, "");
    }
    labels
}

fn sync_slices(
    state: &mut State,
    svc: &Service,
    groups: &BTreeMap<Vec<ResolvedPort>, Vec<PodEndpoint>>,
) {
    let namespace = svc.metadata.namespace().to_owned();
    let uid = svc.metadata.uid.clone().unwrap_or_default();
    let max = state.config.max_endpoints_per_slice.max(1);
    let mut existing: Vec<std::sync::Arc<str>> = state
        .index
        .owned(&uid, Kind::EndpointSlice)
        .into_iter()
        .filter(|k| {
            state
                .get(k)
                .is_some_and(|o| o.meta().labels.get(LABEL_MANAGED_BY) == Some(CONTROLLER_NAME))
        })
        .map(|k| k.name)
        .collect();
    existing.sort();
    let mut reuse = existing.into_iter();

    let mut wanted: Vec<(Vec<ResolvedPort>, &[PodEndpoint])> = Vec::new();
    for (ports, endpoints) in groups {
        for chunk in endpoints.chunks(max) {
            wanted.push((ports.clone(), chunk));
        }
    }
    if wanted.is_empty() {
        // No endpoints: one placeholder slice with neither endpoints nor ports.
        wanted.push((Vec::new(), &[]));
    }
    let placeholder = groups.is_empty();
    let labels = slice_labels(svc);
    for (ports, endpoints) in wanted {
        let mut slice = EndpointSlice {
            metadata: ObjectMeta {
                namespace: Some(namespace.clone()),
                labels: labels.clone(),
                owner_references: vec![OwnerReference::controller(
                    "v1",
                    "Service",
                    svc.metadata.name(),
                    &uid,
                )],
                ..ObjectMeta::default()
            },
            ..EndpointSlice::default()
        };
        slice.address_type = Some("IPv4".into());
        slice.endpoints = endpoints
            .iter()
            .map(|e| Endpoint {
                addresses: vec![e.ip.clone()],
                conditions: Some(EndpointConditions {
                    ready: Some(e.ready),
                    serving: Some(e.serving),
                    terminating: Some(e.terminating),
                }),
                hostname: e.hostname.clone(),
                node_name: e.node.clone(),
                zone: e
                    .node
                    .as_ref()
                    .and_then(|n| state.node(n).and_then(|n| n.zone.clone())),
                target_ref: Some(pod_reference(&namespace, &e.pod, &e.uid)),
                ..Endpoint::default()
            })
            .collect();
        if !placeholder {
            slice.ports = ports
                .iter()
                .map(|(name, port, protocol)| EndpointPort {
                    name: Some(name.clone()),
                    port: Some(*port),
                    protocol: Some(protocol.clone()),
                    app_protocol: None,
                })
                .collect();
        }
        match reuse.next() {
            Some(name) => {
                let key = ObjectKey::new(Kind::EndpointSlice, &namespace, &name);
                if let Some(Object::EndpointSlice(old)) = state.get(&key) {
                    let mut meta = old.metadata.clone();
                    meta.labels = slice.metadata.labels.clone();
                    meta.owner_references = slice.metadata.owner_references.clone();
                    slice.metadata = meta;
                    state.put(Object::from(slice));
                }
            }
            None => {
                slice.metadata.generate_name = Some(naming::pods_prefix(svc.metadata.name()));
                let _ = server::create_internal(state, Object::from(slice));
            }
        }
    }
    for stale in reuse {
        state.remove(&ObjectKey::new(Kind::EndpointSlice, &namespace, &stale));
    }
}

fn pod_reference(namespace: &str, name: &str, uid: &str) -> ObjectReference {
    ObjectReference {
        kind: Some("Pod".into()),
        namespace: Some(namespace.to_owned()),
        name: Some(name.to_owned()),
        uid: Some(uid.to_owned()),
        ..ObjectReference::default()
    }
}

/// The legacy Endpoints object: ready addresses, not-ready addresses, grouped by port set,
/// sorted by IP string as upstream sorts them.
fn sync_legacy(
    state: &mut State,
    svc: &Service,
    groups: &BTreeMap<Vec<ResolvedPort>, Vec<PodEndpoint>>,
    publish_not_ready: bool,
) {
    let namespace = svc.metadata.namespace().to_owned();
    let name = svc.metadata.name().to_owned();
    let mut subsets = Vec::new();
    for (ports, endpoints) in groups {
        // Upstream adds a pod once per service port it resolves: a pod that resolves none
        // is not listed. Only a Service without ports (headless) lists bare addresses.
        if ports.is_empty() && !svc.spec.ports.is_empty() {
            continue;
        }
        let mut ready = Vec::new();
        let mut not_ready = Vec::new();
        for e in endpoints {
            if e.terminating && !publish_not_ready {
                continue;
            }
            let address = EndpointAddress {
                ip: e.ip.clone(),
                hostname: e.hostname.clone(),
                node_name: e.node.clone(),
                target_ref: Some(pod_reference(&namespace, &e.pod, &e.uid)),
            };
            if e.ready {
                ready.push(address)
            } else {
                not_ready.push(address)
            }
        }
        if ready.is_empty() && not_ready.is_empty() {
            continue;
        }
        ready.sort_by(|a, b| a.ip.cmp(&b.ip));
        not_ready.sort_by(|a, b| a.ip.cmp(&b.ip));
        subsets.push(EndpointSubset {
            addresses: ready,
            not_ready_addresses: not_ready,
            ports: ports
                .iter()
                .map(|(n, p, proto)| LegacyPort {
                    name: (!n.is_empty()).then(|| n.clone()),
                    port: *p,
                    protocol: Some(proto.clone()),
                    app_protocol: None,
                })
                .collect(),
        });
    }
    let key = ObjectKey::new(Kind::Endpoints, &namespace, &name);
    let mut labels = svc.metadata.labels.clone();
    if svc.spec.cluster_ip.as_deref() == Some("None") {
        labels.insert(LABEL_HEADLESS, "");
    }
    match state.get(&key) {
        Some(Object::Endpoints(old)) => {
            let mut e = (**old).clone();
            e.metadata.labels = labels;
            e.subsets = subsets;
            state.put(Object::from(e));
        }
        _ => {
            let e = Endpoints {
                metadata: ObjectMeta {
                    name: Some(name),
                    namespace: Some(namespace),
                    labels,
                    ..ObjectMeta::default()
                },
                subsets,
            };
            let _ = server::create_internal(state, Object::from(e));
        }
    }
}
