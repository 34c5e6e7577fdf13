//! The template parser: client-go's `parser.go`, rewritten as loops over the same cursor
//! (`pos`, `start`, `width`) so that every quirk of its scanning survives.
//!
//! Upstream re-parses pieces of its own input (bracket keys, union members, filter sides) by
//! wrapping them in `{...}` and parsing that as a whole template; [`parse_action`] does the
//! same, which is why a bracket key like `['a\.b']` follows the dot-field escaping rules.

use super::error::JsonPathError;
use super::node::{EXISTS_OPERATOR, Filter, Node, SliceParam};
use super::unquote::unquote_extend;

/// How deeply bracket keys, unions and filters may re-parse their contents. Upstream has no
/// limit; this one only keeps the stack bounded on hostile input.
const MAX_NESTING: usize = 32;

/// Parses a whole template into its top-level nodes: [`Node::Text`] and one [`Node::List`]
/// per action.
pub(crate) fn parse(template: &str) -> Result<Vec<Node>, JsonPathError> {
    Parser::new(template, 0).parse()
}

/// Upstream's `parseAction`: parses `{text}` and returns the action's node list.
fn parse_action(text: &str, depth: usize) -> Result<Vec<Node>, JsonPathError> {
    if depth > MAX_NESTING {
        return Err(JsonPathError::NestedTooDeeply);
    }
    let wrapped = format!("{{{text}}}");
    let nodes = Parser::new(&wrapped, depth).parse()?;
    // The wrapped text starts with `{`, so the first node is the action; any text after an
    // early `}` is dropped, as upstream drops it.
    match nodes.into_iter().next() {
        Some(Node::List(list)) => Ok(list),
        _ => Ok(Vec::new()),
    }
}

