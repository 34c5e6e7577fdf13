//! Non-interactive `kubectl run`: one Pod. Interactive sessions (`-i`, `-t`, `--rm`,
//! `--attach`) belong to the cluster's shell.

use serde_json::{Value, json};

use crate::api::Object;
use crate::kubectl::KubectlError;
use crate::kubectl::flags::{Flag, Parsed, Takes, flag};

use super::{Ctx, create, errors};

pub(crate) const FLAGS: &[Flag] = &[
    flag("image", None, Takes::Str),
    flag("restart", None, Takes::Str),
    flag("port", None, Takes::Str),
    flag("labels", Some('l'), Takes::Str),
    flag("env", None, Takes::Array),
    flag("command", None, Takes::Bool),
    flag("stdin", Some('i'), Takes::Bool),
    flag("tty", Some('t'), Takes::Bool),
    flag("rm", None, Takes::Bool),
    flag("attach", None, Takes::Bool),
    flag("image-pull-policy", None, Takes::Str),
    flag("expose", None, Takes::Bool),
    flag("output", Some('o'), Takes::Str),
    flag("dry-run", None, Takes::Str),
];

pub(crate) fn run(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<(), KubectlError> {
    let Some(name) = p.args.first().filter(|_| p.args_at_dash != Some(0)) else {
        return Err(p.usage_error("NAME is required for run"));
    };
    if p.bool("stdin") || p.bool("tty") || p.bool("attach") || p.bool("rm") {
        return Err(KubectlError::new(
            "interactive sessions (-i, -t, --rm, --attach) run in the cluster's shell (Cluster::shell); kubectl here runs non-interactive commands only",
        ));
    }
    let Some(image) = p.get("image").filter(|i| !i.is_empty()) else {
        return Err(KubectlError::new("required flag(s) \"image\" not set"));
    };
    let restart = p.get("restart").unwrap_or("Always");
    if !matches!(restart, "Always" | "OnFailure" | "Never") {
        return Err(KubectlError::new(format!(
            "invalid restart policy: {restart}"
        )));
    }
    let labels = match p.get("labels") {
        Some(text) => {
            let mut map = serde_json::Map::new();
            for pair in text.split(',').filter(|s| !s.is_empty()) {
                let Some((k, v)) = pair.split_once('=') else {
                    return Err(KubectlError::new(format!("invalid label spec: {pair}")));
                };
                map.insert(k.to_owned(), json!(v));
            }
            Value::Object(map)
        }
        None => json!({"run": name}),
    };
    let mut container = json!({"name": name, "image": image});
    let rest: Vec<&String> = p.args.iter().skip(1).collect();
    if !rest.is_empty() {
        let key = if p.bool("command") { "command" } else { "args" };
        super::set(&mut container, &[key], json!(rest));
    }
    if let Some(port) = p.get("port").filter(|s| !s.is_empty()) {
        let n: i64 = port.parse().map_err(|_| {
            KubectlError::new(format!("strconv.Atoi: parsing {port:?}: invalid syntax"))
        })?;
        super::set(&mut container, &["ports"], json!([{"containerPort": n}]));
    }
    let env: Vec<Value> = p
        .all("env")
        .iter()
        .map(|e| match e.split_once('=') {
            Some((k, v)) => json!({"name": k, "value": v}),
            None => json!({"name": e}),
        })
        .collect();
    if !env.is_empty() {
        super::set(&mut container, &["env"], json!(env));
    }
    if let Some(policy) = p.get("image-pull-policy").filter(|s| !s.is_empty()) {
        super::set(&mut container, &["imagePullPolicy"], json!(policy));
    }
    let pod = Object::from_json_value(json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": name, "namespace": p.namespace(), "labels": labels},
        "spec": {"containers": [container], "restartPolicy": restart},
    }))
    .map_err(|e| KubectlError::new(e.to_string()))?
    .ok_or_else(|| KubectlError::new("internal error: generated Pod does not decode"))?;
    if create::dry_run(p) {
        return create::finish(ctx, p, &pod, "created");
    }
    let created = ctx.cluster.create(pod).map_err(|e| errors::cluster(&e))?;
    create::finish(ctx, p, &created, "created")
}
