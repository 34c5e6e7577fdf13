//! `validateServicePort` and the duplicate (protocol, port) / (protocol, nodePort) checks.

use std::collections::BTreeSet;

use crate::api::IntOrString;
use crate::api::service::{ServicePort, ServiceSpec};
use crate::validation::{
    BadValue, ErrorList, FieldError, FieldPath, is_dns1123_label, is_qualified_name,
    is_valid_port_name, is_valid_port_num,
};

/// `supportedPortProtocols`, as `sets.List` orders it.
pub(crate) const SUPPORTED_PROTOCOLS: &[&str] = &["SCTP", "TCP", "UDP"];

/// Upstream's `ValidatePortNumOrName`. An unset target port is the zero `IntOrString`, i.e.
/// the number 0, exactly as an undefaulted Go object carries it.
pub(crate) fn validate_port_num_or_name(port: Option<&IntOrString>, path: &FieldPath) -> ErrorList {
    let mut errs = ErrorList::new();
    match port {
        None => errs.extend(port_num_errors(0, path)),
        Some(IntOrString::Int(n)) => errs.extend(port_num_errors(*n, path)),
        Some(IntOrString::String(name)) => {
            if let Err(e) = is_valid_port_name(name) {
                for m in e.messages() {
                    errs.push(FieldError::invalid(path.clone(), name, m.clone()));
                }
            }
        }
    }
    errs
}

pub(crate) fn port_num_errors(port: i32, path: &FieldPath) -> ErrorList {
    match is_valid_port_num(port.into()) {
        Ok(()) => ErrorList::new(),
        Err(e) => e
            .messages()
            .iter()
            .map(|m| FieldError::invalid(path.clone(), port, m.clone()))
            .collect(),
    }
}

pub(crate) fn dns1123_label_errors(value: &str, path: &FieldPath) -> ErrorList {
    match is_dns1123_label(value) {
        Ok(()) => ErrorList::new(),
        Err(e) => e
            .messages()
            .iter()
            .map(|m| FieldError::invalid(path.clone(), value, m.clone()))
            .collect(),
    }
}

pub(crate) fn qualified_name_errors(value: &str, path: &FieldPath) -> ErrorList {
    match is_qualified_name(value) {
        Ok(()) => ErrorList::new(),
        Err(e) => e
            .messages()
            .iter()
            .map(|m| FieldError::invalid(path.clone(), value, m.clone()))
            .collect(),
    }
}

/// Upstream's `validateServicePort` for one port.
pub(super) fn validate_service_port(
    sp: &ServicePort,
    require_name: bool,
    all_names: &mut BTreeSet<String>,
    path: &FieldPath,
) -> ErrorList {
    let mut errs = ErrorList::new();
    let name = sp.name();
    if require_name && name.is_empty() {
        errs.push(FieldError::required(path.child("name"), ""));
    } else if !name.is_empty() {
        errs.extend(dns1123_label_errors(name, &path.child("name")));
        if !all_names.insert(name.to_owned()) {
            errs.push(FieldError::duplicate(path.child("name"), name));
        }
    }

    errs.extend(port_num_errors(sp.port, &path.child("port")));

    match sp.protocol.as_deref().unwrap_or_default() {
        "" => errs.push(FieldError::required(path.child("protocol"), "")),
        p if !SUPPORTED_PROTOCOLS.contains(&p) => errs.push(FieldError::not_supported(
            path.child("protocol"),
            p,
            SUPPORTED_PROTOCOLS,
        )),
        _ => {}
    }

    errs.extend(validate_port_num_or_name(
        sp.target_port.as_ref(),
        &path.child("targetPort"),
    ));

    if let Some(app) = &sp.app_protocol {
        errs.extend(qualified_name_errors(app, &path.child("appProtocol")));
    }
    errs
}

/// Node ports may repeat only across protocols.
pub(super) fn duplicate_node_ports(spec: &ServiceSpec, ports_path: &FieldPath) -> ErrorList {
    let mut errs = ErrorList::new();
    let mut seen = BTreeSet::new();
    for (i, port) in spec.ports.iter().enumerate() {
        let Some(node_port) = port.node_port_number() else {
            continue;
        };
        let protocol = port.protocol.as_deref().unwrap_or_default();
        if !seen.insert((protocol, node_port)) {
            errs.push(FieldError::duplicate(
                ports_path.index(i).child("nodePort"),
                node_port,
            ));
        }
    }
    errs
}

/// Ports may repeat only across protocols. The bad value is the Go map key (a
/// `core.ServicePort` with only protocol and port set), printed as JSON like upstream.
pub(super) fn duplicate_ports(spec: &ServiceSpec, ports_path: &FieldPath) -> ErrorList {
    let mut errs = ErrorList::new();
    let mut seen = BTreeSet::new();
    for (i, port) in spec.ports.iter().enumerate() {
        let protocol = port.protocol.as_deref().unwrap_or_default();
        if !seen.insert((protocol, port.port)) {
            let key = serde_json::json!({
                "Name": "",
                "Protocol": protocol,
                "AppProtocol": null,
                "Port": port.port,
                "TargetPort": 0,
                "NodePort": 0,
            });
            errs.push(FieldError::duplicate(
                ports_path.index(i),
                BadValue::Json(key),
            ));
        }
    }
    errs
}
