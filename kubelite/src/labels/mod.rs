//! Labels and label selectors: [`Labels`], [`Selector`] (the `kubectl -l` string grammar) and
//! [`LabelSelector`] (the `matchLabels`/`matchExpressions` wire object).
//!
//! Everything follows upstream `k8s.io/apimachinery` (`pkg/labels`, `pkg/apis/meta/v1`):
//! the same strings parse, the same errors are reported in the same words, and matching
//! treats absent keys the same way.
//!
//! ```
//! use kubelite::labels::{LabelSelector, LabelSelectorRequirement, Labels, Selector};
//!
//! let pod: Labels = [("app", "web"), ("tier", "frontend")].into_iter().collect();
//!
//! // What a Service's `spec.selector` map means.
//! assert!(Selector::from_labels(&[("app", "web")].into_iter().collect()).matches(&pod));
//!
//! // `kubectl get pods -l 'app=web,tier notin (db)'`.
//! let selector: Selector = "app=web,tier notin (db)".parse()?;
//! assert!(selector.matches(&pod));
//!
//! // A Deployment's or NetworkPolicy's selector object.
//! let object = LabelSelector::match_labels([("app", "web")])
//!     .expression(LabelSelectorRequirement::does_not_exist("canary"));
//! assert!(object.to_selector()?.matches(&pod));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The user guide (grammar, matching table, nil versus empty) is `docs/selectors.md`.

mod error;
mod fingerprint;
mod label_selector;
mod label_set;
mod labels_string;
use kubelite_rules::selector_lexer as lexer;
mod operator;
mod parser;
mod requirement;
mod selector;
mod validate;

pub use error::{SelectorParseError, SelectorParseErrorKind};
pub use label_selector::{
    AsMapError, LabelSelector, LabelSelectorError, LabelSelectorRequirement, OP_DOES_NOT_EXIST,
    OP_EXISTS, OP_IN, OP_NOT_IN, format_label_selector, selector_from_optional,
};
pub use label_set::Labels;
pub use labels_string::LabelsStringError;
pub use operator::{Operator, UnknownOperator};
pub use requirement::{Requirement, RequirementError};
pub use selector::Selector;
pub use validate::validate_label_selector;

/// The examples of `docs/selectors.md`, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../../docs/selectors.md")]
pub struct SelectorsGuide;
