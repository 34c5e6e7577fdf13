//! [`Terminal`]: the user's terminal on the host, and the pod shells it opens.

use std::collections::BTreeMap;
use std::time::Duration;

use super::script::{self, Line, ScriptError};
use super::transcript::{Step, Transcript};
use super::words::{self, Op, Part, Token, Word};
use crate::Cluster;
use crate::api::{Kind, Pod};
use crate::exec::{self, Output, Target};

/// The prompt of the host terminal.
pub const HOST_PROMPT: &str = "$ ";
/// The prompt of a busybox shell in a pod (`/ # `: root, in `/`).
pub const POD_PROMPT: &str = "/ # ";

/// A terminal session against a cluster: runs command lines as a user types them, keeps
/// variables, opens pod shells with `kubectl run -it` / `kubectl exec -it` and leaves them
/// with `exit`, and records a [`Transcript`].
///
/// Unlike [`Cluster::shell`], a terminal goes on after a command fails, as a real one does.
///
/// ```
/// use kubelite::Cluster;
/// use kubelite::shell::Terminal;
/// let cluster = Cluster::new();
/// let mut terminal = Terminal::new(&cluster);
/// terminal.run("export NODE=$(minikube ip)\necho node at $NODE\nnot-a-command")?;
/// let steps = terminal.transcript().steps();
/// assert_eq!(steps[1].stdout(), "node at 192.168.49.2\n");
/// assert_eq!(steps[2].status(), 127);
/// # Ok::<(), kubelite::shell::ScriptError>(())
/// ```
pub struct Terminal<'c> {
    cluster: &'c Cluster,
    vars: BTreeMap<String, String>,
    session: Option<Session>,
    editor: Option<Editor<'c>>,
    pace: Duration,
    transcript: Transcript,
    status: i32,
}

/// What `kubectl edit` runs in place of an editor.
type Editor<'c> = Box<dyn FnMut(&str) -> String + 'c>;

/// A shell open in a pod.
#[derive(Clone, Debug)]
struct Session {
    namespace: String,
    pod: String,
    remove_on_exit: bool,
}

impl std::fmt::Debug for Terminal<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Terminal")
            .field("vars", &self.vars)
            .field("session", &self.session)
            .field("steps", &self.transcript.steps.len())
            .finish_non_exhaustive()
    }
}

impl<'c> Terminal<'c> {
    /// A fresh terminal on the host.
    pub fn new(cluster: &'c Cluster) -> Self {
        Terminal {
            cluster,
            vars: BTreeMap::new(),
            session: None,
            editor: None,
            pace: Duration::ZERO,
            transcript: Transcript::default(),
            status: 0,
        }
    }

    /// What `kubectl edit` does in the editor: given the object's YAML, the edited YAML.
    /// Without one, `kubectl edit` fails as there is no editor to open.
    pub fn with_editor(mut self, editor: impl FnMut(&str) -> String + 'c) -> Self {
        self.editor = Some(Box::new(editor));
        self
    }

    /// Advances the cluster's virtual clock by `per_command` before each command line, as
    /// the time a person takes to type it (so AGE columns look lived-in).
    pub fn pace(mut self, per_command: Duration) -> Self {
        self.pace = per_command;
        self
    }