struct Parser<'a> {
    input: &'a str,
    pos: usize,
    start: usize,
    width: usize,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn new(input: &'a str, depth: usize) -> Self {
        Parser {
            input,
            pos: 0,
            start: 0,
            width: 0,
            depth,
        }
    }

    fn parse(mut self) -> Result<Vec<Node>, JsonPathError> {
        let mut root = Vec::new();
        loop {
            let Some(offset) = self.rest().find('{') else {
                let text = self.input.get(self.start..).unwrap_or("");
                if !text.is_empty() {
                    root.push(Node::Text(text.to_owned()));
                }
                return Ok(root);
            };
            self.pos += offset;
            if self.pos > self.start {
                root.push(Node::Text(self.consume_text().to_owned()));
            }
            self.pos += 1;
            self.consume_text();
            let mut action = Vec::new();
            self.parse_inside_action(&mut action)?;
            root.push(Node::List(action));
        }
    }

    fn rest(&self) -> &'a str {
        self.input.get(self.pos..).unwrap_or("")
    }

    /// The text scanned since the previous call.
    fn consume_text(&mut self) -> &'a str {
        let text = self.input.get(self.start..self.pos).unwrap_or("");
        self.start = self.pos;
        text
    }

    /// The next character, or `None` at the end (Go's `eof`).
    fn next(&mut self) -> Option<char> {
        match self.rest().chars().next() {
            Some(c) => {
                self.width = c.len_utf8();
                self.pos += self.width;
                Some(c)
            }
            None => {
                self.width = 0;
                None
            }
        }
    }

    fn peek(&mut self) -> Option<char> {
        self.rest().chars().next()
    }

    /// Steps back over the character returned by the last [`Self::next`].
    fn backup(&mut self) {
        self.pos = self.pos.saturating_sub(self.width);
    }

    /// The byte two before the cursor: upstream's `p.input[p.pos-2]`, its whole notion of
    /// "this quote is escaped".
    fn escaped(&self) -> bool {
        self.pos
            .checked_sub(2)
            .and_then(|i| self.input.as_bytes().get(i))
            == Some(&b'\\')
    }

    /// Parses one action's contents up to and including its `}`.
    fn parse_inside_action(&mut self, cur: &mut Vec<Node>) -> Result<(), JsonPathError> {
        loop {
            let rest = self.rest();
            if rest.starts_with('}') {
                self.pos += 1;
                self.consume_text();
                return Ok(());
            } else if rest.starts_with("[?(") {
                self.parse_filter(cur)?;
                continue;
            } else if rest.starts_with("..") {
                self.parse_recursive(cur)?;
                continue;
            }
            match self.next() {
                None | Some('\r' | '\n') => return Err(JsonPathError::UnclosedAction),
                Some(' ' | '@' | '$') => {
                    self.consume_text();
                }
                Some('[') => self.parse_array(cur)?,
                Some(quote @ ('"' | '\'')) => self.parse_quote(cur, quote)?,
                Some('.') => self.parse_field(cur),
                Some(c) if c == '+' || c == '-' || is_digit(c) => {
                    self.backup();
                    self.parse_number(cur)?;
                }
                Some(c) if is_alphanumeric(c) => {
                    self.backup();
                    self.parse_identifier(cur);
                }
                Some(c) => return Err(JsonPathError::UnrecognizedCharacter(c)),
            }
        }
    }

    fn parse_identifier(&mut self, cur: &mut Vec<Node>) {
        loop {
            let c = self.next();
            if is_terminator(c) {
                self.backup();
                break;
            }
        }
        let value = self.consume_text();
        cur.push(match value {
            "true" => Node::Bool(true),
            "false" => Node::Bool(false),
            _ => Node::Identifier(value.to_owned()),
        });
    }

    fn parse_recursive(&mut self, cur: &mut Vec<Node>) -> Result<(), JsonPathError> {
        if matches!(cur.last(), Some(Node::Recursive)) {
            return Err(JsonPathError::MultipleRecursiveDescent);
        }
        self.pos += 2;
        self.consume_text();
        cur.push(Node::Recursive);
        if self.peek().is_some_and(is_alphanumeric) {
            self.parse_field(cur);
        }
        Ok(())
    }

    fn parse_number(&mut self, cur: &mut Vec<Node>) -> Result<(), JsonPathError> {
        if matches!(self.peek(), Some('+' | '-')) {
            self.next();
        }
        loop {
            match self.next() {
                Some(c) if c == '.' || is_digit(c) => {}
                _ => {
                    self.backup();
                    break;
                }
            }
        }
        let value = self.consume_text();
        if let Ok(i) = value.parse::<i64>() {
            cur.push(Node::Int(i));
            return Ok(());
        }
        // Go's ParseFloat rejects overflow to infinity; Rust's accepts it.
        match value.parse::<f64>() {
            Ok(f) if f.is_finite() => {
                cur.push(Node::Float(f));
                Ok(())
            }
            _ => Err(JsonPathError::InvalidNumber(value.to_owned())),
        }
    }

    fn parse_array(&mut self, cur: &mut Vec<Node>) -> Result<(), JsonPathError> {
        loop {
            match self.next() {
                None | Some('\n') => return Err(JsonPathError::UnterminatedArray),
                Some(']') => break,
                Some(_) => {}
            }
        }
        let scanned = self.consume_text();
        // The scan started at `[` and stopped after `]`, both one byte.
        let mut text = scanned
            .get(1..scanned.len().saturating_sub(1))
            .unwrap_or("");
        if text == "*" {
            text = ":";
        }

        if text.contains(',') {
            let mut union = Vec::new();
            for member in text.split(',') {
                let member = member.trim_matches(' ');
                union.push(parse_action(&format!("[{member}]"), self.depth + 1)?);
            }
            cur.push(Node::Union(union));
            return Ok(());
        }

        if let Some(key) = dict_key(text) {
            cur.extend(parse_action(&format!(".{key}"), self.depth + 1)?);
            return Ok(());
        }

        cur.push(Node::Array(parse_slice(text)?));
        Ok(())
    }

    fn parse_filter(&mut self, cur: &mut Vec<Node>) -> Result<(), JsonPathError> {
        self.pos += 3;
        self.consume_text();
        // Upstream tracks one quoted region only: the first quote opens it, the next
        // unescaped matching quote closes it, and a `)` counts once both or neither happened.
        let mut begin = false;
        let mut end = false;
        let mut pair = '"';
        loop {
            match self.next() {
                None | Some('\n') => return Err(JsonPathError::UnterminatedFilter),
                Some(quote @ ('"' | '\'')) => {
                    if !begin {
                        begin = true;
                        pair = quote;
                        continue;
                    }
                    if !self.escaped() && quote == pair {
                        end = true;
                    }
                }
                Some(')') if begin == end => break,
                Some(_) => {}
            }
        }
        if self.next() != Some(']') {
            return Err(JsonPathError::UnclosedFilterArray);
        }
        let scanned = self.consume_text();
        let text = scanned.get(..scanned.len().saturating_sub(2)).unwrap_or("");
        let depth = self.depth + 1;
        let filter = match split_comparison(text) {
            None => Filter {
                left: parse_action(text, depth)?,
                right: Vec::new(),
                operator: EXISTS_OPERATOR.to_owned(),
            },
            Some((left, operator, right)) => Filter {
                left: parse_action(left, depth)?,
                right: parse_action(right, depth)?,
                operator: operator.to_owned(),
            },
        };
        cur.push(Node::Filter(Box::new(filter)));
        Ok(())
    }

    fn parse_quote(&mut self, cur: &mut Vec<Node>, quote: char) -> Result<(), JsonPathError> {
        loop {
            match self.next() {
                None | Some('\n') => return Err(JsonPathError::UnterminatedQuotedString),
                Some(c) if c == quote && !self.escaped() => break,
                Some(_) => {}
            }
        }
        let value = self.consume_text();
        let text = unquote_extend(value)
            .ok_or_else(|| JsonPathError::InvalidQuotedString(value.to_owned()))?;
        cur.push(Node::Text(text));
        Ok(())
    }

    fn parse_field(&mut self, cur: &mut Vec<Node>) {
        self.consume_text();
        loop {
            let c = self.next();
            if c == Some('\\') {
                self.next();
            } else if is_terminator(c) {
                self.backup();
                break;
            }
        }
        let value = self.consume_text();
        if value == "*" {
            cur.push(Node::Wildcard);
        } else {
            // Upstream drops every backslash, escaped or escaping.
            cur.push(Node::Field(value.replace('\\', "")));
        }
    }
}

