//! Turning cluster errors into kubectl's stderr text (kubectl's `CheckErr`).

use crate::error::{ApiError, Error};
use crate::kubectl::KubectlError;

/// kubectl's rendering of an API error: `Error from server (NotFound): pods "x" not found`;
/// invalid objects as `The Service "x" is invalid: …` (several causes one per `* ` line).
pub(crate) fn api(error: &ApiError) -> KubectlError {
    match error {
        ApiError::Invalid(invalid) => {
            let prefix = format!("The {} {:?} is invalid: ", invalid.kind, invalid.name);
            match invalid.causes() {
                [] => KubectlError::raw(prefix.trim_end_matches([':', ' ']).to_owned()),
                [one] => KubectlError::raw(format!("{prefix}{one}")),
                many => {
                    let mut text = prefix;
                    for c in many {
                        text.push_str(&format!("\n* {c}"));
                    }
                    KubectlError::raw(text)
                }
            }
        }
        other => KubectlError::raw(format!("Error from server ({}): {other}", other.reason())),
    }
}

/// Any cluster error as kubectl prints it.
pub(crate) fn cluster(error: &Error) -> KubectlError {
    match error {
        Error::Api(e) => api(e),
        Error::Document { source, .. } => api(source),
        other => KubectlError::new(other.to_string()),
    }
}
