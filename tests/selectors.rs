//! Selectors against upstream's own test vectors (`tests/data/conformance/selector_*.json`,
//! from apimachinery's `pkg/labels` and `pkg/apis/meta/v1` tests), a snapshot of parse error
//! messages, and property tests against a naive model.
//!
//! Each conformance test counts what it ran and asserts the count equals the file's case
//! count, so a file that stops loading cannot pass silently.

use std::collections::{BTreeMap, BTreeSet};

use kubelite::labels::{
    LabelSelector, Labels, Requirement, Selector, format_label_selector, selector_from_optional,
    validate_label_selector,
};
use kubelite::validation::{ErrorType, FieldError, FieldPath};
use proptest::prelude::*;
use serde_json::Value;

fn load(name: &str) -> Vec<Value> {
    let path = format!(
        "{}/../tests/data/conformance/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn labels_of(v: &Value) -> Labels {
    v.as_object()
        .unwrap_or_else(|| panic!("not a label map: {v}"))
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                v.as_str().expect("label values are strings").to_owned(),
            )
        })
        .collect()
}

fn str_of<'a>(case: &'a Value, field: &str) -> &'a str {
    case[field]
        .as_str()
        .unwrap_or_else(|| panic!("{case}: no string `{field}`"))
}

fn bool_of(case: &Value, field: &str) -> bool {
    case[field]
        .as_bool()
        .unwrap_or_else(|| panic!("{case}: no bool `{field}`"))
}

/// A requirement given as upstream's (key, selection.Operator string, values).
fn requirement_of(v: &Value) -> Result<Requirement, kubelite::labels::RequirementError> {
    let values: Vec<String> = v
        .get("values")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|s| s.as_str().expect("a string").to_owned())
                .collect()
        })
        .unwrap_or_default();
    Requirement::from_raw(str_of(v, "key"), str_of(v, "operator"), values)
}

/// Upstream's zero-value `Requirement{}` (empty key and operator). It cannot be built here:
/// the test checks that, and that upstream's expectation is one it could only meet by
/// being built.
fn is_zero_value(v: &Value) -> bool {
    str_of(v, "key").is_empty() && str_of(v, "operator").is_empty()
}

fn upstream_type(t: ErrorType) -> &'static str {
    match t {
        ErrorType::Invalid => "FieldValueInvalid",
        ErrorType::NotSupported => "FieldValueNotSupported",
        ErrorType::Required => "FieldValueRequired",
        ErrorType::Forbidden => "FieldValueForbidden",
        ErrorType::Duplicate => "FieldValueDuplicate",
        ErrorType::NotFound => "FieldValueNotFound",
        ErrorType::TooLong => "FieldValueTooLong",
        ErrorType::TooMany => "FieldValueTooMany",
        ErrorType::Internal => "InternalError",
        _ => "unknown",
    }
}