/// `^'([^']*)'$`: a quoted bracket key.
fn dict_key(text: &str) -> Option<&str> {
    let key = text.strip_prefix('\'')?.strip_suffix('\'')?;
    (!key.contains('\'')).then_some(key)
}

/// `^(-?[\d]*)(:-?[\d]*)?(:-?[\d]*)?$` and upstream's reading of its groups.
fn parse_slice(text: &str) -> Result<[SliceParam; 3], JsonPathError> {
    let invalid = || JsonPathError::InvalidArrayIndex(text.to_owned());
    let mut groups: [Option<&str>; 3] = [None; 3];
    let mut rest = text;
    for (i, group) in groups.iter_mut().enumerate() {
        let body = if i == 0 {
            rest
        } else if let Some(after) = rest.strip_prefix(':') {
            after
        } else {
            break;
        };
        let (number, after) = body
            .split_at_checked(signed_digits_len(body))
            .ok_or_else(invalid)?;
        *group = Some(number);
        rest = after;
    }
    if !rest.is_empty() {
        return Err(invalid());
    }

    let mut params = [SliceParam::default(); 3];
    let mut start = 0i64; // params[0].value, once read
    for (i, (group, param)) in groups.iter().zip(params.iter_mut()).enumerate() {
        *param = match *group {
            Some("") if i > 0 => SliceParam::default(),
            Some(number) if !(i == 0 && number.is_empty()) => SliceParam {
                value: number
                    .parse()
                    .map_err(|_| JsonPathError::ArrayIndexNotANumber(number.to_owned()))?,
                known: true,
                derived: false,
            },
            // `[i]` is `[i:i+1]`; Go's int arithmetic wraps.
            _ if i == 1 => SliceParam {
                value: start.wrapping_add(1),
                known: true,
                derived: true,
            },
            _ => SliceParam::default(),
        };
        if i == 0 {
            start = param.value;
        }
    }
    Ok(params)
}

