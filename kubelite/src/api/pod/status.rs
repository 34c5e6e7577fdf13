//! [`PodStatus`] and what it reports: [`PodCondition`], [`ContainerStatus`], [`PodIP`],
//! [`HostIP`].
//!
//! Fields are declared in the byte order of their wire names (`kubectl get -o yaml` order).
//! Fields Go always prints (no `omitempty`) are always printed here too.

use serde::{Deserialize, Serialize};

use crate::meta::Time;

/// The observed state of a pod (`core/v1.PodStatus`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PodStatus {
    /// Resources allocated to the pod (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allocated_resources: Option<Box<serde_json::Value>>,
    /// `PodScheduled`, `Initialized`, `ContainersReady`, `Ready`, ...
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<PodCondition>,
    /// One entry per app container.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub container_statuses: Vec<ContainerStatus>,
    /// One entry per ephemeral container.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ephemeral_container_statuses: Vec<ContainerStatus>,
    /// Extended resource claims (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extended_resource_claim_status: Option<Box<serde_json::Value>>,
    /// The primary IP of the pod's node.
    #[serde(rename = "hostIP", default, skip_serializing_if = "Option::is_none")]
    pub host_ip: Option<String>,
    /// The node's IPs (at most one per family; the first equals `hostIP`).
    #[serde(rename = "hostIPs", default, skip_serializing_if = "Vec::is_empty")]
    pub host_ips: Vec<HostIP>,
    /// One entry per init container.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub init_container_statuses: Vec<ContainerStatus>,
    /// Why the pod is in this state, for humans.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Node-allocatable resource claims (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_allocatable_resource_claim_statuses: Option<Box<serde_json::Value>>,
    /// The node preemption made room on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nominated_node_name: Option<String>,
    /// The pod generation this status reflects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
    /// `Pending`, `Running`, `Succeeded`, `Failed` or `Unknown`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    /// The pod's primary IP.
    #[serde(rename = "podIP", default, skip_serializing_if = "Option::is_none")]
    pub pod_ip: Option<String>,
    /// The pod's IPs (at most one per family; the first equals `podIP`).
    #[serde(rename = "podIPs", default, skip_serializing_if = "Vec::is_empty")]
    pub pod_ips: Vec<PodIP>,
    /// `Guaranteed`, `Burstable` or `BestEffort`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qos_class: Option<String>,
    /// A brief CamelCase reason (`Evicted`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// In-place resize state (deprecated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resize: Option<String>,
    /// Dynamic resource claim statuses (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_claim_statuses: Option<Box<serde_json::Value>>,
    /// Pod-level resources actually applied (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Box<serde_json::Value>>,
    /// When the kubelet accepted the pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<Time>,
    /// Volume health (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_health: Option<Box<serde_json::Value>>,
}

/// One aspect of a pod's state (`core/v1.PodCondition`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PodCondition {
    /// When the condition was last probed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_probe_time: Option<Time>,
    /// When `status` last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_transition_time: Option<Time>,
    /// Details for humans.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The pod generation the condition reflects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
    /// A brief CamelCase reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// `True`, `False` or `Unknown`.
    #[serde(default)]
    pub status: String,
    /// `PodScheduled`, `PodReadyToStartContainers`, `Initialized`, `ContainersReady`, `Ready`.
    #[serde(rename = "type", default)]
    pub type_: String,
}

impl PodCondition {
    /// A condition with a type and a status.
    pub fn new(type_: impl Into<String>, status: bool) -> Self {
        PodCondition {
            type_: type_.into(),
            status: if status { "True" } else { "False" }.to_owned(),
            ..PodCondition::default()
        }
    }

    /// Whether the status is `True`.
    pub fn is_true(&self) -> bool {
        self.status == "True"
    }
}

/// The state of one container (`core/v1.ContainerStatus`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContainerStatus {
    /// Resources allocated to the container (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allocated_resources: Option<Box<serde_json::Value>>,
    /// Health of allocated resources (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allocated_resources_status: Option<Box<serde_json::Value>>,
    /// `<runtime>://<id>`.
    #[serde(
        rename = "containerID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub container_id: Option<String>,
    /// The image running.
    #[serde(default)]
    pub image: String,
    /// The image's ID.
    #[serde(rename = "imageID", default)]
    pub image_id: String,
    /// The previous termination, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_state: Option<ContainerState>,
    /// The container's name.
    #[serde(default)]
    pub name: String,
    /// Whether the readiness probe passes (or there is none and the container runs).
    #[serde(default)]
    pub ready: bool,
    /// Resources actually applied (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Box<serde_json::Value>>,
    /// How many times the container restarted.
    #[serde(default)]
    pub restart_count: i32,
    /// Whether the startup probe passed (or there is none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started: Option<bool>,
    /// The current state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<ContainerState>,
    /// The stop signal in effect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_signal: Option<String>,
    /// The user identity (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<Box<serde_json::Value>>,
    /// Mount status (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_mounts: Option<Box<serde_json::Value>>,
}

/// Exactly one of waiting, running or terminated (`core/v1.ContainerState`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContainerState {
    /// Running since `startedAt`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub running: Option<ContainerStateRunning>,
    /// Exited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminated: Option<ContainerStateTerminated>,
    /// Not running yet (`ContainerCreating`, `CrashLoopBackOff`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting: Option<ContainerStateWaiting>,
}

/// A running container (`core/v1.ContainerStateRunning`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContainerStateRunning {
    /// When the container (last) started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<Time>,
}

/// A container that exited (`core/v1.ContainerStateTerminated`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContainerStateTerminated {
    /// `<runtime>://<id>`.
    #[serde(
        rename = "containerID",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub container_id: Option<String>,
    /// The exit code. Always printed.
    #[serde(default)]
    pub exit_code: i32,
    /// When it exited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<Time>,
    /// Details for humans.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// `Completed`, `Error`, `OOMKilled`, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The signal that killed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signal: Option<i32>,
    /// When it had started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<Time>,
}

/// A container not running yet (`core/v1.ContainerStateWaiting`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContainerStateWaiting {
    /// Details for humans.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// `ContainerCreating`, `ImagePullBackOff`, `CrashLoopBackOff`, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// One of the pod's IPs (`core/v1.PodIP`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PodIP {
    /// The address.
    #[serde(default)]
    pub ip: String,
}

/// One of the node's IPs (`core/v1.HostIP`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HostIP {
    /// The address.
    #[serde(default)]
    pub ip: String,
}
