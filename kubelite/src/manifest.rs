//! Manifests: multi-document YAML (and JSON) in, typed [`Object`]s out, and back.
//!
//! Loading is as strict as the API server's field validation: an unknown field, a value of
//! the wrong type or an unknown kind is an error that names the document, the field path and,
//! where the YAML says, the line and column.
//!
//! ```
//! use kubelite::manifest::{from_yaml, to_yaml};
//! let objects = from_yaml("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n")?;
//! assert_eq!(objects[0].meta().name(), "shop");
//! assert_eq!(to_yaml(&objects)?, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n");
//! # Ok::<(), kubelite::manifest::ManifestError>(())
//! ```

use std::fmt;

use crate::api::Object;
use crate::yaml::{self, YamlError};

/// A manifest that could not be loaded or written.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ManifestError {
    /// The text is not valid YAML or JSON.
    #[error("error converting YAML to JSON: {0}")]
    Syntax(YamlError),
    /// A document is not a mapping (a list, a string, ...).
    #[error("{}document {document} is not a Kubernetes object: expected a mapping with apiVersion and kind, found {found}", at(*line))]
    NotAnObject {
        /// 1-based document number in the stream.
        document: usize,
        /// 1-based line where the document starts.
        line: u64,
        /// What was found instead (`a list`, `a string`).
        found: &'static str,
    },
    /// `apiVersion` or `kind` is missing, as kubectl's client-side validation reports it.
    #[error("{}error validating data: {}", at(*line), missing_fields(missing))]
    MissingTypeInfo {
        /// 1-based document number.
        document: usize,
        /// 1-based line where the document starts.
        line: u64,
        /// The missing fields (`apiVersion`, `kind`).
        missing: Vec<&'static str>,
    },
    /// `apiVersion` or `kind` is not a string.
    #[error("{}unable to decode document {document}: {field} must be a string, found {found}", at(*line))]
    BadTypeInfo {
        /// 1-based document number.
        document: usize,
        /// 1-based line where the document starts.
        line: u64,
        /// `apiVersion` or `kind`.
        field: &'static str,
        /// What was found (`a number`).
        found: &'static str,
    },
    /// A kind kubelite does not model (or a known kind under the wrong apiVersion).
    #[error("{}no matches for kind {kind:?} in version {api_version:?}: kubelite models {}", at(*line), supported())]
    UnknownKind {
        /// 1-based document number.
        document: usize,
        /// 1-based line where the document starts.
        line: u64,
        /// The document's `apiVersion`.
        api_version: String,
        /// The document's `kind`.
        kind: String,
    },
    /// A field is unknown or has the wrong type.
    #[error("{0}")]
    Decode(Box<DecodeError>),
    /// Writing YAML failed.
    #[error("error writing YAML: {0}")]
    Write(String),
}

/// A document whose field is unknown or has the wrong type, as the API server's strict
/// decoder reports it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}{kind} in version {:?} cannot be handled as a {kind}: {problem}", at_opt(*line, *column), version_of(api_version))]
#[non_exhaustive]
pub struct DecodeError {
    /// 1-based document number.
    pub document: usize,
    /// The document's kind.
    pub kind: String,
    /// The document's apiVersion.
    pub api_version: String,
    /// What is wrong, naming the field path (`strict decoding error: unknown field "spec.foo"`).
    pub problem: String,
    /// The field path (`spec.ports[0].port`).
    pub path: String,
    /// 1-based line, when the YAML says.
    pub line: Option<u64>,
    /// 1-based column, when the YAML says.
    pub column: Option<u64>,
}

/// `v1` of `apps/v1`: the API server names the version without its group here.
fn version_of(api_version: &str) -> &str {
    api_version.rsplit('/').next().unwrap_or(api_version)
}

fn at(line: u64) -> String {
    format!("line {line}: ")
}

fn at_opt(line: Option<u64>, column: Option<u64>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!("line {l}, column {c}: "),
        (Some(l), None) => format!("line {l}: "),
        _ => String::new(),
    }
}

fn missing_fields(missing: &[&str]) -> String {
    let parts: Vec<String> = missing.iter().map(|m| format!("{m} not set")).collect();
    match parts.as_slice() {
        [one] => one.clone(),
        many => format!("[{}]", many.join(", ")),
    }
}

struct Supported;

impl fmt::Display for Supported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (v, k)) in Object::SUPPORTED.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{k} ({v})")?;
        }
        Ok(())
    }
}

fn supported() -> Supported {
    Supported
}

fn describe(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "nothing",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "a list",
        serde_json::Value::Object(_) => "a mapping",
    }
}

/// Loads every object of a YAML (or JSON) stream of documents separated by `---`. Empty
/// documents are skipped; a `kind: List` contributes its `items`. All-or-nothing: the first
/// bad document fails the whole stream.
///
/// ```
/// let objects = kubelite::manifest::from_yaml(r#"
/// apiVersion: v1
/// kind: Service
/// metadata:
///   name: echo-service
/// spec:
///   selector:
///     app: echo-minikube
///   ports:
///   - port: 8080
///     targetPort: 8080
/// "#)?;
/// assert_eq!(objects[0].kind(), "Service");
/// # Ok::<(), kubelite::manifest::ManifestError>(())
/// ```
pub fn from_yaml(input: &str) -> Result<Vec<Object>, ManifestError> {
    let mut objects = Vec::new();
    let mut document = 0;
    for doc in yaml::split_documents(input) {
        let value: serde_json::Value = yaml::from_str(doc.text)
            .map_err(|e| ManifestError::Syntax(e.shifted(doc.first_line)))?;
        if value.is_null() {
            continue;
        }
        document += 1;
        decode_document(
            value,
            document,
            doc.first_line,
            Some(doc.text),
            "",
            &mut objects,
        )?;
    }
    Ok(objects)
}

