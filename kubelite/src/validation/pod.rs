//! Pod spec validation as `pkg/apis/core/validation` does it (`ValidatePodSpec`,
//! `ValidatePodTemplateSpec`, `ValidatePodCreate`), with upstream's field paths, order and
//! wording.
//!
//! Opaque fields (volumes, resources, securityContext, affinity, tolerations, env
//! `valueFrom`, ...) are not validated beyond their JSON shape; probe and lifecycle handlers
//! are, since the simulation runs them.

use std::collections::BTreeSet;

use serde_json::Value;

use super::field::{ErrorList, FieldError, FieldPath};
use super::meta::{validate_annotations, validate_labels};
use super::names::{self, NameError};
use crate::api::pod::{Container, Pod, PodSpec, PodTemplateSpec, Probe};
use crate::labels::Labels;

const NEGATIVE: &str = "must be greater than or equal to 0";
const ENV_VAR_NAME: &str = "a valid environment variable name must consist only of printable ASCII characters other than '='";

/// Whether the spec is a Pod's own (stricter: `hostPort` must equal `containerPort` under
/// `hostNetwork`) or a template's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Owner {
    Pod,
    Template,
}

/// Validates a Pod as the API server does on create (`ValidatePodCreate` without metadata):
/// the spec, then the Pod-only rules.
pub(crate) fn validate_pod_create(pod: &Pod) -> ErrorList {
    let spec_path = FieldPath::new("spec");
    let mut errs = validate_spec(&pod.spec, &spec_path, Owner::Pod);
    for (list, name) in [
        (&pod.spec.containers, "containers"),
        (&pod.spec.init_containers, "initContainers"),
    ] {
        for (i, c) in list.iter().enumerate() {
            let image = c.image.as_deref().unwrap_or_default();
            if image.len() != image.trim().len() {
                errs.push(FieldError::invalid(
                    spec_path.child(name).index(i).child("image"),
                    image,
                    "must not have leading or trailing whitespace",
                ));
            }
        }
    }
    if json_len(pod.spec.ephemeral_containers.as_deref()) > 0 {
        errs.push(FieldError::forbidden(
            spec_path.child("ephemeralContainers"),
            "cannot be set on create",
        ));
    }
    let has_gates = json_len(pod.spec.scheduling_gates.as_deref()) > 0;
    if has_gates && pod.spec.node_name.as_deref().is_some_and(|n| !n.is_empty()) {
        errs.push(FieldError::forbidden(
            spec_path.child("nodeName"),
            "cannot be set until all schedulingGates have been cleared",
        ));
    }
    errs
}

/// Validates a pod template as `ValidatePodTemplateSpec` does: its labels (reported at
/// `<path>.labels`, upstream's path, not `<path>.metadata.labels`), annotations and spec.
///
/// ```
/// use kubelite::api::pod::{Container, PodSpec, PodTemplateSpec};
/// use kubelite::validation::{FieldPath, validate_pod_template_spec};
/// let mut t = PodTemplateSpec::new(PodSpec::with_containers([Container::new("Web", "nginx")]));
/// t.apply_defaults();
/// let errs = validate_pod_template_spec(&t, &FieldPath::new("spec").child("template"));
/// assert!(errs[0].to_string().starts_with("spec.template.spec.containers[0].name: Invalid value: \"Web\""));
/// ```
pub fn validate_pod_template_spec(template: &PodTemplateSpec, path: &FieldPath) -> ErrorList {
    let mut errs = validate_labels(&template.metadata.labels, &path.child("labels"));
    errs.extend(validate_annotations(
        &template.metadata.annotations,
        &path.child("annotations"),
    ));
    let spec_path = path.child("spec");
    errs.extend(validate_spec(&template.spec, &spec_path, Owner::Template));
    if json_len(template.spec.ephemeral_containers.as_deref()) > 0 {
        errs.push(FieldError::forbidden(
            spec_path.child("ephemeralContainers"),
            "ephemeral containers not allowed in pod template",
        ));
    }
    errs
}

