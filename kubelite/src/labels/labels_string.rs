//! `k=v,...` strings to label sets (upstream's `labels.ConvertSelectorToLabelsMap`, what
//! `kubectl run --labels` and `kubectl expose --labels` use).

use super::Labels;
use super::requirement::{key_error, value_error};
use crate::validation::FieldPath;

/// A string that is not a plain `k=v,...` label list.
///
/// ```
/// use kubelite::labels::Labels;
/// let err = Labels::from_selector_string("app=web,tier").unwrap_err();
/// assert_eq!(err.to_string(), "invalid selector: [tier]");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct LabelsStringError {
    message: String,
}

impl Labels {
    /// Reads `k=v` pairs separated by `,` (spaces around keys and values are trimmed), each
    /// key a label key and each value a label value; the empty string is the empty set. This
    /// is stricter than [`Selector::parse`](super::Selector::parse): no other operators, no
    /// bare keys. A later pair for the same key wins, as upstream.
    ///
    /// Errors are upstream's: `invalid selector: [<parts>]` when a pair does not have exactly
    /// one `=` (the parts printed as Go prints a string slice), else the field error of the
    /// bad key (`<nil>: Invalid value: ...`) or value (`[<key>]: Invalid value: ...`).
    ///
    /// ```
    /// use kubelite::labels::Labels;
    /// let labels = Labels::from_selector_string("app=web, tier = frontend")?;
    /// assert_eq!(labels.to_string(), "app=web,tier=frontend");
    /// # Ok::<(), kubelite::labels::LabelsStringError>(())
    /// ```
    pub fn from_selector_string(input: &str) -> Result<Labels, LabelsStringError> {
        let mut labels = Labels::new();
        if input.is_empty() {
            return Ok(labels);
        }
        for pair in input.split(',') {
            let parts: Vec<&str> = pair.split('=').collect();
            let [key, value] = parts.as_slice() else {
                return Err(LabelsStringError {
                    message: format!("invalid selector: [{}]", parts.join(" ")),
                });
            };
            let key = key.trim();
            // Upstream validates with no field path: `<nil>` for the key, `[key]` for values.
            if let Some(e) = key_error(key, FieldPath::new("<nil>")) {
                return Err(LabelsStringError {
                    message: e.to_string(),
                });
            }
            let value = value.trim();
            if let Some(e) = value_error(key, value, FieldPath::default()) {
                return Err(LabelsStringError {
                    message: e.to_string(),
                });
            }
            labels.insert(key, value);
        }
        Ok(labels)
    }
}
