//! The server-side table columns of each kind (upstream `pkg/printers/internalversion`),
//! read from the object's wire JSON as kubectl reads what the server sends.

use std::fmt::Write;
use std::time::Duration;

use serde_json::Value;

use crate::api::Kind;
use crate::kubectl::human_duration;
use crate::labels::{LabelSelector, format_label_selector};
use crate::meta::Time;

/// Column headers of `kind`; `wide` adds the `-o wide` ones.
pub(crate) fn headers(kind: Kind, wide: bool) -> Vec<&'static str> {
    let (normal, extra): (&[&str], &[&str]) = match kind {
        Kind::Pod => (
            &["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
            &["IP", "NODE", "NOMINATED NODE", "READINESS GATES"],
        ),
        Kind::Service => (
            &[
                "NAME",
                "TYPE",
                "CLUSTER-IP",
                "EXTERNAL-IP",
                "PORT(S)",
                "AGE",
            ],
            &["SELECTOR"],
        ),
        Kind::Deployment => (
            &["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
            &["CONTAINERS", "IMAGES", "SELECTOR"],
        ),
        Kind::ReplicaSet => (
            &["NAME", "DESIRED", "CURRENT", "READY", "AGE"],
            &["CONTAINERS", "IMAGES", "SELECTOR"],
        ),
        Kind::Endpoints => (&["NAME", "ENDPOINTS", "AGE"], &[]),
        Kind::EndpointSlice => (&["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"], &[]),
        Kind::NetworkPolicy => (&["NAME", "POD-SELECTOR", "AGE"], &[]),
        Kind::Namespace => (&["NAME", "STATUS", "AGE"], &[]),
        Kind::Node => (
            &["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
            &[
                "INTERNAL-IP",
                "EXTERNAL-IP",
                "OS-IMAGE",
                "KERNEL-VERSION",
                "CONTAINER-RUNTIME",
            ],
        ),
    };
    let mut out = normal.to_vec();
    if wide {
        out.extend_from_slice(extra);
    }
    out
}

fn s<'a>(v: &'a Value, path: &[&str]) -> &'a str {
    get(v, path).and_then(Value::as_str).unwrap_or("")
}

fn get<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(v, |v, k| v.get(k))
}

fn int(v: &Value, path: &[&str]) -> i64 {
    get(v, path).and_then(Value::as_i64).unwrap_or(0)
}

fn arr<'a>(v: &'a Value, path: &[&str]) -> &'a [Value] {
    get(v, path)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

fn or_none(s: &str) -> String {
    if s.is_empty() {
        "<none>".to_owned()
    } else {
        s.to_owned()
    }
}

/// `translateTimestampSince`: `<unknown>` for no timestamp, else the human duration.
pub(crate) fn age(timestamp: &str, now: Time) -> String {
    match timestamp.parse::<Time>() {
        Ok(t) if !timestamp.is_empty() => {
            let secs = now.unix_seconds() - t.unix_seconds();
            if secs < 0 {
                // upstream's HumanDuration: -1s..0 is "0s", earlier is "<invalid>".
                return if secs < -1 {
                    "<invalid>".into()
                } else {
                    "0s".into()
                };
            }
            human_duration(Duration::from_secs(secs.unsigned_abs()))
        }
        _ => "<unknown>".to_owned(),
    }
}

