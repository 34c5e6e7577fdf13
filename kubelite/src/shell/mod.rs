//! The user's terminal against the in-memory cluster: `kubectl`, `minikube`, `curl` from the
//! host, variables, `$(…)`, pipes into `kubectl … -f -`, here-documents, `&&`/`||`/`;`,
//! pasted prompts, and pod shells opened with `kubectl run -it` or `kubectl exec -it`.
//!
//! [`Cluster::shell`] runs a script and stops at the first failing command (a test fixture
//! wants to know); a [`Terminal`] goes on after failures (a person at a prompt).
//!
//! ```
//! let cluster = kubelite::Cluster::new();
//! let transcript = cluster.shell("$ minikube ip\n$ echo done")?;
//! assert_eq!(transcript.to_string(), "$ minikube ip\n192.168.49.2\n$ echo done\ndone\n");
//! # Ok::<(), kubelite::shell::ShellError>(())
//! ```

mod script;
mod terminal;
mod transcript;
mod words;

use std::fmt;

pub use script::ScriptError;
pub use terminal::{HOST_PROMPT, POD_PROMPT, Terminal};
pub use transcript::{Step, Transcript};
pub use words::SyntaxError;

use crate::Cluster;

/// A script that failed: what the terminal showed up to and including the failing command.
/// `Display` is the error text the terminal printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellError {
    transcript: Transcript,
    script: Option<ScriptError>,
}

impl ShellError {
    /// The steps run, the failing one last.
    pub fn transcript(&self) -> &Transcript {
        &self.transcript
    }

    /// The failing step, unless the script could not be read at all.
    pub fn failed_step(&self) -> Option<&Step> {
        if self.script.is_some() {
            return None;
        }
        self.transcript.last()
    }

    /// Why the script could not be read, if that was the failure.
    pub fn script_error(&self) -> Option<&ScriptError> {
        self.script.as_ref()
    }
}

impl fmt::Display for ShellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(e) = &self.script {
            return e.fmt(f);
        }
        match self.transcript.last() {
            Some(step) if !step.stderr().is_empty() => {
                f.write_str(step.stderr().trim_end_matches('\n'))
            }
            Some(step) => write!(
                f,
                "`{}` exited with status {}",
                step.command(),
                step.status()
            ),
            None => f.write_str("nothing ran"),
        }
    }
}

impl std::error::Error for ShellError {}

impl Cluster {
    /// Runs a terminal script against the cluster, line by line, and returns its
    /// transcript; stops at the first command that fails (its status is not 0).
    pub fn shell(&self, script: &str) -> Result<Transcript, ShellError> {
        let mut terminal = Terminal::new(self);
        match terminal.run_strict(script) {
            Ok(()) => Ok(terminal.into_transcript()),
            Err(script) => Err(ShellError {
                transcript: terminal.into_transcript(),
                script,
            }),
        }
    }
}
