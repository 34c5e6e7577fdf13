//! What the expansions of `cluster!` and `labels!` need and users should not name. Not part
//! of the public API: it changes with `kubelite-macros`, which `kubelite` pins exactly.

use crate::labels::{Operator, Requirement};
use crate::{Cluster, Error};

pub use kubelite_macros::{cluster_impl, labels_impl, selector_impl};

/// The end of a `cluster!` expansion: the built cluster, or a panic naming what failed.
///
/// The macro checks at compile time everything it can see, so only objects it cannot see
/// (`yaml`/`object` escape hatches) or rules it does not repeat can fail here; `try_cluster!`
/// returns the error instead.
#[track_caller]
// Panicking is `cluster!`'s documented contract (docs/dsl.md); `try_cluster!` is the
// non-panicking form.
#[allow(clippy::panic)]
pub fn ready(result: Result<Cluster, Error>) -> Cluster {
    match result {
        Ok(cluster) => cluster,
        Err(e) => panic!("cluster!: {e}"),
    }
}

/// Stands in for the cluster when `cluster!` reports errors, so code using it type-checks
/// and the real errors are the only ones. The build fails before this can run.
pub fn placeholder_cluster() -> Cluster {
    unreachable!("a `cluster!` with errors does not compile")
}

/// The `try_cluster!` counterpart of [`placeholder_cluster`].
pub fn placeholder_result() -> Result<Cluster, Error> {
    unreachable!("a `try_cluster!` with errors does not compile")
}

/// A requirement of a `selector!` expansion: checked when the program was compiled, so it is
/// assembled here without parsing or validating again.
pub fn requirement(key: &str, operator: Operator, values: &[&str]) -> Requirement {
    Requirement::prechecked(key, operator, values)
}
