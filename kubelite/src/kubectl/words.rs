//! Splitting a command line into words as a POSIX shell does: whitespace separates words,
//! `'…'` keeps everything literally, `"…"` keeps everything but `\"`, `\\`, `\$` and `` \` ``
//! escapes, and a backslash outside quotes escapes the next character.

use super::KubectlError;

/// Splits `line` into words. An unterminated quote is the shell's error.
///
/// ```
/// use kubelite::kubectl::split_words;
/// let words = split_words(r#"get pod -o jsonpath='{.items[*].status.podIP}' -l "app=a b" x\ y"#)?;
/// assert_eq!(words, ["get", "pod", "-o", "jsonpath={.items[*].status.podIP}", "-l", "app=a b", "x y"]);
/// # Ok::<(), kubelite::kubectl::KubectlError>(())
/// ```
pub fn split_words(line: &str) -> Result<Vec<String>, KubectlError> {
    let mut words = Vec::new();
    let mut word = String::new();
    // Whether a word has started: `''` is an empty word, not nothing.
    let mut started = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if started {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            '\'' => {
                started = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err(unterminated('\'')),
                    }
                }
            }
            '"' => {
                started = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(e @ ('"' | '\\' | '$' | '`')) => word.push(e),
                            // A backslash-newline inside double quotes joins lines.
                            Some('\n') => {}
                            Some(other) => {
                                word.push('\\');
                                word.push(other);
                            }
                            None => return Err(unterminated('"')),
                        },
                        Some(c) => word.push(c),
                        None => return Err(unterminated('"')),
                    }
                }
            }
            '\\' => {
                started = true;
                match chars.next() {
                    Some('\n') => {}
                    Some(c) => word.push(c),
                    None => {}
                }
            }
            c => {
                started = true;
                word.push(c);
            }
        }
    }
    if started {
        words.push(word);
    }
    Ok(words)
}

fn unterminated(quote: char) -> KubectlError {
    KubectlError::raw(format!(
        "unexpected EOF while looking for matching `{quote}'"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_escapes() {
        let w = split_words(r#"a 'b c' "d \"e\" \n" f\ g '' h"'i'"j"#).unwrap();
        assert_eq!(w, ["a", "b c", r#"d "e" \n"#, "f g", "", "h'i'j"]);
    }

    #[test]
    fn jsonpath_with_escaped_newline_literal() {
        let w = split_words(r#"-o jsonpath='{range .items[*]}{"\n"}{end}'"#).unwrap();
        assert_eq!(w[1], r#"jsonpath={range .items[*]}{"\n"}{end}"#);
    }

    #[test]
    fn unterminated_quote_is_an_error() {
        assert_eq!(
            split_words("get 'pods").unwrap_err().to_string(),
            "unexpected EOF while looking for matching `''"
        );
    }
}
