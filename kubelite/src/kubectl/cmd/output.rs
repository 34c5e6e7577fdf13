//! `-o/--output` for `get` and the mutating commands: which printer, and printing objects
//! with it.

use serde_json::Value;

use crate::api::Object;
use crate::kubectl::KubectlError;
use crate::kubectl::jsonpath::JsonPath;
use crate::kubectl::print;

/// A non-table output format.
pub(crate) enum Format {
    /// `-o json`.
    Json,
    /// `-o yaml`.
    Yaml,
    /// `-o name`.
    Name,
    /// `-o jsonpath=…` (`as_json` for `jsonpath-as-json`).
    JsonPath { path: JsonPath, as_json: bool },
    /// `-o custom-columns=…`.
    CustomColumns(Vec<(String, JsonPath)>),
}

/// The table variants and the others.
pub(crate) enum Output {
    /// A table (`wide` or not).
    Table { wide: bool },
    /// Anything else.
    Generic(Format),
}

const ALLOWED: &str = "custom-columns, custom-columns-file, go-template, go-template-file, json, jsonpath, jsonpath-as-json, jsonpath-file, name, template, templatefile, wide, yaml";

/// Reads `-o`; `allow_missing` is `--allow-missing-template-keys`.
pub(crate) fn parse(spec: Option<&str>, allow_missing: bool) -> Result<Output, KubectlError> {
    let Some(spec) = spec.filter(|s| !s.is_empty()) else {
        return Ok(Output::Table { wide: false });
    };
    let (name, arg) = match spec.split_once('=') {
        Some((n, a)) => (n, Some(a)),
        None => (spec, None),
    };
    let format = match (name, arg) {
        ("wide", None) => return Ok(Output::Table { wide: true }),
        ("json", None) => Format::Json,
        ("yaml", None) => Format::Yaml,
        ("name", None) => Format::Name,
        ("jsonpath" | "jsonpath-as-json", Some(template)) => {
            if template.is_empty() {
                return Err(KubectlError::new(
                    "template format specified but no template given",
                ));
            }
            let template = relaxed(template);
            let path = JsonPath::parse(&template)
                .map_err(|e| KubectlError::new(format!("error parsing jsonpath {template}, {e}")))?
                .allow_missing_keys(allow_missing);
            Format::JsonPath {
                path,
                as_json: name == "jsonpath-as-json",
            }
        }
        ("jsonpath" | "jsonpath-as-json", None) => {
            return Err(KubectlError::new(
                "template format specified but no template given",
            ));
        }
        ("custom-columns", Some(spec)) => Format::CustomColumns(custom_columns(spec)?),
        ("custom-columns", None) => {
            return Err(KubectlError::new(
                "custom-columns format specified but no custom columns given",
            ));
        }
        _ => {
            return Err(KubectlError::new(format!(
                "unable to match a printer suitable for the output format \"{spec}\", allowed formats are: {ALLOWED}"
            )));
        }
    };
    Ok(Output::Generic(format))
}

/// kubectl accepts a template without braces only for custom columns; jsonpath templates are
/// used as given.
fn relaxed(template: &str) -> String {
    template.to_owned()
}

/// `RelaxedJSONPathExpression`: `.a.b`, `a.b`, `{.a.b}` all mean `{.a.b}`.
fn relaxed_column(path: &str) -> Result<String, KubectlError> {
    if path.is_empty() {
        return Ok(String::new());
    }
    let inner = if path.starts_with('{') && path.ends_with('}') {
        &path[1..path.len() - 1]
    } else if path.starts_with('{') || path.ends_with('}') {
        return Err(KubectlError::new(
            "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'",
        ));
    } else {
        path
    };
    let inner = inner.strip_prefix('.').unwrap_or(inner);
    Ok(format!("{{.{inner}}}"))
}

fn custom_columns(spec: &str) -> Result<Vec<(String, JsonPath)>, KubectlError> {
    let mut columns = Vec::new();
    for part in spec.split(',') {
        let Some((header, path)) = part.split_once(':') else {
            return Err(KubectlError::new(format!(
                "unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>"
            )));
        };
        let template = relaxed_column(path)?;
        let parsed = JsonPath::parse(&template)
            .map_err(|e| KubectlError::new(format!("error parsing jsonpath {template}, {e}")))?;
        columns.push((header.to_owned(), parsed));
    }
    Ok(columns)
}

/// Prints objects in a non-table format. `single` is kubectl's "single item implied" (one
/// object asked for by name): it prints the object itself, otherwise a `List`.
pub(crate) fn print(
    format: &Format,
    objects: &[Object],
    single: bool,
) -> Result<String, KubectlError> {
    let data = || -> Value {
        if let (true, [object]) = (single, objects) {
            print::object_json(object)
        } else {
            print::list_json(objects)
        }
    };
    match format {
        Format::Json => Ok(print::to_json(&data())),
        Format::Yaml => Ok(print::to_yaml(&data())),
        Format::Name => Ok(objects.iter().map(|o| print::name(o) + "\n").collect()),
        Format::JsonPath { path, as_json } => {
            let value = data();
            let rendered = if *as_json {
                path.render_as_json(&value)
            } else {
                path.render(&value)
            };
            rendered.map_err(|e| {
                let t = path.template();
                KubectlError::new(format!(
                    "error executing jsonpath {t:?}: Error executing template: {e}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{t}\n\tobject given to jsonpath engine was:\n\t\t{}\n\n",
                    compact(&value)
                ))
            })
        }
        Format::CustomColumns(columns) => {
            let mut lines = vec![columns.iter().map(|(h, _)| h.clone()).collect::<Vec<_>>()];
            for object in objects {
                let value = print::object_json(object);
                let mut row = Vec::new();
                for (_, path) in columns {
                    let values = path
                        .values(&value)
                        .map_err(|e| KubectlError::new(e.to_string()))?;
                    row.push(if values.is_empty() {
                        "<none>".to_owned()
                    } else {
                        values.join(",")
                    });
                }
                lines.push(row);
            }
            Ok(print::table::tabwrite(&lines))
        }
    }
}

fn compact(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
