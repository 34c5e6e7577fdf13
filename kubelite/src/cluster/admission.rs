//! Admission: what the API server does to an object beyond validation when it is created or
//! updated — Service ClusterIP and NodePort allocation, pod scheduling, server-managed fields
//! kept across updates, and immutable fields.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use super::alloc::AllocError;
use super::kubelet;
use super::state::State;
use crate::api::{Object, Service};
use crate::error::ApiError;
use crate::validation::{BadValue, FieldError, FieldPath, Invalid};

fn service_type(svc: &Service) -> &str {
    svc.spec.type_.as_deref().unwrap_or("ClusterIP")
}

fn needs_cluster_ip(svc: &Service) -> bool {
    service_type(svc) != "ExternalName"
}

fn is_headless(svc: &Service) -> bool {
    svc.spec.cluster_ip.as_deref() == Some("None")
        || svc.spec.cluster_ips.first().map(String::as_str) == Some("None")
}

fn needs_node_ports(svc: &Service) -> bool {
    match service_type(svc) {
        "NodePort" => true,
        "LoadBalancer" => svc.spec.allocate_load_balancer_node_ports != Some(false),
        _ => false,
    }
}

fn needs_health_check_port(svc: &Service) -> bool {
    service_type(svc) == "LoadBalancer"
        && svc.spec.external_traffic_policy.as_deref() == Some("Local")
}

fn service_invalid(svc: &Service, causes: Vec<FieldError>) -> ApiError {
    ApiError::Invalid(Invalid::new("Service", "", svc.metadata.name(), causes))
}

/// Everything a Service holds from the allocators, to give back on failure.
#[derive(Default)]
struct Held {
    ips: Vec<Ipv4Addr>,
    ports: Vec<u16>,
}

impl Held {
    fn release(self, state: &mut State) {
        for ip in self.ips {
            state.cluster_ips.release(ip);
        }
        for p in self.ports {
            state.node_ports.release(p);
        }
    }
}

fn allocate_cluster_ip(
    state: &mut State,
    svc: &mut Service,
    held: &mut Held,
) -> Result<(), ApiError> {
    if !needs_cluster_ip(svc) {
        return Ok(());
    }
    if is_headless(svc) {
        svc.spec.cluster_ip = Some("None".into());
        svc.spec.cluster_ips = vec!["None".into()];
    } else {
        let requested = svc
            .spec
            .cluster_ip
            .clone()
            .filter(|ip| !ip.is_empty())
            .or_else(|| svc.spec.cluster_ips.first().cloned());
        let ip = match requested {
            Some(text) => {
                let ip: Ipv4Addr = text.parse().map_err(|_| {
                    service_invalid(
                        svc,
                        vec![FieldError::invalid(
                            FieldPath::new("spec").child("clusterIPs").index(0),
                            text.as_str(),
                            "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
                        )],
                    )
                })?;
                state.cluster_ips.allocate(ip).map_err(|e| {
                    service_invalid(
                        svc,
                        vec![FieldError::invalid(
                            FieldPath::new("spec").child("clusterIPs"),
                            BadValue::Json(serde_json::json!([text])),
                            format!("failed to allocate IP {text}: {e}"),
                        )],
                    )
                })?;
                ip
            }
            None => state
                .cluster_ips
                .allocate_next(&mut state.rng)
                .map_err(|e| ApiError::Internal(format!("failed to allocate a serviceIP: {e}")))?,
        };
        held.ips.push(ip);
        svc.spec.cluster_ip = Some(ip.to_string());
        svc.spec.cluster_ips = vec![ip.to_string()];
    }
    svc.spec.ip_families = vec!["IPv4".into()];
    svc.spec
        .ip_family_policy
        .get_or_insert_with(|| "SingleStack".into());
    Ok(())
}

