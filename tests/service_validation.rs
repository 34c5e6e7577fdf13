//! Every case of `tests/data/conformance/service_validation.json` (upstream's
//! `TestValidateServiceCreate` and `TestValidateServiceExternalTrafficPolicy`, plus a few
//! derived boundary cases) through `Resource::validate()`: valid or not, the error count the
//! upstream test asserts, and each error's field path, type and (when given) detail.

use kubelite::api::{Resource, Service};
use kubelite::validation::{ErrorType, FieldError};
use serde_json::Value;

const VECTORS: &str = include_str!("data/conformance/service_validation.json");

/// Cases whose upstream test calls only `validateServiceExternalTrafficPolicy`. Running the
/// whole validator on their fixtures also reports what the other rules find; those extra
/// errors are listed here (rendered) so that nothing is filtered silently.
const ETP_ONLY_EXTRA_ERRORS: &[(&str, &[&str])] = &[
    (
        "cannot set externalTrafficPolicy field on ExternalName service",
        // The fixture is an ExternalName Service without an externalName.
        &["spec.externalName: Required value"],
    ),
    (
        "externalTrafficPolicy is required on LoadBalancer service",
        // The fixture is a LoadBalancer without the field the defaults would set.
        &["allocateLoadBalancerNodePorts: Required value"],
    ),
    (
        "externalTrafficPolicy is required on ClusterIP service with externalIPs",
        // The fixture's external IP is not an IP (a comma for a dot).
        &[
            "spec.externalIPs[0]: Invalid value: \"1.2.3,4\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
        ],
    ),
];

/// Where kubelite deliberately differs from the vectors. Each entry keeps the case asserted:
/// the error count, paths and types must still match, and the rendered errors must be
/// exactly the ones listed.
const KNOWN_DIFFERENCES: &[(&str, &str, &[&str])] = &[(
    "invalid: trafficDistribution field set to Random",
    "the vectors were derived from a validator that accepted only PreferClose; kubelite models \
     PreferSameTrafficDistribution (beta, on by default since 1.34), so the supported values \
     also list PreferSameZone and PreferSameNode",
    &[
        "spec.trafficDistribution: Unsupported value: \"Random\": supported values: \"PreferClose\", \"PreferSameZone\", \"PreferSameNode\"",
    ],
)];

const VALIDATOR_UNDER_TEST_FIELDS: &[&str] =
    &["spec.externalTrafficPolicy", "spec.healthCheckNodePort"];

fn error_type(name: &str) -> ErrorType {
    match name {
        "FieldValueRequired" => ErrorType::Required,
        "FieldValueInvalid" => ErrorType::Invalid,
        "FieldValueNotSupported" => ErrorType::NotSupported,
        "FieldValueForbidden" => ErrorType::Forbidden,
        "FieldValueDuplicate" => ErrorType::Duplicate,
        "FieldValueTooLong" => ErrorType::TooLong,
        other => panic!("unknown error type in vectors: {other}"),
    }
}

/// Compares `actual` with the case's expected errors; `Err` says what differs.
fn compare(case: &Value, actual: &[FieldError], check_detail: bool) -> Result<(), String> {
    let expected = case["expectedErrors"]
        .as_array()
        .ok_or("no expectedErrors")?;
    let num_errs = case["numErrs"].as_u64().ok_or("no numErrs")?;
    let rendered: Vec<String> = actual.iter().map(ToString::to_string).collect();
    if actual.len() as u64 != num_errs || expected.len() != actual.len() {
        return Err(format!("expected {num_errs} errors, got {rendered:#?}"));
    }
    for (want, got) in expected.iter().zip(actual) {
        let field = want["field"].as_str().ok_or("no field")?;
        let ty = error_type(want["type"].as_str().ok_or("no type")?);
        if got.field.as_str() != field || got.kind != ty {
            return Err(format!("expected {field} {ty}, got {got}"));
        }
        if let Some(detail) = want.get("detail").and_then(Value::as_str)
            && check_detail
            && got.detail != detail
        {
            return Err(format!("expected detail {detail:?}, got {got}"));
        }
    }
    Ok(())
}

