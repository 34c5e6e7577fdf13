//! `minikube service` and `minikube tunnel`.

use super::{MinikubeOutput, table};
use crate::Cluster;
use crate::api::service::ServiceType;
use crate::api::{Pod, Service};

const HEADERS: [&str; 4] = ["NAMESPACE", "NAME", "TARGET PORT", "URL"];
const DEFAULT_FORMAT: &str = "http://{{.IP}}:{{.Port}}";
/// minikube's exit code for `SVC_NOT_FOUND` (`ExSvcNotFound`).
const EXIT_SVC_NOT_FOUND: i32 = 115;
/// minikube's exit code for `SVC_UNREACHABLE` (`ExSvcNotRunning`).
const EXIT_SVC_UNREACHABLE: i32 = 113;

struct Options {
    names: Vec<String>,
    namespace: String,
    url: bool,
    https: bool,
    all: bool,
    format: String,
}

fn parse(args: &[String]) -> Result<Options, MinikubeOutput> {
    let mut o = Options {
        names: Vec::new(),
        namespace: "default".into(),
        url: false,
        https: false,
        all: false,
        format: DEFAULT_FORMAT.into(),
    };
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if arg.starts_with('-') => (f, Some(v.to_owned())),
            _ => (arg.as_str(), None),
        };
        let value = |i: &mut usize| -> Result<String, MinikubeOutput> {
            if let Some(v) = inline.clone() {
                return Ok(v);
            }
            *i += 1;
            args.get(*i).cloned().ok_or_else(|| {
                MinikubeOutput::usage(format_args!(
                    "flag needs an argument: {}",
                    super::flag_display(flag)
                ))
            })
        };
        match flag {
            "-n" | "--namespace" => o.namespace = value(&mut i)?,
            "--format" => o.format = value(&mut i)?,
            "--wait" | "--interval" => {
                value(&mut i)?;
            }
            "--url" => o.url = inline.as_deref() != Some("false"),
            "--https" => o.https = inline.as_deref() != Some("false"),
            "--all" => o.all = inline.as_deref() != Some("false"),
            f if f.starts_with('-') => {
                return Err(MinikubeOutput::usage(format_args!("unknown flag: {arg}")));
            }
            _ => o.names.push(arg.clone()),
        }
        i += 1;
    }
    Ok(o)
}

/// One Service's row: its port names (`name/port` or the port) and URLs, one per node port.
struct Row {
    namespace: String,
    name: String,
    ports: Vec<String>,
    urls: Vec<String>,
}

fn row(svc: &Service, node_ip: &str, o: &Options) -> Row {
    let exposes = matches!(
        svc.spec.service_type(),
        Some(ServiceType::NodePort | ServiceType::LoadBalancer)
    );
    let mut ports = Vec::new();
    let mut urls = Vec::new();
    if exposes {
        for p in &svc.spec.ports {
            let Some(node_port) = p.node_port else {
                continue;
            };
            ports.push(match p.name.as_deref() {
                Some(name) if !name.is_empty() => format!("{name}/{}", p.port),
                _ => p.port.to_string(),
            });
            let mut url = o
                .format
                .replace("{{.IP}}", node_ip)
                .replace("{{.Port}}", &node_port.to_string())
                .replace("{{.Name}}", svc.metadata.name());
            if o.https && url.starts_with("http://") {
                url = url.replacen("http://", "https://", 1);
            }
            urls.push(url);
        }
    }
    Row {
        namespace: svc.metadata.namespace().to_owned(),
        name: svc.metadata.name().to_owned(),
        ports,
        urls,
    }
}

fn cells(r: &Row) -> Vec<String> {
    if r.urls.is_empty() {
        vec![r.namespace.clone(), r.name.clone(), "No node port".into()]
    } else {
        vec![
            r.namespace.clone(),
            r.name.clone(),
            r.ports.join("\n"),
            r.urls.join("\n"),
        ]
    }
}

