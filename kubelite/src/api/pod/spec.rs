//! [`PodSpec`] and [`PodTemplateSpec`].
//!
//! Every field `core/v1.PodSpec` defines is here; what the simulation reads is typed, the
//! rest is kept as opaque JSON so any manifest round-trips unchanged. Fields are declared in
//! the byte order of their wire names, the order `kubectl get -o yaml` prints them in.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Container, is_default};
use crate::meta::ObjectMeta;

/// The desired state of a pod (`core/v1.PodSpec`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PodSpec {
    /// Seconds the pod may run before the kubelet fails it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_deadline_seconds: Option<i64>,
    /// Node and pod (anti-)affinity (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affinity: Option<Box<serde_json::Value>>,
    /// Whether the service account token is mounted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub automount_service_account_token: Option<bool>,
    /// The containers; at least one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub containers: Vec<Container>,
    /// Extra resolver settings (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_config: Option<Box<serde_json::Value>>,
    /// `ClusterFirst` (default), `ClusterFirstWithHostNet`, `Default` or `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_policy: Option<String>,
    /// Whether Service environment variables are injected (defaulted to `true` on Pods).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_service_links: Option<bool>,
    /// Debug containers added to a running pod (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ephemeral_containers: Option<Box<serde_json::Value>>,
    /// Eviction responders (alpha; opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eviction_responders: Option<Box<serde_json::Value>>,
    /// Extra `/etc/hosts` entries (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_aliases: Option<Box<serde_json::Value>>,
    /// Use the host's IPC namespace.
    #[serde(rename = "hostIPC", default, skip_serializing_if = "Option::is_none")]
    pub host_ipc: Option<bool>,
    /// Use the node's network namespace (the pod IP is the node IP).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_network: Option<bool>,
    /// Use the host's PID namespace.
    #[serde(rename = "hostPID", default, skip_serializing_if = "Option::is_none")]
    pub host_pid: Option<bool>,
    /// Use the host's user namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_users: Option<bool>,
    /// The pod's hostname (defaults to the pod name); a DNS-1123 label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// Overrides the hostname the pod sees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname_override: Option<String>,
    /// Registry credentials (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_pull_secrets: Option<Box<serde_json::Value>>,
    /// Containers run to completion, in order, before the app containers start.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub init_containers: Vec<Container>,
    /// The node the pod is bound to (set by the scheduler, or by hand).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_name: Option<String>,
    /// Node labels the pod's node must have.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub node_selector: BTreeMap<String, String>,
    /// The pod's OS (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os: Option<Box<serde_json::Value>>,
    /// RuntimeClass overhead (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overhead: Option<Box<serde_json::Value>>,
    /// `PreemptLowerPriority` or `Never`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preemption_policy: Option<String>,
    /// The resolved priority.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<i32>,
    /// The PriorityClass name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority_class_name: Option<String>,
    /// Extra conditions that must be `True` for the pod to be Ready.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub readiness_gates: Vec<PodReadinessGate>,
    /// Dynamic resource claims (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_claims: Option<Box<serde_json::Value>>,
    /// Pod-level requests and limits (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Box<serde_json::Value>>,
    /// `Always` (default), `OnFailure` or `Never`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart_policy: Option<String>,
    /// The RuntimeClass name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_class_name: Option<String>,
    /// The scheduler that places the pod (`default-scheduler`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduler_name: Option<String>,
    /// Gates that hold the pod back from scheduling (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduling_gates: Option<Box<serde_json::Value>>,
    /// Gang-scheduling group (alpha; opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduling_group: Option<Box<serde_json::Value>>,
    /// Pod-level security settings (opaque; defaulted to `{}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_context: Option<Box<serde_json::Value>>,
    /// Deprecated alias of `serviceAccountName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account: Option<String>,
    /// The ServiceAccount the pod runs as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account_name: Option<String>,
    /// Makes the hostname the pod's FQDN.
    #[serde(
        rename = "setHostnameAsFQDN",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub set_hostname_as_fqdn: Option<bool>,
    /// Share one PID namespace between the containers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_process_namespace: Option<bool>,
    /// With `hostname` and a headless Service of this name, gives the pod the DNS name
    /// `<hostname>.<subdomain>.<namespace>.svc.<cluster-domain>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subdomain: Option<String>,
    /// Seconds between SIGTERM and SIGKILL on deletion (default 30).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub termination_grace_period_seconds: Option<i64>,
    /// Taints the pod tolerates (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerations: Option<Box<serde_json::Value>>,
    /// Spread rules across topology domains (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topology_spread_constraints: Option<Box<serde_json::Value>>,
    /// Volumes the containers can mount (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volumes: Option<Box<serde_json::Value>>,
}

impl PodSpec {
    /// A spec with these containers and nothing else set.
    pub fn with_containers(containers: impl IntoIterator<Item = Container>) -> Self {
        PodSpec {
            containers: containers.into_iter().collect(),
            ..PodSpec::default()
        }
    }

    /// Fills in what the API server defaults in a pod spec (restart and DNS policy, grace
    /// period, scheduler, security context, and per container the image pull policy,
    /// termination message, port protocol and probe timing). Idempotent.
    ///
    /// A Pod gets a few more defaults than a template; see [`Resource::apply_defaults`].
    ///
    /// [`Resource::apply_defaults`]: crate::api::Resource::apply_defaults
    pub fn apply_defaults(&mut self) {
        super::defaults::default_pod_spec(self);
    }
}

/// A condition that must be `True` for the pod to be Ready (`core/v1.PodReadinessGate`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PodReadinessGate {
    /// The pod condition type (`www.example.com/feature-1`).
    #[serde(default)]
    pub condition_type: String,
}

/// The pods a controller creates: their metadata (labels) and spec
/// (`core/v1.PodTemplateSpec`).
///
/// ```
/// use kubelite::api::pod::{Container, PodSpec, PodTemplateSpec};
/// let t = PodTemplateSpec::new(PodSpec::with_containers([Container::from_image("nginx")]))
///     .label("app", "web");
/// assert_eq!(t.metadata.labels.get("app"), Some("web"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PodTemplateSpec {
    /// The pods' metadata (labels, annotations).
    #[serde(default, skip_serializing_if = "is_default")]
    pub metadata: ObjectMeta,
    /// The pods' spec.
    #[serde(default, skip_serializing_if = "is_default")]
    pub spec: PodSpec,
}

impl PodTemplateSpec {
    /// A template with this spec and no metadata.
    pub fn new(spec: PodSpec) -> Self {
        PodTemplateSpec {
            metadata: ObjectMeta::default(),
            spec,
        }
    }

    /// Fills in what the API server defaults in a pod template's spec. Idempotent.
    pub fn apply_defaults(&mut self) {
        self.spec.apply_defaults();
    }

    /// Adds a label to the pods.
    pub fn label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.metadata.labels.insert(key, value);
        self
    }
}