/// Loads a JSON object (or a `List`) as `kubectl apply -f x.json` does.
///
/// ```
/// let objects = kubelite::manifest::from_json(
///     r#"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"shop"}}"#,
/// )?;
/// assert_eq!(objects[0].meta().name(), "shop");
/// # Ok::<(), kubelite::manifest::ManifestError>(())
/// ```
pub fn from_json(input: &str) -> Result<Vec<Object>, ManifestError> {
    // JSON is YAML: one parser gives the same positions and messages for both.
    from_yaml(input)
}

fn decode_document(
    value: serde_json::Value,
    document: usize,
    first_line: u64,
    text: Option<&str>,
    path_prefix: &str,
    out: &mut Vec<Object>,
) -> Result<(), ManifestError> {
    let line = first_line + 1;
    let serde_json::Value::Object(map) = &value else {
        return Err(ManifestError::NotAnObject {
            document,
            line,
            found: describe(&value),
        });
    };
    let mut missing = Vec::new();
    for field in ["apiVersion", "kind"] {
        match map.get(field) {
            None | Some(serde_json::Value::Null) => missing.push(field),
            Some(serde_json::Value::String(s)) if s.is_empty() => missing.push(field),
            Some(serde_json::Value::String(_)) => {}
            Some(other) => {
                return Err(ManifestError::BadTypeInfo {
                    document,
                    line,
                    field,
                    found: describe(other),
                });
            }
        }
    }
    if !missing.is_empty() {
        return Err(ManifestError::MissingTypeInfo {
            document,
            line,
            missing,
        });
    }
    let text_of = |field: &str| {
        map.get(field)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    let (api_version, kind) = (text_of("apiVersion"), text_of("kind"));
    if kind == "List" && api_version == "v1" {
        return decode_list(value, document, first_line, out);
    }
    if !Object::SUPPORTED
        .iter()
        .any(|(v, k)| *v == api_version && *k == kind)
    {
        return Err(ManifestError::UnknownKind {
            document,
            line,
            api_version,
            kind,
        });
    }
    let decode_error = |path: String, problem: String, location: Option<(u64, u64)>| {
        ManifestError::Decode(Box::new(DecodeError {
            document,
            problem,
            path,
            line: location.map(|(l, _)| l + first_line),
            column: location.map(|(_, c)| c),
            kind: kind.clone(),
            api_version: api_version.clone(),
        }))
    };
    // A derived struct would also accept a list here (serde's sequence form of a struct);
    // the API server's decoder does not.
    for (field, type_name) in [
        ("metadata", "ObjectMeta".to_owned()),
        ("spec", format!("{kind}Spec")),
        ("status", format!("{kind}Status")),
    ] {
        if let Some(v) = map.get(field).filter(|v| !v.is_object() && !v.is_null()) {
            let problem = format!(
                "json: cannot unmarshal {} into Go struct field {kind}.{field} of type {}.{type_name}",
                go_json_type(v),
                version_of(&api_version)
            );
            return Err(decode_error(format!("{path_prefix}{field}"), problem, None));
        }
    }
    match Object::from_json_value_fast(&value) {
        Some(object) => {
            out.push(object);
            Ok(())
        }
        None => match Object::from_json_value_tracked(value) {
            Ok(Some(object)) => {
                out.push(object);
                Ok(())
            }
            Ok(None) => Err(ManifestError::UnknownKind {
                document,
                line,
                api_version: api_version.clone(),
                kind: kind.clone(),
            }),
            Err((path, message)) => {
                let location = text.and_then(|t| Object::locate_yaml_error(&api_version, &kind, t));
                let path = format!("{path_prefix}{path}");
                let problem = strict_message(&path, &message);
                Err(decode_error(path, problem, location))
            }
        },
    }
}

/// How Go's JSON decoder names a value's type in its messages.
fn go_json_type(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "bool",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

fn decode_list(
    mut value: serde_json::Value,
    document: usize,
    first_line: u64,
    out: &mut Vec<Object>,
) -> Result<(), ManifestError> {
    let items = match value.get_mut("items").map(serde_json::Value::take) {
        None | Some(serde_json::Value::Null) => Vec::new(),
        Some(serde_json::Value::Array(items)) => items,
        Some(other) => {
            return Err(ManifestError::NotAnObject {
                document,
                line: first_line + 1,
                found: describe(&other),
            });
        }
    };
    for (i, item) in items.into_iter().enumerate() {
        // Items have no text of their own to point into; their errors carry the path.
        decode_document(
            item,
            document,
            first_line,
            None,
            &format!("items[{i}]."),
            out,
        )?;
    }
    Ok(())
}

/// Rewords serde's messages the way the API server's strict decoder words them.
fn strict_message(path: &str, message: &str) -> String {
    if message.starts_with("unknown field `") {
        return format!("strict decoding error: unknown field \"{path}\"");
    }
    if path.is_empty() || path == "." {
        message.to_owned()
    } else {
        format!("{path}: {message}")
    }
}

/// Writes objects as a YAML stream, documents separated by `---`, each with `apiVersion`,
/// `kind` and `metadata` first. Loading the output gives the same objects, and writing
/// those again gives the same bytes.
pub fn to_yaml<'a, I>(objects: I) -> Result<String, ManifestError>
where
    I: IntoIterator<Item = &'a Object>,
{
    let mut out = String::new();
    for (i, object) in objects.into_iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        out.push_str(&yaml::to_string(object).map_err(|e| ManifestError::Write(e.to_string()))?);
    }
    Ok(out)
}
