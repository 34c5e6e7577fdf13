//! Why a selector string was rejected.

use super::lexer::Token;
use super::requirement::RequirementError;
use crate::validation::FieldError;

/// What kind of mistake a [`SelectorParseError`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SelectorParseErrorKind {
    /// The grammar does not allow the token found there (`found ',', expected: identifier`).
    UnexpectedToken,
    /// A key that is not a valid label key.
    InvalidKey,
    /// A requirement that breaks upstream's `NewRequirement` rules: a value that is not a
    /// label value, or a `gt`/`lt` operand that is not an integer.
    InvalidRequirement,
}

/// A selector string that upstream's `labels.Parse` rejects.
///
/// `Display` is upstream's message, word for word (for example
/// `unable to parse requirement: found '', expected: identifier`); [`offset`] says where in
/// the input, as a byte offset.
///
/// [`offset`]: SelectorParseError::offset
///
/// ```
/// use kubelite::labels::{Selector, SelectorParseErrorKind};
/// let err = Selector::parse("app=web,,tier=db").unwrap_err();
/// assert_eq!(err.to_string(), "found ',', expected: identifier after ','");
/// assert_eq!(err.offset(), 8);
/// assert_eq!(err.kind(), SelectorParseErrorKind::UnexpectedToken);
/// ```
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct SelectorParseError {
    kind: SelectorParseErrorKind,
    offset: usize,
    found: Option<String>,
    field_errors: Vec<FieldError>,
    message: String,
}

impl SelectorParseError {
    /// `found '<token>'` + `tail`; `tail` carries upstream's exact punctuation.
    pub(crate) fn unexpected(token: Token<'_>, tail: &str) -> Self {
        Self::unexpected_at(token, token.lit, tail)
    }

    /// Like [`Self::unexpected`], but naming another token's text, where upstream does.
    pub(crate) fn unexpected_at(at: Token<'_>, shown: &str, tail: &str) -> Self {
        SelectorParseError {
            kind: SelectorParseErrorKind::UnexpectedToken,
            offset: at.offset,
            found: Some(at.lit.to_owned()),
            field_errors: Vec::new(),
            message: format!("found '{shown}'{tail}"),
        }
    }

    pub(crate) fn invalid_key(offset: usize, error: FieldError) -> Self {
        SelectorParseError {
            kind: SelectorParseErrorKind::InvalidKey,
            offset,
            found: None,
            message: error.to_string(),
            field_errors: vec![error],
        }
    }

    pub(crate) fn invalid_requirement(offset: usize, error: RequirementError) -> Self {
        SelectorParseError {
            kind: SelectorParseErrorKind::InvalidRequirement,
            offset,
            found: None,
            message: error.to_string(),
            field_errors: error.errors().to_vec(),
        }
    }

    /// Upstream prefixes errors raised while reading one requirement.
    pub(crate) fn in_requirement(mut self) -> Self {
        self.message = format!("unable to parse requirement: {}", self.message);
        self
    }

    /// What kind of mistake this is.
    pub fn kind(&self) -> SelectorParseErrorKind {
        self.kind
    }

    /// Byte offset in the input: the unexpected token, the invalid key, or the start of the
    /// requirement that failed upstream's checks. The end of the input is `input.len()`.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The unexpected token's text (`""` for the end of the input), for
    /// [`SelectorParseErrorKind::UnexpectedToken`].
    pub fn found(&self) -> Option<&str> {
        self.found.as_deref()
    }

    /// The field errors behind an invalid key or requirement, as upstream builds them (the
    /// key's field is `<nil>`, upstream's rendering of its missing path).
    pub fn field_errors(&self) -> &[FieldError] {
        &self.field_errors
    }
}