pub(super) fn run(cluster: &Cluster, args: &[String]) -> MinikubeOutput {
    if args.first().map(String::as_str) == Some("list") {
        return list(cluster, args.get(1..).unwrap_or_default());
    }
    let o = match parse(args) {
        Ok(o) => o,
        Err(e) => return e,
    };
    if o.names.is_empty() != o.all {
        return MinikubeOutput::exit("MK_USAGE", 64, "You must specify service name(s) or --all");
    }
    let node_ip = cluster
        .node_addresses()
        .into_iter()
        .next()
        .map(|(_, ip)| ip)
        .unwrap_or_default();
    let services: Vec<Service> = if o.all {
        cluster.list(Some(&o.namespace), "").unwrap_or_default()
    } else {
        let mut found = Vec::new();
        for name in &o.names {
            match cluster.get::<Service>(&o.namespace, name) {
                Ok(s) => found.push(s),
                Err(_) => return not_found(name, &o.namespace),
            }
        }
        found
    };
    if services.is_empty() {
        return MinikubeOutput::exit(
            "SVC_NOT_FOUND",
            EXIT_SVC_NOT_FOUND,
            format_args!(
                "No services were found in the '{}' namespace.\nYou may select another namespace by using 'minikube service --all -n <namespace>'",
                o.namespace
            ),
        );
    }
    let mut out = MinikubeOutput::default();
    let mut without_node_port = Vec::new();
    let mut opened = Vec::new();
    for svc in &services {
        let r = row(svc, &node_ip, &o);
        if !o.url {
            out.stdout.push_str(&table::render(&HEADERS, &[cells(&r)]));
        }
        if r.urls.is_empty() {
            out.stdout.push_str(&format!(
                "😿  service {}/{} has no node port\n",
                r.namespace, r.name
            ));
            without_node_port.push(format!("{}/{}", r.namespace, r.name));
        } else {
            if o.url {
                out.stdout.push_str(&r.urls.join("\n"));
                out.stdout.push('\n');
            }
            opened.push(r.name.clone());
        }
        if !has_running_pod(cluster, svc) {
            out.stderr.push_str(&format!(
                "\n❌  Exiting due to SVC_UNREACHABLE: service not available: no running pod for service {} found\n\n",
                r.name
            ));
            out.exit_code = EXIT_SVC_UNREACHABLE;
            return out;
        }
    }
    if !without_node_port.is_empty() {
        out.stderr.push_str(&format!(
            "❗  Services [{}] have type \"ClusterIP\" not meant to be exposed, however for local development minikube allows you to access this !\n",
            without_node_port.join(" ")
        ));
    }
    if !o.url {
        for name in opened {
            out.stdout.push_str(&format!(
                "🎉  Opening service {}/{name} in default browser...\n",
                o.namespace
            ));
        }
        if !without_node_port.is_empty() {
            out.stderr.push_str(
                "(kubelite: minikube would now start an SSH tunnel to the ClusterIP; there is none in memory: reach the Service from a pod, or expose it as a NodePort)\n",
            );
        }
    }
    out
}

fn not_found(name: &str, namespace: &str) -> MinikubeOutput {
    MinikubeOutput::exit(
        "SVC_NOT_FOUND",
        EXIT_SVC_NOT_FOUND,
        format_args!(
            "Service '{name}' was not found in '{namespace}' namespace.\nYou may select another namespace by using 'minikube service {name} -n <namespace>'. Or list out all the services using 'minikube service list'"
        ),
    )
}

/// minikube's `CheckServicePods`: some pod the selector matches is Running. A Service without
/// a selector has no pods to check.
fn has_running_pod(cluster: &Cluster, svc: &Service) -> bool {
    let Some(selector) = svc.spec.pod_selector() else {
        return true;
    };
    let selector = selector.to_string();
    cluster
        .list::<Pod>(Some(svc.metadata.namespace()), &selector)
        .unwrap_or_default()
        .iter()
        .any(|p| p.status.phase.as_deref() == Some("Running"))
}

fn list(cluster: &Cluster, args: &[String]) -> MinikubeOutput {
    let o = match parse(args) {
        Ok(o) => o,
        Err(e) => return e,
    };
    let namespace = args
        .iter()
        .any(|a| a == "-n" || a.starts_with("--namespace") || a.starts_with("-n="))
        .then_some(o.namespace.as_str());
    let node_ip = cluster
        .node_addresses()
        .into_iter()
        .next()
        .map(|(_, ip)| ip)
        .unwrap_or_default();
    let services: Vec<Service> = cluster.list(namespace, "").unwrap_or_default();
    let rows: Vec<Vec<String>> = services
        .iter()
        .map(|s| cells(&row(s, &node_ip, &o)))
        .collect();
    MinikubeOutput::ok(table::render(&HEADERS, &rows))
}

/// `minikube tunnel` (docker driver): every LoadBalancer Service still `<pending>` gets an
/// external IP (its ClusterIP, or one from the configured pool).
pub(super) fn tunnel(cluster: &Cluster) -> MinikubeOutput {
    let mut out = String::from(
        "✅  Tunnel successfully started\n\n📌  NOTE: Please do not close this terminal as this process must stay alive for the tunnel to be accessible ...\n\n",
    );
    match cluster.tunnel() {
        Ok(assigned) => {
            for (service, _) in assigned {
                let name = service.rsplit('/').next().unwrap_or(&service);
                out.push_str(&format!("🏃  Starting tunnel for service {name}.\n"));
            }
            MinikubeOutput::ok(out)
        }
        Err(e) => MinikubeOutput::exit(
            "SVC_TUNNEL_START",
            110,
            format_args!("error starting tunnel: {e}"),
        ),
    }
}
