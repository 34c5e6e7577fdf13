//! Upstream's `ValidateNode` for the fields kubelite models: taints (reported under
//! `metadata.taints`, upstream's path) and pod CIDRs. Resource quantities are opaque and
//! not checked.

use std::collections::BTreeSet;

use super::Node;
use crate::validation::service::ports::qualified_name_errors;
use crate::validation::{
    BadValue, Cidr, ErrorList, FieldError, FieldPath, is_valid_cidr, is_valid_label_value,
};

const TAINT_EFFECTS: &[&str] = &["NoSchedule", "PreferNoSchedule", "NoExecute"];

pub(super) fn validate(node: &Node) -> ErrorList {
    let mut errs = ErrorList::new();
    let Some(spec) = &node.spec else {
        return errs;
    };

    let taints_path = FieldPath::new("metadata").child("taints");
    let mut unique = BTreeSet::new();
    for (i, taint) in spec.taints.iter().enumerate() {
        let path = taints_path.index(i);
        errs.extend(qualified_name_errors(&taint.key, &path.child("key")));
        let value = taint.value.as_deref().unwrap_or_default();
        if let Err(e) = is_valid_label_value(value) {
            errs.push(FieldError::invalid(
                path.child("value"),
                value,
                e.messages().join(";"),
            ));
        }
        if taint.effect.is_empty() {
            errs.push(FieldError::required(path.child("effect"), ""));
        } else if !TAINT_EFFECTS.contains(&taint.effect.as_str()) {
            errs.push(FieldError::not_supported(
                path.child("effect"),
                &taint.effect,
                TAINT_EFFECTS,
            ));
        }
        if !unique.insert((taint.effect.as_str(), taint.key.as_str())) {
            // The bad value is upstream's internal `core.Taint`, whose JSON keys are its Go
            // field names.
            let value = serde_json::json!({
                "Key": taint.key,
                "Value": value,
                "Effect": taint.effect,
                "TimeAdded": taint.time_added.map(|t| t.to_string()),
            });
            let mut dup = FieldError::duplicate(path, BadValue::Json(value));
            dup.detail = "taints must be unique by key and effect pair".to_owned();
            errs.push(dup);
        }
    }

    let cidrs = &spec.pod_cidrs;
    let cidrs_path = FieldPath::new("spec").child("podCIDRs");
    for (i, cidr) in cidrs.iter().enumerate() {
        errs.extend(is_valid_cidr(&cidrs_path.index(i), cidr));
    }
    if cidrs.len() > 1 {
        let parsed: Vec<Cidr> = cidrs.iter().filter_map(|c| Cidr::parse(c)).collect();
        let v4 = parsed.iter().filter(|c| c.network().is_ipv4()).count();
        let dual_stack = v4 > 0 && v4 < parsed.len();
        if !dual_stack || cidrs.len() > 2 {
            errs.push(FieldError::invalid(
                cidrs_path.clone(),
                BadValue::Json(serde_json::json!(cidrs)),
                "may specify no more than one CIDR for each IP family",
            ));
        }
        let mut seen = BTreeSet::new();
        for (i, cidr) in cidrs.iter().enumerate() {
            if !seen.insert(cidr.as_str()) {
                errs.push(FieldError::duplicate(cidrs_path.index(i), cidr));
            }
        }
    }
    errs
}
