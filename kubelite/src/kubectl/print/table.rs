//! Go's `text/tabwriter`: cells end at tabs; a column block is a run of consecutive lines
//! that have a cell in that column, and its width is the longest cell plus the padding (at
//! least the minimum width). A line's last cell is not tab-terminated and is not padded.
//! kubectl's tables use minimum width 6 and padding 3; `describe` uses 0 and 2.

/// Aligns `lines` of cells as `kubectl get` does (`minwidth 6, padding 3`), one
/// `\n`-terminated line each.
pub(crate) fn tabwrite(lines: &[Vec<String>]) -> String {
    align(lines, 6, 3)
}

/// Aligns cells with the given minimum width and padding.
pub(crate) fn align(lines: &[Vec<String>], minwidth: usize, padding: usize) -> String {
    let mut out = String::new();
    let mut widths = Vec::new();
    let mut writer = Aligner {
        lines,
        minwidth,
        padding,
        out: &mut out,
    };
    writer.format(&mut widths, 0, lines.len());
    out
}

struct Aligner<'a> {
    lines: &'a [Vec<String>],
    minwidth: usize,
    padding: usize,
    out: &'a mut String,
}

fn width(cell: &str) -> usize {
    cell.chars().count()
}

// A port of Go's text/tabwriter: every line index lies in `line0..line1`, a sub-range of
// `0..lines.len()` (the recursion only narrows it), and every column index is below the
// line's terminated-cell count, which the loops check first.
#[allow(clippy::indexing_slicing)]
impl Aligner<'_> {
    /// Tab-terminated cells of a line (all but the last).
    fn terminated(&self, line: usize) -> usize {
        self.lines[line].len().saturating_sub(1)
    }

    fn format(&mut self, widths: &mut Vec<usize>, mut line0: usize, line1: usize) {
        let column = widths.len();
        let mut this = line0;
        while this < line1 {
            if column >= self.terminated(this) {
                this += 1;
                continue;
            }
            self.write_lines(widths, line0, this);
            line0 = this;
            let mut w = self.minwidth;
            while this < line1 && column < self.terminated(this) {
                w = w.max(width(&self.lines[this][column]) + self.padding);
                this += 1;
            }
            widths.push(w);
            self.format(widths, line0, this);
            widths.pop();
            line0 = this;
        }
        self.write_lines(widths, line0, line1);
    }

    fn write_lines(&mut self, widths: &[usize], line0: usize, line1: usize) {
        for line in &self.lines[line0..line1] {
            for (j, cell) in line.iter().enumerate() {
                self.out.push_str(cell);
                if j + 1 < line.len() {
                    let w = widths.get(j).copied().unwrap_or(0);
                    let pad = w.saturating_sub(width(cell));
                    self.out.extend(std::iter::repeat_n(' ', pad));
                }
            }
            self.out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(text: &str) -> Vec<Vec<String>> {
        text.lines()
            .map(|l| l.split('\t').map(str::to_owned).collect())
            .collect()
    }

    #[test]
    fn aligns_like_kubectl() {
        assert_eq!(
            tabwrite(&cells("NAME\tREADY\tAGE\nfoo\t0/0\t<unknown>")),
            "NAME   READY   AGE\nfoo    0/0     <unknown>\n"
        );
    }

    #[test]
    fn blocks_span_consecutive_lines_with_the_column() {
        let text = "Name:\tweb\nContainers:\n  nginx:\n    Image:\tnginx\nEvents:\t<none>";
        assert_eq!(
            align(&cells(text), 0, 2),
            "Name:  web\nContainers:\n  nginx:\n    Image:  nginx\nEvents:     <none>\n"
        );
    }
}
