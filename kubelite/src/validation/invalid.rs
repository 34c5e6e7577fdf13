use std::fmt;

use super::field::{ErrorList, FieldError};

/// An object the API server rejected as invalid (HTTP 422, reason `Invalid`), with every field
/// error found.
///
/// `Display` is what kubectl prints: one cause on the same line, several as a `*` list.
///
/// ```
/// use kubelite::validation::{FieldError, FieldPath, Invalid};
/// let err = Invalid::new("Service", "", "x", vec![FieldError::invalid(
///     FieldPath::new("spec").child("ports").index(0).child("port"),
///     0,
///     "must be between 1 and 65535, inclusive",
/// )]);
/// assert_eq!(
///     err.to_string(),
///     "The Service \"x\" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive"
/// );
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Invalid {
    /// The kind (`Service`, `Deployment`).
    pub kind: String,
    /// The API group (`""` for core, `apps`, `networking.k8s.io`).
    pub group: String,
    /// The object's name as submitted.
    pub name: String,
    /// Every field error, in the order found.
    pub causes: ErrorList,
}

impl Invalid {
    /// An invalid-object error.
    pub fn new(kind: &str, group: &str, name: &str, causes: ErrorList) -> Self {
        Invalid {
            kind: kind.to_owned(),
            group: group.to_owned(),
            name: name.to_owned(),
            causes,
        }
    }

    /// `Ok(())` when `causes` is empty, else the error.
    pub fn check(kind: &str, group: &str, name: &str, causes: ErrorList) -> Result<(), Invalid> {
        if causes.is_empty() {
            Ok(())
        } else {
            Err(Invalid::new(kind, group, name, causes))
        }
    }

    /// The API server's own message (the `message` of its Status), e.g.
    /// `Service "x" is invalid: [spec.ports: Required value, ...]`.
    pub fn apiserver_message(&self) -> String {
        let kind = if self.group.is_empty() {
            self.kind.clone()
        } else {
            format!("{}.{}", self.kind, self.group)
        };
        let mut seen: Vec<String> = Vec::new();
        for c in &self.causes {
            let s = c.to_string();
            if !seen.contains(&s) {
                seen.push(s);
            }
        }
        let body = match seen.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            many => format!("[{}]", many.join(", ")),
        };
        format!("{kind} {} is invalid: {body}", super::go_quote(&self.name))
    }

    /// The field errors.
    pub fn causes(&self) -> &[FieldError] {
        &self.causes
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let prefix = format!(
            "The {} {} is invalid",
            self.kind,
            super::go_quote(&self.name)
        );
        match self.causes.as_slice() {
            [] => f.write_str(&prefix),
            [one] => write!(f, "{prefix}: {one}"),
            many => {
                write!(f, "{prefix}:")?;
                for c in many {
                    write!(f, "\n* {c}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Invalid {}
