//! # kubelite
//!
//! Kubernetes basic networking, in memory: typed objects and builders, label selectors,
//! validation with the API server's own messages, and YAML manifests a real cluster accepts.
//!
//! ```
//! use kubelite::labels::{Labels, Selector};
//! let selector: Selector = "app=echo-minikube, tier notin (db)".parse()?;
//! let pod: Labels = [("app", "echo-minikube")].into_iter().collect();
//! assert!(selector.matches(&pod));
//! # Ok::<(), kubelite::labels::SelectorParseError>(())
//! ```
#![forbid(unsafe_code)]
// No panics on input: library code returns typed errors; a site whose index or invariant is
// proven says so in an `allow` with the reason. Tests may use them.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

/// The project README, compiled so its example runs as a doc test.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

/// `docs/objects.md`, compiled so its examples run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/objects.md")]
pub struct ObjectsGuide;

/// `docs/runtime.md`, compiled so its examples run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/runtime.md")]
pub struct RuntimeGuide;

/// `docs/dsl.md`, compiled so its examples run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/dsl.md")]
pub struct DslGuide;

#[doc(hidden)]
pub mod __private;
/// `docs/real-cluster.md`, compiled so its examples run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/real-cluster.md")]
pub struct RealClusterGuide;
/// `docs/diagrams.md`, compiled so its examples run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/diagrams.md")]
pub struct DiagramsGuide;
/// `docs/network-policy.md`, compiled so its examples run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/network-policy.md")]
pub struct NetworkPolicyGuide;
/// `docs/kubectl.md`, compiled so its examples run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/kubectl.md")]
pub struct KubectlGuide;
/// `docs/errors.md`, compiled so its examples run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/errors.md")]
pub struct ErrorsGuide;

/// `docs/tutorial.md`, compiled so its examples run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/tutorial.md")]
pub struct TutorialGuide;

/// `docs/getting-started.md`, compiled so its examples run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/getting-started.md")]
pub struct GettingStartedGuide;

/// `docs/testing.md`, compiled so its examples run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/testing.md")]
pub struct TestingGuide;

/// `docs/performance.md`, compiled so its examples run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/performance.md")]
pub struct PerformanceGuide;

/// `docs/comparison.md`, compiled so its examples run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/comparison.md")]
pub struct ComparisonGuide;

/// `docs/networking.md`, compiled so its examples run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/networking.md")]
pub struct NetworkingGuide;

pub mod api;
pub mod cluster;
pub mod diagram;
mod error;
pub mod exec;
#[cfg(feature = "k8s-openapi")]
pub mod interop;
pub mod kubectl;
pub mod labels;
mod macros;
pub mod manifest;
pub mod meta;
pub mod minikube;
pub mod net;
mod runtime;
pub mod shell;
pub mod validation;
pub mod yaml;

pub use api::Object;
pub use cluster::ClusterConfig;
pub use error::{ApiError, Error};
pub use runtime::Cluster;
