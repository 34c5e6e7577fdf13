//! Deployment and ReplicaSet spec validation as `pkg/apis/apps/validation` does it
//! (`ValidateDeploymentSpec`, `ValidateReplicaSetSpec`, `ValidatePodTemplateSpecForReplicaSet`),
//! with upstream's field paths, order and wording.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::field::{BadValue, ErrorList, FieldError, FieldPath};
use super::pod::validate_pod_template_spec;
use crate::api::IntOrString;
use crate::api::deployment::{DeploymentSpec, DeploymentStrategy, RollingUpdateDeployment};
use crate::api::pod::PodTemplateSpec;
use crate::api::replicaset::ReplicaSetSpec;
use crate::labels::{LabelSelector, Labels, validate_label_selector};

const NEGATIVE: &str = "must be greater than or equal to 0";
const PERCENT: &str = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

/// Validates a defaulted Deployment spec as `ValidateDeploymentSpec` does on create.
///
/// ```
/// use kubelite::api::deployment::DeploymentSpec;
/// use kubelite::validation::validate_deployment_spec;
/// let errs = validate_deployment_spec(&DeploymentSpec::default());
/// assert_eq!(errs[0].to_string(), "spec.selector: Required value");
/// ```
pub fn validate_deployment_spec(spec: &DeploymentSpec) -> ErrorList {
    let path = FieldPath::new("spec");
    let mut errs = non_negative(spec.replicas, &path.child("replicas"));
    errs.extend(validate_selector_and_template(
        spec.selector.as_ref(),
        &spec.template,
        &path,
    ));
    errs.extend(validate_strategy(&spec.strategy, &path.child("strategy")));
    errs.extend(non_negative(
        spec.min_ready_seconds,
        &path.child("minReadySeconds"),
    ));
    errs.extend(non_negative(
        spec.revision_history_limit,
        &path.child("revisionHistoryLimit"),
    ));
    if let Some(deadline) = spec.progress_deadline_seconds {
        let p = path.child("progressDeadlineSeconds");
        errs.extend(non_negative(Some(deadline), &p));
        if deadline <= spec.min_ready_seconds.unwrap_or(0) {
            errs.push(FieldError::invalid(
                p,
                deadline,
                "must be greater than minReadySeconds",
            ));
        }
    }
    errs
}

/// Validates a defaulted ReplicaSet spec as `ValidateReplicaSetSpec` does on create.
pub fn validate_replica_set_spec(spec: &ReplicaSetSpec) -> ErrorList {
    let path = FieldPath::new("spec");
    let mut errs = non_negative(spec.replicas, &path.child("replicas"));
    errs.extend(non_negative(
        spec.min_ready_seconds,
        &path.child("minReadySeconds"),
    ));
    errs.extend(validate_selector_and_template(
        spec.selector.as_ref(),
        &spec.template,
        &path,
    ));
    errs
}

