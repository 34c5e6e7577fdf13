//! [`NetworkPolicy`] (`networking.k8s.io/v1`): which traffic the selected pods may receive
//! and send, and the rule types it is made of.
//!
//! ```
//! use kubelite::api::NetworkPolicy;
//! use kubelite::api::network_policy::{NetworkPolicyIngressRule, NetworkPolicyPeer, NetworkPolicyPort};
//! use kubelite::labels::LabelSelector;
//! let policy = NetworkPolicy::builder("api-allow-frontend")
//!     .pod_selector(LabelSelector::match_labels([("app", "api")]))
//!     .ingress(
//!         NetworkPolicyIngressRule::new()
//!             .from_peer(NetworkPolicyPeer::pods(LabelSelector::match_labels([("app", "frontend")])))
//!             .port(NetworkPolicyPort::tcp(8080)),
//!     )
//!     .build()?;
//! assert_eq!(policy.spec.policy_types, ["Ingress"]);
//! # Ok::<(), kubelite::validation::Invalid>(())
//! ```

mod builder;
mod peer;
mod port;
mod spec;

pub use builder::NetworkPolicyBuilder;
pub use peer::{IpBlock, NetworkPolicyPeer};
pub use port::NetworkPolicyPort;
pub use spec::{NetworkPolicyEgressRule, NetworkPolicyIngressRule, NetworkPolicySpec};

use crate::api::WireField;
use crate::api::service::{Protocol, wire_enum};
use crate::validation::{ErrorList, NameRule};

wire_enum! {
    /// A direction a NetworkPolicy isolates (`spec.policyTypes[]`).
    pub enum PolicyType ("policy type") {
        /// Incoming traffic.
        Ingress => "Ingress",
        /// Outgoing traffic.
        Egress => "Egress",
    }
}

resource! {
    /// A NetworkPolicy.
    pub struct NetworkPolicy {
        api_version: "networking.k8s.io/v1",
        group: "networking.k8s.io",
        kind: "NetworkPolicy",
        plural: "networkpolicies",
        namespaced: true,
        name_rule: NameRule::Dns1123Subdomain,
        validate: validate,
        defaults: defaults,
        fields: {
            /// The selected pods and the allowed traffic.
            spec: NetworkPolicySpec => "spec",
        }
    }
}

/// The spec is always printed, as the API server prints it (`podSelector: {}` at least).
impl WireField for NetworkPolicySpec {
    fn is_absent(&self) -> bool {
        false
    }
}

fn validate(policy: &NetworkPolicy) -> ErrorList {
    crate::validation::validate_network_policy_spec(&policy.spec)
}

/// Upstream's `SetDefaults_NetworkPolicy` and `SetDefaults_NetworkPolicyPort`: policy types
/// `Ingress` (plus `Egress` with egress rules) when none are given, port protocol `TCP`.
fn defaults(policy: &mut NetworkPolicy) {
    let spec = &mut policy.spec;
    if spec.policy_types.is_empty() {
        spec.policy_types.push(PolicyType::Ingress.into());
        if !spec.egress.is_empty() {
            spec.policy_types.push(PolicyType::Egress.into());
        }
    }
    let ingress_ports = spec.ingress.iter_mut().flat_map(|r| r.ports.iter_mut());
    let egress_ports = spec.egress.iter_mut().flat_map(|r| r.ports.iter_mut());
    for port in ingress_ports.chain(egress_ports) {
        if port.protocol.is_none() {
            port.protocol = Some(Protocol::Tcp.into());
        }
    }
}
