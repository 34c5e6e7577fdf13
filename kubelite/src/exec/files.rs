//! The files and environment the kubelet gives every container: `/etc/resolv.conf`,
//! `/etc/hosts`, `/etc/hostname` and the Service environment variables.

use crate::Cluster;
use crate::api::{Pod, Service};

/// The pod's hostname: `spec.hostname` if set, else its name.
pub(super) fn hostname(pod: &Pod) -> &str {
    pod.spec
        .hostname
        .as_deref()
        .unwrap_or_else(|| pod.metadata.name())
}

/// A file the kubelet manages, if `path` is one.
pub(super) fn read(cluster: &Cluster, pod: &Pod, path: &str) -> Option<String> {
    let key = format!("{}/{}", pod.metadata.namespace(), pod.metadata.name());
    match path {
        "/etc/resolv.conf" => cluster.resolv_conf(&key).ok(),
        "/etc/hosts" => cluster.etc_hosts(&key).ok(),
        "/etc/hostname" => Some(format!("{}\n", hostname(pod))),
        _ => None,
    }
}

/// The container's environment: its own `env`, then what the kubelet adds — `HOSTNAME`,
/// and for every Service of the namespace that existed when the pod was created (plus
/// `kubernetes`), the docker-link variables (`ECHO_SERVICE_SERVICE_HOST`, …), sorted.
pub(super) fn environment(cluster: &Cluster, pod: &Pod) -> String {
    let mut vars: Vec<(String, String)> = vec![
        (
            "PATH".into(),
            "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".into(),
        ),
        ("HOSTNAME".into(), hostname(pod).to_owned()),
        ("HOME".into(), "/root".into()),
    ];
    if let Some(c) = pod.spec.containers.first() {
        for e in &c.env {
            vars.push((e.name.clone(), e.value.clone().unwrap_or_default()));
        }
    }
    let created = pod.metadata.creation_timestamp;
    let mut services: Vec<Service> = Vec::new();
    if pod.spec.enable_service_links != Some(false) {
        services.extend(
            cluster
                .list::<Service>(Some(pod.metadata.namespace()), "")
                .unwrap_or_default(),
        );
    }
    if pod.metadata.namespace() != "default"
        && let Ok(k) = cluster.get::<Service>("default", "kubernetes")
    {
        services.push(k);
    }
    for svc in services {
        if svc.metadata.creation_timestamp > created {
            continue;
        }
        let Some(ip) = svc.spec.cluster_ip.clone().filter(|ip| ip != "None") else {
            continue;
        };
        let prefix = svc.metadata.name().to_uppercase().replace('-', "_");
        let Some(first) = svc.spec.ports.first() else {
            continue;
        };
        vars.push((format!("{prefix}_SERVICE_HOST"), ip.clone()));
        vars.push((format!("{prefix}_SERVICE_PORT"), first.port.to_string()));
        for p in &svc.spec.ports {
            if let Some(name) = p.name.as_deref().filter(|n| !n.is_empty()) {
                let name = name.to_uppercase().replace('-', "_");
                vars.push((format!("{prefix}_SERVICE_PORT_{name}"), p.port.to_string()));
            }
        }
        let proto = first.protocol.clone().unwrap_or_else(|| "TCP".into());
        vars.push((
            format!("{prefix}_PORT"),
            format!("{}://{ip}:{}", proto.to_lowercase(), first.port),
        ));
        for p in &svc.spec.ports {
            let proto = p.protocol.clone().unwrap_or_else(|| "TCP".into());
            let base = format!("{prefix}_PORT_{}_{}", p.port, proto.to_uppercase());
            vars.push((
                base.clone(),
                format!("{}://{ip}:{}", proto.to_lowercase(), p.port),
            ));
            vars.push((format!("{base}_PROTO"), proto.to_lowercase()));
            vars.push((format!("{base}_PORT"), p.port.to_string()));
            vars.push((format!("{base}_ADDR"), ip.clone()));
        }
    }
    vars.sort();
    vars.dedup_by(|a, b| a.0 == b.0);
    vars.into_iter()
        .map(|(k, v)| format!("{k}={v}\n"))
        .collect()
}
