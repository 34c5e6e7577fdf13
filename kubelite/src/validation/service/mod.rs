//! Service validation: upstream's `ValidateService` (pkg/apis/core/validation), rule by rule
//! and in its order, with its field paths (including its two odd ones:
//! `spec.LoadBalancerSourceRanges` and a bare `allocateLoadBalancerNodePorts`).
//!
//! Checks that need cluster state (node port in range or taken, cluster IP in the service
//! CIDR or taken) belong to the allocator of the cluster runtime, not here.

mod cluster_ips;
pub(crate) mod net;
pub(crate) mod ports;
mod traffic;

use std::collections::BTreeSet;

use crate::api::Service;
use crate::api::service::{
    CLUSTER_IP_NONE, MAX_CLIENT_IP_TIMEOUT_SECONDS, ServiceType, SessionAffinity,
    SessionAffinityConfig,
};
use crate::validation::{ErrorList, FieldError, FieldPath, is_dns1123_subdomain, validate_labels};

use net::{is_valid_cidr, is_valid_ip, validate_non_special_ip};
use ports::qualified_name_errors;

const ANNOTATION_TOPOLOGY_AWARE_HINTS: &str = "service.kubernetes.io/topology-aware-hints";
const ANNOTATION_TOPOLOGY_MODE: &str = "service.kubernetes.io/topology-mode";
const ANNOTATION_LB_SOURCE_RANGES: &str = "service.beta.kubernetes.io/load-balancer-source-ranges";

