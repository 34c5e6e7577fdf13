//! [`PodBuilder`]: a Pod the way `kubectl run` or a hand-written manifest makes one.

use super::{Container, ContainerPort, EnvVar, Pod, Probe};
use crate::api::Resource;
use crate::validation::Invalid;

/// Builds a [`Pod`]; [`build`](PodBuilder::build) applies the API server's defaults and
/// validates, so what it returns is what a cluster would store.
///
/// Ports, environment variables, a command and a readiness probe given to the builder go to
/// the first container, as `kubectl run --port/--env` put them.
///
/// ```
/// use kubelite::api::Pod;
/// let pod = Pod::builder("web")
///     .namespace("shop")
///     .label("app", "web")
///     .image("nginx:1.27")
///     .named_port("http", 80)
///     .env("MODE", "prod")
///     .node_name("minikube")
///     .build()?;
/// assert_eq!(pod.spec.containers[0].name, "nginx");
/// assert_eq!(pod.spec.containers[0].ports[0].protocol.as_deref(), Some("TCP"));
/// assert_eq!(pod.spec.node_name.as_deref(), Some("minikube"));
///
/// let err = Pod::builder("empty").build().unwrap_err();
/// assert_eq!(err.to_string(), "The Pod \"empty\" is invalid: spec.containers: Required value");
/// # Ok::<(), kubelite::validation::Invalid>(())
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct PodBuilder {
    pod: Pod,
    first: FirstContainer,
}

/// What the builder puts on the first container at `build()`.
#[derive(Clone, Debug, Default)]
pub(crate) struct FirstContainer {
    pub(crate) ports: Vec<ContainerPort>,
    pub(crate) env: Vec<EnvVar>,
    pub(crate) command: Option<Vec<String>>,
    pub(crate) args: Option<Vec<String>>,
    pub(crate) readiness_probe: Option<Probe>,
    pub(crate) readiness_delay_seconds: Option<i32>,
}

impl FirstContainer {
    pub(crate) fn apply(self, containers: &mut [Container]) {
        let Some(first) = containers.first_mut() else {
            return;
        };
        first.ports.extend(self.ports);
        first.env.extend(self.env);
        if let Some(command) = self.command {
            first.command = command;
        }
        if let Some(args) = self.args {
            first.args = args;
        }
        if self.readiness_probe.is_some() {
            first.readiness_probe = self.readiness_probe;
        }
        if let Some(seconds) = self.readiness_delay_seconds {
            let probe = first
                .readiness_probe
                .get_or_insert_with(|| match first.ports.first() {
                    Some(p) => Probe {
                        tcp_socket: Some(Box::new(serde_json::json!({ "port": p.container_port }))),
                        ..Probe::default()
                    },
                    None => Probe::exec(["true"]),
                });
            probe.initial_delay_seconds = Some(seconds);
        }
    }
}

impl PodBuilder {
    pub(crate) fn new(name: impl Into<String>) -> Self {
        let mut pod = Pod::default();
        pod.metadata.name = Some(name.into());
        PodBuilder {
            pod,
            first: FirstContainer::default(),
        }
    }

    /// The namespace (default `default`, as `kubectl` without `-n`).
    pub fn namespace(mut self, namespace: impl Into<String>) -> Self {
        self.pod.metadata.namespace = Some(namespace.into());
        self
    }