    /// The prompt the next line is typed at.
    pub fn prompt(&self) -> &'static str {
        if self.session.is_some() {
            POD_PROMPT
        } else {
            HOST_PROMPT
        }
    }

    /// The pod (`namespace/name`) whose shell is open, if any.
    pub fn pod(&self) -> Option<String> {
        self.session
            .as_ref()
            .map(|s| format!("{}/{}", s.namespace, s.pod))
    }

    /// Everything run so far.
    pub fn transcript(&self) -> &Transcript {
        &self.transcript
    }

    /// Ends the session, keeping its transcript.
    pub fn into_transcript(self) -> Transcript {
        self.transcript
    }

    /// Runs every command line of `input` (a script, or one typed line), continuing after
    /// failures; returns the steps it added. A script that cannot be read (an unterminated
    /// here-document or quote) runs nothing.
    pub fn run(&mut self, input: &str) -> Result<&[Step], ScriptError> {
        let lines = script::split(input)?;
        let first = self.transcript.steps.len();
        for line in &lines {
            self.run_line(line);
        }
        Ok(self.transcript.steps.get(first..).unwrap_or_default())
    }

    /// Runs lines until one fails; used by [`Cluster::shell`].
    pub(crate) fn run_strict(&mut self, input: &str) -> Result<(), Option<ScriptError>> {
        let lines = script::split(input).map_err(Some)?;
        for line in &lines {
            if !self.run_line(line) {
                return Err(None);
            }
        }
        Ok(())
    }

    fn run_line(&mut self, line: &Line) -> bool {
        if !self.pace.is_zero() {
            self.cluster.advance(self.pace);
        }
        let prompt = self.prompt().to_owned();
        let out = self.run_tokens(&line.tokens, &line.heredocs);
        self.status = out.status;
        let ok = out.status == 0;
        self.transcript.steps.push(Step {
            prompt,
            command: line.text.clone(),
            input: line.heredoc_lines.clone(),
            stdout: out.stdout,
            stderr: out.stderr,
            status: out.status,
            interleaved: out.interleaved,
        });
        ok
    }

    /// Runs an and-or list: pipelines joined by `&&`, `||`, `;`.
    fn run_tokens(&mut self, tokens: &[Token], heredocs: &[String]) -> Output {
        let mut total = Output::default();
        // What the terminal shows, segment after segment.
        let mut display = String::new();
        let mut heredocs = heredocs.iter();
        let mut pipeline: Vec<&Token> = Vec::new();
        let mut run_it = true;
        let mut segments: Vec<(Vec<&Token>, Option<Op>)> = Vec::new();
        for t in tokens {
            match t {
                Token::Op(op @ (Op::And | Op::Or | Op::Seq)) => {
                    segments.push((std::mem::take(&mut pipeline), Some(*op)));
                }
                other => pipeline.push(other),
            }
        }
        if !pipeline.is_empty() {
            segments.push((pipeline, None));
        }
        for (pipeline, op) in segments {
            let bodies: Vec<String> = pipeline
                .iter()
                .filter(|t| matches!(t, Token::HereDoc { .. }))
                .filter_map(|_| heredocs.next().cloned())
                .collect();
            if run_it {
                let out = self.run_pipeline(&pipeline, &bodies);
                match &out.interleaved {
                    Some(all) => display.push_str(all),
                    None => {
                        display.push_str(&out.stdout);
                        display.push_str(&out.stderr);
                    }
                }
                total.stdout.push_str(&out.stdout);
                total.stderr.push_str(&out.stderr);
                total.status = out.status;
            }
            // POSIX: `&&` runs the next pipeline if the last one run succeeded, `||` if it
            // failed; a skipped pipeline keeps the status of the last one run.
            run_it = match op {
                Some(Op::And) => total.status == 0,
                Some(Op::Or) => total.status != 0,
                _ => true,
            };
        }
        if display != format!("{}{}", total.stdout, total.stderr) {
            total.interleaved = Some(display);
        }
        total
    }

    fn run_pipeline(&mut self, tokens: &[&Token], bodies: &[String]) -> Output {
        let mut bodies = bodies.iter();
        let mut stdin: Option<String> = None;
        let mut stderr = String::new();
        let mut last = Output::default();
        for command in tokens.split(|t| matches!(t, Token::Op(Op::Pipe))) {
            let mut argv = Vec::new();
            let mut input = stdin.take();
            let mut discard = false;
            for t in command {
                match t {
                    Token::Word(w) => {
                        let (fields, err) = self.expand(w);
                        stderr.push_str(&err);
                        argv.extend(fields);
                    }
                    Token::HereDoc { .. } => {
                        if let Some(body) = bodies.next() {
                            input = Some(self.expand_heredoc(body));
                        }
                    }
                    Token::Redirect(_) => discard = true,
                    Token::Op(_) => {}
                }
            }
            let mut out = self.command(&argv, input.as_deref());
            stderr.push_str(&std::mem::take(&mut out.stderr));
            if discard {
                out.stdout.clear();
            }
            stdin = Some(std::mem::take(&mut out.stdout));
            last = out;
        }
        // A lone command keeps its interleaving; in a pipeline only the last one's output
        // reaches the terminal, after the others' errors.
        let interleaved = last.interleaved.filter(|_| {
            stderr.is_empty() || tokens.iter().all(|t| !matches!(t, Token::Op(Op::Pipe)))
        });
        Output {
            stdout: stdin.unwrap_or_default(),
            stderr,
            status: last.status,
            interleaved,
        }
    }

    /// Expands `$VAR` and `$(…)` in a here-document body (unquoted delimiter semantics).
    fn expand_heredoc(&mut self, body: &str) -> String {
        if !body.contains('$') {
            return body.to_owned();
        }
        body.lines()
            .map(|line| {
                let quoted = format!("\"{}\"", line.replace('\\', "\\\\").replace('"', "\\\""));
                match words::tokenize(&quoted) {
                    Ok(tokens) => match tokens.first() {
                        Some(Token::Word(w)) => self.expand(w).0.join(" "),
                        _ => line.to_owned(),
                    },
                    Err(_) => line.to_owned(),
                }
            })
            .map(|l| l + "\n")
            .collect()
    }

    /// Expands a word into fields: variables and command substitutions, with field splitting
    /// of unquoted expansions. Returns the fields and what substitutions wrote to stderr.
    fn expand(&mut self, word: &Word) -> (Vec<String>, String) {
        let mut fields: Vec<String> = Vec::new();
        let mut current = String::new();
        let mut has_current = false;
        let mut stderr = String::new();
        for part in &word.parts {
            let (value, quoted) = match part {
                Part::Text(t) => {
                    current.push_str(t);
                    has_current = true;
                    continue;
                }
                Part::Var { name, quoted } => (self.var(name), *quoted),
                Part::Command { script, quoted } => {
                    let out = match words::tokenize(script) {
                        Ok(tokens) => self.run_tokens(&tokens, &[]),
                        Err(e) => Output::failed(2, format!("bash: {e}\n")),
                    };
                    stderr.push_str(&out.stderr);
                    (out.stdout.trim_end_matches('\n').to_owned(), *quoted)
                }
            };
            if quoted {
                current.push_str(&value);
                has_current = true;
                continue;
            }
            let mut pieces = value.split_whitespace();
            if let Some(first) = pieces.next() {
                current.push_str(first);
                has_current = true;
            }
            for piece in pieces {
                fields.push(std::mem::take(&mut current));
                current.push_str(piece);
            }
        }
        if has_current {
            fields.push(current);
        }
        (fields, stderr)
    }

    fn var(&self, name: &str) -> String {
        if name == "?" {
            return self.status.to_string();
        }
        self.vars.get(name).cloned().unwrap_or_default()
    }

    /// Runs one simple command.
    fn command(&mut self, argv: &[String], stdin: Option<&str>) -> Output {
        let Some((name, args)) = argv.split_first() else {
            return Output::default();
        };
        // `NAME=value` alone sets a shell variable.
        if let Some((var, value)) = name.split_once('=')
            && is_var_name(var)
            && args.is_empty()
        {
            self.vars.insert(var.to_owned(), value.to_owned());
            return Output::default();
        }
        match name.as_str() {
            "export" => {
                for a in args {
                    if let Some((var, value)) = a.split_once('=') {
                        self.vars.insert(var.to_owned(), value.to_owned());
                    }
                }
                return Output::default();
            }
            "echo" => return exec::echo(args),
            "true" | ":" | "cd" | "clear" => return Output::default(),
            "false" => return Output::failed(1, String::new()),
            "exit" => return self.exit(),
            "sleep" => {
                let seconds: f64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(0.0);
                if seconds.is_finite() && seconds > 0.0 {
                    self.cluster
                        .advance(Duration::from_secs_f64(seconds.min(1e9)));
                }
                return Output::default();
            }
            _ => {}
        }
        if let Some(session) = &self.session {
            let target = Target::Pod {
                namespace: session.namespace.clone(),
                name: session.pod.clone(),
            };
            return exec::run(self.cluster, &target, argv, stdin.unwrap_or_default());
        }
        match name.as_str() {
            "kubectl" => self.kubectl(args, stdin),
            "minikube" => {
                let out = self.cluster.minikube_output(args);
                Output {
                    stdout: out.stdout,
                    stderr: out.stderr,
                    status: out.exit_code,
                    interleaved: None,
                }
            }
            "help" => Output::ok(HELP.to_owned()),
            _ => exec::run(self.cluster, &Target::Host, argv, stdin.unwrap_or_default()),
        }
    }

    fn exit(&mut self) -> Output {
        let Some(session) = self.session.take() else {
            return Output::failed(
                1,
                "exit: no pod shell is open; kubelite keeps the host terminal running\n".into(),
            );
        };
        if session.remove_on_exit {
            return match self.cluster.delete_object(
                Kind::Pod,
                &session.namespace,
                &session.pod,
                Some(0),
            ) {
                Ok(_) => Output::ok(format!("pod \"{}\" deleted\n", session.pod)),
                Err(e) => Output::failed(1, format!("Error from server: {e}\n")),
            };
        }
        Output::default()
    }

    fn kubectl(&mut self, args: &[String], stdin: Option<&str>) -> Output {
        match args.first().map(String::as_str) {
            Some("run") if args.iter().any(|a| is_interactive_flag(a)) => {
                self.run_interactive(args)
            }
            Some("exec") => self.kubectl_exec(args),
            Some("edit") if self.editor.is_some() => self.edit(args),
            _ => kubectl(self.cluster, args, stdin),
        }
    }

    /// `kubectl run -it [--rm] NAME --image=IMG [--] [COMMAND…]`: creates the pod, waits for it
    /// to run, then opens its shell (or runs the command and shows its output).
    fn run_interactive(&mut self, args: &[String]) -> Output {
        let remove = args.iter().any(|a| a == "--rm" || a == "--rm=true");
        let mut create: Vec<String> = Vec::new();
        let mut command: Vec<String> = Vec::new();
        let mut after_dashes = false;
        for a in args {
            if after_dashes {
                command.push(a.clone());
            } else if a == "--" {
                after_dashes = true;
            } else if !is_interactive_flag(a) && !a.starts_with("--rm") {
                create.push(a.clone());
            }
        }
        let Some(parsed) = run_target(&create) else {
            return kubectl(self.cluster, &create, None);
        };
        // Words after the pod name that are not flags are the container's command.
        let mut create_args: Vec<String> = Vec::new();
        let mut seen_name = false;
        let mut skip_next = false;
        for a in &create {
            if skip_next {
                create_args.push(a.clone());
                skip_next = false;
                continue;
            }
            if a.starts_with('-') {
                skip_next = takes_value(a);
                create_args.push(a.clone());
            } else if a == &parsed.name && !seen_name {
                seen_name = true;
                create_args.push(a.clone());
            } else if seen_name {
                command.push(a.clone());
            } else {
                create_args.push(a.clone());
            }
        }
        let created = kubectl(self.cluster, &create_args, None);
        if created.status != 0 {
            return created;
        }
        self.wait_running(&parsed.namespace, &parsed.name);
        let mut out = Output::ok("If you don't see a command prompt, try pressing enter.\n".into());
        let shell = command.is_empty() || is_shell(&command);
        if shell {
            self.session = Some(Session {
                namespace: parsed.namespace,
                pod: parsed.name,
                remove_on_exit: remove,
            });
            return out;
        }
        let target = Target::Pod {
            namespace: parsed.namespace.clone(),
            name: parsed.name.clone(),
        };
        let ran = exec::run(self.cluster, &target, &command, "");
        out.stdout.push_str(&ran.stdout);
        out.stderr.push_str(&ran.stderr);
        if remove {
            let _ = self
                .cluster
                .delete_object(Kind::Pod, &parsed.namespace, &parsed.name, Some(0));
            out.stdout
                .push_str(&format!("pod \"{}\" deleted\n", parsed.name));
        }
        out.status = ran.status;
        out
    }

    /// Advances the virtual clock until the pod runs (kubectl waits for it to attach).
    fn wait_running(&self, namespace: &str, name: &str) {
        for _ in 0..300 {
            let running = self
                .cluster
                .get::<Pod>(namespace, name)
                .is_ok_and(|p| p.status.phase.as_deref() == Some("Running"));
            if running {
                return;
            }
            self.cluster.advance(Duration::from_secs(1));
        }
    }

    /// `kubectl exec -it POD [-n NS] -- sh` opens the pod's shell; anything else is
    /// kubectl's own `exec`.
    fn kubectl_exec(&mut self, args: &[String]) -> Output {
        let interactive = args.iter().any(|a| is_interactive_flag(a));
        let command = args
            .iter()
            .position(|a| a == "--")
            .and_then(|i| args.get(i + 1..))
            .unwrap_or_default();
        if !(interactive && is_shell(command)) {
            return kubectl(self.cluster, args, None);
        }
        let flags: Vec<String> = args
            .iter()
            .take_while(|a| *a != "--")
            .filter(|a| !is_interactive_flag(a))
            .cloned()
            .collect();
        let Some(parsed) = run_target(&flags) else {
            return kubectl(self.cluster, args, None);
        };
        let name = parsed.name.trim_start_matches("pod/").to_owned();
        if self.cluster.get::<Pod>(&parsed.namespace, &name).is_err() {
            return Output::failed(
                1,
                format!("Error from server (NotFound): pods \"{name}\" not found\n"),
            );
        }
        self.session = Some(Session {
            namespace: parsed.namespace,
            pod: name,
            remove_on_exit: false,
        });
        Output::default()
    }

    /// `kubectl edit TYPE NAME` with the terminal's editor: fetch, edit, write back.
    fn edit(&mut self, args: &[String]) -> Output {
        let mut get = vec!["get".to_owned()];
        get.extend(args.iter().skip(1).cloned());
        get.extend(["-o".to_owned(), "yaml".to_owned()]);
        let current = kubectl(self.cluster, &get, None);
        if current.status != 0 {
            return current;
        }
        let Some(editor) = self.editor.as_mut() else {
            return kubectl(self.cluster, args, None);
        };
        let edited = editor(&current.stdout);
        if edited == current.stdout {
            return Output::ok("Edit cancelled, no changes made.\n".into());
        }
        let object = match crate::manifest::from_yaml(&edited) {
            Ok(mut objects) if objects.len() == 1 => objects.remove(0),
            Ok(_) => {
                return Output::failed(1, "error: the edited file must hold one object\n".into());
            }
            Err(e) => return Output::failed(1, format!("error: {e}\n")),
        };
        let kind = object.kind_id();
        let name = object.meta().name().to_owned();
        match self.cluster.replace(object) {
            Ok(_) => Output::ok(format!("{}/{name} edited\n", resource_ref(kind))),
            Err(e) => Output::failed(1, format!("error: {e}\n")),
        }
    }
}

