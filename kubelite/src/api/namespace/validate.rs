//! Upstream's `ValidateNamespace`: metadata (checked by `Resource::validate`) and the
//! finalizer names.

use super::Namespace;
use crate::validation::service::ports::qualified_name_errors;
use crate::validation::{ErrorList, FieldError, FieldPath};

/// `helper.IsStandardFinalizerName`.
const STANDARD_FINALIZERS: &[&str] = &["kubernetes", "orphan", "foregroundDeletion"];

pub(super) fn validate(ns: &Namespace) -> ErrorList {
    let mut errs = ErrorList::new();
    let path = FieldPath::new("spec").child("finalizers");
    let finalizers = ns.spec.iter().flat_map(|s| &s.finalizers);
    for finalizer in finalizers {
        // Every finalizer is reported at the list's path, without an index, as upstream does.
        errs.extend(qualified_name_errors(finalizer, &path));
        if !finalizer.contains('/') && !STANDARD_FINALIZERS.contains(&finalizer.as_str()) {
            errs.push(FieldError::invalid(
                path.clone(),
                finalizer,
                "name is neither a standard finalizer name nor is it fully qualified",
            ));
        }
    }
    errs
}
