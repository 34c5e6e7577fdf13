//! Networking on top of the control plane: cluster DNS, kube-proxy-style Service routing
//! through pluggable load balancers, NetworkPolicy, simulated containers and request traces.
//!
//! This layer reads the control plane's state ([`crate::cluster`]) and keeps its own
//! (balancer state, container logs); [`crate::Cluster`] holds both.

pub use crate::api::service::Protocol;
pub use crate::cluster::{ProxyMode, Scheduler};

#[allow(dead_code)] // the request path (net::proxy) calls it once it lands
pub mod policy;
