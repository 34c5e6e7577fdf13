//! [`LabelSelector`]: the `matchLabels`/`matchExpressions` object of Deployments,
//! ReplicaSets and NetworkPolicies (`metav1.LabelSelector`), and its conversions
//! (`metav1.LabelSelectorAsSelector`, `LabelSelectorAsMap`, `FormatLabelSelector`).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

use super::requirement::{Requirement, RequirementError};
use super::selector::Selector;
use super::{Labels, Operator};
use crate::validation::go_quote;

/// `In`: the key's value is one of `values`.
pub const OP_IN: &str = "In";
/// `NotIn`: the key is absent or its value is none of `values`.
pub const OP_NOT_IN: &str = "NotIn";
/// `Exists`: the key is present.
pub const OP_EXISTS: &str = "Exists";
/// `DoesNotExist`: the key is absent.
pub const OP_DOES_NOT_EXIST: &str = "DoesNotExist";

/// Kubernetes accepts `null` wherever a list or map may be empty.
fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// A label selector object (`metav1.LabelSelector`): `matchLabels` pairs and
/// `matchExpressions`, all ANDed.
///
/// An empty `LabelSelector` selects everything; an absent one (`None` where the field is
/// optional) selects nothing — see [`selector_from_optional`].
///
/// ```
/// use kubelite::labels::{LabelSelector, LabelSelectorRequirement, Labels};
/// let sel = LabelSelector::match_labels([("app", "web")])
///     .expression(LabelSelectorRequirement::in_values("tier", ["frontend", "backend"]));
/// assert_eq!(sel.to_string(), "app=web,tier in (backend,frontend)");
///
/// let pod: Labels = [("app", "web"), ("tier", "frontend")].into_iter().collect();
/// assert!(sel.matches(&pod));
///
/// let json = serde_json::to_string(&sel).unwrap();
/// assert_eq!(
///     json,
///     r#"{"matchLabels":{"app":"web"},"matchExpressions":[{"key":"tier","operator":"In","values":["frontend","backend"]}]}"#
/// );
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LabelSelector {
    /// `key: value` pairs; each means `key=value`.
    #[serde(
        default,
        skip_serializing_if = "Labels::is_empty",
        deserialize_with = "null_as_default"
    )]
    pub match_labels: Labels,
    /// Set-based requirements.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_as_default"
    )]
    pub match_expressions: Vec<LabelSelectorRequirement>,
}

/// One `matchExpressions` entry (`metav1.LabelSelectorRequirement`).
///
/// The operator stays a string, as on the wire, so that a manifest with an unknown operator
/// still loads and validation can report it as the API server does.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LabelSelectorRequirement {
    /// The label key.
    pub key: String,
    /// `In`, `NotIn`, `Exists` or `DoesNotExist`.
    pub operator: String,
    /// The values: required for `In`/`NotIn`, forbidden for `Exists`/`DoesNotExist`.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_as_default"
    )]
    pub values: Vec<String>,
}

impl LabelSelectorRequirement {
    /// A requirement with any operator string (unchecked until conversion or validation).
    pub fn new<I, V>(key: impl Into<String>, operator: impl Into<String>, values: I) -> Self
    where
        I: IntoIterator<Item = V>,
        V: Into<String>,
    {
        LabelSelectorRequirement {
            key: key.into(),
            operator: operator.into(),
            values: values.into_iter().map(Into::into).collect(),
        }
    }

    /// `key In (values)`.
    pub fn in_values<I, V>(key: impl Into<String>, values: I) -> Self
    where
        I: IntoIterator<Item = V>,
        V: Into<String>,
    {
        Self::new(key, OP_IN, values)
    }

    /// `key NotIn (values)`.
    pub fn not_in_values<I, V>(key: impl Into<String>, values: I) -> Self
    where
        I: IntoIterator<Item = V>,
        V: Into<String>,
    {
        Self::new(key, OP_NOT_IN, values)
    }

