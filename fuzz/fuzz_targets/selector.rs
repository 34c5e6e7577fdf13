//! Label selector parsing. Properties: parsing never panics; a parsed selector displays as
//! text that parses to the same selector (which displays the same again) and matches the
//! same label sets.
#![no_main]

use kubelite::labels::{Labels, Selector};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(selector) = text.parse::<Selector>() else {
        return;
    };
    let shown = selector.to_string();
    let again: Selector = shown
        .parse()
        .unwrap_or_else(|e| panic!("{text:?} displays as {shown:?}, which fails: {e}"));
    assert_eq!(again.to_string(), shown, "display is stable");
    assert_eq!(selector, again, "{text:?} → {shown:?} parses differently");
    // Label sets built from the selector's own words, so matches are exercised.
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || "-_./".contains(c)))
        .filter(|w| !w.is_empty())
        .collect();
    for (i, key) in words.iter().enumerate() {
        for value in words.iter().skip(i) {
            let labels: Labels = [(*key, *value)].into_iter().collect();
            assert_eq!(selector.matches(&labels), again.matches(&labels));
        }
    }
});