/// The length of the `-?[0-9]*` prefix of `s`.
fn signed_digits_len(s: &str) -> usize {
    let sign = usize::from(s.starts_with('-'));
    sign + s.bytes().skip(sign).take_while(u8::is_ascii_digit).count()
}

/// `^([^!<>=]+)([!<>=]+)(.+?)$`: splits a filter into its left side, operator and right side.
fn split_comparison(text: &str) -> Option<(&str, &str, &str)> {
    let is_op = |b: &u8| matches!(b, b'!' | b'<' | b'>' | b'=');
    let bytes = text.as_bytes();
    let op_start = bytes.iter().position(is_op)?;
    if op_start == 0 {
        return None;
    }
    let mut op_end = op_start + bytes.iter().skip(op_start).take_while(|b| is_op(b)).count();
    if op_end == bytes.len() {
        // The right side needs a character: the regex gives it the operator run's last one.
        if op_end - op_start < 2 {
            return None;
        }
        op_end -= 1;
    }
    Some((
        text.get(..op_start)?,
        text.get(op_start..op_end)?,
        text.get(op_end..)?,
    ))
}

/// Go's `isTerminator`: what ends a field name or identifier.
fn is_terminator(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => matches!(
            c,
            ' ' | '\t' | '\r' | '\n' | '.' | ',' | '[' | ']' | '$' | '@' | '{' | '}'
        ),
    }
}

/// Go's `unicode.IsDigit` (exact up to U+00FF; beyond, Rust's numeric class stands in for
/// Unicode's decimal digits).
fn is_digit(c: char) -> bool {
    if u32::from(c) <= 0xFF {
        c.is_ascii_digit()
    } else {
        c.is_numeric()
    }
}

