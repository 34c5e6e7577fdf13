//! The selector parser: `kubelite`'s (upstream's `labels.Parser`) step for step, so the macro
//! accepts exactly the strings `Selector::parse` accepts and reports the same errors, in the
//! same words, at the same byte offsets.

use std::collections::BTreeSet;

use super::lexer::{Tok, Token, scan};
use super::{Op, Req, SelectorError, go_quote};
use crate::names;

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

fn unexpected(token: Token<'_>, tail: &str) -> SelectorError {
    unexpected_at(token, token.lit, tail)
}

fn unexpected_at(at: Token<'_>, shown: &str, tail: &str) -> SelectorError {
    SelectorError {
        message: format!("found '{shown}'{tail}"),
        offset: at.offset,
        len: at.lit.len(),
    }
}

fn in_requirement(mut e: SelectorError) -> SelectorError {
    e.message = format!("unable to parse requirement: {}", e.message);
    e
}

impl<'a> Parser<'a> {
    fn at(&self, index: usize, context: Context) -> Token<'a> {
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

    fn parse(&mut self) -> Result<Vec<Req>, SelectorError> {
        let mut requirements = Vec::new();
        loop {
            let token = self.lookahead(Context::Values);
            match token.kind {
                Tok::Identifier | Tok::DoesNotExist => {
                    requirements.push(self.parse_requirement().map_err(in_requirement)?);
                    let next = self.consume(Context::Values);
                    match next.kind {
                        Tok::EndOfString => return Ok(requirements),
                        Tok::Comma => {
                            let after = self.lookahead(Context::Values);
                            if after.kind != Tok::Identifier && after.kind != Tok::DoesNotExist {
                                return Err(unexpected(after, ", expected: identifier after ','"));
                            }
                        }
                        _ => {
                            return Err(unexpected(next, ", expected: ',' or 'end of string'"));
                        }
                    }
                }
                Tok::EndOfString => return Ok(requirements),
                _ => {
                    return Err(unexpected(
                        token,
                        ", expected: !, identifier, or 'end of string'",
                    ));
                }
            }
        }
    }

    fn parse_requirement(&mut self) -> Result<Req, SelectorError> {
        let start = self.lookahead(Context::Values).offset;
        let (key, inferred) = self.parse_key_and_infer_operator()?;
        let (op, values) = match inferred {
            Some(op) => (op, BTreeSet::new()),
            None => {
                let op = self.parse_operator()?;
                let values = match op {
                    Op::In | Op::NotIn => self.parse_values()?,
                    _ => self.parse_exact_value()?,
                };
                (op, values)
            }
        };
        // The requirement ends where the last token read ends.
        let last = self.at(self.position.saturating_sub(1), Context::Values);
        let end = (last.offset + last.lit.len()).max(start + 1);
        let values: Vec<String> = values.into_iter().map(str::to_owned).collect();
        if let Some(message) = requirement_error(key, op, &values) {
            return Err(SelectorError {
                message,
                offset: start,
                len: end - start,
            });
        }
        Ok(Req {
            key: key.to_owned(),
            op,
            values,
            range: start..end,
        })
    }

    fn parse_key_and_infer_operator(&mut self) -> Result<(&'a str, Option<Op>), SelectorError> {
        let mut operator = None;
        let mut token = self.consume(Context::Values);
        if token.kind == Tok::DoesNotExist {
            operator = Some(Op::DoesNotExist);
            token = self.consume(Context::Values);
        }
        if token.kind != Tok::Identifier {
            return Err(unexpected(token, ", expected: identifier"));
        }
        let messages = names::qualified_name(token.lit);
        if !messages.is_empty() {
            // Upstream validates the key with a nil path, which prints as `<nil>`.
            return Err(SelectorError {
                message: format!(
                    "<nil>: Invalid value: {}: {}",
                    go_quote(token.lit),
                    messages.join("; ")
                ),
                offset: token.offset,
                len: token.lit.len(),
            });
        }
        let next = self.lookahead(Context::Values).kind;
        if (next == Tok::EndOfString || next == Tok::Comma) && operator.is_none() {
            operator = Some(Op::Exists);
        }
        Ok((token.lit, operator))
    }