/// The cells of one object (without NAMESPACE/label decorations); `name` is the NAME cell.
pub(crate) fn cells(kind: Kind, v: &Value, name: String, wide: bool, now: Time) -> Vec<String> {
    let created = age(s(v, &["metadata", "creationTimestamp"]), now);
    let mut row = vec![name];
    match kind {
        Kind::Pod => pod(v, &mut row, created, wide, now),
        Kind::Service => {
            let t = s(v, &["spec", "type"]);
            let t = if t.is_empty() { "ClusterIP" } else { t };
            row.push(t.to_owned());
            row.push(cluster_ip(v));
            row.push(external_ip(v, t, wide));
            row.push(port_string(v));
            row.push(created);
            if wide {
                row.push(map_selector(get(v, &["spec", "selector"])));
            }
        }
        Kind::Deployment => {
            row.push(format!(
                "{}/{}",
                int(v, &["status", "readyReplicas"]),
                int(v, &["spec", "replicas"])
            ));
            row.push(int(v, &["status", "updatedReplicas"]).to_string());
            row.push(int(v, &["status", "availableReplicas"]).to_string());
            row.push(created);
            if wide {
                workload_wide(v, &mut row);
            }
        }
        Kind::ReplicaSet => {
            row.push(int(v, &["spec", "replicas"]).to_string());
            row.push(int(v, &["status", "replicas"]).to_string());
            row.push(int(v, &["status", "readyReplicas"]).to_string());
            row.push(created);
            if wide {
                workload_wide(v, &mut row);
            }
        }
        Kind::Endpoints => {
            row.push(endpoints(v));
            row.push(created);
        }
        Kind::EndpointSlice => {
            row.push(s(v, &["addressType"]).to_owned());
            let ports: Vec<String> = arr(v, &["ports"])
                .iter()
                .map(
                    |p| match (p.get("port").and_then(Value::as_i64), p.get("name")) {
                        (Some(n), _) => n.to_string(),
                        (None, Some(Value::String(n))) => n.clone(),
                        _ => "*".to_owned(),
                    },
                )
                .collect();
            row.push(first_three(ports));
            let addresses: Vec<String> = arr(v, &["endpoints"])
                .iter()
                .flat_map(|e| arr(e, &["addresses"]).iter())
                .filter_map(|a| a.as_str().map(str::to_owned))
                .collect();
            row.push(first_three(addresses));
            row.push(created);
        }
        Kind::NetworkPolicy => {
            row.push(label_selector(get(v, &["spec", "podSelector"])));
            row.push(created);
        }
        Kind::Namespace => {
            row.push(s(v, &["status", "phase"]).to_owned());
            row.push(created);
        }
        Kind::Node => node(v, &mut row, created, wide),
    }
    row
}

fn pod(v: &Value, row: &mut Vec<String>, created: String, wide: bool, now: Time) {
    let containers = arr(v, &["spec", "containers"]).len();
    let statuses = arr(v, &["status", "containerStatuses"]);
    let mut reason = s(v, &["status", "phase"]).to_owned();
    if !s(v, &["status", "reason"]).is_empty() {
        reason = s(v, &["status", "reason"]).to_owned();
    }
    let mut ready = 0;
    let mut restarts = 0;
    let mut last_restart: Option<Time> = None;
    let mut has_running = false;
    for c in statuses.iter().rev() {
        restarts += int(c, &["restartCount"]);
        if let Ok(t) = s(c, &["lastState", "terminated", "finishedAt"]).parse::<Time>()
            && last_restart.is_none_or(|l| t > l)
        {
            last_restart = Some(t);
        }
        let waiting = s(c, &["state", "waiting", "reason"]);
        let terminated = get(c, &["state", "terminated"]);
        if !waiting.is_empty() {
            reason = waiting.to_owned();
        } else if let Some(t) = terminated {
            let r = s(t, &["reason"]);
            if !r.is_empty() {
                reason = r.to_owned();
            } else if int(t, &["signal"]) != 0 {
                reason = format!("Signal:{}", int(t, &["signal"]));
            } else {
                reason = format!("ExitCode:{}", int(t, &["exitCode"]));
            }
        } else if get(c, &["state", "running"]).is_some()
            && c.get("ready").and_then(Value::as_bool) == Some(true)
        {
            has_running = true;
            ready += 1;
        }
    }
    if reason == "Completed" && has_running {
        let pod_ready = arr(v, &["status", "conditions"])
            .iter()
            .any(|c| s(c, &["type"]) == "Ready" && s(c, &["status"]) == "True");
        reason = if pod_ready { "Running" } else { "NotReady" }.to_owned();
    }
    if !s(v, &["metadata", "deletionTimestamp"]).is_empty() {
        reason = if s(v, &["status", "reason"]) == "NodeLost" {
            "Unknown"
        } else {
            "Terminating"
        }
        .to_owned();
    }
    row.push(format!("{ready}/{containers}"));
    row.push(reason);
    row.push(match last_restart {
        Some(t) if restarts > 0 => {
            format!("{restarts} ({} ago)", age(&t.to_string(), now))
        }
        _ => restarts.to_string(),
    });
    row.push(created);
    if wide {
        row.push(or_none(s(v, &["status", "podIP"])));
        row.push(or_none(s(v, &["spec", "nodeName"])));
        row.push(or_none(s(v, &["status", "nominatedNodeName"])));
        let gates = arr(v, &["spec", "readinessGates"]);
        if gates.is_empty() {
            row.push("<none>".to_owned());
        } else {
            let conditions = arr(v, &["status", "conditions"]);
            let passing = gates
                .iter()
                .filter(|g| {
                    conditions.iter().any(|c| {
                        s(c, &["type"]) == s(g, &["conditionType"]) && s(c, &["status"]) == "True"
                    })
                })
                .count();
            row.push(format!("{passing}/{}", gates.len()));
        }
    }
}

