//! Node (placeholder shape; replaced by the full wire type).

use crate::validation::{ErrorList, NameRule};

resource! {
    /// A Node.
    pub struct Node {
        api_version: "v1",
        group: "",
        kind: "Node",
        plural: "nodes",
        namespaced: false,
        name_rule: NameRule::Dns1123Subdomain,
        validate: validate,
        defaults: defaults,
        fields: {
            /// Placeholder.
            spec: Option<serde_json::Value> => "spec",
        }
    }
}

fn validate(_: &Node) -> ErrorList {
    ErrorList::new()
}

fn defaults(_: &mut Node) {}
