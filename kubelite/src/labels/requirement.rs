//! One selector requirement (`labels.Requirement`, `labels.NewRequirement`).

use std::fmt;

use super::Labels;
use super::fingerprint::{Slot, fingerprint, is_exact};
use super::operator::{ALL_OPERATORS, Operator};
use crate::validation::{
    BadValue, ErrorList, FieldError, FieldPath, is_qualified_name, is_valid_label_value,
};

/// A key, an operator and values: one condition of a [`Selector`](super::Selector).
///
/// Built only through [`Requirement::new`] (or [`Requirement::from_raw`]), which applies
/// upstream's `NewRequirement` rules, so every `Requirement` is valid: upstream's zero-value
/// requirement (empty key and operator) cannot exist here.
///
/// Values are kept sorted, which is the order upstream prints them in; duplicates passed to
/// [`Requirement::new`] are kept (the parser never produces any).
///
/// ```
/// use kubelite::labels::{Labels, Operator, Requirement};
/// let tier = Requirement::new("tier", Operator::NotIn, ["db", "cache"])?;
/// assert_eq!(tier.to_string(), "tier notin (cache,db)");
/// assert!(tier.matches(&Labels::new())); // notin matches an absent key
/// # Ok::<(), kubelite::labels::RequirementError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Requirement {
    key: String,
    operator: Operator,
    values: Vec<String>,
    /// The integer operand of `gt`/`lt`, parsed once so matching does not re-parse it.
    bound: i64,
    /// The fingerprint of `key`, for [`Requirement::matches_fingerprints`].
    key_fp: u64,
    /// The fingerprints of `values`, in the same order.
    value_fps: Box<[u64]>,
}

/// The fields that define the requirement (the fingerprints derive from them).
impl fmt::Debug for Requirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Requirement")
            .field("key", &self.key)
            .field("operator", &self.operator)
            .field("values", &self.values)
            .field("bound", &self.bound)
            .finish()
    }
}

/// The field errors upstream's `NewRequirement` reports, as one error.
///
/// `Display` is upstream's aggregate form: the single message, or `[e1, e2]` for several
/// (duplicates dropped), each `<field>: <type>: <value>: <detail>` with the fields upstream
/// uses when no path is given (`key`, `values`, `values[0]`, `values[0][<key>]`, `operator`).
///
/// ```
/// use kubelite::labels::{Operator, Requirement};
/// let err = Requirement::new("x", Operator::In, Vec::<String>::new()).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{}", Aggregate(&self.errors))]
pub struct RequirementError {
    errors: ErrorList,
}

impl RequirementError {
    fn new(list: ErrorList) -> Self {
        // Upstream's ErrorList.ToAggregate drops errors whose message was already seen.
        let mut errors = ErrorList::with_capacity(list.len());
        for e in list {
            let msg = e.to_string();
            if !errors
                .iter()
                .any(|seen: &FieldError| seen.to_string() == msg)
            {
                errors.push(e);
            }
        }
        RequirementError { errors }
    }

    /// Each field error, in the order upstream finds them.
    pub fn errors(&self) -> &[FieldError] {
        &self.errors
    }
}

/// Upstream's `utilerrors.Aggregate` message: one error alone, several as `[e1, e2]`.
struct Aggregate<'a>(&'a [FieldError]);

impl fmt::Display for Aggregate<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            [one] => write!(f, "{one}"),
            many => {
                f.write_str("[")?;
                for (i, e) in many.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{e}")?;
                }
                f.write_str("]")
            }
        }
    }
}

/// Equality of short strings without a `bcmp` call: lengths first, then eight bytes at a time.
#[inline]
fn bytes_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (a_chunks, a_rest) = a.as_chunks::<8>();
    let (b_chunks, b_rest) = b.as_chunks::<8>();
    a_chunks
        .iter()
        .zip(b_chunks)
        .all(|(x, y)| u64::from_ne_bytes(*x) == u64::from_ne_bytes(*y))
        && a_rest.iter().zip(b_rest).all(|(x, y)| x == y)
}

/// Go's `field.Invalid(path, vals, ...)` prints a `[]string` as JSON; callers that pass no
/// values pass a nil slice, which prints as `null`.
fn values_bad_value(values: &[String]) -> BadValue {
    if values.is_empty() {
        BadValue::Json(serde_json::Value::Null)
    } else {
        BadValue::Json(serde_json::Value::Array(
            values
                .iter()
                .map(|v| serde_json::Value::String(v.clone()))
                .collect(),
        ))
    }
}