/// Validates a pod spec as `ValidatePodSpec` does for a spec embedded in a template.
///
/// The spec is expected to be defaulted (as the API server defaults before validating):
/// a missing `restartPolicy`, `dnsPolicy`, `terminationGracePeriodSeconds`,
/// `imagePullPolicy`, `terminationMessagePolicy` or port `protocol` is `Required value`.
pub fn validate_pod_spec(spec: &PodSpec, path: &FieldPath) -> ErrorList {
    validate_spec(spec, path, Owner::Template)
}

fn validate_spec(spec: &PodSpec, path: &FieldPath, owner: Owner) -> ErrorList {
    let mut errs = ErrorList::new();
    if spec.termination_grace_period_seconds.is_none() {
        errs.push(FieldError::required(
            path.child("terminationGracePeriodSeconds"),
            "",
        ));
    }
    let grace = spec.termination_grace_period_seconds;
    errs.extend(validate_containers(
        &spec.containers,
        grace,
        &path.child("containers"),
    ));
    errs.extend(validate_init_containers(
        &spec.init_containers,
        &spec.containers,
        grace,
        &path.child("initContainers"),
    ));
    if spec.host_network == Some(true) {
        errs.extend(validate_host_network_ports(spec, path, owner));
    }
    errs.extend(enum_field(
        spec.restart_policy.as_deref(),
        &path.child("restartPolicy"),
        &["Always", "OnFailure", "Never"],
    ));
    errs.extend(enum_field(
        spec.dns_policy.as_deref(),
        &path.child("dnsPolicy"),
        &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
    ));
    let node_selector: Labels = spec.node_selector.clone().into();
    errs.extend(validate_labels(&node_selector, &path.child("nodeSelector")));
    errs.extend(validate_dns_config(spec, &path.child("dnsConfig")));
    for (i, gate) in spec.readiness_gates.iter().enumerate() {
        let p = path.child("readinessGates").index(i).child("conditionType");
        push_name_errors(
            &mut errs,
            &p,
            &gate.condition_type,
            names::is_qualified_name(&gate.condition_type),
        );
    }
    for (value, field) in [
        (&spec.service_account_name, "serviceAccountName"),
        (&spec.node_name, "nodeName"),
    ] {
        if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
            push_name_errors(
                &mut errs,
                &path.child(field),
                v,
                names::is_dns1123_subdomain(v),
            );
        }
    }
    if let Some(d) = spec
        .active_deadline_seconds
        .filter(|d| !(1..=i64::from(i32::MAX)).contains(d))
    {
        errs.push(FieldError::invalid(
            path.child("activeDeadlineSeconds"),
            d,
            "must be between 1 and 2147483647, inclusive",
        ));
    }
    for (value, field) in [(&spec.hostname, "hostname"), (&spec.subdomain, "subdomain")] {
        if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
            push_name_errors(&mut errs, &path.child(field), v, names::is_dns1123_label(v));
        }
    }
    if let Some(v) = spec
        .priority_class_name
        .as_deref()
        .filter(|v| !v.is_empty())
    {
        let p = path.child("priorityClassName");
        push_name_errors(&mut errs, &p, v, names::is_dns1123_subdomain(v));
    }
    // A pointer upstream: an explicit empty name is checked (and fails) too.
    if let Some(v) = spec.runtime_class_name.as_deref() {
        let p = path.child("runtimeClassName");
        push_name_errors(&mut errs, &p, v, names::is_dns1123_subdomain(v));
    }
    if let Some(policy) = spec.preemption_policy.as_deref() {
        errs.extend(enum_field(
            Some(policy),
            &path.child("preemptionPolicy"),
            &["PreemptLowerPriority", "Never"],
        ));
    }
    errs
}