fn assert_field_errors(case: &Value, got: &[FieldError]) {
    let want: Vec<(String, String)> = case["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| (str_of(e, "type").to_owned(), str_of(e, "field").to_owned()))
        .collect();
    let got: Vec<(String, String)> = got
        .iter()
        .map(|e| (upstream_type(e.kind).to_owned(), e.field.to_string()))
        .collect();
    assert_eq!(got, want, "{case}");
}

fn label_selector_of(v: &Value) -> Option<LabelSelector> {
    if v.is_null() {
        None
    } else {
        Some(serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{v}: {e}")))
    }
}

#[test]
fn selector_parse_conformance() {
    let cases = load("selector_parse.json");
    let mut ran = 0;
    for case in &cases {
        let input = str_of(case, "input");
        let parsed = Selector::parse(input);
        if bool_of(case, "valid") {
            let selector = parsed.unwrap_or_else(|e| panic!("{input:?} should parse: {e}"));
            assert_eq!(selector.to_string(), str_of(case, "canonical"), "{input:?}");
            // The canonical form parses back to the same selector.
            assert_eq!(
                Selector::parse(&selector.to_string()).as_ref(),
                Ok(&selector)
            );
        } else {
            assert!(parsed.is_err(), "{input:?} should not parse: {parsed:?}");
        }
        ran += 1;
    }
    println!("selector_parse.json: {ran} cases");
    assert!(ran > 0);
    assert_eq!(ran, cases.len());
}

#[test]
fn selector_match_conformance() {
    let cases = load("selector_match.json");
    let mut ran: BTreeMap<&str, usize> = BTreeMap::new();
    let mut zero_value = 0;
    let mut not_applicable = 0;
    for case in &cases {
        let kind = case.get("kind").and_then(Value::as_str).unwrap_or("match");
        match kind {
            "match" => {
                let selector = Selector::parse(str_of(case, "selector")).expect("parses");
                let labels = labels_of(&case["labels"]);
                assert_eq!(
                    selector.matches(&labels),
                    bool_of(case, "matches"),
                    "{case}"
                );
                assert_eq!(
                    selector.matches_map(labels.as_map()),
                    bool_of(case, "matches"),
                    "{case}"
                );
            }
            "everything" => {
                let everything = Selector::everything();
                assert_eq!(
                    everything.matches(&labels_of(&case["labels"])),
                    bool_of(case, "matches")
                );
                assert!(everything.is_empty());
            }
            "setSelector" => {
                let selector = Selector::from_labels(&labels_of(&case["set"]));
                assert_eq!(
                    selector.matches(&labels_of(&case["labels"])),
                    bool_of(case, "matches"),
                    "{case}"
                );
            }
            "requirements" => {
                let reqs: Vec<_> = case["requirements"]
                    .as_array()
                    .expect("requirements")
                    .iter()
                    .map(|r| (r, requirement_of(r)))
                    .collect();
                if reqs.iter().any(|(r, _)| is_zero_value(r)) {
                    for (r, built) in &reqs {
                        if is_zero_value(r) {
                            assert!(built.is_err(), "zero-value requirement was built");
                        }
                    }
                    // Upstream: a selector holding the zero value matches nothing.
                    assert!(!bool_of(case, "matches"), "{case}");
                    zero_value += 1;
                } else {
                    let selector: Selector = reqs
                        .into_iter()
                        .map(|(r, b)| b.unwrap_or_else(|e| panic!("{r}: {e}")))
                        .collect();
                    assert_eq!(
                        selector.matches(&labels_of(&case["labels"])),
                        bool_of(case, "matches"),
                        "{case}"
                    );
                }
            }
            "matchesNothing" => {
                let selector = if let Some(v) = case.get("selectorValue") {
                    match v.as_str() {
                        Some("Nothing()") => Selector::nothing(),
                        Some("Everything()") => Selector::everything(),
                        other => panic!("unknown selectorValue {other:?}"),
                    }
                } else if let Some(set) = case.get("set") {
                    Selector::from_labels(&labels_of(set))
                } else {
                    Selector::parse(str_of(case, "selector")).expect("parses")
                };
                assert_eq!(
                    selector.matches_nothing(),
                    bool_of(case, "matchesNothing"),
                    "{case}"
                );
            }
            "newRequirement" => {
                let built = requirement_of(&case["requirement"]);
                if bool_of(case, "valid") {
                    assert!(built.is_ok(), "{case}: {built:?}");
                } else {
                    let err = built.expect_err("should be rejected");
                    assert_field_errors(case, err.errors());
                }
            }
            "requiresExactMatch" => {
                let selector: Selector = case["requirements"]
                    .as_array()
                    .expect("requirements")
                    .iter()
                    .map(|r| requirement_of(r).expect("valid"))
                    .collect();
                let got = selector.requires_exact_match(str_of(case, "label"));
                if bool_of(case, "found") {
                    assert_eq!(got, Some(str_of(case, "value")), "{case}");
                } else {
                    assert_eq!(got, None, "{case}");
                }
            }
            "validatedSetSelector" => {
                let result = Selector::from_labels_validated(&labels_of(&case["set"]));
                if bool_of(case, "valid") {
                    let selector = result.expect("valid set");
                    assert_eq!(selector.to_string(), str_of(case, "selectorString"));
                } else {
                    assert_field_errors(case, result.expect_err("invalid set").errors());
                }
            }
            "labelSelector" => {
                let object = label_selector_of(&case["labelSelector"]);
                let converted = selector_from_optional(object.as_ref());
                if case.get("error").and_then(Value::as_bool) == Some(true) {
                    assert!(converted.is_err(), "{case}");
                    assert_eq!(format_label_selector(object.as_ref()), "<error>");
                } else {
                    let selector = converted.expect("converts");
                    match case["selectorString"].as_str() {
                        None => {
                            assert_eq!(case["selectorValue"].as_str(), Some("Nothing()"));
                            assert!(selector.matches_nothing());
                        }
                        Some("") => assert!(selector.is_empty() && !selector.matches_nothing()),
                        Some(s) => assert_eq!(selector.to_string(), s, "{case}"),
                    }
                }
            }
            "labelSelectorAsMap" => match label_selector_of(&case["labelSelector"]) {
                // nil in, nil out: nothing of ours to call (an absent `Option` stays absent).
                None => {
                    assert!(case["map"].is_null());
                    not_applicable += 1;
                }
                Some(object) => {
                    let expected = labels_of(&case["map"]);
                    match object.as_map() {
                        Ok(map) => {
                            assert!(case.get("error").is_none(), "{case}: expected an error");
                            assert_eq!(map, expected, "{case}");
                        }
                        Err(e) => {
                            assert_eq!(case["error"].as_bool(), Some(true), "{case}: {e}");
                            assert!(
                                e.to_string().contains(str_of(case, "errorContains")),
                                "{case}: {e}"
                            );
                            assert_eq!(e.partial(), &expected, "{case}");
                        }
                    }
                }
            },
            "labelSelectorValidation" => {
                let object = label_selector_of(&case["labelSelector"]).expect("an object");
                let errs =
                    validate_label_selector(&object, &FieldPath::new(str_of(case, "fieldPath")));
                assert_eq!(
                    errs.len() as u64,
                    case["errorCount"].as_u64().expect("errorCount"),
                    "{case}: {errs:?}"
                );
                if let Some(fragment) = case.get("errorContains").and_then(Value::as_str) {
                    assert!(
                        errs.iter().any(|e| e.to_string().contains(fragment)),
                        "{case}: {errs:?}"
                    );
                }
            }
            "labelSelectorMatch" => {
                let object = label_selector_of(&case["labelSelector"]);
                let labels = labels_of(&case["labels"]);
                let selector = selector_from_optional(object.as_ref()).expect("converts");
                assert_eq!(
                    selector.matches(&labels),
                    bool_of(case, "matches"),
                    "{case}"
                );
                if let Some(object) = &object {
                    assert_eq!(object.matches(&labels), bool_of(case, "matches"), "{case}");
                }
            }
            other => panic!("selector_match.json has a kind this test does not run: {other}"),
        }
        *ran.entry(kind).or_default() += 1;
    }
    for (kind, n) in &ran {
        println!("selector_match.json {kind}: {n}");
    }
    println!(
        "zero-value requirement cases (checked unconstructible): {zero_value}; nil-in-nil-out cases with nothing to call: {not_applicable}"
    );
    let total: usize = ran.values().sum();
    assert!(total > 0);
    assert_eq!(total, cases.len());
    assert_eq!(ran.len(), 12, "every kind in the file ran");
}

#[test]
fn selector_string_conformance() {
    let cases = load("selector_string.json");
    let mut ran = 0;
    let mut zero_value = 0;
    for case in &cases {
        let expected = str_of(case, "string");
        match str_of(case, "kind") {
            "requirementsToString" => {
                let reqs = case["requirements"].as_array().expect("requirements");
                if reqs.iter().any(is_zero_value) {
                    // Upstream prints the zero value as "" (hence a trailing ','); it cannot
                    // be built here.
                    for r in reqs.iter().filter(|r| is_zero_value(r)) {
                        assert!(requirement_of(r).is_err());
                    }
                    assert!(expected.ends_with(','));
                    zero_value += 1;
                } else {
                    let selector: Selector = reqs
                        .iter()
                        .map(|r| requirement_of(r).expect("valid"))
                        .collect();
                    assert_eq!(selector.to_string(), expected, "{case}");
                }
            }
            "setSelectorToString" => {
                let selector = Selector::from_labels(&labels_of(&case["set"]));
                assert_eq!(selector.to_string(), expected, "{case}");
            }
            "setToString" => {
                assert_eq!(labels_of(&case["set"]).to_string(), expected, "{case}");
            }
            other => panic!("unknown kind {other}"),
        }
        ran += 1;
    }
    println!(
        "selector_string.json: {ran} cases ({zero_value} zero-value, checked unconstructible)"
    );
    assert!(ran > 0);
    assert_eq!(ran, cases.len());
}

#[test]
fn selector_to_labels_map_conformance() {
    let cases = load("selector_to_labels_map.json");
    let mut ran = 0;
    for case in &cases {
        let input = str_of(case, "input");
        let result = Labels::from_selector_string(input);
        if bool_of(case, "valid") {
            assert_eq!(result, Ok(labels_of(&case["labels"])), "{input:?}");
        } else {
            assert!(result.is_err(), "{input:?}: {result:?}");
            // Upstream also returns the map built so far; every invalid case here fails
            // before inserting anything, so that map is empty.
            assert!(case["labels"].as_object().is_some_and(|m| m.is_empty()));
        }
        ran += 1;
    }
    println!("selector_to_labels_map.json: {ran} cases");
    assert!(ran > 0);
    assert_eq!(ran, cases.len());
}

/// The messages users see from `kubectl get -l '<input>'`, one per distinct upstream error.
#[test]
fn parse_error_messages() {
    let long_value = format!("x={}", "a".repeat(64));
    let inputs = [
        ",x,y",
        "x,,y",
        "a in (xyz),",
        "x==a==b",
        "!x=a",
        "x=a||y=b",
        "!",
        "x=(",
        "x nott in (y)",
        "x in a",
        "a notin(",
        "a in (xyz abc)",
        "x in (a,=)",
        "-x",
        "a/b/c=d",
        "x=-a",
        "x in (-a,b_)",
        long_value.as_str(),
        "x<a",
        "x>",
    ];
    let mut out = String::new();
    for input in inputs {
        let err = Selector::parse(input).expect_err("invalid");
        out.push_str(&format!(
            "{input:?} (at byte {}, {:?})\n  {err}\n",
            err.offset(),
            err.kind()
        ));
    }
    insta::assert_snapshot!("parse_errors", out);
}

/// Every branch of `ValidateLabelSelector`, with the API server's full messages (§3.3 of the
/// semantics digest); the conformance file only counts errors.
#[test]
fn label_selector_validation_messages() {
    let object: LabelSelector = serde_json::from_str(
        r#"{"matchLabels":{"app":"-web"},"matchExpressions":[
            {"key":"tier","operator":"In"},
            {"key":"canary","operator":"Exists","values":["yes"]},
            {"key":"-bad","operator":"Equals","values":["a b"]}
        ]}"#,
    )
    .expect("loads");
    let errs: Vec<String> =
        validate_label_selector(&object, &FieldPath::new("spec").child("selector"))
            .iter()
            .map(ToString::to_string)
            .collect();
    let value_msg = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
    let key_msg = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    assert_eq!(
        errs,
        [
            format!("spec.selector.matchLabels: Invalid value: \"-web\": {value_msg}"),
            "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'".to_owned(),
            "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'".to_owned(),
            "spec.selector.matchExpressions[2].operator: Invalid value: \"Equals\": not a valid selector operator".to_owned(),
            format!("spec.selector.matchExpressions[2].key: Invalid value: \"-bad\": {key_msg}"),
            format!("spec.selector.matchExpressions[2].values[0]: Invalid value: \"a b\": {value_msg}"),
        ]
    );
}