/// `validateLabelKey`: one error holding every message, joined as upstream joins them.
pub(crate) fn key_error(key: &str, path: FieldPath) -> Option<FieldError> {
    is_qualified_name(key)
        .err()
        .map(|e| FieldError::invalid(path, key, e.to_string()))
}

/// `validateLabelValue`: the path is keyed by the label key (`values[0][app]`).
pub(crate) fn value_error(key: &str, value: &str, path: FieldPath) -> Option<FieldError> {
    is_valid_label_value(value)
        .err()
        .map(|e| FieldError::invalid(path.key(key), value, e.to_string()))
}

impl Requirement {
    /// Builds a requirement with upstream's `NewRequirement` checks: the key must be a label
    /// key; `in`/`notin` need at least one value; `=`, `==`, `!=` exactly one; `exists` and `!`
    /// none; `gt`/`lt` exactly one integer; every value must be a label value (`""` is one).
    ///
    /// ```
    /// use kubelite::labels::{Operator, Requirement};
    /// let r = Requirement::new("replicas", Operator::GreaterThan, ["2"])?;
    /// assert_eq!(r.to_string(), "replicas>2");
    /// let err = Requirement::new("replicas", Operator::GreaterThan, ["two"]).unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "values[0]: Invalid value: \"two\": for 'Gt', 'Lt' operators, the value must be an integer"
    /// );
    /// # Ok::<(), kubelite::labels::RequirementError>(())
    /// ```
    pub fn new<I, V>(
        key: impl Into<String>,
        operator: Operator,
        values: I,
    ) -> Result<Self, RequirementError>
    where
        I: IntoIterator<Item = V>,
        V: Into<String>,
    {
        Self::build(
            key.into(),
            Ok(operator),
            values.into_iter().map(Into::into).collect(),
        )
    }

    /// Like [`Requirement::new`], with the operator given as upstream's string value
    /// (`"in"`, `"!="`, `"gt"`, ...). An unknown operator is reported as upstream reports it,
    /// `operator: Unsupported value: "<op>": supported values: "in", "notin", ...`, together
    /// with any key or value errors.
    ///
    /// ```
    /// use kubelite::labels::Requirement;
    /// let err = Requirement::from_raw("x", "In", ["a"]).unwrap_err();
    /// assert!(err.to_string().starts_with("operator: Unsupported value: \"In\": supported values: \"in\", \"notin\""));
    /// ```
    pub fn from_raw<I, V>(key: &str, operator: &str, values: I) -> Result<Self, RequirementError>
    where
        I: IntoIterator<Item = V>,
        V: Into<String>,
    {
        Self::build(
            key.to_owned(),
            operator.parse::<Operator>().map_err(|e| e.0),
            values.into_iter().map(Into::into).collect(),
        )
    }

    fn build(
        key: String,
        operator: Result<Operator, String>,
        mut values: Vec<String>,
    ) -> Result<Self, RequirementError> {
        let mut errs = ErrorList::new();
        errs.extend(key_error(&key, FieldPath::new("key")));
        let values_path = FieldPath::new("values");
        let mut bound = 0;
        match operator {
            Ok(Operator::In | Operator::NotIn) => {
                if values.is_empty() {
                    errs.push(FieldError::invalid(
                        values_path.clone(),
                        values_bad_value(&values),
                        "for 'in', 'notin' operators, values set can't be empty",
                    ));
                }
            }
            Ok(Operator::Equals | Operator::DoubleEquals | Operator::NotEquals) => {
                if values.len() != 1 {
                    errs.push(FieldError::invalid(
                        values_path.clone(),
                        values_bad_value(&values),
                        "exact-match compatibility requires one single value",
                    ));
                }
            }
            Ok(Operator::Exists | Operator::DoesNotExist) => {
                if !values.is_empty() {
                    errs.push(FieldError::invalid(
                        values_path.clone(),
                        values_bad_value(&values),
                        "values set must be empty for exists and does not exist",
                    ));
                }
            }
            Ok(Operator::GreaterThan | Operator::LessThan) => {
                if values.len() != 1 {
                    errs.push(FieldError::invalid(
                        values_path.clone(),
                        values_bad_value(&values),
                        "for 'Gt', 'Lt' operators, exactly one value is required",
                    ));
                }
                for (i, v) in values.iter().enumerate() {
                    match v.parse::<i64>() {
                        Ok(n) => bound = n,
                        Err(_) => errs.push(FieldError::invalid(
                            values_path.index(i),
                            v,
                            "for 'Gt', 'Lt' operators, the value must be an integer",
                        )),
                    }
                }
            }
            Err(ref op) => {
                let supported: Vec<&str> = ALL_OPERATORS.iter().map(|o| o.as_str()).collect();
                errs.push(FieldError::not_supported(
                    FieldPath::new("operator"),
                    op.as_str(),
                    &supported,
                ));
            }
        }
        for (i, v) in values.iter().enumerate() {
            errs.extend(value_error(&key, v, values_path.index(i)));
        }
        match operator {
            Ok(operator) if errs.is_empty() => {
                values.sort_unstable();
                Ok(Requirement::assemble(key, operator, values, bound))
            }
            _ => Err(RequirementError::new(errs)),
        }
    }

