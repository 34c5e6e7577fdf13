//! The cluster runtime through its public API: the tutorial's first section, controllers,
//! allocation, endpoints, watch, determinism.

use std::time::Duration;

use kubelite::api::{Deployment, EndpointSlice, Endpoints, Kind, Pod, Service};
use kubelite::cluster::{EventType, Outcome, WatchFilter};
use kubelite::{Cluster, ClusterConfig};

const ECHO_SERVICE: &str = "\
apiVersion: v1
kind: Service
metadata:
  name: echo-service
spec:
  selector:
    app: echo-minikube
  ports:
  - port: 8080
    targetPort: 8080
";

fn echo_deployment(replicas: u32) -> Deployment {
    Deployment::builder("echo-minikube")
        .image("k8s.gcr.io/echoserver:1.4")
        .replicas(replicas)
        .build()
        .expect("valid deployment")
}

fn ready_endpoint_ips(cluster: &Cluster, service: &str) -> Vec<String> {
    let slices: Vec<EndpointSlice> = cluster
        .list(
            Some("default"),
            &format!("kubernetes.io/service-name={service}"),
        )
        .expect("list slices");
    let mut ips: Vec<String> = slices
        .iter()
        .flat_map(|s| s.endpoints.iter())
        .filter(|e| e.is_ready())
        .flat_map(|e| e.addresses.iter().cloned())
        .collect();
    ips.sort();
    ips
}

fn pods(cluster: &Cluster, selector: &str) -> Vec<Pod> {
    cluster.list(Some("default"), selector).expect("list pods")
}

#[test]
fn tutorial_first_section_through_the_api() {
    let cluster = Cluster::new();
    cluster
        .apply(echo_deployment(1))
        .expect("create deployment");
    cluster.scale("default", "echo-minikube", 2).expect("scale");
    let echo = pods(&cluster, "app=echo-minikube");
    assert_eq!(echo.len(), 2);
    let pod_cidr: kubelite::cluster::Ipv4Cidr = "10.244.0.0/16".parse().expect("cidr");
    let mut ips = Vec::new();
    for pod in &echo {
        let name = pod.metadata.name();
        let parts: Vec<&str> = name.rsplitn(3, '-').collect();
        assert_eq!(parts.len(), 3, "{name}");
        assert_eq!(parts[2], "echo-minikube", "{name}");
        assert!(
            parts[1].chars().all(|c| "456789bcdf".contains(c)) && parts[1].len() >= 9,
            "{name}"
        );
        assert!(
            parts[0].len() == 5
                && parts[0]
                    .chars()
                    .all(|c| "bcdfghjklmnpqrstvwxz2456789".contains(c)),
            "{name}"
        );
        assert_eq!(pod.status.phase.as_deref(), Some("Running"));
        let ip = pod.status.pod_ip.clone().expect("pod has an IP");
        assert!(pod_cidr.contains(ip.parse().expect("ip")), "{ip}");
        ips.push(ip);
    }
    ips.sort();
    ips.dedup();
    assert_eq!(ips.len(), 2, "distinct IPs");

    cluster.apply_yaml(ECHO_SERVICE).expect("service");
    let svc: Service = cluster
        .get("default", "echo-service")
        .expect("service exists");
    let cluster_ip: std::net::Ipv4Addr = svc
        .spec
        .cluster_ip
        .clone()
        .expect("clusterIP")
        .parse()
        .expect("ip");
    let service_cidr: kubelite::cluster::Ipv4Cidr = "10.96.0.0/12".parse().expect("cidr");
    assert!(service_cidr.contains(cluster_ip));
    assert_eq!(ready_endpoint_ips(&cluster, "echo-service"), ips);
    let endpoints: Endpoints = cluster
        .get("default", "echo-service")
        .expect("legacy endpoints");
    let subset = &endpoints.subsets[0];
    assert_eq!(subset.ports[0].port, 8080);
    let mut legacy: Vec<String> = subset.addresses.iter().map(|a| a.ip.clone()).collect();
    legacy.sort();
    assert_eq!(legacy, ips);

    cluster
        .scale("default", "echo-minikube", 0)
        .expect("scale to 0");
    assert!(ready_endpoint_ips(&cluster, "echo-service").is_empty());
    cluster.advance(Duration::from_secs(31));
    assert!(pods(&cluster, "app=echo-minikube").is_empty());

    cluster
        .scale("default", "echo-minikube", 2)
        .expect("scale to 2");
    let before: Vec<String> = pods(&cluster, "app=echo-minikube")
        .iter()
        .map(|p| p.metadata.name().to_owned())
        .collect();
    cluster
        .rollout_restart("default", "echo-minikube")
        .expect("restart");
    cluster.advance(Duration::from_secs(31));
    let after = pods(&cluster, "app=echo-minikube");
    assert_eq!(after.len(), 2);
    for p in &after {
        assert!(!before.contains(&p.metadata.name().to_owned()));
        assert!(!ips.contains(p.status.pod_ip.as_ref().expect("ip")));
    }
    let svc_after: Service = cluster.get("default", "echo-service").expect("service");
    assert_eq!(svc_after.spec.cluster_ip, svc.spec.cluster_ip);
    let mut new_ips: Vec<String> = after
        .iter()
        .filter_map(|p| p.status.pod_ip.clone())
        .collect();
    new_ips.sort();
    assert_eq!(ready_endpoint_ips(&cluster, "echo-service"), new_ips);
}

