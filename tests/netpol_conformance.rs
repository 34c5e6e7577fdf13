//! Every case of `tests/data/conformance/netpol_cases.json` (upstream's e2e NetworkPolicy
//! truth tables) through `Cluster::can_connect` and `Cluster::reachability`, on the model
//! built once and reset between cases.

mod netpol_model;

use netpol_model::{Model, PODS, VECTORS, protocol};
use serde_json::Value;

#[test]
fn every_upstream_truth_table_holds() {
    let vectors: Value = serde_json::from_str(VECTORS).expect("json");
    let model = Model::build(&vectors["model"]);
    let mut failures = Vec::new();
    let mut checked = 0;
    for case in vectors["cases"].as_array().expect("cases") {
        let name = format!("{} {}", case["name"], case["step"]);
        model.enter(case);
        for probe in case["probes"].as_array().expect("probes") {
            let port = u16::try_from(probe["port"].as_u64().expect("port")).expect("u16");
            let proto = protocol(probe["protocol"].as_str().expect("protocol"));
            let denied: Vec<(String, String)> = probe["denied"]
                .as_array()
                .expect("denied")
                .iter()
                .map(|p| {
                    (
                        p[0].as_str().expect("from").into(),
                        p[1].as_str().expect("to").into(),
                    )
                })
                .collect();
            for from in PODS {
                for to in PODS.iter().filter(|t| **t != from) {
                    let expected = !denied.contains(&(from.to_owned(), (*to).to_owned()));
                    let actual = model.cluster.can_connect(from, to, port, proto);
                    checked += 1;
                    if expected != actual {
                        let why = model.cluster.explain_connection(from, to, port, proto);
                        failures.push(format!("{name} {port}/{proto} {from} -> {to}: expected {expected}, got {actual}\n{why:?}"));
                    }
                }
            }
            // The printed matrix, loopback masked as upstream ignores it.
            let matrix = model
                .cluster
                .reachability(&PODS, port, proto)
                .expect("matrix");
            let rows: Vec<String> = PODS
                .iter()
                .map(|from| {
                    let marks: String = PODS
                        .iter()
                        .map(|to| match (from == to, matrix.get(from, to)) {
                            (true, _) => '*',
                            (false, Some(true)) => '.',
                            (false, _) => 'X',
                        })
                        .collect();
                    format!("{from} {marks}")
                })
                .collect();
            let want: Vec<&str> = probe["matrix"]
                .as_array()
                .expect("matrix")
                .iter()
                .map(|r| r.as_str().expect("row"))
                .collect();
            if rows != want {
                failures.push(format!(
                    "{name} {port}/{proto} matrix:\n{}\nwant\n{}",
                    rows.join("\n"),
                    want.join("\n")
                ));
            }
        }
        model.reset();
    }
    assert!(checked > 3000, "only {checked} probes");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