/// `deployment.apps`, `service`: how kubectl names a kind in its messages.
fn resource_ref(kind: Kind) -> String {
    let group = kind.group();
    if group.is_empty() {
        kind.singular().to_owned()
    } else {
        format!("{}.{group}", kind.singular())
    }
}

struct RunTarget {
    name: String,
    namespace: String,
}

/// The pod name (first positional word after the subcommand) and `-n` namespace.
fn run_target(args: &[String]) -> Option<RunTarget> {
    let mut namespace = "default".to_owned();
    let mut name = None;
    let mut i = 1;
    while let Some(a) = args.get(i) {
        if a == "-n" || a == "--namespace" {
            if let Some(ns) = args.get(i + 1) {
                namespace = ns.clone();
            }
            i += 2;
            continue;
        }
        if let Some(ns) = a
            .strip_prefix("--namespace=")
            .or_else(|| a.strip_prefix("-n="))
        {
            namespace = ns.to_owned();
        } else if a.starts_with('-') {
            if takes_value(a) {
                i += 1;
            }
        } else if name.is_none() {
            name = Some(a.clone());
        }
        i += 1;
    }
    name.map(|name| RunTarget { name, namespace })
}

/// Flags of `kubectl run`/`exec` written `--flag value` (not `--flag=value`).
fn takes_value(flag: &str) -> bool {
    !flag.contains('=')
        && matches!(
            flag,
            "--image"
                | "--restart"
                | "--port"
                | "--labels"
                | "-l"
                | "--env"
                | "--overrides"
                | "--image-pull-policy"
                | "-c"
                | "--container"
                | "-n"
                | "--namespace"
        )
}

