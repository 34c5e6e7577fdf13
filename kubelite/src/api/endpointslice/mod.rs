//! EndpointSlice (placeholder shape; replaced by the full wire type).

use crate::validation::{ErrorList, NameRule};

resource! {
    /// A EndpointSlice.
    pub struct EndpointSlice {
        api_version: "discovery.k8s.io/v1",
        group: "discovery.k8s.io",
        kind: "EndpointSlice",
        plural: "endpointslices",
        namespaced: true,
        name_rule: NameRule::Dns1123Subdomain,
        validate: validate,
        defaults: defaults,
        fields: {
            /// Placeholder.
            endpoints: Option<serde_json::Value> => "endpoints",
        }
    }
}

fn validate(_: &EndpointSlice) -> ErrorList {
    ErrorList::new()
}

fn defaults(_: &mut EndpointSlice) {}
