//! Networking on top of the control plane: cluster DNS, kube-proxy-style Service routing
//! through pluggable load balancers, NetworkPolicy, simulated containers and request traces.
//!
//! This layer reads the control plane's state ([`crate::cluster`]) and keeps its own
//! (balancer state, container logs); [`crate::Cluster`] holds both.

pub use crate::api::service::Protocol;
