//! `kubectl describe` for pods, services (with their Endpoints line), deployments,
//! replica sets, namespaces, nodes and network policies: upstream `pkg/describe` layouts,
//! aligned by a tabwriter with padding 2.

use serde_json::Value;

use crate::api::{Kind, Object};
use crate::cluster::ListOptions;
use crate::kubectl::KubectlError;
use crate::kubectl::flags::{Flag, Parsed, Takes, flag};
use crate::kubectl::print::{self, table::align};
use crate::kubectl::resources::{self, Target};
use crate::meta::Time;

use super::{Ctx, errors};

pub(crate) const FLAGS: &[Flag] = &[
    flag("selector", Some('l'), Takes::Str),
    flag("all-namespaces", Some('A'), Takes::Bool),
    flag("show-events", None, Takes::Bool),
];

pub(crate) fn run(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<(), KubectlError> {
    if p.args.is_empty() {
        return Err(KubectlError::new(
            "You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.",
        ));
    }
    let (targets, _) = resources::resolve(&p.args)?;
    let namespace = p.namespace();
    let mut objects = Vec::new();
    let mut failures = Vec::new();
    for t in &targets {
        match t {
            Target::Named(kind, name) => {
                // describe also finds objects by name prefix, as upstream does.
                match ctx.cluster.get_object(*kind, &namespace, name) {
                    Ok(o) => objects.push(o),
                    Err(e) => {
                        let prefixed: Vec<Object> = ctx
                            .cluster
                            .list_objects(*kind, Some(&namespace), &ListOptions::default())
                            .unwrap_or_default()
                            .into_iter()
                            .filter(|o| o.meta().name().starts_with(name.as_str()))
                            .collect();
                        if prefixed.is_empty() {
                            failures.push(errors::cluster(&e));
                        }
                        objects.extend(prefixed);
                    }
                }
            }
            Target::All(kind) => {
                let ns = if p.bool("all-namespaces") {
                    None
                } else {
                    Some(namespace.as_str())
                };
                let options = ListOptions::labels(p.get("selector").unwrap_or(""));
                objects.extend(
                    ctx.cluster
                        .list_objects(*kind, ns, &options)
                        .map_err(|e| errors::cluster(&e))?,
                );
            }
        }
    }
    if objects.is_empty() && failures.is_empty() {
        ctx.err
            .push_str(&format!("No resources found in {namespace} namespace.\n"));
        return Ok(());
    }
    let now = ctx.cluster.now();
    let mut separator = "";
    for object in &objects {
        let text = describe(ctx, object, now);
        ctx.out.push_str(separator);
        ctx.out.push_str(&text);
        separator = "\n\n";
    }
    super::fail_with(failures)
}

/// Lines of `key\tvalue` cells, written at an indentation level (two spaces each).
#[derive(Default)]
struct Writer {
    lines: Vec<Vec<String>>,
}

impl Writer {
    fn write(&mut self, level: usize, text: &str) {
        let prefix = "  ".repeat(level);
        for line in text.split('\n') {
            self.lines.push(
                format!("{prefix}{line}")
                    .split('\t')
                    .map(str::to_owned)
                    .collect(),
            );
        }
    }

    fn finish(self) -> String {
        align(&self.lines, 0, 2)
    }
}

fn s<'a>(v: &'a Value, ptr: &str) -> &'a str {
    v.pointer(ptr).and_then(Value::as_str).unwrap_or("")
}

fn i(v: &Value, ptr: &str) -> i64 {
    v.pointer(ptr).and_then(Value::as_i64).unwrap_or(0)
}

/// The strings of the array at `ptr` (non-strings skipped).
fn strs<'a>(v: &'a Value, ptr: &str) -> Vec<&'a str> {
    arr(v, ptr).iter().filter_map(Value::as_str).collect()
}

fn arr<'a>(v: &'a Value, ptr: &str) -> &'a [Value] {
    v.pointer(ptr)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

fn none(s: &str) -> String {
    if s.is_empty() {
        "<none>".into()
    } else {
        s.into()
    }
}

/// Go's `time.RFC1123Z`: `Fri, 03 Apr 2020 10:00:00 +0000`.
fn rfc1123z(timestamp: &str) -> String {
    let Ok(t) = timestamp.parse::<Time>() else {
        return timestamp.to_owned();
    };
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let text = t.to_string(); // YYYY-MM-DDTHH:MM:SSZ
    let day = t.unix_seconds().div_euclid(86_400).rem_euclid(7) as usize;
    let month: usize = text[5..7].parse().unwrap_or(1);
    format!(
        "{}, {} {} {} {} +0000",
        DAYS.get(day).copied().unwrap_or_default(),
        &text[8..10],
        MONTHS
            .get(month.clamp(1, 12) - 1)
            .copied()
            .unwrap_or_default(),
        &text[0..4],
        &text[11..19]
    )
}

