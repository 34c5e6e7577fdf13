//! The one place kubelite talks to its YAML library (`serde-saphyr`), so the backend can be
//! swapped without touching anything else.
//!
//! ```
//! let doc: serde_json::Value = kubelite::yaml::from_str("port: 8080\n")?;
//! assert_eq!(doc["port"], 8080);
//! assert_eq!(kubelite::yaml::to_string(&doc)?, "port: 8080\n");
//! # Ok::<(), kubelite::yaml::YamlError>(())
//! ```

use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// A YAML document that could not be read or written, with its position when known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    message: String,
    line: Option<u64>,
    column: Option<u64>,
}

impl YamlError {
    /// What is wrong, without the position.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The 1-based line, when known.
    pub fn line(&self) -> Option<u64> {
        self.line
    }

    /// The 1-based column, when known.
    pub fn column(&self) -> Option<u64> {
        self.column
    }

    pub(crate) fn shifted(mut self, lines: u64) -> Self {
        self.line = self.line.map(|l| l + lines);
        self
    }

    fn from_de(e: &serde_saphyr::Error) -> Self {
        let location = e.location();
        let mut message = e.without_snippet().to_string();
        // The backend appends " at line L, column C"; the position is kept in fields instead.
        if let Some(at) = message.rfind(" at line ") {
            message.truncate(at);
        }
        // The backend's advice names its own options, which mean nothing to our users.
        if let Some(at) = message.find(", set DuplicateKeyPolicy") {
            message.truncate(at);
        }
        YamlError {
            message,
            line: location.map(|l| l.line()),
            column: location.map(|l| l.column()),
        }
    }
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "line {l}, column {c}: {}", self.message),
            (Some(l), None) => write!(f, "line {l}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for YamlError {}

/// Reads one YAML document into `T`.
pub fn from_str<T: DeserializeOwned>(input: &str) -> Result<T, YamlError> {
    serde_saphyr::from_str_with_options(input, options()).map_err(|e| YamlError::from_de(&e))
}

/// Kubernetes reads YAML as YAML 1.1 (`sigs.k8s.io/yaml` over go-yaml v2): `0644` is the
/// octal 420 a `defaultMode` means, and `yes`/`no` are booleans.
fn options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    options.legacy_octal_numbers = true;
    options
}

/// Writes `value` as one YAML document in the block style kubectl prints (lists not
/// indented under their key, strings quoted only where YAML needs it).
pub fn to_string<T: Serialize>(value: &T) -> Result<String, YamlError> {
    serde_saphyr::to_string(value).map_err(|e| YamlError {
        message: e.to_string(),
        line: None,
        column: None,
    })
}

/// One document of a multi-document stream: its text and the 0-based line it starts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DocumentText<'a> {
    /// The document's text (without its `---` marker line).
    pub text: &'a str,
    /// The 0-based line of the input where `text` starts.
    pub first_line: u64,
}

/// Splits a stream at its `---` / `...` marker lines (which YAML only allows at column 0).
pub fn split_documents(input: &str) -> Vec<DocumentText<'_>> {
    let mut docs = Vec::new();
    let mut start = 0;
    let mut start_line = 0;
    let mut offset = 0;
    for (line_no, line) in (0u64..).zip(input.split_inclusive('\n')) {
        let content = line.trim_end_matches(['\n', '\r']);
        let is_marker = |m: &str| {
            content.strip_prefix(m).is_some_and(|rest| {
                rest.is_empty() || rest.starts_with(' ') || rest.starts_with('\t')
            })
        };
        if is_marker("---") || is_marker("...") {
            docs.push(DocumentText {
                text: &input[start..offset],
                first_line: start_line,
            });
            start = offset + line.len();
            start_line = line_no + 1;
        }
        offset += line.len();
    }
    docs.push(DocumentText {
        text: &input[start..],
        first_line: start_line,
    });
    docs
}

/// Where in `text` the typed decoding of `T` fails, if the YAML backend can say.
pub(crate) fn error_location<T: DeserializeOwned>(text: &str) -> Option<(u64, u64)> {
    match serde_saphyr::from_str_with_options::<T>(text, options()) {
        Ok(_) => None,
        Err(e) => e.location().map(|l| (l.line(), l.column())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_markers_only_at_column_zero() {
        let docs = split_documents("a: 1\n---\nb: |\n  ---\n--- # c\nc: 3\n...\n");
        let texts: Vec<_> = docs.iter().map(|d| (d.text, d.first_line)).collect();
        assert_eq!(
            texts,
            vec![("a: 1\n", 0), ("b: |\n  ---\n", 2), ("c: 3\n", 5), ("", 7)]
        );
    }

    #[test]
    fn errors_carry_positions() {
        let err = from_str::<serde_json::Value>("a: 1\na: 2\n").unwrap_err();
        assert_eq!(err.line(), Some(2));
        assert!(
            err.to_string()
                .starts_with("line 2, column 1: duplicate mapping key"),
            "{err}"
        );
    }
}
