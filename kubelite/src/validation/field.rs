//! Field errors in the API server's shape (`k8s.io/apimachinery/pkg/util/validation/field`).

pub use kubelite_rules::go_quote;
use std::fmt;

/// A path to a field, rendered as upstream renders it: `spec.ports[0].port`,
/// `metadata.labels[app]`.
///
/// ```
/// use kubelite::validation::FieldPath;
/// let p = FieldPath::new("spec").child("ports").index(0).child("port");
/// assert_eq!(p.to_string(), "spec.ports[0].port");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct FieldPath(String);

impl FieldPath {
    /// A root path (`spec`, `metadata`, ...).
    pub fn new(root: &str) -> Self {
        FieldPath(root.to_owned())
    }

    /// `path.name`.
    pub fn child(&self, name: &str) -> Self {
        if self.0.is_empty() {
            FieldPath(name.to_owned())
        } else {
            self.extended(&[".", name])
        }
    }

    /// `path[i]`.
    pub fn index(&self, i: usize) -> Self {
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        let mut n = i;
        loop {
            at -= 1;
            if let Some(d) = digits.get_mut(at) {
                *d = b'0' + (n % 10) as u8;
            }
            n /= 10;
            if n == 0 || at == 0 {
                break;
            }
        }
        let number = digits
            .get(at..)
            .and_then(|d| std::str::from_utf8(d).ok())
            .unwrap_or("0");
        self.extended(&["[", number, "]"])
    }

    /// `path[key]` (map keys are not quoted upstream).
    pub fn key(&self, key: &str) -> Self {
        self.extended(&["[", key, "]"])
    }

    /// This path with `parts` appended. Validation builds a path for every field it checks,
    /// error or not, so this is on the path of every write: plain appends, not `format!`.
    fn extended(&self, parts: &[&str]) -> Self {
        let len = self.0.len() + parts.iter().map(|p| p.len()).sum::<usize>();
        let mut path = String::with_capacity(len);
        path.push_str(&self.0);
        for part in parts {
            path.push_str(part);
        }
        FieldPath(path)
    }

    /// The rendered path.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The kind of a field error; `Display` is upstream's wording (`Invalid value`, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorType {
    /// `Not found`.
    NotFound,
    /// `Required value`.
    Required,
    /// `Duplicate value`.
    Duplicate,
    /// `Invalid value`.
    Invalid,
    /// `Unsupported value`.
    NotSupported,
    /// `Forbidden`.
    Forbidden,
    /// `Too long`.
    TooLong,
    /// `Too many`.
    TooMany,
    /// `Internal error`.
    Internal,
}

impl fmt::Display for ErrorType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ErrorType::NotFound => "Not found",
            ErrorType::Required => "Required value",
            ErrorType::Duplicate => "Duplicate value",
            ErrorType::Invalid => "Invalid value",
            ErrorType::NotSupported => "Unsupported value",
            ErrorType::Forbidden => "Forbidden",
            ErrorType::TooLong => "Too long",
            ErrorType::TooMany => "Too many",
            ErrorType::Internal => "Internal error",
        })
    }
}

/// The offending value of a field error, printed as the API server prints it: strings
/// Go-quoted, numbers and booleans bare, structured values as compact JSON.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum BadValue {
    /// No value is shown.
    Omitted,
    /// A string, shown Go-quoted (`"My_Svc"`).
    String(String),
    /// An integer, shown bare.
    Int(i64),
    /// A boolean, shown bare.
    Bool(bool),
    /// A map, list or object, shown as compact JSON (`{"app":"web"}`).
    Json(serde_json::Value),
}

impl From<&str> for BadValue {
    fn from(s: &str) -> Self {
        BadValue::String(s.to_owned())
    }
}
impl From<String> for BadValue {
    fn from(s: String) -> Self {
        BadValue::String(s)
    }
}
impl From<&String> for BadValue {
    fn from(s: &String) -> Self {
        BadValue::String(s.clone())
    }
}
impl From<i64> for BadValue {
    fn from(v: i64) -> Self {
        BadValue::Int(v)
    }
}
impl From<i32> for BadValue {
    fn from(v: i32) -> Self {
        BadValue::Int(v.into())
    }
}
impl From<u16> for BadValue {
    fn from(v: u16) -> Self {
        BadValue::Int(v.into())
    }
}
impl From<u32> for BadValue {
    fn from(v: u32) -> Self {
        BadValue::Int(v.into())
    }
}
impl From<bool> for BadValue {
    fn from(v: bool) -> Self {
        BadValue::Bool(v)
    }
}
impl From<Box<serde_json::Value>> for BadValue {
    fn from(v: Box<serde_json::Value>) -> Self {
        BadValue::Json(*v)
    }
}
impl From<serde_json::Value> for BadValue {
    fn from(v: serde_json::Value) -> Self {
        BadValue::Json(v)
    }
}

