//! Turning evaluation results into output text: client-go's `PrintResults` in both of
//! kubectl's modes, and Go's `%v` spelling of a value for error messages.

use std::fmt::Write;

use serde_json::Value;

use super::gofloat::format_go_v;
use super::gojson::{Layout, write_item, write_items};
use super::item::{GoNumber, Item, go_number, sorted_entries};

/// `-o jsonpath`: the results of one action, separated by single spaces. Maps and lists print
/// as compact JSON, everything else as Go's `fmt.Print` would (strings raw).
pub(crate) fn write_text(out: &mut String, results: &[Item<'_>]) {
    for (i, item) in results.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        match *item {
            Item::Json(value @ (Value::Object(_) | Value::Array(_))) => {
                write_item(out, Item::Json(value), Layout::COMPACT, 0);
            }
            // text/template's name for "no value at all".
            Item::Invalid => out.push_str("<no value>"),
            Item::Json(Value::Null) => out.push_str("null"),
            scalar => write_scalar(out, scalar),
        }
    }
}

/// `-o jsonpath-as-json`: the results of one action as an indented JSON array and a newline.
pub(crate) fn write_json(out: &mut String, results: &[Item<'_>]) {
    write_items(out, results, Layout::INDENTED, 0);
    out.push('\n');
}

/// Go's `fmt.Sprint` of a value, as upstream interpolates values into error messages:
/// `map[a:1 b:[x y]]`, `<nil>`.
pub(crate) fn go_sprint(item: Item<'_>) -> String {
    let mut out = String::new();
    match item {
        Item::Invalid => out.push_str("<invalid reflect.Value>"),
        Item::Json(value) => write_go_v(&mut out, value),
        scalar => write_scalar(&mut out, scalar),
    }
    out
}

fn write_scalar(out: &mut String, item: Item<'_>) {
    match item {
        Item::Json(value) => write_go_v(out, value),
        Item::Text(s) => out.push_str(s),
        Item::Byte(b) => {
            let _ = write!(out, "{b}");
        }
        Item::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Item::Float(f) => out.push_str(&format_go_v(f)),
        Item::Bool(b) => out.push_str(if b { "true" } else { "false" }),
        Item::Invalid => out.push_str("<no value>"),
    }
}

fn write_go_v(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("<nil>"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => match go_number(n) {
            GoNumber::Int(i) => {
                let _ = write!(out, "{i}");
            }
            GoNumber::Float(f) => out.push_str(&format_go_v(f)),
        },
        Value::String(s) => out.push_str(s),
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                write_go_v(out, v);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push_str("map[");
            for (i, (k, v)) in sorted_entries(map).into_iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(k);
                out.push(':');
                write_go_v(out, v);
            }
            out.push(']');
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn sprint_matches_go() {
        let v = json!({"b": [1, "x", null], "a": {"c": 2.5}});
        assert_eq!(go_sprint(Item::Json(&v)), "map[a:map[c:2.5] b:[1 x <nil>]]");
        assert_eq!(go_sprint(Item::Json(&Value::Null)), "<nil>");
        assert_eq!(go_sprint(Item::Invalid), "<invalid reflect.Value>");
    }

    #[test]
    fn text_joins_with_spaces() {
        let v = json!({"cpu": "4"});
        let mut out = String::new();
        write_text(
            &mut out,
            &[
                Item::Json(&v),
                Item::Text("a"),
                Item::Float(1.0),
                Item::Byte(104),
                Item::Invalid,
            ],
        );
        assert_eq!(out, r#"{"cpu":"4"} a 1 104 <no value>"#);
    }
}
