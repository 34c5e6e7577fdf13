//! Deployments: [`Deployment`], its wire types ([`DeploymentSpec`], [`DeploymentStrategy`],
//! [`DeploymentStatus`], ...) and [`DeploymentBuilder`], which builds what
//! `kubectl create deployment` sends.

mod builder;
mod spec;
mod status;

pub use builder::DeploymentBuilder;
pub use spec::{DeploymentSpec, DeploymentStrategy, RollingUpdateDeployment};
pub use status::{DeploymentCondition, DeploymentStatus};

use crate::api::pod::is_default;
use crate::api::{IntOrString, WireField};
use crate::validation::{ErrorList, NameRule};

resource! {
    /// A Deployment: a pod template, a replica count and a rollout strategy; the Deployment
    /// controller runs it through ReplicaSets.
    ///
    /// `apply_defaults` fills in what the API server does on create (`replicas: 1`,
    /// `RollingUpdate` 25%/25%, `revisionHistoryLimit: 10`, `progressDeadlineSeconds: 600`
    /// and the pod template's defaults); validation runs on a defaulted copy, as the API
    /// server validates after defaulting.
    ///
    /// ```
    /// use kubelite::api::Deployment;
    /// let d = Deployment::builder("echo-minikube")
    ///     .image("k8s.gcr.io/echoserver:1.4")
    ///     .replicas(2)
    ///     .build()?;
    /// assert_eq!(d.spec.replicas, Some(2));
    /// assert_eq!(d.spec.template.metadata.labels.get("app"), Some("echo-minikube"));
    /// # Ok::<(), kubelite::validation::Invalid>(())
    /// ```
    pub struct Deployment {
        api_version: "apps/v1",
        group: "apps",
        kind: "Deployment",
        plural: "deployments",
        namespaced: true,
        name_rule: NameRule::Dns1123Subdomain,
        validate: validate,
        defaults: defaults,
        fields: {
            /// The desired state.
            spec: DeploymentSpec => "spec",
            /// The observed state.
            status: DeploymentStatus => "status",
        }
    }
}

impl Deployment {
    /// Starts a [`DeploymentBuilder`].
    pub fn builder(name: impl Into<String>) -> DeploymentBuilder {
        DeploymentBuilder::new(name)
    }
}

fn validate(deployment: &Deployment) -> ErrorList {
    let mut d = deployment.clone();
    defaults(&mut d);
    crate::validation::validate_deployment_spec(&d.spec)
}

/// `SetDefaults_Deployment` (`pkg/apis/apps/v1/defaults.go`) plus the pod template's.
fn defaults(d: &mut Deployment) {
    let spec = &mut d.spec;
    spec.replicas.get_or_insert(1);
    let strategy = &mut spec.strategy;
    if strategy.type_.as_deref().is_none_or(str::is_empty) {
        strategy.type_ = Some(spec::ROLLING_UPDATE.to_owned());
    }
    if strategy.type_.as_deref() == Some(spec::ROLLING_UPDATE) {
        let rolling = strategy.rolling_update.get_or_insert_with(Default::default);
        rolling
            .max_unavailable
            .get_or_insert_with(|| IntOrString::from("25%"));
        rolling
            .max_surge
            .get_or_insert_with(|| IntOrString::from("25%"));
    }
    spec.revision_history_limit.get_or_insert(10);
    spec.progress_deadline_seconds.get_or_insert(600);
    spec.template.apply_defaults();
}

impl WireField for DeploymentSpec {
    fn is_absent(&self) -> bool {
        is_default(self)
    }
}

impl WireField for DeploymentStatus {
    fn is_absent(&self) -> bool {
        is_default(self)
    }
}
