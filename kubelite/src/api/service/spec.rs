//! [`ServiceSpec`] and its session-affinity configuration.

use serde::{Deserialize, Serialize};

use super::{
    IpFamily, IpFamilyPolicy, ServicePort, ServiceType, SessionAffinity, TrafficDistribution,
    TrafficPolicy,
};
use crate::labels::Labels;

/// `clusterIP: None`: a headless Service.
pub const CLUSTER_IP_NONE: &str = "None";

/// The desired state of a Service (`core/v1 ServiceSpec`), every field Kubernetes defines.
///
/// Enumerated fields are wire strings (so an unknown value can be reported by validation);
/// the typed accessors ([`ServiceSpec::service_type`], ...) read them after defaulting.
/// Fields are declared in the order `kubectl get -o yaml` prints them (alphabetical).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServiceSpec {
    /// Whether a LoadBalancer Service gets node ports (defaults to `true` for LoadBalancer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allocate_load_balancer_node_ports: Option<bool>,
    /// The primary virtual IP, `None` for a headless Service; allocated when empty.
    #[serde(rename = "clusterIP", default, skip_serializing_if = "Option::is_none")]
    pub cluster_ip: Option<String>,
    /// The virtual IPs, one per IP family; `clusterIPs[0]` equals `clusterIP`.
    #[serde(
        rename = "clusterIPs",
        default,
        deserialize_with = "crate::api::service::nullable::vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub cluster_ips: Vec<String>,
    /// Extra IPs on which nodes accept traffic for this Service.
    #[serde(
        rename = "externalIPs",
        default,
        deserialize_with = "crate::api::service::nullable::vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub external_ips: Vec<String>,
    /// The DNS name an ExternalName Service is a CNAME for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_name: Option<String>,
    /// `Cluster` or `Local`, for externally reachable Services only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_traffic_policy: Option<String>,
    /// Health-check node port of a LoadBalancer Service with `externalTrafficPolicy: Local`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check_node_port: Option<i32>,
    /// `Cluster` or `Local`, for traffic from inside the cluster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internal_traffic_policy: Option<String>,
    /// `IPv4` and/or `IPv6`, assigned with the cluster IPs.
    #[serde(
        default,
        deserialize_with = "crate::api::service::nullable::vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub ip_families: Vec<String>,
    /// `SingleStack`, `PreferDualStack` or `RequireDualStack`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_family_policy: Option<String>,
    /// The load-balancer implementation that should handle this Service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_balancer_class: Option<String>,
    /// Deprecated: the requested load-balancer IP.
    #[serde(
        rename = "loadBalancerIP",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub load_balancer_ip: Option<String>,
    /// Client CIDRs a cloud load balancer admits.
    #[serde(
        default,
        deserialize_with = "crate::api::service::nullable::vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub load_balancer_source_ranges: Vec<String>,
    /// The ports the Service exposes.
    #[serde(
        default,
        deserialize_with = "crate::api::service::nullable::vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub ports: Vec<ServicePort>,
    /// Whether not-ready pods are published as endpoints too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publish_not_ready_addresses: Option<bool>,
    /// Pods whose labels contain all of these get traffic; absent or empty means the
    /// endpoints are managed by someone else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<Labels>,
    /// `None` (the default) or `ClientIP`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_affinity: Option<String>,
    /// Settings of `ClientIP` affinity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_affinity_config: Option<SessionAffinityConfig>,
    /// Topology preference: `PreferClose`, `PreferSameZone` or `PreferSameNode`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traffic_distribution: Option<String>,
    /// `ClusterIP` (the default), `NodePort`, `LoadBalancer` or `ExternalName`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
}

/// `spec.sessionAffinityConfig`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SessionAffinityConfig {
    /// Settings of `ClientIP` affinity.
    #[serde(rename = "clientIP", default, skip_serializing_if = "Option::is_none")]
    pub client_ip: Option<ClientIpConfig>,
}

/// `spec.sessionAffinityConfig.clientIP`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClientIpConfig {
    /// How long a client sticks to its endpoint (1..=86400 s, default 10800).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<i32>,
}

fn typed<T: std::str::FromStr>(value: Option<&str>, default: Option<T>) -> Option<T> {
    match value {
        None | Some("") => default,
        Some(v) => v.parse().ok(),
    }
}

