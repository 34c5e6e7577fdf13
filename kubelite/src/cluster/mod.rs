//! The in-memory cluster runtime: the API store with validation, the Deployment,
//! ReplicaSet and EndpointSlice controllers, ClusterIP/NodePort/pod IP allocation, a
//! virtual clock and watch streams, all driven by one seeded random source.

pub(crate) mod admission;
pub(crate) mod alloc;
pub(crate) mod bootstrap;
pub(crate) mod cidr;
pub(crate) mod clock;
mod config;
pub(crate) mod controllers;
pub(crate) mod export;
pub(crate) mod fast_hash;
pub(crate) mod index;
pub(crate) mod kubelet;
pub mod naming;
pub(crate) mod policy_index;
pub(crate) mod proxy_mode;
mod rng;
pub(crate) mod selectors;
pub(crate) mod server;
pub(crate) mod state;
pub(crate) mod store;
pub(crate) mod watch;

pub use alloc::{AllocError, ClusterIpAllocator, NodePortAllocator, PortRangeError};
pub use bootstrap::COREDNS_IMAGE;
pub use cidr::{CidrParseError, Ipv4Cidr};
pub use config::{ClusterConfig, ConfigError, DEFAULT_START, NodeConfig};
pub use kubelet::POD_IP_ANNOTATION;
pub use proxy_mode::{ProxyMode, Scheduler};
pub use rng::Rng;
pub use selectors::ListOptions;
pub use server::{Applied, Outcome};
pub use store::ObjectKey;
pub use watch::{EventType, Watch, WatchEvent, WatchFilter};