    /// `key Exists`.
    pub fn exists(key: impl Into<String>) -> Self {
        Self::new(key, OP_EXISTS, Vec::<String>::new())
    }

    /// `key DoesNotExist`.
    pub fn does_not_exist(key: impl Into<String>) -> Self {
        Self::new(key, OP_DOES_NOT_EXIST, Vec::<String>::new())
    }
}

/// A [`LabelSelector`] that cannot be turned into a [`Selector`].
///
/// ```
/// use kubelite::labels::{LabelSelector, LabelSelectorRequirement};
/// let sel = LabelSelector::new().expression(LabelSelectorRequirement::new("x", "Equals", ["a"]));
/// assert_eq!(
///     sel.to_selector().unwrap_err().to_string(),
///     "\"Equals\" is not a valid label selector operator"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum LabelSelectorError {
    /// An operator other than `In`, `NotIn`, `Exists`, `DoesNotExist`.
    #[error("{} is not a valid label selector operator", go_quote(.0))]
    InvalidOperator(String),
    /// A requirement that breaks upstream's `NewRequirement` rules.
    #[error(transparent)]
    InvalidRequirement(#[from] RequirementError),
}

/// A [`LabelSelector`] that has no plain `key: value` form (upstream's `LabelSelectorAsMap`);
/// [`AsMapError::partial`] holds the pairs converted before the failure, as upstream returns
/// them.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct AsMapError {
    message: String,
    partial: Labels,
}

impl AsMapError {
    /// The pairs converted before the failing expression.
    pub fn partial(&self) -> &Labels {
        &self.partial
    }
}

impl LabelSelector {
    /// An empty selector: matches everything.
    pub fn new() -> Self {
        LabelSelector::default()
    }

    /// A selector of `matchLabels` only.
    pub fn match_labels<I, K, V>(labels: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        LabelSelector {
            match_labels: labels.into_iter().collect(),
            match_expressions: Vec::new(),
        }
    }

