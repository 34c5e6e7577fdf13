//! Quoted string literals (`{"\n"}`, `{'\t'}`): client-go's `UnquoteExtend`, which is Go's
//! `strconv.Unquote` extended to single-quoted strings.

/// Unquotes `text`, which includes its opening and closing quote.
///
/// Go strings may hold any bytes, so `\xff` or `\377` produce a raw byte; a result that is not
/// UTF-8 is converted lossily (U+FFFD), the one place this differs from upstream.
pub(crate) fn unquote_extend(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let (&quote, rest) = bytes.split_first()?;
    let (&last, body) = rest.split_last()?;
    if quote != last || !(quote == b'"' || quote == b'\'') {
        return None;
    }
    if !body.iter().any(|&b| b == b'\\' || b == quote) {
        return Some(String::from_utf8_lossy(body).into_owned());
    }
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    while !rest.is_empty() {
        rest = unquote_char(rest, quote, &mut out)?;
    }
    Some(match String::from_utf8(out) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// Go's `strconv.UnquoteChar`: decodes one character or escape from the front of `s`, appends
/// its bytes to `out`, and returns the rest.
fn unquote_char<'a>(s: &'a [u8], quote: u8, out: &mut Vec<u8>) -> Option<&'a [u8]> {
    let (&c, rest) = s.split_first()?;
    if c == quote {
        return None;
    }
    if c != b'\\' {
        // Multi-byte characters are copied byte by byte; the input is UTF-8 already.
        out.push(c);
        return Some(rest);
    }
    let (&escape, rest) = rest.split_first()?;
    let simple = match escape {
        b'a' => Some(0x07),
        b'b' => Some(0x08),
        b'f' => Some(0x0C),
        b'n' => Some(b'\n'),
        b'r' => Some(b'\r'),
        b't' => Some(b'\t'),
        b'v' => Some(0x0B),
        b'\\' => Some(b'\\'),
        b'\'' | b'"' if escape == quote => Some(escape),
        _ => None,
    };
    if let Some(byte) = simple {
        out.push(byte);
        return Some(rest);
    }
    match escape {
        b'x' => {
            let (value, rest) = hex_value(rest, 2)?;
            out.push(u8::try_from(value).ok()?);
            Some(rest)
        }
        b'u' | b'U' => {
            let (value, rest) = hex_value(rest, if escape == b'u' { 4 } else { 8 })?;
            let c = char::from_u32(value)?;
            let mut buf = [0; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            Some(rest)
        }
        b'0'..=b'7' => {
            let digits = rest.get(..2)?;
            let mut value = u32::from(escape - b'0');
            for &d in digits {
                if !(b'0'..=b'7').contains(&d) {
                    return None;
                }
                value = (value << 3) | u32::from(d - b'0');
            }
            out.push(u8::try_from(value).ok()?);
            rest.get(2..)
        }
        _ => None,
    }
}

fn hex_value(s: &[u8], digits: usize) -> Option<(u32, &[u8])> {
    let hex = s.get(..digits)?;
    let mut value = 0u32;
    for &h in hex {
        value = (value << 4) | char::from(h).to_digit(16)?;
    }
    Some((value, s.get(digits..)?))
}

#[cfg(test)]
mod tests {
    use super::unquote_extend;

    #[test]
    fn follows_go_escape_rules() {
        assert_eq!(unquote_extend(r#""a\tb\n""#).as_deref(), Some("a\tb\n"));
        assert_eq!(unquote_extend(r"'\t'").as_deref(), Some("\t"));
        assert_eq!(unquote_extend(r#""\"""#).as_deref(), Some("\""));
        assert_eq!(unquote_extend(r"'\''").as_deref(), Some("'"));
        assert_eq!(
            unquote_extend(r#""\u00e9\U0001F600\x41\101""#).as_deref(),
            Some("é😀AA")
        );
        assert_eq!(unquote_extend(r#""\xc3\xa9""#).as_deref(), Some("é"));
        assert_eq!(unquote_extend("'é'").as_deref(), Some("é"));
    }

    #[test]
    fn rejects_what_go_rejects() {
        for bad in [
            r#""\'""#,     // \' only in single quotes
            r#"'\"'"#,     // \" only in double quotes
            r#""\q""#,     // unknown escape
            r#""\400""#,   // octal above 255
            r#""\ud800""#, // surrogate
            r#""\x4""#,    // short hex
            r#""a"b""#,    // bare quote inside
            r#""\""#,      // escape at the end
            "\"",
            "'x\"",
        ] {
            assert_eq!(unquote_extend(bad), None, "{bad}");
        }
    }
}
