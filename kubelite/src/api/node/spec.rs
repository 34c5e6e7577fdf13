//! [`NodeSpec`] and [`Taint`].

use serde::{Deserialize, Serialize};

use crate::meta::Time;

/// `spec` of a Node (`core/v1 NodeSpec`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NodeSpec {
    /// Deprecated dynamic kubelet configuration source (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_source: Option<Box<serde_json::Value>>,
    /// Deprecated external ID.
    #[serde(
        rename = "externalID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub external_id: Option<String>,
    /// The node's pod IP range (first of `podCIDRs`).
    #[serde(rename = "podCIDR", default, skip_serializing_if = "Option::is_none")]
    pub pod_cidr: Option<String>,
    /// The node's pod IP ranges, at most one per IP family.
    #[serde(
        rename = "podCIDRs",
        default,
        deserialize_with = "crate::api::service::nullable::vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub pod_cidrs: Vec<String>,
    /// Pod preemption settings (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_preemption_policy: Option<Box<serde_json::Value>>,
    /// The cloud provider's ID for the node.
    #[serde(
        rename = "providerID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub provider_id: Option<String>,
    /// Taints that repel pods without matching tolerations.
    #[serde(
        default,
        deserialize_with = "crate::api::service::nullable::vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub taints: Vec<Taint>,
    /// Cordoned: no new pods are scheduled here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unschedulable: Option<bool>,
}

/// A taint (`core/v1 Taint`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Taint {
    /// `NoSchedule`, `PreferNoSchedule` or `NoExecute`.
    #[serde(default)]
    pub effect: String,
    /// The taint key (a label key).
    #[serde(default)]
    pub key: String,
    /// When a `NoExecute` taint was added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_added: Option<Time>,
    /// The taint value (a label value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}
