//! The controllers that run after every write until the cluster settles.

pub(crate) mod deployment;
pub(crate) mod endpoints;
pub(crate) mod replicaset;