    /// A requirement `kubelite::selector!` checked at compile time (values sorted, `gt`/`lt`
    /// operands integers), built without checking again.
    pub(crate) fn prechecked(key: &str, operator: Operator, values: &[&str]) -> Self {
        let bound = match operator {
            Operator::GreaterThan | Operator::LessThan => {
                values.first().and_then(|v| v.parse().ok()).unwrap_or(0)
            }
            _ => 0,
        };
        let mut values: Vec<String> = values.iter().map(|v| (*v).to_owned()).collect();
        values.sort_unstable();
        Requirement::assemble(key.to_owned(), operator, values, bound)
    }

    /// `key=value` without validation, as upstream's `SelectorFromSet` builds it.
    pub(crate) fn equals_unchecked(key: &str, value: &str) -> Self {
        Requirement::assemble(key.to_owned(), Operator::Equals, vec![value.to_owned()], 0)
    }

    /// The requirement with its fingerprints computed.
    fn assemble(key: String, operator: Operator, values: Vec<String>, bound: i64) -> Self {
        Requirement {
            key_fp: fingerprint(&key),
            value_fps: values.iter().map(|v| fingerprint(v)).collect(),
            key,
            operator,
            values,
            bound,
        }
    }

    /// The label key.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The operator.
    pub fn operator(&self) -> Operator {
        self.operator
    }

    /// The values, sorted (empty for `exists` and `!`).
    pub fn values(&self) -> &[String] {
        &self.values
    }

    /// Whether `labels` satisfy this requirement; see [`Requirement::matches_value`].
    pub fn matches(&self, labels: &Labels) -> bool {
        self.matches_value(labels.get(&self.key))
    }

    /// Whether a label set whose value for [`Requirement::key`] is `value` (`None`: the key is
    /// absent) satisfies this requirement. `notin` and `!=` match an absent key; `in`, `=`,
    /// `==`, `gt` and `lt` do not; `gt`/`lt` never match a value that is not an integer.
    ///
    /// ```
    /// use kubelite::labels::{Operator, Requirement};
    /// let r = Requirement::new("app", Operator::NotEquals, ["web"])?;
    /// assert!(r.matches_value(None));
    /// assert!(r.matches_value(Some("db")));
    /// assert!(!r.matches_value(Some("web")));
    /// # Ok::<(), kubelite::labels::RequirementError>(())
    /// ```
    #[inline]
    pub fn matches_value(&self, value: Option<&str>) -> bool {
        match self.operator {
            Operator::In | Operator::Equals | Operator::DoubleEquals => {
                value.is_some_and(|v| self.has_value(v))
            }
            Operator::NotIn | Operator::NotEquals => value.is_none_or(|v| !self.has_value(v)),
            Operator::Exists => value.is_some(),
            Operator::DoesNotExist => value.is_none(),
            Operator::GreaterThan | Operator::LessThan => self.compare_integer(value),
        }
    }

