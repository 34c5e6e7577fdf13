//! Selector operators (`k8s.io/apimachinery/pkg/selection`).

use std::fmt;
use std::str::FromStr;

/// How a [`Requirement`](super::Requirement) relates a label key to its values.
///
/// The string forms are upstream's `selection.Operator` values (`"in"`, `"notin"`, `"="`,
/// `"=="`, `"!="`, `"exists"`, `"!"`, `"gt"`, `"lt"`), which is what [`FromStr`] accepts and
/// [`Operator::as_str`] returns.
///
/// ```
/// use kubelite::labels::Operator;
/// let op: Operator = "notin".parse()?;
/// assert_eq!(op, Operator::NotIn);
/// assert_eq!(Operator::DoesNotExist.as_str(), "!");
/// # Ok::<(), kubelite::labels::UnknownOperator>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Operator {
    /// `k in (a,b)`: the key is present with one of the values.
    In,
    /// `k notin (a,b)`: the key is absent, or present with none of the values.
    NotIn,
    /// `k=v`: the key is present with this value.
    Equals,
    /// `k==v`: same as [`Operator::Equals`], kept apart so it prints back as written.
    DoubleEquals,
    /// `k!=v`: the key is absent, or present with another value.
    NotEquals,
    /// `k`: the key is present, with any value.
    Exists,
    /// `!k`: the key is absent.
    DoesNotExist,
    /// `k>n`: the key's value is an integer greater than `n`.
    GreaterThan,
    /// `k<n`: the key's value is an integer less than `n`.
    LessThan,
}

/// Every operator, in the order upstream lists them in its "supported values" message
/// (binary operators first, then unary ones).
pub(crate) const ALL_OPERATORS: [Operator; 9] = [
    Operator::In,
    Operator::NotIn,
    Operator::Equals,
    Operator::DoubleEquals,
    Operator::NotEquals,
    Operator::GreaterThan,
    Operator::LessThan,
    Operator::Exists,
    Operator::DoesNotExist,
];

impl Operator {
    /// Upstream's string value of the operator (`"in"`, `"!="`, `"gt"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Operator::In => "in",
            Operator::NotIn => "notin",
            Operator::Equals => "=",
            Operator::DoubleEquals => "==",
            Operator::NotEquals => "!=",
            Operator::Exists => "exists",
            Operator::DoesNotExist => "!",
            Operator::GreaterThan => "gt",
            Operator::LessThan => "lt",
        }
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that is none of upstream's operator values.
///
/// ```
/// use kubelite::labels::Operator;
/// let err = "In".parse::<Operator>().unwrap_err();
/// assert_eq!(err.to_string(), "unknown selector operator \"In\"");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown selector operator {}", crate::validation::go_quote(.0))]
pub struct UnknownOperator(pub(crate) String);

impl UnknownOperator {
    /// The string that is not an operator.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Operator {
    type Err = UnknownOperator;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ALL_OPERATORS
            .into_iter()
            .find(|op| op.as_str() == s)
            .ok_or_else(|| UnknownOperator(s.to_owned()))
    }
}
