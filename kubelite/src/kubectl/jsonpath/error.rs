//! Errors from parsing and rendering, worded exactly as client-go words them.

use std::fmt;

/// Why a template failed to parse or to render.
///
/// `Display` gives client-go's message verbatim (kubectl prints it after its own prefix, e.g.
/// `error: error parsing jsonpath {.a, unclosed action`). Parse errors come from
/// [`JsonPath::parse`](super::JsonPath::parse); the others from rendering.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JsonPathError {
    /// An action was not closed by `}` before the end of the template or of the line.
    #[error("unclosed action")]
    UnclosedAction,
    /// A character that cannot start anything inside an action.
    #[error("unrecognized character in action: {}", GoQuotedRune(*.0))]
    UnrecognizedCharacter(char),
    /// A `+`, `-` or digit run that is neither an integer nor a float.
    #[error("cannot parse number {0}")]
    InvalidNumber(String),
    /// A `[` without its `]` on the same line.
    #[error("unterminated array")]
    UnterminatedArray,
    /// Bracket contents that are neither a quoted key, a union nor a slice.
    #[error("invalid array index {0}")]
    InvalidArrayIndex(String),
    /// A slice bound that does not fit in an integer.
    #[error("array index {0} is not a number")]
    ArrayIndexNotANumber(String),
    /// A `[?(` without its closing `)` on the same line.
    #[error("unterminated filter")]
    UnterminatedFilter,
    /// A filter's `)` not directly followed by `]`.
    #[error("unclosed array expect ]")]
    UnclosedFilterArray,
    /// A quoted string without its closing quote on the same line.
    #[error("unterminated quoted string")]
    UnterminatedQuotedString,
    /// A quoted string with an invalid escape (the quoted text is given as written).
    #[error("unquote string {0} error invalid syntax")]
    InvalidQuotedString(String),
    /// `..` directly after `..`.
    #[error("invalid multiple recursive descent")]
    MultipleRecursiveDescent,
    /// Brackets and filters re-parsed more than 32 levels deep, or more than 100 `{range}`s
    /// open at once. Upstream has no limits; they only bound the stack on hostile templates.
    #[error("template nested too deeply")]
    NestedTooDeeply,

    /// A field that no input value has, with missing keys disallowed.
    #[error("{0} is not found")]
    NotFound(String),
    /// A bare word other than `range` and `end`.
    #[error("unrecognized identifier {0}")]
    UnrecognizedIdentifier(String),
    /// `{end}` outside any `{range}`.
    #[error("not in range, nothing to end")]
    NotInRange,
    /// Indexing a value that is not a list (the Go type name is given, e.g.
    /// `map[string]interface {}`).
    #[error("{0} is not array or slice")]
    NotArray(String),
    /// An index or slice bound outside the list.
    #[error("array index out of bounds: index {index}, length {length}")]
    IndexOutOfBounds {
        /// The offending index, after negative indices were resolved.
        index: i64,
        /// The list's length.
        length: usize,
    },
    /// A slice whose start lies after its end.
    #[error("starting index {start} is greater than ending index {end}")]
    StartAfterEnd {
        /// The resolved start.
        start: i64,
        /// The resolved end.
        end: i64,
    },
    /// A slice step of zero or less.
    #[error("step must be > 0")]
    NonPositiveStep,
    /// Filtering a value that is not a list (the value is given in Go's `%v` form).
    #[error("{0} is not array or slice and cannot be filtered")]
    NotFilterable(String),
    /// A filter side that produced more than one value.
    #[error("can only compare one element at a time")]
    MultipleComparands,
    /// A filter operator other than `== != < > <= >=`.
    #[error("unrecognized filter operator {0}")]
    UnrecognizedFilterOperator(String),
    /// A filter comparing something that is not a bool, number or string, or ordering bools.
    #[error("invalid type for comparison")]
    InvalidComparisonType,
    /// A filter comparing values of different kinds (e.g. a float with an integer literal).
    #[error("incompatible types for comparison")]
    IncompatibleComparison,
}

/// Go's `%#U`: `U+0041 'A'`, or just `U+0009` when the rune is not printable.
struct GoQuotedRune(char);

impl fmt::Display for GoQuotedRune {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.0;
        write!(f, "U+{:04X}", u32::from(c))?;
        if go_is_print(c) {
            write!(f, " '{c}'")?;
        }
        Ok(())
    }
}

/// An approximation of Go's `strconv.IsPrint` (exact for ASCII and Latin-1): letters, marks,
/// numbers, punctuation, symbols and the ASCII space.
fn go_is_print(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    let format_or_private = matches!(
        c,
        '\u{AD}'
            | '\u{600}'..='\u{605}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E000}'..='\u{F8FF}'
            | '\u{F0000}'..
    );
    !(c.is_control() || c.is_whitespace() || format_or_private)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_runes_like_go() {
        let message = |c| JsonPathError::UnrecognizedCharacter(c).to_string();
        assert_eq!(
            message('\\'),
            "unrecognized character in action: U+005C '\\'"
        );
        assert_eq!(message('\t'), "unrecognized character in action: U+0009");
        assert_eq!(
            message('\u{a0}'),
            "unrecognized character in action: U+00A0"
        );
        assert_eq!(
            message('😀'),
            "unrecognized character in action: U+1F600 '😀'"
        );
    }
}
