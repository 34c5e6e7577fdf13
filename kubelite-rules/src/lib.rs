//! The Kubernetes rules kubelite and its macros share: name and label formats with
//! upstream's messages ([`names`]) and the label-selector lexer. A proc-macro crate cannot
//! depend on `kubelite`; with this crate the compile-time checks of `cluster!` and
//! `selector!` run the same code as the API server model, not a copy of it.
//!
//! ```
//! use kubelite_rules::names::is_dns1123_label;
//! assert!(is_dns1123_label("echo-minikube").is_ok());
//! assert!(is_dns1123_label("Echo").is_err());
//! ```
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod names;
mod quote;

pub use quote::go_quote;

/// The label-selector lexer (upstream's `labels.Lexer`), for kubelite's and the macros'
/// selector parsers.
#[doc(hidden)]
pub mod selector_lexer;
