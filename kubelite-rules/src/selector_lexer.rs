//! The selector lexer, byte for byte upstream's `labels.Lexer`.
//!
//! Upstream reads bytes and treats a `0` byte exactly like the end of the input (its `read`
//! returns 0 for both), so a NUL at the start of a token ends the selector, and a NUL inside
//! a token ends that token. That quirk is kept: "what upstream accepts" includes it.

/// A token kind (upstream's `Token` constants, minus `ErrorToken`, which its lexer cannot
/// produce: every special character is a token on its own).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tok {
    EndOfString,
    ClosedPar,
    Comma,
    DoesNotExist,
    DoubleEquals,
    Equals,
    GreaterThan,
    Identifier,
    In,
    LessThan,
    NotEquals,
    NotIn,
    OpenPar,
}

/// A token, its text as upstream reports it in errors, and its byte offset in the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token<'a> {
    pub kind: Tok,
    pub lit: &'a str,
    pub offset: usize,
}

fn is_whitespace(ch: u8) -> bool {
    matches!(ch, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_special(ch: u8) -> bool {
    matches!(ch, b'=' | b'!' | b'(' | b')' | b',' | b'>' | b'<')
}

/// Upstream's `string2token`.
fn literal_token(s: &str) -> Option<Tok> {
    Some(match s {
        ")" => Tok::ClosedPar,
        "," => Tok::Comma,
        "!" => Tok::DoesNotExist,
        "==" => Tok::DoubleEquals,
        "=" => Tok::Equals,
        ">" => Tok::GreaterThan,
        "in" => Tok::In,
        "<" => Tok::LessThan,
        "!=" => Tok::NotEquals,
        "notin" => Tok::NotIn,
        "(" => Tok::OpenPar,
        _ => return None,
    })
}

struct Lexer<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Lexer<'a> {
    /// The next byte and where it was; `(0, len)` at the end, as upstream's `read`.
    fn read(&mut self) -> (u8, usize) {
        match self.s.as_bytes().get(self.pos) {
            Some(&b) => {
                self.pos += 1;
                (b, self.pos - 1)
            }
            None => (0, self.pos),
        }
    }

    fn unread(&mut self) {
        self.pos = self.pos.saturating_sub(1);
    }

    /// Only ever cuts at ASCII bytes, so the slice is always on character boundaries.
    fn slice(&self, start: usize, end: usize) -> &'a str {
        self.s.get(start..end).unwrap_or("")
    }

    fn lex(&mut self) -> Token<'a> {
        let (mut ch, mut at) = self.read();
        while is_whitespace(ch) {
            (ch, at) = self.read();
        }
        if ch == 0 {
            return Token {
                kind: Tok::EndOfString,
                lit: "",
                offset: at,
            };
        }
        self.unread();
        if is_special(ch) {
            self.scan_special(at)
        } else {
            self.scan_identifier(at)
        }
    }

    /// Upstream's `scanIDOrKeyword`: everything up to a special character, whitespace or NUL.
    fn scan_identifier(&mut self, start: usize) -> Token<'a> {
        let end = loop {
            let (ch, at) = self.read();
            if ch == 0 {
                break at;
            }
            if is_special(ch) || is_whitespace(ch) {
                self.unread();
                break at;
            }
        };
        let lit = self.slice(start, end);
        let kind = match literal_token(lit) {
            Some(kind) => kind,
            None => Tok::Identifier,
        };
        Token {
            kind,
            lit,
            offset: start,
        }
    }

    /// Upstream's `scanSpecialSymbol`: the longest run of special characters that is a token.
    fn scan_special(&mut self, start: usize) -> Token<'a> {
        let mut last: Option<(Tok, usize)> = None;
        loop {
            let (ch, at) = self.read();
            if ch == 0 {
                break;
            }
            if !is_special(ch) {
                self.unread();
                break;
            }
            match literal_token(self.slice(start, at + 1)) {
                Some(kind) => last = Some((kind, at + 1)),
                None if last.is_some() => {
                    self.unread();
                    break;
                }
                None => {}
            }
        }
        // Every single special character is a token, so `last` is set after the first byte.
        let (kind, end) = last.unwrap_or((Tok::Identifier, self.pos));
        Token {
            kind,
            lit: self.slice(start, end),
            offset: start,
        }
    }
}

/// All tokens of `input`, ending with one `EndOfString` (upstream's `Parser.scan`).
pub fn scan(input: &str) -> Vec<Token<'_>> {
    let mut lexer = Lexer { s: input, pos: 0 };
    let mut tokens = Vec::with_capacity(8);
    loop {
        let token = lexer.lex();
        tokens.push(token);
        if token.kind == Tok::EndOfString {
            return tokens;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<Tok> {
        scan(s).iter().map(|t| t.kind).collect()
    }

    // Upstream's TestLexer / TestLexerSequence, plus the NUL quirk.
    #[test]
    fn tokens() {
        use Tok::*;
        assert_eq!(kinds(""), [EndOfString]);
        assert_eq!(kinds("||"), [Identifier, EndOfString]);
        assert_eq!(kinds("~"), [Identifier, EndOfString]);
        assert_eq!(
            kinds("== != (), = notin"),
            [
                DoubleEquals,
                NotEquals,
                OpenPar,
                ClosedPar,
                Comma,
                Equals,
                NotIn,
                EndOfString
            ]
        );
        assert_eq!(
            kinds("key in ( value1, value2 )"),
            [
                Identifier,
                In,
                OpenPar,
                Identifier,
                Comma,
                Identifier,
                ClosedPar,
                EndOfString
            ]
        );
        assert_eq!(
            kinds("key>2"),
            [Identifier, GreaterThan, Identifier, EndOfString]
        );
        assert_eq!(kinds("!=="), [NotEquals, Equals, EndOfString]);
        assert_eq!(kinds("x\0y"), [Identifier, Identifier, EndOfString]);
        assert_eq!(kinds("x \0y"), [Identifier, EndOfString]);
    }

    #[test]
    fn offsets_and_literals() {
        let t = scan("ab  in (c)");
        let got: Vec<(&str, usize)> = t.iter().map(|t| (t.lit, t.offset)).collect();
        assert_eq!(
            got,
            [("ab", 0), ("in", 4), ("(", 7), ("c", 8), (")", 9), ("", 10)]
        );
    }
}
