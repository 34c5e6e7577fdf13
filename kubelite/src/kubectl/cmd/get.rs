//! `kubectl get`.

use crate::api::{Kind, Object};
use crate::cluster::ListOptions;
use crate::error::{ApiError, Error};
use crate::kubectl::KubectlError;
use crate::kubectl::flags::{Flag, Parsed, Takes, flag};
use crate::kubectl::print::{self, TableOptions};
use crate::kubectl::resources::{self, Target};

use super::output::{self, Output};
use super::{Ctx, errors};

pub(crate) const FLAGS: &[Flag] = &[
    flag("output", Some('o'), Takes::Str),
    flag("selector", Some('l'), Takes::Str),
    flag("field-selector", None, Takes::Str),
    flag("all-namespaces", Some('A'), Takes::Bool),
    flag("show-labels", None, Takes::Bool),
    flag("label-columns", Some('L'), Takes::Slice),
    flag("no-headers", None, Takes::Bool),
    flag("ignore-not-found", None, Takes::Bool),
    flag("show-kind", None, Takes::Bool),
    flag("allow-missing-template-keys", None, Takes::Bool),
    flag("chunk-size", None, Takes::Int),
    flag("sort-by", None, Takes::Str),
];

/// What `get` (and `describe`) fetched: objects in output order and the errors met.
pub(crate) struct Fetched {
    pub(crate) objects: Vec<Object>,
    pub(crate) errors: Vec<KubectlError>,
    pub(crate) multiple_kinds: bool,
    pub(crate) single: bool,
}

/// Fetches what the arguments name, with `-n`/`-A`, `-l` and `--field-selector` applied.
pub(crate) fn fetch(ctx: &Ctx<'_>, p: &Parsed) -> Result<Fetched, KubectlError> {
    let (targets, multiple_kinds) = resources::resolve(&p.args)?;
    let all_namespaces = p.bool("all-namespaces");
    let namespace = p.namespace();
    let selector = p.get("selector").unwrap_or("").to_owned();
    let field_selector = p.get("field-selector").unwrap_or("").to_owned();
    let named = targets.iter().any(|t| matches!(t, Target::Named(..)));
    if named && all_namespaces {
        return Err(KubectlError::new(
            "a resource cannot be retrieved by name across all namespaces",
        ));
    }
    if named && !selector.is_empty() {
        return Err(KubectlError::new(
            "selectors and the all flag cannot be used when passing resource/name arguments",
        ));
    }
    let mut objects = Vec::new();
    let mut errors = Vec::new();
    for target in &targets {
        match target {
            Target::All(kind) => {
                let ns = if all_namespaces {
                    None
                } else {
                    Some(namespace.as_str())
                };
                let mut options = ListOptions::labels(&selector);
                options.field_selector = field_selector.clone();
                match ctx.cluster.list_objects(*kind, ns, &options) {
                    Ok(found) => objects.extend(found),
                    Err(e) => return Err(list_error(*kind, &selector, &field_selector, &e)),
                }
            }
            Target::Named(kind, name) => match ctx.cluster.get_object(*kind, &namespace, name) {
                Ok(o) => objects.push(o),
                Err(Error::Api(ApiError::NotFound { .. })) if p.bool("ignore-not-found") => {}
                Err(e) => errors.push(errors::cluster(&e)),
            },
        }
    }
    let single = targets.len() == 1 && named;
    Ok(Fetched {
        objects,
        errors,
        multiple_kinds,
        single,
    })
}

/// A list the server refused: kubectl wraps the message with the resource and selectors.
fn list_error(kind: Kind, labels: &str, fields: &str, e: &Error) -> KubectlError {
    let Error::Api(api) = e else {
        return errors::cluster(e);
    };
    let version = if kind.group().is_empty() {
        "/v1".to_owned()
    } else {
        format!("{}/v1", kind.group())
    };
    let resource = format!("{version}, Resource={}", kind.plural());
    let message = if labels.is_empty() && fields.is_empty() {
        format!("Unable to list {resource:?}: {api}")
    } else {
        format!(
            "Unable to find {resource:?} that match label selector {labels:?}, field selector {fields:?}: {api}"
        )
    };
    KubectlError::raw(format!("Error from server ({}): {message}", api.reason()))
}

