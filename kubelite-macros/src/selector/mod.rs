//! Label selector strings (`app=web, tier in (a,b)`) checked at compile time: for
//! `kubelite::selector!` and for the string form of NetworkPolicy selectors in `cluster!`.
//!
//! The grammar and the messages are upstream's `labels.Parse`, as `kubelite::labels::Selector`
//! implements them; [`tests`] runs this copy against the conformance vectors and against the
//! error table `kubelite`'s own tests check `Selector::parse` with.

mod lexer;
mod parser;
#[cfg(test)]
mod tests;

use std::fmt;
use std::ops::Range;

use proc_macro2::Span;
use syn::LitStr;

/// An operator of the selector grammar (`kubelite::labels::Operator`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    In,
    NotIn,
    Equals,
    DoubleEquals,
    NotEquals,
    Exists,
    DoesNotExist,
    GreaterThan,
    LessThan,
}

impl Op {
    /// The variant's name in `kubelite::labels::Operator`.
    pub(crate) fn variant(self) -> &'static str {
        match self {
            Op::In => "In",
            Op::NotIn => "NotIn",
            Op::Equals => "Equals",
            Op::DoubleEquals => "DoubleEquals",
            Op::NotEquals => "NotEquals",
            Op::Exists => "Exists",
            Op::DoesNotExist => "DoesNotExist",
            Op::GreaterThan => "GreaterThan",
            Op::LessThan => "LessThan",
        }
    }

    /// Upstream's string value (`selection.Operator`), as its error messages quote it.
    fn as_str(self) -> &'static str {
        match self {
            Op::In => "in",
            Op::NotIn => "notin",
            Op::Equals => "=",
            Op::DoubleEquals => "==",
            Op::NotEquals => "!=",
            Op::Exists => "exists",
            Op::DoesNotExist => "!",
            Op::GreaterThan => "gt",
            Op::LessThan => "lt",
        }
    }
}

/// One parsed requirement, its values sorted and de-duplicated, and where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Req {
    pub key: String,
    pub op: Op,
    pub values: Vec<String>,
    pub range: Range<usize>,
}

/// Upstream's `Requirement.String()`.
impl fmt::Display for Req {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (op, open, close) = match self.op {
            Op::Exists => return f.write_str(&self.key),
            Op::DoesNotExist => return write!(f, "!{}", self.key),
            Op::Equals => ("=", "", ""),
            Op::DoubleEquals => ("==", "", ""),
            Op::NotEquals => ("!=", "", ""),
            Op::In => (" in ", "(", ")"),
            Op::NotIn => (" notin ", "(", ")"),
            Op::GreaterThan => (">", "", ""),
            Op::LessThan => ("<", "", ""),
        };
        write!(f, "{}{op}{open}{}{close}", self.key, self.values.join(","))
    }
}

/// A rejected selector: `kubelite`'s `SelectorParseError` message and offset, and how many
/// bytes from there the mistake covers (at least one, for the caret).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SelectorError {
    pub message: String,
    pub offset: usize,
    pub len: usize,
}

pub(crate) use parser::parse;

/// Upstream's canonical `String()` of a parsed selector: requirements sorted by key (stably).
#[cfg(test)]
pub(crate) fn canonical(reqs: &[Req]) -> String {
    let mut sorted: Vec<&Req> = reqs.iter().collect();
    sorted.sort_by(|a, b| a.key.as_bytes().cmp(b.key.as_bytes()));
    sorted
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// Parses the literal, or an error on it whose message shows where in the string it is.
pub(crate) fn check(lit: &LitStr) -> Result<Vec<Req>, syn::Error> {
    let input = lit.value();
    parse(&input).map_err(|e| error_at(lit, &input, e.offset..e.offset + e.len, &e.message))
}

/// A `matchLabels`/`matchExpressions` object can hold only some operators; upstream's
/// `ParseToLabelSelector` rejects the others with these words.
pub(crate) fn check_label_selector(lit: &LitStr, reqs: &[Req]) -> Result<(), syn::Error> {
    let input = lit.value();
    for r in reqs {
        let message = match r.op {
            Op::GreaterThan | Op::LessThan => format!(
                "{} isn't supported in label selectors",
                go_quote(r.op.as_str())
            ),
            Op::NotEquals => format!(
                "{} is not a valid label selector operator",
                go_quote(r.op.as_str())
            ),
            _ => continue,
        };
        return Err(error_at(lit, &input, r.range.clone(), &message));
    }
    Ok(())
}

/// An error on `range` of the literal's value. Stable Rust cannot point inside a literal, so
/// the message repeats the string with the range underlined; where the compiler can
/// (`Literal::subspan`), the span narrows to the range too.
fn error_at(lit: &LitStr, input: &str, range: Range<usize>, message: &str) -> syn::Error {
    let span = subspan(lit, &range).unwrap_or_else(|| lit.span());
    // One display column per character; whitespace that would break the line shows as a space.
    let shown: String = input
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let column = input.get(..range.start).map_or(0, |s| s.chars().count());
    let width = input
        .get(range.clone())
        .map_or(1, |s| s.chars().count())
        .max(1);
    syn::Error::new(
        span,
        format!(
            "{message}\n  {shown}\n  {}{}",
            " ".repeat(column),
            "^".repeat(width)
        ),
    )
}

/// The span of `range` of the value, when the literal is written without escapes (so value
/// offsets are source offsets) and the compiler supports sub-spans.
fn subspan(lit: &LitStr, range: &Range<usize>) -> Option<Span> {
    let source = lit.token().to_string();
    let prefix = if source.starts_with('"') && !source.contains('\\') {
        1
    } else if let Some(rest) = source.strip_prefix('r') {
        1 + rest.bytes().take_while(|&b| b == b'#').count() + 1
    } else {
        return None;
    };
    lit.token()
        .subspan(range.start + prefix..range.end + prefix)
}

/// Go's `%q` (the one `kubelite::validation::go_quote` is).
pub(crate) use kubelite_rules::go_quote;
