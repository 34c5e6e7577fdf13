//! [`Endpoints`] (`v1`, deprecated since 1.33 in favour of
//! [`EndpointSlice`](crate::api::EndpointSlice)): the addresses behind a Service, as one
//! object named like the Service.
//!
//! ```
//! use kubelite::api::Endpoints;
//! use kubelite::api::endpoints::{EndpointAddress, EndpointPort, EndpointSubset};
//! use kubelite::api::service::Protocol;
//! let ep = Endpoints::new("default", "echo-service", vec![EndpointSubset {
//!     addresses: vec![EndpointAddress::new("172.17.0.5"), EndpointAddress::new("172.17.0.6")],
//!     ports: vec![EndpointPort::new(8080, Protocol::Tcp)],
//!     ..Default::default()
//! }]);
//! assert!(kubelite::api::Resource::validate(&ep).is_ok());
//! ```

mod object_reference;
mod subset;
mod validate;

pub use object_reference::ObjectReference;
pub use subset::{EndpointAddress, EndpointPort, EndpointSubset};

use crate::api::service::Protocol;
use crate::meta::ObjectMeta;
use crate::validation::NameRule;

resource! {
    /// The endpoints of a Service: ready and not-ready addresses with their ports.
    pub struct Endpoints {
        api_version: "v1",
        group: "",
        kind: "Endpoints",
        plural: "endpoints",
        namespaced: true,
        name_rule: NameRule::Dns1123Subdomain,
        validate: validate::validate,
        defaults: defaults,
        fields: {
            /// Address groups; the union of all subsets is the set of endpoints.
            subsets: Vec<EndpointSubset> => "subsets",
        }
    }
}

impl Endpoints {
    /// Endpoints named `name` in `namespace` with the given subsets.
    pub fn new(
        namespace: impl Into<String>,
        name: impl Into<String>,
        subsets: Vec<EndpointSubset>,
    ) -> Self {
        Endpoints {
            metadata: ObjectMeta::named(name).in_namespace(namespace),
            subsets,
        }
    }
}

/// Upstream's `SetDefaults_Endpoints`: port protocol `TCP`.
fn defaults(ep: &mut Endpoints) {
    for port in ep.subsets.iter_mut().flat_map(|s| s.ports.iter_mut()) {
        if port.protocol.as_deref().is_none_or(str::is_empty) {
            port.protocol = Some(Protocol::Tcp.into());
        }
    }
}