fn labels_multiline(w: &mut Writer, level: usize, title: &str, map: Option<&Value>, sep: &str) {
    let entries: Vec<(String, String)> = map
        .and_then(Value::as_object)
        .map(|m| {
            let mut e: Vec<(String, String)> = m
                .iter()
                .filter(|(k, _)| *k != "kubectl.kubernetes.io/last-applied-configuration")
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_owned()))
                .collect();
            e.sort();
            e
        })
        .unwrap_or_default();
    if entries.is_empty() {
        w.write(level, &format!("{title}:\t<none>"));
        return;
    }
    for (n, (k, v)) in entries.iter().enumerate() {
        let head = if n == 0 {
            format!("{title}:")
        } else {
            String::new()
        };
        w.write(level, &format!("{head}\t{k}{sep}{v}"));
    }
}

fn describe(ctx: &Ctx<'_>, object: &Object, now: Time) -> String {
    let v = print::object_json(object);
    let mut w = Writer::default();
    match object.kind_id() {
        Kind::Service => service(ctx, &v, &mut w),
        Kind::Pod => pod(&v, &mut w),
        Kind::Deployment => deployment(ctx, object, &v, &mut w),
        Kind::ReplicaSet => replica_set(ctx, &v, &mut w),
        Kind::Namespace => {
            w.write(0, &format!("Name:\t{}", s(&v, "/metadata/name")));
            labels_multiline(&mut w, 0, "Labels", v.pointer("/metadata/labels"), "=");
            labels_multiline(
                &mut w,
                0,
                "Annotations",
                v.pointer("/metadata/annotations"),
                ": ",
            );
            w.write(0, &format!("Status:\t{}", s(&v, "/status/phase")));
            w.write(0, "\nNo resource quota.\n\nNo LimitRange resource.");
            return w.finish();
        }
        Kind::Node => node(&v, &mut w, now),
        Kind::NetworkPolicy => {
            // kubectl's NetworkPolicy describer prints no events.
            network_policy(&v, &mut w);
            return w.finish();
        }
        _ => {
            w.write(0, &format!("Name:\t{}", s(&v, "/metadata/name")));
            w.write(0, &format!("Namespace:\t{}", s(&v, "/metadata/namespace")));
            labels_multiline(&mut w, 0, "Labels", v.pointer("/metadata/labels"), "=");
            labels_multiline(
                &mut w,
                0,
                "Annotations",
                v.pointer("/metadata/annotations"),
                ": ",
            );
        }
    }
    w.write(0, "Events:\t<none>");
    w.finish()
}

fn header(v: &Value, w: &mut Writer, creation: bool) {
    w.write(0, &format!("Name:\t{}", s(v, "/metadata/name")));
    w.write(0, &format!("Namespace:\t{}", s(v, "/metadata/namespace")));
    if creation {
        w.write(
            0,
            &format!(
                "CreationTimestamp:\t{}",
                rfc1123z(s(v, "/metadata/creationTimestamp"))
            ),
        );
    }
    labels_multiline(w, 0, "Labels", v.pointer("/metadata/labels"), "=");
    labels_multiline(
        w,
        0,
        "Annotations",
        v.pointer("/metadata/annotations"),
        ": ",
    );
}

fn format_labels(map: Option<&Value>) -> String {
    let mut pairs: Vec<String> = map
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
                .collect()
        })
        .unwrap_or_default();
    pairs.sort();
    none(&pairs.join(","))
}

