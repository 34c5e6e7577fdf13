//! NetworkPolicy questions at the scale: 1,000 pods in 20 namespaces with 100
//! policies (pod and namespace selectors, `In`/`NotIn`, ipBlock with except, named and
//! numeric ports, default deny). A single `can_connect` and the full 1,000 × 1,000
//! matrix for one port. Run with `cargo bench -p kubelite --bench network_policy`.

use divan::{Bencher, black_box};
use kubelite::api::{Deployment, Namespace};
use kubelite::net::Protocol;
use kubelite::{Cluster, ClusterConfig};
use serde_json::json;

fn main() {
    divan::main();
}

const NAMESPACES: usize = 20;
const APPS_PER_NAMESPACE: usize = 10;
const REPLICAS: u32 = 5;

fn build() -> Cluster {
    let cluster =
        // Ten nodes: each gets a /24 of the pod CIDR, room for every pod's address.
        Cluster::with_config(ClusterConfig::minikube().nodes(10).pod_cidr("10.0.0.0/8"))
            .expect("config");
    for n in 0..NAMESPACES {
        let ns = Namespace::builder(format!("ns-{n}"))
            .label("team", format!("t{}", n % 4))
            .build()
            .expect("namespace");
        cluster.apply(ns).expect("apply");
        for a in 0..APPS_PER_NAMESPACE {
            let d = Deployment::builder(format!("app-{a}"))
                .namespace(format!("ns-{n}"))
                .image("nginx:1.27")
                .port(80)
                .replicas(REPLICAS)
                .build()
                .expect("deployment");
            cluster.apply(d).expect("apply");
        }
        let policies = [
            json!({"podSelector": {}, "policyTypes": ["Ingress"]}),
            json!({"podSelector": {"matchExpressions": [{"key": "app", "operator": "In", "values": ["app-0", "app-1"]}]},
                   "ingress": [{"from": [{"namespaceSelector": {"matchExpressions": [{"key": "team", "operator": "In", "values": ["t0", "t1"]}]}}],
                                "ports": [{"port": 80}]}]}),
            json!({"podSelector": {"matchExpressions": [{"key": "app", "operator": "NotIn", "values": ["app-2"]}]},
                   "ingress": [{"from": [{"podSelector": {"matchLabels": {"app": "app-3"}}}],
                                "ports": [{"port": "http"}, {"port": 79, "endPort": 81}]}]}),
            json!({"podSelector": {"matchLabels": {"app": "app-4"}}, "policyTypes": ["Egress"],
                   "egress": [{"to": [{"ipBlock": {"cidr": "10.0.0.0/8", "except": ["10.0.1.0/24"]}}], "ports": [{"port": 80}]},
                              {"to": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}},
                                       "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}}}],
                               "ports": [{"port": 53, "protocol": "UDP"}]}]}),
            json!({"podSelector": {"matchLabels": {"app": "app-5"}},
                   "ingress": [{"from": [{"namespaceSelector": {"matchLabels": {"team": "t2"}},
                                          "podSelector": {"matchExpressions": [{"key": "app", "operator": "NotIn", "values": ["app-6"]}]}}]}]}),
        ];
        let yaml: String = policies
            .iter()
            .enumerate()
            .map(|(i, spec)| {
                let doc = json!({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
                    "metadata": {"name": format!("policy-{i}"), "namespace": format!("ns-{n}")}, "spec": spec});
                format!("---\n{doc}\n")
            })
            .collect();
        cluster.apply_yaml(&yaml).expect("policies");
    }
    cluster
}

fn pod_names(cluster: &Cluster) -> Vec<String> {
    cluster
        .list::<kubelite::api::Pod>(None, "app")
        .expect("pods")
        .iter()
        .map(|p| {
            format!(
                "{}/{}",
                p.metadata.namespace.as_deref().unwrap_or_default(),
                p.metadata.name()
            )
        })
        .collect()
}

/// One `can_connect` between pods of different namespaces, both isolated.
#[divan::bench]
fn single_query(bencher: Bencher) {
    let cluster = build();
    let pods = pod_names(&cluster);
    assert_eq!(pods.len(), 1000);
    let (from, to) = (pods[7].clone(), pods[512].clone());
    assert!(
        cluster
            .explain_connection(&from, &to, 80, Protocol::Tcp)
            .is_ok()
    );
    bencher.bench_local(|| {
        black_box(cluster.can_connect(black_box(&from), black_box(&to), 80, Protocol::Tcp))
    });
}

/// The 1,000 × 1,000 matrix on 80/TCP.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn full_matrix(bencher: Bencher) {
    let cluster = build();
    let pods = pod_names(&cluster);
    let refs: Vec<&str> = pods.iter().map(String::as_str).collect();
    let check = cluster
        .reachability(&refs, 80, Protocol::Tcp)
        .expect("matrix");
    // Every pod has an address and the policies both allow and block: a real workload.
    let allowed = check.allowed_count();
    assert!(allowed > 50_000 && allowed < 950_000, "{allowed} allowed");
    bencher.bench_local(|| {
        let m = cluster
            .reachability(black_box(&refs), 80, Protocol::Tcp)
            .expect("matrix");
        black_box(m.allowed_count())
    });
}

/// One HTTP request end to end among the same 1,000 pods and 100 policies, from an
/// egress-restricted pod through a Service in another namespace: its DNS query to kube-dns
/// and its connection after DNAT are both judged (trace off, as a load generator would).
#[divan::bench]
fn judged_request(bencher: Bencher) {
    let cluster = build();
    cluster
        .apply(
            kubelite::api::Service::builder("web")
                .namespace("ns-1")
                .selector("app", "app-0")
                .port(80)
                .build()
                .expect("service"),
        )
        .expect("apply");
    cluster.advance(std::time::Duration::from_secs(60));
    let from = pod_names(&cluster)
        .into_iter()
        .find(|p| p.starts_with("ns-0/app-4-"))
        .expect("an egress-restricted pod");
    let origin = kubelite::net::Origin::pod(&from);
    let request = kubelite::net::Request::get("http://web.ns-1/").without_trace();
    let first = cluster.send(origin.clone(), &request).expect("allowed");
    assert_eq!(first.status(), 200);
    bencher.bench_local(|| black_box(cluster.send(origin.clone(), black_box(&request))));
}
