//! Upstream's `ValidateEndpoints` (pkg/apis/core/validation): paths start at `subsets`.

use super::{EndpointAddress, EndpointPort, Endpoints};
use crate::validation::service::ports::{
    SUPPORTED_PROTOCOLS, dns1123_label_errors, port_num_errors, qualified_name_errors,
};
use crate::validation::{
    ErrorList, FieldError, FieldPath, is_dns1123_subdomain, is_valid_ip, validate_non_special_ip,
};

pub(super) fn validate(ep: &Endpoints) -> ErrorList {
    let mut errs = ErrorList::new();
    let path = FieldPath::new("subsets");
    for (i, subset) in ep.subsets.iter().enumerate() {
        let subset_path = path.index(i);
        // Headless Services may have no ports, but every subset needs an address.
        if subset.addresses.is_empty() && subset.not_ready_addresses.is_empty() {
            errs.push(FieldError::required(
                subset_path.clone(),
                "must specify `addresses` or `notReadyAddresses`",
            ));
        }
        for (j, address) in subset.addresses.iter().enumerate() {
            errs.extend(validate_address(
                address,
                &subset_path.child("addresses").index(j),
            ));
        }
        for (j, address) in subset.not_ready_addresses.iter().enumerate() {
            errs.extend(validate_address(
                address,
                &subset_path.child("notReadyAddresses").index(j),
            ));
        }
        let require_names = subset.ports.len() > 1;
        for (j, port) in subset.ports.iter().enumerate() {
            errs.extend(validate_port(
                port,
                require_names,
                &subset_path.child("ports").index(j),
            ));
        }
    }
    errs
}

fn validate_address(address: &EndpointAddress, path: &FieldPath) -> ErrorList {
    let ip_path = path.child("ip");
    let mut errs = is_valid_ip(&ip_path, &address.ip);
    if let Some(hostname) = address.hostname.as_deref().filter(|h| !h.is_empty()) {
        errs.extend(dns1123_label_errors(hostname, &path.child("hostname")));
    }
    if let Some(node) = &address.node_name
        && let Err(e) = is_dns1123_subdomain(node)
    {
        for m in e.messages() {
            errs.push(FieldError::invalid(path.child("nodeName"), node, m.clone()));
        }
    }
    errs.extend(validate_non_special_ip(&address.ip, &ip_path));
    errs
}

fn validate_port(port: &EndpointPort, require_name: bool, path: &FieldPath) -> ErrorList {
    let mut errs = ErrorList::new();
    let name = port.name.as_deref().unwrap_or_default();
    if require_name && name.is_empty() {
        errs.push(FieldError::required(path.child("name"), ""));
    } else if !name.is_empty() {
        errs.extend(dns1123_label_errors(name, &path.child("name")));
    }
    errs.extend(port_num_errors(port.port, &path.child("port")));
    match port.protocol.as_deref().unwrap_or_default() {
        "" => errs.push(FieldError::required(path.child("protocol"), "")),
        p if !SUPPORTED_PROTOCOLS.contains(&p) => errs.push(FieldError::not_supported(
            path.child("protocol"),
            p,
            SUPPORTED_PROTOCOLS,
        )),
        _ => {}
    }
    if let Some(app) = &port.app_protocol {
        errs.extend(qualified_name_errors(app, &path.child("appProtocol")));
    }
    errs
}
