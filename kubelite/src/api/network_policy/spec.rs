//! [`NetworkPolicySpec`] and its ingress and egress rules.

use serde::{Deserialize, Serialize};

use super::{NetworkPolicyPeer, NetworkPolicyPort, PolicyType};
use crate::labels::LabelSelector;

/// What a NetworkPolicy selects and allows (`networking/v1 NetworkPolicySpec`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NetworkPolicySpec {
    /// Allowed outgoing traffic; effective only when `policyTypes` has `Egress`.
    #[serde(
        default,
        deserialize_with = "crate::api::service::nullable::vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub egress: Vec<NetworkPolicyEgressRule>,
    /// Allowed incoming traffic; effective only when `policyTypes` has `Ingress`.
    #[serde(
        default,
        deserialize_with = "crate::api::service::nullable::vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub ingress: Vec<NetworkPolicyIngressRule>,
    /// The pods of the policy's namespace it applies to; `{}` selects all of them.
    #[serde(default)]
    pub pod_selector: LabelSelector,
    /// The directions the policy isolates: `Ingress` and/or `Egress`.
    #[serde(
        default,
        deserialize_with = "crate::api::service::nullable::vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub policy_types: Vec<String>,
}

impl NetworkPolicySpec {
    /// The directions the policy isolates, after defaulting: `Ingress`, plus `Egress` when
    /// there are egress rules, if `policyTypes` is empty. Unknown values are skipped.
    pub fn effective_policy_types(&self) -> Vec<PolicyType> {
        if self.policy_types.is_empty() {
            let mut types = vec![PolicyType::Ingress];
            if !self.egress.is_empty() {
                types.push(PolicyType::Egress);
            }
            return types;
        }
        self.policy_types
            .iter()
            .filter_map(|t| t.parse().ok())
            .collect()
    }

    /// Whether selected pods are isolated for incoming traffic.
    pub fn isolates_ingress(&self) -> bool {
        self.effective_policy_types().contains(&PolicyType::Ingress)
    }

    /// Whether selected pods are isolated for outgoing traffic.
    pub fn isolates_egress(&self) -> bool {
        self.effective_policy_types().contains(&PolicyType::Egress)
    }
}

/// An ingress rule: traffic from any of `from` to any of `ports` (empty lists match all).
///
/// ```
/// use kubelite::api::network_policy::{NetworkPolicyIngressRule, NetworkPolicyPeer, NetworkPolicyPort};
/// use kubelite::labels::LabelSelector;
/// let rule = NetworkPolicyIngressRule::new()
///     .from_peer(NetworkPolicyPeer::pods(LabelSelector::match_labels([("app", "frontend")])))
///     .port(NetworkPolicyPort::tcp(8080));
/// assert_eq!(rule.from.len(), 1);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NetworkPolicyIngressRule {
    /// Allowed sources; empty means every source.
    #[serde(
        default,
        deserialize_with = "crate::api::service::nullable::vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub from: Vec<NetworkPolicyPeer>,
    /// Allowed destination ports; empty means every port.
    #[serde(
        default,
        deserialize_with = "crate::api::service::nullable::vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub ports: Vec<NetworkPolicyPort>,
}

impl NetworkPolicyIngressRule {
    /// A rule allowing everything (`- {}`); narrow it with peers and ports.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an allowed source.
    pub fn from_peer(mut self, peer: NetworkPolicyPeer) -> Self {
        self.from.push(peer);
        self
    }

    /// Adds an allowed port.
    pub fn port(mut self, port: NetworkPolicyPort) -> Self {
        self.ports.push(port);
        self
    }
}

/// An egress rule: traffic to any of `to` on any of `ports` (empty lists match all).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NetworkPolicyEgressRule {
    /// Allowed destination ports; empty means every port.
    #[serde(
        default,
        deserialize_with = "crate::api::service::nullable::vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub ports: Vec<NetworkPolicyPort>,
    /// Allowed destinations; empty means every destination.
    #[serde(
        default,
        deserialize_with = "crate::api::service::nullable::vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub to: Vec<NetworkPolicyPeer>,
}

impl NetworkPolicyEgressRule {
    /// A rule allowing everything (`- {}`); narrow it with peers and ports.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an allowed destination.
    pub fn to_peer(mut self, peer: NetworkPolicyPeer) -> Self {
        self.to.push(peer);
        self
    }

    /// Adds an allowed port.
    pub fn port(mut self, port: NetworkPolicyPort) -> Self {
        self.ports.push(port);
        self
    }
}
