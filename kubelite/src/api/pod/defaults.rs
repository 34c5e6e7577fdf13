//! What the API server fills in on a pod spec (`pkg/apis/core/v1/defaults.go` plus the
//! declarative `+default` markers of `core/v1/types.go`), for Pods and for pod templates.
//!
//! Every function is idempotent: a defaulted value is never defaulted again. Go defaults a
//! field when it is the zero value, so an explicit `""` or `0` is defaulted like an absent one.

use serde_json::{Map, Value, json};

use super::{Container, Pod, PodSpec, Probe, default_image_pull_policy};

/// `SetDefaults_PodSpec` and everything nested (containers, ports, probes, volumes): the
/// defaults a pod template gets too.
pub(crate) fn default_pod_spec(spec: &mut PodSpec) {
    default_str(&mut spec.dns_policy, "ClusterFirst");
    default_str(&mut spec.restart_policy, "Always");
    if spec.security_context.is_none() {
        spec.security_context = Some(Box::new(json!({})));
    }
    if spec.termination_grace_period_seconds.is_none() {
        spec.termination_grace_period_seconds = Some(30);
    }
    default_str(&mut spec.scheduler_name, "default-scheduler");
    for c in spec
        .containers
        .iter_mut()
        .chain(spec.init_containers.iter_mut())
    {
        default_container(c);
    }
    if let Some(Value::Array(volumes)) = spec.volumes.as_deref_mut() {
        volumes.iter_mut().for_each(default_volume);
    }
}

/// `SetDefaults_Pod` plus the pod registry's create-time mutation: what only a Pod (not a
/// template) gets.
pub(crate) fn default_pod(pod: &mut Pod) {
    default_pod_spec(&mut pod.spec);
    let spec = &mut pod.spec;
    // Only Pods, so templates printed by controllers do not churn (upstream issue #69445).
    if spec.enable_service_links.is_none() {
        spec.enable_service_links = Some(true);
    }
    for c in spec
        .containers
        .iter_mut()
        .chain(spec.init_containers.iter_mut())
    {
        default_requests_to_limits(c);
    }
    if spec.host_network == Some(true) {
        for c in spec
            .containers
            .iter_mut()
            .chain(spec.init_containers.iter_mut())
        {
            for p in &mut c.ports {
                if p.host_port.unwrap_or(0) == 0 {
                    p.host_port = Some(p.container_port);
                }
            }
        }
    }
    // Since 1.27 (kubernetes/kubernetes#115606) a negative grace period is stored as 1
    // instead of being rejected.
    if let Some(g) = spec
        .termination_grace_period_seconds
        .as_mut()
        .filter(|g| **g < 0)
    {
        *g = 1;
    }
}

/// `SetDefaults_Container` (image pull policy, termination message) and what it contains.
fn default_container(c: &mut Container) {
    if c.image_pull_policy.as_deref().is_none_or(str::is_empty) {
        let image = c.image.as_deref().unwrap_or_default();
        c.image_pull_policy = Some(default_image_pull_policy(image).to_owned());
    }
    default_str(&mut c.termination_message_path, "/dev/termination-log");
    default_str(&mut c.termination_message_policy, "File");
    for p in &mut c.ports {
        default_str(&mut p.protocol, "TCP");
    }
    for probe in [
        &mut c.liveness_probe,
        &mut c.readiness_probe,
        &mut c.startup_probe,
    ]
    .into_iter()
    .flatten()
    {
        default_probe(probe);
    }
    if let Some(Value::Object(lifecycle)) = c.lifecycle.as_deref_mut() {
        for hook in ["postStart", "preStop"] {
            if let Some(Value::Object(handler)) = lifecycle.get_mut(hook) {
                default_http_get(handler.get_mut("httpGet"));
            }
        }
    }
    for e in &mut c.env {
        if let Some(Value::Object(from)) = e.value_from.as_deref_mut() {
            default_field_ref(from.get_mut("fieldRef"));
        }
    }
}

