//! [`ServicePort`]: one port a Service exposes and where it forwards to.

use serde::{Deserialize, Serialize};

use super::Protocol;
use crate::api::IntOrString;

/// One port of a Service (`core/v1 ServicePort`).
///
/// ```
/// use kubelite::api::service::{Protocol, ServicePort};
/// let dns = ServicePort::udp(53).named("dns");
/// assert_eq!(dns.protocol.as_deref(), Some("UDP"));
/// assert_eq!(dns.effective_protocol(), Some(Protocol::Udp));
/// let web = ServicePort::tcp(80).target(8080);
/// assert_eq!(web.effective_target_port(), 8080.into());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServicePort {
    /// Application protocol hint (`http`, `kubernetes.io/h2c`, `example.com/proto`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_protocol: Option<String>,
    /// Port name (DNS-1123 label); required when the Service has more than one port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Port opened on every node (NodePort and LoadBalancer Services); allocated when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_port: Option<i32>,
    /// The port the Service listens on.
    #[serde(default)]
    pub port: i32,
    /// `TCP` (the default), `UDP` or `SCTP`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// Number or container-port name on the selected pods; defaults to `port`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_port: Option<IntOrString>,
}

impl ServicePort {
    /// A port with `protocol` and `targetPort` left for the server to default.
    pub fn new(port: i32) -> Self {
        ServicePort {
            port,
            ..ServicePort::default()
        }
    }

    /// A TCP port forwarding to the same port number.
    pub fn tcp(port: i32) -> Self {
        ServicePort::new(port).protocol(Protocol::Tcp)
    }

    /// A UDP port forwarding to the same port number.
    pub fn udp(port: i32) -> Self {
        ServicePort::new(port).protocol(Protocol::Udp)
    }

    /// An SCTP port forwarding to the same port number.
    pub fn sctp(port: i32) -> Self {
        ServicePort::new(port).protocol(Protocol::Sctp)
    }

    /// Sets the port name.
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets the protocol.
    pub fn protocol(mut self, protocol: Protocol) -> Self {
        self.protocol = Some(protocol.into());
        self
    }

    /// Sets the target port: a number or a container port name.
    pub fn target(mut self, target: impl Into<IntOrString>) -> Self {
        self.target_port = Some(target.into());
        self
    }

    /// Requests a specific node port.
    pub fn node_port(mut self, node_port: i32) -> Self {
        self.node_port = Some(node_port);
        self
    }

    /// Sets the application protocol hint.
    pub fn app_protocol(mut self, app_protocol: impl Into<String>) -> Self {
        self.app_protocol = Some(app_protocol.into());
        self
    }

    /// The name, or `""` when unnamed.
    pub fn name(&self) -> &str {
        self.name.as_deref().unwrap_or_default()
    }

    /// The protocol after defaulting (`TCP` when unset); `None` when the wire value is not
    /// one Kubernetes accepts.
    pub fn effective_protocol(&self) -> Option<Protocol> {
        match self.protocol.as_deref() {
            None | Some("") => Some(Protocol::Tcp),
            Some(p) => p.parse().ok(),
        }
    }

    /// The target port after defaulting: unset, `0` and `""` all mean `port`.
    pub fn effective_target_port(&self) -> IntOrString {
        match &self.target_port {
            None => IntOrString::Int(self.port),
            Some(IntOrString::Int(0)) => IntOrString::Int(self.port),
            Some(IntOrString::String(s)) if s.is_empty() => IntOrString::Int(self.port),
            Some(t) => t.clone(),
        }
    }

    /// The node port, when one is set or allocated (`0` counts as unset).
    pub fn node_port_number(&self) -> Option<i32> {
        self.node_port.filter(|p| *p != 0)
    }
}
