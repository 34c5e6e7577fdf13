//! [`Endpoint`]: one backend of an EndpointSlice, with its conditions and topology hints.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::api::endpoints::ObjectReference;

/// One endpoint of a slice (`discovery/v1 Endpoint`): a pod's address and state.
///
/// ```
/// use kubelite::api::endpointslice::Endpoint;
/// let ep = Endpoint::new("10.244.0.5").ready(true).on_node("minikube");
/// assert!(ep.is_ready() && ep.is_serving() && !ep.is_terminating());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Endpoint {
    /// The endpoint's addresses; consumers use the first (the controller writes exactly one).
    #[serde(default, deserialize_with = "crate::api::service::nullable::vec")]
    pub addresses: Vec<String>,
    /// Ready, serving and terminating state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<EndpointConditions>,
    /// Deprecated topology labels (`topology` in upstream's validation messages).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated_topology: Option<BTreeMap<String, String>>,
    /// Where consumers should prefer this endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hints: Option<EndpointHints>,
    /// DNS hostname (pods with `hostname` and `subdomain` set to the Service name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// The node hosting the endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_name: Option<String>,
    /// The object providing the endpoint, usually a Pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_ref: Option<ObjectReference>,
    /// The zone of the endpoint's node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
}

/// `endpoints[].conditions`. Consumers read an unset `ready`/`serving` as `true` and an
/// unset `terminating` as `false`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EndpointConditions {
    /// Ready for traffic (serving and not terminating, or `publishNotReadyAddresses`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready: Option<bool>,
    /// The pod's readiness, regardless of termination.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serving: Option<bool>,
    /// The pod is being deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminating: Option<bool>,
}

/// `endpoints[].hints`: topology-aware routing hints.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EndpointHints {
    /// Nodes that should consume this endpoint (`PreferSameNode`).
    #[serde(
        default,
        deserialize_with = "crate::api::service::nullable::vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub for_nodes: Vec<ForNode>,
    /// Zones that should consume this endpoint (`PreferSameZone`/`PreferClose`).
    #[serde(
        default,
        deserialize_with = "crate::api::service::nullable::vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub for_zones: Vec<ForZone>,
}

/// A zone hint.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ForZone {
    /// The zone name.
    #[serde(default)]
    pub name: String,
}

/// A node hint.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ForNode {
    /// The node name.
    #[serde(default)]
    pub name: String,
}

impl Endpoint {
    /// An endpoint with one address and no conditions.
    pub fn new(address: impl Into<String>) -> Self {
        Endpoint {
            addresses: vec![address.into()],
            ..Endpoint::default()
        }
    }

    fn conditions_mut(&mut self) -> &mut EndpointConditions {
        self.conditions.get_or_insert_with(Default::default)
    }

    /// Sets `conditions.ready`.
    pub fn ready(mut self, ready: bool) -> Self {
        self.conditions_mut().ready = Some(ready);
        self
    }

    /// Sets `conditions.serving`.
    pub fn serving(mut self, serving: bool) -> Self {
        self.conditions_mut().serving = Some(serving);
        self
    }

    /// Sets `conditions.terminating`.
    pub fn terminating(mut self, terminating: bool) -> Self {
        self.conditions_mut().terminating = Some(terminating);
        self
    }

    /// Sets the node name.
    pub fn on_node(mut self, node: impl Into<String>) -> Self {
        self.node_name = Some(node.into());
        self
    }

    /// Sets the zone.
    pub fn in_zone(mut self, zone: impl Into<String>) -> Self {
        self.zone = Some(zone.into());
        self
    }

    /// Sets the target reference.
    pub fn target(mut self, target: ObjectReference) -> Self {
        self.target_ref = Some(target);
        self
    }

    /// Sets the hostname.
    pub fn hostname(mut self, hostname: impl Into<String>) -> Self {
        self.hostname = Some(hostname.into());
        self
    }

    /// The address consumers use: the first one.
    pub fn address(&self) -> Option<&str> {
        self.addresses.first().map(String::as_str)
    }

    /// `conditions.ready`, `true` when unset.
    pub fn is_ready(&self) -> bool {
        self.conditions
            .as_ref()
            .and_then(|c| c.ready)
            .unwrap_or(true)
    }

    /// `conditions.serving`, `true` when unset.
    pub fn is_serving(&self) -> bool {
        self.conditions
            .as_ref()
            .and_then(|c| c.serving)
            .unwrap_or(true)
    }

    /// `conditions.terminating`, `false` when unset.
    pub fn is_terminating(&self) -> bool {
        self.conditions
            .as_ref()
            .and_then(|c| c.terminating)
            .unwrap_or(false)
    }
}
