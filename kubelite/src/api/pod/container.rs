//! [`Container`] and what a container declares: [`ContainerPort`], [`EnvVar`], [`Probe`].
//!
//! Fields are declared in the byte order of their wire names, the order `kubectl get -o yaml`
//! prints them in, so printed manifests look like the cluster's.

use serde::{Deserialize, Serialize};

/// One container of a pod (`core/v1.Container`).
///
/// ```
/// use kubelite::api::pod::{Container, ContainerPort};
/// let c = Container::new("echoserver", "k8s.gcr.io/echoserver:1.4")
///     .port(ContainerPort::new(8080).named("http"))
///     .env("LOG_LEVEL", "debug");
/// assert_eq!(c.ports[0].container_port, 8080);
/// assert_eq!(c.env[0].value.as_deref(), Some("debug"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Container {
    /// Arguments to the entrypoint.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<String>,
    /// The entrypoint (replaces the image's `ENTRYPOINT`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub command: Vec<String>,
    /// Environment variables, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub env: Vec<EnvVar>,
    /// Environment variables taken from ConfigMaps/Secrets (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env_from: Option<Box<serde_json::Value>>,
    /// The container image (`k8s.gcr.io/echoserver:1.4`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// `Always`, `IfNotPresent` or `Never`; defaulted from the image tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_pull_policy: Option<String>,
    /// postStart/preStop hooks (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifecycle: Option<Box<serde_json::Value>>,
    /// Restarts the container when it fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub liveness_probe: Option<Probe>,
    /// The container's name, a DNS-1123 label unique within the pod.
    #[serde(default)]
    pub name: String,
    /// Ports the container declares (informational, but named ports resolve against them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<ContainerPort>,
    /// Decides whether the container is ready, and so whether the pod is a ready endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readiness_probe: Option<Probe>,
    /// In-place resize policy per resource (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resize_policy: Option<Box<serde_json::Value>>,
    /// CPU/memory requests and limits (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Box<serde_json::Value>>,
    /// Only for init containers: `Always` makes a sidecar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart_policy: Option<String>,
    /// Per-exit-code restart rules (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart_policy_rules: Option<Box<serde_json::Value>>,
    /// Container security settings (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_context: Option<Box<serde_json::Value>>,
    /// Holds the other probes back until it succeeds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub startup_probe: Option<Probe>,
    /// Allocate a stdin buffer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stdin: Option<bool>,
    /// Close stdin after the first attach.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stdin_once: Option<bool>,
    /// Where the container writes its termination message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub termination_message_path: Option<String>,
    /// `File` or `FallbackToLogsOnError`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub termination_message_policy: Option<String>,
    /// Allocate a TTY.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tty: Option<bool>,
    /// Raw block devices (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_devices: Option<Box<serde_json::Value>>,
    /// Volume mounts (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_mounts: Option<Box<serde_json::Value>>,
    /// The working directory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_dir: Option<String>,
}

impl Container {
    /// A container with a name and an image.
    pub fn new(name: impl Into<String>, image: impl Into<String>) -> Self {
        Container {
            name: name.into(),
            image: Some(image.into()),
            ..Container::default()
        }
    }

    /// A container for `image`, named as `kubectl create deployment --image` names it
    /// (see [`container_name_from_image`](super::container_name_from_image)).
    ///
    /// ```
    /// use kubelite::api::pod::Container;
    /// assert_eq!(Container::from_image("kibana:7.6.1").name, "kibana");
    /// ```
    pub fn from_image(image: impl Into<String>) -> Self {
        let image = image.into();
        Container::new(super::container_name_from_image(&image), image)
    }

    /// Adds a port.
    pub fn port(mut self, port: ContainerPort) -> Self {
        self.ports.push(port);
        self
    }

    /// Adds an environment variable with a literal value.
    pub fn env(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.env.push(EnvVar::new(name, value));
        self
    }

    /// Sets the entrypoint.
    pub fn command<I, S>(mut self, command: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.command = command.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the arguments.
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.args = args.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the readiness probe.
    pub fn readiness_probe(mut self, probe: Probe) -> Self {
        self.readiness_probe = Some(probe);
        self
    }

    /// Sets the liveness probe.
    pub fn liveness_probe(mut self, probe: Probe) -> Self {
        self.liveness_probe = Some(probe);
        self
    }

    /// Sets the image pull policy (`Always`, `IfNotPresent`, `Never`).
    pub fn image_pull_policy(mut self, policy: impl Into<String>) -> Self {
        self.image_pull_policy = Some(policy.into());
        self
    }
}

/// A port a container declares (`core/v1.ContainerPort`).
///
/// ```
/// use kubelite::api::pod::ContainerPort;
/// let p = ContainerPort::new(53).named("dns").protocol("UDP");
/// assert_eq!((p.name.as_deref(), p.container_port, p.protocol.as_deref()), (Some("dns"), 53, Some("UDP")));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContainerPort {
    /// The port on the pod's IP (1-65535). Always printed, as upstream prints it.
    #[serde(default)]
    pub container_port: i32,
    /// The host IP a host port binds to.
    #[serde(rename = "hostIP", default, skip_serializing_if = "Option::is_none")]
    pub host_ip: Option<String>,
    /// A port on the node forwarded to this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_port: Option<i32>,
    /// An IANA_SVC_NAME, unique within the pod: what a Service's named `targetPort` refers to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `TCP` (default), `UDP` or `SCTP`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
}

