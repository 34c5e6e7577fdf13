//! [`NetworkPolicyPort`]: a port, a named port or a port range.

use serde::{Deserialize, Serialize};

use crate::api::IntOrString;
use crate::api::service::Protocol;

/// A port a rule allows (`networking/v1 NetworkPolicyPort`).
///
/// ```
/// use kubelite::api::network_policy::NetworkPolicyPort;
/// use kubelite::api::service::Protocol;
/// let range = NetworkPolicyPort::tcp(32000).end_port(32768);
/// assert_eq!(range.end_port, Some(32768));
/// let dns = NetworkPolicyPort::udp(53);
/// assert_eq!(dns.protocol.as_deref(), Some("UDP"));
/// let http = NetworkPolicyPort::named("http");
/// assert_eq!(http.effective_protocol(), Some(Protocol::Tcp));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NetworkPolicyPort {
    /// Last port of an inclusive range starting at `port` (numeric `port` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_port: Option<i32>,
    /// A port number or a named container port; unset means every port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<IntOrString>,
    /// `TCP` (the default), `UDP` or `SCTP`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
}

impl NetworkPolicyPort {
    /// A TCP port.
    pub fn tcp(port: i32) -> Self {
        Self::number(port, Protocol::Tcp)
    }

    /// A UDP port.
    pub fn udp(port: i32) -> Self {
        Self::number(port, Protocol::Udp)
    }

    /// An SCTP port.
    pub fn sctp(port: i32) -> Self {
        Self::number(port, Protocol::Sctp)
    }

    /// A port number with a protocol.
    pub fn number(port: i32, protocol: Protocol) -> Self {
        NetworkPolicyPort {
            end_port: None,
            port: Some(IntOrString::Int(port)),
            protocol: Some(protocol.into()),
        }
    }

    /// A named container port of the destination pod (TCP unless
    /// [`with_protocol`](Self::with_protocol) says otherwise).
    pub fn named(name: impl Into<String>) -> Self {
        NetworkPolicyPort {
            end_port: None,
            port: Some(IntOrString::String(name.into())),
            protocol: None,
        }
    }

    /// Every port of `protocol`.
    pub fn all_ports(protocol: Protocol) -> Self {
        NetworkPolicyPort {
            end_port: None,
            port: None,
            protocol: Some(protocol.into()),
        }
    }

    /// Sets the protocol.
    pub fn with_protocol(mut self, protocol: Protocol) -> Self {
        self.protocol = Some(protocol.into());
        self
    }

    /// Extends a numeric port to the inclusive range `port..=end_port`.
    pub fn end_port(mut self, end_port: i32) -> Self {
        self.end_port = Some(end_port);
        self
    }

    /// The protocol after defaulting (`TCP` when unset); `None` for a value Kubernetes
    /// rejects.
    pub fn effective_protocol(&self) -> Option<Protocol> {
        match self.protocol.as_deref() {
            None => Some(Protocol::Tcp),
            Some(p) => p.parse().ok(),
        }
    }
}
