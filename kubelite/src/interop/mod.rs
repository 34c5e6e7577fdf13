//! Conversions between kubelite's kinds and the [`k8s-openapi`](https://docs.rs/k8s-openapi)
//! types kube-rs users hold (feature `k8s-openapi`).
//!
//! Both sides speak Kubernetes' wire format, so every conversion goes through it (JSON):
//! nothing is mapped by hand, and a field spelled differently on one side would show up as
//! a failing round trip (the wire-conformance test checks every kind).
//!
//! - `From<&kubelite::X> for k8s_openapi::X` never fails. A field kubelite keeps as opaque
//!   JSON (resources, probes' handlers, volumes, ...) in a shape k8s-openapi cannot type is
//!   left out rather than failing the whole object; everything kubelite models goes across.
//! - `TryFrom<k8s_openapi::X> for kubelite::X` fails on a field kubelite does not know (a
//!   newer Kubernetes field), naming it, as a strict API server would.
//! - `TryFrom<k8s_openapi::X> for Object`, so [`Cluster::apply`](crate::Cluster::apply),
//!   `create` and `replace` take k8s-openapi objects directly; a failed conversion is a
//!   `BadRequest`, the API server's answer to a body it cannot decode.
//!
//! The feature enables no Kubernetes version of k8s-openapi: the application picks one
//! (`k8s-openapi = { version = "0.29", features = ["v1_33"] }`), as k8s-openapi requires.
//!
//! ```
//! use k8s_openapi::api::core::v1 as k8s;
//! use kubelite::api::Service;
//! let svc: k8s::Service = serde_json::from_value(serde_json::json!({
//!     "apiVersion": "v1", "kind": "Service",
//!     "metadata": {"name": "web"},
//!     "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]},
//! }))?;
//! let cluster = kubelite::Cluster::new();
//! cluster.apply(svc)?;
//! let stored: Service = cluster.get("default", "web")?;
//! let back = k8s::Service::from(&stored);
//! assert_eq!(back.spec.and_then(|s| s.cluster_ip).as_deref(), stored.spec.cluster_ip.as_deref());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod convert;
mod deployment;
mod endpoints;
mod endpointslice;
mod namespace;
mod network_policy;
mod node;
mod pod;
mod replicaset;
mod service;

pub use convert::ConversionError;
