//! `kubectl exec POD [-n NS] [-c CONTAINER] -- COMMAND…`: runs a command in the pod's
//! container through the container tools ([`crate::exec`]). An interactive shell (`-it … --
//! sh`) needs a terminal: [`crate::Cluster::shell`] opens one.

use crate::exec::{self, Target};
use crate::kubectl::KubectlError;

use super::Ctx;

const USAGE: &str = "See 'kubectl exec -h' for help and examples";

pub(super) fn run(ctx: &mut Ctx<'_>, words: &[String]) -> Result<(), KubectlError> {
    let mut namespace = "default".to_owned();
    let mut pod: Option<String> = None;
    let mut interactive = false;
    let mut command: Option<&[String]> = None;
    let mut extra_positional = false;
    let mut seen_exec = false;
    let mut i = 0;
    while let Some(w) = words.get(i) {
        match w.as_str() {
            "--" => {
                command = words.get(i + 1..);
                break;
            }
            "exec" if !seen_exec => seen_exec = true,
            "-n" | "--namespace" | "-c" | "--container" => {
                let Some(value) = words.get(i + 1) else {
                    let flag = w.trim_start_matches('-');
                    return Err(KubectlError::new(if w.starts_with("--") {
                        format!("flag needs an argument: --{flag}\n{USAGE}")
                    } else {
                        format!("flag needs an argument: '{flag}' in -{flag}\n{USAGE}")
                    }));
                };
                if w == "-n" || w == "--namespace" {
                    namespace = value.clone();
                }
                i += 1;
            }
            "-i" | "-t" | "-it" | "-ti" | "--stdin" | "--tty" => interactive = true,
            "-q" | "--quiet" => {}
            other => {
                if let Some(ns) = other.strip_prefix("--namespace=") {
                    namespace = ns.to_owned();
                } else if other.starts_with("--container=") {
                } else if other.starts_with('-') {
                    return Err(KubectlError::new(format!("unknown flag: {other}\n{USAGE}")));
                } else if pod.is_none() {
                    pod = Some(
                        other
                            .trim_start_matches("pod/")
                            .trim_start_matches("pods/")
                            .to_owned(),
                    );
                } else {
                    extra_positional = true;
                }
            }
        }
        i += 1;
    }
    let Some(pod) = pod else {
        return Err(KubectlError::new(format!(
            "pod, type/name or --filename must be specified\n{USAGE}"
        )));
    };
    if extra_positional && command.is_none() {
        return Err(KubectlError::new(format!(
            "exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\n{USAGE}"
        )));
    }
    let Some(command) = command.filter(|c| !c.is_empty()) else {
        return Err(KubectlError::new(format!(
            "you must specify at least one command for the container\n{USAGE}"
        )));
    };
    if ctx
        .cluster
        .get::<crate::api::Pod>(&namespace, &pod)
        .is_err()
    {
        return Err(KubectlError::new(format!(
            "Error from server (NotFound): pods \"{pod}\" not found"
        )));
    }
    if interactive
        && command.len() == 1
        && command
            .first()
            .is_some_and(|c| matches!(c.as_str(), "sh" | "/bin/sh" | "bash" | "/bin/bash" | "ash"))
    {
        return Err(KubectlError::new(
            "an interactive shell needs a terminal: open it with Cluster::shell (or a Terminal) and type the commands there",
        ));
    }
    let target = Target::Pod {
        namespace,
        name: pod,
    };
    let out = exec::run(ctx.cluster, &target, command, ctx.stdin.unwrap_or_default());
    ctx.out.push_str(&out.stdout);
    ctx.err.push_str(&out.stderr);
    if out.status != 0 {
        if out.stderr.starts_with("Error from server") {
            let mut e = KubectlError::raw(out.stderr.trim_end());
            e.exit_code = 1;
            ctx.err.clear();
            return Err(e);
        }
        let mut e = KubectlError::raw(format!("command terminated with exit code {}", out.status));
        e.exit_code = out.status;
        return Err(e);
    }
    Ok(())
}
