//! Traffic-policy fields: `externalTrafficPolicy` with `healthCheckNodePort`,
//! `internalTrafficPolicy` and `trafficDistribution`.

use crate::api::service::{ServiceSpec, ServiceType};
use crate::validation::{ErrorList, FieldError, FieldPath};

use super::ports::port_num_errors;

const TRAFFIC_POLICIES: &[&str] = &["Cluster", "Local"];

/// With `PreferSameTrafficDistribution` (beta and on by default since 1.34), in upstream's
/// (unsorted) order.
const TRAFFIC_DISTRIBUTIONS: &[&str] = &["PreferClose", "PreferSameZone", "PreferSameNode"];

/// Upstream's `validateServiceExternalTrafficPolicy`.
pub(super) fn validate_external_traffic_policy(spec: &ServiceSpec) -> ErrorList {
    let mut errs = ErrorList::new();
    let path = FieldPath::new("spec");
    let etp = spec.external_traffic_policy.as_deref().unwrap_or_default();
    if !spec.externally_accessible() {
        if !etp.is_empty() {
            errs.push(FieldError::invalid(
                path.child("externalTrafficPolicy"),
                etp,
                "may only be set for externally-accessible services",
            ));
        }
    } else if etp.is_empty() {
        errs.push(FieldError::required(
            path.child("externalTrafficPolicy"),
            "",
        ));
    } else if !TRAFFIC_POLICIES.contains(&etp) {
        errs.push(FieldError::not_supported(
            path.child("externalTrafficPolicy"),
            etp,
            TRAFFIC_POLICIES,
        ));
    }

    let hcnp = spec.health_check_node_port.unwrap_or(0);
    if !spec.needs_health_check() {
        if hcnp != 0 {
            errs.push(FieldError::invalid(
                path.child("healthCheckNodePort"),
                hcnp,
                "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
            ));
        }
    } else if hcnp == 0 {
        errs.push(FieldError::required(path.child("healthCheckNodePort"), ""));
    } else {
        errs.extend(port_num_errors(hcnp, &path.child("healthCheckNodePort")));
    }
    errs
}

/// Upstream's `validateServiceInternalTrafficFieldsValue`: required for proxied types (the
/// defaults set it), not forbidden elsewhere for historical reasons.
pub(super) fn validate_internal_traffic_policy(spec: &ServiceSpec) -> ErrorList {
    let mut errs = ErrorList::new();
    let path = FieldPath::new("spec").child("internalTrafficPolicy");
    match spec.internal_traffic_policy.as_deref() {
        None => {
            let ty = spec.type_.as_deref();
            let proxied = [
                ServiceType::NodePort,
                ServiceType::LoadBalancer,
                ServiceType::ClusterIp,
            ]
            .iter()
            .any(|t| Some(t.as_str()) == ty);
            if proxied {
                errs.push(FieldError::required(path, ""));
            }
        }
        Some(itp) if !TRAFFIC_POLICIES.contains(&itp) => {
            errs.push(FieldError::not_supported(path, itp, TRAFFIC_POLICIES));
        }
        Some(_) => {}
    }
    errs
}

/// Upstream's `validateServiceTrafficDistribution`.
pub(super) fn validate_traffic_distribution(spec: &ServiceSpec) -> ErrorList {
    match spec.traffic_distribution.as_deref() {
        Some(td) if !TRAFFIC_DISTRIBUTIONS.contains(&td) => vec![FieldError::not_supported(
            FieldPath::new("spec").child("trafficDistribution"),
            td,
            TRAFFIC_DISTRIBUTIONS,
        )],
        _ => ErrorList::new(),
    }
}
