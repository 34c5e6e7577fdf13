//! Networking on top of the control plane: cluster DNS, kube-proxy-style Service routing
//! through pluggable load balancers, NetworkPolicy, simulated containers and request traces.
//!
//! This layer reads the control plane's state ([`crate::cluster`](mod@crate::cluster)) and keeps its own
//! (balancer state, container logs); [`crate::Cluster`] holds both.
//!
//! ```
//! use kubelite::Cluster;
//! use kubelite::api::{Deployment, Pod, Service};
//! use kubelite::net::Origin;
//! let cluster = Cluster::new();
//! cluster.apply(Deployment::builder("echo-minikube").image("k8s.gcr.io/echoserver:1.4").replicas(2).build()?)?;
//! cluster.apply(Service::builder("echo-service").selector("app", "echo-minikube").port(8080).build()?)?;
//! cluster.apply(Pod::builder("busybox").image("yauritux/busybox-curl").build()?)?;
//! cluster.advance(std::time::Duration::from_secs(30));
//! let response = cluster.request(Origin::pod("default/busybox"), "http://echo-service:8080")?;
//! assert_eq!(response.status(), 200);
//! assert!(response.body().starts_with("CLIENT VALUES:"));
//! assert!(response.served_by().is_some_and(|p| p.starts_with("default/echo-minikube-")));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod apps;
pub mod balancer;
pub mod dns;
mod dns_cache;
mod endpoints;
mod error;
pub(crate) mod netstate;
pub mod policy;
pub(crate) mod proxy;
mod request;
pub mod trace;
mod url;

pub use crate::api::service::Protocol;
pub use crate::cluster::{ProxyMode, Scheduler};
pub use balancer::Balancer;
pub use error::{NetError, NetErrorKind};
pub use request::{DEFAULT_USER_AGENT, Origin, Request, Response, reason_phrase};
pub use trace::{Hop, Trace};