/// Gives every port a nodePort: the requested one, the one of another port with the same
/// number (53/TCP and 53/UDP share), or a free one from the upper band.
fn allocate_node_ports(
    state: &mut State,
    svc: &mut Service,
    keep: &BTreeMap<u16, ()>,
    held: &mut Held,
) -> Result<(), ApiError> {
    if !needs_node_ports(svc) {
        return Ok(());
    }
    let mut by_port: BTreeMap<i32, i32> = BTreeMap::new();
    // A nodePort requested on any entry of a port number is the one its other entries
    // share (upstream's findRequestedNodePort), wherever the request sits.
    let mut requested: BTreeMap<i32, i32> = BTreeMap::new();
    for port in &svc.spec.ports {
        if let Some(np) = port.node_port.filter(|p| *p != 0) {
            requested.entry(port.port).or_insert(np);
        }
    }
    let mut causes = Vec::new();
    for (i, port) in svc.spec.ports.iter_mut().enumerate() {
        if port.node_port.is_none_or(|p| p == 0)
            && !by_port.contains_key(&port.port)
            && let Some(np) = requested.get(&port.port)
        {
            port.node_port = Some(*np);
        }
        match port.node_port.filter(|p| *p != 0) {
            Some(np) => {
                let already = u16::try_from(np)
                    .is_ok_and(|p| keep.contains_key(&p) || held.ports.contains(&p));
                if !already {
                    match state.node_ports.allocate(i64::from(np)) {
                        Ok(()) => held.ports.push(np as u16),
                        Err(e @ (AllocError::NotInRange { .. } | AllocError::Allocated { .. })) => {
                            causes.push(FieldError::invalid(
                                FieldPath::new("spec")
                                    .child("ports")
                                    .index(i)
                                    .child("nodePort"),
                                i64::from(np),
                                e.to_string(),
                            ));
                            // Upstream's initNodePorts stops at the first failure.
                            break;
                        }
                        Err(e) => {
                            return Err(ApiError::Internal(format!(
                                "failed to allocate a nodePort: {e}"
                            )));
                        }
                    }
                }
                by_port.entry(port.port).or_insert(np);
            }
            None => {
                if let Some(shared) = by_port.get(&port.port) {
                    port.node_port = Some(*shared);
                    continue;
                }
                let np = state
                    .node_ports
                    .allocate_next(&mut state.rng)
                    .map_err(|e| {
                        ApiError::Internal(format!("failed to allocate a nodePort: {e}"))
                    })?;
                held.ports.push(np);
                port.node_port = Some(i32::from(np));
                by_port.insert(port.port, i32::from(np));
            }
        }
    }
    if !causes.is_empty() {
        return Err(service_invalid(svc, causes));
    }
    Ok(())
}

/// Upstream's `allocHealthCheckNodePort` and `updateHealthCheckNodePort`, run before
/// validation as the API server's `BeginCreate`/`BeginUpdate` hooks are (validation requires
/// the field of a LoadBalancer Service with `externalTrafficPolicy: Local`).
///
/// A Service that starts needing one (created so, or updated into it) gets the requested
/// port reserved, or the next free one from the NodePort range. One that stops needing it
/// has the port it kept from before cleared (upstream's `dropTypeDependentFields`), so the
/// update releases it. Returns the port reserved here, which the caller gives back if the
/// request fails later.
pub(crate) fn allocate_health_check_port(
    state: &mut State,
    old: Option<&Object>,
    new: &mut Object,
) -> Result<Option<u16>, ApiError> {
    let Object::Service(svc) = new else {
        return Ok(None);
    };
    let old = match old {
        Some(Object::Service(o)) => Some(o),
        _ => None,
    };
    let needed = old.is_some_and(|o| needs_health_check_port(o));
    if needed && !needs_health_check_port(svc) {
        if let Some(o) = old
            && svc.spec.health_check_node_port == o.spec.health_check_node_port
        {
            svc.spec.health_check_node_port = None;
        }
        return Ok(None);
    }
    if needed || !needs_health_check_port(svc) {
        return Ok(None);
    }
    match svc.spec.health_check_node_port.filter(|p| *p != 0) {
        Some(requested) => {
            // A number that is no port at all is validation's to report.
            let Ok(port) = u16::try_from(requested) else {
                return Ok(None);
            };
            state.node_ports.allocate(i64::from(port)).map_err(|e| {
                ApiError::Internal(format!(
                    "failed to allocate requested HealthCheck NodePort {port}: {e}"
                ))
            })?;
            Ok(Some(port))
        }
        None => {
            let port = state
                .node_ports
                .allocate_next(&mut state.rng)
                .map_err(|e| {
                    ApiError::Internal(format!("failed to allocate a HealthCheck NodePort: {e}"))
                })?;
            svc.spec.health_check_node_port = Some(i32::from(port));
            Ok(Some(port))
        }
    }
}