#[test]
fn fresh_cluster_looks_like_minikube() {
    let cluster = Cluster::new();
    let namespaces: Vec<String> = cluster
        .list::<kubelite::api::Namespace>(None, "")
        .expect("namespaces")
        .iter()
        .map(|n| n.metadata.name().to_owned())
        .collect();
    assert_eq!(
        namespaces,
        ["default", "kube-node-lease", "kube-public", "kube-system"]
    );
    let kubernetes: Service = cluster
        .get("default", "kubernetes")
        .expect("kubernetes service");
    assert_eq!(kubernetes.spec.cluster_ip.as_deref(), Some("10.96.0.1"));
    let dns: Service = cluster.get("kube-system", "kube-dns").expect("kube-dns");
    assert_eq!(dns.spec.cluster_ip.as_deref(), Some("10.96.0.10"));
    let coredns: Vec<Pod> = cluster
        .list(Some("kube-system"), "k8s-app=kube-dns")
        .expect("coredns");
    assert_eq!(coredns.len(), 1);
    assert_eq!(coredns[0].status.phase.as_deref(), Some("Running"));
    let dns_slices: Vec<EndpointSlice> = cluster
        .list(Some("kube-system"), "kubernetes.io/service-name=kube-dns")
        .expect("slices");
    assert_eq!(dns_slices[0].endpoints.len(), 1);
    assert_eq!(dns_slices[0].ports.len(), 3);
}

#[test]
fn same_seed_same_state_other_seed_other_names() {
    let run = |seed: u64| {
        let cluster = Cluster::with_config(ClusterConfig::minikube().seed(seed)).expect("cluster");
        cluster.apply(echo_deployment(3)).expect("deployment");
        cluster.apply_yaml(ECHO_SERVICE).expect("service");
        cluster.advance(Duration::from_secs(60));
        cluster.dump_yaml()
    };
    assert_eq!(run(7), run(7));
    assert_ne!(run(7), run(8));
}

#[test]
fn watch_sees_the_rollout() {
    let cluster = Cluster::new();
    let watch = cluster.watch(WatchFilter::kind(Kind::Pod).in_namespace("default"));
    cluster.apply(echo_deployment(2)).expect("deployment");
    let events = watch.drain();
    let added = events
        .iter()
        .filter(|e| e.event_type == EventType::Added)
        .count();
    assert_eq!(added, 2);
    assert!(events.iter().any(|e| e.event_type == EventType::Modified));
    cluster.scale("default", "echo-minikube", 1).expect("scale");
    cluster.advance(Duration::from_secs(30));
    let deleted = watch
        .drain()
        .into_iter()
        .filter(|e| e.event_type == EventType::Deleted)
        .count();
    assert_eq!(deleted, 1);
}

#[test]
fn apply_reports_created_configured_unchanged() {
    let cluster = Cluster::new();
    assert_eq!(
        cluster.apply(echo_deployment(1)).expect("apply").outcome,
        Outcome::Created
    );
    assert_eq!(
        cluster.apply(echo_deployment(1)).expect("apply").outcome,
        Outcome::Unchanged
    );
    assert_eq!(
        cluster.apply(echo_deployment(2)).expect("apply").outcome,
        Outcome::Configured
    );
}
