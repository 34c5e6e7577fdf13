//! The in-memory cluster runtime: the API store with validation, the Deployment,
//! ReplicaSet and EndpointSlice controllers, ClusterIP/NodePort/pod IP allocation, a
//! virtual clock and watch streams, all driven by one seeded random source.

mod admission;
mod alloc;
mod bootstrap;
mod cidr;
mod clock;
mod config;
mod controllers;
mod index;
mod kubelet;
pub mod naming;
mod rng;
mod runtime;
mod selectors;
mod server;
mod state;
mod store;
mod watch;

pub use alloc::{AllocError, ClusterIpAllocator, NodePortAllocator, PortRangeError};
pub use bootstrap::COREDNS_IMAGE;
pub use cidr::{CidrParseError, Ipv4Cidr};
pub use config::{ClusterConfig, ConfigError, DEFAULT_START, NodeConfig};
pub use kubelet::POD_IP_ANNOTATION;
pub use rng::Rng;
pub use runtime::{Cluster, ListOptions};
pub use server::{Applied, Outcome};
pub use store::ObjectKey;
pub use watch::{EventType, Watch, WatchEvent, WatchFilter};
