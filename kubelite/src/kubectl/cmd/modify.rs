//! Commands that change one object in place: `scale`, `label`, `annotate`, `patch`,
//! `set image` and `rollout`.

use std::time::Duration;

use serde_json::{Value, json};

use crate::api::{Kind, Object};
use crate::cluster::ListOptions;
use crate::kubectl::KubectlError;
use crate::kubectl::flags::{Flag, Parsed, Takes, flag};
use crate::kubectl::print;
use crate::kubectl::resources::{self, Target};

use super::{Ctx, errors};

pub(crate) const SCALE_FLAGS: &[Flag] = &[
    flag("replicas", None, Takes::Int),
    flag("current-replicas", None, Takes::Int),
    flag("selector", Some('l'), Takes::Str),
    flag("all", None, Takes::Bool),
    flag("output", Some('o'), Takes::Str),
];

pub(crate) const LABEL_FLAGS: &[Flag] = &[
    flag("overwrite", None, Takes::Bool),
    flag("selector", Some('l'), Takes::Str),
    flag("all", None, Takes::Bool),
    flag("all-namespaces", Some('A'), Takes::Bool),
    flag("list", None, Takes::Bool),
    flag("output", Some('o'), Takes::Str),
];

pub(crate) const PATCH_FLAGS: &[Flag] = &[
    flag("patch", Some('p'), Takes::Str),
    flag("type", None, Takes::Str),
    flag("output", Some('o'), Takes::Str),
];

pub(crate) const SET_IMAGE_FLAGS: &[Flag] = &[
    flag("selector", Some('l'), Takes::Str),
    flag("all", None, Takes::Bool),
    flag("output", Some('o'), Takes::Str),
];

pub(crate) const ROLLOUT_FLAGS: &[Flag] = &[
    flag("watch", Some('w'), Takes::Bool),
    flag("revision", None, Takes::Int),
    flag("timeout", None, Takes::Str),
    flag("to-revision", None, Takes::Int),
];

/// The objects named by resource arguments (or chosen by `-l`/`--all`).
fn targets(ctx: &Ctx<'_>, p: &Parsed, args: &[String]) -> Result<Vec<Object>, KubectlError> {
    if args.is_empty() {
        return Err(KubectlError::new(
            "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
        ));
    }
    let (targets, _) = resources::resolve(args)?;
    let namespace = p.namespace();
    let mut out = Vec::new();
    for t in targets {
        match t {
            Target::Named(kind, name) => out.push(
                ctx.cluster
                    .get_object(kind, &namespace, &name)
                    .map_err(|e| errors::cluster(&e))?,
            ),
            Target::All(kind) => {
                if !p.bool("all") && !p.has("selector") {
                    return Err(KubectlError::new(
                        "resource(s) were provided, but no name was specified",
                    ));
                }
                let ns = if p.bool("all-namespaces") {
                    None
                } else {
                    Some(namespace.as_str())
                };
                let options = ListOptions::labels(p.get("selector").unwrap_or(""));
                out.extend(
                    ctx.cluster
                        .list_objects(kind, ns, &options)
                        .map_err(|e| errors::cluster(&e))?,
                );
            }
        }
    }
    Ok(out)
}

/// Replaces an object with an edited copy of its JSON; `Ok(false)` when nothing changed.
fn edit(
    ctx: &Ctx<'_>,
    object: &Object,
    change: impl FnOnce(&mut Value) -> Result<(), KubectlError>,
) -> Result<bool, KubectlError> {
    let before = print::object_json(object);
    let mut after = before.clone();
    change(&mut after)?;
    if after == before {
        return Ok(false);
    }
    if let Some(meta) = after.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.remove("resourceVersion");
    }
    let edited = Object::from_json_value(after)
        .map_err(|e| KubectlError::raw(format!("Error from server (BadRequest): {e}")))?
        .ok_or_else(|| KubectlError::new("the patch changed the object's kind"))?;
    ctx.cluster
        .replace(edited)
        .map_err(|e| errors::cluster(&e))?;
    Ok(true)
}

