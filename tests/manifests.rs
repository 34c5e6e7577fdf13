//! Loading and writing manifests: multi-document streams, lists, JSON, strict decoding,
//! positions in errors, byte-stable round trips.

use kubelite::Object;
use kubelite::manifest::{ManifestError, from_json, from_yaml, to_yaml};

const NAMESPACES: &str = "\
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    team: a
---
# a comment-only document between two objects is skipped
---
apiVersion: v1
kind: Namespace
metadata:
  name: other
";

#[test]
fn multi_document_stream_loads_in_order_and_skips_empty_documents() {
    let objects = from_yaml(NAMESPACES).expect("valid stream");
    let names: Vec<&str> = objects.iter().map(|o| o.meta().name()).collect();
    assert_eq!(names, ["shop", "other"]);
    assert!(objects.iter().all(|o| o.kind() == "Namespace"));
}

#[test]
fn output_is_byte_stable_across_round_trips() {
    let objects = from_yaml(NAMESPACES).expect("valid stream");
    let once = to_yaml(&objects).expect("writes");
    let twice = to_yaml(&from_yaml(&once).expect("reloads")).expect("writes again");
    assert_eq!(once, twice);
    assert_eq!(from_yaml(&once).expect("reloads"), objects);
}

#[test]
fn a_list_contributes_its_items() {
    let list = r#"{"apiVersion":"v1","kind":"List","metadata":{"resourceVersion":""},"items":[
        {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a"}},
        {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"b"}}]}"#;
    let objects = from_json(list).expect("valid list");
    let names: Vec<&str> = objects.iter().map(|o| o.meta().name()).collect();
    assert_eq!(names, ["a", "b"]);
}

#[test]
fn unknown_field_names_its_path_and_position() {
    let err =
        from_yaml("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  lables:\n    x: y\n")
            .expect_err("unknown field");
    assert_eq!(
        err.to_string(),
        "line 5, column 3: Namespace in version \"v1\" cannot be handled as a Namespace: \
         strict decoding error: unknown field \"metadata.lables\""
    );
    match err {
        ManifestError::Decode(d) => {
            assert_eq!(d.path, "metadata.lables");
            assert_eq!(d.document, 1);
        }
        other => panic!("unexpected error {other:?}"),
    }
}

#[test]
fn positions_count_lines_of_the_whole_stream() {
    let err = from_yaml("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: [b]\n")
        .expect_err("name is not a string");
    match &err {
        ManifestError::Decode(d) => {
            assert_eq!(
                (d.document, d.line, d.path.as_str()),
                (2, Some(9), "metadata.name")
            );
        }
        other => panic!("unexpected error {other:?}"),
    }
}

#[test]
fn unknown_kind_says_what_is_supported() {
    let err = from_yaml("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n")
        .expect_err("unmodelled");
    let text = err.to_string();
    assert!(text.starts_with("line 1: no matches for kind \"ConfigMap\" in version \"v1\": kubelite models Namespace (v1), "), "{text}");
    assert!(text.contains("Deployment (apps/v1)"), "{text}");
}

#[test]
fn wrong_api_version_for_a_known_kind_is_an_unknown_kind() {
    let err = from_yaml("apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: a\n")
        .expect_err("old group");
    assert!(
        matches!(err, ManifestError::UnknownKind { ref api_version, .. } if api_version == "extensions/v1beta1")
    );
}

#[test]
fn missing_type_information_is_reported_like_kubectl() {
    let err = from_yaml("metadata:\n  name: a\n").expect_err("no kind");
    assert_eq!(
        err.to_string(),
        "line 1: error validating data: [apiVersion not set, kind not set]"
    );
    let err = from_yaml("apiVersion: v1\nmetadata:\n  name: a\n").expect_err("no kind");
    assert_eq!(
        err.to_string(),
        "line 1: error validating data: kind not set"
    );
}

#[test]
fn syntax_errors_carry_the_stream_position() {
    let err = from_yaml("apiVersion: v1\nkind: Namespace\n---\nmetadata:\n  name: a\n  name: b\n")
        .expect_err("duplicate key");
    match &err {
        ManifestError::Syntax(e) => assert_eq!(e.line(), Some(6)),
        other => panic!("unexpected error {other:?}"),
    }
}

#[test]
fn a_scalar_document_is_not_an_object() {
    let err = from_yaml("just a string\n").expect_err("scalar");
    assert_eq!(
        err.to_string(),
        "line 1: document 1 is not a Kubernetes object: expected a mapping with apiVersion and kind, found a string"
    );
}

#[test]
fn objects_convert_into_object() {
    let ns = kubelite::api::Namespace::default();
    assert_eq!(Object::from(ns).kind(), "Namespace");
}

#[test]
fn a_list_where_an_object_belongs_is_refused_in_go_s_words() {
    let err =
        from_yaml("apiVersion: v1\nkind: Service\nmetadata: []\n").expect_err("list metadata");
    assert_eq!(
        err.to_string(),
        "Service in version \"v1\" cannot be handled as a Service: json: cannot unmarshal array \
         into Go struct field Service.metadata of type v1.ObjectMeta"
    );
    let err = from_yaml("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\nspec: [1]\n")
        .expect_err("list spec");
    assert!(
        err.to_string()
            .ends_with("into Go struct field Deployment.spec of type v1.DeploymentSpec"),
        "{err}"
    );
}

#[test]
fn kind_must_be_a_string() {
    let err = from_yaml("apiVersion: v1\nkind: 5\n").expect_err("numeric kind");
    assert_eq!(
        err.to_string(),
        "line 1: unable to decode document 1: kind must be a string, found a number"
    );
}

#[test]
fn yaml_1_1_octal_numbers_are_read_as_kubernetes_reads_them() {
    let doc: serde_json::Value =
        kubelite::yaml::from_str("mode: 0644\nport: 8080\n").expect("valid");
    assert_eq!(doc["mode"], 420);
    assert_eq!(doc["port"], 8080);
}

#[test]
fn null_labels_load_as_empty() {
    let objects =
        from_yaml("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  labels: null\n")
            .expect("null labels");
    assert!(objects[0].meta().labels.is_empty());
}

#[test]
fn list_item_errors_name_the_item() {
    let list = r#"{"apiVersion":"v1","kind":"List","items":[
        {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a"}},
        {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"b","nmae":"c"}}]}"#;
    let err = from_json(list).expect_err("bad item");
    assert!(
        err.to_string()
            .ends_with("strict decoding error: unknown field \"items[1].metadata.nmae\""),
        "{err}"
    );
}
