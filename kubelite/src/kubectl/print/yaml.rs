//! `-o yaml` as kubectl prints it. kubectl turns the object's JSON into YAML with go-yaml v2
//! (`sigs.k8s.io/yaml`), so this writer follows that library rather than kubelite's manifest
//! writer: map keys in go-yaml's order (bytewise, except that runs of digits compare as
//! numbers and non-letters sort before letters), strings plain unless they would read back as
//! another type (`"8080"`, `"true"`, `""`, timestamps) or contain YAML syntax (then
//! `'single'` or `"double"` quoted), multi-line strings as `|` blocks, sequences not indented
//! under their key, and long plain strings folded after column 80. IP addresses such as
//! `10.96.0.10` are plain, as kubectl prints them.

use std::cmp::Ordering;

use serde_json::Value;

const BEST_WIDTH: usize = 80;

/// Writes `value` as one YAML document.
pub(crate) fn to_yaml(value: &Value) -> String {
    let mut w = Writer::default();
    match value {
        Value::Object(map) if !map.is_empty() => w.mapping(map, 0, false),
        Value::Array(items) if !items.is_empty() => w.sequence(items, 0, false),
        other => {
            w.scalar(other, 0);
            w.newline();
        }
    }
    w.out
}

#[derive(Default)]
struct Writer {
    out: String,
    column: usize,
}

impl Writer {
    fn push(&mut self, s: &str) {
        for c in s.chars() {
            if c == '\n' {
                self.column = 0;
            } else {
                self.column += 1;
            }
        }
        self.out.push_str(s);
    }

