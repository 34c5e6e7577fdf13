//! What the scheduler and the kubelet do to a pod: bind it to a node, give it an address,
//! run its containers, report readiness, and end it after its grace period.

use std::net::Ipv4Addr;
use std::time::Duration;

use super::state::{State, Timer};
use super::store::ObjectKey;
use crate::api::pod::{
    ContainerState, ContainerStateRunning, ContainerStatus, HostIP, PodCondition, PodIP,
};
use crate::api::{Kind, Object, Pod};
use crate::error::ApiError;
use crate::meta::Time;
use crate::validation::{FieldError, FieldPath, Invalid};

/// Annotation that pins a pod's IP (for fixtures that need fixed addresses, e.g. ipBlock tests).
pub const POD_IP_ANNOTATION: &str = "kubelite.io/pod-ip";

/// Binds a new pod to a node (the least loaded, ties by node order, as the default
/// scheduler's balanced spreading would) unless it names one, and reserves a pinned IP.
pub(crate) fn schedule(state: &mut State, pod: &mut Pod) -> Result<(), ApiError> {
    let pinned = pinned_ip(pod)?;
    if pod.spec.node_name.is_none() {
        let node = match pinned {
            Some(ip) => state.nodes.iter().position(|n| n.pod_cidr.contains(ip)),
            None => state.index.least_loaded_node(),
        };
        if let Some(i) = node {
            pod.spec.node_name = state.nodes.get(i).map(|n| n.name.clone());
        }
    }
    if let Some(ip) = pinned {
        let node = pod.spec.node_name.as_deref().unwrap_or_default();
        let in_cidr = state.node(node).is_some_and(|n| n.pod_cidr.contains(ip));
        let path = FieldPath::new("metadata")
            .child("annotations")
            .key(POD_IP_ANNOTATION);
        let detail = if !in_cidr && pod.spec.node_name.is_none() {
            Some("must be inside the pod CIDR of a node".to_owned())
        } else if !in_cidr {
            Some(format!("must be inside the pod CIDR of node {node:?}"))
        } else if state.index.pod_ips.contains_key(&ip) {
            Some("address already in use by another pod".to_owned())
        } else {
            None
        };
        if let Some(detail) = detail {
            return Err(ApiError::Invalid(Invalid::new(
                "Pod",
                "",
                pod.metadata.name(),
                vec![FieldError::invalid(path, ip.to_string(), detail)],
            )));
        }
    }
    let now = state.now();
    pod.status.phase = Some("Pending".into());
    pod.status
        .qos_class
        .get_or_insert_with(|| "BestEffort".into());
    pod.status.conditions = vec![condition("PodScheduled", true, now)];
    Ok(())
}

fn pinned_ip(pod: &Pod) -> Result<Option<Ipv4Addr>, ApiError> {
    match pod.metadata.annotations.get(POD_IP_ANNOTATION) {
        None => Ok(None),
        Some(text) => text.parse().map(Some).map_err(|_| {
            ApiError::Invalid(Invalid::new(
                "Pod",
                "",
                pod.metadata.name(),
                vec![FieldError::invalid(
                    FieldPath::new("metadata")
                        .child("annotations")
                        .key(POD_IP_ANNOTATION),
                    text.as_str(),
                    "must be a valid IPv4 address",
                )],
            ))
        }),
    }
}

fn condition(type_: &str, status: bool, now: Time) -> PodCondition {
    let mut c = PodCondition::new(type_, status);
    c.last_transition_time = Some(now);
    c
}

/// The readiness delay of a pod's containers: the longest `initialDelaySeconds` among their
/// readiness probes.
fn readiness_delay(pod: &Pod) -> Duration {
    let secs = pod
        .spec
        .containers
        .iter()
        .filter_map(|c| c.readiness_probe.as_ref())
        .filter_map(|p| p.initial_delay_seconds)
        .max()
        .unwrap_or(0);
    Duration::from_secs(u64::try_from(secs).unwrap_or(0))
}

/// Starts a scheduled pod: address from its node's pool, containers running, Ready now or
/// after the readiness delay.
pub(crate) fn start(state: &mut State, key: &ObjectKey) {
    let Some(Object::Pod(pod)) = state.get(key) else {
        return;
    };
    if pod.status.pod_ip.is_some() || pod.metadata.deletion_timestamp.is_some() {
        return;
    }
    let Some(node_name) = pod.spec.node_name.clone() else {
        return;
    };
    let pinned = pinned_ip(pod).ok().flatten();
    let delay = readiness_delay(pod);
    let uid = pod.metadata.uid.clone().unwrap_or_default();
    let Some(node) = state.node_mut(&node_name) else {
        return;
    };
    let ip = match pinned {
        Some(ip) if node.reserve_ip(ip) => Some(ip),
        Some(_) => None,
        None => node.allocate_ip(),
    };
    let Some(ip) = ip else {
        // No address left on the node: the pod stays Pending, as with an exhausted IPAM.
        return;
    };
    let host_ip = ip_text(node.ip);
    let now = state.now();
    let overridden = state.ready_overrides.get(key).copied();
    let ready = overridden.unwrap_or(delay.is_zero());
    state.modify_status(key, |object| {
        let Object::Pod(pod) = object else {
            return false;
        };
        let status = &mut pod.status;
        status.phase = Some("Running".into());
        let ip = ip_text(ip);
        status.pod_ips = vec![PodIP { ip: ip.clone() }];
        status.pod_ip = Some(ip);
        status.host_ip = Some(host_ip.clone());
        status.host_ips = vec![HostIP { ip: host_ip }];
        status.start_time = Some(now);
        status.container_statuses = pod
            .spec
            .containers
            .iter()
            .map(|c| ContainerStatus {
                name: c.name.clone(),
                image: c.image.clone().unwrap_or_default(),
                image_id: String::new(),
                ready,
                restart_count: 0,
                started: Some(true),
                state: Some(ContainerState {
                    running: Some(ContainerStateRunning {
                        started_at: Some(now),
                    }),
                    ..ContainerState::default()
                }),
                ..ContainerStatus::default()
            })
            .collect();
        status.conditions = vec![
            condition("PodReadyToStartContainers", true, now),
            condition("Initialized", true, now),
            condition("Ready", ready, now),
            condition("ContainersReady", ready, now),
            condition("PodScheduled", true, now),
        ];
        true
    });
    if !ready && !delay.is_zero() && overridden.is_none() {
        state.schedule(delay, Timer::PodReady(key.clone(), uid));
    }
}

