//! [`Namespace`] (`v1`): a scope for names, selected by NetworkPolicies through its labels.
//!
//! ```
//! use kubelite::api::Namespace;
//! let ns = Namespace::builder("x").label("ns", "x").build()?;
//! assert_eq!(ns.metadata.labels.get("kubernetes.io/metadata.name"), Some("x"));
//! assert_eq!(ns.phase(), Some("Active"));
//! # Ok::<(), kubelite::validation::Invalid>(())
//! ```

mod builder;
mod types;
mod validate;

pub use builder::NamespaceBuilder;
pub use types::{NamespaceCondition, NamespaceSpec, NamespaceStatus};

use crate::validation::NameRule;

/// The label the API server puts on every namespace, holding its name.
pub const LABEL_METADATA_NAME: &str = "kubernetes.io/metadata.name";
/// The finalizer the API server adds on create; the namespace controller removes it once
/// the namespace's content is deleted.
pub const FINALIZER_KUBERNETES: &str = "kubernetes";
/// `status.phase` of a live namespace.
pub const PHASE_ACTIVE: &str = "Active";
/// `status.phase` of a namespace being deleted.
pub const PHASE_TERMINATING: &str = "Terminating";

resource! {
    /// A Namespace.
    pub struct Namespace {
        api_version: "v1",
        group: "",
        kind: "Namespace",
        plural: "namespaces",
        namespaced: false,
        name_rule: NameRule::Dns1123Label,
        validate: validate::validate,
        defaults: defaults,
        fields: {
            /// Finalizers.
            spec: Option<NamespaceSpec> => "spec",
            /// Phase and conditions.
            status: Option<NamespaceStatus> => "status",
        }
    }
}

impl Namespace {
    /// `status.phase` (`Active` or `Terminating`), if set.
    pub fn phase(&self) -> Option<&str> {
        self.status.as_ref().and_then(|s| s.phase.as_deref())
    }
}

/// What the API server sets on create: upstream's `SetDefaults_Namespace` (the
/// `kubernetes.io/metadata.name` label), `SetDefaults_NamespaceStatus` (phase `Active`) and
/// the namespace strategy's `PrepareForCreate` (the `kubernetes` finalizer).
fn defaults(ns: &mut Namespace) {
    // A nameless namespace (generateName) gets the label once it has a name.
    if let Some(name) = ns.metadata.name.clone().filter(|n| !n.is_empty()) {
        ns.metadata.labels.insert(LABEL_METADATA_NAME, name);
    }
    let spec = ns.spec.get_or_insert_with(Default::default);
    if !spec.finalizers.iter().any(|f| f == FINALIZER_KUBERNETES) {
        spec.finalizers.push(FINALIZER_KUBERNETES.to_owned());
    }
    let status = ns.status.get_or_insert_with(Default::default);
    if status.phase.as_deref().is_none_or(str::is_empty) {
        status.phase = Some(PHASE_ACTIVE.to_owned());
    }
}
