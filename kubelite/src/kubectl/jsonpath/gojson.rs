//! JSON as Go's `encoding/json` writes it for kubectl's decoded objects: map keys sorted,
//! `<`, `>`, `&`, U+2028 and U+2029 escaped, Go's float spelling, and `MarshalIndent`'s layout.

use std::fmt::Write;

use serde_json::Value;

use super::gofloat::format_go_json;
use super::item::{GoNumber, Item, go_number, sorted_entries};
use crate::kubectl::print::json::write_string;

/// Indentation for `MarshalIndent(v, "", "    ")`; `None` writes compact JSON.
#[derive(Clone, Copy)]
pub(crate) struct Layout {
    indent: Option<&'static str>,
}

impl Layout {
    pub(crate) const COMPACT: Layout = Layout { indent: None };
    /// kubectl's `jsonpath-as-json` layout.
    pub(crate) const INDENTED: Layout = Layout {
        indent: Some("    "),
    };

    fn newline(self, out: &mut String, level: usize) {
        if let Some(indent) = self.indent {
            out.push('\n');
            for _ in 0..level {
                out.push_str(indent);
            }
        }
    }
}

/// Writes one evaluation result as JSON.
pub(crate) fn write_item(out: &mut String, item: Item<'_>, layout: Layout, level: usize) {
    match item {
        // Upstream panics marshalling Go's zero reflect.Value; null is the honest stand-in.
        Item::Invalid => out.push_str("null"),
        Item::Json(value) => write_value(out, value, layout, level),
        Item::Byte(b) => {
            let _ = write!(out, "{b}");
        }
        Item::Text(s) => write_string(out, s),
        Item::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Item::Float(f) => out.push_str(&format_go_json(f)),
        Item::Bool(b) => out.push_str(if b { "true" } else { "false" }),
    }
}

/// Writes a list of results as one JSON array, as `jsonpath-as-json` wraps each action.
pub(crate) fn write_items(out: &mut String, items: &[Item<'_>], layout: Layout, level: usize) {
    write_seq(out, items.iter(), layout, level, |out, item, level| {
        write_item(out, *item, layout, level);
    });
}

pub(crate) fn write_value(out: &mut String, value: &Value, layout: Layout, level: usize) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => match go_number(n) {
            GoNumber::Int(i) => {
                let _ = write!(out, "{i}");
            }
            GoNumber::Float(f) => out.push_str(&format_go_json(f)),
        },
        Value::String(s) => write_string(out, s),
        Value::Array(items) => write_seq(out, items.iter(), layout, level, |out, v, level| {
            write_value(out, v, layout, level);
        }),
        Value::Object(map) => {
            let entries = sorted_entries(map);
            if entries.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push('{');
            for (i, (key, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                layout.newline(out, level + 1);
                write_string(out, key);
                out.push(':');
                if layout.indent.is_some() {
                    out.push(' ');
                }
                write_value(out, v, layout, level + 1);
            }
            layout.newline(out, level);
            out.push('}');
        }
    }
}

fn write_seq<T>(
    out: &mut String,
    items: impl ExactSizeIterator<Item = T>,
    layout: Layout,
    level: usize,
    mut write: impl FnMut(&mut String, T, usize),
) {
    if items.len() == 0 {
        out.push_str("[]");
        return;
    }
    out.push('[');
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push(',');
        }
        layout.newline(out, level + 1);
        write(out, item, level + 1);
    }
    layout.newline(out, level);
    out.push(']');
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn compact(v: &Value) -> String {
        let mut out = String::new();
        write_value(&mut out, v, Layout::COMPACT, 0);
        out
    }

    #[test]
    fn sorts_keys_and_escapes_like_go() {
        let v = json!({"b": 1, "a": [true, null, 2.5, 1.0], "c": "<a&b>\u{2028}\u{1}\u{8}é\"\\"});
        assert_eq!(
            compact(&v),
            r#"{"a":[true,null,2.5,1],"b":1,"c":"\u003ca\u0026b\u003e\u2028\u0001\bé\"\\"}"#
        );
    }

    #[test]
    fn indents_like_marshal_indent() {
        let mut out = String::new();
        let v = json!({"a": [], "b": {}, "c": [1, {"d": "e"}]});
        write_value(&mut out, &v, Layout::INDENTED, 0);
        assert_eq!(
            out,
            "{\n    \"a\": [],\n    \"b\": {},\n    \"c\": [\n        1,\n        {\n            \"d\": \"e\"\n        }\n    ]\n}"
        );
    }
}
