//! Filter comparisons: the `eq`/`lt` family of Go's `text/template`, which client-go forks.
//!
//! Only bools, numbers and strings compare; values must be of the same kind except that signed
//! and unsigned integers mix. So an integer field compares with `3` but a float field does
//! not (`incompatible types for comparison`), exactly as kubectl behaves.

use serde_json::Value;

use super::error::JsonPathError;
use super::item::{GoNumber, Item, go_number};

#[derive(Clone, Copy, PartialEq)]
enum Basic<'a> {
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(&'a str),
}

fn basic<'a>(item: Item<'a>) -> Result<Basic<'a>, JsonPathError> {
    Ok(match item {
        Item::Json(Value::Bool(b)) => Basic::Bool(*b),
        Item::Bool(b) => Basic::Bool(b),
        Item::Json(Value::Number(n)) => match go_number(n) {
            GoNumber::Int(i) => Basic::Int(i),
            GoNumber::Float(f) => Basic::Float(f),
        },
        Item::Json(Value::String(s)) => Basic::Str(s),
        Item::Text(s) => Basic::Str(s),
        Item::Int(i) => Basic::Int(i),
        Item::Float(f) => Basic::Float(f),
        Item::Byte(b) => Basic::Uint(u64::from(b)),
        Item::Invalid | Item::Json(Value::Null | Value::Array(_) | Value::Object(_)) => {
            return Err(JsonPathError::InvalidComparisonType);
        }
    })
}

/// Evaluates `left op right` for one of the six operators; `None` for any other operator.
pub(crate) fn compare(
    operator: &str,
    left: Item<'_>,
    right: Item<'_>,
) -> Option<Result<bool, JsonPathError>> {
    Some(match operator {
        "<" => less(left, right),
        ">" => less_equal(left, right).map(|le| !le),
        "==" => equal(left, right),
        "!=" => equal(left, right).map(|eq| !eq),
        "<=" => less_equal(left, right),
        ">=" => less(left, right).map(|lt| !lt),
        _ => return None,
    })
}

fn equal(left: Item<'_>, right: Item<'_>) -> Result<bool, JsonPathError> {
    let (a, b) = (basic(left)?, basic(right)?);
    Ok(match (a, b) {
        (Basic::Int(a), Basic::Uint(b)) => a >= 0 && a.unsigned_abs() == b,
        (Basic::Uint(a), Basic::Int(b)) => b >= 0 && a == b.unsigned_abs(),
        (Basic::Bool(a), Basic::Bool(b)) => a == b,
        (Basic::Int(a), Basic::Int(b)) => a == b,
        (Basic::Uint(a), Basic::Uint(b)) => a == b,
        (Basic::Float(a), Basic::Float(b)) => a == b,
        (Basic::Str(a), Basic::Str(b)) => a == b,
        _ => return Err(JsonPathError::IncompatibleComparison),
    })
}

fn less(left: Item<'_>, right: Item<'_>) -> Result<bool, JsonPathError> {
    let (a, b) = (basic(left)?, basic(right)?);
    Ok(match (a, b) {
        (Basic::Int(a), Basic::Uint(b)) => a < 0 || a.unsigned_abs() < b,
        (Basic::Uint(a), Basic::Int(b)) => b >= 0 && a < b.unsigned_abs(),
        (Basic::Bool(_), Basic::Bool(_)) => return Err(JsonPathError::InvalidComparisonType),
        (Basic::Int(a), Basic::Int(b)) => a < b,
        (Basic::Uint(a), Basic::Uint(b)) => a < b,
        (Basic::Float(a), Basic::Float(b)) => a < b,
        (Basic::Str(a), Basic::Str(b)) => a < b,
        _ => return Err(JsonPathError::IncompatibleComparison),
    })
}

fn less_equal(left: Item<'_>, right: Item<'_>) -> Result<bool, JsonPathError> {
    if less(left, right)? {
        return Ok(true);
    }
    equal(left, right)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn integers_and_strings_compare() {
        let three = json!(3);
        assert_eq!(
            compare("<", Item::Json(&three), Item::Int(5)),
            Some(Ok(true))
        );
        assert_eq!(
            compare(">=", Item::Json(&three), Item::Int(3)),
            Some(Ok(true))
        );
        assert_eq!(
            compare(">", Item::Json(&three), Item::Int(3)),
            Some(Ok(false))
        );
        assert_eq!(
            compare("==", Item::Byte(104), Item::Int(104)),
            Some(Ok(true))
        );
        assert_eq!(compare("<", Item::Int(-1), Item::Byte(0)), Some(Ok(true)));
        assert_eq!(
            compare("<", Item::Text("a"), Item::Text("b")),
            Some(Ok(true))
        );
        assert_eq!(compare("=~", Item::Text("a"), Item::Text("b")), None);
    }

    #[test]
    fn mismatched_kinds_fail_as_in_go() {
        let float = json!(2.5);
        let list = json!([]);
        assert_eq!(
            compare("<", Item::Json(&float), Item::Int(3)),
            Some(Err(JsonPathError::IncompatibleComparison))
        );
        assert_eq!(
            compare("==", Item::Json(&list), Item::Int(3)),
            Some(Err(JsonPathError::InvalidComparisonType))
        );
        assert_eq!(
            compare("<", Item::Bool(true), Item::Bool(false)),
            Some(Err(JsonPathError::InvalidComparisonType))
        );
        assert_eq!(
            compare("==", Item::Bool(true), Item::Bool(true)),
            Some(Ok(true))
        );
    }
}
