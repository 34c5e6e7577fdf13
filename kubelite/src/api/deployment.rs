//! Deployment (placeholder shape; replaced by the full wire type).

use crate::validation::{ErrorList, NameRule};

resource! {
    /// A Deployment.
    pub struct Deployment {
        api_version: "apps/v1",
        group: "apps",
        kind: "Deployment",
        plural: "deployments",
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

fn validate(_: &Deployment) -> ErrorList {
    ErrorList::new()
}

fn defaults(_: &mut Deployment) {}