/// `validateContainers`: the app containers.
fn validate_containers(
    containers: &[Container],
    grace: Option<i64>,
    path: &FieldPath,
) -> ErrorList {
    let mut errs = ErrorList::new();
    if containers.is_empty() {
        errs.push(FieldError::required(path.clone(), ""));
        return errs;
    }
    let mut names = BTreeSet::new();
    for (i, c) in containers.iter().enumerate() {
        let p = path.index(i);
        errs.extend(validate_container_common(c, &p));
        if !names.insert(c.name.as_str()) {
            errs.push(FieldError::duplicate(p.child("name"), c.name.as_str()));
        }
        errs.extend(validate_lifecycle(c, grace, &p));
        errs.extend(validate_probes(c, grace, &p));
        if c.restart_policy.is_some() {
            errs.push(FieldError::forbidden(
                p.child("restartPolicy"),
                "may not be set for non-init containers",
            ));
        }
    }
    errs.extend(host_port_conflicts(containers.iter().enumerate(), path));
    errs
}

/// `validateInitContainers`: init containers and sidecars (`restartPolicy: Always`).
fn validate_init_containers(
    containers: &[Container],
    regular: &[Container],
    grace: Option<i64>,
    path: &FieldPath,
) -> ErrorList {
    let mut errs = ErrorList::new();
    let mut names: BTreeSet<&str> = regular.iter().map(|c| c.name.as_str()).collect();
    for (i, c) in containers.iter().enumerate() {
        let p = path.index(i);
        errs.extend(validate_container_common(c, &p));
        let mut sidecar = false;
        if let Some(policy) = c.restart_policy.as_deref() {
            if policy != "Always" {
                errs.push(FieldError::not_supported(
                    p.child("restartPolicy"),
                    policy,
                    &["Always"],
                ));
            }
            sidecar = policy == "Always";
        }
        if names.contains(c.name.as_str()) {
            errs.push(FieldError::duplicate(p.child("name"), c.name.as_str()));
        } else if !c.name.is_empty() {
            names.insert(c.name.as_str());
        }
        errs.extend(host_port_conflicts([(i, c)], path));
        if sidecar {
            errs.extend(validate_lifecycle(c, grace, &p));
            errs.extend(validate_probes(c, grace, &p));
        } else {
            const NOT_SIDECAR: &str =
                "may not be set for init containers without restartPolicy=Always";
            if c.lifecycle.is_some() {
                errs.push(FieldError::forbidden(p.child("lifecycle"), NOT_SIDECAR));
            }
            for (probe, field) in [
                (&c.liveness_probe, "livenessProbe"),
                (&c.readiness_probe, "readinessProbe"),
                (&c.startup_probe, "startupProbe"),
            ] {
                if probe.is_some() {
                    errs.push(FieldError::forbidden(p.child(field), NOT_SIDECAR));
                }
            }
        }
        if let Some(resize) = c.resize_policy.as_ref().filter(|r| json_len(Some(r)) > 0) {
            errs.push(FieldError::invalid(
                p.child("resizePolicy"),
                resize.clone(),
                "must not be set for init containers",
            ));
        }
    }
    errs
}

/// `validateContainerCommon`: what every kind of container must satisfy.
fn validate_container_common(c: &Container, path: &FieldPath) -> ErrorList {
    let mut errs = ErrorList::new();
    let name_path = path.child("name");
    if c.name.is_empty() {
        errs.push(FieldError::required(name_path, ""));
    } else {
        push_name_errors(
            &mut errs,
            &name_path,
            &c.name,
            names::is_dns1123_label(&c.name),
        );
    }
    if c.image.as_deref().is_none_or(str::is_empty) {
        errs.push(FieldError::required(path.child("image"), ""));
    }
    errs.extend(enum_field(
        c.termination_message_policy.as_deref(),
        &path.child("terminationMessagePolicy"),
        &["File", "FallbackToLogsOnError"],
    ));
    errs.extend(validate_ports(c, &path.child("ports")));
    errs.extend(validate_env(c, &path.child("env")));
    errs.extend(enum_field(
        c.image_pull_policy.as_deref(),
        &path.child("imagePullPolicy"),
        &["Always", "IfNotPresent", "Never"],
    ));
    errs
}

