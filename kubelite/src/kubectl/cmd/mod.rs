//! The commands and the dispatcher that finds them in a command line.

mod apply;
mod create;
mod describe;
pub(crate) mod errors;
mod exec;
mod expose;
mod get;
mod info;
mod logs;
mod modify;
pub(crate) mod output;
mod run;

use crate::Cluster;
use crate::kubectl::flags::{self, Flag, GLOBAL, Parsed, Takes};
use crate::kubectl::{KubectlError, KubectlOutput};

/// What a command works with: the cluster, standard input, and what it has printed so far.
pub(crate) struct Ctx<'a> {
    pub(crate) cluster: &'a Cluster,
    pub(crate) stdin: Option<&'a str>,
    pub(crate) out: String,
    pub(crate) err: String,
}

type Handler = fn(&mut Ctx<'_>, &Parsed) -> Result<(), KubectlError>;

/// A command: its words (`create deployment`), flags and handler.
struct Command {
    path: &'static [&'static str],
    flags: &'static [Flag],
    handler: Handler,
}

const NO_FLAGS: &[Flag] = &[];

const COMMANDS: &[Command] = &[
    Command {
        path: &["get"],
        flags: get::FLAGS,
        handler: get::run,
    },
    Command {
        path: &["describe"],
        flags: describe::FLAGS,
        handler: describe::run,
    },
    Command {
        path: &["apply"],
        flags: apply::FLAGS,
        handler: apply::apply,
    },
    Command {
        path: &["create", "deployment"],
        flags: create::DEPLOYMENT_FLAGS,
        handler: create::deployment,
    },
    Command {
        path: &["create", "namespace"],
        flags: create::NAMESPACE_FLAGS,
        handler: create::namespace,
    },
    Command {
        path: &["create", "service", "clusterip"],
        flags: create::SERVICE_FLAGS,
        handler: create::service_clusterip,
    },
    Command {
        path: &["create", "service", "nodeport"],
        flags: create::SERVICE_FLAGS,
        handler: create::service_nodeport,
    },
    Command {
        path: &["create", "service", "loadbalancer"],
        flags: create::SERVICE_FLAGS,
        handler: create::service_loadbalancer,
    },
    Command {
        path: &["create", "service"],
        flags: NO_FLAGS,
        handler: create::service_usage,
    },
    Command {
        path: &["create"],
        flags: apply::CREATE_FLAGS,
        handler: apply::create,
    },
    Command {
        path: &["delete"],
        flags: apply::DELETE_FLAGS,
        handler: apply::delete,
    },
    Command {
        path: &["expose"],
        flags: expose::FLAGS,
        handler: expose::run,
    },
    Command {
        path: &["scale"],
        flags: modify::SCALE_FLAGS,
        handler: modify::scale,
    },
    Command {
        path: &["label"],
        flags: modify::LABEL_FLAGS,
        handler: modify::label,
    },
    Command {
        path: &["annotate"],
        flags: modify::LABEL_FLAGS,
        handler: modify::annotate,
    },
    Command {
        path: &["patch"],
        flags: modify::PATCH_FLAGS,
        handler: modify::patch,
    },
    Command {
        path: &["set", "image"],
        flags: modify::SET_IMAGE_FLAGS,
        handler: modify::set_image,
    },
    Command {
        path: &["rollout", "restart"],
        flags: modify::ROLLOUT_FLAGS,
        handler: modify::rollout_restart,
    },
    Command {
        path: &["rollout", "status"],
        flags: modify::ROLLOUT_FLAGS,
        handler: modify::rollout_status,
    },
    Command {
        path: &["rollout", "history"],
        flags: modify::ROLLOUT_FLAGS,
        handler: modify::rollout_history,
    },
    Command {
        path: &["rollout", "undo"],
        flags: modify::ROLLOUT_FLAGS,
        handler: modify::rollout_undo,
    },
    Command {
        path: &["run"],
        flags: run::FLAGS,
        handler: run::run,
    },
    Command {
        path: &["logs"],
        flags: logs::FLAGS,
        handler: logs::run,
    },
    Command {
        path: &["edit"],
        flags: info::EDIT_FLAGS,
        handler: info::edit,
    },
    Command {
        path: &["version"],
        flags: info::VERSION_FLAGS,
        handler: info::version,
    },
    Command {
        path: &["cluster-info"],
        flags: NO_FLAGS,
        handler: info::cluster_info,
    },
    Command {
        path: &["api-resources"],
        flags: info::API_RESOURCES_FLAGS,
        handler: info::api_resources,
    },
];