/// Kind-specific work on create: allocation for Services, scheduling for Pods.
pub(crate) fn admit_create(state: &mut State, object: &mut Object) -> Result<(), ApiError> {
    match object {
        Object::Service(svc) => {
            let mut held = Held::default();
            let result = allocate_cluster_ip(state, svc, &mut held)
                .and_then(|()| allocate_node_ports(state, svc, &BTreeMap::new(), &mut held));
            if result.is_err() {
                held.release(state);
            }
            result
        }
        Object::Pod(pod) => kubelet::schedule(state, pod),
        _ => Ok(()),
    }
}

fn held_ports(svc: &Service) -> BTreeMap<u16, ()> {
    svc.spec
        .ports
        .iter()
        .filter_map(|p| p.node_port)
        .chain(svc.spec.health_check_node_port)
        .filter_map(|p| u16::try_from(p).ok())
        .map(|p| (p, ()))
        .collect()
}

/// Kind-specific work on update: a Service's allocations follow its new type and ports.
pub(crate) fn admit_update(
    state: &mut State,
    old: &Object,
    new: &mut Object,
) -> Result<(), ApiError> {
    let (Object::Service(old), Object::Service(svc)) = (old, new) else {
        return Ok(());
    };
    let mut held = Held::default();
    let old_ports = held_ports(old);
    let had_ip = old
        .spec
        .cluster_ip
        .as_deref()
        .and_then(|ip| ip.parse::<Ipv4Addr>().ok());
    let mut result = Ok(());
    if needs_cluster_ip(svc) && svc.spec.cluster_ip.as_deref().is_none_or(str::is_empty) {
        result = allocate_cluster_ip(state, svc, &mut held);
    }
    if result.is_ok() {
        result = allocate_node_ports(state, svc, &old_ports, &mut held);
    }
    if result.is_err() {
        held.release(state);
        return result;
    }
    let new_ports = held_ports(svc);
    for p in old_ports.keys().filter(|p| !new_ports.contains_key(p)) {
        state.node_ports.release(*p);
    }
    if let Some(ip) = had_ip
        && !needs_cluster_ip(svc)
    {
        state.cluster_ips.release(ip);
    }
    Ok(())
}

