//! `Cluster::explain_connection` on upstream's model, one snapshot per kind of decision:
//! each names the policies and rules that decided each direction.

mod netpol_model;

use kubelite::Cluster;
use kubelite::api::Pod;
use kubelite::net::Protocol;
use netpol_model::{Model, VECTORS};
use serde_json::Value;

fn model() -> Model {
    let vectors: Value = serde_json::from_str(VECTORS).expect("json");
    Model::build(&vectors["model"])
}

fn explain(cluster: &Cluster, from: &str, to: &str, port: u16, protocol: Protocol) -> String {
    cluster
        .explain_connection(from, to, port, protocol)
        .expect("pods exist")
        .to_string()
}

#[test]
fn default_allow() {
    let m = model();
    let text = explain(&m.cluster, "x/a", "y/b", 80, Protocol::Tcp);
    assert!(text.contains(": connected"));
    insta::assert_snapshot!("default_allow", text);
}

#[test]
fn isolated_without_a_matching_rule() {
    let m = model();
    m.cluster
        .apply_yaml(
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-from-c, namespace: x}\n\
             spec:\n  podSelector: {}\n  ingress:\n  - from: [{podSelector: {matchLabels: {pod: c}}}]\n",
        )
        .expect("policy");
    insta::assert_snapshot!(
        "isolated_no_rule",
        explain(&m.cluster, "x/a", "x/b", 80, Protocol::Tcp)
    );
}

#[test]
fn namespace_and_pod_selector_in_one_peer() {
    let m = model();
    m.cluster
        .apply_yaml(
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-y-b, namespace: x}\n\
             spec:\n  podSelector: {matchLabels: {pod: a}}\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {ns: 'y'}}\n      podSelector: {matchLabels: {pod: b}}\n",
        )
        .expect("policy");
    let allowed = explain(&m.cluster, "y/b", "x/a", 80, Protocol::Tcp);
    assert!(allowed.contains("connected"));
    // Same labels in another namespace: the AND fails on the namespace.
    let denied = explain(&m.cluster, "z/b", "x/a", 80, Protocol::Tcp);
    assert!(denied.contains("blocked"));
    insta::assert_snapshot!(
        "namespace_and_pod_selector",
        format!("{allowed}\n\n{denied}")
    );
}

#[test]
fn ip_block_except() {
    let m = model();
    m.cluster
        .apply_yaml(
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: cidr-but-b, namespace: x}\n\
             spec:\n  podSelector: {matchLabels: {pod: a}}\n  ingress:\n  - from: [{ipBlock: {cidr: 10.0.0.0/16, except: [10.0.1.2/32]}}]\n",
        )
        .expect("policy");
    assert!(m.cluster.can_connect("x/c", "x/a", 80, Protocol::Tcp));
    insta::assert_snapshot!(
        "ip_block_except",
        explain(&m.cluster, "x/b", "x/a", 80, Protocol::Tcp)
    );
}

#[test]
fn named_port_resolves_by_protocol() {
    let m = model();
    // `serve-80-udp` names a UDP port: a TCP entry of that name matches nothing.
    m.cluster
        .apply_yaml(
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: named-udp-as-tcp, namespace: x}\n\
             spec:\n  podSelector: {}\n  ingress:\n  - ports: [{port: serve-80-udp, protocol: TCP}, {port: serve-80-udp, protocol: UDP}]\n",
        )
        .expect("policy");
    assert!(m.cluster.can_connect("y/a", "x/a", 80, Protocol::Udp));
    insta::assert_snapshot!(
        "named_port_protocol",
        explain(&m.cluster, "y/a", "x/a", 80, Protocol::Tcp)
    );
}

#[test]
fn egress_only_isolation() {
    let m = model();
    m.cluster
        .apply_yaml(
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: egress-to-y, namespace: x}\n\
             spec:\n  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Egress]\n  egress:\n  - to: [{namespaceSelector: {matchLabels: {ns: 'y'}}}]\n",
        )
        .expect("policy");
    // Ingress to x/a is not isolated by an Egress-only policy.
    assert!(m.cluster.can_connect("x/b", "x/a", 80, Protocol::Tcp));
    insta::assert_snapshot!(
        "egress_only",
        explain(&m.cluster, "x/a", "x/b", 80, Protocol::Tcp)
    );
}

#[test]
fn dns_blocked_by_egress_policy() {
    let m = model();
    m.cluster
        .apply_yaml(
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-egress, namespace: x}\n\
             spec:\n  podSelector: {}\n  policyTypes: [Egress]\n",
        )
        .expect("policy");
    let dns: Vec<Pod> = m
        .cluster
        .list(Some("kube-system"), "k8s-app=kube-dns")
        .expect("dns");
    let dns = format!("kube-system/{}", dns[0].metadata.name());
    let text = explain(&m.cluster, "x/a", &dns, 53, Protocol::Udp);
    assert!(text.contains("blocked"));
    m.cluster
        .apply_yaml(
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-dns, namespace: x}\n\
             spec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to:\n    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}\n      podSelector: {matchLabels: {k8s-app: kube-dns}}\n    ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]\n",
        )
        .expect("policy");
    let after = explain(&m.cluster, "x/a", &dns, 53, Protocol::Udp);
    assert!(after.contains("connected"));
    let text = format!("{text}\n\n{after}").replace(&dns, "kube-system/<coredns>");
    insta::assert_snapshot!("dns_blocked_by_egress", text);
}

#[test]
fn allowed_both_ways_by_two_policies() {
    let m = model();
    m.cluster
        .apply_yaml(
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: a-egress-to-b, namespace: x}\n\
             spec:\n  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Egress]\n  egress:\n  - to: [{podSelector: {matchLabels: {pod: b}}}]\n\
             ---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: b-ingress-from-a, namespace: x}\n\
             spec:\n  podSelector: {matchLabels: {pod: b}}\n  ingress:\n  - ports: [{port: 81}]\n  - from: [{podSelector: {matchLabels: {pod: a}}}]\n    ports: [{port: 80}]\n",
        )
        .expect("policies");
    insta::assert_snapshot!(
        "allowed_by_two_policies",
        explain(&m.cluster, "x/a", "x/b", 80, Protocol::Tcp)
    );
}

#[test]
fn not_listening_and_unknown_pods() {
    let m = model();
    let text = explain(&m.cluster, "x/a", "x/b", 8080, Protocol::Tcp);
    assert!(text.ends_with("x/b does not listen on 8080/TCP"), "{text}");
    assert!(!m.cluster.can_connect("x/a", "x/nope", 80, Protocol::Tcp));
    let err = m
        .cluster
        .explain_connection("x/a", "x/nope", 80, Protocol::Tcp)
        .unwrap_err();
    assert_eq!(err.to_string(), "pods \"nope\" not found");
}
