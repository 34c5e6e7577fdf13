//! Labels and label selectors: [`Labels`], [`Selector`] (the `kubectl -l` string grammar) and
//! [`LabelSelector`] (the `matchLabels`/`matchExpressions` wire object).

mod label_set;

pub use label_set::Labels;
