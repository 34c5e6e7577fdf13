//! Namespace (placeholder shape; replaced by the full wire type).

use crate::validation::{ErrorList, NameRule};

resource! {
    /// A Namespace.
    pub struct Namespace {
        api_version: "v1",
        group: "",
        kind: "Namespace",
        plural: "namespaces",
        namespaced: false,
        name_rule: NameRule::Dns1123Label,
        validate: validate,
        defaults: defaults,
        fields: {
            /// Placeholder.
            spec: Option<serde_json::Value> => "spec",
        }
    }
}

fn validate(_: &Namespace) -> ErrorList {
    ErrorList::new()
}

fn defaults(_: &mut Namespace) {}