fn is_interactive_flag(a: &str) -> bool {
    matches!(
        a,
        "-i" | "-t" | "-it" | "-ti" | "--stdin" | "--tty" | "--stdin=true" | "--tty=true"
    )
}

fn is_shell(command: &[String]) -> bool {
    command.len() == 1
        && command.first().is_some_and(|c| {
            matches!(
                c.as_str(),
                "sh" | "/bin/sh" | "bash" | "/bin/bash" | "ash" | "/bin/ash"
            )
        })
}

fn is_var_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !s.starts_with(|c: char| c.is_ascii_digit())
}

const HELP: &str = "kubelite terminal: the in-memory cluster's host shell.

On the host:     kubectl …, minikube …, curl, wget, ping, echo, export, cat, grep, head, tail,
                 wc, sleep (advances
                 the virtual clock), NAME=value, $VAR, $(…), |, &&, ||, ;, here-documents.
In a pod shell:  (after `kubectl run -it … sh` or `kubectl exec -it POD -- sh`) curl, wget,
                 nslookup, ping, cat /etc/resolv.conf, cat /etc/hosts, hostname, env; `exit`
                 leaves (and deletes the pod with --rm).
";

/// kubectl with the words the terminal split.
fn kubectl(cluster: &Cluster, args: &[String], stdin: Option<&str>) -> Output {
    let out = cluster.kubectl_words(args, stdin);
    Output {
        stdout: out.stdout,
        stderr: out.stderr,
        status: out.exit_code,
        interleaved: None,
    }
}
