//! The selector parser, step for step upstream's `labels.Parser`, so that the same inputs are
//! accepted and the same errors reported.

use std::collections::BTreeSet;

use super::error::SelectorParseError;
use super::lexer::{Tok, Token, scan};
use super::operator::Operator;
use super::requirement::{Requirement, key_error};
use crate::validation::FieldPath;

/// Where a token is read: `in` and `notin` are keywords only in operator position.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    KeyAndOperator,
    Values,
}

const BINARY_OPERATORS: &str = "in, notin, =, ==, !=, gt, lt";

struct Parser<'a> {
    tokens: Vec<Token<'a>>,
    position: usize,
    end: usize,
}

impl<'a> Parser<'a> {
    fn at(&self, index: usize, context: Context) -> Token<'a> {
        // The parser never reads past the final EndOfString; the fallback only keeps that
        // guarantee from being a panic.
        let mut token = self.tokens.get(index).copied().unwrap_or(Token {
            kind: Tok::EndOfString,
            lit: "",
            offset: self.end,
        });
        if context == Context::Values && matches!(token.kind, Tok::In | Tok::NotIn) {
            token.kind = Tok::Identifier;
        }
        token
    }

    fn lookahead(&self, context: Context) -> Token<'a> {
        self.at(self.position, context)
    }

    fn consume(&mut self, context: Context) -> Token<'a> {
        self.position += 1;
        self.at(self.position - 1, context)
    }

    fn parse(&mut self) -> Result<Vec<Requirement>, SelectorParseError> {
        let mut requirements = Vec::new();
        loop {
            let token = self.lookahead(Context::Values);
            match token.kind {
                Tok::Identifier | Tok::DoesNotExist => {
                    let requirement = self
                        .parse_requirement()
                        .map_err(SelectorParseError::in_requirement)?;
                    requirements.push(requirement);
                    let next = self.consume(Context::Values);
                    match next.kind {
                        Tok::EndOfString => return Ok(requirements),
                        Tok::Comma => {
                            let after = self.lookahead(Context::Values);
                            if after.kind != Tok::Identifier && after.kind != Tok::DoesNotExist {
                                return Err(SelectorParseError::unexpected(
                                    after,
                                    ", expected: identifier after ','",
                                ));
                            }
                        }
                        _ => {
                            return Err(SelectorParseError::unexpected(
                                next,
                                ", expected: ',' or 'end of string'",
                            ));
                        }
                    }
                }
                Tok::EndOfString => return Ok(requirements),
                _ => {
                    return Err(SelectorParseError::unexpected(
                        token,
                        ", expected: !, identifier, or 'end of string'",
                    ));
                }
            }
        }
    }

    fn parse_requirement(&mut self) -> Result<Requirement, SelectorParseError> {
        let start = self.lookahead(Context::Values).offset;
        let (key, inferred) = self.parse_key_and_infer_operator()?;
        let (operator, values) = match inferred {
            Some(op) => (op, BTreeSet::new()),
            None => {
                let op = self.parse_operator()?;
                let values = match op {
                    Operator::In | Operator::NotIn => self.parse_values()?,
                    _ => self.parse_exact_value()?,
                };
                (op, values)
            }
        };
        Requirement::new(key, operator, values)
            .map_err(|e| SelectorParseError::invalid_requirement(start, e))
    }

    /// The key, and `exists`/`!` when no binary operator follows it.
    fn parse_key_and_infer_operator(
        &mut self,
    ) -> Result<(&'a str, Option<Operator>), SelectorParseError> {
        let mut operator = None;
        let mut token = self.consume(Context::Values);
        if token.kind == Tok::DoesNotExist {
            operator = Some(Operator::DoesNotExist);
            token = self.consume(Context::Values);
        }
        if token.kind != Tok::Identifier {
            return Err(SelectorParseError::unexpected(
                token,
                ", expected: identifier",
            ));
        }
        // Upstream validates the key with a nil path, which prints as `<nil>`.
        if let Some(e) = key_error(token.lit, FieldPath::new("<nil>")) {
            return Err(SelectorParseError::invalid_key(token.offset, e));
        }
        let next = self.lookahead(Context::Values).kind;
        if (next == Tok::EndOfString || next == Tok::Comma) && operator.is_none() {
            operator = Some(Operator::Exists);
        }
        Ok((token.lit, operator))
    }

    fn parse_operator(&mut self) -> Result<Operator, SelectorParseError> {
        let token = self.consume(Context::KeyAndOperator);
        Ok(match token.kind {
            Tok::In => Operator::In,
            Tok::Equals => Operator::Equals,
            Tok::DoubleEquals => Operator::DoubleEquals,
            Tok::GreaterThan => Operator::GreaterThan,
            Tok::LessThan => Operator::LessThan,
            Tok::NotIn => Operator::NotIn,
            Tok::NotEquals => Operator::NotEquals,
            _ => {
                return Err(SelectorParseError::unexpected(
                    token,
                    &format!(", expected: {BINARY_OPERATORS}"),
                ));
            }
        })
    }

    /// `(a,b,...)`; empty entries are the value `""`.
    fn parse_values(&mut self) -> Result<BTreeSet<&'a str>, SelectorParseError> {
        let token = self.consume(Context::Values);
        if token.kind != Tok::OpenPar {
            return Err(SelectorParseError::unexpected(token, " expected: '('"));
        }
        let first = self.lookahead(Context::Values);
        match first.kind {
            Tok::Identifier | Tok::Comma => {
                let values = self.parse_identifiers_list()?;
                let close = self.consume(Context::Values);
                if close.kind != Tok::ClosedPar {
                    // Upstream names the token after '(' here, not the one it found.
                    return Err(SelectorParseError::unexpected_at(
                        close,
                        first.lit,
                        ", expected: ')'",
                    ));
                }
                Ok(values)
            }
            Tok::ClosedPar => {
                self.consume(Context::Values);
                Ok(BTreeSet::from([""]))
            }
            _ => Err(SelectorParseError::unexpected(
                first,
                ", expected: ',', ')' or identifier",
            )),
        }
    }

    fn parse_identifiers_list(&mut self) -> Result<BTreeSet<&'a str>, SelectorParseError> {
        let mut values = BTreeSet::new();
        loop {
            let token = self.consume(Context::Values);
            match token.kind {
                Tok::Identifier => {
                    values.insert(token.lit);
                    let next = self.lookahead(Context::Values);
                    match next.kind {
                        Tok::Comma => continue,
                        Tok::ClosedPar => return Ok(values),
                        _ => {
                            return Err(SelectorParseError::unexpected(
                                next,
                                ", expected: ',' or ')'",
                            ));
                        }
                    }
                }
                Tok::Comma => {
                    if values.is_empty() {
                        values.insert(""); // "(,"
                    }
                    match self.lookahead(Context::Values).kind {
                        Tok::ClosedPar => {
                            values.insert(""); // ",)"
                            return Ok(values);
                        }
                        Tok::Comma => {
                            values.insert(""); // ",,"
                        }
                        _ => {}
                    }
                }
                _ => {
                    return Err(SelectorParseError::unexpected(
                        token,
                        ", expected: ',', or identifier",
                    ));
                }
            }
        }
    }

    /// The single value after `=`, `==`, `!=`, `>` or `<`; nothing there means `""`.
    fn parse_exact_value(&mut self) -> Result<BTreeSet<&'a str>, SelectorParseError> {
        let next = self.lookahead(Context::Values).kind;
        if next == Tok::EndOfString || next == Tok::Comma {
            return Ok(BTreeSet::from([""]));
        }
        let token = self.consume(Context::Values);
        if token.kind == Tok::Identifier {
            Ok(BTreeSet::from([token.lit]))
        } else {
            Err(SelectorParseError::unexpected(
                token,
                ", expected: identifier",
            ))
        }
    }
}

/// Upstream's `parse` minus the final sort: the requirements in input order.
pub(crate) fn parse(input: &str) -> Result<Vec<Requirement>, SelectorParseError> {
    Parser {
        tokens: scan(input),
        position: 0,
        end: input.len(),
    }
    .parse()
}