impl ContainerPort {
    /// An unnamed port, protocol left to the defaults (TCP).
    pub fn new(port: u16) -> Self {
        ContainerPort {
            container_port: i32::from(port),
            ..ContainerPort::default()
        }
    }

    /// Names the port.
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets the protocol (`TCP`, `UDP`, `SCTP`).
    pub fn protocol(mut self, protocol: impl Into<String>) -> Self {
        self.protocol = Some(protocol.into());
        self
    }
}

/// An environment variable (`core/v1.EnvVar`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EnvVar {
    /// The variable's name.
    #[serde(default)]
    pub name: String,
    /// A literal value (`$(VAR)` references are expanded by the kubelet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// A value taken from a field, a resource, a ConfigMap or a Secret (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_from: Option<Box<serde_json::Value>>,
}

impl EnvVar {
    /// A variable with a literal value.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        EnvVar {
            name: name.into(),
            value: Some(value.into()),
            value_from: None,
        }
    }
}

/// A health check (`core/v1.Probe`): the timing is typed (the simulation uses it), the
/// handler (`exec`, `httpGet`, `tcpSocket`, `grpc`) is kept opaque.
///
/// ```
/// use kubelite::api::pod::Probe;
/// let p = Probe::tcp_socket(8080).initial_delay_seconds(5);
/// assert_eq!(p.initial_delay_seconds, Some(5));
/// assert_eq!(p.tcp_socket, Some(Box::new(serde_json::json!({"port": 8080}))));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Probe {
    /// Run a command in the container (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exec: Option<Box<serde_json::Value>>,
    /// Consecutive failures before the probe counts as failed (default 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_threshold: Option<i32>,
    /// A gRPC health check (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grpc: Option<Box<serde_json::Value>>,
    /// An HTTP GET (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_get: Option<Box<serde_json::Value>>,
    /// Seconds after the container starts before the first probe.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_delay_seconds: Option<i32>,
    /// Seconds between probes (default 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_seconds: Option<i32>,
    /// Consecutive successes before the probe counts as passing (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_threshold: Option<i32>,
    /// A TCP connect (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tcp_socket: Option<Box<serde_json::Value>>,
    /// Grace period when a liveness/startup failure kills the container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub termination_grace_period_seconds: Option<i64>,
    /// Seconds before a probe attempt times out (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<i32>,
}

impl Probe {
    /// A probe that opens a TCP connection to `port`.
    pub fn tcp_socket(port: u16) -> Self {
        Probe {
            tcp_socket: Some(Box::new(serde_json::json!({ "port": port }))),
            ..Probe::default()
        }
    }

    /// A probe that sends `GET path` to `port`.
    pub fn http_get(path: impl Into<String>, port: u16) -> Self {
        Probe {
            http_get: Some(Box::new(
                serde_json::json!({ "path": path.into(), "port": port }),
            )),
            ..Probe::default()
        }
    }

    /// A probe that runs `command` in the container.
    pub fn exec<I, S>(command: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let command: Vec<String> = command.into_iter().map(Into::into).collect();
        Probe {
            exec: Some(Box::new(serde_json::json!({ "command": command }))),
            ..Probe::default()
        }
    }

    /// Sets `initialDelaySeconds`.
    pub fn initial_delay_seconds(mut self, seconds: i32) -> Self {
        self.initial_delay_seconds = Some(seconds);
        self
    }

    /// Sets `periodSeconds`.
    pub fn period_seconds(mut self, seconds: i32) -> Self {
        self.period_seconds = Some(seconds);
        self
    }

    /// Whether a handler (`exec`, `httpGet`, `tcpSocket`, `grpc`) is set; upstream rejects a
    /// probe without one.
    pub fn has_handler(&self) -> bool {
        self.handlers().next().is_some()
    }

    /// The wire names of the handlers that are set, in upstream's checking order.
    pub(crate) fn handlers(&self) -> impl Iterator<Item = &'static str> + '_ {
        [
            ("exec", &self.exec),
            ("httpGet", &self.http_get),
            ("tcpSocket", &self.tcp_socket),
            ("grpc", &self.grpc),
        ]
        .into_iter()
        .filter(|(_, v)| v.as_ref().is_some_and(|v| !v.is_null()))
        .map(|(name, _)| name)
    }
}