pub(crate) fn scale(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<(), KubectlError> {
    let Some(replicas) = p.int("replicas") else {
        return Err(KubectlError::new("required flag(s) \"replicas\" not set"));
    };
    if replicas < 0 {
        return Err(p.usage_error(
            "The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0",
        ));
    }
    for object in targets(ctx, p, &p.args)? {
        let kind = object.kind_id();
        if !matches!(kind, Kind::Deployment | Kind::ReplicaSet) {
            return Err(KubectlError::new(format!("cannot scale a {}", kind.name())));
        }
        if let Some(current) = p.int("current-replicas") {
            let now = print::object_json(&object)
                .pointer("/spec/replicas")
                .and_then(Value::as_i64)
                .unwrap_or(1);
            if now != current {
                return Err(KubectlError::new(format!(
                    "Expected replicas to be {current}, was {now}"
                )));
            }
        }
        if kind == Kind::Deployment {
            ctx.cluster
                .scale(
                    object.meta().namespace(),
                    object.meta().name(),
                    replicas as u32,
                )
                .map_err(|e| errors::cluster(&e))?;
        } else {
            edit(ctx, &object, |v| {
                super::set(v, &["spec", "replicas"], json!(replicas));
                Ok(())
            })?;
        }
        ctx.out
            .push_str(&format!("{} scaled\n", print::name(&object)));
    }
    Ok(())
}

/// Splits `label`/`annotate` arguments into resource words and `k=v` / `k-` changes.
fn changes(p: &Parsed) -> (Vec<String>, Vec<(String, Option<String>)>) {
    let mut resources = Vec::new();
    let mut changes = Vec::new();
    for arg in &p.args {
        if let Some((k, v)) = arg.split_once('=') {
            changes.push((k.to_owned(), Some(v.to_owned())));
        } else if let Some(k) = arg.strip_suffix('-').filter(|k| !k.is_empty()) {
            changes.push((k.to_owned(), None));
        } else {
            resources.push(arg.clone());
        }
    }
    (resources, changes)
}

pub(crate) fn label(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<(), KubectlError> {
    let (resources, changes) = changes(p);
    if changes.is_empty() && !p.bool("list") {
        return Err(p.usage_error("at least one label update is required"));
    }
    for object in targets(ctx, p, &resources)? {
        if p.bool("list") {
            for (k, v) in object.meta().labels.iter() {
                ctx.out.push_str(&format!("{k}={v}\n"));
            }
            continue;
        }
        let labels = &object.meta().labels;
        for (k, v) in &changes {
            if let (Some(old), Some(_)) = (labels.get(k), v)
                && !p.bool("overwrite")
            {
                return Err(KubectlError::new(format!(
                    "'{k}' already has a value ({old}), and --overwrite is false"
                )));
            }
        }
        let before = labels.clone();
        let mut current = object.clone();
        for (k, v) in &changes {
            current = ctx
                .cluster
                .set_label(
                    object.kind_id(),
                    object.meta().namespace(),
                    object.meta().name(),
                    k,
                    v.as_deref(),
                )
                .map_err(|e| errors::cluster(&e))?;
        }
        let after = &current.meta().labels;
        let message = if *after == before {
            "not labeled"
        } else if !p.bool("overwrite") && after.len() < before.len() {
            "unlabeled"
        } else {
            "labeled"
        };
        ctx.out
            .push_str(&format!("{} {message}\n", print::name(&object)));
    }
    Ok(())
}

pub(crate) fn annotate(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<(), KubectlError> {
    let (resources, changes) = changes(p);
    if changes.is_empty() && !p.bool("list") {
        return Err(p.usage_error("at least one annotation update is required"));
    }
    for object in targets(ctx, p, &resources)? {
        if p.bool("list") {
            for (k, v) in &object.meta().annotations {
                ctx.out.push_str(&format!("{k}={v}\n"));
            }
            continue;
        }
        if !p.bool("overwrite") {
            let taken: Vec<String> = changes
                .iter()
                .filter(|(_, v)| v.is_some())
                .filter_map(|(k, _)| {
                    object
                        .meta()
                        .annotations
                        .get(k)
                        .map(|old| format!("'{k}' already has a value ({old})"))
                })
                .collect();
            if !taken.is_empty() {
                return Err(KubectlError::new(format!(
                    "--overwrite is false but found the following declared annotation(s): {}",
                    taken.join("; ")
                )));
            }
        }
        edit(ctx, &object, |v| {
            let meta = &mut v["metadata"];
            if !meta["annotations"].is_object() {
                meta["annotations"] = json!({});
            }
            if let Some(a) = meta["annotations"].as_object_mut() {
                for (k, val) in &changes {
                    match val {
                        Some(val) => {
                            a.insert(k.clone(), json!(val));
                        }
                        None => {
                            a.remove(k);
                        }
                    }
                }
                if a.is_empty()
                    && let Some(m) = meta.as_object_mut()
                {
                    m.remove("annotations");
                }
            }
            Ok(())
        })?;
        ctx.out
            .push_str(&format!("{} annotated\n", print::name(&object)));
    }
    Ok(())
}

/// RFC 7386 merge.
fn merge(target: &mut Value, patch: &Value) {
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => {
            for (k, v) in p {
                if v.is_null() {
                    t.remove(k);
                } else {
                    merge(t.entry(k.clone()).or_insert(Value::Null), v);
                }
            }
        }
        (t, p) => *t = p.clone(),
    }
}

/// RFC 6902 JSON patch (add, remove, replace, move, copy, test).
fn json_patch(target: &mut Value, ops: &Value) -> Result<(), String> {
    let Some(ops) = ops.as_array() else {
        return Err("json: cannot unmarshal object into Go value of type jsonpatch.Patch".into());
    };
    for op in ops {
        let kind = op.get("op").and_then(Value::as_str).unwrap_or("");
        let path = op.get("path").and_then(Value::as_str).unwrap_or("");
        match kind {
            "add" | "replace" | "test" => {
                let value = op.get("value").cloned().unwrap_or(Value::Null);
                if kind == "test" {
                    if target.pointer(path) != Some(&value) {
                        return Err(format!("testing value {path} failed: test failed"));
                    }
                    continue;
                }
                set(target, path, value, kind == "add")?;
            }
            "remove" => {
                remove(target, path)?;
            }
            "move" | "copy" => {
                let from = op.get("from").and_then(Value::as_str).unwrap_or("");
                let value = target
                    .pointer(from)
                    .cloned()
                    .ok_or_else(|| format!("missing value at {from}"))?;
                if kind == "move" {
                    remove(target, from)?;
                }
                set(target, path, value, true)?;
            }
            other => return Err(format!("Unexpected kind: {other}")),
        }
    }
    Ok(())
}

fn split_pointer(path: &str) -> Result<(String, String), String> {
    let Some(at) = path.rfind('/') else {
        return Err(format!(
            "replace operation does not apply: doc is missing path: {path}"
        ));
    };
    let last = path[at + 1..].replace("~1", "/").replace("~0", "~");
    Ok((path[..at].to_owned(), last))
}

fn set(target: &mut Value, path: &str, value: Value, add: bool) -> Result<(), String> {
    let (parent, last) = split_pointer(path)?;
    let missing = || format!("doc is missing path: \"{path}\": missing value");
    let container = target.pointer_mut(&parent).ok_or_else(missing)?;
    match container {
        Value::Object(map) => {
            if !add && !map.contains_key(&last) {
                return Err(format!(
                    "replace operation does not apply: doc is missing key: {path}: missing value"
                ));
            }
            map.insert(last, value);
        }
        Value::Array(items) => {
            if last == "-" && add {
                items.push(value);
            } else {
                let i: usize = last.parse().map_err(|_| missing())?;
                if add && i <= items.len() {
                    items.insert(i, value);
                } else if let Some(slot) = items.get_mut(i) {
                    *slot = value;
                } else {
                    return Err(missing());
                }
            }
        }
        _ => return Err(missing()),
    }
    Ok(())
}

fn remove(target: &mut Value, path: &str) -> Result<(), String> {
    let (parent, last) = split_pointer(path)?;
    let missing = || {
        format!("remove operation does not apply: doc is missing path: \"{path}\": missing value")
    };
    match target.pointer_mut(&parent) {
        Some(Value::Object(map)) => map.remove(&last).map(|_| ()).ok_or_else(missing),
        Some(Value::Array(items)) => {
            let i: usize = last.parse().map_err(|_| missing())?;
            if i < items.len() {
                items.remove(i);
                Ok(())
            } else {
                Err(missing())
            }
        }
        _ => Err(missing()),
    }
}

pub(crate) fn patch(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<(), KubectlError> {
    let Some(text) = p.get("patch") else {
        return Err(KubectlError::new(
            "must specify --patch or --patch-file containing the contents of the patch",
        ));
    };
    let patch: Value = crate::yaml::from_str(text)
        .map_err(|e| KubectlError::new(format!("unable to parse {text:?}: {e}")))?;
    let patch_type = p.get("type").unwrap_or("strategic");
    if !matches!(patch_type, "strategic" | "merge" | "json") {
        return Err(KubectlError::new(format!(
            "--type must be one of [\"json\" \"merge\" \"strategic\"], not {patch_type:?}"
        )));
    }
    for object in targets(ctx, p, &p.args)? {
        let changed = edit(ctx, &object, |v| match patch_type {
            "json" => json_patch(v, &patch)
                .map_err(|e| KubectlError::raw(format!("The request is invalid: {e}"))),
            _ => {
                merge(v, &patch);
                Ok(())
            }
        })?;
        let suffix = if changed { "" } else { " (no change)" };
        ctx.out
            .push_str(&format!("{} patched{suffix}\n", print::name(&object)));
    }
    Ok(())
}

pub(crate) fn set_image(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<(), KubectlError> {
    let (resources, changes) = changes(p);
    let images: Vec<(String, String)> = changes
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect();
    if images.is_empty() {
        return Err(p.usage_error("at least one image update is required"));
    }
    for object in targets(ctx, p, &resources)? {
        let pointer = if object.kind_id() == Kind::Pod {
            "/spec/containers"
        } else {
            "/spec/template/spec/containers"
        };
        let changed = edit(ctx, &object, |v| {
            let containers = v
                .pointer_mut(pointer)
                .and_then(Value::as_array_mut)
                .ok_or_else(|| KubectlError::new("unable to find containers"))?;
            for (name, image) in &images {
                let mut found = false;
                for c in containers.iter_mut() {
                    if name == "*" || c["name"] == json!(name) {
                        super::set(c, &["image"], json!(image));
                        found = true;
                    }
                }
                if !found {
                    return Err(KubectlError::new(format!(
                        "unable to find container named \"{name}\""
                    )));
                }
            }
            Ok(())
        })?;
        if changed {
            ctx.out
                .push_str(&format!("{} image updated\n", print::name(&object)));
        }
    }
    Ok(())
}

fn one_deployment(ctx: &Ctx<'_>, p: &Parsed) -> Result<Object, KubectlError> {
    let object = targets(ctx, p, &p.args)?
        .into_iter()
        .next()
        .ok_or_else(|| KubectlError::new("no objects passed to rollout"))?;
    if object.kind_id() != Kind::Deployment {
        return Err(KubectlError::new(format!(
            "no rollbacker has been implemented for {{{} {}}}",
            object.group(),
            object.kind()
        )));
    }
    Ok(object)
}

pub(crate) fn rollout_restart(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<(), KubectlError> {
    let d = one_deployment(ctx, p)?;
    ctx.cluster
        .rollout_restart(d.meta().namespace(), d.meta().name())
        .map_err(|e| errors::cluster(&e))?;
    ctx.out
        .push_str(&format!("{} restarted\n", print::name(&d)));
    Ok(())
}

/// `rollout status` waits as kubectl does, by moving the virtual clock a second at a time
/// until the rollout finishes (or its progress deadline passes).
pub(crate) fn rollout_status(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<(), KubectlError> {
    let d = one_deployment(ctx, p)?;
    let (ns, name) = (d.meta().namespace().to_owned(), d.meta().name().to_owned());
    let mut last = String::new();
    for _ in 0..=600 {
        let now = ctx
            .cluster
            .get_object(Kind::Deployment, &ns, &name)
            .map_err(|e| errors::cluster(&e))?;
        let v = print::object_json(&now);
        let i = |ptr: &str| v.pointer(ptr).and_then(Value::as_i64).unwrap_or(0);
        let timed_out = v
            .pointer("/status/conditions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .any(|c| c["type"] == "Progressing" && c["reason"] == "ProgressDeadlineExceeded");
        let message = if i("/metadata/generation") > i("/status/observedGeneration") {
            "Waiting for deployment spec update to be observed...\n".to_owned()
        } else if timed_out {
            return Err(KubectlError::new(format!(
                "deployment {name:?} exceeded its progress deadline"
            )));
        } else if i("/status/updatedReplicas")
            < v.pointer("/spec/replicas")
                .and_then(Value::as_i64)
                .unwrap_or(1)
        {
            format!(
                "Waiting for deployment {name:?} rollout to finish: {} out of {} new replicas have been updated...\n",
                i("/status/updatedReplicas"),
                v.pointer("/spec/replicas")
                    .and_then(Value::as_i64)
                    .unwrap_or(1)
            )
        } else if i("/status/replicas") > i("/status/updatedReplicas") {
            format!(
                "Waiting for deployment {name:?} rollout to finish: {} old replicas are pending termination...\n",
                i("/status/replicas") - i("/status/updatedReplicas")
            )
        } else if i("/status/availableReplicas") < i("/status/updatedReplicas") {
            format!(
                "Waiting for deployment {name:?} rollout to finish: {} of {} updated replicas are available...\n",
                i("/status/availableReplicas"),
                i("/status/updatedReplicas")
            )
        } else {
            ctx.out
                .push_str(&format!("deployment {name:?} successfully rolled out\n"));
            return Ok(());
        };
        if message != last {
            ctx.out.push_str(&message);
            last = message;
        }
        if p.get("watch") == Some("false") {
            return Ok(());
        }
        ctx.cluster.advance(Duration::from_secs(1));
    }
    Err(KubectlError::new("timed out waiting for the condition"))
}

/// The Deployment's ReplicaSets with their revision numbers, oldest first.
fn revisions(ctx: &Ctx<'_>, d: &Object) -> Result<Vec<(i64, Object)>, KubectlError> {
    let uid = d.meta().uid.clone();
    let mut out: Vec<(i64, Object)> = ctx
        .cluster
        .list_objects(
            Kind::ReplicaSet,
            Some(d.meta().namespace()),
            &ListOptions::default(),
        )
        .map_err(|e| errors::cluster(&e))?
        .into_iter()
        .filter(|rs| {
            rs.meta()
                .owner_references
                .iter()
                .any(|o| Some(&o.uid) == uid.as_ref())
        })
        .filter_map(|rs| {
            let rev = rs
                .meta()
                .annotations
                .get("deployment.kubernetes.io/revision")?
                .parse()
                .ok()?;
            Some((rev, rs))
        })
        .collect();
    out.sort_by_key(|(r, _)| *r);
    Ok(out)
}

pub(crate) fn rollout_history(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<(), KubectlError> {
    let d = one_deployment(ctx, p)?;
    let history = revisions(ctx, &d)?;
    let mut lines = vec![("REVISION".to_owned(), "CHANGE-CAUSE".to_owned())];
    for (rev, rs) in &history {
        let cause = rs
            .meta()
            .annotations
            .get("kubernetes.io/change-cause")
            .cloned()
            .unwrap_or_else(|| "<none>".to_owned());
        lines.push((rev.to_string(), cause));
    }
    // The history viewer's tabwriter pads by two, with no minimum width.
    let widths = lines.iter().map(|(rev, _)| rev.len()).max().unwrap_or(0) + 2;
    ctx.out.push_str(&format!("{} \n", print::name(&d)));
    for (rev, cause) in lines {
        ctx.out.push_str(&format!("{rev:<widths$}{cause}\n"));
    }
    ctx.out.push('\n');
    Ok(())
}

pub(crate) fn rollout_undo(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<(), KubectlError> {
    let d = one_deployment(ctx, p)?;
    let history = revisions(ctx, &d)?;
    let wanted = p.int("to-revision").unwrap_or(0);
    let target = if wanted > 0 {
        history.iter().find(|(r, _)| *r == wanted).ok_or_else(|| {
            KubectlError::new(format!(
                "unable to find specified revision {wanted} in history"
            ))
        })?
    } else if let Some(previous) = history.len().checked_sub(2).and_then(|i| history.get(i)) {
        previous
    } else {
        return Err(KubectlError::new(format!(
            "no rollout history found for deployment {:?}",
            d.meta().name()
        )));
    };
    let mut template = print::object_json(&target.1)
        .pointer("/spec/template")
        .cloned()
        .unwrap_or_default();
    if let Some(labels) = template
        .pointer_mut("/metadata/labels")
        .and_then(Value::as_object_mut)
    {
        labels.remove("pod-template-hash");
    }
    let changed = edit(ctx, &d, |v| {
        super::set(v, &["spec", "template"], template);
        Ok(())
    })?;
    if changed {
        ctx.out
            .push_str(&format!("{} rolled back\n", print::name(&d)));
    } else {
        ctx.out.push_str(&format!(
            "{} skipped rollback (current template already matches revision {})\n",
            print::name(&d),
            target.0
        ));
    }
    Ok(())
}
