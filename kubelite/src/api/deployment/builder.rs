//! [`DeploymentBuilder`]: the Deployment `kubectl create deployment` sends, and more.

use super::{Deployment, DeploymentStrategy};
use crate::api::IntOrString;
use crate::api::Resource;
use crate::api::pod::{Container, ContainerPort, EnvVar, FirstContainer, Probe};
use crate::labels::{LabelSelector, Labels};
use crate::validation::Invalid;

/// Builds a [`Deployment`]; [`build`](DeploymentBuilder::build) applies the API server's
/// defaults and validates, so what it returns is what a cluster would store.
///
/// Without labels it does what `kubectl create deployment NAME` does: `app: NAME` on the
/// Deployment, as its selector and on the pod template. With [`label`](Self::label)s, those
/// labels go to all three instead (unless a [`selector`](Self::selector) is given).
/// [`image`](Self::image) may be repeated, one container per image (named as kubectl names
/// them); ports, environment variables, a command and readiness settings go to the first
/// container, as `--port` does.
///
/// ```
/// use kubelite::api::Deployment;
/// let d = Deployment::builder("kibana")
///     .image("kibana:7.6.1")
///     .port(5601)
///     .env("ELASTICSEARCH_HOSTS", "http://elasticsearch:9200")
///     .readiness_delay_seconds(10)
///     .build()?;
/// let c = &d.spec.template.spec.containers[0];
/// assert_eq!((c.name.as_str(), c.ports[0].container_port), ("kibana", 5601));
/// assert_eq!(c.readiness_probe.as_ref().and_then(|p| p.initial_delay_seconds), Some(10));
/// assert_eq!(d.spec.selector.as_ref().map(|s| s.to_string()).as_deref(), Some("app=kibana"));
///
/// let err = Deployment::builder("web").image("nginx").rolling_update(0, 0).build().unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "The Deployment \"web\" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0"
/// );
/// # Ok::<(), kubelite::validation::Invalid>(())
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct DeploymentBuilder {
    deployment: Deployment,
    labels: Labels,
    selector: Option<LabelSelector>,
    first: FirstContainer,
}

impl DeploymentBuilder {
    pub(crate) fn new(name: impl Into<String>) -> Self {
        let mut deployment = Deployment::default();
        deployment.metadata.name = Some(name.into());
        DeploymentBuilder {
            deployment,
            labels: Labels::new(),
            selector: None,
            first: FirstContainer::default(),
        }
    }

    /// The namespace (default `default`, as `kubectl` without `-n`).
    pub fn namespace(mut self, namespace: impl Into<String>) -> Self {
        self.deployment.metadata.namespace = Some(namespace.into());
        self
    }

    /// The desired number of pods (`--replicas`; default 1).
    pub fn replicas(mut self, replicas: u32) -> Self {
        self.deployment.spec.replicas = Some(i32::try_from(replicas).unwrap_or(i32::MAX));
        self
    }

    /// Adds a container running `image` (`--image`, repeatable).
    pub fn image(self, image: impl Into<String>) -> Self {
        self.container(Container::from_image(image))
    }

    /// Adds a container.
    pub fn container(mut self, container: Container) -> Self {
        self.deployment
            .spec
            .template
            .spec
            .containers
            .push(container);
        self
    }

    /// Declares an unnamed port on the first container (`--port`).
    pub fn port(mut self, port: u16) -> Self {
        self.first.ports.push(ContainerPort::new(port));
        self
    }

    /// Declares a named port on the first container (what a named `targetPort` resolves).
    pub fn named_port(mut self, name: impl Into<String>, port: u16) -> Self {
        self.first.ports.push(ContainerPort::new(port).named(name));
        self
    }

    /// Sets an environment variable on the first container.
    pub fn env(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.first.env.push(EnvVar::new(name, value));
        self
    }

    /// Sets the first container's entrypoint (`kubectl create deployment NAME --image=I -- CMD`).
    pub fn command<I, S>(mut self, command: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.first.command = Some(command.into_iter().map(Into::into).collect());
        self
    }

