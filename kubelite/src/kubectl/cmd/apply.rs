//! `apply`, `create -f` and `delete`: the commands that take objects from `-f -` (standard
//! input; files are not read: there is no file system) or name them.

use crate::api::{Kind, Object};
use crate::cluster::ListOptions;
use crate::error::{ApiError, Error};
use crate::kubectl::KubectlError;
use crate::kubectl::flags::{Flag, Parsed, Takes, flag};
use crate::kubectl::print;
use crate::kubectl::resources::{self, Target};

use super::{Ctx, errors};

pub(crate) const FLAGS: &[Flag] = &[
    flag("filename", Some('f'), Takes::Array),
    flag("output", Some('o'), Takes::Str),
    flag("recursive", Some('R'), Takes::Bool),
    flag("validate", None, Takes::Str),
    flag("server-side", None, Takes::Bool),
    flag("force-conflicts", None, Takes::Bool),
    flag("field-manager", None, Takes::Str),
    flag("dry-run", None, Takes::Str),
];

pub(crate) const CREATE_FLAGS: &[Flag] = FLAGS;

pub(crate) const DELETE_FLAGS: &[Flag] = &[
    flag("filename", Some('f'), Takes::Array),
    flag("selector", Some('l'), Takes::Str),
    flag("field-selector", None, Takes::Str),
    flag("all", None, Takes::Bool),
    flag("all-namespaces", Some('A'), Takes::Bool),
    flag("grace-period", None, Takes::Int),
    flag("force", None, Takes::Bool),
    flag("now", None, Takes::Bool),
    flag("ignore-not-found", None, Takes::Bool),
    flag("wait", None, Takes::Bool),
    flag("cascade", None, Takes::Str),
    flag("output", Some('o'), Takes::Str),
];

/// The objects of `-f -`, placed in the command's namespace.
fn read_objects(ctx: &Ctx<'_>, p: &Parsed, verb: &str) -> Result<Vec<Object>, KubectlError> {
    let files = p.all("filename");
    let mut objects = Vec::new();
    for file in files {
        if file != "-" {
            return Err(KubectlError::new(format!(
                "the path \"{file}\" does not exist"
            )));
        }
        let input = ctx.stdin.unwrap_or("");
        let parsed = crate::manifest::from_yaml(input)
            .map_err(|e| KubectlError::new(format!("error when {verb} \"STDIN\": {e}")))?;
        objects.extend(parsed);
    }
    let explicit = p.get("namespace").filter(|n| !n.is_empty());
    let namespace = p.namespace();
    for object in &mut objects {
        if !object.namespaced() {
            continue;
        }
        let own = object.meta().namespace().to_owned();
        if own.is_empty() {
            object.meta_mut().namespace = Some(namespace.clone());
        } else if let Some(ns) = explicit
            && ns != own
        {
            return Err(KubectlError::new(format!(
                "the namespace from the provided object \"{own}\" does not match the namespace \"{ns}\". You must pass '--namespace={own}' to perform this operation."
            )));
        }
    }
    if objects.is_empty() {
        return Err(KubectlError::new(
            "no objects passed to ".to_owned() + verb_noun(verb),
        ));
    }
    Ok(objects)
}

fn verb_noun(verb: &str) -> &'static str {
    match verb {
        "creating" => "create",
        _ => "apply",
    }
}

/// An API error for an object from a file, with kubectl's `error when … "STDIN"` source.
fn sourced(verb: &str, e: &Error) -> KubectlError {
    match e {
        Error::Api(ApiError::Invalid(_)) | Error::Document { .. } => errors::cluster(e),
        Error::Api(api) => KubectlError::raw(format!(
            "Error from server ({}): error when {verb} \"STDIN\": {api}",
            api.reason()
        )),
        other => errors::cluster(other),
    }
}

