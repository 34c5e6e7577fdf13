//! Go's two float spellings that kubectl output shows: `fmt`'s `%v` (plain text results) and
//! `encoding/json`'s (numbers inside printed maps and lists).
//!
//! Both start from the shortest decimal digits that round-trip, which Rust's `{:e}` also
//! produces; only the layout differs.

use std::fmt::Write;

/// The shortest round-trip digits of a finite float and its decimal point position:
/// `value = 0.DIGITS × 10^point` (Go's `decimalSlice` `d` and `dp`).
struct Decimal {
    negative: bool,
    digits: String,
    point: i32,
}

fn decimal(f: f64) -> Decimal {
    let negative = f.is_sign_negative();
    let formatted = format!("{:e}", f.abs());
    let (mantissa, exponent) = formatted.split_once('e').unwrap_or((&formatted, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if digits.bytes().all(|d| d == b'0') {
        // Go keeps zero as no digits at all, with the point at 0.
        return Decimal {
            negative,
            digits: String::new(),
            point: 0,
        };
    }
    Decimal {
        negative,
        digits,
        point: exponent + 1,
    }
}

/// `fmt.Sprint(f)`: `%g` with the shortest digits, switching to an exponent below 1e-4 or from
/// 1e+06 on (`1`, `2.2`, `123456`, `1.234567e+06`, `1e-05`).
pub(crate) fn format_go_v(f: f64) -> String {
    if !f.is_finite() {
        return non_finite(f);
    }
    let d = decimal(f);
    let exp = d.point - 1;
    if !(-4..6).contains(&exp) {
        format_e(&d, true)
    } else {
        format_f(&d)
    }
}

/// `encoding/json`'s float encoding: plain decimals between 1e-6 and 1e21, an exponent
/// without zero padding outside (`1e-7`, `1e+21`).
pub(crate) fn format_go_json(f: f64) -> String {
    if !f.is_finite() {
        // encoding/json refuses these; serde_json values cannot hold them.
        return non_finite(f);
    }
    let abs = f.abs();
    let d = decimal(f);
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        format_e(&d, false)
    } else {
        format_f(&d)
    }
}

/// `%e` with all digits: `d.ddde±XX`, the exponent padded to two digits when `pad` is set
/// (fmt) or trimmed of that padding for negative exponents (encoding/json's "e-09 to e-9").
fn format_e(d: &Decimal, pad: bool) -> String {
    let mut out = String::new();
    if d.negative {
        out.push('-');
    }
    let mut digits = d.digits.chars();
    out.push(digits.next().unwrap_or('0'));
    let rest = digits.as_str();
    if !rest.is_empty() {
        out.push('.');
        out.push_str(rest);
    }
    let exp = if d.digits.is_empty() { 0 } else { d.point - 1 };
    out.push('e');
    out.push(if exp < 0 { '-' } else { '+' });
    let magnitude = exp.unsigned_abs();
    if magnitude < 10 && (pad || exp >= 0) {
        out.push('0');
    }
    let _ = write!(out, "{magnitude}");
    out
}

/// `%f` with exactly the fraction digits the shortest representation needs.
fn format_f(d: &Decimal) -> String {
    let mut out = String::new();
    if d.negative {
        out.push('-');
    }
    let digit = |i: i32| -> char {
        usize::try_from(i)
            .ok()
            .and_then(|i| d.digits.as_bytes().get(i))
            .map_or('0', |&b| char::from(b))
    };
    if d.point > 0 {
        for i in 0..d.point {
            out.push(digit(i));
        }
    } else {
        out.push('0');
    }
    let nd = i32::try_from(d.digits.len()).unwrap_or(i32::MAX);
    let fraction = (nd - d.point).max(0);
    if fraction > 0 {
        out.push('.');
        for i in 0..fraction {
            out.push(digit(d.point + i));
        }
    }
    out
}

fn non_finite(f: f64) -> String {
    if f.is_nan() {
        "NaN".to_owned()
    } else if f > 0.0 {
        "+Inf".to_owned()
    } else {
        "-Inf".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fmt_v_matches_go() {
        let cases = [
            (1.0, "1"),
            (2.2, "2.2"),
            (-3.5, "-3.5"),
            (0.0, "0"),
            (-0.0, "-0"),
            (123456.0, "123456"),
            (999999.5, "999999.5"),
            (1e6, "1e+06"),
            (1234567.0, "1.234567e+06"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1e-100, "1e-100"),
            (1.5e300, "1.5e+300"),
            (9.223372036854776e18, "9.223372036854776e+18"),
            (19.95, "19.95"),
            (0.1 + 0.2, "0.30000000000000004"),
        ];
        for (f, want) in cases {
            assert_eq!(format_go_v(f), want, "{f:e}");
        }
    }

    #[test]
    fn json_matches_go() {
        let cases = [
            (1.0, "1"),
            (2.02, "2.02"),
            (-0.0, "-0"),
            (1e6, "1000000"),
            (1e20, "100000000000000000000"),
            (1e21, "1e+21"),
            (1.5e300, "1.5e+300"),
            (0.000001, "0.000001"),
            (0.0000001, "1e-7"),
            (1.25e-10, "1.25e-10"),
            (18446744073709551615.0, "18446744073709552000"),
        ];
        for (f, want) in cases {
            assert_eq!(format_go_json(f), want, "{f:e}");
        }
    }
}
