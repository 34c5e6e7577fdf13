//! What a terminal showed: each command line with its prompt, the here-document lines the
//! user typed after it, and what it printed.

use std::fmt;

/// One command line run by the terminal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub(crate) prompt: String,
    pub(crate) command: String,
    pub(crate) input: Vec<String>,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
    pub(crate) status: i32,
    pub(crate) interleaved: Option<String>,
}

impl Step {
    /// The prompt it was typed at: `$ ` on the host, `/ # ` in a pod.
    pub fn prompt(&self) -> &str {
        &self.prompt
    }

    /// The command line as typed (without prompt).
    pub fn command(&self) -> &str {
        &self.command
    }

    /// What it wrote to standard output.
    pub fn stdout(&self) -> &str {
        &self.stdout
    }

    /// What it wrote to standard error.
    pub fn stderr(&self) -> &str {
        &self.stderr
    }

    /// Its exit status (`$?`).
    pub fn status(&self) -> i32 {
        self.status
    }

    /// Whether it exited with status 0.
    pub fn success(&self) -> bool {
        self.status == 0
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}{}", self.prompt, self.command)?;
        for line in &self.input {
            writeln!(f, "> {line}")?;
        }
        if let Some(all) = &self.interleaved {
            return f.write_str(all);
        }
        for out in [&self.stdout, &self.stderr] {
            f.write_str(out)?;
            if !out.is_empty() && !out.ends_with('\n') {
                // A terminal shows the next prompt on the same line; a transcript breaks it
                // so each command starts a line.
                f.write_str("\n")?;
            }
        }
        Ok(())
    }
}

/// Every step of a terminal session, rendered like the terminal showed it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Transcript {
    pub(crate) steps: Vec<Step>,
}

impl Transcript {
    /// The steps, in order.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// The last step, if any.
    pub fn last(&self) -> Option<&Step> {
        self.steps.last()
    }

    /// The steps whose command line contains `needle`.
    pub fn find<'a>(&'a self, needle: &'a str) -> impl Iterator<Item = &'a Step> + 'a {
        self.steps
            .iter()
            .filter(move |s| s.command.contains(needle))
    }
}

impl fmt::Display for Transcript {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for step in &self.steps {
            step.fmt(f)?;
        }
        Ok(())
    }
}
