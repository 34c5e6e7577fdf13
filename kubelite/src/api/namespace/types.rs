//! [`NamespaceSpec`] and [`NamespaceStatus`].

use serde::{Deserialize, Serialize};

use crate::meta::Time;

/// `spec` of a Namespace.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NamespaceSpec {
    /// Finalizers that must be removed before the namespace is deleted (`kubernetes`).
    #[serde(
        default,
        deserialize_with = "crate::api::service::nullable::vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub finalizers: Vec<String>,
}

/// `status` of a Namespace.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NamespaceStatus {
    /// Conditions reported while terminating.
    #[serde(
        default,
        deserialize_with = "crate::api::service::nullable::vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub conditions: Vec<NamespaceCondition>,
    /// `Active` or `Terminating`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
}

/// A condition of a Namespace (`core/v1 NamespaceCondition`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NamespaceCondition {
    /// When the status last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_transition_time: Option<Time>,
    /// Human-readable details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// CamelCase reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// `True`, `False` or `Unknown`.
    #[serde(default)]
    pub status: String,
    /// The condition type (`NamespaceDeletionContentFailure`, ...).
    #[serde(rename = "type", default)]
    pub type_: String,
}
