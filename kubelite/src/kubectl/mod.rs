//! kubectl, in process: [`Cluster::kubectl`] answers a kubectl command line with the bytes
//! kubectl prints, as a client of the cluster the way kubectl is a client of an API server.
//!
//! - [`split_words`]: the command line split as a shell splits it (quotes, escapes).
//! - [`print`](mod@print): the printers (tables, `-o yaml|json|name`).
//! - [`jsonpath`]: the `-o jsonpath` template language.
//! - [`human_duration`]: the AGE column.
//!
//! ```
//! let cluster = kubelite::Cluster::new();
//! cluster.kubectl("create deployment echo-minikube --image=k8s.gcr.io/echoserver:1.4")?;
//! let out = cluster.kubectl("get deploy")?;
//! assert_eq!(out, "NAME            READY   UP-TO-DATE   AVAILABLE   AGE\n\
//!                  echo-minikube   1/1     1            1           0s\n");
//! let err = cluster.kubectl("get pod nope").unwrap_err();
//! assert_eq!(err.to_string(), r#"Error from server (NotFound): pods "nope" not found"#);
//! # Ok::<(), kubelite::kubectl::KubectlError>(())
//! ```

mod cmd;
mod duration;
mod error;
mod flags;
pub mod jsonpath;
pub mod print;
mod resources;
mod words;

pub use duration::{
    human_duration, human_duration_nanos, short_human_duration, short_human_duration_nanos,
};
pub use error::{KubectlError, KubectlOutput};
pub use words::split_words;

use crate::Cluster;

impl Cluster {
    /// Runs a kubectl command line (the words after `kubectl`): standard output on success,
    /// kubectl's standard error text on failure.
    ///
    /// ```
    /// let cluster = kubelite::Cluster::new();
    /// assert_eq!(cluster.kubectl("create namespace shop")?, "namespace/shop created\n");
    /// assert_eq!(
    ///     cluster.kubectl("frobnicate").unwrap_err().to_string(),
    ///     "error: unknown command \"frobnicate\" for \"kubectl\""
    /// );
    /// # Ok::<(), kubelite::kubectl::KubectlError>(())
    /// ```
    pub fn kubectl(&self, args: &str) -> Result<String, KubectlError> {
        into_result(self.kubectl_output(args, None))
    }

    /// Like [`Cluster::kubectl`], with `stdin` as standard input (`apply -f -`).
    ///
    /// ```
    /// let cluster = kubelite::Cluster::new();
    /// let svc = "apiVersion: v1\nkind: Service\nmetadata:\n  name: echo-service\nspec:\n  selector:\n    app: echo-minikube\n  ports:\n  - port: 8080\n    targetPort: 8080\n";
    /// assert_eq!(cluster.kubectl_stdin("apply -f -", svc)?, "service/echo-service created\n");
    /// assert_eq!(cluster.kubectl_stdin("apply -f -", svc)?, "service/echo-service unchanged\n");
    /// # Ok::<(), kubelite::kubectl::KubectlError>(())
    /// ```
    pub fn kubectl_stdin(&self, args: &str, stdin: &str) -> Result<String, KubectlError> {
        into_result(self.kubectl_output(args, Some(stdin)))
    }

    /// Everything a command line writes — standard output, standard error, exit code — for a
    /// terminal to show as kubectl would (a success may still print on standard error).
    ///
    /// ```
    /// let cluster = kubelite::Cluster::new();
    /// let out = cluster.kubectl_output("get pods", None);
    /// assert!(out.success());
    /// assert_eq!(out.stdout, "");
    /// assert_eq!(out.stderr, "No resources found in default namespace.\n");
    /// ```
    pub fn kubectl_output(&self, args: &str, stdin: Option<&str>) -> KubectlOutput {
        match split_words(args) {
            Ok(words) => cmd::run(self, words, stdin),
            Err(e) => KubectlOutput {
                stdout: String::new(),
                stderr: format!("{e}\n"),
                exit_code: 2,
            },
        }
    }
}

impl Cluster {
    /// [`Cluster::kubectl_output`] with words already split (a terminal splits them).
    pub(crate) fn kubectl_words(&self, words: &[String], stdin: Option<&str>) -> KubectlOutput {
        cmd::run(self, words.to_vec(), stdin)
    }
}

fn into_result(output: KubectlOutput) -> Result<String, KubectlError> {
    if output.success() {
        return Ok(output.stdout);
    }
    let mut error = KubectlError::raw(output.stderr.strip_suffix('\n').unwrap_or(&output.stderr));
    error.stdout = output.stdout;
    error.exit_code = output.exit_code;
    Err(error)
}