/// kubectl's commands that kubelite does not model (for the "did you mean" list and a clear
/// refusal instead of "unknown command").
const UNSUPPORTED: &[&str] = &[
    "exec",
    "attach",
    "port-forward",
    "proxy",
    "cp",
    "top",
    "explain",
    "replace",
    "diff",
    "kustomize",
    "autoscale",
    "certificate",
    "cordon",
    "uncordon",
    "drain",
    "taint",
    "auth",
    "debug",
    "events",
    "wait",
    "config",
    "plugin",
    "completion",
    "alpha",
    "options",
];

/// Runs one command line (already split into words).
pub(crate) fn run(cluster: &Cluster, mut words: Vec<String>, stdin: Option<&str>) -> KubectlOutput {
    if words.first().is_some_and(|w| w == "kubectl") {
        words.remove(0);
    }
    let mut ctx = Ctx {
        cluster,
        stdin,
        out: String::new(),
        err: String::new(),
    };
    let result = dispatch(&mut ctx, &words);
    let mut output = KubectlOutput {
        stdout: ctx.out,
        stderr: ctx.err,
        exit_code: 0,
    };
    if let Err(e) = result {
        output.stderr.push_str(e.message());
        if !e.message().ends_with('\n') {
            output.stderr.push('\n');
        }
        output.exit_code = e.exit_code;
    }
    output
}

/// Words that are not flags, with their positions, skipping the values of global flags given
/// before the command (`kubectl -n kube-system get pods`).
fn positionals(words: &[String]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(w) = words.get(i) {
        if w == "--" {
            break;
        }
        if let Some(long) = w.strip_prefix("--") {
            let takes_value = GLOBAL
                .iter()
                .any(|f| f.long == long && f.takes != Takes::Bool);
            i += if takes_value { 2 } else { 1 };
            continue;
        }
        if let Some(short) = w.strip_prefix('-').filter(|s| s.len() == 1) {
            let takes_value = GLOBAL
                .iter()
                .any(|f| f.short.is_some_and(|c| c.to_string() == short) && f.takes != Takes::Bool);
            i += if takes_value { 2 } else { 1 };
            continue;
        }
        if w.starts_with('-') && w.len() > 1 {
            i += 1;
            continue;
        }
        out.push(i);
        i += 1;
    }
    out
}

fn dispatch(ctx: &mut Ctx<'_>, words: &[String]) -> Result<(), KubectlError> {
    let positions = positionals(words);
    let Some(&first) = positions.first() else {
        // Only flags (or nothing): kubectl's root command.
        flags::parse(words, NO_FLAGS, "kubectl")?;
        ctx.out.push_str(info::ROOT_HELP);
        return Ok(());
    };
    let name = words.get(first).map_or("", String::as_str);
    // The longest command path whose words lead the positional arguments.
    let command = COMMANDS
        .iter()
        .filter(|c| {
            c.path.iter().enumerate().all(|(k, part)| {
                positions.get(k).is_some_and(|&at| {
                    words.get(at).is_some_and(|w| w == part)
                        && k.checked_sub(1)
                            .and_then(|j| positions.get(j))
                            .is_none_or(|&before| at > before)
                })
            })
        })
        .max_by_key(|c| c.path.len());
    let Some(command) = command else {
        if name == "exec" {
            return exec::run(ctx, words);
        }
        if UNSUPPORTED.contains(&name) {
            return Err(unsupported(name));
        }
        if name == "help" {
            ctx.out.push_str(info::ROOT_HELP);
            return Ok(());
        }
        if name == "create" || name == "rollout" || name == "set" {
            // Known parents with an unknown subcommand.
            let sub = positions
                .get(1)
                .and_then(|&i| words.get(i))
                .map_or("", String::as_str);
            return Err(KubectlError::new(format!(
                "unknown command \"{sub}\" for \"kubectl {name}\"{}",
                suggestions(sub, &subcommands(name))
            )));
        }
        let all: Vec<&str> = COMMANDS
            .iter()
            .filter_map(|c| c.path.first().copied())
            .chain(UNSUPPORTED.iter().copied())
            .collect();
        return Err(KubectlError::new(format!(
            "unknown command {name:?} for \"kubectl\"{}",
            suggestions(name, &all)
        )));
    };
    let command_words: Vec<usize> = positions.iter().take(command.path.len()).copied().collect();
    let rest: Vec<String> = words
        .iter()
        .enumerate()
        .filter(|(i, _)| !command_words.contains(i))
        .map(|(_, w)| w.clone())
        .collect();
    let path = format!("kubectl {}", command.path.join(" "));
    let parsed = flags::parse(&rest, command.flags, &path)?;
    if parsed.bool("help") {
        ctx.out.push_str(&format!(
            "See the kubelite documentation (docs/kubectl.md) for `{path}`.\n"
        ));
        return Ok(());
    }
    (command.handler)(ctx, &parsed)
}

