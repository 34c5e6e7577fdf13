//! JSONPath benchmarks: parsing the kubectl tutorial's range template, and rendering pod IPs
//! over a 1,000-pod `List`.

use divan::{Bencher, black_box};
use kubelite::kubectl::jsonpath::JsonPath;
use serde_json::{Value, json};

const RANGE_TEMPLATE: &str =
    r#"{range .items[*]}{"PodName"}={.metadata.name}; {"PodIp"}={.status.podIP}{"\n"}{end}"#;

fn main() {
    divan::main();
}

#[divan::bench]
fn parse_range_template() -> JsonPath {
    JsonPath::parse(black_box(RANGE_TEMPLATE)).expect("the template parses")
}

fn pod_list(count: usize) -> Value {
    let items: Vec<Value> = (0..count)
        .map(|i| {
            json!({
                "apiVersion": "v1",
                "kind": "Pod",
                "metadata": {
                    "name": format!("echo-{i}"),
                    "namespace": "default",
                    "labels": {"app": "echo"},
                },
                "spec": {"containers": [{"name": "echo", "image": "kicbase/echo-server:1.0"}]},
                "status": {"phase": "Running", "podIP": format!("10.244.{}.{}", i / 250, i % 250 + 1)},
            })
        })
        .collect();
    json!({"apiVersion": "v1", "kind": "List", "items": items, "metadata": {"resourceVersion": ""}})
}

#[divan::bench]
fn render_pod_ips_1000(bencher: Bencher) {
    let list = pod_list(1000);
    let path = JsonPath::parse("{.items[*].status.podIP}").expect("the template parses");
    bencher.bench_local(|| path.render(black_box(&list)).expect("renders"));
}

#[divan::bench]
fn render_range_template_1000(bencher: Bencher) {
    let list = pod_list(1000);
    let path = JsonPath::parse(RANGE_TEMPLATE).expect("the template parses");
    bencher.bench_local(|| path.render(black_box(&list)).expect("renders"));
}
