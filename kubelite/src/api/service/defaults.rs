//! What the API server fills in on a Service before validating it: upstream's
//! `SetDefaults_Service` (pkg/apis/core/v1/defaults.go) plus the create-time `clusterIPs`
//! normalization of the Service REST strategy. IP families, cluster IPs and node ports are
//! allocated later, by the cluster runtime.

use super::{
    ClientIpConfig, DEFAULT_CLIENT_IP_TIMEOUT_SECONDS, Protocol, Service, ServiceType,
    SessionAffinity, SessionAffinityConfig, TrafficPolicy,
};
use crate::api::IntOrString;

fn is_empty(value: &Option<String>) -> bool {
    value.as_deref().is_none_or(str::is_empty)
}

pub(super) fn defaults(svc: &mut Service) {
    let spec = &mut svc.spec;

    // `NormalizeClusterIPs` on create: an old client sets only the singular field.
    if let Some(ip) = spec.cluster_ip.as_deref().filter(|ip| !ip.is_empty())
        && spec.cluster_ips.is_empty()
    {
        spec.cluster_ips = vec![ip.to_owned()];
    }

    if is_empty(&spec.session_affinity) {
        spec.session_affinity = Some(SessionAffinity::None.into());
    }
    match spec.session_affinity.as_deref() {
        Some(a) if a == SessionAffinity::None.as_str() => spec.session_affinity_config = None,
        Some(a) if a == SessionAffinity::ClientIp.as_str() => {
            let has_timeout = spec
                .session_affinity_config
                .as_ref()
                .and_then(|c| c.client_ip.as_ref())
                .is_some_and(|c| c.timeout_seconds.is_some());
            if !has_timeout {
                spec.session_affinity_config = Some(SessionAffinityConfig {
                    client_ip: Some(ClientIpConfig {
                        timeout_seconds: Some(DEFAULT_CLIENT_IP_TIMEOUT_SECONDS),
                    }),
                });
            }
        }
        _ => {}
    }

    if is_empty(&spec.type_) {
        spec.type_ = Some(ServiceType::ClusterIp.into());
    }

    for port in &mut spec.ports {
        if is_empty(&port.protocol) {
            port.protocol = Some(Protocol::Tcp.into());
        }
        let unset = match &port.target_port {
            None | Some(IntOrString::Int(0)) => true,
            Some(IntOrString::String(s)) => s.is_empty(),
            Some(IntOrString::Int(_)) => false,
        };
        if unset {
            port.target_port = Some(IntOrString::Int(port.port));
        }
    }

    if spec.externally_accessible() && is_empty(&spec.external_traffic_policy) {
        spec.external_traffic_policy = Some(TrafficPolicy::Cluster.into());
    }

    // Only a missing field is defaulted: an explicit "" stays for validation to reject.
    let ty = spec.type_.as_deref();
    let proxied = [
        ServiceType::ClusterIp,
        ServiceType::NodePort,
        ServiceType::LoadBalancer,
    ]
    .iter()
    .any(|t| Some(t.as_str()) == ty);
    if spec.internal_traffic_policy.is_none() && proxied {
        spec.internal_traffic_policy = Some(TrafficPolicy::Cluster.into());
    }

    if ty == Some(ServiceType::LoadBalancer.as_str()) {
        if spec.allocate_load_balancer_node_ports.is_none() {
            spec.allocate_load_balancer_node_ports = Some(true);
        }
        if let Some(lb) = svc.status.as_mut().and_then(|s| s.load_balancer.as_mut()) {
            for ingress in &mut lb.ingress {
                let has_ip = ingress.ip.as_deref().is_some_and(|ip| !ip.is_empty());
                if has_ip && ingress.ip_mode.is_none() {
                    ingress.ip_mode = Some("VIP".to_owned());
                }
            }
        }
    }
}