const SUPPORTED_SERVICE_TYPES: &[&str] = &["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
const SUPPORTED_SESSION_AFFINITIES: &[&str] = &["ClientIP", "None"];

/// Validates a Service's fields as upstream's `ValidateService` does after
/// `ValidateObjectMeta` (which [`Resource::validate`](crate::api::Resource::validate) runs
/// first): annotations specific to Services, then the spec.
///
/// ```
/// use kubelite::api::Service;
/// use kubelite::validation::validate_service_fields;
/// let svc: Service = serde_json::from_str(r#"{"spec": {"type": "Foo", "ports": [{"port": 80}]}}"#)?;
/// let errs: Vec<String> = validate_service_fields(&svc).iter().map(|e| e.to_string()).collect();
/// assert!(errs.contains(&r#"spec.type: Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort""#.to_owned()));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn validate_service_fields(svc: &Service) -> ErrorList {
    let mut errs = ErrorList::new();
    let spec = &svc.spec;
    let annotations = &svc.metadata.annotations;
    let annotations_path = FieldPath::new("metadata").child("annotations");
    let spec_path = FieldPath::new("spec");
    let ports_path = spec_path.child("ports");
    let ty = spec.type_.as_deref().unwrap_or_default();
    let headless = spec.is_headless();

    if let (Some(hints), Some(mode)) = (
        annotations.get(ANNOTATION_TOPOLOGY_AWARE_HINTS),
        annotations.get(ANNOTATION_TOPOLOGY_MODE),
    ) && hints != mode
    {
        errs.push(FieldError::invalid(
            annotations_path.key(ANNOTATION_TOPOLOGY_MODE),
            mode,
            format!(
                "must match annotations[{ANNOTATION_TOPOLOGY_AWARE_HINTS}] when both are specified"
            ),
        ));
    }

    if spec.ports.is_empty() && !headless && ty != ServiceType::ExternalName.as_str() {
        errs.push(FieldError::required(ports_path.clone(), ""));
    }

    errs.extend(validate_by_type(spec, ty, headless, &spec_path));

    let mut names = BTreeSet::new();
    let require_names = spec.ports.len() > 1;
    for (i, port) in spec.ports.iter().enumerate() {
        errs.extend(ports::validate_service_port(
            port,
            require_names,
            &mut names,
            &ports_path.index(i),
        ));
    }

    if let Some(selector) = &spec.selector {
        errs.extend(validate_labels(selector, &spec_path.child("selector")));
    }

    errs.extend(validate_session_affinity(spec, &spec_path));
    errs.extend(cluster_ips::validate_cluster_ips(spec));

    for (i, ip) in spec.external_ips.iter().enumerate() {
        let path = spec_path.child("externalIPs").index(i);
        let format_errs = is_valid_ip(&path, ip);
        if format_errs.is_empty() {
            errs.extend(validate_non_special_ip(ip, &path));
        } else {
            errs.extend(format_errs);
        }
    }

    if ty.is_empty() {
        errs.push(FieldError::required(spec_path.child("type"), ""));
    } else if !SUPPORTED_SERVICE_TYPES.contains(&ty) {
        errs.push(FieldError::not_supported(
            spec_path.child("type"),
            ty,
            SUPPORTED_SERVICE_TYPES,
        ));
    }

    if ty == ServiceType::ClusterIp.as_str() {
        for (i, port) in spec.ports.iter().enumerate() {
            if port.node_port_number().is_some() {
                errs.push(FieldError::forbidden(
                    ports_path.index(i).child("nodePort"),
                    "may not be used when `type` is 'ClusterIP'",
                ));
            }
        }
    }

    errs.extend(ports::duplicate_node_ports(spec, &ports_path));
    errs.extend(ports::duplicate_ports(spec, &ports_path));
    errs.extend(validate_source_ranges(svc, ty));

    let is_lb = ty == ServiceType::LoadBalancer.as_str();
    if spec.allocate_load_balancer_node_ports.is_some() && !is_lb {
        errs.push(FieldError::forbidden(
            spec_path.child("allocateLoadBalancerNodePorts"),
            "may only be used when `type` is 'LoadBalancer'",
        ));
    }
    if is_lb && spec.allocate_load_balancer_node_ports.is_none() {
        // Upstream reports this one without the `spec.` prefix.
        errs.push(FieldError::required(
            FieldPath::new("allocateLoadBalancerNodePorts"),
            "",
        ));
    }

    if let Some(class) = &spec.load_balancer_class {
        let path = spec_path.child("loadBalancerClass");
        if is_lb {
            errs.extend(qualified_name_errors(class, &path));
        } else {
            errs.push(FieldError::forbidden(
                path,
                "may only be used when `type` is 'LoadBalancer'",
            ));
        }
    }

    errs.extend(traffic::validate_external_traffic_policy(spec));
    errs.extend(traffic::validate_internal_traffic_policy(spec));
    errs.extend(traffic::validate_traffic_distribution(spec));
    errs
}

/// The `switch service.Spec.Type` block: headless is only for ClusterIP, and ExternalName
/// carries a DNS name instead of IPs.
fn validate_by_type(
    spec: &crate::api::service::ServiceSpec,
    ty: &str,
    headless: bool,
    spec_path: &FieldPath,
) -> ErrorList {
    let mut errs = ErrorList::new();
    match ty {
        "LoadBalancer" | "NodePort" if headless => errs.push(FieldError::invalid(
            spec_path.child("clusterIPs").index(0),
            CLUSTER_IP_NONE,
            format!("may not be set to 'None' for {ty} services"),
        )),
        "ExternalName" => {
            let forbidden = "may not be set for ExternalName services";
            if !spec.cluster_ips.is_empty() {
                errs.push(FieldError::forbidden(
                    spec_path.child("clusterIPs"),
                    forbidden,
                ));
            }
            if !spec.ip_families.is_empty() {
                errs.push(FieldError::forbidden(
                    spec_path.child("ipFamilies"),
                    forbidden,
                ));
            }
            if spec.ip_family_policy.is_some() {
                errs.push(FieldError::forbidden(
                    spec_path.child("ipFamilyPolicy"),
                    forbidden,
                ));
            }
            // A CNAME may be written fully qualified, with a trailing dot.
            let name = spec.external_name.as_deref().unwrap_or_default();
            let cname = name.strip_suffix('.').unwrap_or(name);
            let path = spec_path.child("externalName");
            if cname.is_empty() {
                errs.push(FieldError::required(path, ""));
            } else if let Err(e) = is_dns1123_subdomain(cname) {
                for m in e.messages() {
                    errs.push(FieldError::invalid(path.clone(), cname, m.clone()));
                }
            }
        }
        _ => {}
    }
    errs
}

