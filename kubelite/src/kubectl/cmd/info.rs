//! `version`, `cluster-info`, `api-resources`, `edit` (which has no editor here) and the
//! root help text.

use crate::api::Kind;
use crate::kubectl::KubectlError;
use crate::kubectl::flags::{Flag, Parsed, Takes, flag};
use crate::kubectl::print::table::tabwrite;
use crate::kubectl::resources;

use super::{Ctx, errors};

/// The Kubernetes version kubelite's API follows.
pub(crate) const KUBERNETES_VERSION: &str = "v1.32.0";

pub(crate) const VERSION_FLAGS: &[Flag] = &[
    flag("client", None, Takes::Bool),
    flag("output", Some('o'), Takes::Str),
];

pub(crate) const API_RESOURCES_FLAGS: &[Flag] = &[
    flag("namespaced", None, Takes::Bool),
    flag("api-group", None, Takes::Str),
    flag("output", Some('o'), Takes::Str),
    flag("no-headers", None, Takes::Bool),
];

pub(crate) const EDIT_FLAGS: &[Flag] = &[flag("output", Some('o'), Takes::Str)];

pub(crate) const ROOT_HELP: &str = "kubectl controls the Kubernetes cluster manager.

Basic Commands:
  create          Create a resource from stdin (-f -) or a deployment, namespace or service
  expose          Take a deployment, pod, replica set or service and expose it as a new Kubernetes service
  run             Run a particular image on the cluster
  set             Set specific features on objects
  get             Display one or many resources
  edit            Edit a resource (not available: use scale, patch or apply)
  delete          Delete resources by file names, stdin, resources and names, or by label selector

Deploy Commands:
  rollout         Manage the rollout of a resource
  scale           Set a new size for a deployment or replica set

Cluster Management Commands:
  cluster-info    Display cluster information

Troubleshooting and Debugging Commands:
  describe        Show details of a specific resource or group of resources
  logs            Print the logs for a container in a pod

Advanced Commands:
  apply           Apply a configuration to a resource by file name or stdin
  patch           Update fields of a resource

Settings Commands:
  label           Update the labels on a resource
  annotate        Update the annotations on a resource

Other Commands:
  api-resources   Print the supported API resources on the server
  version         Print the client and server version information

Usage:
  kubectl [flags] [options]
";

pub(crate) fn version(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<(), KubectlError> {
    match p.get("output") {
        None | Some("") => {
            ctx.out.push_str(&format!(
                "Client Version: {KUBERNETES_VERSION}\nKustomize Version: v5.5.0\n"
            ));
            if !p.bool("client") {
                ctx.out
                    .push_str(&format!("Server Version: {KUBERNETES_VERSION}\n"));
            }
            Ok(())
        }
        Some(o @ ("json" | "yaml")) => {
            let info = serde_json::json!({
                "major": "1", "minor": "32", "gitVersion": KUBERNETES_VERSION,
                "gitCommit": "", "gitTreeState": "clean", "buildDate": "",
                "goVersion": "", "compiler": "gc", "platform": "linux/amd64",
            });
            let mut doc =
                serde_json::json!({"clientVersion": info.clone(), "kustomizeVersion": "v5.5.0"});
            if !p.bool("client") {
                super::set(&mut doc, &["serverVersion"], info);
            }
            ctx.out.push_str(&if o == "json" {
                crate::kubectl::print::to_json(&doc)
            } else {
                crate::kubectl::print::to_yaml(&doc)
            });
            Ok(())
        }
        Some(other) => Err(KubectlError::new(format!(
            "--output must be 'yaml' or 'json', not {other:?}"
        ))),
    }
}

pub(crate) fn cluster_info(ctx: &mut Ctx<'_>, _: &Parsed) -> Result<(), KubectlError> {
    let node_ip = ctx
        .cluster
        .list_objects(Kind::Node, None, &Default::default())
        .ok()
        .and_then(|nodes| nodes.into_iter().next())
        .and_then(|n| {
            let v = crate::kubectl::print::object_json(&n);
            v.pointer("/status/addresses")?
                .as_array()?
                .iter()
                .find(|a| a["type"] == "InternalIP")?
                .get("address")?
                .as_str()
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "127.0.0.1".to_owned());
    let server = format!("https://{node_ip}:8443");
    ctx.out.push_str(&format!(
        "Kubernetes control plane is running at {server}\n"
    ));
    let dns = ctx
        .cluster
        .list_objects(
            Kind::Service,
            Some("kube-system"),
            &crate::cluster::ListOptions::labels("kubernetes.io/cluster-service=true"),
        )
        .unwrap_or_default();
    for svc in dns {
        let name = svc
            .meta()
            .labels
            .get("kubernetes.io/name")
            .unwrap_or(svc.meta().name())
            .to_owned();
        let v = crate::kubectl::print::object_json(&svc);
        let port = v
            .pointer("/spec/ports/0")
            .map(|p| {
                p.get("name")
                    .and_then(|n| n.as_str())
                    .map(str::to_owned)
                    .unwrap_or_else(|| p["port"].to_string())
            })
            .unwrap_or_default();
        ctx.out.push_str(&format!(
            "{name} is running at {server}/api/v1/namespaces/kube-system/services/{}:{port}/proxy\n",
            svc.meta().name()
        ));
    }
    ctx.out.push_str(
        "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
    );
    Ok(())
}

pub(crate) fn api_resources(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<(), KubectlError> {
    let mut kinds: Vec<Kind> = Kind::ALL.to_vec();
    kinds.sort_by(|a, b| (a.group(), a.plural()).cmp(&(b.group(), b.plural())));
    if p.has("namespaced") {
        let want = p.bool("namespaced");
        kinds.retain(|k| k.namespaced() == want);
    }
    if let Some(group) = p.get("api-group") {
        kinds.retain(|k| k.group() == group);
    }
    if p.get("output") == Some("name") {
        for k in kinds {
            let name = if k.group().is_empty() {
                k.plural().to_owned()
            } else {
                k.qualified_plural()
            };
            ctx.out.push_str(&format!("{name}\n"));
        }
        return Ok(());
    }
    let mut lines = Vec::new();
    if !p.bool("no-headers") {
        lines.push(
            ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]
                .map(str::to_owned)
                .to_vec(),
        );
    }
    for k in kinds {
        lines.push(vec![
            k.plural().to_owned(),
            k.short_names().join(","),
            k.api_version().to_owned(),
            k.namespaced().to_string(),
            k.name().to_owned(),
        ]);
    }
    ctx.out.push_str(&tabwrite(&lines));
    Ok(())
}

pub(crate) fn edit(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<(), KubectlError> {
    let (targets, _) = resources::resolve(&p.args)?;
    for t in &targets {
        if let resources::Target::Named(kind, name) = t {
            ctx.cluster
                .get_object(*kind, &p.namespace(), name)
                .map_err(|e| errors::cluster(&e))?;
        }
    }
    Err(KubectlError::new(
        "kubelite has no text editor for 'kubectl edit': change the object with 'kubectl scale', 'kubectl patch', 'kubectl set image', 'kubectl label' or 'kubectl apply -f -'",
    ))
}