    fn parse_operator(&mut self) -> Result<Op, SelectorError> {
        let token = self.consume(Context::KeyAndOperator);
        Ok(match token.kind {
            Tok::In => Op::In,
            Tok::Equals => Op::Equals,
            Tok::DoubleEquals => Op::DoubleEquals,
            Tok::GreaterThan => Op::GreaterThan,
            Tok::LessThan => Op::LessThan,
            Tok::NotIn => Op::NotIn,
            Tok::NotEquals => Op::NotEquals,
            _ => {
                return Err(unexpected(
                    token,
                    &format!(", expected: {BINARY_OPERATORS}"),
                ));
            }
        })
    }

    fn parse_values(&mut self) -> Result<BTreeSet<&'a str>, SelectorError> {
        let token = self.consume(Context::Values);
        if token.kind != Tok::OpenPar {
            return Err(unexpected(token, " expected: '('"));
        }
        let first = self.lookahead(Context::Values);
        match first.kind {
            Tok::Identifier | Tok::Comma => {
                let values = self.parse_identifiers_list()?;
                let close = self.consume(Context::Values);
                if close.kind != Tok::ClosedPar {
                    // Upstream names the token after '(' here, not the one it found.
                    return Err(unexpected_at(close, first.lit, ", expected: ')'"));
                }
                Ok(values)
            }
            Tok::ClosedPar => {
                self.consume(Context::Values);
                Ok(BTreeSet::from([""]))
            }
            _ => Err(unexpected(first, ", expected: ',', ')' or identifier")),
        }
    }

    fn parse_identifiers_list(&mut self) -> Result<BTreeSet<&'a str>, SelectorError> {
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
                        _ => return Err(unexpected(next, ", expected: ',' or ')'")),
                    }
                }
                Tok::Comma => {
                    if values.is_empty() {
                        values.insert("");
                    }
                    match self.lookahead(Context::Values).kind {
                        Tok::ClosedPar => {
                            values.insert("");
                            return Ok(values);
                        }
                        Tok::Comma => {
                            values.insert("");
                        }
                        _ => {}
                    }
                }
                _ => return Err(unexpected(token, ", expected: ',', or identifier")),
            }
        }
    }

    fn parse_exact_value(&mut self) -> Result<BTreeSet<&'a str>, SelectorError> {
        let next = self.lookahead(Context::Values).kind;
        if next == Tok::EndOfString || next == Tok::Comma {
            return Ok(BTreeSet::from([""]));
        }
        let token = self.consume(Context::Values);
        if token.kind == Tok::Identifier {
            Ok(BTreeSet::from([token.lit]))
        } else {
            Err(unexpected(token, ", expected: identifier"))
        }
    }
}

/// Upstream's `NewRequirement` checks that parsed input can fail (the parser already rules
/// out the others: a bad key, an empty `in`, a count of values that does not fit the
/// operator), as `kubelite`'s `RequirementError` prints them. `values` are sorted.
fn requirement_error(key: &str, op: Op, values: &[String]) -> Option<String> {
    let mut errors: Vec<String> = Vec::new();
    if matches!(op, Op::GreaterThan | Op::LessThan) {
        for (i, v) in values.iter().enumerate() {
            if v.parse::<i64>().is_err() {
                errors.push(format!(
                    "values[{i}]: Invalid value: {}: for 'Gt', 'Lt' operators, the value must be an integer",
                    go_quote(v)
                ));
            }
        }
    }
    for (i, v) in values.iter().enumerate() {
        let messages = names::label_value(v);
        if !messages.is_empty() {
            errors.push(format!(
                "values[{i}][{key}]: Invalid value: {}: {}",
                go_quote(v),
                messages.join("; ")
            ));
        }
    }
    // Upstream's aggregate drops repeated messages; one alone prints bare, several as `[a, b]`.
    let mut unique: Vec<String> = Vec::new();
    for e in errors {
        if !unique.contains(&e) {
            unique.push(e);
        }
    }
    match unique.len() {
        0 => None,
        1 => unique.pop(),
        _ => Some(format!("[{}]", unique.join(", "))),
    }
}

/// Parses a selector string into its requirements, in input order.
pub(crate) fn parse(input: &str) -> Result<Vec<Req>, SelectorError> {
    Parser {
        tokens: scan(input),
        position: 0,
        end: input.len(),
    }
    .parse()
}