    fn newline(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    fn pad(&mut self, indent: usize) {
        while self.column < indent {
            self.out.push(' ');
            self.column += 1;
        }
    }

    /// A block mapping whose keys sit at `indent`; with `inline` the first key continues the
    /// current line (after `- `).
    fn mapping(&mut self, map: &serde_json::Map<String, Value>, indent: usize, inline: bool) {
        let mut entries: Vec<_> = map.iter().collect();
        entries.sort_by(|a, b| key_order(a.0, b.0));
        for (i, (key, value)) in entries.into_iter().enumerate() {
            if i > 0 || !inline {
                self.pad(indent);
            }
            let key_style = style_for(key);
            self.quoted(key, key_style, indent, false);
            self.push(":");
            self.value_after_indicator(value, indent);
        }
    }

    /// A block sequence whose `- ` sit at `indent`.
    fn sequence(&mut self, items: &[Value], indent: usize, inline: bool) {
        for (i, item) in items.iter().enumerate() {
            if i > 0 || !inline {
                self.pad(indent);
            }
            self.push("- ");
            match item {
                Value::Object(map) if !map.is_empty() => self.mapping(map, indent + 2, true),
                Value::Array(inner) if !inner.is_empty() => self.sequence(inner, indent + 2, true),
                other => {
                    self.scalar(other, indent + 2);
                    self.newline();
                }
            }
        }
    }

    /// What follows `key:` — a nested block on the next lines or a scalar on this one.
    fn value_after_indicator(&mut self, value: &Value, indent: usize) {
        match value {
            Value::Object(map) if !map.is_empty() => {
                self.newline();
                self.mapping(map, indent + 2, false);
            }
            // go-yaml writes a mapping's sequences without extra indentation.
            Value::Array(items) if !items.is_empty() => {
                self.newline();
                self.sequence(items, indent, false);
            }
            other => {
                self.push(" ");
                self.scalar(other, indent + 2);
                self.newline();
            }
        }
    }

    /// A scalar (or empty collection); continuation lines are indented to `indent`.
    fn scalar(&mut self, value: &Value, indent: usize) {
        match value {
            Value::Null => self.push("null"),
            Value::Bool(b) => self.push(if *b { "true" } else { "false" }),
            Value::Number(n) => self.push(&n.to_string()),
            Value::Object(_) => self.push("{}"),
            Value::Array(_) => self.push("[]"),
            Value::String(s) => {
                let style = style_for(s);
                self.quoted(s, style, indent, true);
            }
        }
    }

    fn quoted(&mut self, s: &str, style: Style, indent: usize, allow_breaks: bool) {
        match style {
            Style::Plain => self.folded(s, indent, allow_breaks, false),
            Style::Single => {
                self.push("'");
                self.folded(s, indent, allow_breaks, true);
                self.push("'");
            }
            Style::Double => self.double(s),
            Style::Literal => self.literal(s, indent),
        }
    }

    /// Plain or single-quoted text: a space past column 80 becomes a line break, as
    /// libyaml's emitter does.
    fn folded(&mut self, s: &str, indent: usize, allow_breaks: bool, single: bool) {
        let chars: Vec<char> = s.chars().collect();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let next_is_space = chars.get(i + 1) == Some(&' ');
                let inner = !single || (i > 0 && i + 1 < chars.len());
                if allow_breaks && !spaces && self.column > BEST_WIDTH && !next_is_space && inner {
                    self.newline();
                    self.pad(indent);
                } else {
                    self.push(" ");
                }
                spaces = true;
            } else {
                if single && c == '\'' {
                    self.push("''");
                } else {
                    let mut buf = [0u8; 4];
                    self.push(c.encode_utf8(&mut buf));
                }
                spaces = false;
            }
        }
    }

    fn double(&mut self, s: &str) {
        let mut text = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => text.push_str("\\\""),
                '\\' => text.push_str("\\\\"),
                '\0' => text.push_str("\\0"),
                '\u{7}' => text.push_str("\\a"),
                '\u{8}' => text.push_str("\\b"),
                '\t' => text.push_str("\\t"),
                '\n' => text.push_str("\\n"),
                '\u{b}' => text.push_str("\\v"),
                '\u{c}' => text.push_str("\\f"),
                '\r' => text.push_str("\\r"),
                '\u{1b}' => text.push_str("\\e"),
                '\u{85}' => text.push_str("\\N"),
                '\u{a0}' => text.push_str("\\_"),
                '\u{2028}' => text.push_str("\\L"),
                '\u{2029}' => text.push_str("\\P"),
                c if !printable(c) => {
                    let n = u32::from(c);
                    if n <= 0xff {
                        text.push_str(&format!("\\x{n:02X}"));
                    } else if n <= 0xffff {
                        text.push_str(&format!("\\u{n:04X}"));
                    } else {
                        text.push_str(&format!("\\U{n:08X}"));
                    }
                }
                c => text.push(c),
            }
        }
        text.push('"');
        self.push(&text);
    }

    fn literal(&mut self, s: &str, indent: usize) {
        let mut header = String::from("|");
        if s.starts_with([' ', '\n']) {
            header.push('2');
        }
        let chars: Vec<char> = s.chars().collect();
        match chars.as_slice() {
            [.., last] if *last != '\n' => header.push('-'),
            ['\n'] | [.., '\n', '\n'] => header.push('+'),
            _ => {}
        }
        self.push(&header);
        let body = s.strip_suffix('\n').unwrap_or(s);
        for line in body.split('\n') {
            self.newline();
            if !line.is_empty() {
                self.pad(indent);
                self.push(line);
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

fn printable(c: char) -> bool {
    let n = u32::from(c);
    n == 0x0A
        || (0x20..=0x7E).contains(&n)
        || n == 0x85
        || ((0xA0..=0xD7FF).contains(&n))
        || ((0xE000..=0xFFFD).contains(&n) && n != 0xFEFF)
        || (0x10000..=0x10FFFF).contains(&n)
}

/// The style go-yaml v2 picks for a string.
fn style_for(s: &str) -> Style {
    if s.contains('\n') {
        let a = analyze(s);
        return if a.block_allowed {
            Style::Literal
        } else {
            Style::Double
        };
    }
    if !resolves_to_string(s) || is_base60_float(s) {
        return Style::Double;
    }
    let a = analyze(s);
    if a.plain_allowed {
        Style::Plain
    } else if a.single_allowed {
        Style::Single
    } else {
        Style::Double
    }
}

struct Analysis {
    plain_allowed: bool,
    single_allowed: bool,
    block_allowed: bool,
}

/// libyaml's `yaml_emitter_analyze_scalar`, for block context.
fn analyze(s: &str) -> Analysis {
    let chars: Vec<char> = s.chars().collect();
    let mut block_indicators = false;
    let (mut leading_space, mut leading_break, mut trailing_space, mut trailing_break) =
        (false, false, false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    let mut line_breaks = false;
    let mut special = false;
    if s.starts_with("---") || s.starts_with("...") {
        block_indicators = true;
    }
    let blank = |c: Option<&char>| matches!(c, None | Some(' ' | '\t' | '\n' | '\r'));
    let mut preceded_by_whitespace = true;
    for (i, &c) in chars.iter().enumerate() {
        let followed_by_whitespace = blank(chars.get(i + 1));
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => block_indicators = true,
                '?' | ':' | '-' if followed_by_whitespace => block_indicators = true,
                _ => {}
            }
        } else {
            match c {
                ':' if followed_by_whitespace => block_indicators = true,
                '#' if preceded_by_whitespace => block_indicators = true,
                _ => {}
            }
        }
        if !printable(c) || c == '\u{FEFF}' {
            special = true;
        }
        if c == '\n' {
            line_breaks = true;
        }
        let last = i + 1 == chars.len();
        if c == ' ' {
            if i == 0 {
                leading_space = true;
            }
            if last {
                trailing_space = true;
            }
            if previous_break {
                break_space = true;
            }
            previous_space = true;
            previous_break = false;
        } else if c == '\n' {
            if i == 0 {
                leading_break = true;
            }
            if last {
                trailing_break = true;
            }
            if previous_space {
                space_break = true;
            }
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = blank(Some(&c));
    }
    let mut plain_allowed = true;
    let mut single_allowed = true;
    let mut block_allowed = true;
    if leading_space || leading_break || trailing_space || trailing_break {
        plain_allowed = false;
    }
    if trailing_space {
        block_allowed = false;
    }
    if break_space {
        plain_allowed = false;
        single_allowed = false;
    }
    if space_break || special {
        plain_allowed = false;
        single_allowed = false;
        block_allowed = false;
    }
    if line_breaks || block_indicators {
        plain_allowed = false;
    }
    Analysis {
        plain_allowed,
        single_allowed,
        block_allowed,
    }
}

/// Whether go-yaml v2 would read `s`, written plain, back as a string (not a bool, null,
/// number or timestamp).
fn resolves_to_string(s: &str) -> bool {
    const SPECIAL: &[&str] = &[
        "", "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
        "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
        ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf",
        "-.Inf", "-.INF", "<<",
    ];
    let Some(first) = s.chars().next() else {
        return false;
    };
    let hinted = matches!(
        first,
        '+' | '-' | '0'
            ..='9' | '.' | 'y' | 'Y' | 'n' | 'N' | 't' | 'T' | 'f' | 'F' | 'o' | 'O' | '~'
    );
    if !hinted {
        return true;
    }
    if SPECIAL.contains(&s) {
        return false;
    }
    match first {
        '.' => go_parse_float(s).is_none(),
        '+' | '-' | '0'..='9' => {
            if first.is_ascii_digit() && is_timestamp(s) {
                return false;
            }
            let plain = s.replace('_', "");
            let binary = plain
                .strip_prefix("0b")
                .or_else(|| plain.strip_prefix("-0b"))
                .is_some_and(|b| !b.is_empty() && b.chars().all(|c| c == '0' || c == '1'));
            let number =
                go_parse_int(&plain) || (is_yaml_float(&plain) && go_parse_float(&plain).is_some());
            !number && !binary
        }
        _ => true,
    }
}

/// Go's `strconv.ParseInt(s, 0, 64)` / `ParseUint` accepting the syntax.
fn go_parse_int(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    if body.is_empty() {
        return false;
    }
    let (digits, radix) =
        if let Some(h) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
            (h, 16)
        } else if let Some(b) = body.strip_prefix("0b").or_else(|| body.strip_prefix("0B")) {
            (b, 2)
        } else if let Some(o) = body.strip_prefix("0o").or_else(|| body.strip_prefix("0O")) {
            (o, 8)
        } else if body.len() > 1 && body.starts_with('0') {
            (&body[1..], 8)
        } else {
            (body, 10)
        };
    !digits.is_empty() && u64::from_str_radix(digits, radix).is_ok()
}

/// go-yaml's float pattern `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_float(s: &str) -> bool {
    let b = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (mantissa, exponent) = match b.find(['e', 'E']) {
        Some(i) => (&b[..i], Some(&b[i + 1..])),
        None => (b, None),
    };
    let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", frac)) => digits(frac),
        Some((int, frac)) => digits(int) && (frac.is_empty() || digits(frac)),
        None => digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)));
    mantissa_ok && exponent_ok
}

