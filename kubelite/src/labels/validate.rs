//! API validation of a [`LabelSelector`] object (`ValidateLabelSelector` in
//! `k8s.io/apimachinery/pkg/apis/meta/v1/validation`).

use super::label_selector::{
    LabelSelector, LabelSelectorRequirement, OP_DOES_NOT_EXIST, OP_EXISTS, OP_IN, OP_NOT_IN,
};
use crate::validation::{
    ErrorList, FieldError, FieldPath, is_qualified_name, is_valid_label_value, validate_labels,
};

/// Validates a selector object as the API server does, with its field errors:
///
/// - `matchLabels` as labels (errors on `<path>.matchLabels`);
/// - per expression `i`, on `<path>.matchExpressions[i]`: `In`/`NotIn` without values,
///   ``values: Required value: must be specified when `operator` is 'In' or 'NotIn'``;
///   `Exists`/`DoesNotExist` with values,
///   ``values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'``;
///   any other operator, `operator: Invalid value: "<op>": not a valid selector operator`;
///   then the key (`key`) and each value (`values[j]`).
///
/// ```
/// use kubelite::labels::{validate_label_selector, LabelSelector, LabelSelectorRequirement};
/// use kubelite::validation::FieldPath;
/// let sel = LabelSelector::new().expression(LabelSelectorRequirement::in_values("tier", Vec::<String>::new()));
/// let errs = validate_label_selector(&sel, &FieldPath::new("spec").child("selector"));
/// assert_eq!(
///     errs[0].to_string(),
///     "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"
/// );
/// ```
pub fn validate_label_selector(selector: &LabelSelector, path: &FieldPath) -> ErrorList {
    let mut errs = validate_labels(&selector.match_labels, &path.child("matchLabels"));
    for (i, expr) in selector.match_expressions.iter().enumerate() {
        errs.extend(validate_requirement(
            expr,
            &path.child("matchExpressions").index(i),
        ));
    }
    errs
}

fn validate_requirement(expr: &LabelSelectorRequirement, path: &FieldPath) -> ErrorList {
    let mut errs = ErrorList::new();
    match expr.operator.as_str() {
        OP_IN | OP_NOT_IN => {
            if expr.values.is_empty() {
                errs.push(FieldError::required(
                    path.child("values"),
                    "must be specified when `operator` is 'In' or 'NotIn'",
                ));
            }
        }
        OP_EXISTS | OP_DOES_NOT_EXIST => {
            if !expr.values.is_empty() {
                errs.push(FieldError::forbidden(
                    path.child("values"),
                    "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                ));
            }
        }
        other => errs.push(FieldError::invalid(
            path.child("operator"),
            other,
            "not a valid selector operator",
        )),
    }
    if let Err(e) = is_qualified_name(&expr.key) {
        for m in e.messages() {
            errs.push(FieldError::invalid(
                path.child("key"),
                expr.key.as_str(),
                m.clone(),
            ));
        }
    }
    for (j, value) in expr.values.iter().enumerate() {
        if let Err(e) = is_valid_label_value(value) {
            for m in e.messages() {
                errs.push(FieldError::invalid(
                    path.child("values").index(j),
                    value.as_str(),
                    m.clone(),
                ));
            }
        }
    }
    errs
}