pub(crate) fn run(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<(), KubectlError> {
    if p.args.is_empty() {
        return Err(KubectlError::raw(format!(
            "You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\n{}",
            p.usage_error("Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).")
        )));
    }
    let allow_missing =
        p.get("allow-missing-template-keys").is_none() || p.bool("allow-missing-template-keys");
    let format = output::parse(p.get("output"), allow_missing)?;
    let fetched = fetch(ctx, p)?;
    let mut objects = fetched.objects;
    if let Some(key) = p.get("sort-by") {
        sort_by(&mut objects, key)?;
    }
    match format {
        Output::Generic(format) => {
            ctx.out
                .push_str(&output::print(&format, &objects, fetched.single)?);
        }
        Output::Table { wide } => {
            let kinds_differ = objects
                .iter()
                .zip(objects.iter().skip(1))
                .any(|(a, b)| a.kind_id() != b.kind_id());
            let options = TableOptions {
                wide,
                show_labels: p.bool("show-labels"),
                label_columns: p.all("label-columns"),
                with_namespace: p.bool("all-namespaces"),
                with_kind: fetched.multiple_kinds || kinds_differ || p.bool("show-kind"),
                no_headers: p.bool("no-headers"),
            };
            let table = print::table(&objects, ctx.cluster.now(), &options);
            ctx.out.push_str(&table);
            if table.is_empty() && fetched.errors.is_empty() && !p.bool("ignore-not-found") {
                let namespaced = resources::resolve(&p.args)
                    .map(|(t, _)| t.iter().any(|t| t.kind().namespaced()))
                    .unwrap_or(true);
                if p.bool("all-namespaces") || !namespaced {
                    ctx.err.push_str("No resources found\n");
                } else {
                    ctx.err.push_str(&format!(
                        "No resources found in {} namespace.\n",
                        p.namespace()
                    ));
                }
            }
        }
    }
    super::fail_with(fetched.errors)
}

/// `--sort-by`: a JSONPath to a field; objects without it sort first, as upstream.
fn sort_by(objects: &mut [Object], key: &str) -> Result<(), KubectlError> {
    let inner = key.trim_start_matches('{').trim_end_matches('}');
    let template = format!("{{.{}}}", inner.trim_start_matches('.'));
    let path = crate::kubectl::jsonpath::JsonPath::parse(&template)
        .map_err(|e| KubectlError::new(format!("error parsing jsonpath {template}, {e}")))?;
    let mut keyed: Vec<(Option<serde_json::Value>, Object)> = Vec::new();
    for o in objects.iter() {
        let v = print::object_json(o);
        let found = path
            .values(&v)
            .ok()
            .and_then(|vals| vals.into_iter().next())
            .map(|s| {
                s.parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map(serde_json::Value::Number)
                    .unwrap_or(serde_json::Value::String(s))
            });
        keyed.push((found, o.clone()));
    }
    keyed.sort_by(|a, b| match (&a.0, &b.0) {
        (None, None) => std::cmp::Ordering::Equal,
        (None, Some(_)) => std::cmp::Ordering::Less,
        (Some(_), None) => std::cmp::Ordering::Greater,
        (Some(serde_json::Value::Number(x)), Some(serde_json::Value::Number(y))) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(std::cmp::Ordering::Equal),
        (Some(x), Some(y)) => x.to_string().cmp(&y.to_string()),
    });
    for (slot, (_, o)) in objects.iter_mut().zip(keyed) {
        *slot = o;
    }
    Ok(())
}