    /// Adds a label.
    pub fn label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.pod.metadata.labels.insert(key, value);
        self
    }

    /// Adds labels.
    pub fn labels<K, V>(mut self, labels: impl IntoIterator<Item = (K, V)>) -> Self
    where
        K: Into<String>,
        V: Into<String>,
    {
        self.pod.metadata.labels.extend(labels);
        self
    }

    /// Adds an annotation.
    pub fn annotation(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.pod
            .metadata
            .annotations
            .insert(key.into(), value.into());
        self
    }

    /// Adds a container.
    pub fn container(mut self, container: Container) -> Self {
        self.pod.spec.containers.push(container);
        self
    }

    /// Adds a container running `image`, named from the image as kubectl names it
    /// ([`container_name_from_image`](super::container_name_from_image)).
    pub fn image(self, image: impl Into<String>) -> Self {
        self.container(Container::from_image(image))
    }

    /// Declares an unnamed TCP port on the first container.
    pub fn port(mut self, port: u16) -> Self {
        self.first.ports.push(ContainerPort::new(port));
        self
    }

    /// Declares a named TCP port on the first container (what a Service's named `targetPort`
    /// resolves against).
    pub fn named_port(mut self, name: impl Into<String>, port: u16) -> Self {
        self.first.ports.push(ContainerPort::new(port).named(name));
        self
    }

    /// Sets an environment variable on the first container.
    pub fn env(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.first.env.push(EnvVar::new(name, value));
        self
    }

    /// Sets the first container's entrypoint.
    pub fn command<I, S>(mut self, command: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.first.command = Some(command.into_iter().map(Into::into).collect());
        self
    }

    /// Sets the first container's arguments.
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.first.args = Some(args.into_iter().map(Into::into).collect());
        self
    }

    /// Sets the first container's readiness probe.
    pub fn readiness_probe(mut self, probe: Probe) -> Self {
        self.first.readiness_probe = Some(probe);
        self
    }

    /// Makes the first container become ready `seconds` after it starts: sets the readiness
    /// probe's `initialDelaySeconds`, creating a probe if there is none (a TCP connect to the
    /// container's first port, or `exec: [true]` when it declares no port), as
    /// [`DeploymentBuilder::readiness_delay_seconds`](crate::api::deployment::DeploymentBuilder::readiness_delay_seconds) does.
    ///
    /// ```
    /// use kubelite::api::Pod;
    /// let pod = Pod::builder("web").image("nginx").port(80).readiness_delay_seconds(5).build()?;
    /// let probe = pod.spec.containers[0].readiness_probe.as_ref().unwrap();
    /// assert_eq!(probe.initial_delay_seconds, Some(5));
    /// assert_eq!(probe.tcp_socket.as_deref(), Some(&serde_json::json!({ "port": 80 })));
    /// # Ok::<(), kubelite::validation::Invalid>(())
    /// ```
    pub fn readiness_delay_seconds(mut self, seconds: i32) -> Self {
        self.first.readiness_delay_seconds = Some(seconds);
        self
    }

    /// Binds the pod to a node (skipping the scheduler).
    pub fn node_name(mut self, node: impl Into<String>) -> Self {
        self.pod.spec.node_name = Some(node.into());
        self
    }

    /// Adds a node selector label.
    pub fn node_selector(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.pod.spec.node_selector.insert(key.into(), value.into());
        self
    }

    /// Sets the hostname (a DNS-1123 label; default: the pod name).
    pub fn hostname(mut self, hostname: impl Into<String>) -> Self {
        self.pod.spec.hostname = Some(hostname.into());
        self
    }

    /// Sets the subdomain (with a headless Service of that name, the pod gets a DNS name).
    pub fn subdomain(mut self, subdomain: impl Into<String>) -> Self {
        self.pod.spec.subdomain = Some(subdomain.into());
        self
    }

    /// Sets the restart policy (`Always`, `OnFailure`, `Never`).
    pub fn restart_policy(mut self, policy: impl Into<String>) -> Self {
        self.pod.spec.restart_policy = Some(policy.into());
        self
    }

    /// Sets the DNS policy (`ClusterFirst`, `ClusterFirstWithHostNet`, `Default`, `None`).
    pub fn dns_policy(mut self, policy: impl Into<String>) -> Self {
        self.pod.spec.dns_policy = Some(policy.into());
        self
    }

    /// Sets the termination grace period.
    pub fn termination_grace_period_seconds(mut self, seconds: i64) -> Self {
        self.pod.spec.termination_grace_period_seconds = Some(seconds);
        self
    }

    /// Sets the service account.
    pub fn service_account_name(mut self, name: impl Into<String>) -> Self {
        self.pod.spec.service_account_name = Some(name.into());
        self
    }

    /// Uses the node's network namespace.
    pub fn host_network(mut self, host_network: bool) -> Self {
        self.pod.spec.host_network = Some(host_network);
        self
    }

    /// Applies the API server's defaults and validates, as a create would.
    pub fn build(self) -> Result<Pod, Invalid> {
        let PodBuilder { mut pod, first } = self;
        first.apply(&mut pod.spec.containers);
        if pod.metadata.namespace.is_none() {
            pod.metadata.namespace = Some("default".to_owned());
        }
        pod.apply_defaults();
        pod.validate()?;
        Ok(pod)
    }
}
