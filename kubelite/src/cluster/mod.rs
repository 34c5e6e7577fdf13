//! The in-memory cluster runtime: allocators, generated names and the seeded randomness that
//! makes every run reproducible.

mod alloc;
mod cidr;
pub mod naming;
mod rng;

pub use alloc::{AllocError, ClusterIpAllocator, NodePortAllocator, PortRangeError};
pub use cidr::{CidrParseError, Ipv4Cidr};
pub use rng::Rng;