fn validate_session_affinity(
    spec: &crate::api::service::ServiceSpec,
    spec_path: &FieldPath,
) -> ErrorList {
    let mut errs = ErrorList::new();
    let affinity = spec.session_affinity.as_deref().unwrap_or_default();
    if affinity.is_empty() {
        errs.push(FieldError::required(spec_path.child("sessionAffinity"), ""));
    } else if !SUPPORTED_SESSION_AFFINITIES.contains(&affinity) {
        errs.push(FieldError::not_supported(
            spec_path.child("sessionAffinity"),
            affinity,
            SUPPORTED_SESSION_AFFINITIES,
        ));
    }

    let config_path = spec_path.child("sessionAffinityConfig");
    if affinity == SessionAffinity::ClientIp.as_str() {
        errs.extend(validate_client_ip_config(
            spec.session_affinity_config.as_ref(),
            &config_path,
        ));
    } else if affinity == SessionAffinity::None.as_str() && spec.session_affinity_config.is_some() {
        errs.push(FieldError::forbidden(
            config_path,
            "must not be set when session affinity is None",
        ));
    }
    errs
}

fn validate_client_ip_config(
    config: Option<&SessionAffinityConfig>,
    path: &FieldPath,
) -> ErrorList {
    let required = "when session affinity type is ClientIP";
    let Some(config) = config else {
        return vec![FieldError::required(path.clone(), required)];
    };
    let client_ip_path = path.child("clientIP");
    let Some(client_ip) = &config.client_ip else {
        return vec![FieldError::required(client_ip_path, required)];
    };
    let timeout_path = client_ip_path.child("timeoutSeconds");
    match client_ip.timeout_seconds {
        None => vec![FieldError::required(timeout_path, required)],
        Some(t) if t <= 0 || t > MAX_CLIENT_IP_TIMEOUT_SECONDS => vec![FieldError::invalid(
            timeout_path,
            t,
            format!("must be greater than 0 and less than {MAX_CLIENT_IP_TIMEOUT_SECONDS}"),
        )],
        Some(_) => ErrorList::new(),
    }
}

/// The `loadBalancerSourceRanges` field, or the older annotation when the field is empty.
fn validate_source_ranges(svc: &Service, ty: &str) -> ErrorList {
    let mut errs = ErrorList::new();
    let lb_only = "may only be used when `type` is 'LoadBalancer'";
    let is_lb = ty == ServiceType::LoadBalancer.as_str();
    let ranges = &svc.spec.load_balancer_source_ranges;
    if !ranges.is_empty() {
        // Upstream's path keeps the Go field name's capital L.
        let path = FieldPath::new("spec").child("LoadBalancerSourceRanges");
        if !is_lb {
            errs.push(FieldError::forbidden(path.clone(), lb_only));
        }
        for (i, range) in ranges.iter().enumerate() {
            // Space padding is tolerated: a leftover of the annotation's format.
            errs.extend(is_valid_cidr(&path.index(i), range.trim()));
        }
    } else if let Some(value) = svc.metadata.annotations.get(ANNOTATION_LB_SOURCE_RANGES) {
        let path = FieldPath::new("metadata")
            .child("annotations")
            .key(ANNOTATION_LB_SOURCE_RANGES);
        if !is_lb {
            errs.push(FieldError::forbidden(path.clone(), lb_only));
        }
        let value = value.trim();
        if !value.is_empty() {
            for range in value.split(',') {
                errs.extend(is_valid_cidr(&path, range.trim()));
            }
        }
    }
    errs
}
