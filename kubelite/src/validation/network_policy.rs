//! NetworkPolicy validation: upstream's `ValidateNetworkPolicySpec`
//! (pkg/apis/networking/validation), with its paths and words.

use super::service::net::Cidr;
use super::service::ports::port_num_errors;
use crate::api::IntOrString;
use crate::api::network_policy::{
    IpBlock, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicySpec,
};
use crate::labels::validate_label_selector;
use crate::validation::{
    BadValue, ErrorList, FieldError, FieldPath, is_valid_cidr, is_valid_port_name,
};

/// In upstream's (unsorted) order.
const PROTOCOLS: &[&str] = &["TCP", "UDP", "SCTP"];
const POLICY_TYPES: &[&str] = &["Ingress", "Egress"];

/// Validates a NetworkPolicy spec as upstream's `ValidateNetworkPolicySpec` does: the pod
/// selector, every rule's ports and peers, then the policy types.
///
/// ```
/// use kubelite::api::network_policy::{NetworkPolicyIngressRule, NetworkPolicyPeer, NetworkPolicySpec};
/// use kubelite::validation::validate_network_policy_spec;
/// let spec = NetworkPolicySpec {
///     ingress: vec![NetworkPolicyIngressRule::new().from_peer(NetworkPolicyPeer::default())],
///     ..NetworkPolicySpec::default()
/// };
/// let errs = validate_network_policy_spec(&spec);
/// assert_eq!(errs[0].to_string(), "spec.ingress[0].from[0]: Required value: must specify a peer");
/// ```
pub fn validate_network_policy_spec(spec: &NetworkPolicySpec) -> ErrorList {
    let path = FieldPath::new("spec");
    let mut errs = validate_label_selector(&spec.pod_selector, &path.child("podSelector"));

    for (i, rule) in spec.ingress.iter().enumerate() {
        let rule_path = path.child("ingress").index(i);
        for (j, port) in rule.ports.iter().enumerate() {
            errs.extend(validate_port(port, &rule_path.child("ports").index(j)));
        }
        for (j, peer) in rule.from.iter().enumerate() {
            errs.extend(validate_peer(peer, &rule_path.child("from").index(j)));
        }
    }
    for (i, rule) in spec.egress.iter().enumerate() {
        let rule_path = path.child("egress").index(i);
        for (j, port) in rule.ports.iter().enumerate() {
            errs.extend(validate_port(port, &rule_path.child("ports").index(j)));
        }
        for (j, peer) in rule.to.iter().enumerate() {
            errs.extend(validate_peer(peer, &rule_path.child("to").index(j)));
        }
    }

    let types_path = path.child("policyTypes");
    if spec.policy_types.len() > POLICY_TYPES.len() {
        errs.push(FieldError::invalid(
            types_path,
            BadValue::Json(serde_json::json!(spec.policy_types)),
            "may not specify more than two policyTypes",
        ));
        return errs;
    }
    for (i, t) in spec.policy_types.iter().enumerate() {
        if !POLICY_TYPES.contains(&t.as_str()) {
            errs.push(FieldError::not_supported(
                types_path.index(i),
                t,
                POLICY_TYPES,
            ));
        }
    }
    errs
}

fn validate_port(port: &NetworkPolicyPort, path: &FieldPath) -> ErrorList {
    let mut errs = ErrorList::new();
    if let Some(p) = &port.protocol
        && !PROTOCOLS.contains(&p.as_str())
    {
        errs.push(FieldError::not_supported(
            path.child("protocol"),
            p,
            PROTOCOLS,
        ));
    }
    let end_path = path.child("endPort");
    match (&port.port, port.end_port) {
        (Some(IntOrString::Int(n)), end) => {
            errs.extend(port_num_errors(*n, &path.child("port")));
            if let Some(end) = end {
                if end < *n {
                    errs.push(FieldError::invalid(
                        end_path.clone(),
                        end,
                        "must be greater than or equal to `port`",
                    ));
                }
                errs.extend(port_num_errors(end, &end_path));
            }
        }
        (Some(IntOrString::String(name)), end) => {
            if let Some(end) = end {
                errs.push(FieldError::invalid(
                    end_path,
                    end,
                    "may not be specified when `port` is non-numeric",
                ));
            }
            if let Err(e) = is_valid_port_name(name) {
                for m in e.messages() {
                    errs.push(FieldError::invalid(path.child("port"), name, m.clone()));
                }
            }
        }
        (None, Some(end)) => errs.push(FieldError::invalid(
            end_path,
            end,
            "may not be specified when `port` is not specified",
        )),
        (None, None) => {}
    }
    errs
}

fn validate_peer(peer: &NetworkPolicyPeer, path: &FieldPath) -> ErrorList {
    let mut errs = ErrorList::new();
    let mut peers = 0;
    if let Some(selector) = &peer.pod_selector {
        peers += 1;
        errs.extend(validate_label_selector(
            selector,
            &path.child("podSelector"),
        ));
    }
    if let Some(selector) = &peer.namespace_selector {
        peers += 1;
        errs.extend(validate_label_selector(
            selector,
            &path.child("namespaceSelector"),
        ));
    }
    if let Some(block) = &peer.ip_block {
        peers += 1;
        errs.extend(validate_ip_block(block, &path.child("ipBlock")));
    }
    if peers == 0 {
        errs.push(FieldError::required(path.clone(), "must specify a peer"));
    } else if peers > 1 && peer.ip_block.is_some() {
        errs.push(FieldError::forbidden(
            path.clone(),
            "may not specify both ipBlock and another peer",
        ));
    }
    errs
}

fn validate_ip_block(block: &IpBlock, path: &FieldPath) -> ErrorList {
    let cidr_path = path.child("cidr");
    if block.cidr.is_empty() {
        return vec![FieldError::required(cidr_path, "")];
    }
    let mut errs = is_valid_cidr(&cidr_path, &block.cidr);
    let Some(cidr) = Cidr::parse(&block.cidr) else {
        return errs;
    };
    for (i, except) in block.except.iter().enumerate() {
        let except_path = path.child("except").index(i);
        errs.extend(is_valid_cidr(&except_path, except));
        let Some(except_cidr) = Cidr::parse(except) else {
            continue;
        };
        if !cidr.contains(except_cidr.network()) || cidr.prefix_len() >= except_cidr.prefix_len() {
            errs.push(FieldError::invalid(
                except_path,
                except,
                "must be a strict subset of `cidr`",
            ));
        }
    }
    errs
}