#[test]
fn label_selector_wire_shape() {
    let json = r#"{"matchLabels":{"app":"web"},"matchExpressions":[{"key":"tier","operator":"In","values":["a","b"]},{"key":"canary","operator":"DoesNotExist"}]}"#;
    let object: LabelSelector = serde_json::from_str(json).expect("loads");
    assert_eq!(serde_json::to_string(&object).expect("prints"), json);
    assert_eq!(object.to_string(), "app=web,!canary,tier in (a,b)");

    let empty: LabelSelector = serde_json::from_str("{}").expect("loads");
    assert_eq!(serde_json::to_string(&empty).expect("prints"), "{}");
    assert_eq!(empty.to_string(), "<none>");
    let nulls: LabelSelector =
        serde_json::from_str(r#"{"matchLabels":null,"matchExpressions":null}"#).expect("loads");
    assert_eq!(nulls, empty);

    let unknown = serde_json::from_str::<LabelSelector>(r#"{"matchLabel":{}}"#);
    assert!(unknown.is_err());
}

// ---------------------------------------------------------------------------------------------
// Property tests. The model below is written from the matching table in docs/selectors.md and
// shares no code with the library.

#[derive(Clone, Debug)]
enum ModelOp {
    In,
    NotIn,
    Eq,
    DoubleEq,
    NotEq,
    Exists,
    NotExists,
    Gt,
    Lt,
}

#[derive(Clone, Debug)]
struct ModelReq {
    key: String,
    op: ModelOp,
    values: BTreeSet<String>,
}

const KEYS: &[&str] = &["app", "tier", "in", "notin", "example.com/role", "a.b_c-D"];
const VALUES: &[&str] = &["", "web", "db", "in", "notin", "1", "42", "007", "v1.2_x"];
const INTS: &[&str] = &["0", "1", "42", "007"];
const LABEL_VALUES: &[&str] = &["", "web", "db", "in", "1", "42", "-3", "x1", "007"];

fn model_req() -> impl Strategy<Value = ModelReq> {
    let key = prop::sample::select(KEYS).prop_map(str::to_owned);
    let value = prop::sample::select(VALUES).prop_map(str::to_owned);
    let int = prop::sample::select(INTS).prop_map(str::to_owned);
    let set = prop::collection::btree_set(value.clone(), 1..4);
    prop_oneof![
        (key.clone(), set.clone()).prop_map(|(key, values)| ModelReq {
            key,
            op: ModelOp::In,
            values
        }),
        (key.clone(), set).prop_map(|(key, values)| ModelReq {
            key,
            op: ModelOp::NotIn,
            values
        }),
        (key.clone(), value.clone(), 0..3u8).prop_map(|(key, v, which)| ModelReq {
            key,
            op: match which {
                0 => ModelOp::Eq,
                1 => ModelOp::DoubleEq,
                _ => ModelOp::NotEq,
            },
            values: BTreeSet::from([v]),
        }),
        (key.clone(), any::<bool>()).prop_map(|(key, exists)| ModelReq {
            key,
            op: if exists {
                ModelOp::Exists
            } else {
                ModelOp::NotExists
            },
            values: BTreeSet::new(),
        }),
        (key, int, any::<bool>()).prop_map(|(key, n, gt)| ModelReq {
            key,
            op: if gt { ModelOp::Gt } else { ModelOp::Lt },
            values: BTreeSet::from([n]),
        }),
    ]
}

/// The selector in the string grammar, with arbitrary spacing.
fn render(reqs: &[ModelReq], spaced: bool) -> String {
    let sp = if spaced { " " } else { "" };
    reqs.iter()
        .map(|r| {
            let list = r
                .values
                .iter()
                .cloned()
                .collect::<Vec<_>>()
                .join(&format!(",{sp}"));
            let one = r.values.iter().next().cloned().unwrap_or_default();
            match r.op {
                ModelOp::In => format!("{} in {sp}({list})", r.key),
                ModelOp::NotIn => format!("{} notin{sp} ({sp}{list}{sp})", r.key),
                ModelOp::Eq => format!("{}{sp}={sp}{one}", r.key),
                ModelOp::DoubleEq => format!("{}=={one}", r.key),
                ModelOp::NotEq => format!("{}{sp}!={one}", r.key),
                ModelOp::Exists => r.key.clone(),
                ModelOp::NotExists => format!("!{sp}{}", r.key),
                ModelOp::Gt => format!("{}>{sp}{one}", r.key),
                ModelOp::Lt => format!("{}{sp}<{one}", r.key),
            }
        })
        .collect::<Vec<_>>()
        .join(&format!("{sp},{sp}"))
}

fn model_matches(reqs: &[ModelReq], labels: &BTreeMap<String, String>) -> bool {
    reqs.iter().all(|r| {
        let value = labels.get(&r.key);
        let int = |s: &String| s.parse::<i64>().ok();
        let bound = r.values.iter().next().and_then(int);
        match r.op {
            ModelOp::In | ModelOp::Eq | ModelOp::DoubleEq => {
                value.is_some_and(|v| r.values.contains(v))
            }
            ModelOp::NotIn | ModelOp::NotEq => value.is_none_or(|v| !r.values.contains(v)),
            ModelOp::Exists => value.is_some(),
            ModelOp::NotExists => value.is_none(),
            ModelOp::Gt => matches!((value.and_then(int), bound), (Some(v), Some(b)) if v > b),
            ModelOp::Lt => matches!((value.and_then(int), bound), (Some(v), Some(b)) if v < b),
        }
    })
}

fn label_map() -> impl Strategy<Value = BTreeMap<String, String>> {
    prop::collection::btree_map(
        prop::sample::select(KEYS).prop_map(str::to_owned),
        prop::sample::select(LABEL_VALUES).prop_map(str::to_owned),
        0..5,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn display_parses_back_to_the_same_selector(
        reqs in prop::collection::vec(model_req(), 0..5),
        spaced in any::<bool>(),
    ) {
        let input = render(&reqs, spaced);
        let selector = Selector::parse(&input).map_err(|e| TestCaseError::fail(format!("{input:?}: {e}")))?;
        let canonical = selector.to_string();
        let again = Selector::parse(&canonical).map_err(|e| TestCaseError::fail(format!("{canonical:?}: {e}")))?;
        prop_assert_eq!(&again, &selector);
        prop_assert_eq!(again.to_string(), canonical.clone());
        // Canonical form: no spaces except the ones around in/notin.
        prop_assert_eq!(canonical.replace(" in ", "").replace(" notin ", "").contains(' '), false);
        prop_assert_eq!(selector.requirements().len(), reqs.len());
    }

    #[test]
    fn matches_agrees_with_the_model(
        reqs in prop::collection::vec(model_req(), 0..5),
        labels in label_map(),
        spaced in any::<bool>(),
    ) {
        let input = render(&reqs, spaced);
        let selector = Selector::parse(&input).map_err(|e| TestCaseError::fail(format!("{input:?}: {e}")))?;
        let pod = Labels::from(labels.clone());
        prop_assert_eq!(selector.matches(&pod), model_matches(&reqs, &labels), "{} on {:?}", input, labels);
        prop_assert_eq!(selector.matches_map(&labels), model_matches(&reqs, &labels));
        for r in selector.requirements() {
            prop_assert_eq!(r.matches(&pod), r.matches_value(labels.get(r.key()).map(String::as_str)));
        }
    }
}
