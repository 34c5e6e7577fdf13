//! kubectl's JSONPath templates (`kubectl get -o jsonpath=...`), client-go's dialect.
//!
//! A template is literal text with `{...}` actions: `{.items[*].metadata.name}`,
//! `{range .items[*]}{.metadata.name}{"\n"}{end}`. Parse once with [`JsonPath::parse`], render
//! any number of documents with [`JsonPath::render`] (or [`JsonPath::render_as_json`] for
//! `-o jsonpath-as-json`).
//!
//! ```
//! use kubelite::kubectl::jsonpath::JsonPath;
//!
//! let pods = serde_json::json!({
//!     "kind": "List",
//!     "items": [
//!         {"metadata": {"name": "a"}, "status": {"podIP": "172.17.0.5"}},
//!         {"metadata": {"name": "b"}, "status": {"podIP": "172.17.0.6"}},
//!     ],
//! });
//! let names = JsonPath::parse(r#"{range .items[*]}{.metadata.name}{"\n"}{end}"#)?;
//! assert_eq!(names.render(&pods)?, "a\nb\n");
//! # Ok::<(), kubelite::kubectl::jsonpath::JsonPathError>(())
//! ```
//!
//! # Behaviour kept from upstream
//!
//! Everything observable follows client-go (`util/jsonpath`) and cli-runtime's printer, quirks
//! included: the results of one action are joined by a single space; strings print raw,
//! numbers as Go prints them (`1`, `2.5`, `1e+06`), `null` as `null`, maps and lists as compact
//! Go JSON; integers compare with integer literals but floats do not (`incompatible types for
//! comparison`); a missing key prints nothing unless [`JsonPath::allow_missing_keys`] is turned
//! off; `{range}`/`{end}` pair up at run time, not at parse time.
//!
//! # Key order
//!
//! kubectl evaluates decoded Go maps, which have no order: it prints map keys sorted, and `*` and
//! `..` visit them in an unspecified order. This implementation sorts keys bytewise everywhere:
//! maps print as kubectl prints them, and `*`/`..` visit members in that same sorted order, so
//! output is deterministic (the input's own order, kept by `serde_json`'s `preserve_order`, is
//! not used).
//!
//! # Differences
//!
//! Upstream cases that crash or cannot be represented are handled instead: indexing the nil
//! root (a `null` document, or an empty range's dry run) yields nothing and prints as `null`
//! in JSON mode, where Go panics; a string literal whose escapes build invalid UTF-8 is
//! converted lossily; nesting beyond [`JsonPathError::NestedTooDeeply`]'s limits is an error.
//! Non-ASCII letters and digits in identifiers are classified by Rust's Unicode tables rather
//! than Go's. Like upstream, evaluation time is exponential in nested `{range}`s that lack an
//! `{end}`.

mod compare;
mod error;
mod eval;
mod gofloat;
mod gojson;
mod item;
mod node;
mod parser;
mod print;
mod unquote;

use std::fmt;
use std::str::FromStr;

use serde_json::Value;

pub use error::JsonPathError;
pub(crate) use gofloat::format_go_json as format_go_json_float;

/// A parsed JSONPath template, ready to render any number of documents.
///
/// Missing keys are allowed by default, as kubectl sets `--allow-missing-template-keys=true`.
#[derive(Clone, Debug, PartialEq)]
pub struct JsonPath {
    template: String,
    nodes: Vec<node::Node>,
    allow_missing_keys: bool,
}

impl JsonPath {
    /// Parses a template.
    ///
    /// ```
    /// use kubelite::kubectl::jsonpath::JsonPath;
    ///
    /// let path = JsonPath::parse("{.metadata.name}")?;
    /// assert_eq!(path.template(), "{.metadata.name}");
    ///
    /// let error = JsonPath::parse("{.metadata.name").unwrap_err();
    /// assert_eq!(error.to_string(), "unclosed action");
    /// # Ok::<(), kubelite::kubectl::jsonpath::JsonPathError>(())
    /// ```
    pub fn parse(template: &str) -> Result<JsonPath, JsonPathError> {
        Ok(JsonPath {
            template: template.to_owned(),
            nodes: parser::parse(template)?,
            allow_missing_keys: true,
        })
    }

