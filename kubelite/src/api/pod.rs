//! Pod (placeholder shape; replaced by the full wire type).

use crate::validation::{ErrorList, NameRule};

resource! {
    /// A Pod.
    pub struct Pod {
        api_version: "v1",
        group: "",
        kind: "Pod",
        plural: "pods",
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

fn validate(_: &Pod) -> ErrorList {
    ErrorList::new()
}

fn defaults(_: &mut Pod) {}