fn subcommands(parent: &str) -> Vec<&'static str> {
    COMMANDS
        .iter()
        .filter_map(|c| match c.path {
            [first, sub, ..] if *first == parent => Some(*sub),
            _ => None,
        })
        .collect()
}

fn unsupported(name: &str) -> KubectlError {
    match name {
        "exec" | "attach" => KubectlError::new(format!(
            "\"kubectl {name}\" opens an interactive session: run it in the cluster's shell (Cluster::shell)"
        )),
        _ => KubectlError::new(format!(
            "\"kubectl {name}\" is not supported by kubelite (see docs/kubectl.md)"
        )),
    }
}

/// cobra's "Did you mean this?" block: commands within edit distance 2 or starting with the
/// typed word.
fn suggestions(typed: &str, candidates: &[&str]) -> String {
    let lower = typed.to_lowercase();
    let mut found: Vec<&str> = Vec::new();
    for c in candidates {
        if (levenshtein(&lower, c) <= 2 || c.starts_with(&lower))
            && !found.contains(c)
            && !typed.is_empty()
        {
            found.push(c);
        }
    }
    if found.is_empty() {
        return String::new();
    }
    let mut out = String::from("\n\nDid you mean this?\n");
    for f in found {
        out.push('\t');
        out.push_str(f);
        out.push('\n');
    }
    out
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = Vec::with_capacity(prev.len());
        cur.push(i + 1);
        // (prev[j], prev[j + 1]) beside b[j]; cur's last is cur[j], never absent.
        for (cb, (&diag, &up)) in b.iter().zip(prev.iter().zip(prev.iter().skip(1))) {
            let left = cur.last().copied().unwrap_or(usize::MAX);
            let cost = usize::from(ca != *cb);
            cur.push((diag + cost).min(up + 1).min(left.saturating_add(1)));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

/// Fails with every collected error (each on its own line), or succeeds when there are none.
/// `v[path[0]][path[1]]… = value`, as serde_json's `IndexMut` does (absent or null levels
/// become objects), except that a level holding something other than an object leaves `v`
/// unchanged instead of panicking.
pub(crate) fn set(v: &mut serde_json::Value, path: &[&str], value: serde_json::Value) {
    use serde_json::{Map, Value};
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut at = v;
    for key in parents {
        if at.is_null() {
            *at = Value::Object(Map::new());
        }
        let Some(map) = at.as_object_mut() else {
            return;
        };
        at = map.entry((*key).to_owned()).or_insert(Value::Null);
    }
    if at.is_null() {
        *at = Value::Object(Map::new());
    }
    if let Some(map) = at.as_object_mut() {
        map.insert((*last).to_owned(), value);
    }
}

pub(crate) fn fail_with(errors: Vec<KubectlError>) -> Result<(), KubectlError> {
    if errors.is_empty() {
        return Ok(());
    }
    let text: Vec<&str> = errors.iter().map(KubectlError::message).collect();
    Err(KubectlError::raw(text.join("\n")))
}
