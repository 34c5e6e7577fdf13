//! The values the evaluator passes between nodes: borrowed JSON plus the few Go values a
//! template can make on its own (literals, and the bytes of a string under `*`).
//!
//! Upstream evaluates over `reflect.Value`s of Go's decoded JSON (`map[string]interface{}`,
//! `[]interface{}`, `string`, `int64`, `float64`, `bool`, `nil`). Each variant here stands for
//! one of those, so that printing, comparison and error messages can follow the Go type.

use serde_json::{Map, Value};

/// One value flowing through the evaluation. Borrowed from the input document or the template,
/// never cloned.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Item<'a> {
    /// Go's zero `reflect.Value`: the root when the data itself is `nil` (JSON `null` at the top,
    /// or a range over a `null` element, or the dry run of an empty range).
    Invalid,
    /// A value of the input document (JSON `null` inside it is Go's nil interface).
    Json(&'a Value),
    /// A byte of a string, as `*` or `..` yield them (Go `uint8`).
    Byte(u8),
    /// A quoted string literal of the template (Go `string`).
    Text(&'a str),
    /// An integer literal (Go `int`).
    Int(i64),
    /// A float literal (Go `float64`).
    Float(f64),
    /// A boolean literal.
    Bool(bool),
}

/// How a JSON number reads after Go's unstructured decoding: integers that fit in `int64`
/// stay integers, everything else becomes `float64`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum GoNumber {
    Int(i64),
    Float(f64),
}

pub(crate) fn go_number(n: &serde_json::Number) -> GoNumber {
    match n.as_i64() {
        Some(i) => GoNumber::Int(i),
        None => GoNumber::Float(n.as_f64().unwrap_or(f64::NAN)),
    }
}

impl<'a> Item<'a> {
    /// The data a `{range}` iteration runs on: upstream passes `value.Interface()`, which turns
    /// a nil interface into no value at all.
    pub(crate) fn as_root(self) -> Item<'a> {
        match self {
            Item::Json(Value::Null) => Item::Invalid,
            other => other,
        }
    }

    /// The root for the data handed to the template.
    pub(crate) fn root(data: &'a Value) -> Item<'a> {
        Item::Json(data).as_root()
    }

    /// Go's `reflect.Type` string for the value, as upstream prints it in errors.
    pub(crate) fn go_type_name(self) -> &'static str {
        match self {
            Item::Invalid | Item::Json(Value::Null) => "<nil>",
            Item::Json(Value::Object(_)) => "map[string]interface {}",
            Item::Json(Value::Array(_)) => "[]interface {}",
            Item::Json(Value::String(_)) | Item::Text(_) => "string",
            Item::Json(Value::Bool(_)) | Item::Bool(_) => "bool",
            Item::Json(Value::Number(n)) => match go_number(n) {
                GoNumber::Int(_) => "int64",
                GoNumber::Float(_) => "float64",
            },
            Item::Byte(_) => "uint8",
            Item::Int(_) => "int",
            Item::Float(_) => "float64",
        }
    }

    /// Appends what `*` yields for this value: a map's values (in sorted key order, as kubectl's
    /// maps print), a list's elements, a string's bytes; nothing for anything else.
    pub(crate) fn push_children(self, out: &mut Vec<Item<'a>>) {
        match self {
            Item::Json(Value::Object(map)) => {
                out.extend(sorted_entries(map).into_iter().map(|(_, v)| Item::Json(v)));
            }
            Item::Json(Value::Array(items)) => out.extend(items.iter().map(Item::Json)),
            Item::Json(Value::String(s)) => out.extend(s.bytes().map(Item::Byte)),
            Item::Text(s) => out.extend(s.bytes().map(Item::Byte)),
            _ => {}
        }
    }
}

/// A map's entries sorted by key, bytewise as Go sorts map keys.
///
/// kubectl works on decoded Go maps, which have no order of their own: it sorts keys when
/// printing JSON, and iteration order is unspecified. Sorting here too makes output
/// deterministic and equal to kubectl's wherever kubectl's is.
pub(crate) fn sorted_entries(map: &Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut entries: Vec<_> = map.iter().collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    entries
}
