//! "Did you mean" hints: the nearest candidate by edit distance.

/// Levenshtein distance over bytes (names here are ASCII).
fn distance(a: &str, b: &str) -> usize {
    let b = b.as_bytes();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.bytes().enumerate() {
        let mut cur = Vec::with_capacity(prev.len());
        cur.push(i + 1);
        // (prev[j], prev[j + 1]) beside b[j]; cur's last is cur[j], never absent.
        for (&cb, (&diag, &up)) in b.iter().zip(prev.iter().zip(prev.iter().skip(1))) {
            let left = cur.last().copied().unwrap_or(usize::MAX);
            cur.push(if ca == cb {
                diag
            } else {
                1 + diag.min(up).min(left)
            });
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

/// The candidate closest to `word`, if it is close enough to be a plausible typo (or, with
/// `always`, the closest one whatever the distance).
pub(crate) fn nearest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    always: bool,
) -> Option<&'a str> {
    let limit = (word.len() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (distance(word, c), c))
        .filter(|&(d, _)| always || d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// ` (did you mean `x`?)`, or nothing.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> String {
    match nearest(word, candidates, false) {
        Some(c) => format!("; did you mean `{c}`?"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn distance_and_nearest() {
        assert_eq!(super::distance("kitten", "sitting"), 3);
        assert_eq!(
            super::nearest("deploymnet", ["pod", "deployment", "service"], false),
            Some("deployment")
        );
        assert_eq!(super::nearest("xyz", ["deployment"], false), None);
    }
}
