//! [`DeploymentSpec`] and the rollout strategy (`apps/v1`). Fields are declared in the byte
//! order of their wire names, the order `kubectl get -o yaml` prints them in.

use serde::{Deserialize, Serialize};

use crate::api::IntOrString;
use crate::api::pod::{PodTemplateSpec, is_default};
use crate::labels::LabelSelector;

/// `strategy.type` replacing pods gradually.
pub(crate) const ROLLING_UPDATE: &str = "RollingUpdate";
/// `strategy.type` removing every old pod before creating new ones.
pub(crate) const RECREATE: &str = "Recreate";

/// The desired state of a Deployment (`apps/v1.DeploymentSpec`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeploymentSpec {
    /// Seconds a new pod must be ready before it counts as available (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_ready_seconds: Option<i32>,
    /// A paused Deployment is not rolled out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused: Option<bool>,
    /// Seconds without progress before the rollout is reported failed (default 600).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress_deadline_seconds: Option<i32>,
    /// Desired pods (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    /// Old ReplicaSets kept for rollback (default 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision_history_limit: Option<i32>,
    /// The pods this Deployment owns; required, non-empty, must match the template's labels,
    /// immutable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    /// How old pods are replaced by new ones.
    #[serde(default, skip_serializing_if = "is_default")]
    pub strategy: DeploymentStrategy,
    /// The pods to run.
    #[serde(default, skip_serializing_if = "is_default")]
    pub template: PodTemplateSpec,
}

/// How a Deployment replaces pods (`apps/v1.DeploymentStrategy`).
///
/// ```
/// use kubelite::api::deployment::DeploymentStrategy;
/// let s = DeploymentStrategy::rolling_update(1, "25%");
/// assert_eq!(serde_json::to_string(&s)?, r#"{"rollingUpdate":{"maxSurge":1,"maxUnavailable":"25%"},"type":"RollingUpdate"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeploymentStrategy {
    /// Bounds of a rolling update; only with `type: RollingUpdate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rolling_update: Option<RollingUpdateDeployment>,
    /// `RollingUpdate` (default) or `Recreate`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
}

impl DeploymentStrategy {
    /// `type: Recreate`.
    pub fn recreate() -> Self {
        DeploymentStrategy {
            rolling_update: None,
            type_: Some(RECREATE.to_owned()),
        }
    }

    /// `type: RollingUpdate` with explicit bounds (numbers or percentages such as `"25%"`).
    pub fn rolling_update(
        max_surge: impl Into<IntOrString>,
        max_unavailable: impl Into<IntOrString>,
    ) -> Self {
        DeploymentStrategy {
            rolling_update: Some(RollingUpdateDeployment {
                max_surge: Some(max_surge.into()),
                max_unavailable: Some(max_unavailable.into()),
            }),
            type_: Some(ROLLING_UPDATE.to_owned()),
        }
    }
}

/// Bounds of a rolling update (`apps/v1.RollingUpdateDeployment`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RollingUpdateDeployment {
    /// Pods allowed above the desired count (percentages round up; default `25%`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_surge: Option<IntOrString>,
    /// Pods allowed to be unavailable (percentages round down; default `25%`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_unavailable: Option<IntOrString>,
}
