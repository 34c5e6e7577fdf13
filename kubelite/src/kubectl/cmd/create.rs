//! `create deployment`, `create namespace` and `create service clusterip|nodeport|loadbalancer`:
//! the objects kubectl's generators build, sent to the cluster.

use serde_json::{Value, json};

use crate::api::Object;
use crate::error::{ApiError, Error};
use crate::kubectl::KubectlError;
use crate::kubectl::flags::{Flag, Parsed, Takes, flag};
use crate::kubectl::print;

use super::{Ctx, errors};

pub(crate) const DEPLOYMENT_FLAGS: &[Flag] = &[
    flag("image", None, Takes::Slice),
    flag("replicas", Some('r'), Takes::Int),
    flag("port", None, Takes::Int),
    flag("output", Some('o'), Takes::Str),
    flag("dry-run", None, Takes::Str),
];

pub(crate) const NAMESPACE_FLAGS: &[Flag] = &[
    flag("output", Some('o'), Takes::Str),
    flag("dry-run", None, Takes::Str),
];

pub(crate) const SERVICE_FLAGS: &[Flag] = &[
    flag("tcp", None, Takes::Slice),
    flag("clusterip", None, Takes::Str),
    flag("node-port", None, Takes::Int),
    flag("output", Some('o'), Takes::Str),
    flag("dry-run", None, Takes::Str),
];

fn one_name(p: &Parsed) -> Result<String, KubectlError> {
    match p.args.as_slice() {
        [name] => Ok(name.clone()),
        other => Err(p.usage_error(&format!(
            "exactly one NAME is required, got {}",
            other.len()
        ))),
    }
}

/// Decodes a generated object (the generators only build valid wire JSON).
fn object(value: Value) -> Result<Object, KubectlError> {
    Object::from_json_value(value)
        .ok()
        .flatten()
        .ok_or_else(|| KubectlError::new("internal error: generated object does not decode"))
}

/// `--dry-run=client` / `-o`: print instead of (or after) creating.
pub(crate) fn finish(
    ctx: &mut Ctx<'_>,
    p: &Parsed,
    created: &Object,
    verb: &str,
) -> Result<(), KubectlError> {
    match p.get("output") {
        Some(o) if !o.is_empty() => {
            let format = match super::output::parse(Some(o), true)? {
                super::output::Output::Generic(f) => f,
                super::output::Output::Table { .. } => {
                    return Err(KubectlError::new(format!(
                        "unable to match a printer suitable for the output format \"{o}\""
                    )));
                }
            };
            ctx.out.push_str(&super::output::print(
                &format,
                std::slice::from_ref(created),
                true,
            )?);
        }
        _ => {
            let dry = match p.get("dry-run") {
                Some("client") => " (dry run)",
                Some("server") => " (server dry run)",
                _ => "",
            };
            ctx.out
                .push_str(&format!("{} {verb}{dry}\n", print::name(created)));
        }
    }
    Ok(())
}

pub(crate) fn dry_run(p: &Parsed) -> bool {
    matches!(p.get("dry-run"), Some("client" | "server" | "true"))
}

/// The container name kubectl derives from an image: last path segment, without tag or
/// digest; `_`/`.` become `-` plus a suffix (upstream's is random, kubelite's is derived from
/// the deployment name so runs repeat).
pub(crate) fn container_name(image: &str, salt: &str) -> String {
    let last = image.rsplit('/').next().unwrap_or(image);
    let base = last.split(':').next().unwrap_or(last);
    let base = base.split('@').next().unwrap_or(base);
    if base.contains(['_', '.']) {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in salt.bytes().chain(image.bytes()) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        const ALPHA: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
        let suffix: String = (0..5)
            .filter_map(|i| ALPHA.get(((h >> (i * 8)) % ALPHA.len() as u64) as usize))
            .map(|&b| char::from(b))
            .collect();
        format!("{}-{suffix}", base.replace(['_', '.'], "-"))
    } else {
        base.to_owned()
    }
}

