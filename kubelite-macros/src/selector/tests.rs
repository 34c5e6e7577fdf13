//! The macro's selector parser agrees with upstream's vectors and with `kubelite`'s parser.

use serde_json::Value;

use super::{canonical, parse};

fn load(path: &str) -> Value {
    let path = format!("{}/../tests/data/{path}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Upstream's `TestSelectorParse` cases: the same strings parse, to the same canonical form.
#[test]
fn conformance_vectors() {
    let cases = load("conformance/selector_parse.json");
    let cases = cases.as_array().unwrap();
    for case in cases {
        let input = case["input"].as_str().unwrap();
        let parsed = parse(input);
        if case["valid"].as_bool().unwrap() {
            let reqs = parsed.unwrap_or_else(|e| panic!("{input:?} should parse: {e:?}"));
            assert_eq!(
                canonical(&reqs),
                case["canonical"].as_str().unwrap(),
                "{input:?}"
            );
        } else {
            assert!(parsed.is_err(), "{input:?} should not parse");
        }
    }
    assert!(cases.len() > 50);
}

/// `kubelite`'s `Selector::parse` messages and offsets (checked against it in
/// `tests/macro_selector.rs`): the macro reports the same, word for word.
#[test]
fn same_errors_as_kubelite() {
    let table = load("selector_errors.json");
    let cases = table["cases"].as_array().unwrap();
    for case in cases {
        let input = case["input"].as_str().unwrap();
        let err = parse(input).expect_err(input);
        assert_eq!(err.message, case["message"].as_str().unwrap(), "{input:?}");
        assert_eq!(
            err.offset as u64,
            case["offset"].as_u64().unwrap(),
            "{input:?}"
        );
        assert!(err.len >= 1 || err.offset == input.len(), "{input:?}");
    }
    assert!(cases.len() > 30);
}

#[test]
fn ranges_cover_each_requirement() {
    let input = "app=web, tier in (a,b), !canary";
    let ranges: Vec<&str> = parse(input)
        .unwrap()
        .iter()
        .map(|r| &input[r.range.clone()])
        .collect();
    assert_eq!(ranges, ["app=web", "tier in (a,b)", "!canary"]);
}