/// `validateContainerPorts`.
fn validate_ports(c: &Container, path: &FieldPath) -> ErrorList {
    let mut errs = ErrorList::new();
    let mut names = BTreeSet::new();
    for (i, port) in c.ports.iter().enumerate() {
        let p = path.index(i);
        if let Some(name) = port.name.as_deref().filter(|n| !n.is_empty()) {
            match names::is_valid_port_name(name) {
                Err(e) => push_name_errors(&mut errs, &p.child("name"), name, Err(e)),
                Ok(()) if !names.insert(name) => {
                    errs.push(FieldError::duplicate(p.child("name"), name));
                }
                Ok(()) => {}
            }
        }
        if port.container_port == 0 {
            errs.push(FieldError::required(p.child("containerPort"), ""));
        } else if let Err(e) = names::is_valid_port_num(i64::from(port.container_port)) {
            for m in e.messages() {
                errs.push(FieldError::invalid(
                    p.child("containerPort"),
                    port.container_port,
                    m.clone(),
                ));
            }
        }
        if let Some(hp) = port.host_port.filter(|hp| *hp != 0)
            && let Err(e) = names::is_valid_port_num(i64::from(hp))
        {
            for m in e.messages() {
                errs.push(FieldError::invalid(p.child("hostPort"), hp, m.clone()));
            }
        }
        match port.protocol.as_deref() {
            None | Some("") => errs.push(FieldError::required(p.child("protocol"), "")),
            Some("TCP" | "UDP" | "SCTP") => {}
            Some(other) => errs.push(FieldError::not_supported(
                p.child("protocol"),
                other,
                &["SCTP", "TCP", "UDP"],
            )),
        }
    }
    errs
}

/// `ValidateEnv` with `RelaxedEnvironmentVariableValidation` (GA): names are any printable
/// ASCII but `=`. `valueFrom` is opaque and not checked.
fn validate_env(c: &Container, path: &FieldPath) -> ErrorList {
    let mut errs = ErrorList::new();
    for (i, e) in c.env.iter().enumerate() {
        let p = path.index(i).child("name");
        if e.name.is_empty() {
            errs.push(FieldError::required(p, ""));
        } else if e
            .name
            .chars()
            .any(|ch| !(' '..='~').contains(&ch) || ch == '=')
        {
            errs.push(FieldError::invalid(p, e.name.as_str(), ENV_VAR_NAME));
        }
    }
    errs
}

/// The three probes: `validateLivenessProbe`, `validateReadinessProbe`, `validateStartupProbe`.
fn validate_probes(c: &Container, grace: Option<i64>, path: &FieldPath) -> ErrorList {
    let mut errs = ErrorList::new();
    if let Some(probe) = &c.liveness_probe {
        let p = path.child("livenessProbe");
        errs.extend(validate_probe(probe, grace, &p));
        errs.extend(success_threshold_is_one(probe, &p));
    }
    if let Some(probe) = &c.readiness_probe {
        let p = path.child("readinessProbe");
        errs.extend(validate_probe(probe, grace, &p));
        if let Some(g) = probe.termination_grace_period_seconds {
            errs.push(FieldError::invalid(
                p.child("terminationGracePeriodSeconds"),
                g,
                "must not be set for readinessProbes",
            ));
        }
    }
    if let Some(probe) = &c.startup_probe {
        let p = path.child("startupProbe");
        errs.extend(validate_probe(probe, grace, &p));
        errs.extend(success_threshold_is_one(probe, &p));
    }
    errs
}

fn success_threshold_is_one(probe: &Probe, path: &FieldPath) -> ErrorList {
    let threshold = probe.success_threshold.unwrap_or(0);
    if threshold == 1 {
        ErrorList::new()
    } else {
        vec![FieldError::invalid(
            path.child("successThreshold"),
            threshold,
            "must be 1",
        )]
    }
}

