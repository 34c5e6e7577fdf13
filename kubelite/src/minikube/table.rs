//! The bordered tables minikube prints (olekukonko/tablewriter with its defaults): headers
//! centred, numbers right-aligned, other cells left-aligned, a `|---|` rule above and below
//! the header and at the end. A cell may hold several lines (one URL per service port).

/// Renders `rows` under `headers`; rows may be shorter than the header (empty cells).
pub(crate) fn render(headers: &[&str], rows: &[Vec<String>]) -> String {
    let columns = headers.len();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(columns) {
            for line in cell.split('\n') {
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(line.chars().count());
                }
            }
        }
    }
    let rule: String = widths.iter().fold(String::from("|"), |mut s, w| {
        s.push_str(&"-".repeat(w + 2));
        s.push('|');
        s
    });
    let mut out = String::new();
    out.push_str(&rule);
    out.push('\n');
    out.push('|');
    for (h, w) in headers.iter().zip(&widths) {
        let gap = w - h.chars().count();
        let left = gap / 2;
        out.push_str(&format!(
            " {}{h}{} |",
            " ".repeat(left),
            " ".repeat(gap - left)
        ));
    }
    out.push('\n');
    out.push_str(&rule);
    out.push('\n');
    for row in rows {
        let height = row.iter().map(|c| c.split('\n').count()).max().unwrap_or(1);
        for line_no in 0..height {
            out.push('|');
            for (i, w) in widths.iter().enumerate() {
                let line = row
                    .get(i)
                    .and_then(|c| c.split('\n').nth(line_no))
                    .unwrap_or("");
                let pad = " ".repeat(w - line.chars().count());
                if is_number(line) {
                    out.push_str(&format!(" {pad}{line} |"));
                } else {
                    out.push_str(&format!(" {line}{pad} |"));
                }
            }
            out.push('\n');
        }
    }
    out.push_str(&rule);
    out.push('\n');
    out
}

/// tablewriter right-aligns cells that parse as numbers.
fn is_number(cell: &str) -> bool {
    !cell.is_empty() && cell.trim().parse::<f64>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_minikube_service_layout() {
        let table = render(
            &["NAMESPACE", "NAME", "TARGET PORT", "URL"],
            &[vec![
                "default".into(),
                "app-service".into(),
                "8081".into(),
                "http://192.168.49.2:32614".into(),
            ]],
        );
        assert_eq!(
            table,
            "|-----------|-------------|-------------|---------------------------|\n\
             | NAMESPACE |    NAME     | TARGET PORT |            URL            |\n\
             |-----------|-------------|-------------|---------------------------|\n\
             | default   | app-service |        8081 | http://192.168.49.2:32614 |\n\
             |-----------|-------------|-------------|---------------------------|\n"
        );
    }

    #[test]
    fn short_rows_and_multi_line_cells() {
        let table = render(
            &["A", "B"],
            &[vec!["x".into()], vec!["y".into(), "1\n2".into()]],
        );
        assert_eq!(
            table,
            "|---|---|\n| A | B |\n|---|---|\n| x |   |\n| y | 1 |\n|   | 2 |\n|---|---|\n"
        );
    }
}