/// The selector (required, valid, non-empty) and the template it must match; shared by
/// Deployments and ReplicaSets (whose message also says "deployment", as upstream's does).
fn validate_selector_and_template(
    selector: Option<&LabelSelector>,
    template: &PodTemplateSpec,
    path: &FieldPath,
) -> ErrorList {
    let mut errs = ErrorList::new();
    let selector_path = path.child("selector");
    match selector {
        None => errs.push(FieldError::required(selector_path.clone(), "")),
        Some(s) => {
            errs.extend(validate_label_selector(s, &selector_path));
            if s.is_empty() {
                errs.push(FieldError::invalid(
                    selector_path.clone(),
                    selector_value(s),
                    "empty selector is invalid for deployment",
                ));
            }
        }
    }
    let template_path = path.child("template");
    // Upstream's `LabelSelectorAsSelector`: absent matches nothing, so an absent selector
    // also reports the template as not matching.
    let converted = match selector {
        None => Ok(None),
        Some(s) => s.to_selector().map(Some),
    };
    match converted {
        Err(_) => {
            if let Some(s) = selector {
                errs.push(FieldError::invalid(
                    selector_path,
                    selector_value(s),
                    "invalid label selector",
                ));
            }
        }
        Ok(converted) => {
            let matches = converted
                .as_ref()
                .map(|s| s.is_empty() || s.matches(&template.metadata.labels));
            if matches != Some(true) {
                errs.push(FieldError::invalid(
                    template_path.child("metadata").child("labels"),
                    labels_value(&template.metadata.labels),
                    "`selector` does not match template `labels`",
                ));
            }
            errs.extend(validate_pod_template_spec(template, &template_path));
            let spec_path = template_path.child("spec");
            let restart = template.spec.restart_policy.as_deref().unwrap_or_default();
            if restart != "Always" {
                errs.push(FieldError::not_supported(
                    spec_path.child("restartPolicy"),
                    restart,
                    &["Always"],
                ));
            }
            if template.spec.active_deadline_seconds.is_some() {
                errs.push(FieldError::forbidden(
                    spec_path.child("activeDeadlineSeconds"),
                    "activeDeadlineSeconds in ReplicaSet is not Supported",
                ));
            }
        }
    }
    errs
}

/// `ValidateDeploymentStrategy`.
fn validate_strategy(strategy: &DeploymentStrategy, path: &FieldPath) -> ErrorList {
    let mut errs = ErrorList::new();
    match strategy.type_.as_deref().unwrap_or_default() {
        "Recreate" => {
            if strategy.rolling_update.is_some() {
                errs.push(FieldError::forbidden(
                    path.child("rollingUpdate"),
                    "may not be specified when strategy `type` is 'Recreate'",
                ));
            }
        }
        "RollingUpdate" => match &strategy.rolling_update {
            None => errs.push(FieldError::required(
                path.child("rollingUpdate"),
                "this should be defaulted and never be nil",
            )),
            Some(r) => errs.extend(validate_rolling_update(r, &path.child("rollingUpdate"))),
        },
        _ => errs.push(FieldError::not_supported(
            path.clone(),
            internal_strategy_value(strategy),
            &["Recreate", "RollingUpdate"],
        )),
    }
    errs
}

/// `ValidateRollingUpdateDeployment`. An absent bound is the internal zero value, `0`.
fn validate_rolling_update(r: &RollingUpdateDeployment, path: &FieldPath) -> ErrorList {
    let zero = IntOrString::Int(0);
    let max_unavailable = r.max_unavailable.as_ref().unwrap_or(&zero);
    let max_surge = r.max_surge.as_ref().unwrap_or(&zero);
    let unavailable_path = path.child("maxUnavailable");
    let mut errs = positive_int_or_percent(max_unavailable, &unavailable_path);
    errs.extend(positive_int_or_percent(max_surge, &path.child("maxSurge")));
    if int_or_percent_value(max_unavailable) == 0 && int_or_percent_value(max_surge) == 0 {
        errs.push(FieldError::invalid(
            unavailable_path.clone(),
            int_or_string_value(max_unavailable),
            "may not be 0 when `maxSurge` is 0",
        ));
    }
    if percent(max_unavailable).is_some_and(|p| p > 100) {
        errs.push(FieldError::invalid(
            unavailable_path,
            int_or_string_value(max_unavailable),
            "must not be greater than 100%",
        ));
    }
    errs
}

/// `ValidatePositiveIntOrPercent`.
fn positive_int_or_percent(value: &IntOrString, path: &FieldPath) -> ErrorList {
    match value {
        IntOrString::String(s) if !is_valid_percent(s) => vec![FieldError::invalid(
            path.clone(),
            int_or_string_value(value),
            PERCENT,
        )],
        IntOrString::String(_) => ErrorList::new(),
        IntOrString::Int(i) => non_negative(Some(*i), path),
    }
}

/// `[0-9]+%`
fn is_valid_percent(s: &str) -> bool {
    s.strip_suffix('%')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit()))
}

