//! kubectl's AGE formatting: every case of `tests/data/conformance/human_duration.json`
//! (apimachinery's `duration_test.go`), through both the signed and the `Duration` entry points.

use std::time::Duration;

use kubelite::kubectl::{
    human_duration, human_duration_nanos, short_human_duration, short_human_duration_nanos,
};
use serde_json::Value;

const VECTORS: &str = include_str!("data/conformance/human_duration.json");

/// The number of cases per section; a change to the file must be reviewed here.
const HUMAN_CASES: usize = 47;
const SHORT_CASES: usize = 19;

fn run_section(
    section: &str,
    expected_count: usize,
    signed: fn(i64) -> String,
    unsigned: fn(Duration) -> String,
) {
    let vectors: Value = serde_json::from_str(VECTORS).expect("the vector file is JSON");
    let cases = vectors[section].as_array().expect("a list of cases");
    assert_eq!(cases.len(), expected_count, "the {section} vectors changed");

    let mut problems = Vec::new();
    let mut checked = 0;
    for case in cases {
        let expr = case["expr"].as_str().unwrap_or("?");
        let nanos = case["nanoseconds"]
            .as_i64()
            .expect("nanoseconds fit in i64");
        let expected = case["expected"].as_str().expect("an expected string");
        let got = signed(nanos);
        if got != expected {
            problems.push(format!(
                "{section} {expr} ({nanos}ns): got {got:?}, expected {expected:?}"
            ));
        }
        if let Ok(unsigned_nanos) = u64::try_from(nanos) {
            let got = unsigned(Duration::from_nanos(unsigned_nanos));
            if got != expected {
                problems.push(format!(
                    "{section} {expr} as Duration: got {got:?}, expected {expected:?}"
                ));
            }
        }
        checked += 1;
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(checked, expected_count);
}

#[test]
fn every_human_duration_vector() {
    run_section(
        "humanDuration",
        HUMAN_CASES,
        human_duration_nanos,
        human_duration,
    );
}

#[test]
fn every_short_human_duration_vector() {
    run_section(
        "shortHumanDuration",
        SHORT_CASES,
        short_human_duration_nanos,
        short_human_duration,
    );
}
