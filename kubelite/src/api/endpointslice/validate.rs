//! Upstream's `ValidateEndpointSliceCreate` (pkg/apis/discovery/validation): paths start at
//! the top level (`addressType`, `endpoints[0].addresses[0]`, `ports[0].name`).

use std::collections::BTreeSet;

use super::{Endpoint, EndpointPort, EndpointSlice};
use crate::labels::Labels;
use crate::validation::service::ports::{dns1123_label_errors, qualified_name_errors};
use crate::validation::{
    BadValue, ErrorList, ErrorType, FieldError, FieldPath, is_dns1123_label, is_dns1123_subdomain,
    is_valid_ipv4_address, is_valid_ipv6_address, validate_labels, validate_non_special_ip,
};

const SUPPORTED_ADDRESS_TYPES: &[&str] = &["FQDN", "IPv4", "IPv6"];
const SUPPORTED_PROTOCOLS: &[&str] = &["SCTP", "TCP", "UDP"];
const MAX_TOPOLOGY_LABELS: usize = 16;
const MAX_ADDRESSES: usize = 100;
const MAX_PORTS: usize = 100;
const MAX_ENDPOINTS: usize = 1000;

/// `field.TooMany`: `Too many: <n>: must have at most <max> items`.
fn too_many(path: FieldPath, actual: usize, max: usize) -> FieldError {
    FieldError {
        kind: ErrorType::TooMany,
        field: path,
        value: BadValue::Int(i64::try_from(actual).unwrap_or(i64::MAX)),
        detail: format!("must have at most {max} items"),
    }
}

pub(super) fn validate(slice: &EndpointSlice) -> ErrorList {
    let mut errs = ErrorList::new();
    let address_type = slice.address_type.as_deref().unwrap_or_default();
    let type_path = FieldPath::new("addressType");
    if address_type.is_empty() {
        errs.push(FieldError::required(type_path, ""));
    } else if !SUPPORTED_ADDRESS_TYPES.contains(&address_type) {
        errs.push(FieldError::not_supported(
            type_path,
            address_type,
            SUPPORTED_ADDRESS_TYPES,
        ));
    }
    errs.extend(validate_endpoints(&slice.endpoints, address_type));
    errs.extend(validate_ports(&slice.ports));
    errs
}

fn validate_endpoints(endpoints: &[Endpoint], address_type: &str) -> ErrorList {
    let path = FieldPath::new("endpoints");
    if endpoints.len() > MAX_ENDPOINTS {
        return vec![too_many(path, endpoints.len(), MAX_ENDPOINTS)];
    }
    let mut errs = ErrorList::new();
    for (i, endpoint) in endpoints.iter().enumerate() {
        let endpoint_path = path.index(i);
        let addresses_path = endpoint_path.child("addresses");
        if endpoint.addresses.is_empty() {
            errs.push(FieldError::required(
                addresses_path.clone(),
                "must contain at least 1 address",
            ));
        } else if endpoint.addresses.len() > MAX_ADDRESSES {
            errs.push(too_many(
                addresses_path.clone(),
                endpoint.addresses.len(),
                MAX_ADDRESSES,
            ));
        }
        for (j, address) in endpoint.addresses.iter().enumerate() {
            let address_path = addresses_path.index(j);
            // Unknown address types fall through unvalidated, as upstream's do.
            match address_type {
                "IPv4" => {
                    errs.extend(is_valid_ipv4_address(&address_path, address));
                    errs.extend(validate_non_special_ip(address, &address_path));
                }
                "IPv6" => {
                    errs.extend(is_valid_ipv6_address(&address_path, address));
                    errs.extend(validate_non_special_ip(address, &address_path));
                }
                "FQDN" => errs.extend(fqdn_errors(address, &address_path)),
                _ => {}
            }
        }

        // Upstream's internal field is `Topology`, hence the path.
        let topology_path = endpoint_path.child("topology");
        if let Some(topology) = &endpoint.deprecated_topology {
            if topology.len() > MAX_TOPOLOGY_LABELS {
                errs.push(too_many(
                    topology_path.clone(),
                    topology.len(),
                    MAX_TOPOLOGY_LABELS,
                ));
            }
            errs.extend(validate_labels(
                &Labels::from(topology.clone()),
                &topology_path,
            ));
        }

        if let Some(hostname) = &endpoint.hostname {
            errs.extend(dns1123_label_errors(
                hostname,
                &endpoint_path.child("hostname"),
            ));
        }
    }
    errs
}

/// Upstream's `IsFullyQualifiedDomainName`, which reports the trimmed name or the bad label.
fn fqdn_errors(name: &str, path: &FieldPath) -> ErrorList {
    if name.is_empty() {
        return vec![FieldError::required(path.clone(), "")];
    }
    let name = name.strip_suffix('.').unwrap_or(name);
    if let Err(e) = is_dns1123_subdomain(name) {
        return vec![FieldError::invalid(
            path.clone(),
            name,
            e.messages().join(","),
        )];
    }
    if !name.contains('.') {
        return vec![FieldError::invalid(
            path.clone(),
            name,
            "should be a domain with at least two segments separated by dots",
        )];
    }
    for label in name.split('.') {
        if let Err(e) = is_dns1123_label(label) {
            return vec![FieldError::invalid(
                path.clone(),
                label,
                e.messages().join(","),
            )];
        }
    }
    ErrorList::new()
}

fn validate_ports(ports: &[EndpointPort]) -> ErrorList {
    let path = FieldPath::new("ports");
    if ports.len() > MAX_PORTS {
        return vec![too_many(path, ports.len(), MAX_PORTS)];
    }
    let mut errs = ErrorList::new();
    let mut names = BTreeSet::new();
    for (i, port) in ports.iter().enumerate() {
        let port_path = path.index(i);
        let name = port.name.as_deref().unwrap_or_default();
        if !name.is_empty() {
            errs.extend(dns1123_label_errors(name, &port_path.child("name")));
        }
        if !names.insert(name) {
            errs.push(FieldError::duplicate(port_path.child("name"), name));
        }
        match port.protocol.as_deref() {
            None => errs.push(FieldError::required(port_path.child("protocol"), "")),
            Some(p) if !SUPPORTED_PROTOCOLS.contains(&p) => errs.push(FieldError::not_supported(
                port_path.child("protocol"),
                p,
                SUPPORTED_PROTOCOLS,
            )),
            Some(_) => {}
        }
        if let Some(app) = &port.app_protocol {
            errs.extend(qualified_name_errors(app, &port_path.child("appProtocol")));
        }
    }
    errs
}