    /// Sets the first container's arguments (`kubectl create deployment NAME --image=I -- CMD
    /// ARGS...` puts them in `command`; this is the `args` of a manifest).
    ///
    /// ```
    /// use kubelite::api::Deployment;
    /// let d = Deployment::builder("web").image("nginx").args(["-g", "daemon off;"]).build()?;
    /// assert_eq!(d.spec.template.spec.containers[0].args, ["-g", "daemon off;"]);
    /// # Ok::<(), kubelite::validation::Invalid>(())
    /// ```
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.first.args = Some(args.into_iter().map(Into::into).collect());
        self
    }

    /// Adds a label to the Deployment and its pods (replacing the default `app: NAME`).
    pub fn label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.labels.insert(key, value);
        self
    }

    /// Adds labels to the Deployment and its pods.
    pub fn labels<K, V>(mut self, labels: impl IntoIterator<Item = (K, V)>) -> Self
    where
        K: Into<String>,
        V: Into<String>,
    {
        self.labels.extend(labels);
        self
    }

    /// Adds an annotation to the Deployment.
    pub fn annotation(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.deployment
            .metadata
            .annotations
            .insert(key.into(), value.into());
        self
    }

    /// Sets the selector (default: `matchLabels` of the labels).
    pub fn selector(mut self, selector: LabelSelector) -> Self {
        self.selector = Some(selector);
        self
    }

    /// Sets the first container's readiness probe.
    pub fn readiness_probe(mut self, probe: Probe) -> Self {
        self.first.readiness_probe = Some(probe);
        self
    }

    /// Makes the first container become ready `seconds` after it starts: sets the readiness
    /// probe's `initialDelaySeconds`, creating a probe if there is none (a TCP connect to the
    /// container's first port, or `exec: [true]` when it declares no port).
    pub fn readiness_delay_seconds(mut self, seconds: i32) -> Self {
        self.first.readiness_delay_seconds = Some(seconds);
        self
    }

    /// Replaces all pods at once (`type: Recreate`).
    pub fn strategy_recreate(mut self) -> Self {
        self.deployment.spec.strategy = DeploymentStrategy::recreate();
        self
    }

    /// Rolls pods over gradually within these bounds (numbers or percentages like `"25%"`).
    pub fn rolling_update(
        mut self,
        max_surge: impl Into<IntOrString>,
        max_unavailable: impl Into<IntOrString>,
    ) -> Self {
        self.deployment.spec.strategy =
            DeploymentStrategy::rolling_update(max_surge, max_unavailable);
        self
    }

    /// Old ReplicaSets to keep (default 10).
    pub fn revision_history_limit(mut self, limit: i32) -> Self {
        self.deployment.spec.revision_history_limit = Some(limit);
        self
    }

    /// Seconds a new pod must be ready before it counts as available.
    pub fn min_ready_seconds(mut self, seconds: i32) -> Self {
        self.deployment.spec.min_ready_seconds = Some(seconds);
        self
    }

    /// Seconds without progress before the rollout is reported failed (default 600).
    pub fn progress_deadline_seconds(mut self, seconds: i32) -> Self {
        self.deployment.spec.progress_deadline_seconds = Some(seconds);
        self
    }

    /// Pauses the rollout.
    pub fn paused(mut self, paused: bool) -> Self {
        self.deployment.spec.paused = Some(paused);
        self
    }

    /// Sets the pods' restart policy (a Deployment accepts only `Always`).
    pub fn restart_policy(mut self, policy: impl Into<String>) -> Self {
        self.deployment.spec.template.spec.restart_policy = Some(policy.into());
        self
    }

    /// Applies the API server's defaults and validates, as a create would.
    pub fn build(self) -> Result<Deployment, Invalid> {
        let DeploymentBuilder {
            mut deployment,
            mut labels,
            selector,
            first,
        } = self;
        if labels.is_empty() {
            labels.insert("app", deployment.metadata.name());
        }
        let spec = &mut deployment.spec;
        spec.selector = Some(selector.unwrap_or_else(|| LabelSelector {
            match_labels: labels.clone(),
            ..LabelSelector::default()
        }));
        spec.template.metadata.labels.extend(labels.iter());
        deployment.metadata.labels.extend(labels.iter());

        let containers = &mut deployment.spec.template.spec.containers;
        first.apply(containers);
        if deployment.metadata.namespace.is_none() {
            deployment.metadata.namespace = Some("default".to_owned());
        }
        deployment.apply_defaults();
        deployment.validate()?;
        Ok(deployment)
    }
}
