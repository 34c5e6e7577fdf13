//! Commands run inside a container (`kubectl exec`, a pod shell) or on the host: the
//! busybox tools a learner types (`curl`, `wget`, `nslookup`, `ping`, `cat`, `hostname`,
//! `env`), with their output layout and exit statuses, on top of the cluster's network.
//!
//! This layer sits between the [`Cluster`] handle and the command-line façades (`kubectl
//! exec` and the terminal use it).

mod curl;
mod files;
mod nslookup;
mod ping;
mod wget;

use crate::Cluster;
use crate::api::Pod;
use crate::net::Origin;

/// Where a command runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// The machine running minikube: on the node network, without cluster DNS.
    Host,
    /// A pod's (first) container.
    Pod {
        /// Its namespace.
        namespace: String,
        /// Its name.
        name: String,
    },
}

/// What a command wrote and how it ended.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Exit status.
    pub status: i32,
    /// Both streams as a terminal interleaves them, when that differs from standard
    /// output followed by standard error (`curl -v` writes headers before the body).
    pub interleaved: Option<String>,
}

impl Output {
    /// Success with `stdout`.
    pub fn ok(stdout: String) -> Self {
        Output {
            stdout,
            ..Output::default()
        }
    }

    /// Failure with `status` and `stderr`.
    pub fn failed(status: i32, stderr: String) -> Self {
        Output {
            status,
            stderr,
            ..Output::default()
        }
    }
}

/// `echo` (with `-n`), the same in bash and busybox.
pub fn echo(args: &[String]) -> Output {
    let (newline, args) = match args.first().map(String::as_str) {
        Some("-n") => (false, args.get(1..).unwrap_or_default()),
        _ => (true, args),
    };
    let mut out = args.join(" ");
    if newline {
        out.push('\n');
    }
    Output::ok(out)
}

/// Runs `argv` at `target` with `stdin`.
pub fn run(cluster: &Cluster, target: &Target, argv: &[String], stdin: &str) -> Output {
    let Some((name, args)) = argv.split_first() else {
        return Output::default();
    };
    match target {
        Target::Host => host(cluster, name, args, stdin),
        Target::Pod {
            namespace,
            name: pod,
        } => match cluster.get::<Pod>(namespace, pod) {
            Ok(p) => in_pod(cluster, &p, name, args, stdin),
            Err(_) => Output::failed(
                1,
                format!("Error from server (NotFound): pods \"{pod}\" not found\n"),
            ),
        },
    }
}

fn host(cluster: &Cluster, name: &str, args: &[String], stdin: &str) -> Output {
    match name {
        "curl" => curl::run(cluster, Origin::Host, args),
        "wget" => wget::run(cluster, Origin::Host, args),
        "ping" => ping::run(cluster, Origin::Host, args),
        "cat" => cat(args, stdin, |path| {
            format!("cat: {path}: No such file or directory\n")
        }),
        "grep" => grep(args, stdin),
        "head" | "tail" | "wc" => text_tool(name, args, stdin),
        _ => Output::failed(127, format!("bash: {name}: command not found\n")),
    }
}

fn in_pod(cluster: &Cluster, pod: &Pod, name: &str, args: &[String], stdin: &str) -> Output {
    let origin = Origin::pod(&format!(
        "{}/{}",
        pod.metadata.namespace(),
        pod.metadata.name()
    ));
    match name {
        "curl" if has_curl(pod) => curl::run(cluster, origin, args),
        "wget" => wget::run(cluster, origin, args),
        "nslookup" => nslookup::run(cluster, origin, args),
        "ping" => ping::run(cluster, origin, args),
        "hostname" => Output::ok(format!("{}\n", files::hostname(pod))),
        "cat" => {
            if let Some(path) = args.first()
                && let Some(content) = files::read(cluster, pod, path)
            {
                return Output::ok(content);
            }
            cat(args, stdin, |path| {
                format!("cat: can't open '{path}': No such file or directory\n")
            })
        }
        "env" | "printenv" => Output::ok(files::environment(cluster, pod)),
        "grep" => grep(args, stdin),
        "head" | "tail" | "wc" => text_tool(name, args, stdin),
        _ => Output::failed(127, format!("sh: {name}: not found\n")),
    }
}

fn cat(args: &[String], stdin: &str, missing: impl Fn(&str) -> String) -> Output {
    match args.first() {
        None => Output::ok(stdin.to_owned()),
        Some(dash) if dash == "-" => Output::ok(stdin.to_owned()),
        Some(path) => Output::failed(1, missing(path)),
    }
}

/// `head`/`tail` (`-n N`, `-N`) and `wc` (`-l`, `-c`, `-w`) over standard input.
fn text_tool(name: &str, args: &[String], stdin: &str) -> Output {
    if name == "wc" {
        let lines = stdin.lines().count();
        let words = stdin.split_whitespace().count();
        let bytes = stdin.len();
        let out = match args.first().map(String::as_str) {
            Some("-l") => format!("{lines}\n"),
            Some("-w") => format!("{words}\n"),
            Some("-c") => format!("{bytes}\n"),
            _ => format!("{lines:>7} {words:>7} {bytes:>7}\n"),
        };
        return Output::ok(out);
    }
    let mut n: usize = 10;
    let mut i = 0;
    while let Some(a) = args.get(i) {
        if a == "-n" {
            i += 1;
            n = args.get(i).and_then(|v| v.parse().ok()).unwrap_or(n);
        } else if let Some(v) = a.strip_prefix('-').and_then(|v| v.parse().ok()) {
            n = v;
        }
        i += 1;
    }
    let lines: Vec<&str> = stdin.split_inclusive('\n').collect();
    let picked = if name == "head" {
        lines.iter().take(n).copied().collect::<String>()
    } else {
        lines
            .iter()
            .skip(lines.len().saturating_sub(n))
            .copied()
            .collect()
    };
    Output::ok(picked)
}

/// `grep [-v] [-i] PATTERN`: a fixed-string filter over standard input.
fn grep(args: &[String], stdin: &str) -> Output {
    let invert = args.iter().any(|a| a == "-v");
    let ignore_case = args.iter().any(|a| a == "-i");
    let Some(pattern) = args.iter().find(|a| !a.starts_with('-')) else {
        return Output::failed(2, "Usage: grep [OPTION]... PATTERNS [FILE]...\n".into());
    };
    let needle = if ignore_case {
        pattern.to_lowercase()
    } else {
        pattern.clone()
    };
    let mut out = String::new();
    for line in stdin.lines() {
        let hay = if ignore_case {
            line.to_lowercase()
        } else {
            line.to_owned()
        };
        if hay.contains(&needle) != invert {
            out.push_str(line);
            out.push('\n');
        }
    }
    let status = i32::from(out.is_empty());
    Output {
        stdout: out,
        status,
        ..Output::default()
    }
}

/// Busybox has wget but not curl; curl-carrying images (busybox-curl, curlimages/curl,
/// nginx, the echoserver) have it.
fn has_curl(pod: &Pod) -> bool {
    let image = pod
        .spec
        .containers
        .first()
        .and_then(|c| c.image.as_deref())
        .unwrap_or_default();
    let repository = image.rsplit('/').next().unwrap_or(image);
    let repository = repository.split([':', '@']).next().unwrap_or(repository);
    repository != "busybox"
}