    /// [`Requirement::matches`], given the fingerprints of `labels`
    /// ([`Labels::fingerprints`]). Compares integers only, unless a fingerprint is a hash
    /// (a key or value longer than eight bytes) that has to be confirmed on the strings.
    #[inline]
    pub(crate) fn matches_fingerprints(&self, labels: &Labels, slots: &[Slot]) -> bool {
        // Whether the key is present and, for operators with values, its value is one of them.
        let mut hit = false;
        for (i, slot) in slots.iter().enumerate() {
            if slot.key == self.key_fp && (is_exact(self.key_fp) || self.key_at(labels, i)) {
                hit = match self.operator {
                    Operator::Exists | Operator::DoesNotExist => true,
                    Operator::GreaterThan | Operator::LessThan => {
                        return self.compare_integer_at(labels, i);
                    }
                    Operator::In
                    | Operator::NotIn
                    | Operator::Equals
                    | Operator::DoubleEquals
                    | Operator::NotEquals => self.has_value_fingerprint(labels, i, slot.value),
                };
                break;
            }
        }
        // `gt`/`lt` on an absent key: `hit` is false, and the operator is not negated.
        hit != matches!(
            self.operator,
            Operator::NotIn | Operator::NotEquals | Operator::DoesNotExist
        )
    }

    /// Whether the value with fingerprint `value_fp` of label `i` is one of the values.
    #[inline]
    fn has_value_fingerprint(&self, labels: &Labels, i: usize, value_fp: u64) -> bool {
        if self.value_fps.len() > 16 {
            return self.has_value_at(labels, i);
        }
        self.value_fps
            .iter()
            .enumerate()
            .any(|(j, &fp)| fp == value_fp && (is_exact(fp) || self.value_at(labels, i, j)))
    }

    /// Whether label `i`'s value is one of many values: a binary search on the strings.
    #[inline(never)]
    fn has_value_at(&self, labels: &Labels, i: usize) -> bool {
        labels
            .entry_at(i)
            .is_some_and(|(_, value)| self.has_value(value))
    }

    /// `gt`/`lt` on label `i`'s value.
    #[inline(never)]
    fn compare_integer_at(&self, labels: &Labels, i: usize) -> bool {
        self.compare_integer(labels.entry_at(i).map(|(_, v)| v))
    }

    /// Whether label `i`'s key is this requirement's (its fingerprint is a hash that matched).
    #[cold]
    #[inline(never)]
    fn key_at(&self, labels: &Labels, i: usize) -> bool {
        labels.entry_at(i).is_some_and(|(k, _)| k == self.key)
    }

    /// Whether label `i`'s value is value `j` (its fingerprint is a hash that matched).
    #[cold]
    #[inline(never)]
    fn value_at(&self, labels: &Labels, i: usize, j: usize) -> bool {
        labels
            .entry_at(i)
            .is_some_and(|(_, v)| self.values.get(j).is_some_and(|w| v == w))
    }

    /// Kept out of line so that [`Requirement::matches_value`] stays small enough to inline.
    #[inline(never)]
    fn compare_integer(&self, value: Option<&str>) -> bool {
        match value.and_then(|v| v.parse::<i64>().ok()) {
            Some(n) if self.operator == Operator::GreaterThan => n > self.bound,
            Some(n) => n < self.bound,
            None => false,
        }
    }

    #[inline]
    fn has_value(&self, value: &str) -> bool {
        // Most requirements carry one or two values: a scan beats a binary search there.
        if self.values.len() <= 8 {
            self.values
                .iter()
                .any(|v| bytes_eq(v.as_bytes(), value.as_bytes()))
        } else {
            self.values
                .binary_search_by(|v| v.as_str().cmp(value))
                .is_ok()
        }
    }
}

/// Upstream's `Requirement.String()`: `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`,
/// `k`, `!k`, `k>n`, `k<n`, values sorted.
impl fmt::Display for Requirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (op, open, close) = match self.operator {
            Operator::Exists => return f.write_str(&self.key),
            Operator::DoesNotExist => return write!(f, "!{}", self.key),
            Operator::Equals => ("=", "", ""),
            Operator::DoubleEquals => ("==", "", ""),
            Operator::NotEquals => ("!=", "", ""),
            Operator::In => (" in ", "(", ")"),
            Operator::NotIn => (" notin ", "(", ")"),
            Operator::GreaterThan => (">", "", ""),
            Operator::LessThan => ("<", "", ""),
        };
        write!(f, "{}{op}{open}", self.key)?;
        for (i, v) in self.values.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            f.write_str(v)?;
        }
        f.write_str(close)
    }
}
