//! Pods: [`Pod`] and its wire types ([`PodSpec`], [`Container`], [`PodStatus`], ...), the
//! pod template controllers stamp pods from ([`PodTemplateSpec`]), and [`PodBuilder`].
//!
//! Every field Kubernetes defines for these types is present. What the simulation reads is
//! typed; the rest (volumes, resources, affinity, tolerations, security contexts, probe
//! handlers, ...) is kept as opaque JSON, so a real manifest loads and prints back unchanged.

mod builder;
mod container;
pub(crate) mod defaults;
mod image;
mod spec;
mod status;

pub(crate) use builder::FirstContainer;
pub use builder::PodBuilder;
pub use container::{Container, ContainerPort, EnvVar, Probe};
pub use image::{container_name_from_image, default_image_pull_policy};
pub use spec::{PodReadinessGate, PodSpec, PodTemplateSpec};
pub use status::{
    ContainerState, ContainerStateRunning, ContainerStateTerminated, ContainerStateWaiting,
    ContainerStatus, HostIP, PodCondition, PodIP, PodStatus,
};

use crate::api::WireField;
use crate::validation::{ErrorList, NameRule};

resource! {
    /// A Pod: one or more containers sharing an IP, scheduled together on a node.
    ///
    /// `apply_defaults` fills in what the API server does on create (restart and DNS policy,
    /// grace period, scheduler, image pull policy, port protocol, probe timing, ...);
    /// validation runs on a defaulted copy, as the API server validates after defaulting.
    ///
    /// ```
    /// use kubelite::api::Pod;
    /// let pod = Pod::builder("busybox").image("yauritux/busybox-curl").build()?;
    /// assert_eq!(pod.spec.containers[0].name, "busybox-curl");
    /// assert_eq!(pod.spec.restart_policy.as_deref(), Some("Always"));
    /// # Ok::<(), kubelite::validation::Invalid>(())
    /// ```
    pub struct Pod {
        api_version: "v1",
        group: "",
        kind: "Pod",
        plural: "pods",
        namespaced: true,
        name_rule: NameRule::Dns1123Subdomain,
        validate: validate,
        defaults: defaults::default_pod,
        fields: {
            /// The desired state.
            spec: PodSpec => "spec",
            /// The observed state.
            status: PodStatus => "status",
        }
    }
}

impl Pod {
    /// Starts a [`PodBuilder`].
    pub fn builder(name: impl Into<String>) -> PodBuilder {
        PodBuilder::new(name)
    }
}

fn validate(pod: &Pod) -> ErrorList {
    let mut pod = pod.clone();
    defaults::default_pod(&mut pod);
    crate::validation::validate_pod_create(&pod)
}

/// `skip_serializing_if` for nested structs: print only what differs from the default.
pub(crate) fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

impl WireField for PodSpec {
    fn is_absent(&self) -> bool {
        is_default(self)
    }
}

impl WireField for PodStatus {
    fn is_absent(&self) -> bool {
        is_default(self)
    }
}
