//! Graphviz DOT rendering: one `cluster_` subgraph per group (Graphviz draws those as boxes).

use std::fmt::Write;

use super::{Diagram, Link};

/// A quoted DOT string.
fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

pub(super) fn render(diagram: &Diagram) -> String {
    let mut out = String::from("digraph cluster {\n  rankdir=LR;\n  node [shape=box];\n");
    for group in &diagram.groups {
        let name = group
            .id
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect::<String>();
        let _ = writeln!(out, "  subgraph cluster_{name} {{");
        let _ = writeln!(out, "    label={};", quote(&group.title));
        for shape in &group.shapes {
            let label = shape
                .lines
                .iter()
                .map(|l| l.replace('\\', "\\\\").replace('"', "\\\""))
                .collect::<Vec<_>>()
                .join("\\n");
            let style = if shape.inactive { ", style=dashed" } else { "" };
            let _ = writeln!(out, "    {} [label=\"{label}\"{style}];", quote(&shape.id));
        }
        out.push_str("  }\n");
    }
    for arrow in &diagram.arrows {
        let style = match arrow.link {
            Link::Entry => ", penwidth=2",
            Link::Route => "",
            Link::Allowed => ", style=dashed, color=darkgreen",
        };
        let _ = writeln!(
            out,
            "  {} -> {} [label={}{style}];",
            quote(&arrow.from),
            quote(&arrow.to),
            quote(&arrow.label)
        );
    }
    out.push_str("}\n");
    out
}
