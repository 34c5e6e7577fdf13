//! Mermaid rendering: a left-to-right flowchart, one subgraph per group.

use std::fmt::Write;

use super::{Diagram, Link};

/// Mermaid ids are words: everything else becomes `_` (Kubernetes names have no `_`, so
/// distinct objects keep distinct ids).
fn id(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// A quoted label: `"` is an entity, lines join with `<br/>`.
fn label(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| l.replace('"', "#quot;"))
        .collect::<Vec<_>>()
        .join("<br/>")
}

pub(super) fn render(diagram: &Diagram) -> String {
    let mut out = String::from("flowchart LR\n");
    for group in &diagram.groups {
        let _ = writeln!(out, "  subgraph {}[\"{}\"]", id(&group.id), group.title);
        for shape in &group.shapes {
            let _ = writeln!(out, "    {}[\"{}\"]", id(&shape.id), label(&shape.lines));
        }
        out.push_str("  end\n");
    }
    for arrow in &diagram.arrows {
        let link = match arrow.link {
            Link::Entry => "==>",
            Link::Route => "-->",
            Link::Allowed => "-.->",
        };
        let _ = writeln!(
            out,
            "  {} {link}|\"{}\"| {}",
            id(&arrow.from),
            arrow.label.replace('"', "#quot;"),
            id(&arrow.to)
        );
    }
    let inactive: Vec<String> = diagram
        .groups
        .iter()
        .flat_map(|g| &g.shapes)
        .filter(|s| s.inactive)
        .map(|s| id(&s.id))
        .collect();
    if !inactive.is_empty() {
        out.push_str("  classDef notReady stroke-dasharray: 4 4\n");
        let _ = writeln!(out, "  class {} notReady", inactive.join(","));
    }
    out
}