impl ServiceSpec {
    /// The type after defaulting (`ClusterIP` when unset); `None` for a value Kubernetes
    /// rejects.
    pub fn service_type(&self) -> Option<ServiceType> {
        typed(self.type_.as_deref(), Some(ServiceType::ClusterIp))
    }

    /// The session affinity after defaulting (`None` when unset); `None` (the `Option`) for
    /// a value Kubernetes rejects.
    pub fn session_affinity(&self) -> Option<SessionAffinity> {
        typed(
            self.session_affinity.as_deref(),
            Some(SessionAffinity::None),
        )
    }

    /// The ClientIP affinity timeout, when `ClientIP` affinity is on (10800 s by default).
    pub fn client_ip_timeout_seconds(&self) -> Option<i32> {
        if self.session_affinity() != Some(SessionAffinity::ClientIp) {
            return None;
        }
        let configured = self
            .session_affinity_config
            .as_ref()
            .and_then(|c| c.client_ip.as_ref())
            .and_then(|c| c.timeout_seconds);
        Some(configured.unwrap_or(super::DEFAULT_CLIENT_IP_TIMEOUT_SECONDS))
    }

    /// The external traffic policy; `Cluster` when unset on an externally reachable
    /// Service, `None` when it does not apply or the value is invalid.
    pub fn external_traffic_policy(&self) -> Option<TrafficPolicy> {
        let default = self
            .externally_accessible()
            .then_some(TrafficPolicy::Cluster);
        typed(self.external_traffic_policy.as_deref(), default)
    }

    /// The internal traffic policy; `Cluster` when unset (except for ExternalName).
    pub fn internal_traffic_policy(&self) -> Option<TrafficPolicy> {
        let default = (self.service_type() != Some(ServiceType::ExternalName))
            .then_some(TrafficPolicy::Cluster);
        typed(self.internal_traffic_policy.as_deref(), default)
    }

    /// The traffic distribution preference, if any.
    pub fn traffic_distribution(&self) -> Option<TrafficDistribution> {
        typed(self.traffic_distribution.as_deref(), None)
    }

    /// The IP families that parse (unknown ones are skipped).
    pub fn ip_families(&self) -> Vec<IpFamily> {
        self.ip_families
            .iter()
            .filter_map(|f| f.parse().ok())
            .collect()
    }

    /// The IP family policy, if set and valid.
    pub fn ip_family_policy(&self) -> Option<IpFamilyPolicy> {
        typed(self.ip_family_policy.as_deref(), None)
    }

    /// Whether `clusterIPs` is exactly `["None"]`, upstream's definition of headless (set
    /// `clusterIP` alone and the server copies it into `clusterIPs` on create).
    pub fn is_headless(&self) -> bool {
        matches!(self.cluster_ips.as_slice(), [only] if only == CLUSTER_IP_NONE)
    }

    /// Upstream's `ExternallyAccessible`: NodePort, LoadBalancer, or ClusterIP with
    /// external IPs. Reads the wire value as is (an unset type is not ClusterIP here), as
    /// upstream's validation does.
    pub fn externally_accessible(&self) -> bool {
        match self.type_.as_deref() {
            Some("NodePort" | "LoadBalancer") => true,
            Some("ClusterIP") => !self.external_ips.is_empty(),
            _ => false,
        }
    }

    /// Upstream's `NeedsHealthCheck`: LoadBalancer with `externalTrafficPolicy: Local`.
    pub fn needs_health_check(&self) -> bool {
        self.type_.as_deref() == Some(ServiceType::LoadBalancer.as_str())
            && self.external_traffic_policy.as_deref() == Some(TrafficPolicy::Local.as_str())
    }

    /// The selector when it selects pods: `None` when absent or empty, in which case the
    /// Service has no controller-managed endpoints.
    pub fn pod_selector(&self) -> Option<&Labels> {
        self.selector.as_ref().filter(|s| !s.is_empty())
    }

    /// Whether not-ready pods are published too (`false` when unset).
    pub fn publishes_not_ready_addresses(&self) -> bool {
        self.publish_not_ready_addresses.unwrap_or(false)
    }
}