fn service(ctx: &Ctx<'_>, v: &Value, w: &mut Writer) {
    header(v, w, false);
    w.write(
        0,
        &format!("Selector:\t{}", format_labels(v.pointer("/spec/selector"))),
    );
    let t = s(v, "/spec/type");
    w.write(0, &format!("Type:\t{t}"));
    if !s(v, "/spec/ipFamilyPolicy").is_empty() {
        w.write(
            0,
            &format!("IP Family Policy:\t{}", s(v, "/spec/ipFamilyPolicy")),
        );
    }
    let families: Vec<&str> = strs(v, "/spec/ipFamilies");
    w.write(0, &format!("IP Families:\t{}", none(&families.join(","))));
    w.write(0, &format!("IP:\t{}", s(v, "/spec/clusterIP")));
    let ips: Vec<&str> = strs(v, "/spec/clusterIPs");
    w.write(0, &format!("IPs:\t{}", none(&ips.join(","))));
    let external: Vec<&str> = strs(v, "/spec/externalIPs");
    if !external.is_empty() {
        w.write(0, &format!("External IPs:\t{}", external.join(",")));
    }
    if t == "ExternalName" {
        w.write(
            0,
            &format!("External Name:\t{}", s(v, "/spec/externalName")),
        );
    }
    let ingress: Vec<&str> = arr(v, "/status/loadBalancer/ingress")
        .iter()
        .map(|i| {
            let ip = s(i, "/ip");
            if ip.is_empty() { s(i, "/hostname") } else { ip }
        })
        .collect();
    if !ingress.is_empty() {
        w.write(0, &format!("LoadBalancer Ingress:\t{}", ingress.join(", ")));
    }
    let slices = ctx
        .cluster
        .list_objects(
            Kind::EndpointSlice,
            Some(s(v, "/metadata/namespace")),
            &ListOptions::labels(format!(
                "kubernetes.io/service-name={}",
                s(v, "/metadata/name")
            )),
        )
        .unwrap_or_default();
    let slices: Vec<Value> = slices.iter().map(print::object_json).collect();
    for port in arr(v, "/spec/ports") {
        let name = s(port, "/name");
        let shown = if name.is_empty() { "<unset>" } else { name };
        let protocol = s(port, "/protocol");
        w.write(
            0,
            &format!("Port:\t{shown}\t{}/{protocol}", i(port, "/port")),
        );
        let target = match port.get("targetPort") {
            Some(Value::String(t)) => t.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => i(port, "/port").to_string(),
        };
        w.write(0, &format!("TargetPort:\t{target}/{protocol}"));
        if i(port, "/nodePort") != 0 {
            w.write(
                0,
                &format!("NodePort:\t{shown}\t{}/{protocol}", i(port, "/nodePort")),
            );
        }
        w.write(
            0,
            &format!("Endpoints:\t{}", slice_endpoints(&slices, name)),
        );
    }
    w.write(
        0,
        &format!("Session Affinity:\t{}", s(v, "/spec/sessionAffinity")),
    );
    if !s(v, "/spec/externalTrafficPolicy").is_empty() {
        w.write(
            0,
            &format!(
                "External Traffic Policy:\t{}",
                s(v, "/spec/externalTrafficPolicy")
            ),
        );
    }
    if !s(v, "/spec/internalTrafficPolicy").is_empty() {
        w.write(
            0,
            &format!(
                "Internal Traffic Policy:\t{}",
                s(v, "/spec/internalTrafficPolicy")
            ),
        );
    }
}

/// Ready `address:port` pairs of the port named `port_name` across the Service's slices: the
/// first three, then `+ N more...`; `<none>` without slices.
fn slice_endpoints(slices: &[Value], port_name: &str) -> String {
    if slices.is_empty() {
        return "<none>".into();
    }
    let max = 3;
    let mut list = Vec::new();
    let mut count = 0;
    for slice in slices {
        for port in arr(slice, "/ports") {
            if s(port, "/name") != port_name {
                continue;
            }
            for ep in arr(slice, "/endpoints") {
                let ready = ep.pointer("/conditions/ready").and_then(Value::as_bool);
                if ready == Some(false) {
                    continue;
                }
                if let Some(addr) = arr(ep, "/addresses").first().and_then(Value::as_str) {
                    count += 1;
                    if list.len() < max {
                        list.push(format!("{addr}:{}", i(port, "/port")));
                    }
                }
            }
        }
    }
    let joined = list.join(",");
    if count > max {
        format!("{joined} + {} more...", count - max)
    } else {
        joined
    }
}