impl fmt::Display for BadValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BadValue::Omitted => Ok(()),
            BadValue::String(s) => f.write_str(&go_quote(s)),
            BadValue::Int(i) => write!(f, "{i}"),
            BadValue::Bool(b) => write!(f, "{b}"),
            BadValue::Json(v) => write!(f, "{v}"),
        }
    }
}

/// One validation failure: a field, what is wrong, the bad value and a detail.
///
/// `Display` is upstream's `field.Error.Error()`:
/// ```
/// use kubelite::validation::{FieldError, FieldPath};
/// let e = FieldError::invalid(
///     FieldPath::new("spec").child("ports").index(0).child("port"),
///     0,
///     "must be between 1 and 65535, inclusive",
/// );
/// assert_eq!(
///     e.to_string(),
///     "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive"
/// );
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct FieldError {
    /// What is wrong.
    pub kind: ErrorType,
    /// Where.
    pub field: FieldPath,
    /// The offending value.
    pub value: BadValue,
    /// Why, in upstream's words.
    pub detail: String,
}

impl FieldError {
    fn new(kind: ErrorType, field: FieldPath, value: BadValue, detail: impl Into<String>) -> Self {
        FieldError {
            kind,
            field,
            value,
            detail: detail.into(),
        }
    }

    /// `Invalid value: <value>: <detail>`.
    pub fn invalid(
        field: FieldPath,
        value: impl Into<BadValue>,
        detail: impl Into<String>,
    ) -> Self {
        Self::new(ErrorType::Invalid, field, value.into(), detail)
    }

    /// `Required value[: <detail>]`.
    pub fn required(field: FieldPath, detail: impl Into<String>) -> Self {
        Self::new(ErrorType::Required, field, BadValue::Omitted, detail)
    }

    /// `Duplicate value: <value>`.
    pub fn duplicate(field: FieldPath, value: impl Into<BadValue>) -> Self {
        Self::new(ErrorType::Duplicate, field, value.into(), "")
    }

    /// `Forbidden[: <detail>]`.
    pub fn forbidden(field: FieldPath, detail: impl Into<String>) -> Self {
        Self::new(ErrorType::Forbidden, field, BadValue::Omitted, detail)
    }

    /// `Not found: <value>`.
    pub fn not_found(field: FieldPath, value: impl Into<BadValue>) -> Self {
        Self::new(ErrorType::NotFound, field, value.into(), "")
    }

    /// `Too long[: <detail>]`.
    pub fn too_long(field: FieldPath, detail: impl Into<String>) -> Self {
        Self::new(ErrorType::TooLong, field, BadValue::Omitted, detail)
    }

    /// `Unsupported value: <value>: supported values: "A", "B"`.
    pub fn not_supported(field: FieldPath, value: impl Into<BadValue>, supported: &[&str]) -> Self {
        let detail = if supported.is_empty() {
            String::new()
        } else {
            let quoted: Vec<String> = supported.iter().map(|s| go_quote(s)).collect();
            format!("supported values: {}", quoted.join(", "))
        };
        Self::new(ErrorType::NotSupported, field, value.into(), detail)
    }

    /// The message after the field path (`Invalid value: 0: must be ...`), upstream's
    /// `ErrorBody()`.
    pub fn body(&self) -> String {
        let mut s = self.kind.to_string();
        let shows_value = !matches!(
            self.kind,
            ErrorType::Required | ErrorType::Forbidden | ErrorType::TooLong | ErrorType::Internal
        ) && self.value != BadValue::Omitted;
        if shows_value {
            s.push_str(": ");
            s.push_str(&self.value.to_string());
        }
        if !self.detail.is_empty() {
            s.push_str(": ");
            s.push_str(&self.detail);
        }
        s
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.body())
    }
}

impl std::error::Error for FieldError {}

/// All field errors of one object, in the order the validators found them.
pub type ErrorList = Vec<FieldError>;

#[cfg(test)]
mod tests {
    use super::FieldPath;

    #[test]
    fn paths_render_as_upstream() {
        let spec = FieldPath::new("spec");
        assert_eq!(
            spec.child("containers").index(0).as_str(),
            "spec.containers[0]"
        );
        assert_eq!(spec.index(12_345).as_str(), "spec[12345]");
        assert_eq!(
            spec.index(usize::MAX).as_str(),
            format!("spec[{}]", usize::MAX)
        );
        assert_eq!(spec.key("app").child("x").as_str(), "spec[app].x");
        assert_eq!(FieldPath::new("").child("metadata").as_str(), "metadata");
    }
}
