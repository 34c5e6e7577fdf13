//! Service (placeholder shape; replaced by the full wire type).

use crate::validation::{ErrorList, NameRule};

resource! {
    /// A Service.
    pub struct Service {
        api_version: "v1",
        group: "",
        kind: "Service",
        plural: "services",
        namespaced: true,
        name_rule: NameRule::Dns1035Label,
        validate: validate,
        defaults: defaults,
        fields: {
            /// Placeholder.
            spec: Option<serde_json::Value> => "spec",
        }
    }
}

fn validate(_: &Service) -> ErrorList {
    ErrorList::new()
}

fn defaults(_: &mut Service) {}
