//! `Cluster::diagram`: the tutorial's cluster and a NetworkPolicy example, as Mermaid and
//! DOT (reviewed snapshots); the Mermaid block in `docs/diagrams.md` is the snapshot's.

#[path = "common/tutorial.rs"]
mod tutorial;

use kubelite::Cluster;
use kubelite::api::pod::{Container, ContainerPort};
use kubelite::api::{Pod, Service};
use kubelite::diagram::DiagramOptions;

#[test]
fn tutorial_cluster_as_mermaid_and_dot() {
    let cluster = tutorial::cluster();
    let diagram = cluster.diagram();
    insta::assert_snapshot!("tutorial_mermaid", diagram.mermaid());
    insta::assert_snapshot!("tutorial_dot", diagram.dot());
}

#[test]
fn the_docs_show_the_tutorial_snapshot() {
    let mermaid = tutorial::cluster().diagram().mermaid();
    let doc = include_str!("../docs/diagrams.md");
    let block = doc
        .split("```mermaid\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("docs/diagrams.md has a mermaid block");
    assert_eq!(block, mermaid);
}

/// Three pods in `shop`: only the frontend may reach the api (on 8080); the others are
/// selected by no policy, so everyone reaches them.
fn policy_cluster() -> Cluster {
    let cluster = Cluster::new();
    cluster
        .apply_yaml("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n")
        .expect("ns");
    for (name, role, port) in [
        ("frontend", "frontend", 80),
        ("api", "api", 8080),
        ("batch", "batch", 9000),
    ] {
        let c = Container::new(name, "nginx").port(ContainerPort::new(port));
        let pod = Pod::builder(name)
            .namespace("shop")
            .label("role", role)
            .container(c)
            .build()
            .expect("pod");
        cluster.apply(pod).expect("apply");
    }
    let api = Service::builder("api")
        .namespace("shop")
        .selector("role", "api")
        .port(8080)
        .build()
        .expect("svc");
    cluster.apply(api).expect("apply");
    cluster
        .apply_yaml(
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: api-from-frontend\n  namespace: shop\n\
             spec:\n  podSelector:\n    matchLabels:\n      role: api\n  ingress:\n  - from:\n    - podSelector:\n        matchLabels:\n          role: frontend\n    ports:\n    - port: 8080\n",
        )
        .expect("policy");
    cluster.advance(std::time::Duration::from_secs(30));
    cluster
}

#[test]
fn network_policy_reachability_as_mermaid_and_dot() {
    let cluster = policy_cluster();
    let options = DiagramOptions::default().network_policy(true);
    let diagram = cluster.diagram_with(&options);
    insta::assert_snapshot!("netpol_mermaid", diagram.mermaid());
    insta::assert_snapshot!("netpol_dot", diagram.dot());
    let mermaid = diagram.mermaid();
    assert!(mermaid.contains("pod_shop_frontend -.->|\"allowed 8080/TCP\"| pod_shop_api"));
    assert!(!mermaid.contains("pod_shop_batch -.->|\"allowed 8080/TCP\"| pod_shop_api"));
    // Without the option, no policy arrows.
    assert!(!cluster.diagram().mermaid().contains("-.->"));
}
