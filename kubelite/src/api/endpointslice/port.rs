//! [`EndpointPort`] of an EndpointSlice.

use serde::{Deserialize, Serialize};

use crate::api::service::Protocol;

/// One port of an EndpointSlice (`discovery/v1 EndpointPort`): the Service port's name and
/// the resolved target port number.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EndpointPort {
    /// Application protocol hint, copied from the Service port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_protocol: Option<String>,
    /// The Service port's name (`""` for an unnamed port once defaulted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The port number; unset means all ports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i32>,
    /// `TCP` (the default), `UDP` or `SCTP`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
}

impl EndpointPort {
    /// A port as the EndpointSlice controller writes it.
    ///
    /// ```
    /// use kubelite::api::endpointslice::EndpointPort;
    /// use kubelite::api::service::Protocol;
    /// let p = EndpointPort::new("http", 8080, Protocol::Tcp);
    /// assert_eq!(p.port, Some(8080));
    /// ```
    pub fn new(name: impl Into<String>, port: i32, protocol: Protocol) -> Self {
        EndpointPort {
            app_protocol: None,
            name: Some(name.into()),
            port: Some(port),
            protocol: Some(protocol.into()),
        }
    }
}
