//! `ValidateObjectMeta`, `ValidateLabels` and `ValidateAnnotations`.

use std::collections::BTreeMap;

use super::field::{ErrorList, FieldError, FieldPath};
use super::names::{self, NameError};
use crate::labels::Labels;
use crate::meta::ObjectMeta;

/// Which name format a kind's `metadata.name` must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum NameRule {
    /// DNS-1123 subdomain (Pod, Deployment, ReplicaSet, NetworkPolicy, Endpoints, EndpointSlice, Node).
    Dns1123Subdomain,
    /// DNS-1123 label (Namespace; Service since `RelaxedServiceNameValidation`).
    Dns1123Label,
    /// DNS-1035 label (Service, as most clusters still validate it).
    Dns1035Label,
}

impl NameRule {
    /// Checks `name`; with `prefix` (a `generateName`), a trailing `-` is tolerated.
    pub fn check(self, name: &str, prefix: bool) -> Result<(), NameError> {
        let masked;
        let name = if prefix && name.len() > 1 && name.ends_with('-') {
            masked = format!("{}a", &name[..name.len() - 1]);
            masked.as_str()
        } else {
            name
        };
        match self {
            NameRule::Dns1123Subdomain => names::is_dns1123_subdomain(name),
            NameRule::Dns1123Label => names::is_dns1123_label(name),
            NameRule::Dns1035Label => names::is_dns1035_label(name),
        }
    }
}

/// Validates metadata as upstream's `ValidateObjectMeta`: name (or generateName), namespace
/// (required for namespaced kinds, forbidden otherwise), labels, annotations.
///
/// ```
/// use kubelite::meta::ObjectMeta;
/// use kubelite::validation::{validate_object_meta, NameRule};
/// let errs = validate_object_meta(&ObjectMeta::named("My_Svc").in_namespace("default"), true, NameRule::Dns1035Label);
/// assert!(errs[0].to_string().starts_with("metadata.name: Invalid value: \"My_Svc\": a DNS-1035 label"));
/// ```
pub fn validate_object_meta(meta: &ObjectMeta, namespaced: bool, rule: NameRule) -> ErrorList {
    let path = FieldPath::new("metadata");
    let mut errs = ErrorList::new();
    if let Some(generate) = meta.generate_name.as_deref().filter(|g| !g.is_empty())
        && let Err(e) = rule.check(generate, true)
    {
        for m in e.messages() {
            errs.push(FieldError::invalid(
                path.child("generateName"),
                generate,
                m.clone(),
            ));
        }
    }
    match meta.name.as_deref().filter(|n| !n.is_empty()) {
        None => errs.push(FieldError::required(
            path.child("name"),
            "name or generateName is required",
        )),
        Some(name) => {
            if let Err(e) = rule.check(name, false) {
                for m in e.messages() {
                    errs.push(FieldError::invalid(path.child("name"), name, m.clone()));
                }
            }
        }
    }
    let namespace = meta.namespace.as_deref().filter(|n| !n.is_empty());
    if namespaced {
        match namespace {
            None => errs.push(FieldError::required(path.child("namespace"), "")),
            Some(ns) => {
                if let Err(e) = names::is_dns1123_label(ns) {
                    for m in e.messages() {
                        errs.push(FieldError::invalid(path.child("namespace"), ns, m.clone()));
                    }
                }
            }
        }
    } else if namespace.is_some() {
        errs.push(FieldError::forbidden(
            path.child("namespace"),
            "not allowed on this type",
        ));
    }
    if let Some(g) = meta.generation.filter(|g| *g < 0) {
        errs.push(FieldError::invalid(
            path.child("generation"),
            g,
            "must be greater than or equal to 0",
        ));
    }
    errs.extend(validate_labels(&meta.labels, &path.child("labels")));
    errs.extend(validate_annotations(
        &meta.annotations,
        &path.child("annotations"),
    ));
    errs
}

/// Validates a label map as upstream's `ValidateLabels`: each key a qualified name, each value
/// a label value; errors point at the whole map (`metadata.labels`), as upstream's do.
///
/// ```
/// use kubelite::labels::Labels;
/// use kubelite::validation::{validate_labels, FieldPath};
/// let labels: Labels = [("app", "-x")].into_iter().collect();
/// let errs = validate_labels(&labels, &FieldPath::new("metadata").child("labels"));
/// assert!(errs[0].to_string().starts_with("metadata.labels: Invalid value: \"-x\": a valid label must"));
/// ```
pub fn validate_labels(labels: &Labels, path: &FieldPath) -> ErrorList {
    let mut errs = ErrorList::new();
    for (k, v) in labels.iter() {
        if let Err(e) = names::is_qualified_name(k) {
            for m in e.messages() {
                errs.push(FieldError::invalid(path.clone(), k, m.clone()));
            }
        }
        if let Err(e) = names::is_valid_label_value(v) {
            for m in e.messages() {
                errs.push(FieldError::invalid(path.clone(), v, m.clone()));
            }
        }
    }
    errs
}

const TOTAL_ANNOTATION_SIZE_LIMIT: usize = 256 * 1024;

/// Validates annotations as upstream's `ValidateAnnotations`: keys are qualified names (case
/// folded), and all of them together at most 256 KiB.
pub fn validate_annotations(annotations: &BTreeMap<String, String>, path: &FieldPath) -> ErrorList {
    let mut errs = ErrorList::new();
    let mut total = 0;
    for (k, v) in annotations {
        if let Err(e) = names::is_qualified_name(&k.to_lowercase()) {
            for m in e.messages() {
                errs.push(FieldError::invalid(path.clone(), k, m.clone()));
            }
        }
        total += k.len() + v.len();
    }
    if total > TOTAL_ANNOTATION_SIZE_LIMIT {
        errs.push(FieldError::too_long(
            path.clone(),
            format!("must have at most {TOTAL_ANNOTATION_SIZE_LIMIT} bytes"),
        ));
    }
    errs
}
