//! `kubectl logs`: argument handling here; the log text is what the pod's simulated
//! container logged ([`Cluster::logs`]).

use crate::Cluster;
use crate::api::Kind;
use crate::cluster::ListOptions;
use crate::kubectl::KubectlError;
use crate::kubectl::flags::{Flag, Parsed, Takes, flag};
use crate::kubectl::resources;

use super::{Ctx, errors};

pub(crate) const FLAGS: &[Flag] = &[
    flag("follow", Some('f'), Takes::Bool),
    flag("tail", None, Takes::Int),
    flag("selector", Some('l'), Takes::Str),
    flag("container", Some('c'), Takes::Str),
    flag("previous", Some('p'), Takes::Bool),
    flag("timestamps", None, Takes::Bool),
    flag("all-containers", None, Takes::Bool),
    flag("prefix", None, Takes::Bool),
    flag("since", None, Takes::Str),
    flag("max-log-requests", None, Takes::Int),
];

/// The log text of one pod: what its simulated container wrote.
fn fetch(cluster: &Cluster, namespace: &str, pod: &str) -> Result<String, KubectlError> {
    cluster
        .logs(&format!("{namespace}/{pod}"))
        .map_err(|e| errors::cluster(&e))
}

/// The last `n` lines of `text` (`--tail`; negative means all).
fn tail(text: &str, n: Option<i64>) -> String {
    let Some(n) = n.filter(|n| *n >= 0) else {
        return text.to_owned();
    };
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let skip = lines
        .len()
        .saturating_sub(usize::try_from(n).unwrap_or(usize::MAX));
    lines.get(skip..).unwrap_or_default().concat()
}

pub(crate) fn run(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<(), KubectlError> {
    let namespace = p.namespace();
    let mut pods: Vec<String> = Vec::new();
    let mut tail_lines = p.int("tail");
    if let Some(selector) = p.get("selector") {
        if !p.args.is_empty() {
            return Err(KubectlError::new(
                "only one of selector or pod name may be specified",
            ));
        }
        // With a selector kubectl shows the last 10 lines of each pod unless told otherwise.
        tail_lines = tail_lines.or(Some(10));
        let found = ctx
            .cluster
            .list_objects(Kind::Pod, Some(&namespace), &ListOptions::labels(selector))
            .map_err(|e| errors::cluster(&e))?;
        if found.is_empty() {
            ctx.err
                .push_str(&format!("No resources found in {namespace} namespace.\n"));
            return Ok(());
        }
        pods.extend(found.iter().map(|o| o.meta().name().to_owned()));
    } else {
        match p.args.as_slice() {
            [] => {
                return Err(p.usage_error(
                    "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command",
                ));
            }
            [arg, ..] => pods.push(resolve_pod(ctx, &namespace, arg)?),
        }
    }
    for pod in pods {
        let text = fetch(ctx.cluster, &namespace, &pod)?;
        let text = tail(&text, tail_lines);
        if p.bool("prefix") {
            for line in text.split_inclusive('\n') {
                ctx.out.push_str(&format!("[pod/{pod}] {line}"));
            }
        } else {
            ctx.out.push_str(&text);
        }
    }
    Ok(())
}

/// `POD` or `TYPE/NAME`: a Deployment or ReplicaSet stands for its first pod.
fn resolve_pod(ctx: &Ctx<'_>, namespace: &str, arg: &str) -> Result<String, KubectlError> {
    let Some((ty, name)) = arg.split_once('/') else {
        return Ok(arg.to_owned());
    };
    let kind = resources::kind(ty)?;
    match kind {
        Kind::Pod => Ok(name.to_owned()),
        Kind::Deployment | Kind::ReplicaSet | Kind::Service => {
            let object = ctx
                .cluster
                .get_object(kind, namespace, name)
                .map_err(|e| errors::cluster(&e))?;
            let value = crate::kubectl::print::object_json(&object);
            let selector = if kind == Kind::Service {
                value.pointer("/spec/selector")
            } else {
                value.pointer("/spec/selector/matchLabels")
            };
            let text: Vec<String> = selector
                .and_then(|s| s.as_object())
                .into_iter()
                .flatten()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
                .collect();
            let pods = ctx
                .cluster
                .list_objects(
                    Kind::Pod,
                    Some(namespace),
                    &ListOptions::labels(text.join(",")),
                )
                .map_err(|e| errors::cluster(&e))?;
            pods.first()
                .map(|p| p.meta().name().to_owned())
                .ok_or_else(|| KubectlError::new("timed out waiting for the condition"))
        }
        other => Err(KubectlError::new(format!(
            "cannot get the logs from {}",
            crate::kubectl::print::resource_name(other)
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::tail;

    #[test]
    fn tails_lines() {
        assert_eq!(tail("a\nb\nc\n", Some(2)), "b\nc\n");
        assert_eq!(tail("a\nb\nc\n", Some(-1)), "a\nb\nc\n");
        assert_eq!(tail("a\nb", Some(0)), "");
    }
}
