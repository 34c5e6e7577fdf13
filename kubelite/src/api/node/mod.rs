//! [`Node`] (`v1`): a machine pods run on, with its IPs and pod CIDR.
//!
//! ```
//! use kubelite::api::Node;
//! let node = Node::new("minikube", "192.168.49.2").with_pod_cidr("10.244.0.0/24");
//! assert_eq!(node.internal_ip(), Some("192.168.49.2"));
//! assert!(node.is_ready());
//! assert!(kubelite::api::Resource::validate(&node).is_ok());
//! ```

mod spec;
mod status;
mod validate;

pub use spec::{NodeSpec, Taint};
pub use status::{DaemonEndpoint, NodeAddress, NodeCondition, NodeDaemonEndpoints, NodeStatus};

use crate::meta::ObjectMeta;
use crate::validation::NameRule;

/// Node label holding the hostname.
pub const LABEL_HOSTNAME: &str = "kubernetes.io/hostname";
/// Node label holding the zone (EndpointSlices copy it into `endpoints[].zone`).
pub const LABEL_TOPOLOGY_ZONE: &str = "topology.kubernetes.io/zone";
/// `status.addresses[].type` of the node's cluster-internal IP.
pub const ADDRESS_INTERNAL_IP: &str = "InternalIP";
/// `status.addresses[].type` of the node's hostname.
pub const ADDRESS_HOSTNAME: &str = "Hostname";
/// The condition type that gates scheduling and endpoints.
pub const CONDITION_READY: &str = "Ready";

resource! {
    /// A Node.
    pub struct Node {
        api_version: "v1",
        group: "",
        kind: "Node",
        plural: "nodes",
        namespaced: false,
        name_rule: NameRule::Dns1123Subdomain,
        validate: validate::validate,
        defaults: defaults,
        fields: {
            /// Pod CIDRs, taints, provider ID.
            spec: Option<NodeSpec> => "spec",
            /// Addresses, conditions, capacity.
            status: Option<NodeStatus> => "status",
        }
    }
}

impl Node {
    /// A ready node as a kubelet registers it: the `kubernetes.io/hostname` label, an
    /// `InternalIP` and a `Hostname` address, and `Ready=True`.
    pub fn new(name: impl Into<String>, internal_ip: impl Into<String>) -> Self {
        let name = name.into();
        let mut metadata = ObjectMeta::named(name.clone());
        metadata.labels.insert(LABEL_HOSTNAME, name.clone());
        Node {
            metadata,
            spec: None,
            status: Some(NodeStatus {
                addresses: vec![
                    NodeAddress {
                        address: internal_ip.into(),
                        type_: ADDRESS_INTERNAL_IP.to_owned(),
                    },
                    NodeAddress {
                        address: name,
                        type_: ADDRESS_HOSTNAME.to_owned(),
                    },
                ],
                conditions: vec![NodeCondition {
                    message: Some("kubelet is posting ready status".to_owned()),
                    reason: Some("KubeletReady".to_owned()),
                    status: "True".to_owned(),
                    type_: CONDITION_READY.to_owned(),
                    ..NodeCondition::default()
                }],
                ..NodeStatus::default()
            }),
        }
    }

    /// Assigns the pod CIDR (`podCIDR` and `podCIDRs`).
    pub fn with_pod_cidr(mut self, cidr: impl Into<String>) -> Self {
        let cidr = cidr.into();
        let spec = self.spec.get_or_insert_with(Default::default);
        spec.pod_cidrs = vec![cidr.clone()];
        spec.pod_cidr = Some(cidr);
        self
    }

    /// Puts the node in a zone (the `topology.kubernetes.io/zone` label).
    pub fn with_zone(mut self, zone: impl Into<String>) -> Self {
        self.metadata.labels.insert(LABEL_TOPOLOGY_ZONE, zone);
        self
    }

    /// The first address of `type_` (`InternalIP`, `Hostname`, ...).
    pub fn address(&self, type_: &str) -> Option<&str> {
        self.status
            .as_ref()?
            .addresses
            .iter()
            .find(|a| a.type_ == type_)
            .map(|a| a.address.as_str())
    }

    /// The node's `InternalIP`.
    pub fn internal_ip(&self) -> Option<&str> {
        self.address(ADDRESS_INTERNAL_IP)
    }

    /// The node's zone label.
    pub fn zone(&self) -> Option<&str> {
        self.metadata.labels.get(LABEL_TOPOLOGY_ZONE)
    }

    /// The pod CIDRs (`podCIDRs`, or `podCIDR` alone).
    pub fn pod_cidrs(&self) -> Vec<&str> {
        let Some(spec) = &self.spec else {
            return Vec::new();
        };
        if spec.pod_cidrs.is_empty() {
            spec.pod_cidr.iter().map(String::as_str).collect()
        } else {
            spec.pod_cidrs.iter().map(String::as_str).collect()
        }
    }

    /// Whether the `Ready` condition is `True`.
    pub fn is_ready(&self) -> bool {
        self.status.as_ref().is_some_and(|s| {
            s.conditions
                .iter()
                .any(|c| c.type_ == CONDITION_READY && c.status == "True")
        })
    }
}

/// Upstream's `SetDefaults_NodeStatus`: allocatable defaults to capacity.
fn defaults(node: &mut Node) {
    if let Some(status) = &mut node.status
        && status.allocatable.is_none()
        && status.capacity.is_some()
    {
        status.allocatable = status.capacity.clone();
    }
}
