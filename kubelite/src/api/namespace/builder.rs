//! [`NamespaceBuilder`].

use super::Namespace;
use crate::api::Resource;
use crate::meta::ObjectMeta;
use crate::validation::Invalid;

/// Builds a [`Namespace`]; start with [`Namespace::builder`].
///
/// ```
/// use kubelite::api::Namespace;
/// let err = Namespace::builder("My_Team").build().unwrap_err();
/// assert!(err.to_string().starts_with(
///     "The Namespace \"My_Team\" is invalid: metadata.name: Invalid value: \"My_Team\": a lowercase RFC 1123 label"
/// ));
/// ```
#[derive(Clone, Debug)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct NamespaceBuilder {
    ns: Namespace,
}

impl Namespace {
    /// Starts building a Namespace named `name`.
    pub fn builder(name: impl Into<String>) -> NamespaceBuilder {
        NamespaceBuilder {
            ns: Namespace {
                metadata: ObjectMeta::named(name),
                ..Namespace::default()
            },
        }
    }
}

impl NamespaceBuilder {
    /// Adds a label (NetworkPolicy `namespaceSelector`s match these).
    pub fn label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.ns.metadata.labels.insert(key, value);
        self
    }

    /// Adds an annotation.
    pub fn annotation(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.ns
            .metadata
            .annotations
            .insert(key.into(), value.into());
        self
    }

    /// Applies the server's defaults (name label, `kubernetes` finalizer, phase `Active`)
    /// and validates.
    pub fn build(self) -> Result<Namespace, Invalid> {
        let mut ns = self.ns;
        ns.apply_defaults();
        ns.validate()?;
        Ok(ns)
    }
}
