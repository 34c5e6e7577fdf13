//! JSONPath: every case of `tests/data/conformance/jsonpath.json` (client-go's
//! `jsonpath_test.go` and `parser_test.go`), the kubectl tutorial's templates, upstream cases the
//! vectors leave out, `jsonpath-as-json`, and property tests on arbitrary templates.

use std::collections::BTreeSet;

use kubelite::kubectl::jsonpath::{JsonPath, JsonPathError};
use proptest::prelude::*;
use serde_json::{Value, json};

const VECTORS: &str = include_str!("data/conformance/jsonpath.json");

/// The number of cases in the vector file; a change to the file must be reviewed here.
const EXECUTE_CASES: usize = 93;
const PARSE_CASES: usize = 23;

/// Vectors this implementation does not reproduce, by case id, with the reason. Each listed
/// case must still fail, so a fix makes this test fail until the entry is removed.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[];

fn vectors() -> Value {
    serde_json::from_str(VECTORS).expect("the vector file is JSON")
}

fn text<'a>(case: &'a Value, key: &str) -> Option<&'a str> {
    case.get(key).and_then(Value::as_str)
}

fn flag(case: &Value, key: &str) -> bool {
    case.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// Names repeat across cases, so the id includes the template and the missing-keys mode.
fn case_id(case: &Value) -> String {
    format!(
        "{}/{} {:?} allowMissingKeys={}",
        text(case, "test").unwrap_or("?"),
        text(case, "name").unwrap_or("?"),
        text(case, "template").unwrap_or("?"),
        flag(case, "allowMissingKeys"),
    )
}

fn check_execute(case: &Value) -> Result<(), String> {
    let template = text(case, "template").ok_or("no template")?;
    let input = case.get("input").ok_or("no input")?;
    let expect_error = flag(case, "error");
    let error_message = text(case, "errorMessage");

    let check_error = |error: &JsonPathError, phase: &str| -> Result<(), String> {
        if !expect_error {
            return Err(format!("unexpected {phase} error: {error}"));
        }
        if let Some(wanted_phase) = text(case, "errorPhase")
            && wanted_phase != phase
        {
            return Err(format!(
                "failed in {phase}, upstream fails in {wanted_phase}"
            ));
        }
        match error_message {
            Some(message) if message != error.to_string() => Err(format!(
                "error {:?}, upstream says {message:?}",
                error.to_string()
            )),
            _ => Ok(()),
        }
    };

    let path = match JsonPath::parse(template) {
        Ok(path) => path.allow_missing_keys(flag(case, "allowMissingKeys")),
        Err(error) => return check_error(&error, "parse"),
    };
    let output = match path.render(input) {
        Ok(output) => output,
        Err(error) => return check_error(&error, "execute"),
    };
    if expect_error {
        return Err(format!("rendered {output:?}, upstream fails"));
    }
    // Objects are walked and printed with sorted keys, as kubectl does (see the conformance
    // README on `keyOrderSensitive`).
    let expected = if flag(case, "keyOrderSensitive") {
        text(case, "expectedIfObjectKeysSorted")
    } else {
        text(case, "expected")
    }
    .ok_or("no expected output")?;
    let matches = if text(case, "compare") == Some("sortedFields") {
        let fields = |s: &str| {
            let mut fields: Vec<String> = s.split_whitespace().map(str::to_owned).collect();
            fields.sort();
            fields
        };
        fields(&output) == fields(expected)
    } else {
        output == expected
    };
    if matches {
        Ok(())
    } else {
        Err(format!("rendered {output:?}, expected {expected:?}"))
    }
}

fn check_parse(case: &Value) -> Result<(), String> {
    let template = text(case, "template").ok_or("no template")?;
    let parse_ok = case
        .get("parseOk")
        .and_then(Value::as_bool)
        .ok_or("no parseOk")?;
    match (JsonPath::parse(template), parse_ok) {
        (Ok(path), true) => match text(case, "filterRightLiteral") {
            Some(literal) => check_filter_literal(&path, literal),
            None => Ok(()),
        },
        (Ok(_), false) => Err("parsed, upstream rejects it".to_owned()),
        (Err(error), true) => Err(format!("parse error {error}, upstream accepts it")),
        (Err(error), false) => match text(case, "errorMessage") {
            Some(message) if message != error.to_string() => Err(format!(
                "error {:?}, upstream says {message:?}",
                error.to_string()
            )),
            _ => Ok(()),
        },
    }
}

/// Checks what a filter's right-hand literal parsed to by running the filter: over a list of
/// two elements, the one holding exactly `literal` at the filter's left path must be selected,
/// and the other not.
fn check_filter_literal(path: &JsonPath, literal: &str) -> Result<(), String> {
    let template = path.template();
    let left = template
        .split_once("[?(@.")
        .and_then(|(_, rest)| rest.split_once(['=', '!', '<', '>']))
        .map(|(left, _)| left.trim())
        .ok_or("not a comparison filter")?;
    let element = |value: &str| {
        left.rsplit('.').fold(
            Value::String(value.to_owned()),
            |inner, key| json!({ key: inner }),
        )
    };
    let matching = element(literal);
    let data = json!([matching.clone(), element(&format!("{literal}x"))]);
    let output = path.render(&data).map_err(|e| e.to_string())?;
    let expected = serde_json::to_string(&matching).map_err(|e| e.to_string())?;
    if output == expected {
        Ok(())
    } else {
        Err(format!(
            "literal is not {literal:?}: filter selected {output:?}"
        ))
    }
}

/// Runs every case of one section and checks the pass count against the file.
fn run_section(section: &str, expected_count: usize, check: fn(&Value) -> Result<(), String>) {
    let vectors = vectors();
    let cases = vectors[section].as_array().expect("a list of cases");
    assert_eq!(cases.len(), expected_count, "the {section} vectors changed");

    let mut passed = 0;
    let mut known_failing = BTreeSet::new();
    let mut problems = Vec::new();
    for case in cases {
        let id = case_id(case);
        let known = KNOWN_DIFFERENCES.iter().find(|(known, _)| *known == id);
        match (check(case), known) {
            (Ok(()), None) => passed += 1,
            (Err(_), Some((known, _))) => {
                known_failing.insert(*known);
            }
            (Ok(()), Some(_)) => problems.push(format!(
                "{id}: now passes, remove it from KNOWN_DIFFERENCES"
            )),
            (Err(problem), None) => problems.push(format!("{id}: {problem}")),
        }
    }
    assert!(
        problems.is_empty(),
        "{} {section} cases fail:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert_eq!(passed + known_failing.len(), expected_count);
}

#[test]
fn every_execute_vector() {
    run_section("execute", EXECUTE_CASES, check_execute);
}

#[test]
fn every_parse_vector() {
    run_section("parse", PARSE_CASES, check_parse);
}

#[test]
fn known_differences_name_real_cases() {
    let vectors = vectors();
    let ids: BTreeSet<String> = ["execute", "parse"]
        .iter()
        .flat_map(|section| vectors[section].as_array().into_iter().flatten())
        .map(case_id)
        .collect();
    for (id, reason) in KNOWN_DIFFERENCES {
        assert!(ids.contains(*id), "unknown case {id} ({reason})");
    }
}

fn two_pods() -> Value {
    json!({
        "apiVersion": "v1",
        "kind": "List",
        "items": [
            {
                "apiVersion": "v1",
                "kind": "Pod",
                "metadata": {"name": "a", "namespace": "default"},
                "status": {"phase": "Running", "podIP": "172.17.0.5"},
            },
            {
                "apiVersion": "v1",
                "kind": "Pod",
                "metadata": {"name": "b", "namespace": "default"},
                "status": {"phase": "Running", "podIP": "172.17.0.6"},
            },
        ],
        "metadata": {"resourceVersion": ""},
    })
}

fn render(template: &str, data: &Value) -> Result<String, String> {
    JsonPath::parse(template)
        .and_then(|path| path.render(data))
        .map_err(|e| e.to_string())
}

fn render_strict(template: &str, data: &Value) -> Result<String, String> {
    JsonPath::parse(template)
        .and_then(|path| path.allow_missing_keys(false).render(data))
        .map_err(|e| e.to_string())
}

#[test]
fn tutorial_pod_ips() {
    assert_eq!(
        render("{.items[*].status.podIP}", &two_pods()).as_deref(),
        Ok("172.17.0.5 172.17.0.6")
    );
}

#[test]
fn tutorial_range_lines() {
    let template =
        r#"{range .items[*]}{"PodName"}={.metadata.name}; {"PodIp"}={.status.podIP}{"\n"}{end}"#;
    assert_eq!(
        render(template, &two_pods()).as_deref(),
        Ok("PodName=a; PodIp=172.17.0.5\nPodName=b; PodIp=172.17.0.6\n")
    );
}

#[test]
fn render_is_repeatable() {
    // Upstream mutates its parse tree while ranging; parse once, render many must not.
    let path = JsonPath::parse(r#"{range .items[*]}{.metadata.name}{"\n"}{end}{.kind}"#).unwrap();
    let pods = two_pods();
    for _ in 0..3 {
        assert_eq!(path.render(&pods).as_deref(), Ok("a\nb\nList"));
    }
}

/// Cases from upstream's `jsonpath_test.go` that the vector file leaves out, on JSON input.
#[test]
fn upstream_cases_outside_the_vectors() {
    let store = json!({
        "Labels": {"engieer": 10, "web/html": 15, "k8s-app": 20},
        "Bicycle": [{"Color": "red", "Price": 19.95}, {"Color": "green", "Price": 20.01}],
    });
    let cases: &[(&str, Value, Result<&str, &str>)] = &[
        ("{..}", json!([1, 2, 3]), Ok("[1,2,3]")),
        ("{[?(@<5)]}", json!([2, 6, 3, 7]), Ok("2 3")),
        (r#"{"{"}"#, Value::Null, Ok("{")),
        ("{[1,3,4]}", json!([0, 1, 2, 3, 4]), Ok("1 3 4")),
        ("{$.Labels.web/html}", store.clone(), Ok("15")),
        ("{.Labels.k8s-app}", store.clone(), Ok("20")),
        ("{.Bicycle[*].Color}", store.clone(), Ok("red green")),
        // Upstream's store is a Go struct with a map[string]int; decoded JSON is a
        // map[string]interface {}, and the message names that type.
        (
            "{.Labels[0]}",
            store.clone(),
            Err("map[string]interface {} is not array or slice"),
        ),
        (
            "{range .Labels.*}{@}{end}{end}",
            store.clone(),
            Err("not in range, nothing to end"),
        ),
    ];
    for (template, data, expected) in cases {
        let expected = expected.map(str::to_owned).map_err(str::to_owned);
        assert_eq!(render_strict(template, data), expected, "{template}");
    }

    let containers = json!({"spec": {"containers": (0..6).map(|i| json!({"name": format!("fake{i}")})).collect::<Vec<_>>()}});
    let slices: &[(&str, Result<&str, &str>)] = &[
        ("{.spec.containers[-3].name}", Ok("fake3")),
        ("{.spec.containers[-1:].name}", Ok("fake5")),
        (
            "{.spec.containers[0:6:].name}",
            Ok("fake0 fake1 fake2 fake3 fake4 fake5"),
        ),
        ("{.spec.containers[0:6:2].name}", Ok("fake0 fake2 fake4")),
        ("{.spec.containers[0:6:3].name}", Ok("fake0 fake3")),
        ("{.spec.containers[0:6:5].name}", Ok("fake0 fake5")),
        (
            "{.spec.containers[3:1].name}",
            Err("starting index 3 is greater than ending index 1"),
        ),
        (
            "{.spec.containers[-7].name}",
            Err("array index out of bounds: index -1, length 6"),
        ),
        (
            "{.spec.containers[2:9].name}",
            Err("array index out of bounds: index 8, length 6"),
        ),
        ("{.spec.containers[0:6:0].name}", Err("step must be > 0")),
    ];
    for (template, expected) in slices {
        let expected = expected.map(str::to_owned).map_err(str::to_owned);
        assert_eq!(render_strict(template, &containers), expected, "{template}");
    }
}

#[test]
fn two_nested_ranges_at_the_same_level() {
    let data = json!({"items": [
        {"metadata": {"name": "pod1"}, "spec": {"containers": [{"name": "foo"}, {"name": "bar"}]}},
        {"metadata": {"name": "pod2"}, "spec": {"containers": [{"name": "baz"}]}},
    ]});
    let template = concat!(
        r#"{range .items[*]}{.metadata.name}{"\t"}"#,
        r#"{range @.spec.containers[*]}{.name}{" "}{end}{"\t"}"#,
        r#"{range @.spec.containers[*]}{.name}{" "}{end}{"\n"}{end}"#,
    );
    assert_eq!(
        render_strict(template, &data).as_deref(),
        Ok("pod1\tfoo bar \tfoo bar \npod2\tbaz \tbaz \n")
    );
}

#[test]
fn filter_tolerates_missing_keys_when_allowed() {
    let data = json!({"items": [
        {"metadata": {"name": "pod1", "annotations": {"color": "blue"}}},
        {"metadata": {"name": "pod2"}},
        {"metadata": {"name": "pod4", "annotations": {"color": "blue"}}},
    ]});
    let template = r#"{.items[?(@.metadata.annotations.color=="blue")].metadata.name}"#;
    assert_eq!(render(template, &data).as_deref(), Ok("pod1 pod4"));
    assert_eq!(
        render_strict(template, &data),
        Err("annotations is not found".to_owned())
    );
}

/// The vectors only say "error" for these; the messages are upstream's format strings.
#[test]
fn error_wording() {
    let pod = json!({"spec": {"containers": [{"name": "c0"}, {"name": "c1"}, {"name": "c2"}, {"name": "c3"}]}});
    let cases = [
        (
            "{.spec.containers[-1:0].name}",
            "starting index 3 is greater than ending index 0",
        ),
        (
            "{.spec.containers[-5].name}",
            "array index out of bounds: index -1, length 4",
        ),
        (
            "{.spec.containers[0:6:-1].name}",
            "array index out of bounds: index 5, length 4",
        ),
        ("{.spec.containers[0:4:-1].name}", "step must be > 0"),
        (
            "{.spec[0]}",
            "map[string]interface {} is not array or slice",
        ),
        (
            "{.spec.containers[0].name[0]}",
            "string is not array or slice",
        ),
        (
            "{.spec[?(@.x)]}",
            "map[containers:[map[name:c0] map[name:c1] map[name:c2] map[name:c3]]] is not array or slice and cannot be filtered",
        ),
        (
            "{.spec.containers[?(@.name<>1)]}",
            "unrecognized filter operator <>",
        ),
        (
            "{.spec.containers[?(@.name<1)]}",
            "incompatible types for comparison",
        ),
        (
            "{.spec.containers[?(@.name<true)]}",
            "incompatible types for comparison",
        ),
        (
            "{.spec.containers[?(@['name','name']==1)]}",
            "can only compare one element at a time",
        ),
        ("{.spec.containers[?(@==1)]}", "invalid type for comparison"),
        // Filtering a scalar names the value, not its type.
        (
            r#"{.spec.containers[*].name[?(@=="c0")]}"#,
            "c0 is not array or slice and cannot be filtered",
        ),
        ("{.spec.missing}", "missing is not found"),
        ("{hello}", "unrecognized identifier hello"),
        ("{end}", "not in range, nothing to end"),
        ("{............Price}", "invalid multiple recursive descent"),
    ];
    for (template, message) in cases {
        assert_eq!(
            render_strict(template, &pod),
            Err(message.to_owned()),
            "{template}"
        );
    }
}

#[test]
fn output_joining_and_scalars() {
    let data = json!({
        "s": "text", "i": 8080, "f": 2.5, "big": 1e6, "t": true, "n": null,
        "m": {"b": 2, "a": [1, "x"]}, "e": {}, "l": [],
        "html": "<a&b>", "tags": ["x", "y"],
    });
    let cases = [
        (
            "{.s} {.i} {.f} {.big} {.t} {.n}",
            "text 8080 2.5 1e+06 true null",
        ),
        ("{.m}", r#"{"a":[1,"x"],"b":2}"#),
        ("{.e}{.l}", "{}[]"),
        ("{.m.*}", r#"[1,"x"] 2"#),
        ("{.m.a[*]}", "1 x"),
        ("{['s','i']}", "text 8080"),
        ("{.html} {.m.b}{.html}", "<a&b> 2<a&b>"),
        ("{@.html}{$.html}", "<a&b><a&b>"),
        (r#"{.tags[?(@=="x")]}"#, "x"),
        (r#"{.m.a[?(@.missing)]}{.tags[?(@!="x")]}"#, "y"),
        ("{.s.*}", "116 101 120 116"),
        ("{1} {2.50} {true}", "1 2.5 true"),
        ("{.missing}|{.n.x}", "|"),
    ];
    for (template, expected) in cases {
        assert_eq!(
            render(template, &data).as_deref(),
            Ok(expected),
            "{template}"
        );
    }
    // Every element must compare, so a list mixing kinds fails as a whole.
    assert_eq!(
        render(r#"{.m.a[?(@=="x")]}"#, &data),
        Err("incompatible types for comparison".to_owned())
    );
    // Strings inside printed JSON are escaped as Go's encoding/json escapes them.
    let escaped = render("{.html}", &json!({"html": ["<a&b>"]})).unwrap();
    assert_eq!(escaped, r#"["\u003ca\u0026b\u003e"]"#);
}

#[test]
fn key_order_is_sorted_everywhere() {
    // serde_json keeps insertion order; kubectl's maps have none and print sorted.
    let data: Value =
        serde_json::from_str(r#"{"zeta": {"name": "z", "b": 1, "a": 2}, "alpha": {"name": "a"}}"#)
            .unwrap();
    assert_eq!(
        render("{.zeta}", &data).as_deref(),
        Ok(r#"{"a":2,"b":1,"name":"z"}"#)
    );
    assert_eq!(render("{.zeta.*}", &data).as_deref(), Ok("2 1 z"));
    assert_eq!(render("{..name}", &data).as_deref(), Ok("a z"));

    let nodes = json!({"items": [
        {"metadata": {"name": "127.0.0.1"}},
        {"metadata": {"name": "127.0.0.2"}},
    ], "users": [{"name": "myself"}, {"name": "e2e"}]});
    assert_eq!(
        render("{..name}", &nodes).as_deref(),
        Ok("127.0.0.1 127.0.0.2 myself e2e")
    );
}

#[test]
fn empty_ranges_still_check_their_body() {
    // Upstream walks an empty range's body once with no data, to find its `{end}`; with
    // missing keys disallowed that walk reports the missing field.
    let empty = json!({"items": []});
    let template = "{range .items[*]}{.metadata.name}{end}done";
    assert_eq!(render(template, &empty).as_deref(), Ok("done"));
    assert_eq!(
        render_strict(template, &empty),
        Err("metadata is not found".to_owned())
    );
}

#[test]
fn range_without_end_runs_its_body_again() {
    // No `{end}`: each element runs the rest of the template, then the rest runs once more on
    // the outer object.
    let data = json!({"a": ["x", "y"], "n": "outer"});
    assert_eq!(
        render("{range .a[*]}{@},", &data).as_deref(),
        Ok(r#"x,y,{"a":["x","y"],"n":"outer"},"#)
    );
}

#[test]
fn hostile_range_nesting_is_an_error_not_a_crash() {
    let deep = "{range}".repeat(150);
    let path = JsonPath::parse(&deep).unwrap();
    assert_eq!(path.render(&json!({})), Err(JsonPathError::NestedTooDeeply));
    // Far below the limit, nesting works as upstream.
    let nested = format!("{}{{@}}{}", "{range}".repeat(20), "{end}".repeat(20));
    assert_eq!(render(&nested, &json!("x")).as_deref(), Ok("x"));
}

#[test]
fn json_output_mode() {
    let path = JsonPath::parse("{.items[*].metadata.name}{.kind}{.missing}").unwrap();
    assert_eq!(
        path.render_as_json(&two_pods()).unwrap(),
        "[\n    \"a\",\n    \"b\"\n]\n[\n    \"List\"\n]\n[]\n"
    );
    let path = JsonPath::parse("name: {.items[0].metadata}").unwrap();
    assert_eq!(
        path.render_as_json(&two_pods()).unwrap(),
        "[\n    \"name: \"\n]\n[\n    {\n        \"name\": \"a\",\n        \"namespace\": \"default\"\n    }\n]\n"
    );
}

#[test]
fn errors_are_std_errors() {
    let error: Box<dyn std::error::Error> = Box::new(JsonPath::parse("{").unwrap_err());
    assert_eq!(error.to_string(), "unclosed action");
    assert_eq!(
        "{.a".parse::<JsonPath>().unwrap_err(),
        JsonPathError::UnclosedAction
    );
}

fn fixed_document() -> Value {
    json!({
        "kind": "List",
        "items": [
            {"metadata": {"name": "a", "labels": {"app": "web"}}, "spec": {"ports": [80, 443]}, "n": null},
            {"metadata": {"name": "b"}, "status": {"podIP": "10.0.0.1", "ready": true, "x": 2.5}},
        ],
        "s": "str",
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Random strings over the template alphabet: parsing returns, and rendering a parsed
    /// template returns, on any input.
    #[test]
    fn arbitrary_templates_never_panic(
        template in r#"[{}\[\]().@$*?:,'"\\ =!<>a-z0-9+\-\n\t]{0,40}"#
    ) {
        if let Ok(path) = JsonPath::parse(&template) {
            let doc = fixed_document();
            let _ = path.render(&doc);
            let _ = path.render_as_json(&doc);
            let _ = path.allow_missing_keys(false).render(&doc);
        }
    }

    /// Well-formed-looking templates built from real pieces, so that evaluation paths are
    /// reached far more often than with raw strings.
    #[test]
    fn structured_templates_never_panic(
        pieces in prop::collection::vec(prop::sample::select(vec![
            "{", "}", ".items", "[*]", "[0]", "[-1]", "[1:]", "[::2]", "[0,1]", "['metadata.name','s']",
            ".metadata", ".name", "..name", ".*", "range ", "end", "[?(@.metadata.name==\"a\")]",
            "[?(@.status)]", "[?(@.x<3)]", "@", "$", "\"lit\"", " ", "{range .items[*]}", "{end}",
            ".spec.ports", ".s", "true", "42", "-1.5",
        ]), 0..12)
    ) {
        let template = pieces.concat();
        if let Ok(path) = JsonPath::parse(&template) {
            let doc = fixed_document();
            let _ = path.render(&doc);
            let _ = path.render_as_json(&doc);
            let _ = path.allow_missing_keys(false).render(&doc);
        }
    }
}
