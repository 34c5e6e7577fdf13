//! `kubectl get pods -l app=x` on a 150,000-pod cluster (10,000 Deployments × 15 replicas in
//! one namespace): the label index answers, so the cost is that of the 15 matching pods, not
//! of the cluster. Run with `cargo bench -p kubelite --bench kubectl`.

use std::sync::OnceLock;

use divan::{Bencher, black_box};
use kubelite::api::Deployment;
use kubelite::{Cluster, ClusterConfig};

fn main() {
    divan::main();
}

fn cluster() -> &'static Cluster {
    static CLUSTER: OnceLock<Cluster> = OnceLock::new();
    CLUSTER.get_or_init(|| {
        let config = ClusterConfig::minikube()
            .nodes(1_000)
            .pod_cidr("10.0.0.0/8");
        let cluster = Cluster::with_config(config).expect("valid config");
        for d in 0..10_000 {
            let deployment = Deployment::builder(format!("app-{d}"))
                .image("nginx:1.27")
                .port(80)
                .replicas(15)
                .build()
                .expect("deployment");
            cluster.apply(deployment).expect("apply deployment");
        }
        cluster
    })
}

/// The table of the 15 pods one Deployment owns, among 150,000.
#[divan::bench(sample_count = 50, sample_size = 20)]
fn get_pods_by_label_150k(bencher: Bencher) {
    let cluster = cluster();
    let out = cluster.kubectl("get pods -l app=app-4242").expect("get");
    assert_eq!(out.lines().count(), 16, "{out}");
    bencher.bench_local(|| black_box(cluster.kubectl(black_box("get pods -l app=app-4242"))));
}

/// The same pods as `-o jsonpath`.
#[divan::bench(sample_count = 50, sample_size = 20)]
fn get_pod_ips_jsonpath_150k(bencher: Bencher) {
    let cluster = cluster();
    bencher.bench_local(|| {
        black_box(cluster.kubectl(black_box(
            "get pods -l app=app-4242 -o jsonpath={.items[*].status.podIP}",
        )))
    });
}