fn container_ports(c: &Value, host: bool) -> String {
    arr(c, "/ports")
        .iter()
        .map(|p| {
            let n = if host {
                i(p, "/hostPort")
            } else {
                i(p, "/containerPort")
            };
            format!("{n}/{}", s(p, "/protocol"))
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn probe(p: &Value) -> String {
    let mut out = if let Some(h) = p.get("httpGet") {
        let port = match h.get("port") {
            Some(Value::Number(n)) => n.to_string(),
            Some(Value::String(s)) => s.clone(),
            _ => String::new(),
        };
        format!(
            "http-get {}://{}:{port}{}",
            s(h, "/scheme").to_lowercase(),
            s(h, "/host"),
            s(h, "/path")
        )
    } else if let Some(t) = p.get("tcpSocket") {
        format!(
            "tcp-socket {}:{}",
            s(t, "/host"),
            t.get("port").map(Value::to_string).unwrap_or_default()
        )
    } else if let Some(e) = p.get("exec") {
        let cmd: Vec<&str> = strs(e, "/command");
        format!("exec [{}]", cmd.join(" "))
    } else {
        "unknown".into()
    };
    out.push_str(&format!(
        " delay={}s timeout={}s period={}s #success={} #failure={}",
        i(p, "/initialDelaySeconds"),
        i(p, "/timeoutSeconds"),
        i(p, "/periodSeconds"),
        i(p, "/successThreshold"),
        i(p, "/failureThreshold")
    ));
    out
}

fn containers(w: &mut Writer, containers: &[Value], statuses: &[Value], template: bool) {
    for c in containers {
        let name = s(c, "/name");
        let status = statuses.iter().find(|st| s(st, "/name") == name);
        let indent = if template { " " } else { "" };
        w.write(1, &format!("{indent}{name}:"));
        if let Some(st) = status {
            w.write(2, &format!("Container ID:\t{}", s(st, "/containerID")));
        }
        w.write(2, &format!("Image:\t{}", s(c, "/image")));
        if let Some(st) = status {
            w.write(2, &format!("Image ID:\t{}", s(st, "/imageID")));
        }
        let ports = container_ports(c, false);
        let label = if ports.contains(',') { "Ports" } else { "Port" };
        w.write(2, &format!("{label}:\t{}", none(&ports)));
        let host = container_ports(c, true);
        let label = if host.contains(',') {
            "Host Ports"
        } else {
            "Host Port"
        };
        w.write(2, &format!("{label}:\t{}", none(&host)));
        for (key, title) in [("command", "Command"), ("args", "Args")] {
            let items: Vec<&str> = strs(c, &format!("/{key}"));
            if !items.is_empty() {
                w.write(2, &format!("{title}:"));
                for item in items {
                    w.write(3, item);
                }
            }
        }
        if let Some(st) = status {
            state(w, "State", st.get("state"));
            if st.pointer("/lastState/terminated").is_some() {
                state(w, "Last State", st.get("lastState"));
            }
            let ready = st.get("ready").and_then(Value::as_bool) == Some(true);
            w.write(
                2,
                &format!("Ready:\t{}", if ready { "True" } else { "False" }),
            );
            w.write(2, &format!("Restart Count:\t{}", i(st, "/restartCount")));
        }
        if let Some(p) = c.get("livenessProbe") {
            w.write(2, &format!("Liveness:\t{}", probe(p)));
        }
        if let Some(p) = c.get("readinessProbe") {
            w.write(2, &format!("Readiness:\t{}", probe(p)));
        }
        let env = arr(c, "/env");
        if env.is_empty() {
            w.write(2, "Environment:\t<none>");
        } else {
            w.write(2, "Environment:");
            for e in env {
                w.write(3, &format!("{}:\t{}", s(e, "/name"), s(e, "/value")));
            }
        }
        let mounts = arr(c, "/volumeMounts");
        if mounts.is_empty() {
            w.write(2, "Mounts:\t<none>");
        } else {
            w.write(2, "Mounts:");
            for m in mounts {
                let ro = if m.get("readOnly").and_then(Value::as_bool) == Some(true) {
                    "ro"
                } else {
                    "rw"
                };
                w.write(
                    3,
                    &format!("{} from {} ({ro})", s(m, "/mountPath"), s(m, "/name")),
                );
            }
        }
    }
}

fn state(w: &mut Writer, title: &str, state: Option<&Value>) {
    let Some(state) = state else {
        w.write(2, &format!("{title}:\tWaiting"));
        return;
    };
    let state = if title == "Last State" {
        state
            .get("terminated")
            .map(|t| serde_json::json!({"terminated": t}))
            .unwrap_or_default()
    } else {
        state.clone()
    };
    if let Some(r) = state.get("running") {
        w.write(2, &format!("{title}:\tRunning"));
        w.write(3, &format!("Started:\t{}", rfc1123z(s(r, "/startedAt"))));
    } else if let Some(t) = state.get("terminated") {
        w.write(2, &format!("{title}:\tTerminated"));
        if !s(t, "/reason").is_empty() {
            w.write(3, &format!("Reason:\t{}", s(t, "/reason")));
        }
        if !s(t, "/message").is_empty() {
            w.write(3, &format!("Message:\t{}", s(t, "/message")));
        }
        w.write(3, &format!("Exit Code:\t{}", i(t, "/exitCode")));
        if i(t, "/signal") > 0 {
            w.write(3, &format!("Signal:\t{}", i(t, "/signal")));
        }
        w.write(3, &format!("Started:\t{}", rfc1123z(s(t, "/startedAt"))));
        w.write(3, &format!("Finished:\t{}", rfc1123z(s(t, "/finishedAt"))));
    } else {
        w.write(2, &format!("{title}:\tWaiting"));
        if let Some(reason) = state.pointer("/waiting/reason").and_then(Value::as_str) {
            w.write(3, &format!("Reason:\t{reason}"));
        }
    }
}

fn pod(v: &Value, w: &mut Writer) {
    w.write(0, &format!("Name:\t{}", s(v, "/metadata/name")));
    w.write(0, &format!("Namespace:\t{}", s(v, "/metadata/namespace")));
    if let Some(p) = v.pointer("/spec/priority").and_then(Value::as_i64) {
        w.write(0, &format!("Priority:\t{p}"));
    }
    w.write(
        0,
        &format!("Service Account:\t{}", s(v, "/spec/serviceAccountName")),
    );
    let node = s(v, "/spec/nodeName");
    if node.is_empty() {
        w.write(0, "Node:\t<none>");
    } else {
        w.write(0, &format!("Node:\t{node}/{}", s(v, "/status/hostIP")));
    }
    if !s(v, "/status/startTime").is_empty() {
        w.write(
            0,
            &format!("Start Time:\t{}", rfc1123z(s(v, "/status/startTime"))),
        );
    }
    labels_multiline(w, 0, "Labels", v.pointer("/metadata/labels"), "=");
    labels_multiline(
        w,
        0,
        "Annotations",
        v.pointer("/metadata/annotations"),
        ": ",
    );
    if !s(v, "/metadata/deletionTimestamp").is_empty() {
        w.write(0, "Status:\tTerminating (lasts <unknown>)");
        w.write(
            0,
            &format!(
                "Termination Grace Period:\t{}s",
                i(v, "/metadata/deletionGracePeriodSeconds")
            ),
        );
    } else {
        w.write(0, &format!("Status:\t{}", s(v, "/status/phase")));
    }
    if !s(v, "/status/reason").is_empty() {
        w.write(0, &format!("Reason:\t{}", s(v, "/status/reason")));
    }
    if !s(v, "/status/message").is_empty() {
        w.write(0, &format!("Message:\t{}", s(v, "/status/message")));
    }
    w.write(0, &format!("IP:\t{}", s(v, "/status/podIP")));
    let ips = arr(v, "/status/podIPs");
    if ips.is_empty() {
        w.write(0, "IPs:\t<none>");
    } else {
        w.write(0, "IPs:");
        for ip in ips {
            w.write(1, &format!("IP:\t{}", s(ip, "/ip")));
        }
    }
    controlled_by(v, w);
    w.write(0, "Containers:");
    containers(
        w,
        arr(v, "/spec/containers"),
        arr(v, "/status/containerStatuses"),
        false,
    );
    let conditions = arr(v, "/status/conditions");
    if !conditions.is_empty() {
        w.write(0, "Conditions:\n  Type\tStatus");
        for c in conditions {
            w.write(1, &format!("{} \t{} ", s(c, "/type"), s(c, "/status")));
        }
    }
    if arr(v, "/spec/volumes").is_empty() {
        w.write(0, "Volumes:\t<none>");
    } else {
        w.write(0, "Volumes:");
        for vol in arr(v, "/spec/volumes") {
            w.write(1, &format!("{}:", s(vol, "/name")));
        }
    }
    w.write(0, &format!("QoS Class:\t{}", s(v, "/status/qosClass")));
    labels_multiline(w, 0, "Node-Selectors", v.pointer("/spec/nodeSelector"), "=");
    let tolerations = arr(v, "/spec/tolerations");
    if tolerations.is_empty() {
        w.write(0, "Tolerations:\t<none>");
    } else {
        for (n, t) in tolerations.iter().enumerate() {
            let head = if n == 0 { "Tolerations:" } else { "" };
            let mut text = s(t, "/key").to_owned();
            if !s(t, "/value").is_empty() {
                text.push_str(&format!("={}", s(t, "/value")));
            }
            if !s(t, "/effect").is_empty() {
                text.push_str(&format!(":{}", s(t, "/effect")));
            }
            if s(t, "/operator") == "Exists" && s(t, "/key").is_empty() {
                text = "op=Exists".into();
            } else if s(t, "/operator") == "Exists" {
                text.push_str(" op=Exists");
            }
            if let Some(secs) = t.get("tolerationSeconds").and_then(Value::as_i64) {
                text.push_str(&format!(" for {secs}s"));
            }
            w.write(0, &format!("{head}\t{text}"));
        }
    }
}

/// The Deployment's ReplicaSets: the new one (same revision) and the old ones with replicas.
fn replica_sets(ctx: &Ctx<'_>, d: &Object) -> (Vec<Value>, Vec<Value>) {
    let uid = d.meta().uid.clone().unwrap_or_default();
    let revision = d
        .meta()
        .annotations
        .get("deployment.kubernetes.io/revision")
        .cloned();
    let mut owned: Vec<Value> = ctx
        .cluster
        .list_objects(
            Kind::ReplicaSet,
            Some(d.meta().namespace()),
            &ListOptions::default(),
        )
        .unwrap_or_default()
        .iter()
        .filter(|rs| rs.meta().owner_references.iter().any(|o| o.uid == uid))
        .map(print::object_json)
        .collect();
    owned.sort_by_key(|rs| {
        s(
            rs,
            "/metadata/annotations/deployment.kubernetes.io~1revision",
        )
        .parse::<i64>()
        .unwrap_or(0)
    });
    let newest = owned.last().map(|rs| s(rs, "/metadata/name").to_owned());
    let is_new = |rs: &Value| match &revision {
        Some(r) => {
            s(
                rs,
                "/metadata/annotations/deployment.kubernetes.io~1revision",
            ) == r
        }
        None => newest.as_deref() == Some(s(rs, "/metadata/name")),
    };
    let (new, old): (Vec<Value>, Vec<Value>) = owned.into_iter().partition(|rs| is_new(rs));
    let old = old
        .into_iter()
        .filter(|rs| i(rs, "/spec/replicas") != 0)
        .collect();
    (new, old)
}

fn rs_list(sets: &[Value]) -> String {
    none(
        &sets
            .iter()
            .map(|rs| {
                format!(
                    "{} ({}/{} replicas created)",
                    s(rs, "/metadata/name"),
                    i(rs, "/status/replicas"),
                    i(rs, "/spec/replicas")
                )
            })
            .collect::<Vec<_>>()
            .join(", "),
    )
}

fn pod_template(w: &mut Writer, template: Option<&Value>) {
    let empty = Value::Null;
    let t = template.unwrap_or(&empty);
    w.write(0, "Pod Template:");
    labels_multiline(w, 1, "Labels", t.pointer("/metadata/labels"), "=");
    if t.pointer("/metadata/annotations").is_some() {
        labels_multiline(
            w,
            1,
            "Annotations",
            t.pointer("/metadata/annotations"),
            ": ",
        );
    }
    if !s(t, "/spec/serviceAccountName").is_empty() {
        w.write(
            1,
            &format!("Service Account:\t{}", s(t, "/spec/serviceAccountName")),
        );
    }
    w.write(1, "Containers:");
    containers(w, arr(t, "/spec/containers"), &[], true);
    w.write(1, "Volumes:\t<none>");
    labels_multiline(w, 1, "Node-Selectors", t.pointer("/spec/nodeSelector"), "=");
    w.write(1, "Tolerations:\t<none>");
}

fn deployment(ctx: &Ctx<'_>, object: &Object, v: &Value, w: &mut Writer) {
    header(v, w, true);
    w.write(0, &format!("Selector:\t{}", selector(v)));
    w.write(
        0,
        &format!(
            "Replicas:\t{} desired | {} updated | {} total | {} available | {} unavailable",
            i(v, "/spec/replicas"),
            i(v, "/status/updatedReplicas"),
            i(v, "/status/replicas"),
            i(v, "/status/availableReplicas"),
            i(v, "/status/unavailableReplicas")
        ),
    );
    let strategy = s(v, "/spec/strategy/type");
    w.write(0, &format!("StrategyType:\t{strategy}"));
    w.write(
        0,
        &format!("MinReadySeconds:\t{}", i(v, "/spec/minReadySeconds")),
    );
    if strategy == "RollingUpdate" {
        let field = |k: &str| match v.pointer(&format!("/spec/strategy/rollingUpdate/{k}")) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        w.write(
            0,
            &format!(
                "RollingUpdateStrategy:\t{} max unavailable, {} max surge",
                field("maxUnavailable"),
                field("maxSurge")
            ),
        );
    }
    pod_template(w, v.pointer("/spec/template"));
    conditions(w, v);
    let (new, old) = replica_sets(ctx, object);
    w.write(0, &format!("OldReplicaSets:\t{}", rs_list(&old)));
    w.write(0, &format!("NewReplicaSet:\t{}", rs_list(&new)));
}

fn conditions(w: &mut Writer, v: &Value) {
    let conditions = arr(v, "/status/conditions");
    if conditions.is_empty() {
        return;
    }
    w.write(0, "Conditions:\n  Type\tStatus\tReason");
    w.write(1, "----\t------\t------");
    for c in conditions {
        w.write(
            1,
            &format!(
                "{} \t{}\t{}",
                s(c, "/type"),
                s(c, "/status"),
                s(c, "/reason")
            ),
        );
    }
}

fn selector(v: &Value) -> String {
    match v.pointer("/spec/selector") {
        Some(sel) => serde_json::from_value::<crate::labels::LabelSelector>(sel.clone())
            .map(|l| crate::labels::format_label_selector(Some(&l)))
            .unwrap_or_else(|_| "<error>".into()),
        None => "<none>".into(),
    }
}

fn replica_set(ctx: &Ctx<'_>, v: &Value, w: &mut Writer) {
    header(v, w, false);
    w.write(0, &format!("Selector:\t{}", selector(v)));
    controlled_by(v, w);
    w.write(
        0,
        &format!(
            "Replicas:\t{} current / {} desired",
            i(v, "/status/replicas"),
            i(v, "/spec/replicas")
        ),
    );
    let pods = ctx
        .cluster
        .list_objects(
            Kind::Pod,
            Some(s(v, "/metadata/namespace")),
            &ListOptions::labels(selector(v).replace("<none>", "")),
        )
        .unwrap_or_default();
    let phase = |p: &str| {
        pods.iter()
            .filter(|o| s(&print::object_json(o), "/status/phase") == p)
            .count()
    };
    w.write(
        0,
        &format!(
            "Pods Status:\t{} Running / {} Waiting / {} Succeeded / {} Failed",
            phase("Running"),
            phase("Pending"),
            phase("Succeeded"),
            phase("Failed")
        ),
    );
    pod_template(w, v.pointer("/spec/template"));
}

fn node(v: &Value, w: &mut Writer, _now: Time) {
    w.write(0, &format!("Name:\t{}", s(v, "/metadata/name")));
    let roles: Vec<String> = v
        .pointer("/metadata/labels")
        .and_then(Value::as_object)
        .map(|m| {
            m.keys()
                .filter_map(|k| {
                    k.strip_prefix("node-role.kubernetes.io/")
                        .map(str::to_owned)
                })
                .collect()
        })
        .unwrap_or_default();
    w.write(0, &format!("Roles:\t{}", none(&roles.join(","))));
    labels_multiline(w, 0, "Labels", v.pointer("/metadata/labels"), "=");
    labels_multiline(
        w,
        0,
        "Annotations",
        v.pointer("/metadata/annotations"),
        ": ",
    );
    w.write(
        0,
        &format!(
            "CreationTimestamp:\t{}",
            rfc1123z(s(v, "/metadata/creationTimestamp"))
        ),
    );
    let unschedulable = v.pointer("/spec/unschedulable").and_then(Value::as_bool) == Some(true);
    w.write(0, "Taints:\t<none>");
    w.write(0, &format!("Unschedulable:\t{unschedulable}"));
    let conditions = arr(v, "/status/conditions");
    w.write(0, "Conditions:");
    w.write(1, "Type\tStatus\tReason\tMessage");
    w.write(1, "----\t------\t------\t-------");
    for c in conditions {
        w.write(
            1,
            &format!(
                "{}\t{}\t{}\t{}",
                s(c, "/type"),
                s(c, "/status"),
                s(c, "/reason"),
                s(c, "/message")
            ),
        );
    }
    w.write(0, "Addresses:");
    for a in arr(v, "/status/addresses") {
        w.write(1, &format!("{}:\t{}", s(a, "/type"), s(a, "/address")));
    }
    w.write(0, &format!("PodCIDR:\t{}", s(v, "/spec/podCIDR")));
    let cidrs: Vec<&str> = strs(v, "/spec/podCIDRs");
    w.write(0, &format!("PodCIDRs:\t{}", cidrs.join(",")));
}

fn network_policy(v: &Value, w: &mut Writer) {
    w.write(0, &format!("Name:\t{}", s(v, "/metadata/name")));
    w.write(0, &format!("Namespace:\t{}", s(v, "/metadata/namespace")));
    w.write(
        0,
        &format!(
            "Created on:\t{}",
            s(v, "/metadata/creationTimestamp")
                .replace('T', " ")
                .replace('Z', " +0000 UTC")
        ),
    );
    labels_multiline(w, 0, "Labels", v.pointer("/metadata/labels"), "=");
    labels_multiline(
        w,
        0,
        "Annotations",
        v.pointer("/metadata/annotations"),
        ": ",
    );
    w.write(0, "Spec:");
    let pod_selector = v
        .pointer("/spec/podSelector")
        .and_then(|p| serde_json::from_value::<crate::labels::LabelSelector>(p.clone()).ok())
        .map(|l| crate::labels::format_label_selector(Some(&l)))
        .unwrap_or_default();
    let pod_selector = if pod_selector == "<none>" {
        "<none> (Allowing the specific traffic to all pods in this namespace)".to_owned()
    } else {
        pod_selector
    };
    // kubectl writes "PodSelector: " at level 1 and the value at level 2: no tab, and the
    // value's own two-level indent stays in the line.
    w.write(1, &format!("PodSelector:     {pod_selector}"));
    let types: Vec<&str> = strs(v, "/spec/policyTypes");
    for (dir, key, peer_word, other_end) in [
        ("Ingress", "ingress", "From", "source"),
        ("Egress", "egress", "To", "destination"),
    ] {
        let word = key;
        if !types.contains(&dir) {
            w.write(1, &format!("Not affecting {word} traffic"));
            continue;
        }
        w.write(1, &format!("Allowing {word} traffic:"));
        let rules = arr(v, &format!("/spec/{key}"));
        if rules.is_empty() {
            w.write(
                2,
                &format!("<none> (Selected pods are isolated for {word} connectivity)"),
            );
            continue;
        }
        for (n, rule) in rules.iter().enumerate() {
            if n > 0 {
                w.write(2, "----------");
            }
            network_policy_ports(arr(rule, "/ports"), w);
            let peers = arr(rule, &format!("/{}", peer_word.to_lowercase()));
            if peers.is_empty() {
                w.write(
                    2,
                    &format!("{peer_word}: <any> (traffic not restricted by {other_end})"),
                );
            }
            for peer in peers {
                w.write(2, &format!("{peer_word}:"));
                network_policy_peer(peer, w);
            }
        }
    }
    let types = if types.is_empty() {
        "<none>".to_owned()
    } else {
        types.join(", ")
    };
    w.write(1, &format!("Policy Types: {types}"));
}

/// `To Port: 80/TCP`, `To Port Range: 32000-32768/TCP`; a port entry without `port` prints
/// Go's `<nil>` for the missing value, as kubectl does.
fn network_policy_ports(ports: &[Value], w: &mut Writer) {
    if ports.is_empty() {
        w.write(2, "To Port: <any> (traffic allowed to all ports)");
        return;
    }
    for p in ports {
        let port = match p.get("port") {
            Some(Value::Number(n)) => n.to_string(),
            Some(Value::String(s)) => s.clone(),
            _ => "<nil>".into(),
        };
        let proto = match s(p, "/protocol") {
            "" => "TCP",
            x => x,
        };
        match p.get("endPort").and_then(Value::as_i64) {
            Some(end) => w.write(2, &format!("To Port Range: {port}-{end}/{proto}")),
            None => w.write(2, &format!("To Port: {port}/{proto}")),
        }
    }
}

/// One `from`/`to` entry: both selectors, one of them, or the ipBlock.
fn network_policy_peer(peer: &Value, w: &mut Writer) {
    let fmt_sel = |p: &str| {
        peer.pointer(p)
            .and_then(|x| serde_json::from_value::<crate::labels::LabelSelector>(x.clone()).ok())
            .map(|l| crate::labels::format_label_selector(Some(&l)))
    };
    match (fmt_sel("/namespaceSelector"), fmt_sel("/podSelector")) {
        (Some(ns), Some(pod)) => {
            w.write(3, &format!("NamespaceSelector: {ns}"));
            w.write(3, &format!("PodSelector: {pod}"));
        }
        (Some(ns), None) => w.write(3, &format!("NamespaceSelector: {ns}")),
        (None, Some(pod)) => w.write(3, &format!("PodSelector: {pod}")),
        (None, None) => {
            if let Some(block) = peer.get("ipBlock") {
                w.write(3, "IPBlock:");
                w.write(4, &format!("CIDR: {}", s(block, "/cidr")));
                let except: Vec<&str> = strs(block, "/except");
                w.write(4, &format!("Except: {}", except.join(", ")));
            }
        }
    }
}

/// The `Controlled By:` line of describe (the controller owner), when there is one.
fn controlled_by(v: &Value, w: &mut Writer) {
    if let Some(owner) = arr(v, "/metadata/ownerReferences")
        .iter()
        .find(|o| o.get("controller").and_then(Value::as_bool) == Some(true))
    {
        w.write(
            0,
            &format!(
                "Controlled By:\t{}/{}",
                s(owner, "/kind"),
                s(owner, "/name")
            ),
        );
    }
}
