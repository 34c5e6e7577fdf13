//! `kubelite::selector!`: the same selector `Selector::parse` gives, built at compile time,
//! and the error table the macro's parser is checked against is `Selector::parse`'s own.

use kubelite::labels::{Labels, Selector};
use kubelite::selector;
use serde_json::Value;

#[track_caller]
fn same(built: Selector, input: &str) {
    let parsed = Selector::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
    assert_eq!(built, parsed, "{input:?}");
    assert_eq!(built.to_string(), parsed.to_string(), "{input:?}");
}

#[test]
fn every_operator_builds_what_parse_gives() {
    same(
        selector!("app=web, tier in (a,b)"),
        "app=web, tier in (a,b)",
    );
    same(selector!("x==a,y!=b"), "x==a,y!=b");
    same(
        selector!("x notin (abc,,def),bar,z in (),w"),
        "x notin (abc,,def),bar,z in (),w",
    );
    same(selector!("!canary,app"), "!canary,app");
    same(
        selector!("replicas>2,replicas<10"),
        "replicas>2,replicas<10",
    );
    same(selector!("x=,z= "), "x=,z= ");
    same(
        selector!("a in (x,y,notin, z,in)"),
        "a in (x,y,notin, z,in)",
    );
    same(
        selector!("0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)"),
        "0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)",
    );
    same(selector!("foo  in\t (abc)"), "foo  in\t (abc)");
    same(
        selector!(
            r"x notin
        (abc)"
        ),
        "x notin\n        (abc)",
    );
    same(selector!("a,!a"), "a,!a");
    same(selector!("x=a,a=x"), "x=a,a=x");
}

#[test]
fn empty_selects_everything() {
    assert_eq!(selector!(""), Selector::everything());
    assert_eq!(selector!("  "), Selector::everything());
}

#[test]
fn gt_and_lt_compare_integers() {
    let s = selector!("replicas>2");
    let labels = |v: &str| -> Labels { [("replicas", v)].into_iter().collect() };
    assert!(s.matches(&labels("3")));
    assert!(!s.matches(&labels("2")));
    assert!(!s.matches(&labels("many")));
}

#[test]
fn matches_like_the_parsed_selector() {
    let s = selector!("app=web,tier notin (db)");
    let web: Labels = [("app", "web")].into_iter().collect();
    let db: Labels = [("app", "web"), ("tier", "db")].into_iter().collect();
    assert!(s.matches(&web));
    assert!(!s.matches(&db));
}

/// The table `kubelite-macros` checks its parser against: `Selector::parse` reports exactly
/// these messages at these offsets.
#[test]
fn error_table_is_selector_parse() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/data/selector_errors.json"
    );
    let table: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let cases = table["cases"].as_array().unwrap();
    for case in cases {
        let input = case["input"].as_str().unwrap();
        let err = Selector::parse(input).expect_err(input);
        assert_eq!(
            err.to_string(),
            case["message"].as_str().unwrap(),
            "{input:?}"
        );
        assert_eq!(
            err.offset() as u64,
            case["offset"].as_u64().unwrap(),
            "{input:?}"
        );
    }
    assert!(cases.len() > 30);
}
