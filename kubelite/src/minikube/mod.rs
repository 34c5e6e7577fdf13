//! `minikube` on the host, against the in-memory cluster: `ip`, `service` (with `--url`,
//! `list`, `-n`), `tunnel`, `status` and `version`, with minikube's tables and messages
//! (docker driver on Linux: node ports are reachable from the host, nothing is
//! port-forwarded).
//!
//! ```
//! use kubelite::Cluster;
//! let cluster = Cluster::new();
//! assert_eq!(cluster.minikube("ip")?, "192.168.49.2\n");
//! let err = cluster.minikube("service nope --url").unwrap_err();
//! assert!(err.to_string().contains("Service 'nope' was not found in 'default' namespace."));
//! # Ok::<(), kubelite::minikube::MinikubeError>(())
//! ```

mod service;
mod table;

use std::fmt;

use crate::Cluster;

/// The minikube release kubelite's answers imitate.
pub const MINIKUBE_VERSION: &str = "v1.37.0";

/// What one `minikube` invocation wrote and how it ended, as a terminal sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MinikubeOutput {
    /// Standard output.
    pub stdout: String,
    /// Standard error (warnings, and the error box when the command failed).
    pub stderr: String,
    /// The exit status (`0` on success; minikube's reason codes otherwise, e.g. 115 for
    /// `SVC_NOT_FOUND`).
    pub exit_code: i32,
}

/// A failed `minikube` command: `Display` is what minikube writes to standard error.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{text}")]
pub struct MinikubeError {
    text: String,
    exit_code: i32,
}

impl MinikubeError {
    /// The exit status minikube ends with.
    pub fn exit_code(&self) -> i32 {
        self.exit_code
    }
}

impl MinikubeOutput {
    fn ok(stdout: String) -> Self {
        MinikubeOutput {
            stdout,
            ..MinikubeOutput::default()
        }
    }

    /// minikube's `exit.Message`: the reason's ID and the message between blank lines.
    fn exit(reason: &str, exit_code: i32, message: impl fmt::Display) -> Self {
        MinikubeOutput {
            stderr: format!("\n❌  Exiting due to {reason}: {message}\n\n"),
            exit_code,
            ..MinikubeOutput::default()
        }
    }

    /// cobra's usage errors.
    fn usage(message: impl fmt::Display) -> Self {
        MinikubeOutput {
            stderr: format!("Error: {message}\nRun 'minikube --help' for usage.\n"),
            exit_code: 1,
            ..MinikubeOutput::default()
        }
    }
}

impl Cluster {
    /// Runs a `minikube` command line (the words after `minikube`) and returns what it
    /// prints on standard output; a failure's `Display` is minikube's standard error.
    pub fn minikube(&self, args: &str) -> Result<String, MinikubeError> {
        let words = match crate::kubectl::split_words(args) {
            Ok(words) => words,
            Err(e) => {
                return Err(MinikubeError {
                    text: e.to_string(),
                    exit_code: 2,
                });
            }
        };
        let output = self.minikube_output(&words);
        if output.exit_code == 0 {
            Ok(output.stdout)
        } else {
            Err(MinikubeError {
                text: output.stderr,
                exit_code: output.exit_code,
            })
        }
    }

    /// Runs `minikube` with already split words and returns everything it wrote, for a
    /// terminal transcript (warnings go to standard error even when the command succeeds).
    pub fn minikube_output(&self, words: &[String]) -> MinikubeOutput {
        let Some((command, rest)) = words.split_first() else {
            return MinikubeOutput::ok(HELP.to_owned());
        };
        match command.as_str() {
            "ip" => self.minikube_ip(rest),
            "service" => service::run(self, rest),
            "tunnel" => service::tunnel(self),
            "status" => MinikubeOutput::ok(self.minikube_status()),
            "version" => MinikubeOutput::ok(format!(
                "minikube version: {MINIKUBE_VERSION}\ncommit: kubelite\n"
            )),
            "help" | "--help" | "-h" => MinikubeOutput::ok(HELP.to_owned()),
            other => {
                MinikubeOutput::usage(format_args!("unknown command \"{other}\" for \"minikube\""))
            }
        }
    }

    fn minikube_ip(&self, args: &[String]) -> MinikubeOutput {
        let nodes = self.node_addresses();
        let mut wanted: Option<&str> = None;
        let mut i = 0;
        while let Some(arg) = args.get(i) {
            if arg == "-n" || arg == "--node" {
                match args.get(i + 1) {
                    Some(v) => wanted = Some(v),
                    None => {
                        return MinikubeOutput::usage(format_args!(
                            "flag needs an argument: {}",
                            flag_display(arg)
                        ));
                    }
                }
                i += 2;
                continue;
            }
            if let Some(v) = arg.strip_prefix("--node=") {
                wanted = Some(v);
            } else {
                return MinikubeOutput::usage(format_args!("unknown flag: {arg}"));
            }
            i += 1;
        }
        let found = match wanted {
            None => nodes.first(),
            Some(name) => nodes.iter().find(|(n, _)| n == name),
        };
        match (found, wanted) {
            (Some((_, ip)), _) => MinikubeOutput::ok(format!("{ip}\n")),
            (None, Some(name)) => MinikubeOutput::exit(
                "GUEST_NODE_RETRIEVE",
                80,
                format_args!("retrieving node: Could not find node {name}"),
            ),
            (None, None) => MinikubeOutput::exit("GUEST_STATUS", 80, "no nodes"),
        }
    }

    fn minikube_status(&self) -> String {
        let nodes = self.node_addresses();
        let mut out = String::new();
        for (i, (name, _)) in nodes.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            if i == 0 {
                out.push_str(&format!(
                    "{name}\ntype: Control Plane\nhost: Running\nkubelet: Running\napiserver: Running\nkubeconfig: Configured\n"
                ));
            } else {
                out.push_str(&format!(
                    "{name}\ntype: Worker\nhost: Running\nkubelet: Running\n"
                ));
            }
        }
        out.push('\n');
        out
    }

    /// Node names and InternalIPs, in node order (the control plane first).
    fn node_addresses(&self) -> Vec<(String, String)> {
        self.list::<crate::api::Node>(None, "")
            .unwrap_or_default()
            .into_iter()
            .filter_map(|n| {
                let ip = n.internal_ip()?.to_owned();
                Some((n.metadata.name().to_owned(), ip))
            })
            .collect()
    }
}

/// `-n` reads as cobra names it in "flag needs an argument".
fn flag_display(flag: &str) -> String {
    match flag.strip_prefix("--") {
        Some(long) => format!("--{long}"),
        None => format!("'{}' in {flag}", flag.trim_start_matches('-')),
    }
}

const HELP: &str =
    "minikube provisions and manages local Kubernetes clusters optimized for development workflows.

kubelite answers these commands against the in-memory cluster:
  ip          Retrieves the IP address of the specified node
  service     Returns a URL to connect to a service (--url, -n, list)
  tunnel      Connect to LoadBalancer services
  status      Gets the status of a local Kubernetes cluster
  version     Print the version of minikube
";