/// Go's `strconv.ParseFloat` accepting the text (decimal forms and inf/nan spellings).
fn go_parse_float(s: &str) -> Option<f64> {
    let lower = s.to_ascii_lowercase();
    let body = lower.strip_prefix(['+', '-']).unwrap_or(&lower);
    if matches!(body, "inf" | "infinity" | "nan") {
        return Some(0.0);
    }
    if body.starts_with(['i', 'n']) {
        return None;
    }
    s.replace('_', "").parse::<f64>().ok()
}

/// go-yaml's timestamp formats: `YYYY-M-D`, optionally followed by `T`/`t`/space and a time.
// Each index is guarded just before: `bytes.len() >= 5`, `date_end < rest.len()`,
// `zone.len() == 6`.
#[allow(clippy::indexing_slicing)]
fn is_timestamp(s: &str) -> bool {
    let bytes = s.as_bytes();
    if bytes.len() < 5 || !bytes[..4].iter().all(u8::is_ascii_digit) || bytes[4] != b'-' {
        return false;
    }
    let rest = &s[5..];
    let date_end = rest.find(['T', 't', ' ']).unwrap_or(rest.len());
    let date = &rest[..date_end];
    let mut parts = date.split('-');
    let short = |p: Option<&str>| {
        p.is_some_and(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
    };
    if !(short(parts.next()) && short(parts.next()) && parts.next().is_none()) {
        return false;
    }
    if date_end == rest.len() {
        return true;
    }
    let sep = rest.as_bytes()[date_end];
    let time = &rest[date_end + 1..];
    let (clock, zone) = if sep == b' ' {
        (time, "")
    } else {
        match time.find(['Z', '+', '-']) {
            Some(i) => (&time[..i], &time[i..]),
            None => return false,
        }
    };
    let (hms, frac) = match clock.split_once('.') {
        Some((h, f)) => (h, Some(f)),
        None => (clock, None),
    };
    let mut hp = hms.split(':');
    let clock_ok = short(hp.next()) && short(hp.next()) && short(hp.next()) && hp.next().is_none();
    let frac_ok = frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    let zone_ok = zone.is_empty() && sep == b' '
        || zone == "Z"
        || (zone.len() == 6 && zone.as_bytes()[3] == b':');
    clock_ok && frac_ok && zone_ok
}

/// go-yaml's `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
fn is_base60_float(s: &str) -> bool {
    let b = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (main, frac) = match b.split_once('.') {
        Some((m, f)) => (m, Some(f)),
        None => (b, None),
    };
    if frac.is_some_and(|f| !f.bytes().all(|c| c.is_ascii_digit() || c == b'_')) {
        return false;
    }
    let mut parts = main.split(':');
    let Some(head) = parts.next() else {
        return false;
    };
    if !head.starts_with(|c: char| c.is_ascii_digit())
        || !head.bytes().all(|c| c.is_ascii_digit() || c == b'_')
    {
        return false;
    }
    let mut sexagesimal = 0;
    for p in parts {
        sexagesimal += 1;
        let ok = match p.as_bytes() {
            [d] => d.is_ascii_digit(),
            [a, d] => (b'0'..=b'5').contains(a) && d.is_ascii_digit(),
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    sexagesimal > 0
}

/// go-yaml v2's key order (`keyList.Less`).
// A port of go-yaml's index arithmetic: `i` stays below both lengths (the loop's guard),
// `j - 1` is read only while `j > 0` and `j <= i`, and `ai`/`bi` are read only below their
// lengths.
#[allow(clippy::indexing_slicing)]
fn key_order(a: &str, b: &str) -> Ordering {
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    let mut i = 0;
    while i < ar.len() && i < br.len() {
        if ar[i] == br[i] {
            i += 1;
            continue;
        }
        let al = ar[i].is_alphabetic();
        let bl = br[i].is_alphabetic();
        if al && bl {
            return ar[i].cmp(&br[i]);
        }
        if al || bl {
            return if bl {
                Ordering::Less
            } else {
                Ordering::Greater
            };
        }
        let (mut an, mut bn) = (0i64, 0i64);
        if ar[i] == '0' || br[i] == '0' {
            let mut j = i;
            while j > 0 && ar[j - 1].is_ascii_digit() {
                j -= 1;
                if ar[j] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && ar[ai].is_ascii_digit() {
            an = an
                .saturating_mul(10)
                .saturating_add(i64::from(ar[ai] as u8 - b'0'));
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && br[bi].is_ascii_digit() {
            bn = bn
                .saturating_mul(10)
                .saturating_add(i64::from(br[bi] as u8 - b'0'));
            bi += 1;
        }
        if an != bn {
            return an.cmp(&bn);
        }
        if ai != bi {
            return ai.cmp(&bi);
        }
        return ar[i].cmp(&br[i]);
    }
    ar.len().cmp(&br.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars_quote_as_go_yaml() {
        let v = json!({
            "ip": "10.96.0.10", "port": "9153", "t": "2020-04-03T10:00:00Z", "b": "true",
            "e": "", "img": "k8s.gcr.io/echoserver:1.4", "pct": "25%", "arg": "-conf",
            "colon": "a: b", "star": "*x", "n": 5, "list": [], "map": {}, "multi": "a\nb\n",
            "quote": "it's", "lead": " x", "tab": "a\tb", "octal": "0755", "y": "y",
        });
        assert_eq!(
            to_yaml(&v),
            "arg: -conf\nb: \"true\"\ncolon: 'a: b'\ne: \"\"\nimg: k8s.gcr.io/echoserver:1.4\nip: 10.96.0.10\nlead: ' x'\nlist: []\nmap: {}\nmulti: |\n  a\n  b\n\"n\": 5\noctal: \"0755\"\npct: 25%\nport: \"9153\"\nquote: it's\nstar: '*x'\nt: \"2020-04-03T10:00:00Z\"\ntab: \"a\\tb\"\n\"y\": \"y\"\n"
        );
    }

    #[test]
    fn sequences_sit_under_their_key() {
        let v = json!({"items": [{"b": 1, "a": [1, 2]}, "x"], "z": {"k": null}});
        assert_eq!(
            to_yaml(&v),
            "items:\n- a:\n  - 1\n  - 2\n  b: 1\n- x\nz:\n  k: null\n"
        );
    }

    #[test]
    fn key_order_is_numeric_aware() {
        let mut keys = vec![
            "port10",
            "port9",
            "a_b",
            "aB",
            "app.kubernetes.io/name",
            "app",
        ];
        keys.sort_by(|a, b| key_order(a, b));
        assert_eq!(
            keys,
            [
                "a_b",
                "aB",
                "app",
                "app.kubernetes.io/name",
                "port9",
                "port10"
            ]
        );
    }

    #[test]
    fn long_plain_strings_fold_after_column_80() {
        let text = "word ".repeat(20).trim_end().to_owned();
        let out = to_yaml(&json!({"message": text}));
        assert_eq!(
            out,
            format!(
                "message: {}\n  {}\n",
                "word ".repeat(15).trim_end(),
                "word ".repeat(5).trim_end()
            )
        );
    }
}
