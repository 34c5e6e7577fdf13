//! NetworkPolicy enforced on real requests: the DNS query itself, app-to-app calls, and
//! traffic from outside through NodePorts with both external traffic policies. Each denial
//! names the policy and the direction that decided; the explanations are snapshots.

use std::time::Duration;

use kubelite::api::{Deployment, Pod, Service};
use kubelite::exec::{self, Target};
use kubelite::net::{NetErrorKind, Origin};
use kubelite::{Cluster, ClusterConfig};

fn echo_cluster() -> Cluster {
    let cluster = Cluster::with_config(ClusterConfig::minikube().seed(7)).expect("cluster");
    cluster
        .apply(
            Deployment::builder("echo-minikube")
                .image("k8s.gcr.io/echoserver:1.4")
                .replicas(2)
                .build()
                .expect("deployment"),
        )
        .expect("apply");
    cluster
        .apply(
            Service::builder("echo-service")
                .selector("app", "echo-minikube")
                .port(8080)
                .build()
                .expect("service"),
        )
        .expect("apply");
    cluster
        .apply(
            Pod::builder("busybox")
                .label("run", "busybox")
                .image("yauritux/busybox-curl")
                .build()
                .expect("pod"),
        )
        .expect("apply");
    cluster.advance(Duration::from_secs(60));
    cluster
}

const DENY_EGRESS: &str = "apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-egress}
spec:
  podSelector: {matchLabels: {run: busybox}}
  policyTypes: [Egress]
";

const ALLOW_DNS: &str = "apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-dns}
spec:
  podSelector: {matchLabels: {run: busybox}}
  policyTypes: [Egress]
  egress:
  - to:
    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
      podSelector: {matchLabels: {k8s-app: kube-dns}}
    ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]
";

const ALLOW_ECHO: &str = "apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-echo}
spec:
  podSelector: {matchLabels: {run: busybox}}
  policyTypes: [Egress]
  egress:
  - to: [{podSelector: {matchLabels: {app: echo-minikube}}}]
    ports: [{port: 8080}]
";

fn in_busybox(cluster: &Cluster, command: &str) -> String {
    let argv: Vec<String> = command.split(' ').map(str::to_owned).collect();
    let target = Target::Pod {
        namespace: "default".into(),
        name: "busybox".into(),
    };
    let out = exec::run(cluster, &target, &argv, "");
    format!(
        "/ # {command}\n{}{}[exit {}]\n",
        out.stdout, out.stderr, out.status
    )
}

#[test]
fn egress_locked_pod_fails_at_dns_then_succeeds_once_allowed() {
    let cluster = echo_cluster();
    let url = "http://echo-service:8080";
    let origin = Origin::pod("default/busybox");
    assert!(cluster.request(origin.clone(), url).is_ok());
    cluster.apply_yaml(DENY_EGRESS).expect("policy");

    // 1. Locked down: the DNS query to kube-dns is dropped, so the name never resolves.
    let dns = cluster.request(origin.clone(), url).unwrap_err();
    assert_eq!(dns.kind(), NetErrorKind::CouldNotResolve);
    assert_eq!(
        dns.curl_message(),
        "curl: (6) Could not resolve host: echo-service"
    );
    let verdict = dns.policy_verdict().expect("a policy decided");
    assert!(!verdict.egress().is_allowed());
    assert!(verdict.ingress().is_allowed());
    assert!(dns.message().contains("default/deny-egress"), "{dns}");
    let lookup = cluster.resolve(origin.clone(), "echo-service").unwrap_err();
    assert!(lookup.blocked_by().is_some());
    assert_eq!(lookup.attempts().len(), 0, "no name was ever answered");
    let mut transcript = format!("$ request {url}\n{}\n\n", dns.explain());
    transcript.push_str(&in_busybox(&cluster, "nslookup echo-service"));
    transcript.push_str(&in_busybox(&cluster, "curl http://echo-service:8080"));
    transcript.push_str(&format!("\n$ resolve echo-service\n{lookup}\n\n"));

    // 2. DNS allowed: the name resolves, the connection to the echo pod is dropped by the
    //    same egress policy (a timeout, not a refusal).
    cluster.apply_yaml(ALLOW_DNS).expect("policy");
    assert!(cluster.resolve(origin.clone(), "echo-service").is_ok());
    let blocked = cluster.request(origin.clone(), url).unwrap_err();
    assert_eq!(blocked.kind(), NetErrorKind::Timeout);
    assert!(
        !blocked
            .policy_verdict()
            .expect("verdict")
            .egress()
            .is_allowed()
    );
    transcript.push_str(&format!("$ request {url}\n{}\n\n", blocked.explain()));
    transcript.push_str(&in_busybox(&cluster, "nslookup echo-service"));

    // 3. Egress to the echo pods on 8080 too: the request succeeds, both policy verdicts in
    //    its trace.
    cluster.apply_yaml(ALLOW_ECHO).expect("policy");
    let ok = cluster.request(origin, url).expect("allowed");
    assert_eq!(ok.status(), 200);
    transcript.push_str(&format!("\n$ request {url}\n{}\n", ok.trace()));
    insta::assert_snapshot!("egress_locked_dns", transcript);
}

