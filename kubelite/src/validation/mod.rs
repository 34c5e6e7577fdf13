//! Validation as the API server does it: name formats, label keys and values, and per-object
//! rules, each failure a [`FieldError`] in upstream's words.
//!
//! ```
//! use kubelite::validation::{is_dns1035_label, is_valid_label_value};
//! assert!(is_dns1035_label("echo-service").is_ok());
//! assert!(is_valid_label_value("echo-minikube").is_ok());
//! ```

mod deployment;
mod field;
mod invalid;
mod meta;
use kubelite_rules::names;
mod network_policy;
mod pod;
pub(crate) mod service;

pub use deployment::{validate_deployment_spec, validate_replica_set_spec};
pub use field::{BadValue, ErrorList, ErrorType, FieldError, FieldPath, go_quote};
pub use invalid::Invalid;
pub use meta::{NameRule, validate_annotations, validate_labels, validate_object_meta};
pub use names::{
    DNS1035_LABEL_MESSAGE, DNS1123_LABEL_MESSAGE, DNS1123_SUBDOMAIN_MESSAGE, LABEL_VALUE_MESSAGE,
    NameError, PORT_RANGE_MESSAGE, is_config_map_key, is_dns1035_label, is_dns1123_label,
    is_dns1123_subdomain, is_fully_qualified_domain_name, is_qualified_name, is_valid_label_value,
    is_valid_port_name, is_valid_port_num, is_wildcard_dns1123_subdomain,
};
pub use network_policy::validate_network_policy_spec;
pub(crate) use pod::validate_pod_create;
pub use pod::{validate_pod_spec, validate_pod_template_spec};
pub use service::net::{
    Cidr, is_valid_cidr, is_valid_ip, is_valid_ipv4_address, is_valid_ipv6_address,
    parse_ip_sloppy, validate_non_special_ip,
};
pub use service::validate_service_fields;
