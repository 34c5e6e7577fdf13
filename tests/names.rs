//! Name and label validation against upstream's own test vectors
//! (`tests/data/conformance/names.json`, from apimachinery's `validation_test.go`).
//!
//! Every category and every case in the file runs; where the file gives the messages upstream
//! returns, they must match exactly, in order.

use std::collections::BTreeMap;

use kubelite::labels::Labels;
use kubelite::validation::{self, FieldPath, NameError};
use serde_json::Value;

fn data() -> BTreeMap<String, Value> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/data/conformance/names.json"
    );
    let text = std::fs::read_to_string(path).expect("names.json is readable");
    serde_json::from_str(&text).expect("names.json is valid JSON")
}

/// Cases are strings, except port numbers, which are JSON integers.
fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("a list")
        .iter()
        .map(|v| match v {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            other => panic!("unexpected case {other}"),
        })
        .collect()
}

type Check = fn(&str) -> Result<(), NameError>;

fn port_num(s: &str) -> Result<(), NameError> {
    validation::is_valid_port_num(s.parse().expect("port numbers are integers"))
}

/// Runs one string category; returns how many cases ran.
fn run_category(all: &BTreeMap<String, Value>, name: &str, check: Check) -> usize {
    let cat = &all[name];
    let valid = strings(&cat["valid"]);
    let invalid = strings(&cat["invalid"]);
    let messages: Option<Vec<Vec<String>>> = cat
        .get("invalidMessages")
        .map(|m| m.as_array().expect("a list").iter().map(strings).collect());
    if let Some(m) = &messages {
        assert_eq!(m.len(), invalid.len(), "{name}: one message list per case");
    }

    let mut failures = Vec::new();
    for v in &valid {
        if let Err(e) = check(v) {
            failures.push(format!("{name}: {v:?} should be valid, got {e}"));
        }
    }
    for (i, v) in invalid.iter().enumerate() {
        match check(v) {
            Ok(()) => failures.push(format!("{name}: {v:?} should be invalid")),
            Err(e) => {
                if let Some(expected) = messages.as_ref().map(|m| &m[i])
                    && e.messages() != expected.as_slice()
                {
                    failures.push(format!(
                        "{name}: {v:?}\n  expected {expected:?}\n  got      {:?}",
                        e.messages()
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    valid.len() + invalid.len()
}

fn labels_of(v: &Value) -> Labels {
    v.as_object()
        .expect("a label map")
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().expect("a string").to_owned()))
        .collect()
}

fn run_labels_map(all: &BTreeMap<String, Value>) -> usize {
    let cat = &all["labels_map"];
    let path = FieldPath::new("field");
    let valid = cat["valid"].as_array().expect("a list");
    let invalid = cat["invalid"].as_array().expect("a list");
    for v in valid {
        let errs = validation::validate_labels(&labels_of(v), &path);
        assert!(errs.is_empty(), "{v} should be valid: {errs:?}");
    }
    for case in invalid {
        let errs = validation::validate_labels(&labels_of(&case["labels"]), &path);
        let count = case["errorCount"].as_u64().expect("errorCount") as usize;
        let contains = case["detailContains"].as_str().expect("detailContains");
        assert_eq!(errs.len(), count, "{case}: {errs:?}");
        for e in &errs {
            assert_eq!(e.field.as_str(), "field", "{case}");
            assert!(e.detail.contains(contains), "{case}: {e}");
        }
    }
    valid.len() + invalid.len()
}

fn expected_count(all: &BTreeMap<String, Value>) -> usize {
    all.iter()
        .filter(|(k, _)| !k.starts_with('_'))
        .map(|(_, v)| {
            v["valid"].as_array().map_or(0, Vec::len) + v["invalid"].as_array().map_or(0, Vec::len)
        })
        .sum()
}

#[test]
fn every_names_case_matches_upstream() {
    let all = data();
    let categories: [(&str, Check); 10] = [
        ("dns1123_label", validation::is_dns1123_label),
        ("dns1123_subdomain", validation::is_dns1123_subdomain),
        ("dns1035_label", validation::is_dns1035_label),
        ("qualified_name", validation::is_qualified_name),
        ("label_value", validation::is_valid_label_value),
        ("port_name", validation::is_valid_port_name),
        ("port_number", port_num),
        (
            "wildcard_dns1123_subdomain",
            validation::is_wildcard_dns1123_subdomain,
        ),
        (
            "fully_qualified_domain_name",
            validation::is_fully_qualified_domain_name,
        ),
        ("config_map_key", validation::is_config_map_key),
    ];
    let present: Vec<&String> = all.keys().filter(|k| !k.starts_with('_')).collect();
    for p in &present {
        assert!(
            p.as_str() == "labels_map" || categories.iter().any(|(name, _)| name == p),
            "category {p} in names.json has no check here"
        );
    }

    let mut ran = 0;
    for (name, check) in categories {
        let n = run_category(&all, name, check);
        println!("{name}: {n} cases");
        ran += n;
    }
    let n = run_labels_map(&all);
    println!("labels_map: {n} cases");
    ran += n;

    println!("names.json: {ran} cases");
    assert_eq!(ran, expected_count(&all));
    assert!(ran > 300, "only {ran} cases ran");
}