fn percent(value: &IntOrString) -> Option<i64> {
    match value {
        IntOrString::String(s) if is_valid_percent(s) => {
            // Saturates where Go's Atoi would fail (and yield 0); only absurd inputs differ.
            Some(s.trim_end_matches('%').parse().unwrap_or(i64::MAX))
        }
        _ => None,
    }
}

/// `getIntOrPercentValue`: a valid percentage's number, else `IntValue()` (a string that is
/// not an integer counts as 0).
fn int_or_percent_value(value: &IntOrString) -> i64 {
    match (percent(value), value) {
        (Some(p), _) => p,
        (None, IntOrString::Int(i)) => i64::from(*i),
        (None, IntOrString::String(s)) => s.parse().unwrap_or(0),
    }
}

fn non_negative(value: Option<i32>, path: &FieldPath) -> ErrorList {
    match value {
        Some(v) if v < 0 => vec![FieldError::invalid(path.clone(), v, NEGATIVE)],
        _ => ErrorList::new(),
    }
}

/// An `IntOrString` as upstream prints a bad one: through its JSON form (`0`, `"25%"`).
fn int_or_string_value(value: &IntOrString) -> BadValue {
    BadValue::Json(match value {
        IntOrString::Int(i) => json!(i),
        IntOrString::String(s) => json!(s),
    })
}

fn selector_value(selector: &LabelSelector) -> BadValue {
    BadValue::Json(serde_json::to_value(selector).unwrap_or(Value::Null))
}

/// A `map[string]string` as upstream prints it: JSON with sorted keys, `null` when empty (a
/// template without labels has a nil map).
fn labels_value(labels: &Labels) -> BadValue {
    if labels.is_empty() {
        BadValue::Json(Value::Null)
    } else {
        let map: BTreeMap<&str, &str> = labels.iter().collect();
        BadValue::Json(json!(map))
    }
}

/// The internal `apps.DeploymentStrategy` as upstream marshals it in an error: the internal
/// type has no JSON tags, so its Go field names appear, and absent bounds are `0`.
fn internal_strategy_value(strategy: &DeploymentStrategy) -> BadValue {
    let rolling = strategy.rolling_update.as_ref().map_or(Value::Null, |r| {
        let bound = |b: &Option<IntOrString>| match b {
            Some(IntOrString::Int(i)) => json!(i),
            Some(IntOrString::String(s)) => json!(s),
            None => json!(0),
        };
        json!({ "MaxUnavailable": bound(&r.max_unavailable), "MaxSurge": bound(&r.max_surge) })
    });
    let mut map = serde_json::Map::new();
    map.insert(
        "Type".to_owned(),
        json!(strategy.type_.as_deref().unwrap_or_default()),
    );
    map.insert("RollingUpdate".to_owned(), rolling);
    BadValue::Json(Value::Object(map))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_values_follow_upstream() {
        assert!(is_valid_percent("25%") && is_valid_percent("007%"));
        assert!(!is_valid_percent("%") && !is_valid_percent("25") && !is_valid_percent("2.5%"));
        assert_eq!(int_or_percent_value(&IntOrString::from("30%")), 30);
        assert_eq!(int_or_percent_value(&IntOrString::from("3")), 3);
        assert_eq!(int_or_percent_value(&IntOrString::from("abc")), 0);
        assert_eq!(int_or_percent_value(&IntOrString::Int(2)), 2);
    }

    #[test]
    fn the_internal_strategy_prints_with_go_field_names() {
        let s = DeploymentStrategy {
            type_: Some("Blue".into()),
            rolling_update: Some(RollingUpdateDeployment {
                max_surge: Some(IntOrString::Int(1)),
                max_unavailable: None,
            }),
        };
        assert_eq!(
            internal_strategy_value(&s).to_string(),
            r#"{"Type":"Blue","RollingUpdate":{"MaxUnavailable":0,"MaxSurge":1}}"#
        );
    }
}
