//! What a kubectl invocation produces: [`KubectlOutput`] for a terminal, [`KubectlError`] for
//! the `Result` form.

use std::fmt;

/// A failed kubectl command. `Display` is exactly what kubectl writes to standard error
/// (without the final newline), e.g. `Error from server (NotFound): pods "x" not found`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct KubectlError {
    message: String,
    /// Anything the command printed on standard output before it failed (e.g. the pods that
    /// were found when another name was not).
    pub stdout: String,
    /// kubectl's exit code (1 for nearly everything).
    pub exit_code: i32,
}

impl KubectlError {
    /// An error with kubectl's text; the `error: ` prefix is added when missing, as kubectl's
    /// `CheckErr` does.
    pub fn new(message: impl Into<String>) -> Self {
        let message = message.into();
        let message = if message.starts_with("error: ")
            || message.starts_with("Error from server")
            || message.starts_with("The ")
        {
            message
        } else {
            format!("error: {message}")
        };
        KubectlError::raw(message)
    }

    /// An error printed as is.
    pub fn raw(message: impl Into<String>) -> Self {
        KubectlError {
            message: message.into(),
            stdout: String::new(),
            exit_code: 1,
        }
    }

    /// The standard error text (as `Display`).
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for KubectlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for KubectlError {}

/// Everything one kubectl command writes: standard output, standard error and the exit code.
/// A successful command may still write to standard error (`No resources found in default
/// namespace.`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct KubectlOutput {
    /// Standard output, byte for byte.
    pub stdout: String,
    /// Standard error, each line ending in a newline.
    pub stderr: String,
    /// 0 on success.
    pub exit_code: i32,
}

impl KubectlOutput {
    /// Whether the command succeeded.
    pub fn success(&self) -> bool {
        self.exit_code == 0
    }
}
