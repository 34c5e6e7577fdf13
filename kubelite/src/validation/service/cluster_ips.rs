//! `ValidateServiceClusterIPsRelatedFields`: `clusterIP`, `clusterIPs`, `ipFamilies` and
//! `ipFamilyPolicy`, which are only format-checked here (allocation is the cluster's job).

use std::collections::BTreeSet;
use std::net::IpAddr;

use super::net::{is_valid_ip, parse_ip_sloppy};
use crate::api::service::{CLUSTER_IP_NONE, ServiceSpec, ServiceType};
use crate::validation::{BadValue, ErrorList, FieldError, FieldPath};

const SUPPORTED_IP_FAMILIES: &[&str] = &["IPv4", "IPv6"];
const SUPPORTED_IP_FAMILY_POLICIES: &[&str] =
    &["PreferDualStack", "RequireDualStack", "SingleStack"];

fn list(values: &[String]) -> BadValue {
    BadValue::Json(serde_json::json!(values))
}

fn is_ipv6(ip: &str) -> bool {
    matches!(parse_ip_sloppy(ip), Some(IpAddr::V6(_)))
}

pub(super) fn validate_cluster_ips(spec: &ServiceSpec) -> ErrorList {
    let mut errs = ErrorList::new();
    // ExternalName Services must leave all of these unset; that is checked by type.
    if spec.type_.as_deref() == Some(ServiceType::ExternalName.as_str()) {
        return errs;
    }
    let spec_path = FieldPath::new("spec");
    let ips_path = spec_path.child("clusterIPs");
    let families_path = spec_path.child("ipFamilies");

    match spec.cluster_ip.as_deref().filter(|ip| !ip.is_empty()) {
        Some(ip) => match spec.cluster_ips.first() {
            None => errs.push(FieldError::required(ips_path.clone(), "")),
            Some(first) if first != ip => errs.push(FieldError::invalid(
                ips_path.clone(),
                list(&spec.cluster_ips),
                "first value must match `clusterIP`",
            )),
            Some(_) => {}
        },
        None if !spec.cluster_ips.is_empty() => errs.push(FieldError::invalid(
            ips_path.clone(),
            list(&spec.cluster_ips),
            "must be empty when `clusterIP` is not specified",
        )),
        None => {}
    }

    let mut seen = BTreeSet::new();
    for (i, family) in spec.ip_families.iter().enumerate() {
        if !SUPPORTED_IP_FAMILIES.contains(&family.as_str()) {
            errs.push(FieldError::not_supported(
                families_path.index(i),
                family,
                SUPPORTED_IP_FAMILIES,
            ));
        }
        if !seen.insert(family.as_str()) {
            errs.push(FieldError::duplicate(families_path.index(i), family));
        }
    }

    if let Some(policy) = &spec.ip_family_policy
        && !SUPPORTED_IP_FAMILY_POLICIES.contains(&policy.as_str())
    {
        errs.push(FieldError::not_supported(
            spec_path.child("ipFamilyPolicy"),
            policy,
            SUPPORTED_IP_FAMILY_POLICIES,
        ));
    }

    let mut has_invalid_ips = false;
    for (i, ip) in spec.cluster_ips.iter().enumerate() {
        if i == 0 && ip == CLUSTER_IP_NONE {
            if spec.cluster_ips.len() > 1 {
                has_invalid_ips = true;
                errs.push(FieldError::invalid(
                    ips_path.clone(),
                    list(&spec.cluster_ips),
                    "'None' must be the first and only value",
                ));
            }
            continue;
        }
        let ip_errs = is_valid_ip(&ips_path.index(i), ip);
        has_invalid_ips |= !ip_errs.is_empty();
        errs.extend(ip_errs);
    }

    if spec.cluster_ips.len() > 2 {
        errs.push(FieldError::invalid(
            ips_path.clone(),
            list(&spec.cluster_ips),
            "may only hold up to 2 values",
        ));
    }

    // Upstream stops here: further messages about already-bad IPs would only confuse.
    if has_invalid_ips {
        return errs;
    }

    if spec.cluster_ips.len() > 1 {
        let v6 = spec.cluster_ips.iter().filter(|ip| is_ipv6(ip)).count();
        let dual_stack = v6 > 0 && v6 < spec.cluster_ips.len();
        if !dual_stack {
            errs.push(FieldError::invalid(
                ips_path.clone(),
                list(&spec.cluster_ips),
                "may specify no more than one IP for each IP family",
            ));
        }
    }

    if !spec.is_headless() && !spec.cluster_ips.is_empty() {
        for (i, (ip, family)) in spec.cluster_ips.iter().zip(&spec.ip_families).enumerate() {
            if family == "IPv4" && is_ipv6(ip) {
                errs.push(FieldError::invalid(
                    ips_path.index(i),
                    ip,
                    format!("expected an IPv4 value as indicated by `ipFamilies[{i}]`"),
                ));
            }
            if family == "IPv6" && !is_ipv6(ip) {
                errs.push(FieldError::invalid(
                    ips_path.index(i),
                    ip,
                    format!("expected an IPv6 value as indicated by `ipFamilies[{i}]`"),
                ));
            }
        }
    }
    errs
}