#[test]
fn coredns_ingress_policy_blocks_every_lookup() {
    let cluster = echo_cluster();
    cluster
        .apply_yaml(
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: dns-from-kube-system, namespace: kube-system}\n\
             spec:\n  podSelector: {matchLabels: {k8s-app: kube-dns}}\n  ingress:\n  - from: [{podSelector: {}}]\n",
        )
        .expect("policy");
    let err = cluster
        .resolve(Origin::pod("default/busybox"), "echo-service")
        .unwrap_err();
    let verdict = err.blocked_by().expect("blocked");
    assert!(verdict.egress().is_allowed() && !verdict.ingress().is_allowed());
    assert!(
        err.to_string().contains("ingress to kube-system/coredns-"),
        "{err}"
    );
    assert!(
        err.hint()
            .is_some_and(|h| h.contains("isolates kube-system/coredns-")),
        "{err:?}"
    );
}

fn kibana_cluster() -> (Cluster, String) {
    let cluster = Cluster::new();
    for (name, image, port) in [
        ("kibana", "kibana:7.6.1", 5601),
        ("elasticsearch", "elasticsearch:7.6.1", 9200),
    ] {
        cluster
            .apply(Deployment::builder(name).image(image).build().expect("d"))
            .expect("apply");
        let svc = Service::builder(name).selector("app", name).port(port);
        let svc = if name == "kibana" {
            svc.node_port_type()
        } else {
            svc
        };
        cluster.apply(svc.build().expect("svc")).expect("apply");
    }
    cluster.advance(Duration::from_secs(60));
    let svc: Service = cluster.get("default", "kibana").expect("svc");
    let node_port = svc.spec.ports[0].node_port.expect("nodePort");
    (cluster, format!("http://192.168.49.2:{node_port}/"))
}

#[test]
fn kibana_to_elasticsearch_blocked_by_ingress_then_allowed() {
    let (cluster, url) = kibana_cluster();
    assert_eq!(
        cluster
            .request(Origin::Host, &url)
            .expect("kibana")
            .status(),
        200
    );
    cluster
        .apply_yaml(
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: es-deny-all}\n\
             spec:\n  podSelector: {matchLabels: {app: elasticsearch}}\n  policyTypes: [Ingress]\n",
        )
        .expect("policy");
    let r = cluster.request(Origin::Host, &url).expect("kibana answers");
    assert_eq!(
        (r.status(), r.body()),
        (503, "Kibana server is not ready yet")
    );
    let kibana = r.served_by().expect("pod").to_owned();
    let direct = cluster
        .request(Origin::pod(&kibana), "http://elasticsearch:9200")
        .unwrap_err();
    assert_eq!(direct.kind(), NetErrorKind::Timeout);
    let verdict = direct.policy_verdict().expect("verdict");
    assert!(verdict.egress().is_allowed() && !verdict.ingress().is_allowed());
    let mut transcript = format!("$ request {url}\n{}\n\n", r.trace());
    transcript.push_str(&format!(
        "$ request http://elasticsearch:9200 from {kibana}\n{}\n\n",
        direct.explain()
    ));

    cluster
        .apply_yaml(
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: es-from-kibana}\n\
             spec:\n  podSelector: {matchLabels: {app: elasticsearch}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: kibana}}}]\n    ports: [{port: 9200}]\n",
        )
        .expect("policy");
    let r = cluster.request(Origin::Host, &url).expect("kibana");
    assert_eq!(r.status(), 200);
    assert!(
        r.trace()
            .to_string()
            .contains("downstream: http://elasticsearch:9200 -> 200")
    );
    let es = cluster
        .request(Origin::pod(&kibana), "http://elasticsearch:9200")
        .expect("allowed");
    transcript.push_str(&format!(
        "$ request http://elasticsearch:9200 from {kibana}\n{}\n",
        es.trace()
    ));
    insta::assert_snapshot!("kibana_elasticsearch", transcript);
}

