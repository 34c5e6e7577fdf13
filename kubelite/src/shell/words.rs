//! Splits one command line into words and operators as a POSIX shell does: single quotes
//! keep everything, double quotes keep all but `$` expansions and `\` escapes, a backslash
//! escapes the next character, `#` at the start of a word begins a comment. Expansions
//! (`$VAR`, `${VAR}`, `$(…)`) are recorded, not performed: the terminal expands them when the
//! command runs, so `$(minikube ip)` sees the cluster as it is at that moment.

use std::fmt;

/// A piece of a word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    /// Literal text (quoted or not, quotes removed).
    Text(String),
    /// `$NAME` or `${NAME}`; `quoted` when inside double quotes (no field splitting).
    Var { name: String, quoted: bool },
    /// `$(command)`; `quoted` when inside double quotes.
    Command { script: String, quoted: bool },
}

/// A shell word: the concatenation of its parts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Word {
    pub parts: Vec<Part>,
}

/// Control operators between commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    /// `|`
    Pipe,
    /// `&&`
    And,
    /// `||`
    Or,
    /// `;`
    Seq,
}

/// A token of a command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Token {
    /// A word.
    Word(Word),
    /// An operator.
    Op(Op),
    /// `<<DELIM` (also `<<-DELIM`, `<<'DELIM'`): the command reads the here-document.
    HereDoc {
        /// The delimiter line.
        delimiter: String,
        /// `<<-`: leading tabs are stripped from the body.
        strip_tabs: bool,
    },
    /// `> file` / `>> file`: output redirection (the terminal has no files; it discards).
    Redirect(Word),
}

/// Why a line could not be split.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SyntaxError {
    /// A quote was opened and never closed.
    #[error("unexpected EOF while looking for matching `{0}'")]
    UnterminatedQuote(char),
    /// `$(` without its `)`.
    #[error("unexpected EOF while looking for matching `)'")]
    UnterminatedSubstitution,
    /// An operator with nothing on one side (`| kubectl`, `a &&`).
    #[error("syntax error near unexpected token `{0}'")]
    UnexpectedToken(String),
    /// A `<<` or `>` without a word after it.
    #[error("syntax error near unexpected token `newline'")]
    MissingWord,
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Op::Pipe => "|",
            Op::And => "&&",
            Op::Or => "||",
            Op::Seq => ";",
        })
    }
}

struct Lexer<'a> {
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    src: &'a str,
}

/// Splits a command line into tokens.
pub(crate) fn tokenize(line: &str) -> Result<Vec<Token>, SyntaxError> {
    let mut lx = Lexer {
        chars: line.char_indices().peekable(),
        src: line,
    };
    let mut tokens = Vec::new();
    loop {
        lx.skip_blanks();
        let Some(&(_, c)) = lx.chars.peek() else {
            break;
        };
        match c {
            '#' => break,
            '|' => {
                lx.chars.next();
                if lx.eat('|') {
                    tokens.push(Token::Op(Op::Or));
                } else {
                    tokens.push(Token::Op(Op::Pipe));
                }
            }
            '&' => {
                lx.chars.next();
                if lx.eat('&') {
                    tokens.push(Token::Op(Op::And));
                } else {
                    // Background jobs finish at once in memory: `&` acts like `;`.
                    tokens.push(Token::Op(Op::Seq));
                }
            }
            ';' => {
                lx.chars.next();
                tokens.push(Token::Op(Op::Seq));
            }
            '<' if lx.src[lx.pos()..].starts_with("<<") => {
                lx.chars.next();
                lx.chars.next();
                let strip_tabs = lx.eat('-');
                lx.skip_blanks();
                let word = lx.word()?.ok_or(SyntaxError::MissingWord)?;
                let delimiter = word
                    .parts
                    .iter()
                    .map(|p| match p {
                        Part::Text(t) => t.clone(),
                        Part::Var { name, .. } => format!("${name}"),
                        Part::Command { script, .. } => format!("$({script})"),
                    })
                    .collect();
                tokens.push(Token::HereDoc {
                    delimiter,
                    strip_tabs,
                });
            }
            // Input redirection from a file (`cmd < file`): the terminal has no files to
            // read. Refused here, as a word cannot start with `<` and the loop must advance.
            '<' => return Err(SyntaxError::UnexpectedToken("<".to_owned())),
            '>' => {
                lx.chars.next();
                lx.eat('>');
                lx.skip_blanks();
                let word = lx.word()?.ok_or(SyntaxError::MissingWord)?;
                tokens.push(Token::Redirect(word));
            }
            _ => {
                if let Some(word) = lx.word()? {
                    tokens.push(Token::Word(word));
                }
            }
        }
    }
    check_operators(&tokens)?;
    Ok(tokens)
}

