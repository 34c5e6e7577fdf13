//! Go's `text/tabwriter` as kubectl configures it (`minwidth 6, tabwidth 4, padding 3, ' '`):
//! every cell but a line's last is padded to its column's width, the width being the longest
//! cell plus three, at least six.

/// Aligns `lines` of cells into text, one `\n`-terminated line each.
pub(crate) fn tabwrite(lines: &[Vec<String>]) -> String {
    let columns = lines.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0usize; columns];
    for line in lines {
        // The last cell of a line is not tab-terminated, so it does not size a column.
        for (i, cell) in line.iter().enumerate().take(line.len().saturating_sub(1)) {
            widths[i] = widths[i].max(cell.chars().count() + 3).max(6);
        }
    }
    let mut out = String::new();
    for line in lines {
        for (i, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if i + 1 < line.len() {
                let pad = widths[i].saturating_sub(cell.chars().count());
                out.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_like_kubectl() {
        let lines = vec![
            vec!["NAME".into(), "READY".into(), "AGE".into()],
            vec!["foo".into(), "0/0".into(), "<unknown>".into()],
        ];
        assert_eq!(
            tabwrite(&lines),
            "NAME   READY   AGE\nfoo    0/0     <unknown>\n"
        );
    }
}
