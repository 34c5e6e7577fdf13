//! ReplicaSet (placeholder shape; replaced by the full wire type).

use crate::validation::{ErrorList, NameRule};

resource! {
    /// A ReplicaSet.
    pub struct ReplicaSet {
        api_version: "apps/v1",
        group: "apps",
        kind: "ReplicaSet",
        plural: "replicasets",
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

fn validate(_: &ReplicaSet) -> ErrorList {
    ErrorList::new()
}

fn defaults(_: &mut ReplicaSet) {}