fn run_case(case: &Value) -> Result<(), String> {
    let name = case["name"].as_str().unwrap_or_default();
    let svc: Service = serde_json::from_value(case["service"].clone())
        .map_err(|e| format!("does not decode: {e}"))?;
    let errors: Vec<FieldError> = match svc.validate() {
        Ok(()) => Vec::new(),
        Err(invalid) => invalid.causes().to_vec(),
    };
    if case["valid"].as_bool() != Some(errors.is_empty()) {
        let rendered: Vec<String> = errors.iter().map(ToString::to_string).collect();
        return Err(format!("validity differs: {rendered:#?}"));
    }

    let validator = case["validator"].as_str().unwrap_or_default();
    if validator.starts_with("validateServiceExternalTrafficPolicy") {
        let (under_test, others): (Vec<FieldError>, Vec<FieldError>) = errors
            .into_iter()
            .partition(|e| VALIDATOR_UNDER_TEST_FIELDS.contains(&e.field.as_str()));
        let extra: Vec<String> = others.iter().map(ToString::to_string).collect();
        let listed = ETP_ONLY_EXTRA_ERRORS
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(&[][..], |(_, e)| *e);
        if extra != listed {
            return Err(format!(
                "other validators reported {extra:#?}, listed {listed:#?}"
            ));
        }
        return compare(case, &under_test, true);
    }

    if let Some((_, _, rendered)) = KNOWN_DIFFERENCES.iter().find(|(n, _, _)| *n == name) {
        let got: Vec<String> = errors.iter().map(ToString::to_string).collect();
        if got != *rendered {
            return Err(format!("known difference changed: {got:#?}"));
        }
        return compare(case, &errors, false);
    }
    compare(case, &errors, true)
}

#[test]
fn every_service_validation_vector_passes() {
    let vectors: Value = serde_json::from_str(VECTORS).expect("vectors are JSON");
    let cases = vectors["cases"].as_array().expect("cases");
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap_or_default();
        if let Err(why) = run_case(case) {
            failures.push(format!("{name}: {why}"));
        }
    }
    let passed = cases.len() - failures.len();
    println!(
        "service validation conformance: {passed}/{} pass ({} with a listed known difference)",
        cases.len(),
        KNOWN_DIFFERENCES.len()
    );
    assert!(
        failures.is_empty(),
        "failing cases:\n{}",
        failures.join("\n")
    );
    assert_eq!(
        cases.len(),
        116,
        "the vector file changed; review the lists above"
    );
}

#[test]
fn listed_exceptions_name_real_cases() {
    let vectors: Value = serde_json::from_str(VECTORS).expect("vectors are JSON");
    let names: Vec<&str> = vectors["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    for (name, _) in ETP_ONLY_EXTRA_ERRORS {
        assert!(names.contains(name), "{name}");
    }
    for (name, _, _) in KNOWN_DIFFERENCES {
        assert!(names.contains(name), "{name}");
    }
}

/// Every vector's Service survives a YAML round trip unchanged: no field is dropped.
#[test]
fn every_vector_service_round_trips_through_yaml() {
    let vectors: Value = serde_json::from_str(VECTORS).expect("vectors are JSON");
    for case in vectors["cases"].as_array().expect("cases") {
        let svc: Service = serde_json::from_value(case["service"].clone()).expect("decodes");
        let object = kubelite::Object::from(svc);
        let text = kubelite::manifest::to_yaml([&object]).expect("writes");
        let back = kubelite::manifest::from_yaml(&text).expect("reads back");
        assert_eq!(back, vec![object], "{}", case["name"]);
    }
}

/// The base Service of the vectors is valid, and stays valid through defaulting.
#[test]
fn base_service_is_valid_before_and_after_defaults() {
    let vectors: Value = serde_json::from_str(VECTORS).expect("vectors are JSON");
    let mut svc: Service =
        serde_json::from_value(vectors["baseService"].clone()).expect("base decodes");
    assert_eq!(svc.validate(), Ok(()));
    svc.apply_defaults();
    assert_eq!(svc.validate(), Ok(()));
}