/// `validateProbe`: exactly one handler, non-negative timing.
fn validate_probe(probe: &Probe, grace: Option<i64>, path: &FieldPath) -> ErrorList {
    let handlers = [
        ("exec", probe.exec.as_deref()),
        ("httpGet", probe.http_get.as_deref()),
        ("tcpSocket", probe.tcp_socket.as_deref()),
        ("grpc", probe.grpc.as_deref()),
    ];
    let mut errs = validate_handlers(&handlers, grace, path);
    for (value, field) in [
        (probe.initial_delay_seconds, "initialDelaySeconds"),
        (probe.timeout_seconds, "timeoutSeconds"),
        (probe.period_seconds, "periodSeconds"),
        (probe.success_threshold, "successThreshold"),
        (probe.failure_threshold, "failureThreshold"),
    ] {
        if let Some(v) = value.filter(|v| *v < 0) {
            errs.push(FieldError::invalid(path.child(field), v, NEGATIVE));
        }
    }
    if let Some(g) = probe.termination_grace_period_seconds.filter(|g| *g <= 0) {
        errs.push(FieldError::invalid(
            path.child("terminationGracePeriodSeconds"),
            g,
            "must be greater than 0",
        ));
    }
    errs
}

/// `validateLifecycle`: each hook needs exactly one handler.
fn validate_lifecycle(c: &Container, grace: Option<i64>, path: &FieldPath) -> ErrorList {
    let mut errs = ErrorList::new();
    let Some(Value::Object(lifecycle)) = c.lifecycle.as_deref() else {
        return errs;
    };
    for hook in ["postStart", "preStop"] {
        let Some(Value::Object(h)) = lifecycle.get(hook) else {
            continue;
        };
        let handlers = [
            ("exec", h.get("exec")),
            ("httpGet", h.get("httpGet")),
            ("tcpSocket", h.get("tcpSocket")),
            ("sleep", h.get("sleep")),
        ];
        errs.extend(validate_handlers(
            &handlers,
            grace,
            &path.child("lifecycle").child(hook),
        ));
    }
    errs
}

/// `validateHandler`: exactly one handler type, each well formed.
fn validate_handlers(
    handlers: &[(&str, Option<&Value>)],
    grace: Option<i64>,
    path: &FieldPath,
) -> ErrorList {
    let mut errs = ErrorList::new();
    let mut count = 0;
    for (name, value) in handlers {
        let Some(value) = value.filter(|v| !v.is_null()) else {
            continue;
        };
        let p = path.child(name);
        if count > 0 {
            errs.push(FieldError::forbidden(
                p,
                "may not specify more than 1 handler type",
            ));
            continue;
        }
        count += 1;
        match *name {
            "exec" if json_len(value.get("command")) == 0 => {
                errs.push(FieldError::required(p.child("command"), ""));
            }
            "httpGet" => {
                if value
                    .get("path")
                    .and_then(Value::as_str)
                    .is_none_or(str::is_empty)
                {
                    errs.push(FieldError::required(p.child("path"), ""));
                }
                errs.extend(port_num_or_name(value.get("port"), &p.child("port")));
                let scheme = value
                    .get("scheme")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                if scheme != "HTTP" && scheme != "HTTPS" {
                    errs.push(FieldError::not_supported(
                        p.child("scheme"),
                        scheme,
                        &["HTTP", "HTTPS"],
                    ));
                }
            }
            "tcpSocket" | "grpc" => {
                errs.extend(port_num_or_name(value.get("port"), &p.child("port")));
            }
            "sleep" => {
                let seconds = value.get("seconds").and_then(Value::as_i64).unwrap_or(0);
                // Upstream's `gracePeriod != nil && s <= 0 || s > *gracePeriod`; the grace
                // period is always set once defaulted.
                let grace = grace.unwrap_or(0);
                if seconds <= 0 || seconds > grace {
                    errs.push(FieldError::invalid(
                        p,
                        seconds,
                        format!(
                            "must be greater than 0 and less than terminationGracePeriodSeconds ({grace})"
                        ),
                    ));
                }
            }
            _ => {}
        }
    }
    if count == 0 {
        errs.push(FieldError::required(
            path.clone(),
            "must specify a handler type",
        ));
    }
    errs
}