pub(crate) fn apply(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<(), KubectlError> {
    if p.all("filename").is_empty() {
        return Err(p.usage_error("must specify one of -f and -k"));
    }
    let objects = read_objects(ctx, p, "creating")?;
    // Whether each object exists decides kubectl's verb in an error ("creating"/"patching").
    let existed: Vec<bool> = objects
        .iter()
        .map(|o| {
            ctx.cluster
                .get_object(o.kind_id(), o.meta().namespace(), o.meta().name())
                .is_ok()
        })
        .collect();
    let names: Vec<String> = objects.iter().map(print::name).collect();
    let count = objects.len();
    // A stream is applied all or nothing: a refused document leaves the cluster as it was
    // (kubectl itself applies the documents before the bad one; see docs/fidelity.md).
    match ctx.cluster.apply_all(objects) {
        Ok(applied) => {
            for (name, applied) in names.iter().zip(applied) {
                if p.get("output") == Some("name") {
                    ctx.out.push_str(&format!("{name}\n"));
                } else {
                    ctx.out.push_str(&format!("{name} {}\n", applied.outcome));
                }
            }
            Ok(())
        }
        Err(Error::Document {
            document,
            kind,
            name,
            source,
        }) => {
            let exists = existed
                .get(document.saturating_sub(1))
                .copied()
                .unwrap_or(false);
            let api = Error::Api(*source);
            let first = sourced(if exists { "patching" } else { "creating" }, &api);
            if count == 1 {
                return Err(first);
            }
            Err(KubectlError::raw(format!(
                "{}\nerror: nothing was applied: document {document} of {count} ({kind} {name:?}) was refused",
                first.message(),
                kind = kind,
            )))
        }
        Err(other) => Err(errors::cluster(&other)),
    }
}

pub(crate) fn create(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<(), KubectlError> {
    if p.all("filename").is_empty() {
        if let Some(sub) = p.args.first() {
            const UPSTREAM: &[&str] = &[
                "clusterrole",
                "clusterrolebinding",
                "configmap",
                "cm",
                "cronjob",
                "cj",
                "ingress",
                "ing",
                "job",
                "poddisruptionbudget",
                "pdb",
                "priorityclass",
                "pc",
                "quota",
                "resourcequota",
                "role",
                "rolebinding",
                "secret",
                "serviceaccount",
                "sa",
                "token",
            ];
            if UPSTREAM.contains(&sub.as_str()) {
                return Err(KubectlError::new(format!(
                    "\"kubectl create {sub}\" is not supported by kubelite (see docs/kubectl.md)"
                )));
            }
            return Err(p.usage_error(&format!("Unexpected args: [{}]", p.args.join(" "))));
        }
        return Err(p.usage_error("must specify one of -f and -k"));
    }
    let objects = read_objects(ctx, p, "creating")?;
    let mut failures = Vec::new();
    for object in objects {
        let name = print::name(&object);
        match ctx.cluster.create(object) {
            Ok(_) => ctx.out.push_str(&format!("{name} created\n")),
            Err(e) => failures.push(sourced("creating", &e)),
        }
    }
    super::fail_with(failures)
}

pub(crate) fn delete(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<(), KubectlError> {
    let grace = if p.bool("now") {
        Some(1)
    } else if p.bool("force") && p.int("grace-period").is_none_or(|g| g <= 0) {
        Some(0)
    } else {
        p.int("grace-period").filter(|g| *g >= 0)
    };
    let mut victims: Vec<(Kind, String, String)> = Vec::new();
    let mut failures = Vec::new();
    let namespace = p.namespace();
    if !p.all("filename").is_empty() {
        for object in read_objects(ctx, p, "deleting")? {
            victims.push((
                object.kind_id(),
                object.meta().namespace().to_owned(),
                object.meta().name().to_owned(),
            ));
        }
    } else {
        if p.args.is_empty() {
            return Err(KubectlError::new(
                "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
            ));
        }
        let (targets, _) = resources::resolve(&p.args)?;
        let selector = p.get("selector").unwrap_or("");
        let bulk = p.bool("all") || p.has("selector") || p.has("field-selector");
        for target in targets {
            match target {
                Target::Named(kind, name) => {
                    if bulk {
                        return Err(KubectlError::new(
                            "name cannot be provided when a selector is specified",
                        ));
                    }
                    victims.push((kind, namespace.clone(), name));
                }
                Target::All(kind) => {
                    if !bulk {
                        return Err(KubectlError::new(
                            "resource(s) were provided, but no name was specified",
                        ));
                    }
                    let ns = if p.bool("all-namespaces") {
                        None
                    } else {
                        Some(namespace.as_str())
                    };
                    let mut options = ListOptions::labels(selector);
                    options.field_selector = p.get("field-selector").unwrap_or("").to_owned();
                    let found = ctx
                        .cluster
                        .list_objects(kind, ns, &options)
                        .map_err(|e| errors::cluster(&e))?;
                    victims.extend(found.into_iter().map(|o| {
                        (
                            kind,
                            o.meta().namespace().to_owned(),
                            o.meta().name().to_owned(),
                        )
                    }));
                }
            }
        }
        if victims.is_empty() {
            ctx.err.push_str("No resources found\n");
            return Ok(());
        }
    }
    let operation = if grace == Some(0) {
        "force deleted"
    } else {
        "deleted"
    };
    if grace == Some(0) {
        ctx.err.push_str("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n");
    }
    for (kind, ns, name) in victims {
        match ctx.cluster.delete_object(kind, &ns, &name, grace) {
            Ok(_) => {
                let resource = print::resource_name(kind);
                if p.get("output") == Some("name") {
                    ctx.out.push_str(&format!("{resource}/{name}\n"));
                } else if kind.namespaced() {
                    ctx.out.push_str(&format!(
                        "{resource} \"{name}\" {operation} from {ns} namespace\n"
                    ));
                } else {
                    ctx.out
                        .push_str(&format!("{resource} \"{name}\" {operation}\n"));
                }
            }
            Err(Error::Api(ApiError::NotFound { .. })) if p.bool("ignore-not-found") => {}
            Err(e) => failures.push(errors::cluster(&e)),
        }
    }
    super::fail_with(failures)
}
