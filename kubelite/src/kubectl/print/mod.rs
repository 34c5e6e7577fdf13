//! kubectl's printers: tables (`kubectl get`, with `-o wide`, `--show-labels`, `-L`, `-A`),
//! `-o yaml`, `-o json`, `-o name`, and the List wrapper kubectl puts around list results.
//!
//! ```
//! use kubelite::Cluster;
//! use kubelite::api::Kind;
//! use kubelite::cluster::ListOptions;
//! use kubelite::kubectl::print::{table, TableOptions};
//! let cluster = Cluster::new();
//! let services = cluster.list_objects(Kind::Service, Some("default"), &ListOptions::default())?;
//! assert_eq!(
//!     table(&services, cluster.now(), &TableOptions::default()),
//!     "NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\n\
//!      kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   0s\n"
//! );
//! # Ok::<(), kubelite::Error>(())
//! ```

pub(crate) mod json;
pub(crate) mod rows;
pub(crate) mod table;
mod yaml;

use serde_json::Value;

use crate::api::{Kind, Object};
use crate::meta::Time;

/// How `kubectl get` decorates a table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct TableOptions {
    /// `-o wide`: the extra columns.
    pub wide: bool,
    /// `--show-labels`: a LABELS column.
    pub show_labels: bool,
    /// `-L key`: one column per label key.
    pub label_columns: Vec<String>,
    /// `-A`: a NAMESPACE column first (for namespaced kinds).
    pub with_namespace: bool,
    /// Names as `kind/name` (when several kinds are printed).
    pub with_kind: bool,
    /// `--no-headers`.
    pub no_headers: bool,
}

/// The resource as kubectl names it in output: `pod`, `deployment.apps`,
/// `networkpolicy.networking.k8s.io`.
pub fn resource_name(kind: Kind) -> String {
    if kind.group().is_empty() {
        kind.singular().to_owned()
    } else {
        format!("{}.{}", kind.singular(), kind.group())
    }
}

/// `-o name`: `pod/x`, `deployment.apps/x`.
pub fn name(object: &Object) -> String {
    format!(
        "{}/{}",
        resource_name(object.kind_id()),
        object.meta().name()
    )
}

/// The object's wire JSON, as kubectl receives it.
pub fn object_json(object: &Object) -> Value {
    serde_json::to_value(object).unwrap_or(Value::Null)
}

/// kubectl's wrapper around several objects: `{"apiVersion":"v1","items":[…],"kind":"List",
/// "metadata":{"resourceVersion":""}}`.
pub fn list_json(objects: &[Object]) -> Value {
    serde_json::json!({
        "apiVersion": "v1",
        "items": objects.iter().map(object_json).collect::<Vec<_>>(),
        "kind": "List",
        "metadata": { "resourceVersion": "" },
    })
}

/// `-o json`: keys sorted, four-space indentation, Go's escaping, final newline.
pub fn to_json(value: &Value) -> String {
    json::to_json(value)
}

/// `-o yaml`: go-yaml v2's rendering of the object's JSON.
pub fn to_yaml(value: &Value) -> String {
    yaml::to_yaml(value)
}

/// The tables of `objects` (consecutive objects of one kind share a table; tables are
/// separated by a blank line), each aligned as kubectl's tabwriter aligns them.
pub fn table(objects: &[Object], now: Time, options: &TableOptions) -> String {
    let mut out = String::new();
    let mut rest = objects;
    while let Some(first) = rest.first() {
        let kind = first.kind_id();
        let end = rest
            .iter()
            .position(|o| o.kind_id() != kind)
            .unwrap_or(rest.len());
        // `end` >= 1 (the first object is of its own kind), so the loop moves on.
        let Some((group, after)) = rest.split_at_checked(end) else {
            break;
        };
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&table::tabwrite(&table_lines(kind, group, now, options)));
        rest = after;
    }
    out
}

/// The header and rows of one kind's table.
pub(crate) fn table_lines(
    kind: Kind,
    objects: &[Object],
    now: Time,
    options: &TableOptions,
) -> Vec<Vec<String>> {
    let with_namespace = options.with_namespace && kind.namespaced();
    let mut lines = Vec::with_capacity(objects.len() + 1);
    if !options.no_headers {
        let mut header: Vec<String> = Vec::new();
        if with_namespace {
            header.push("NAMESPACE".to_owned());
        }
        header.extend(
            rows::headers(kind, options.wide)
                .into_iter()
                .map(str::to_owned),
        );
        for key in &options.label_columns {
            let last = key.rsplit('/').next().unwrap_or(key);
            header.push(last.to_uppercase());
        }
        if options.show_labels {
            header.push("LABELS".to_owned());
        }
        lines.push(header);
    }
    for object in objects {
        let meta = object.meta();
        let name = if options.with_kind {
            self::name(object)
        } else {
            meta.name().to_owned()
        };
        let value = object_json(object);
        let mut row = Vec::new();
        if with_namespace {
            row.push(meta.namespace().to_owned());
        }
        row.extend(rows::cells(kind, &value, name, options.wide, now));
        for key in &options.label_columns {
            row.push(meta.labels.get(key).unwrap_or("").to_owned());
        }
        if options.show_labels {
            let labels = meta.labels.to_string();
            row.push(if labels.is_empty() {
                "<none>".to_owned()
            } else {
                labels
            });
        }
        lines.push(row);
    }
    lines
}