    /// Adds a `matchLabels` pair.
    pub fn label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.match_labels.insert(key, value);
        self
    }

    /// Adds a `matchExpressions` entry.
    pub fn expression(mut self, requirement: LabelSelectorRequirement) -> Self {
        self.match_expressions.push(requirement);
        self
    }

    /// Whether there are neither `matchLabels` nor `matchExpressions` (so it matches
    /// everything).
    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.match_expressions.is_empty()
    }

    /// Converts to a [`Selector`] as upstream's `LabelSelectorAsSelector`: empty gives
    /// [`Selector::everything`]; each `matchLabels` pair becomes `k=v` and each expression
    /// the matching set-based requirement; keys and values are checked. The first failure
    /// is returned (`matchLabels` in key order, then expressions in order).
    ///
    /// ```
    /// use kubelite::labels::{LabelSelector, LabelSelectorRequirement};
    /// let sel = LabelSelector::new().expression(LabelSelectorRequirement::in_values("x", Vec::<String>::new()));
    /// assert_eq!(
    ///     sel.to_selector().unwrap_err().to_string(),
    ///     "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty"
    /// );
    /// ```
    pub fn to_selector(&self) -> Result<Selector, LabelSelectorError> {
        if self.is_empty() {
            return Ok(Selector::everything());
        }
        let mut requirements =
            Vec::with_capacity(self.match_labels.len() + self.match_expressions.len());
        for (k, v) in self.match_labels.iter() {
            requirements.push(Requirement::new(k, Operator::Equals, [v])?);
        }
        for expr in &self.match_expressions {
            let op = match expr.operator.as_str() {
                OP_IN => Operator::In,
                OP_NOT_IN => Operator::NotIn,
                OP_EXISTS => Operator::Exists,
                OP_DOES_NOT_EXIST => Operator::DoesNotExist,
                other => return Err(LabelSelectorError::InvalidOperator(other.to_owned())),
            };
            requirements.push(Requirement::new(
                expr.key.as_str(),
                op,
                expr.values.iter().map(String::as_str),
            )?);
        }
        Ok(Selector::from_requirements(requirements))
    }

    /// Whether `labels` match. A selector that does not convert (see
    /// [`LabelSelector::to_selector`]) matches nothing. Converting once and reusing the
    /// [`Selector`] is faster when matching many label sets.
    pub fn matches(&self, labels: &Labels) -> bool {
        self.to_selector().is_ok_and(|s| s.matches(labels))
    }

    /// The plain `key: value` form (upstream's `LabelSelectorAsMap`): `matchLabels` plus each
    /// `In` expression with exactly one value. Any other expression is an error.
    ///
    /// ```
    /// use kubelite::labels::{LabelSelector, LabelSelectorRequirement};
    /// let sel = LabelSelector::match_labels([("app", "web")])
    ///     .expression(LabelSelectorRequirement::exists("tier"));
    /// let err = sel.as_map().unwrap_err();
    /// assert_eq!(err.to_string(), "operator \"Exists\" cannot be converted into the old label selector format");
    /// assert_eq!(err.partial().to_string(), "app=web");
    /// ```
    pub fn as_map(&self) -> Result<Labels, AsMapError> {
        let mut map = self.match_labels.clone();
        for expr in &self.match_expressions {
            let message = match (expr.operator.as_str(), expr.values.as_slice()) {
                (OP_IN, [value]) => {
                    map.insert(expr.key.as_str(), value.as_str());
                    continue;
                }
                (OP_IN, _) => format!(
                    "operator {} without a single value cannot be converted into the old label selector format",
                    go_quote(&expr.operator)
                ),
                (OP_NOT_IN | OP_EXISTS | OP_DOES_NOT_EXIST, _) => format!(
                    "operator {} cannot be converted into the old label selector format",
                    go_quote(&expr.operator)
                ),
                (other, _) => format!("{} is not a valid selector operator", go_quote(other)),
            };
            return Err(AsMapError {
                message,
                partial: map,
            });
        }
        Ok(map)
    }
}

/// Converts an optional selector field: `None` (upstream's `nil`) gives
/// [`Selector::nothing`], `Some` gives [`LabelSelector::to_selector`] — so an absent selector
/// matches nothing while an empty one matches everything.
///
/// ```
/// use kubelite::labels::{selector_from_optional, LabelSelector, Labels};
/// let pod = Labels::new();
/// assert!(!selector_from_optional(None)?.matches(&pod));
/// assert!(selector_from_optional(Some(&LabelSelector::new()))?.matches(&pod));
/// # Ok::<(), kubelite::labels::LabelSelectorError>(())
/// ```
pub fn selector_from_optional(
    selector: Option<&LabelSelector>,
) -> Result<Selector, LabelSelectorError> {
    match selector {
        None => Ok(Selector::nothing()),
        Some(s) => s.to_selector(),
    }
}

/// Upstream's `FormatLabelSelector`, the SELECTOR column of `kubectl get -o wide`: the
/// selector's canonical string, `<none>` when that is empty (an empty or absent selector),
/// `<error>` when it does not convert.
///
/// ```
/// use kubelite::labels::{format_label_selector, LabelSelector};
/// assert_eq!(format_label_selector(None), "<none>");
/// assert_eq!(format_label_selector(Some(&LabelSelector::match_labels([("app", "web")]))), "app=web");
/// ```
pub fn format_label_selector(selector: Option<&LabelSelector>) -> String {
    match selector_from_optional(selector) {
        Err(_) => "<error>".to_owned(),
        Ok(s) if s.to_string().is_empty() => "<none>".to_owned(),
        Ok(s) => s.to_string(),
    }
}

/// [`format_label_selector`] of this selector: `app=web,tier in (a,b)`, `<none>`, `<error>`.
impl fmt::Display for LabelSelector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_label_selector(Some(self)))
    }
}