/// A NodePort `web` Service whose pods admit only clients in 203.0.113.0/24, with the
/// given external traffic policy, on a cluster of `nodes` nodes.
fn node_port_cluster(nodes: usize, local: bool) -> (Cluster, Vec<std::net::Ipv4Addr>, u16) {
    let cluster = Cluster::with_config(ClusterConfig::multi_node(nodes).seed(3)).expect("cluster");
    cluster
        .apply(
            Deployment::builder("web")
                .image("nginx")
                .replicas(1)
                .build()
                .expect("d"),
        )
        .expect("apply");
    let policy = if local { "Local" } else { "Cluster" };
    cluster
        .apply_yaml(&format!(
            "apiVersion: v1\nkind: Service\nmetadata: {{name: web}}\nspec:\n  type: NodePort\n  externalTrafficPolicy: {policy}\n  selector: {{app: web}}\n  ports:\n  - {{port: 80, nodePort: 30080}}\n\
             ---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: web-from-partners}}\n\
             spec:\n  podSelector: {{matchLabels: {{app: web}}}}\n  ingress:\n  - from: [{{ipBlock: {{cidr: 203.0.113.0/24, except: [203.0.113.128/25]}}}}]\n",
        ))
        .expect("service and policy");
    cluster.advance(Duration::from_secs(60));
    let ips = cluster.node_ips().into_iter().map(|(_, ip)| ip).collect();
    (cluster, ips, 30080)
}

fn web_node(cluster: &Cluster) -> std::net::Ipv4Addr {
    let pods: Vec<Pod> = cluster.list(Some("default"), "app=web").expect("pods");
    let node = pods[0].spec.node_name.clone().expect("scheduled");
    cluster
        .node_ips()
        .into_iter()
        .find(|(n, _)| *n == node)
        .map(|(_, ip)| ip)
        .expect("node")
}

#[test]
fn ip_block_sees_the_client_with_external_traffic_policy_local() {
    let (cluster, _, port) = node_port_cluster(2, true);
    let node = web_node(&cluster);
    let url = format!("http://{node}:{port}/");
    let partner = cluster
        .request(Origin::external([203, 0, 113, 7]), &url)
        .expect("partner allowed");
    assert_eq!(partner.status(), 200);
    assert!(
        partner
            .trace()
            .to_string()
            .contains("client address 203.0.113.7")
    );
    let excepted = cluster
        .request(Origin::external([203, 0, 113, 200]), &url)
        .unwrap_err();
    assert_eq!(excepted.kind(), NetErrorKind::Timeout);
    let stranger = cluster
        .request(Origin::external([198, 51, 100, 9]), &url)
        .unwrap_err();
    assert!(
        !stranger
            .policy_verdict()
            .expect("verdict")
            .ingress()
            .is_allowed()
    );
    insta::assert_snapshot!(
        "node_port_local",
        format!(
            "$ request {url} from 203.0.113.200\n{}\n\n$ request {url} from 198.51.100.9\n{}",
            excepted.explain(),
            stranger.explain()
        )
    );
}

#[test]
fn ip_block_sees_the_node_with_external_traffic_policy_cluster() {
    let (cluster, ips, port) = node_port_cluster(2, false);
    let pod_node = web_node(&cluster);
    let other = *ips.iter().find(|ip| **ip != pod_node).expect("two nodes");
    // Through the other node: SNATed to that node's address, which the ipBlock does not
    // admit, so even the partner is dropped.
    let url = format!("http://{other}:{port}/");
    let partner = cluster
        .request(Origin::external([203, 0, 113, 7]), &url)
        .unwrap_err();
    assert_eq!(partner.kind(), NetErrorKind::Timeout);
    let verdict = partner.policy_verdict().expect("verdict");
    assert!(!verdict.ingress().is_allowed());
    assert!(
        partner
            .trace()
            .to_string()
            .contains(&format!("client address {other}")),
        "{}",
        partner.trace()
    );
    // Through the pod's own node: SNATed to the pod's node, which NetworkPolicy always
    // admits, so the ipBlock restricts nobody.
    let own = format!("http://{pod_node}:{port}/");
    let stranger = cluster
        .request(Origin::external([198, 51, 100, 9]), &own)
        .expect("own node admitted");
    assert_eq!(stranger.status(), 200);
    insta::assert_snapshot!(
        "node_port_cluster",
        format!(
            "$ request {url} from 203.0.113.7\n{}\n\n$ request {own} from 198.51.100.9\n{}",
            partner.explain(),
            stranger.trace()
        )
    );
}