fn cluster_ip(v: &Value) -> String {
    let ips = arr(v, &["spec", "clusterIPs"]);
    let first = ips
        .first()
        .and_then(Value::as_str)
        .unwrap_or_else(|| s(v, &["spec", "clusterIP"]));
    or_none(first)
}

fn external_ip(v: &Value, service_type: &str, wide: bool) -> String {
    let external: Vec<&str> = arr(v, &["spec", "externalIPs"])
        .iter()
        .filter_map(Value::as_str)
        .collect();
    match service_type {
        "ClusterIP" | "NodePort" => {
            if external.is_empty() {
                "<none>".to_owned()
            } else {
                external.join(",")
            }
        }
        "LoadBalancer" => {
            let ingress: Vec<&str> = arr(v, &["status", "loadBalancer", "ingress"])
                .iter()
                .map(|i| {
                    let ip = s(i, &["ip"]);
                    if ip.is_empty() {
                        s(i, &["hostname"])
                    } else {
                        ip
                    }
                })
                .filter(|x| !x.is_empty())
                .collect();
            let mut lb = ingress.join(",");
            if !wide && lb.chars().count() > 16 {
                lb = lb.chars().take(13).collect::<String>() + "...";
            }
            if !external.is_empty() {
                let mut all: Vec<&str> = if lb.is_empty() {
                    Vec::new()
                } else {
                    lb.split(',').collect()
                };
                all.extend(external);
                return all.join(",");
            }
            if lb.is_empty() {
                "<pending>".to_owned()
            } else {
                lb
            }
        }
        "ExternalName" => s(v, &["spec", "externalName"]).to_owned(),
        _ => "<unknown>".to_owned(),
    }
}

/// `makePortString`: `80/TCP`, `5601:30937/TCP`, joined by `,`.
fn port_string(v: &Value) -> String {
    let ports = arr(v, &["spec", "ports"]);
    if ports.is_empty() {
        return "<none>".to_owned();
    }
    let mut out = String::new();
    for (i, p) in ports.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let protocol = match s(p, &["protocol"]) {
            "" => "TCP",
            p => p,
        };
        let node_port = int(p, &["nodePort"]);
        if node_port > 0 {
            let _ = write!(out, "{}:{node_port}/{protocol}", int(p, &["port"]));
        } else {
            let _ = write!(out, "{}/{protocol}", int(p, &["port"]));
        }
    }
    out
}