/// `ValidatePortNumOrName` on an opaque `port` (a missing port is the integer 0).
fn port_num_or_name(port: Option<&Value>, path: &FieldPath) -> ErrorList {
    let mut errs = ErrorList::new();
    match port {
        Some(Value::String(name)) => {
            push_name_errors(&mut errs, path, name, names::is_valid_port_name(name));
        }
        other => {
            let n = other.and_then(Value::as_i64).unwrap_or(0);
            if let Err(e) = names::is_valid_port_num(n) {
                for m in e.messages() {
                    errs.push(FieldError::invalid(path.clone(), n, m.clone()));
                }
            }
        }
    }
    errs
}

/// `checkHostPortConflicts`: a `protocol/hostIP/hostPort` may appear once.
fn host_port_conflicts<'a>(
    containers: impl IntoIterator<Item = (usize, &'a Container)>,
    path: &FieldPath,
) -> ErrorList {
    let mut errs = ErrorList::new();
    let mut seen = BTreeSet::new();
    for (ci, c) in containers {
        for (pi, port) in c.ports.iter().enumerate() {
            let hp = port.host_port.unwrap_or(0);
            if hp == 0 {
                continue;
            }
            let key = format!(
                "{}/{}/{hp}",
                port.protocol.as_deref().unwrap_or_default(),
                port.host_ip.as_deref().unwrap_or_default()
            );
            if seen.contains(&key) {
                let p = path.index(ci).child("ports").index(pi).child("hostPort");
                errs.push(FieldError::duplicate(p, key));
            } else {
                seen.insert(key);
            }
        }
    }
    errs
}

/// `validatePodHostNetworkDeps`.
fn validate_host_network_ports(spec: &PodSpec, path: &FieldPath, owner: Owner) -> ErrorList {
    let mut errs = ErrorList::new();
    for (ci, c) in spec.containers.iter().enumerate() {
        for (pi, port) in c.ports.iter().enumerate() {
            let hp = port.host_port.unwrap_or(0);
            if (owner == Owner::Pod || hp != 0) && hp != port.container_port {
                errs.push(FieldError::invalid(
                    path.child("containers")
                        .index(ci)
                        .child("ports")
                        .index(pi)
                        .child("hostPort"),
                    hp,
                    "must match `containerPort` when `hostNetwork` is true",
                ));
            }
        }
    }
    errs
}

/// `validatePodDNSConfig`'s `dnsPolicy: None` rules (the config itself is opaque).
fn validate_dns_config(spec: &PodSpec, path: &FieldPath) -> ErrorList {
    let mut errs = ErrorList::new();
    if spec.dns_policy.as_deref() != Some("None") {
        return errs;
    }
    match &spec.dns_config {
        None => errs.push(FieldError::required(
            path.clone(),
            "must provide `dnsConfig` when `dnsPolicy` is None",
        )),
        Some(config) if json_len(config.get("nameservers")) == 0 => {
            errs.push(FieldError::required(
                path.child("nameservers"),
                "must provide at least one DNS nameserver when `dnsPolicy` is None",
            ));
        }
        Some(_) => {}
    }
    errs
}

/// An enumerated string: `Required value` when empty, else `Unsupported value` unless listed.
fn enum_field(value: Option<&str>, path: &FieldPath, supported: &[&str]) -> ErrorList {
    match value {
        None | Some("") => vec![FieldError::required(path.clone(), "")],
        Some(v) if supported.contains(&v) => ErrorList::new(),
        Some(v) => vec![FieldError::not_supported(path.clone(), v, supported)],
    }
}

fn push_name_errors(
    errs: &mut ErrorList,
    path: &FieldPath,
    value: &str,
    result: Result<(), NameError>,
) {
    if let Err(e) = result {
        for m in e.messages() {
            errs.push(FieldError::invalid(path.clone(), value, m.clone()));
        }
    }
}

/// The length of an opaque list (0 when absent, null or not a list).
fn json_len(value: Option<&Value>) -> usize {
    value.and_then(Value::as_array).map_or(0, Vec::len)
}
