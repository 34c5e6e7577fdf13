//! [`EndpointSubset`]: addresses sharing one set of ports.

use serde::{Deserialize, Serialize};

use super::ObjectReference;
use crate::api::service::Protocol;

/// A group of addresses with a common set of ports (`core/v1 EndpointSubset`); the
/// endpoints are the cartesian product of addresses and ports.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EndpointSubset {
    /// Ready addresses: safe to send traffic to.
    #[serde(
        default,
        deserialize_with = "crate::api::service::nullable::vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub addresses: Vec<EndpointAddress>,
    /// Addresses of pods that are not ready (or are terminating).
    #[serde(
        default,
        deserialize_with = "crate::api::service::nullable::vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub not_ready_addresses: Vec<EndpointAddress>,
    /// The ports every address of the subset serves.
    #[serde(
        default,
        deserialize_with = "crate::api::service::nullable::vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub ports: Vec<EndpointPort>,
}

/// One endpoint address (`core/v1 EndpointAddress`).
///
/// ```
/// use kubelite::api::endpoints::{EndpointAddress, ObjectReference};
/// let addr = EndpointAddress::new("172.17.0.5")
///     .on_node("minikube")
///     .target(ObjectReference::pod("default", "echo-minikube-5486cd5cd5-nxgq2", "uid-1"));
/// assert_eq!(addr.node_name.as_deref(), Some("minikube"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EndpointAddress {
    /// DNS hostname of the endpoint (pods with `hostname` and a matching `subdomain`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// The IP.
    #[serde(default)]
    pub ip: String,
    /// The node hosting the endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_name: Option<String>,
    /// The object providing the endpoint, usually a Pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_ref: Option<ObjectReference>,
}

impl EndpointAddress {
    /// An address with just an IP.
    pub fn new(ip: impl Into<String>) -> Self {
        EndpointAddress {
            ip: ip.into(),
            ..EndpointAddress::default()
        }
    }

    /// Sets the node name.
    pub fn on_node(mut self, node: impl Into<String>) -> Self {
        self.node_name = Some(node.into());
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
}

/// One port of an endpoint subset (`core/v1 EndpointPort`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EndpointPort {
    /// Application protocol hint, copied from the Service port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_protocol: Option<String>,
    /// The Service port name this port serves (required when there are several).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The port number on the endpoint.
    #[serde(default)]
    pub port: i32,
    /// `TCP` (the default), `UDP` or `SCTP`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
}

impl EndpointPort {
    /// A port with protocol `protocol`.
    pub fn new(port: i32, protocol: Protocol) -> Self {
        EndpointPort {
            port,
            protocol: Some(protocol.into()),
            ..EndpointPort::default()
        }
    }

    /// Sets the port name.
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }
}
