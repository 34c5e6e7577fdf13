//! Cuts a script into the command lines a terminal would read one at a time: each with the
//! here-documents it consumes, prompts pasted from a tutorial (`$ `, a pod's `/ # `)
//! removed, `\`-continued lines joined.

use super::words::{self, SyntaxError, Token};

/// One command line of a script and what it reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Line {
    /// 1-based number of the line in the script.
    pub number: usize,
    /// The command as typed, without prompt.
    pub text: String,
    /// Its tokens.
    pub tokens: Vec<Token>,
    /// The bodies of its here-documents, in order, each line ending in `\n`.
    pub heredocs: Vec<String>,
    /// The lines of the here-documents and their delimiters, as the terminal echoes them.
    pub heredoc_lines: Vec<String>,
}

/// A script that cannot be cut into commands.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ScriptError {
    /// A here-document ran to the end of the script without its delimiter line.
    #[error(
        "bash: warning: here-document at line {line} delimited by end-of-file (wanted `{delimiter}')"
    )]
    UnterminatedHereDoc {
        /// The line of the `<<` operator.
        line: usize,
        /// The delimiter it waited for.
        delimiter: String,
    },
    /// A line that is not valid shell.
    #[error("bash: line {line}: {source}")]
    Syntax {
        /// The line.
        line: usize,
        /// What is wrong.
        source: SyntaxError,
    },
}

/// Removes a prompt pasted with the command: `$ ` on the host, `/ # ` (or the `/ ` some
/// tutorials show) in a pod.
pub(crate) fn strip_prompt(line: &str) -> &str {
    for prompt in ["$ ", "/ # ", "/ $ ", "/ "] {
        if let Some(rest) = line.strip_prefix(prompt)
            && rest.starts_with(|c: char| !c.is_whitespace())
        {
            return rest;
        }
    }
    line
}

/// Cuts `script` into command lines.
pub(crate) fn split(script: &str) -> Result<Vec<Line>, ScriptError> {
    let raw: Vec<&str> = script.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(first) = raw.get(i) {
        let number = i + 1;
        let mut text = strip_prompt(first.trim_end()).to_owned();
        i += 1;
        while text.ends_with('\\') {
            text.pop();
            match raw.get(i) {
                Some(next) => {
                    text.push_str(next.trim_end());
                    i += 1;
                }
                None => break,
            }
        }
        let trimmed = text.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let tokens = words::tokenize(trimmed).map_err(|source| ScriptError::Syntax {
            line: number,
            source,
        })?;
        let mut heredocs = Vec::new();
        let mut heredoc_lines = Vec::new();
        for t in &tokens {
            let Token::HereDoc {
                delimiter,
                strip_tabs,
            } = t
            else {
                continue;
            };
            let mut body = String::new();
            loop {
                let Some(line) = raw.get(i) else {
                    return Err(ScriptError::UnterminatedHereDoc {
                        line: number,
                        delimiter: delimiter.clone(),
                    });
                };
                i += 1;
                heredoc_lines.push((*line).to_owned());
                let content = if *strip_tabs {
                    line.trim_start_matches('\t')
                } else {
                    line
                };
                if content == delimiter {
                    break;
                }
                body.push_str(content);
                body.push('\n');
            }
            heredocs.push(body);
        }
        out.push(Line {
            number,
            text: trimmed.to_owned(),
            tokens,
            heredocs,
            heredoc_lines,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn here_documents_and_prompts() {
        let script = "$ cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: Service\nEOF\n\n# comment\n/ curl http://echo-service:8080\n";
        let lines = split(script).expect("lines");
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text, "cat <<EOF | kubectl apply -f -");
        assert_eq!(
            lines[0].heredocs,
            vec!["apiVersion: v1\nkind: Service\n".to_owned()]
        );
        assert_eq!(lines[0].heredoc_lines.len(), 3);
        assert_eq!(lines[1].text, "curl http://echo-service:8080");
        assert_eq!(lines[1].number, 7);
    }

    #[test]
    fn unterminated_here_document() {
        let err = split("cat <<EOF | kubectl apply -f -\nkind: Service\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "bash: warning: here-document at line 1 delimited by end-of-file (wanted `EOF')"
        );
    }

    #[test]
    fn continuation_lines_join() {
        let lines = split("kubectl get pods \\\n  -o wide\n").expect("lines");
        assert_eq!(lines[0].text, "kubectl get pods   -o wide");
    }
}
