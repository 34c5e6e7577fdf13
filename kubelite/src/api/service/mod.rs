//! [`Service`] (`v1`): a stable virtual IP and DNS name in front of the pods its selector
//! matches, and the types it is made of.
//!
//! ```
//! use kubelite::api::Service;
//! use kubelite::api::service::ServiceType;
//! let kibana = Service::builder("kibana")
//!     .label("app", "kibana")
//!     .selector("app", "kibana")
//!     .port(5601)
//!     .node_port_type()
//!     .build()?;
//! assert_eq!(kibana.spec.service_type(), Some(ServiceType::NodePort));
//! assert_eq!(kibana.spec.external_traffic_policy.as_deref(), Some("Cluster"));
//! # Ok::<(), kubelite::validation::Invalid>(())
//! ```

mod builder;
mod defaults;
mod kinds;
pub(crate) mod nullable;
mod port;
mod spec;
mod status;

pub use builder::ServiceBuilder;
pub(crate) use kinds::wire_enum;
pub use kinds::{
    IpFamily, IpFamilyPolicy, Protocol, ServiceType, SessionAffinity, TrafficDistribution,
    TrafficPolicy, UnknownValue,
};
pub use port::ServicePort;
pub use spec::{CLUSTER_IP_NONE, ClientIpConfig, ServiceSpec, SessionAffinityConfig};
pub use status::{Condition, LoadBalancerIngress, LoadBalancerStatus, PortStatus, ServiceStatus};

use crate::api::WireField;
use crate::validation::{ErrorList, NameRule};

/// The ClientIP affinity timeout the server fills in: 3 hours.
pub const DEFAULT_CLIENT_IP_TIMEOUT_SECONDS: i32 = 10_800;

/// The longest ClientIP affinity timeout validation accepts: 1 day.
pub const MAX_CLIENT_IP_TIMEOUT_SECONDS: i32 = 86_400;

resource! {
    /// A Service: a stable virtual IP and DNS name for the pods its selector matches.
    ///
    /// Names are DNS-1035 labels (start with a letter): that is what the conformance
    /// vectors expect and what clusters before `RelaxedServiceNameValidation` (GA in 1.37)
    /// enforce, so a manifest kubelite accepts is accepted everywhere.
    pub struct Service {
        api_version: "v1",
        group: "",
        kind: "Service",
        plural: "services",
        namespaced: true,
        name_rule: NameRule::Dns1035Label,
        validate: validate,
        defaults: defaults::defaults,
        fields: {
            /// The desired state.
            spec: ServiceSpec => "spec",
            /// The observed state (load-balancer ingress, conditions).
            status: Option<ServiceStatus> => "status",
        }
    }
}

/// An all-default spec is left out of the wire form, as an absent one reads back.
impl WireField for ServiceSpec {
    fn is_absent(&self) -> bool {
        *self == ServiceSpec::default()
    }
}

fn validate(svc: &Service) -> ErrorList {
    crate::validation::validate_service_fields(svc)
}