/// `SetDefaults_Probe`, plus `SetDefaults_HTTPGetAction` and `GRPCAction.service`'s
/// `+default=""` inside the opaque handlers.
fn default_probe(p: &mut Probe) {
    default_int(&mut p.timeout_seconds, 1);
    default_int(&mut p.period_seconds, 10);
    default_int(&mut p.success_threshold, 1);
    default_int(&mut p.failure_threshold, 3);
    default_http_get(p.http_get.as_deref_mut());
    if let Some(Value::Object(grpc)) = p.grpc.as_deref_mut() {
        grpc.entry("service").or_insert_with(|| json!(""));
    }
}

/// `SetDefaults_Pod`: limits without requests become requests too.
fn default_requests_to_limits(c: &mut Container) {
    let Some(Value::Object(resources)) = c.resources.as_deref_mut() else {
        return;
    };
    // An empty map marshals to nothing in Go (`omitempty`), so it adds no `requests`.
    let Some(Value::Object(limits)) = resources
        .get("limits")
        .cloned()
        .filter(|l| l.as_object().is_some_and(|l| !l.is_empty()))
    else {
        return;
    };
    let requests = resources
        .entry("requests")
        .or_insert_with(|| Value::Object(Map::new()));
    if requests.is_null() {
        *requests = Value::Object(Map::new());
    }
    if let Value::Object(requests) = requests {
        for (k, v) in limits {
            requests.entry(k).or_insert(v);
        }
    }
}

/// `SetDefaults_Volume` (no source means `emptyDir`) and the volume sources' defaults.
fn default_volume(volume: &mut Value) {
    let Value::Object(v) = volume else {
        return;
    };
    if !v.iter().any(|(k, val)| k != "name" && !val.is_null()) {
        v.insert("emptyDir".to_owned(), json!({}));
    }
    // 0644, upstream's `*VolumeSourceDefaultMode`.
    for source in ["secret", "configMap", "downwardAPI", "projected"] {
        if let Some(Value::Object(s)) = v.get_mut(source) {
            s.entry("defaultMode").or_insert_with(|| json!(420));
        }
    }
    if let Some(Value::Object(host_path)) = v.get_mut("hostPath") {
        host_path.entry("type").or_insert_with(|| json!(""));
    }
    if let Some(Value::Object(downward)) = v.get_mut("downwardAPI") {
        default_downward_items(downward);
    }
    if let Some(Value::Array(sources)) = v.get_mut("projected").and_then(|p| p.get_mut("sources")) {
        for s in sources.iter_mut().filter_map(Value::as_object_mut) {
            if let Some(Value::Object(token)) = s.get_mut("serviceAccountToken") {
                token
                    .entry("expirationSeconds")
                    .or_insert_with(|| json!(3600));
            }
            if let Some(Value::Object(downward)) = s.get_mut("downwardAPI") {
                default_downward_items(downward);
            }
        }
    }
}

fn default_downward_items(downward: &mut Map<String, Value>) {
    if let Some(Value::Array(items)) = downward.get_mut("items") {
        for item in items.iter_mut().filter_map(Value::as_object_mut) {
            default_field_ref(item.get_mut("fieldRef"));
        }
    }
}

/// `SetDefaults_ObjectFieldSelector`: `apiVersion: v1`.
fn default_field_ref(field_ref: Option<&mut Value>) {
    if let Some(Value::Object(f)) = field_ref {
        let empty = f.get("apiVersion").is_none_or(|v| v.as_str() == Some(""));
        if empty {
            f.insert("apiVersion".to_owned(), json!("v1"));
        }
    }
}

/// `SetDefaults_HTTPGetAction`: path `/`, scheme `HTTP`.
fn default_http_get(http_get: Option<&mut Value>) {
    if let Some(Value::Object(h)) = http_get {
        for (key, default) in [("path", "/"), ("scheme", "HTTP")] {
            let empty = h.get(key).is_none_or(|v| v.as_str() == Some(""));
            if empty {
                h.insert(key.to_owned(), json!(default));
            }
        }
    }
}

fn default_str(field: &mut Option<String>, value: &str) {
    if field.as_deref().is_none_or(str::is_empty) {
        *field = Some(value.to_owned());
    }
}

fn default_int(field: &mut Option<i32>, value: i32) {
    if field.unwrap_or(0) == 0 {
        *field = Some(value);
    }
}
