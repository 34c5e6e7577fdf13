//! The Kubernetes objects kubelite models, in Kubernetes' wire format, with builders.
//!
//! Every kind implements [`Resource`]; [`Object`] holds any of them. Fields Kubernetes defines
//! but the simulation does not use (resources, probes' handlers, volumes, affinity, ...) are
//! kept as opaque JSON values so any real manifest loads and prints back unchanged; a field
//! Kubernetes does not define is an error naming it.

#[macro_use]
mod resource;
mod intstr;
mod object;

pub mod deployment;
pub mod endpoints;
pub mod endpointslice;
pub mod namespace;
pub mod network_policy;
pub mod node;
pub mod pod;
pub mod replicaset;
pub mod service;

pub use deployment::Deployment;
pub use endpoints::Endpoints;
pub use endpointslice::EndpointSlice;
pub use intstr::IntOrString;
pub use namespace::Namespace;
pub use network_policy::NetworkPolicy;
pub use node::Node;
pub use object::{Kind, Object};
pub use pod::Pod;
pub use replicaset::ReplicaSet;
pub use resource::{Resource, WireField};
pub use service::Service;
