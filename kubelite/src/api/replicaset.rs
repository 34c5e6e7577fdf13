//! ReplicaSets: [`ReplicaSet`] and its wire types (`apps/v1`). Deployments create them; a
//! ReplicaSet keeps `replicas` pods matching its selector alive.

use serde::{Deserialize, Serialize};

use crate::api::WireField;
use crate::api::pod::{PodTemplateSpec, is_default};
use crate::labels::LabelSelector;
use crate::meta::Time;
use crate::validation::{ErrorList, NameRule};

resource! {
    /// A ReplicaSet: keeps `replicas` pods stamped from its template running.
    ///
    /// `apply_defaults` sets `replicas: 1` and the pod template's defaults; validation runs
    /// on a defaulted copy, as the API server validates after defaulting.
    ///
    /// ```
    /// use kubelite::api::ReplicaSet;
    /// use kubelite::api::pod::{Container, PodSpec, PodTemplateSpec};
    /// use kubelite::labels::LabelSelector;
    /// let template = PodTemplateSpec::new(PodSpec::with_containers([Container::from_image("nginx")]))
    ///     .label("app", "web");
    /// let rs = ReplicaSet::new("web-5486cd5cd5", 3, LabelSelector::match_labels([("app", "web")]), template);
    /// assert_eq!(rs.metadata.labels.get("app"), Some("web"));
    /// # use kubelite::api::Resource;
    /// let mut rs = rs;
    /// rs.metadata.namespace = Some("default".into());
    /// assert!(rs.validate().is_ok());
    /// ```
    pub struct ReplicaSet {
        api_version: "apps/v1",
        group: "apps",
        kind: "ReplicaSet",
        plural: "replicasets",
        namespaced: true,
        name_rule: NameRule::Dns1123Subdomain,
        validate: validate,
        defaults: defaults,
        fields: {
            /// The desired state.
            spec: ReplicaSetSpec => "spec",
            /// The observed state.
            status: ReplicaSetStatus => "status",
        }
    }
}

impl ReplicaSet {
    /// A ReplicaSet as a controller creates one: labelled with its template's labels, no
    /// namespace yet (the owner's is used).
    pub fn new(
        name: impl Into<String>,
        replicas: i32,
        selector: LabelSelector,
        template: PodTemplateSpec,
    ) -> Self {
        let mut rs = ReplicaSet::default();
        rs.metadata.name = Some(name.into());
        rs.metadata.labels = template.metadata.labels.clone();
        rs.spec = ReplicaSetSpec {
            min_ready_seconds: None,
            replicas: Some(replicas),
            selector: Some(selector),
            template,
        };
        rs
    }
}

fn validate(rs: &ReplicaSet) -> ErrorList {
    let mut rs = rs.clone();
    defaults(&mut rs);
    crate::validation::validate_replica_set_spec(&rs.spec)
}

/// `SetDefaults_ReplicaSet` plus the pod template's.
fn defaults(rs: &mut ReplicaSet) {
    rs.spec.replicas.get_or_insert(1);
    rs.spec.template.apply_defaults();
}

/// The desired state of a ReplicaSet (`apps/v1.ReplicaSetSpec`), in wire-name order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReplicaSetSpec {
    /// Seconds a new pod must be ready before it counts as available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_ready_seconds: Option<i32>,
    /// Desired pods (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    /// The pods this ReplicaSet owns; required, non-empty, must match the template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    /// The pods to run.
    #[serde(default, skip_serializing_if = "is_default")]
    pub template: PodTemplateSpec,
}

/// The observed state of a ReplicaSet (`apps/v1.ReplicaSetStatus`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReplicaSetStatus {
    /// Pods ready for at least `minReadySeconds`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_replicas: Option<i32>,
    /// `ReplicaFailure`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<ReplicaSetCondition>,
    /// Pods whose labels match the template's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fully_labeled_replicas: Option<i32>,
    /// The generation the controller last acted on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
    /// Pods with a `Ready` condition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready_replicas: Option<i32>,
    /// Non-terminating pods. Always printed, as upstream prints it.
    #[serde(default)]
    pub replicas: i32,
    /// Pods being deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminating_replicas: Option<i32>,
}

/// One aspect of a ReplicaSet's state (`apps/v1.ReplicaSetCondition`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReplicaSetCondition {
    /// When `status` last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_transition_time: Option<Time>,
    /// Details for humans.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// A brief CamelCase reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// `True`, `False` or `Unknown`.
    #[serde(default)]
    pub status: String,
    /// `ReplicaFailure`.
    #[serde(rename = "type", default)]
    pub type_: String,
}

impl WireField for ReplicaSetSpec {
    fn is_absent(&self) -> bool {
        is_default(self)
    }
}

impl WireField for ReplicaSetStatus {
    fn is_absent(&self) -> bool {
        is_default(self)
    }
}