    /// Chooses whether a missing key renders as nothing (`true`, the default) or fails with
    /// `<key> is not found` (`false`), like `--allow-missing-template-keys`.
    ///
    /// ```
    /// use kubelite::kubectl::jsonpath::JsonPath;
    ///
    /// let doc = serde_json::json!({"kind": "Pod"});
    /// let path = JsonPath::parse("before-{.hello}after")?;
    /// assert_eq!(path.render(&doc)?, "before-after");
    /// let strict = path.allow_missing_keys(false);
    /// assert_eq!(strict.render(&doc).unwrap_err().to_string(), "hello is not found");
    /// # Ok::<(), kubelite::kubectl::jsonpath::JsonPathError>(())
    /// ```
    #[must_use]
    pub fn allow_missing_keys(mut self, allow: bool) -> JsonPath {
        self.allow_missing_keys = allow;
        self
    }

    /// The template text this was parsed from.
    pub fn template(&self) -> &str {
        &self.template
    }

    /// Renders `data` as `kubectl -o jsonpath` prints it (no trailing newline is added).
    ///
    /// On error nothing is rendered, as kubectl evaluates the whole template before printing.
    ///
    /// ```
    /// use kubelite::kubectl::jsonpath::JsonPath;
    ///
    /// let node = serde_json::json!({
    ///     "metadata": {"name": "minikube", "labels": {"kubernetes.io/hostname": "minikube"}},
    ///     "status": {"capacity": {"cpu": "4", "pods": "110"}},
    /// });
    /// let path = JsonPath::parse(r"{.metadata.labels.kubernetes\.io/hostname} {.status.capacity}")?;
    /// assert_eq!(path.render(&node)?, r#"minikube {"cpu":"4","pods":"110"}"#);
    /// # Ok::<(), kubelite::kubectl::jsonpath::JsonPathError>(())
    /// ```
    pub fn render(&self, data: &Value) -> Result<String, JsonPathError> {
        let results = eval::find_results(&self.nodes, data, self.allow_missing_keys)?;
        let mut out = String::new();
        for result in &results {
            print::write_text(&mut out, result);
        }
        Ok(out)
    }

    /// Renders `data` as `kubectl -o jsonpath-as-json` prints it: the results of each action
    /// (and of each piece of literal text) as a JSON array indented by four spaces, each
    /// followed by a newline.
    ///
    /// ```
    /// use kubelite::kubectl::jsonpath::JsonPath;
    ///
    /// let list = serde_json::json!({"items": [{"metadata": {"name": "a"}}, {"metadata": {"name": "b"}}]});
    /// let path = JsonPath::parse("{.items[*].metadata.name}")?;
    /// assert_eq!(path.render_as_json(&list)?, "[\n    \"a\",\n    \"b\"\n]\n");
    /// # Ok::<(), kubelite::kubectl::jsonpath::JsonPathError>(())
    /// ```
    pub fn render_as_json(&self, data: &Value) -> Result<String, JsonPathError> {
        let results = eval::find_results(&self.nodes, data, self.allow_missing_keys)?;
        let mut out = String::new();
        for result in &results {
            print::write_json(&mut out, result);
        }
        Ok(out)
    }
}

impl JsonPath {
    /// Every value the template finds, each as Go's `%v` prints it: the cells of
    /// `-o custom-columns`.
    pub(crate) fn values(&self, data: &Value) -> Result<Vec<String>, JsonPathError> {
        let results = eval::find_results(&self.nodes, data, self.allow_missing_keys)?;
        Ok(results
            .into_iter()
            .flatten()
            .map(print::go_sprint)
            .collect())
    }
}

impl FromStr for JsonPath {
    type Err = JsonPathError;

    fn from_str(template: &str) -> Result<Self, Self::Err> {
        JsonPath::parse(template)
    }
}

impl fmt::Display for JsonPath {
    /// Shows the template text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.template)
    }
}