/// Copies what the server owns from the stored object into an update: status, and for
/// Services the allocated ClusterIP and nodePorts the update does not mention.
pub(crate) fn carry_over(old: &Object, new: &mut Object) {
    match (old, new) {
        (Object::Service(old), Object::Service(svc)) => {
            svc.status = old.status.clone();
            if needs_cluster_ip(svc)
                && svc.spec.cluster_ip.as_deref().is_none_or(str::is_empty)
                && svc.spec.cluster_ips.is_empty()
            {
                svc.spec.cluster_ip = old.spec.cluster_ip.clone();
                svc.spec.cluster_ips = old.spec.cluster_ips.clone();
            }
            if needs_cluster_ip(svc) {
                if svc.spec.ip_families.is_empty() {
                    svc.spec.ip_families = old.spec.ip_families.clone();
                }
                if svc.spec.ip_family_policy.is_none() {
                    svc.spec.ip_family_policy = old.spec.ip_family_policy.clone();
                }
            }
            if needs_node_ports(svc) {
                // Upstream's patchAllocatedValues: by port name, unless the update gives
                // that value to a port explicitly.
                let used: Vec<i32> = svc.spec.ports.iter().filter_map(|p| p.node_port).collect();
                for port in svc.spec.ports.iter_mut().filter(|p| p.node_port.is_none()) {
                    port.node_port = old
                        .spec
                        .ports
                        .iter()
                        .find(|o| o.name == port.name)
                        .and_then(|o| o.node_port)
                        .filter(|np| !used.contains(np));
                }
            }
            // Kept whether or not the Service allocates nodePorts for its ports
            // (`allocateLoadBalancerNodePorts: false` still needs its health check).
            if needs_health_check_port(svc) && svc.spec.health_check_node_port.is_none() {
                svc.spec.health_check_node_port = old.spec.health_check_node_port;
            }
        }
        (Object::Pod(old), Object::Pod(pod)) => {
            pod.status = old.status.clone();
            if pod.spec.node_name.is_none() {
                pod.spec.node_name = old.spec.node_name.clone();
            }
        }
        (Object::Deployment(old), Object::Deployment(d)) => d.status = old.status.clone(),
        (Object::ReplicaSet(old), Object::ReplicaSet(rs)) => rs.status = old.status.clone(),
        (Object::Namespace(old), Object::Namespace(ns)) => ns.status = old.status.clone(),
        (Object::Node(old), Object::Node(node)) => node.status = old.status.clone(),
        _ => {}
    }
}

fn json(value: &impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// Fields an update may not change, with upstream's messages.
pub(crate) fn immutable_fields(old: &Object, new: &Object) -> Vec<FieldError> {
    let mut causes = Vec::new();
    let selector_path = FieldPath::new("spec").child("selector");
    match (old, new) {
        (Object::Deployment(o), Object::Deployment(n)) if o.spec.selector != n.spec.selector => {
            causes.push(FieldError::invalid(
                selector_path,
                BadValue::Json(json(&n.spec.selector)),
                "field is immutable",
            ));
        }
        (Object::ReplicaSet(o), Object::ReplicaSet(n)) if o.spec.selector != n.spec.selector => {
            causes.push(FieldError::invalid(
                selector_path,
                BadValue::Json(json(&n.spec.selector)),
                "field is immutable",
            ));
        }
        (Object::Service(o), Object::Service(n)) => {
            let (old_ip, new_ip) = (o.spec.cluster_ips.first(), n.spec.cluster_ips.first());
            if needs_cluster_ip(o)
                && needs_cluster_ip(n)
                && old_ip.is_some()
                && new_ip.is_some()
                && old_ip != new_ip
            {
                causes.push(FieldError::invalid(
                    FieldPath::new("spec").child("clusterIPs").index(0),
                    new_ip.cloned().unwrap_or_default(),
                    "may not change once set",
                ));
            }
        }
        (Object::Pod(o), Object::Pod(n)) => {
            let mut old_spec = o.spec.clone();
            let mut new_spec = n.spec.clone();
            // Images may change in place; everything else in a pod's spec is fixed.
            for (a, b) in old_spec
                .containers
                .iter_mut()
                .zip(new_spec.containers.iter_mut())
            {
                a.image = b.image.clone();
            }
            old_spec.active_deadline_seconds = new_spec.active_deadline_seconds;
            if old_spec != new_spec {
                causes.push(FieldError::forbidden(
                    FieldPath::new("spec"),
                    "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
                ));
            }
        }
        _ => {}
    }
    causes
}

/// Whether the desired state (`spec`) differs, which bumps `metadata.generation`.
pub(crate) fn spec_changed(old: &Object, new: &Object) -> bool {
    json(old).get("spec") != json(new).get("spec")
}