/// Go's `isAlphaNumeric`: `_`, letters and digits (letters beyond Latin-1 approximated by
/// Rust's alphabetic class).
fn is_alphanumeric(c: char) -> bool {
    c == '_' || c.is_alphabetic() || is_digit(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(template: &str) -> Vec<Node> {
        match parse(template).as_deref() {
            Ok([Node::List(list)]) => list.clone(),
            other => panic!("{template}: {other:?}"),
        }
    }

    fn field(name: &str) -> Node {
        Node::Field(name.to_owned())
    }

    fn slice(values: [(i64, bool, bool); 3]) -> Node {
        Node::Array(values.map(|(value, known, derived)| SliceParam {
            value,
            known,
            derived,
        }))
    }

    #[test]
    fn text_and_actions_alternate() {
        assert_eq!(
            parse("hello {.jsonpath} bye").unwrap(),
            vec![
                Node::Text("hello ".into()),
                Node::List(vec![field("jsonpath")]),
                Node::Text(" bye".into()),
            ]
        );
        assert_eq!(parse("").unwrap(), vec![]);
        assert_eq!(parse("{}").unwrap(), vec![Node::List(vec![])]);
    }

    #[test]
    fn slices_follow_upstream_params() {
        assert_eq!(
            action("{[1:3]}"),
            vec![slice([
                (1, true, false),
                (3, true, false),
                (0, false, false)
            ])]
        );
        assert_eq!(
            action("{[-1]}"),
            vec![slice([
                (-1, true, false),
                (0, true, true),
                (0, false, false)
            ])]
        );
        assert_eq!(
            action("{[*]}"),
            vec![slice([
                (0, false, false),
                (0, false, false),
                (0, false, false)
            ])]
        );
        assert_eq!(
            action("{[::2]}"),
            vec![slice([
                (0, false, false),
                (0, false, false),
                (2, true, false)
            ])]
        );
        assert_eq!(
            action("{[]}"),
            vec![slice([
                (0, false, false),
                (1, true, true),
                (0, false, false)
            ])]
        );
        assert_eq!(
            parse("{[-]}").unwrap_err().to_string(),
            "array index - is not a number"
        );
        assert_eq!(
            parse("{[1:a]}").unwrap_err().to_string(),
            "invalid array index 1:a"
        );
    }

    #[test]
    fn bracket_keys_reparse_as_fields() {
        assert_eq!(
            action("{['book.price']}"),
            vec![field("book"), field("price")]
        );
        assert_eq!(action(r"{['name\.type']}"), vec![field("name.type")]);
        assert_eq!(action(r"{.a\.b}"), vec![field("a.b")]);
        assert_eq!(
            action("{['bicycle.price', 3, 'book.price']}"),
            vec![Node::Union(vec![
                vec![field("bicycle"), field("price")],
                vec![slice([
                    (3, true, false),
                    (4, true, true),
                    (0, false, false)
                ])],
                vec![field("book"), field("price")],
            ])]
        );
    }

    #[test]
    fn filters_split_at_the_first_operator_run() {
        assert_eq!(split_comparison("@.a==1"), Some(("@.a", "==", "1")));
        assert_eq!(split_comparison("@.a<>10"), Some(("@.a", "<>", "10")));
        assert_eq!(split_comparison("@.a=="), Some(("@.a", "=", "=")));
        assert_eq!(split_comparison("@.a="), None);
        assert_eq!(split_comparison("=1"), None);
        assert_eq!(split_comparison("@.z"), None);
        assert_eq!(
            action(r#"{[?(@.x == "a)b")]}"#),
            vec![Node::Filter(Box::new(Filter {
                left: vec![field("x")],
                right: vec![Node::Text("a)b".into())],
                operator: "==".into(),
            }))]
        );
    }

    #[test]
    fn literals() {
        assert_eq!(
            action(r#"{"\n" 'a' 12 -3.5 true false range}"#),
            vec![
                Node::Text("\n".into()),
                Node::Text("a".into()),
                Node::Int(12),
                Node::Float(-3.5),
                Node::Bool(true),
                Node::Bool(false),
                Node::Identifier("range".into()),
            ]
        );
        assert_eq!(action("{..name}"), vec![Node::Recursive, field("name")]);
        assert_eq!(action("{...name}"), vec![Node::Recursive, field("name")]);
        assert_eq!(action("{.*}"), vec![Node::Wildcard]);
    }

    #[test]
    fn reparsing_depth_is_bounded() {
        assert_eq!(parse_action(".a", MAX_NESTING), Ok(vec![field("a")]));
        assert_eq!(
            parse_action(".a", MAX_NESTING + 1),
            Err(JsonPathError::NestedTooDeeply)
        );
    }

    #[test]
    fn errors_use_upstream_wording() {
        let error = |t: &str| parse(t).unwrap_err().to_string();
        assert_eq!(error("{.hello"), "unclosed action");
        assert_eq!(error("{.a\n}"), "unclosed action");
        assert_eq!(error("{+12.3.0}"), "cannot parse number +12.3.0");
        assert_eq!(error("{[?(.price]}"), "unterminated filter");
        assert_eq!(error("{[?(@.a==1)x}"), "unclosed array expect ]");
        assert_eq!(error("{........}"), "invalid multiple recursive descent");
        assert_eq!(error("{[0}"), "unterminated array");
        assert_eq!(error(r#"{"abc}"#), "unterminated quoted string");
        assert_eq!(
            error(r#"{"\q"}"#),
            r#"unquote string "\q" error invalid syntax"#
        );
        assert_eq!(
            error("{..*}"),
            "unrecognized character in action: U+002A '*'"
        );
        assert_eq!(error("{\t}"), "unrecognized character in action: U+0009");
    }
}
