//! Field selectors (`--field-selector`): `=`, `==` and `!=` on the fields the API server
//! indexes for each kind.

use crate::api::{Kind, Object};
use crate::error::ApiError;

/// One `field op value` term.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FieldTerm {
    field: String,
    value: String,
    equal: bool,
}

/// All terms, ANDed.
pub(crate) type FieldSelector = Vec<FieldTerm>;

fn supported(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Pod => &[
            "metadata.name",
            "metadata.namespace",
            "spec.nodeName",
            "spec.restartPolicy",
            "spec.schedulerName",
            "spec.serviceAccountName",
            "spec.hostNetwork",
            "status.phase",
            "status.podIP",
            "status.nominatedNodeName",
        ],
        Kind::Namespace => &["metadata.name", "status.phase"],
        Kind::Node => &["metadata.name", "spec.unschedulable"],
        Kind::Service => &[
            "metadata.name",
            "metadata.namespace",
            "spec.clusterIP",
            "spec.type",
        ],
        Kind::ReplicaSet => &["metadata.name", "metadata.namespace", "status.replicas"],
        _ => &["metadata.name", "metadata.namespace"],
    }
}

impl FieldTerm {
    /// Parses `a=b,c!=d`; an unknown field is upstream's `field label not supported: ...`.
    pub(crate) fn parse_all(kind: Kind, input: &str) -> Result<FieldSelector, ApiError> {
        let mut terms = Vec::new();
        for part in input.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (field, value, equal) = if let Some((f, v)) = part.split_once("!=") {
                (f, v, false)
            } else if let Some((f, v)) = part.split_once("==") {
                (f, v, true)
            } else if let Some((f, v)) = part.split_once('=') {
                (f, v, true)
            } else {
                return Err(ApiError::BadRequest(format!(
                    "invalid selector: '{part}'; can't understand '{part}'"
                )));
            };
            let field = field.trim();
            if !supported(kind).contains(&field) {
                return Err(ApiError::BadRequest(format!(
                    "field label not supported: {field}"
                )));
            }
            terms.push(FieldTerm {
                field: field.to_owned(),
                value: value.trim().to_owned(),
                equal,
            });
        }
        Ok(terms)
    }
}

/// Parses a field selector for `kind`.
pub(crate) fn parse(kind: Kind, input: &str) -> Result<FieldSelector, ApiError> {
    FieldTerm::parse_all(kind, input)
}

fn field_value(object: &Object, field: &str) -> String {
    let meta = object.meta();
    match field {
        "metadata.name" => return meta.name().to_owned(),
        "metadata.namespace" => return meta.namespace().to_owned(),
        _ => {}
    }
    match object {
        Object::Pod(p) => match field {
            "spec.nodeName" => p.spec.node_name.clone().unwrap_or_default(),
            "spec.restartPolicy" => p.spec.restart_policy.clone().unwrap_or_default(),
            "spec.schedulerName" => p.spec.scheduler_name.clone().unwrap_or_default(),
            "spec.serviceAccountName" => p.spec.service_account_name.clone().unwrap_or_default(),
            "spec.hostNetwork" => p.spec.host_network.unwrap_or(false).to_string(),
            "status.phase" => p.status.phase.clone().unwrap_or_default(),
            "status.podIP" => p.status.pod_ip.clone().unwrap_or_default(),
            "status.nominatedNodeName" => p.status.nominated_node_name.clone().unwrap_or_default(),
            _ => String::new(),
        },
        Object::Namespace(n) => n.phase().unwrap_or_default().to_owned(),
        Object::Service(s) => match field {
            "spec.clusterIP" => s.spec.cluster_ip.clone().unwrap_or_default(),
            "spec.type" => s.spec.type_.clone().unwrap_or_default(),
            _ => String::new(),
        },
        Object::ReplicaSet(r) => r.status.replicas.to_string(),
        Object::Node(n) => n
            .spec
            .as_ref()
            .and_then(|s| s.unschedulable)
            .unwrap_or(false)
            .to_string(),
        _ => String::new(),
    }
}

/// Whether `object` satisfies every term.
pub(crate) fn matches_fields(selector: &FieldSelector, object: &Object) -> bool {
    selector
        .iter()
        .all(|t| (field_value(object, &t.field) == t.value) == t.equal)
}

/// Options for listing objects: label and field selectors, as `kubectl get -l … --field-selector …`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListOptions {
    /// A label selector in the `-l` grammar (`""` selects everything).
    pub label_selector: String,
    /// A field selector (`metadata.name=x,status.phase!=Running`).
    pub field_selector: String,
}

impl ListOptions {
    /// Options with a label selector.
    pub fn labels(selector: impl Into<String>) -> Self {
        ListOptions {
            label_selector: selector.into(),
            ..ListOptions::default()
        }
    }

    /// Adds a field selector.
    pub fn fields(mut self, selector: impl Into<String>) -> Self {
        self.field_selector = selector.into();
        self
    }
}