fn check_operators(tokens: &[Token]) -> Result<(), SyntaxError> {
    let mut previous_is_command = false;
    for t in tokens {
        match t {
            Token::Op(op) => {
                if !previous_is_command {
                    return Err(SyntaxError::UnexpectedToken(op.to_string()));
                }
                previous_is_command = false;
            }
            _ => previous_is_command = true,
        }
    }
    match tokens.last() {
        Some(Token::Op(op @ (Op::Pipe | Op::And | Op::Or))) => {
            Err(SyntaxError::UnexpectedToken(op.to_string()))
        }
        _ => Ok(()),
    }
}

impl Lexer<'_> {
    fn pos(&mut self) -> usize {
        self.chars.peek().map_or(self.src.len(), |&(i, _)| i)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.chars.peek().is_some_and(|&(_, x)| x == c) {
            self.chars.next();
            true
        } else {
            false
        }
    }

    fn skip_blanks(&mut self) {
        while self
            .chars
            .peek()
            .is_some_and(|&(_, c)| c == ' ' || c == '\t')
        {
            self.chars.next();
        }
    }

    /// Reads one word; `None` when the next character ends words.
    fn word(&mut self) -> Result<Option<Word>, SyntaxError> {
        let mut word = Word::default();
        let mut text = String::new();
        let mut any = false;
        while let Some(&(_, c)) = self.chars.peek() {
            match c {
                ' ' | '\t' | '|' | '&' | ';' | '<' | '>' => break,
                '\'' => {
                    self.chars.next();
                    any = true;
                    loop {
                        match self.chars.next() {
                            Some((_, '\'')) => break,
                            Some((_, ch)) => text.push(ch),
                            None => return Err(SyntaxError::UnterminatedQuote('\'')),
                        }
                    }
                }
                '"' => {
                    self.chars.next();
                    any = true;
                    loop {
                        match self.chars.next() {
                            Some((_, '"')) => break,
                            Some((_, '\\')) => match self.chars.next() {
                                Some((_, ch @ ('"' | '\\' | '$' | '`'))) => text.push(ch),
                                Some((_, '\n')) => {}
                                Some((_, ch)) => {
                                    text.push('\\');
                                    text.push(ch);
                                }
                                None => return Err(SyntaxError::UnterminatedQuote('"')),
                            },
                            Some((_, '$')) => self.dollar(&mut word, &mut text, true)?,
                            Some((_, ch)) => text.push(ch),
                            None => return Err(SyntaxError::UnterminatedQuote('"')),
                        }
                    }
                }
                '\\' => {
                    self.chars.next();
                    any = true;
                    if let Some((_, ch)) = self.chars.next()
                        && ch != '\n'
                    {
                        text.push(ch);
                    }
                }
                '$' => {
                    self.chars.next();
                    any = true;
                    self.dollar(&mut word, &mut text, false)?;
                }
                _ => {
                    self.chars.next();
                    any = true;
                    text.push(c);
                }
            }
        }
        if !text.is_empty() {
            word.parts.push(Part::Text(text));
        }
        Ok(any.then_some(word))
    }

    /// After a `$`: a variable, `${…}`, `$(…)`, or a literal dollar.
    fn dollar(
        &mut self,
        word: &mut Word,
        text: &mut String,
        quoted: bool,
    ) -> Result<(), SyntaxError> {
        let flush = |word: &mut Word, text: &mut String| {
            if !text.is_empty() {
                word.parts.push(Part::Text(std::mem::take(text)));
            }
        };
        match self.chars.peek().map(|&(_, c)| c) {
            Some('(') => {
                self.chars.next();
                let mut depth = 1;
                let mut script = String::new();
                let mut quote: Option<char> = None;
                loop {
                    let Some((_, ch)) = self.chars.next() else {
                        return Err(SyntaxError::UnterminatedSubstitution);
                    };
                    match (quote, ch) {
                        (Some(q), c) if c == q => quote = None,
                        (None, '\'' | '"') => quote = Some(ch),
                        (None, '(') => depth += 1,
                        (None, ')') => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    script.push(ch);
                }
                flush(word, text);
                word.parts.push(Part::Command { script, quoted });
            }
            Some('{') => {
                self.chars.next();
                let mut name = String::new();
                loop {
                    match self.chars.next() {
                        Some((_, '}')) => break,
                        Some((_, ch)) => name.push(ch),
                        None => return Err(SyntaxError::UnterminatedQuote('}')),
                    }
                }
                flush(word, text);
                word.parts.push(Part::Var { name, quoted });
            }
            Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '?' => {
                let mut name = String::new();
                if c == '?' {
                    self.chars.next();
                    name.push('?');
                } else {
                    while let Some(&(_, ch)) = self.chars.peek() {
                        if ch.is_ascii_alphanumeric() || ch == '_' {
                            name.push(ch);
                            self.chars.next();
                        } else {
                            break;
                        }
                    }
                }
                flush(word, text);
                word.parts.push(Part::Var { name, quoted });
            }
            _ => text.push('$'),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Token {
        Token::Word(Word {
            parts: vec![Part::Text(s.into())],
        })
    }

    #[test]
    fn quotes_and_escapes() {
        let t = tokenize(r#"kubectl get pod -o jsonpath='{.items[*].status.podIP}' "a b" c\ d"#)
            .expect("tokens");
        assert_eq!(
            t,
            vec![
                text("kubectl"),
                text("get"),
                text("pod"),
                text("-o"),
                text("jsonpath={.items[*].status.podIP}"),
                text("a b"),
                text("c d"),
            ]
        );
    }

    #[test]
    fn pipes_heredocs_and_substitutions() {
        let t = tokenize("cat <<EOF | kubectl apply -f - && curl $(minikube ip):31770 # hi")
            .expect("tokens");
        assert_eq!(t.len(), 10, "{t:?}");
        assert_eq!(
            t[1],
            Token::HereDoc {
                delimiter: "EOF".into(),
                strip_tabs: false
            }
        );
        assert_eq!(t[2], Token::Op(Op::Pipe));
        assert_eq!(t[7], Token::Op(Op::And));
        assert_eq!(
            t[9],
            Token::Word(Word {
                parts: vec![
                    Part::Command {
                        script: "minikube ip".into(),
                        quoted: false
                    },
                    Part::Text(":31770".into())
                ]
            })
        );
    }

    #[test]
    fn errors_in_bash_words() {
        assert_eq!(
            tokenize("echo 'oops").unwrap_err().to_string(),
            "unexpected EOF while looking for matching `''"
        );
        assert_eq!(
            tokenize("| kubectl get pods").unwrap_err().to_string(),
            "syntax error near unexpected token `|'"
        );
        assert_eq!(
            tokenize("kubectl get pods &&").unwrap_err().to_string(),
            "syntax error near unexpected token `&&'"
        );
        assert!(tokenize("echo $(minikube ip").is_err());
    }
}
