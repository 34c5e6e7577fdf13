//! NetworkPolicy (placeholder shape; replaced by the full wire type).

use crate::validation::{ErrorList, NameRule};

resource! {
    /// A NetworkPolicy.
    pub struct NetworkPolicy {
        api_version: "networking.k8s.io/v1",
        group: "networking.k8s.io",
        kind: "NetworkPolicy",
        plural: "networkpolicies",
        namespaced: true,
        name_rule: NameRule::Dns1123Subdomain,
        validate: validate,
        defaults: defaults,
        fields: {
            /// Placeholder.
            spec: Option<serde_json::Value> => "spec",
        }
    }
}

fn validate(_: &NetworkPolicy) -> ErrorList {
    ErrorList::new()
}

fn defaults(_: &mut NetworkPolicy) {}
