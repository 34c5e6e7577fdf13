//! JSONPath templates (`kubectl -o jsonpath=`). Properties: parsing and rendering never
//! panic; a template parses to the same thing twice and keeps its text; rendering is
//! deterministic; `render` and `render_as_json` agree on success or failure (both evaluate
//! the same results).
#![no_main]

use kubelite::kubectl::jsonpath::JsonPath;
use libfuzzer_sys::fuzz_target;

fn documents() -> Vec<serde_json::Value> {
    let cluster = kubelite_fuzz::populated_cluster();
    let pods = cluster.list_json("pods", Some("default"), "");
    let mut docs = vec![
        serde_json::json!({
            "kind": "List",
            "items": [
                {"metadata": {"name": "a", "labels": {"app": "x", "k8s.io/x": "1"}}, "n": 3, "f": 1.5},
                {"metadata": {"name": "b"}, "n": -1, "list": [1, [2, 3], {"x": null}], "t": true},
            ],
            "empty": {}, "null": null, "s": "text",
        }),
    ];
    if let Ok(pods) = pods {
        docs.push(pods);
    }
    docs
}

fuzz_target!(|data: &[u8]| {
    let Ok(template) = std::str::from_utf8(data) else {
        return;
    };
    let first = JsonPath::parse(template);
    let second = JsonPath::parse(template);
    assert_eq!(format!("{first:?}"), format!("{second:?}"), "parsing is deterministic");
    let Ok(path) = first else {
        return;
    };
    assert_eq!(path.template(), template);
    thread_local! {
        static DOCS: Vec<serde_json::Value> = documents();
    }
    DOCS.with(|docs| {
        for strict in [false, true] {
            let path = path.clone().allow_missing_keys(!strict);
            for doc in docs {
                let text = path.render(doc);
                assert_eq!(format!("{text:?}"), format!("{:?}", path.render(doc)));
                let json = path.render_as_json(doc);
                assert_eq!(text.is_ok(), json.is_ok(), "render and render_as_json disagree");
            }
        }
    });
});