pub(crate) fn deployment(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<(), KubectlError> {
    let name = one_name(p)?;
    let images = p.all("image");
    if images.is_empty() {
        return Err(KubectlError::new("required flag(s) \"image\" not set"));
    }
    if p.has("port") && images.len() > 1 {
        return Err(KubectlError::new(
            "cannot specify port when multiple images are specified",
        ));
    }
    let replicas = p.int("replicas").unwrap_or(1);
    let containers: Vec<Value> = images
        .iter()
        .map(|image| {
            let mut c = json!({"name": container_name(image, &name), "image": image});
            if let Some(port) = p.int("port").filter(|p| *p >= 0) {
                super::set(&mut c, &["ports"], json!([{"containerPort": port}]));
            }
            c
        })
        .collect();
    let value = json!({
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "namespace": p.namespace(), "labels": {"app": name}},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {"containers": containers},
            },
        },
    });
    let deployment = object(value)?;
    if dry_run(p) {
        return finish(ctx, p, &deployment, "created");
    }
    let created = ctx.cluster.create(deployment).map_err(|e| {
        let message = match &e {
            Error::Api(ApiError::Invalid(i)) => i.apiserver_message(),
            other => other.to_string(),
        };
        KubectlError::new(format!("failed to create deployment: {message}"))
    })?;
    finish(ctx, p, &created, "created")
}

pub(crate) fn namespace(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<(), KubectlError> {
    let name = one_name(p)?;
    let ns = object(json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}))?;
    if dry_run(p) {
        return finish(ctx, p, &ns, "created");
    }
    let created = ctx.cluster.create(ns).map_err(|e| errors::cluster(&e))?;
    finish(ctx, p, &created, "created")
}

pub(crate) fn service_usage(_: &mut Ctx<'_>, p: &Parsed) -> Result<(), KubectlError> {
    Err(p.usage_error(
        "unknown service type; use one of: clusterip, externalname, loadbalancer, nodeport",
    ))
}

fn service(ctx: &mut Ctx<'_>, p: &Parsed, service_type: &str) -> Result<(), KubectlError> {
    let name = one_name(p)?;
    let tcp = p.all("tcp");
    if tcp.is_empty() {
        return Err(KubectlError::new(
            "at least one tcp port specifier must be provided",
        ));
    }
    let mut ports = Vec::new();
    for spec in &tcp {
        let (port, target) = match spec.split_once(':') {
            Some((a, b)) => (a, b),
            None => (spec.as_str(), spec.as_str()),
        };
        let port: i64 = port.parse().map_err(|_| {
            KubectlError::new(format!("strconv.Atoi: parsing {port:?}: invalid syntax"))
        })?;
        let target = match target.parse::<i64>() {
            Ok(n) => json!(n),
            Err(_) => json!(target),
        };
        let mut entry = json!({
            "name": spec.replace(':', "-"),
            "port": port,
            "targetPort": target,
            "protocol": "TCP",
        });
        if let Some(node_port) = p.int("node-port").filter(|n| *n > 0) {
            super::set(&mut entry, &["nodePort"], json!(node_port));
        }
        ports.push(entry);
    }
    let mut spec = json!({"ports": ports, "selector": {"app": name}, "type": service_type});
    if let Some(ip) = p.get("clusterip").filter(|s| !s.is_empty()) {
        super::set(&mut spec, &["clusterIP"], json!(ip));
    }
    let svc = object(json!({
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": name, "namespace": p.namespace(), "labels": {"app": name}},
        "spec": spec,
    }))?;
    if dry_run(p) {
        return finish(ctx, p, &svc, "created");
    }
    let created = ctx.cluster.create(svc).map_err(|e| errors::cluster(&e))?;
    finish(ctx, p, &created, "created")
}

pub(crate) fn service_clusterip(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<(), KubectlError> {
    service(ctx, p, "ClusterIP")
}

pub(crate) fn service_nodeport(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<(), KubectlError> {
    service(ctx, p, "NodePort")
}

pub(crate) fn service_loadbalancer(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<(), KubectlError> {
    service(ctx, p, "LoadBalancer")
}