/// An address in dotted-quad form, as `Ipv4Addr`'s `Display` prints it: written by hand,
/// as the formatting machinery costs more than the rest of giving a pod its two addresses.
pub(crate) fn ip_text(ip: Ipv4Addr) -> String {
    let mut s = String::with_capacity(15);
    for (i, octet) in ip.octets().into_iter().enumerate() {
        if i > 0 {
            s.push('.');
        }
        if octet >= 100 {
            s.push(char::from(b'0' + octet / 100));
        }
        if octet >= 10 {
            s.push(char::from(b'0' + (octet / 10) % 10));
        }
        s.push(char::from(b'0' + octet % 10));
    }
    s
}

/// Sets a running pod's readiness (probe result or `set_pod_ready`).
pub(crate) fn set_ready(state: &mut State, key: &ObjectKey, ready: bool) {
    let now = state.now();
    state.modify_status(key, |object| {
        let Object::Pod(pod) = object else {
            return false;
        };
        if pod.status.pod_ip.is_none() {
            return false;
        }
        let mut changed = false;
        for c in &mut pod.status.container_statuses {
            changed |= c.ready != ready;
            c.ready = ready;
        }
        for c in &mut pod.status.conditions {
            if (c.type_ == "Ready" || c.type_ == "ContainersReady") && c.is_true() != ready {
                c.status = if ready { "True" } else { "False" }.into();
                c.last_transition_time = Some(now);
                changed = true;
            }
        }
        changed
    });
}

/// Whether the pod's `Ready` condition is true.
pub(crate) fn is_ready(pod: &Pod) -> bool {
    pod.status
        .conditions
        .iter()
        .any(|c| c.type_ == "Ready" && c.is_true())
}

/// When the pod last became Ready, if it is.
pub(crate) fn ready_since(pod: &Pod) -> Option<Time> {
    pod.status
        .conditions
        .iter()
        .find(|c| c.type_ == "Ready" && c.is_true())
        .and_then(|c| c.last_transition_time)
}

/// Starts graceful deletion: the pod is Terminating until its grace period ends on the
/// virtual clock. With no grace (or a pod that never ran) it goes at once. Returns the pod
/// as it was when deletion started.
pub(crate) fn terminate(state: &mut State, key: &ObjectKey, grace: Option<i64>) -> Option<Object> {
    let Some(Object::Pod(pod)) = state.get(key) else {
        return None;
    };
    if pod.metadata.deletion_timestamp.is_some() {
        if grace == Some(0) {
            return state.remove(key);
        }
        return state.get(key).cloned();
    }
    let grace = grace
        .or(pod.spec.termination_grace_period_seconds)
        .unwrap_or(30)
        .max(0);
    if grace == 0 || pod.status.pod_ip.is_none() {
        return state.remove(key);
    }
    let uid = pod.metadata.uid.clone().unwrap_or_default();
    let deadline = Time::from_unix_seconds(state.now().unix_seconds() + grace);
    state.modify_status(key, |object| {
        let meta = object.meta_mut();
        meta.deletion_timestamp = Some(deadline);
        meta.deletion_grace_period_seconds = Some(grace);
        true
    });
    state.schedule(
        Duration::from_secs(grace as u64),
        Timer::PodGone(key.clone(), uid),
    );
    state.get(key).cloned()
}

/// Whether the object is a pod that counts toward its owner's replicas (not terminating,
/// not finished).
pub(crate) fn is_active(pod: &Pod) -> bool {
    pod.metadata.deletion_timestamp.is_none()
        && !matches!(pod.status.phase.as_deref(), Some("Succeeded" | "Failed"))
}

/// Keys of pods, for iteration while mutating.
pub(crate) fn pod_key(namespace: &str, name: &str) -> ObjectKey {
    ObjectKey::new(Kind::Pod, namespace, name)
}

#[cfg(test)]
mod tests {
    use std::net::Ipv4Addr;

    #[test]
    fn ip_text_prints_as_display() {
        for ip in [
            Ipv4Addr::new(0, 0, 0, 0),
            Ipv4Addr::new(10, 244, 0, 5),
            Ipv4Addr::new(192, 168, 49, 2),
            Ipv4Addr::new(255, 255, 255, 255),
            Ipv4Addr::new(1, 20, 100, 99),
        ] {
            assert_eq!(super::ip_text(ip), ip.to_string());
        }
        for o in 0..=255 {
            let ip = Ipv4Addr::new(o, 255 - o, o / 2, o / 3);
            assert_eq!(super::ip_text(ip), ip.to_string());
        }
    }
}
