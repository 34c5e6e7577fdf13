//! The in-memory cluster runtime: allocators, generated names and the seeded randomness that
//! makes every run reproducible.

mod alloc;
mod cidr;
mod config;
pub mod naming;
mod rng;

pub use alloc::{AllocError, ClusterIpAllocator, NodePortAllocator, PortRangeError};
pub use cidr::{CidrParseError, Ipv4Cidr};
pub use config::{ClusterConfig, ConfigError, DEFAULT_START, NodeConfig};
pub use rng::Rng;
