//! A terminal against an in-memory minikube: type `kubectl`, `minikube`, `curl` and the
//! tutorial's other commands at the prompt (or pipe a script in), `help` for what is there.
//!
//! ```text
//! cargo run --example kubectl_shell
//! $ kubectl create deployment web --image=nginx --replicas=2
//! $ kubectl expose deployment web --port=80 --type=NodePort
//! $ curl $(minikube ip):$(kubectl get svc web -o jsonpath='{.spec.ports[0].nodePort}')
//! ```

use std::io::{BufRead, IsTerminal, Write};
use std::time::Duration;

use kubelite::Cluster;
use kubelite::shell::{ScriptError, Terminal};

const BANNER: &str =
    "kubelite: an in-memory minikube. Type `help` for the commands, Ctrl-D to leave.";

fn main() -> std::io::Result<()> {
    let cluster = Cluster::new();
    // Typing takes time: each command moves the virtual clock, so AGE columns move too.
    let mut terminal = Terminal::new(&cluster).pace(Duration::from_secs(5));
    let interactive = std::io::stdin().is_terminal();
    let mut stdout = std::io::stdout();
    if interactive {
        writeln!(stdout, "{BANNER}")?;
    }
    let mut pending = String::new();
    let mut lines = std::io::stdin().lock().lines();
    loop {
        if interactive {
            let prompt = if pending.is_empty() {
                terminal.prompt()
            } else {
                "> "
            };
            write!(stdout, "{prompt}")?;
            stdout.flush()?;
        }
        let Some(line) = lines.next().transpose()? else {
            break;
        };
        pending.push_str(&line);
        pending.push('\n');
        match terminal.run(&pending) {
            Ok(steps) => {
                for step in steps {
                    if interactive {
                        // The user already sees what they typed: print only the output.
                        let shown = step.to_string();
                        let output = shown.split_once('\n').map_or("", |(_, rest)| rest);
                        let output: String = output
                            .lines()
                            .filter(|l| !l.starts_with("> "))
                            .map(|l| format!("{l}\n"))
                            .collect();
                        write!(stdout, "{output}")?;
                    } else {
                        write!(stdout, "{step}")?;
                    }
                }
                pending.clear();
            }
            // A here-document still open: keep reading its lines.
            Err(ScriptError::UnterminatedHereDoc { .. }) => continue,
            Err(e) => {
                writeln!(stdout, "{e}")?;
                pending.clear();
            }
        }
    }
    if !pending.is_empty()
        && let Err(e) = terminal.run(&pending)
    {
        writeln!(stdout, "{e}")?;
    }
    Ok(())
}