fn map_selector(selector: Option<&Value>) -> String {
    let Some(Value::Object(map)) = selector else {
        return "<none>".to_owned();
    };
    if map.is_empty() {
        return "<none>".to_owned();
    }
    let mut pairs: Vec<(&String, &str)> = map
        .iter()
        .map(|(k, v)| (k, v.as_str().unwrap_or("")))
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

fn label_selector(selector: Option<&Value>) -> String {
    match selector {
        None | Some(Value::Null) => format_label_selector(None),
        Some(v) => match serde_json::from_value::<LabelSelector>(v.clone()) {
            Ok(sel) => format_label_selector(Some(&sel)),
            Err(_) => "<error>".to_owned(),
        },
    }
}

fn workload_wide(v: &Value, row: &mut Vec<String>) {
    let containers = arr(v, &["spec", "template", "spec", "containers"]);
    let names: Vec<&str> = containers.iter().map(|c| s(c, &["name"])).collect();
    let images: Vec<&str> = containers.iter().map(|c| s(c, &["image"])).collect();
    row.push(names.join(","));
    row.push(images.join(","));
    row.push(label_selector(get(v, &["spec", "selector"])));
}

/// `formatEndpoints`: ready `ip:port` pairs, the first three then `+ N more...`.
fn endpoints(v: &Value) -> String {
    let subsets = arr(v, &["subsets"]);
    if subsets.is_empty() {
        return "<none>".to_owned();
    }
    let max = 3;
    let mut list: Vec<String> = Vec::new();
    let mut more = false;
    let mut count = 0;
    for ss in subsets {
        let addresses = arr(ss, &["addresses"]);
        let ports = arr(ss, &["ports"]);
        if ports.is_empty() {
            count += addresses.len();
            for a in addresses {
                if list.len() == max {
                    more = true;
                    break;
                }
                list.push(s(a, &["ip"]).to_owned());
            }
            continue;
        }
        for p in ports {
            count += addresses.len();
            for a in addresses {
                if list.len() == max {
                    more = true;
                    break;
                }
                let ip = s(a, &["ip"]);
                let port = int(p, &["port"]);
                if ip.contains(':') {
                    list.push(format!("[{ip}]:{port}"));
                } else {
                    list.push(format!("{ip}:{port}"));
                }
            }
        }
    }
    let joined = list.join(",");
    if more {
        format!("{joined} + {} more...", count - max)
    } else {
        joined
    }
}

/// `listWithMoreString`: the first three, `+ N more...`, `<unset>` when empty.
fn first_three(values: Vec<String>) -> String {
    let max = 3;
    let count = values.len();
    let joined = values.into_iter().take(max).collect::<Vec<_>>().join(",");
    if count > max {
        format!("{joined} + {} more...", count - max)
    } else if joined.is_empty() {
        "<unset>".to_owned()
    } else {
        joined
    }
}

fn node(v: &Value, row: &mut Vec<String>, created: String, wide: bool) {
    let conditions = arr(v, &["status", "conditions"]);
    let ready = conditions
        .iter()
        .find(|c| s(c, &["type"]) == "Ready")
        .map(|c| s(c, &["status"]));
    let mut status = match ready {
        Some("True") => "Ready".to_owned(),
        Some(_) => "NotReady".to_owned(),
        None => "Unknown".to_owned(),
    };
    if get(v, &["spec", "unschedulable"]).and_then(Value::as_bool) == Some(true) {
        status.push_str(",SchedulingDisabled");
    }
    row.push(status);
    let mut roles: Vec<String> = Vec::new();
    if let Some(Value::Object(labels)) = get(v, &["metadata", "labels"]) {
        for (k, val) in labels {
            if let Some(role) = k.strip_prefix("node-role.kubernetes.io/") {
                if !role.is_empty() {
                    roles.push(role.to_owned());
                }
            } else if k == "kubernetes.io/role"
                && let Some(r) = val.as_str()
                && !r.is_empty()
            {
                roles.push(r.to_owned());
            }
        }
    }
    roles.sort();
    roles.dedup();
    row.push(if roles.is_empty() {
        "<none>".to_owned()
    } else {
        roles.join(",")
    });
    row.push(created);
    row.push(s(v, &["status", "nodeInfo", "kubeletVersion"]).to_owned());
    if wide {
        let address = |t: &str| {
            arr(v, &["status", "addresses"])
                .iter()
                .find(|a| s(a, &["type"]) == t)
                .map(|a| s(a, &["address"]).to_owned())
                .unwrap_or_else(|| "<none>".to_owned())
        };
        row.push(address("InternalIP"));
        row.push(address("ExternalIP"));
        row.push(or_unknown(s(v, &["status", "nodeInfo", "osImage"])));
        row.push(or_unknown(s(v, &["status", "nodeInfo", "kernelVersion"])));
        row.push(or_unknown(s(
            v,
            &["status", "nodeInfo", "containerRuntimeVersion"],
        )));
    }
}

fn or_unknown(s: &str) -> String {
    if s.is_empty() {
        "<unknown>".to_owned()
    } else {
        s.to_owned()
    }
}
