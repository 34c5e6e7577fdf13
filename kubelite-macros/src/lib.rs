//! Procedural macros for [kubelite](https://docs.rs/kubelite).
//!
//! This crate is an implementation detail of `kubelite`: depend on `kubelite` and use the macros it
//! re-exports. It deliberately exports nothing yet; the `cluster!` macro lands here with its own
//! parse → validate → expand pipeline.
