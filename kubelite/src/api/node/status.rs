//! [`NodeStatus`]: addresses and conditions, with the rest kept opaque.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::meta::Time;

/// `status` of a Node (`core/v1 NodeStatus`). What the simulation does not use (capacity,
/// images, system info, volumes, ...) is kept as opaque JSON so real node manifests load
/// and print back unchanged.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NodeStatus {
    /// How the node is reached (`InternalIP`, `Hostname`, ...).
    #[serde(
        default,
        deserialize_with = "crate::api::service::nullable::vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub addresses: Vec<NodeAddress>,
    /// Resources available to pods (quantities, opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allocatable: Option<BTreeMap<String, serde_json::Value>>,
    /// Total resources (quantities, opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<BTreeMap<String, serde_json::Value>>,
    /// `Ready`, `MemoryPressure`, `DiskPressure`, ...
    #[serde(
        default,
        deserialize_with = "crate::api::service::nullable::vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub conditions: Vec<NodeCondition>,
    /// Dynamic kubelet config status (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<Box<serde_json::Value>>,
    /// Ports of daemons on the node (the kubelet's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daemon_endpoints: Option<NodeDaemonEndpoints>,
    /// Features the node declares.
    #[serde(
        default,
        deserialize_with = "crate::api::service::nullable::vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub declared_features: Vec<String>,
    /// Node features (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub features: Option<Box<serde_json::Value>>,
    /// Container images on the node (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub images: Option<Box<serde_json::Value>>,
    /// Versions and IDs of the node's software (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_info: Option<Box<serde_json::Value>>,
    /// Deprecated node phase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    /// Runtime handlers (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_handlers: Option<Box<serde_json::Value>>,
    /// Attached volumes (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volumes_attached: Option<Box<serde_json::Value>>,
    /// Volumes in use.
    #[serde(
        default,
        deserialize_with = "crate::api::service::nullable::vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub volumes_in_use: Vec<String>,
}

/// One address of a node.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NodeAddress {
    /// The address.
    #[serde(default)]
    pub address: String,
    /// `Hostname`, `InternalIP`, `ExternalIP`, `InternalDNS` or `ExternalDNS`.
    #[serde(rename = "type", default)]
    pub type_: String,
}

/// A node condition (`core/v1 NodeCondition`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NodeCondition {
    /// When the kubelet last reported it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_heartbeat_time: Option<Time>,
    /// When the status last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_transition_time: Option<Time>,
    /// Human-readable details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// CamelCase reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// `True`, `False` or `Unknown`.
    #[serde(default)]
    pub status: String,
    /// The condition type (`Ready`, ...).
    #[serde(rename = "type", default)]
    pub type_: String,
}

/// `status.daemonEndpoints`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NodeDaemonEndpoints {
    /// The kubelet's endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kubelet_endpoint: Option<DaemonEndpoint>,
}

/// A daemon's port. Its one field is capitalized on the wire (`Port`), as upstream has it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DaemonEndpoint {
    /// The port number.
    #[serde(rename = "Port", default)]
    pub port: i32,
}
