//! Endpoints (placeholder shape; replaced by the full wire type).

use crate::validation::{ErrorList, NameRule};

resource! {
    /// A Endpoints.
    pub struct Endpoints {
        api_version: "v1",
        group: "",
        kind: "Endpoints",
        plural: "endpoints",
        namespaced: true,
        name_rule: NameRule::Dns1123Subdomain,
        validate: validate,
        defaults: defaults,
        fields: {
            /// Placeholder.
            subsets: Option<serde_json::Value> => "subsets",
        }
    }
}

fn validate(_: &Endpoints) -> ErrorList {
    ErrorList::new()
}

fn defaults(_: &mut Endpoints) {}
