//! The cluster runtime at the Kubernetes scalability limits: 10,000 Deployments × 15
//! replicas = 150,000 pods and 10,000 Services over 100 namespaces and 5,000 nodes; then
//! single-pod updates at that scale and at a tenth of it, to show an update costs the same
//! whatever the cluster's size. Run with `cargo bench -p kubelite --bench cluster`.

use divan::{Bencher, black_box};
use kubelite::api::{Deployment, Kind, Namespace, Service};
use kubelite::{Cluster, ClusterConfig};

fn main() {
    divan::main();
}

/// Resident memory in bytes (Linux), to report heap per pod.
fn rss_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

fn build(deployments: usize, replicas: u32, namespaces: usize, nodes: usize) -> Cluster {
    let config = ClusterConfig::minikube()
        .nodes(nodes)
        .pod_cidr("10.0.0.0/8");
    let cluster = Cluster::with_config(config).expect("valid config");
    for n in 0..namespaces {
        cluster
            .apply(
                Namespace::builder(format!("ns-{n}"))
                    .build()
                    .expect("namespace"),
            )
            .expect("apply");
    }
    for d in 0..deployments {
        let ns = format!("ns-{}", d % namespaces);
        let name = format!("app-{d}");
        let deployment = Deployment::builder(&name)
            .namespace(&ns)
            .image("nginx:1.27")
            .port(80)
            .replicas(replicas)
            .build()
            .expect("deployment");
        cluster.apply(deployment).expect("apply deployment");
        let service = Service::builder(&name)
            .namespace(&ns)
            .selector("app", &name)
            .port(80)
            .build()
            .expect("service");
        cluster.apply(service).expect("apply service");
    }
    cluster
}

/// 150,000 pods, 10,000 Deployments and Services, 100 namespaces, 5,000 nodes.
#[divan::bench(sample_count = 1, sample_size = 1)]
fn build_150k_pods(bencher: Bencher) {
    bencher.bench_local(|| {
        let before = rss_bytes();
        let cluster = build(10_000, 15, 100, 5_000);
        if let (Some(b), Some(a)) = (before, rss_bytes()) {
            eprintln!(
                "build_150k_pods: {} objects, resident growth {} MiB, {} bytes per pod",
                cluster.object_count(),
                (a.saturating_sub(b)) >> 20,
                a.saturating_sub(b) / 150_000
            );
        }
        cluster
    });
}

fn first_pod(cluster: &Cluster) -> (String, String) {
    let pods = cluster
        .list::<kubelite::api::Pod>(Some("ns-0"), "app=app-0")
        .expect("pods");
    let pod = pods.first().expect("a pod");
    ("ns-0".to_owned(), pod.metadata.name().to_owned())
}

/// Moves one pod in and out of its Service (its `app` label), at 15,000 and 150,000 pods.
#[divan::bench(args = [15_000, 150_000], sample_count = 20, sample_size = 500)]
fn relabel_one_pod(bencher: Bencher, pods: usize) {
    let cluster = build(pods / 15, 15, 100, (pods / 30).max(1));
    let (ns, name) = first_pod(&cluster);
    let mut flip = false;
    bencher.bench_local(|| {
        flip = !flip;
        let value = if flip { "app-0-off" } else { "app-0" };
        black_box(
            cluster
                .set_label(Kind::Pod, &ns, &name, "app", Some(value))
                .expect("label"),
        );
    });
}

/// Flips one pod's readiness, at 15,000 and 150,000 pods.
#[divan::bench(args = [15_000, 150_000], sample_count = 20, sample_size = 500)]
fn readiness_flip(bencher: Bencher, pods: usize) {
    let cluster = build(pods / 15, 15, 100, (pods / 30).max(1));
    let (ns, name) = first_pod(&cluster);
    let pod = format!("{ns}/{name}");
    let mut ready = true;
    bencher.bench_local(|| {
        ready = !ready;
        cluster.set_pod_ready(black_box(&pod), ready).expect("flip");
    });
}
