//! [`EndpointSlice`] (`discovery.k8s.io/v1`): a slice of a Service's endpoints, with
//! per-endpoint readiness and topology.
//!
//! ```
//! use kubelite::api::EndpointSlice;
//! use kubelite::api::endpointslice::{AddressType, Endpoint, EndpointPort};
//! use kubelite::api::service::Protocol;
//! let slice = EndpointSlice::new("default", "echo-service-abcde", AddressType::Ipv4)
//!     .for_service("echo-service")
//!     .endpoint(Endpoint::new("10.244.0.5").ready(true).serving(true).terminating(false))
//!     .port(EndpointPort::new("", 8080, Protocol::Tcp));
//! assert_eq!(slice.service_name(), Some("echo-service"));
//! assert!(kubelite::api::Resource::validate(&slice).is_ok());
//! ```

mod endpoint;
mod port;
mod validate;

pub use endpoint::{Endpoint, EndpointConditions, EndpointHints, ForNode, ForZone};
pub use port::EndpointPort;

use crate::api::service::{Protocol, wire_enum};
use crate::meta::ObjectMeta;
use crate::validation::NameRule;

/// Label linking a slice to its Service.
pub const LABEL_SERVICE_NAME: &str = "kubernetes.io/service-name";
/// Label naming the controller that manages a slice.
pub const LABEL_MANAGED_BY: &str = "endpointslice.kubernetes.io/managed-by";
/// `managed-by` value of the built-in EndpointSlice controller.
pub const CONTROLLER_NAME: &str = "endpointslice-controller.k8s.io";

wire_enum! {
    /// The kind of addresses a slice holds (`addressType`).
    pub enum AddressType ("address type") {
        /// IPv4 addresses.
        Ipv4 => "IPv4",
        /// IPv6 addresses.
        Ipv6 => "IPv6",
        /// Fully qualified domain names.
        Fqdn => "FQDN",
    }
}

resource! {
    /// A slice of the endpoints behind a Service.
    pub struct EndpointSlice {
        api_version: "discovery.k8s.io/v1",
        group: "discovery.k8s.io",
        kind: "EndpointSlice",
        plural: "endpointslices",
        namespaced: true,
        name_rule: NameRule::Dns1123Subdomain,
        validate: validate::validate,
        defaults: defaults,
        fields: {
            /// `IPv4`, `IPv6` or `FQDN`; immutable.
            address_type: Option<String> => "addressType",
            /// The endpoints.
            endpoints: Vec<Endpoint> => "endpoints",
            /// The ports every endpoint of the slice serves.
            ports: Vec<EndpointPort> => "ports",
        }
    }
}

impl EndpointSlice {
    /// An empty slice named `name` in `namespace`.
    pub fn new(
        namespace: impl Into<String>,
        name: impl Into<String>,
        address_type: AddressType,
    ) -> Self {
        EndpointSlice {
            metadata: ObjectMeta::named(name).in_namespace(namespace),
            address_type: Some(address_type.into()),
            ..EndpointSlice::default()
        }
    }

    /// Labels the slice as belonging to Service `service` (`kubernetes.io/service-name`).
    pub fn for_service(mut self, service: impl Into<String>) -> Self {
        self.metadata.labels.insert(LABEL_SERVICE_NAME, service);
        self
    }

    /// Adds an endpoint.
    pub fn endpoint(mut self, endpoint: Endpoint) -> Self {
        self.endpoints.push(endpoint);
        self
    }

    /// Adds a port.
    pub fn port(mut self, port: EndpointPort) -> Self {
        self.ports.push(port);
        self
    }

    /// The Service this slice belongs to, from its `kubernetes.io/service-name` label.
    pub fn service_name(&self) -> Option<&str> {
        self.metadata.labels.get(LABEL_SERVICE_NAME)
    }

    /// The address type, if set and valid.
    pub fn address_type(&self) -> Option<AddressType> {
        self.address_type.as_deref().and_then(|t| t.parse().ok())
    }
}

/// Upstream's `SetDefaults_EndpointPort`: name `""` and protocol `TCP` when unset.
fn defaults(slice: &mut EndpointSlice) {
    for port in &mut slice.ports {
        if port.name.is_none() {
            port.name = Some(String::new());
        }
        if port.protocol.is_none() {
            port.protocol = Some(Protocol::Tcp.into());
        }
    }
}
