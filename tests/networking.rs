//! The tutorial's networking scenarios end to end, and every failure mode with a snapshot
//! of its explanation.

use std::collections::BTreeMap;
use std::time::Duration;

use kubelite::Cluster;
use kubelite::api::{Deployment, Namespace, Pod, Service};
use kubelite::net::balancer::RoundRobin;
use kubelite::net::{NetErrorKind, Origin};

fn tutorial(seed: u64) -> Cluster {
    let cluster = kubelite::cluster! {
        config { seed: seed }
        namespace default {
            deployment echo-minikube { image: "k8s.gcr.io/echoserver:1.4", replicas: 2 }
            service echo-service { selector: { app: echo-minikube }, ports: [8080 => 8080] }
            pod busybox { image: "yauritux/busybox-curl" }
        }
    };
    cluster.advance(Duration::from_secs(60));
    cluster
}

fn pod_ip(cluster: &Cluster, ns: &str, name: &str) -> String {
    cluster
        .get::<Pod>(ns, name)
        .expect("pod")
        .status
        .pod_ip
        .expect("ip")
}

fn spread(cluster: &Cluster, n: usize) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for _ in 0..n {
        let r = cluster
            .request(Origin::pod("default/busybox"), "http://echo-service:8080")
            .expect("response");
        *counts
            .entry(r.served_by().expect("pod").to_owned())
            .or_default() += 1;
    }
    counts
}

#[test]
fn round_robin_splits_exactly_and_bodies_show_the_client() {
    let cluster = tutorial(1);
    cluster.set_balancer("default/echo-service", RoundRobin::new());
    let counts = spread(&cluster, 100);
    assert_eq!(counts.values().copied().collect::<Vec<_>>(), [50, 50]);
    let client = pod_ip(&cluster, "default", "busybox");
    let r = cluster
        .request(Origin::pod("default/busybox"), "http://echo-service:8080")
        .expect("response");
    assert!(r.body().contains(&format!("client_address={client}\n")));
    for pod in counts.keys() {
        let log = cluster.logs(pod).expect("logs");
        assert!(log.lines().count() >= 50, "{pod}: {log}");
        assert!(
            log.lines().all(|l| l.starts_with(&format!(
                "{client} - - [03/Apr/2020:10:01:00 +0000] \"GET / HTTP/1.1\" 200 "
            ))),
            "{log}"
        );
    }
}

#[test]
fn random_default_reaches_both_pods() {
    let counts = spread(&tutorial(7), 100);
    assert_eq!(counts.len(), 2);
    assert!(counts.values().all(|c| *c >= 30), "{counts:?}");
}

#[test]
fn echoserver_layout() {
    let cluster = tutorial(1);
    let r = cluster
        .request(Origin::pod("default/busybox"), "http://echo-service:8080")
        .expect("response");
    let client = pod_ip(&cluster, "default", "busybox");
    let expected = format!(
        "CLIENT VALUES:\nclient_address={client}\ncommand=GET\nreal path=/\nquery=nil\nrequest_version=1.1\nrequest_uri=http://echo-service:8080/\n\nSERVER VALUES:\nserver_version=nginx: 1.10.0 - lua: 10001\n\nHEADERS RECEIVED:\naccept=*/*\nhost=echo-service:8080\nuser-agent=curl/7.81.0\nBODY:\n-no body in request-"
    );
    assert_eq!(r.body(), expected);
    insta::assert_snapshot!(
        "echo_trace",
        r.trace().to_string().replace(&client, "CLIENT")
    );
}

#[test]
fn names_resolve_from_default_and_other_namespaces() {
    let cluster = tutorial(1);
    for name in [
        "echo-service",
        "echo-service.default",
        "echo-service.default.svc.cluster.local",
    ] {
        let r = cluster.request(
            Origin::pod("default/busybox"),
            &format!("http://{name}:8080/"),
        );
        assert_eq!(r.expect(name).status(), 200);
    }
    cluster
        .apply(Namespace::builder("other").build().expect("ns"))
        .expect("ns");
    cluster
        .apply(
            Pod::builder("client")
                .namespace("other")
                .image("busybox")
                .build()
                .expect("pod"),
        )
        .expect("pod");
    cluster.advance(Duration::from_secs(10));
    let err = cluster
        .request(Origin::pod("other/client"), "http://echo-service:8080")
        .expect_err("short name from other namespace");
    assert_eq!(err.kind(), NetErrorKind::CouldNotResolve);
    assert_eq!(err.curl_exit_code(), 6);
    assert!(
        err.suggestion()
            .is_some_and(|h| h.contains("use echo-service.default"))
    );
    insta::assert_snapshot!("nxdomain_other_namespace", err.explain());
    let ok = cluster.request(
        Origin::pod("other/client"),
        "http://echo-service.default:8080",
    );
    assert_eq!(ok.expect("qualified").status(), 200);
    let lookup = cluster
        .resolve(Origin::pod("other/client"), "echo-service.default")
        .expect("lookup");
    assert_eq!(
        lookup.answered_name(),
        "echo-service.default.svc.cluster.local"
    );
    assert_eq!(lookup.attempts().len(), 2, "{lookup:?}");
}

#[test]
fn the_host_reaches_neither_the_name_nor_the_cluster_ip() {
    let cluster = tutorial(1);
    let err = cluster
        .request(Origin::Host, "http://echo-service:8080")
        .expect_err("name");
    assert_eq!(err.kind(), NetErrorKind::CouldNotResolve);
    insta::assert_snapshot!("host_service_name", err.explain());
    let ip = cluster
        .get::<Service>("default", "echo-service")
        .expect("svc")
        .spec
        .cluster_ip
        .expect("ip");
    let err = cluster
        .request(Origin::Host, &format!("http://{ip}:8080"))
        .expect_err("clusterip");
    assert_eq!(err.kind(), NetErrorKind::Timeout);
    assert_eq!(err.curl_exit_code(), 28);
    insta::assert_snapshot!("host_cluster_ip", err.explain().replace(&ip, "CLUSTER-IP"));
}

#[test]
fn kibana_nodeport_then_elasticsearch() {
    let cluster = kubelite::cluster! {
        namespace default {
            deployment kibana { image: "kibana:7.6.1" }
            service kibana: NodePort { selector: { app: kibana }, ports: [5601] }
        }
    };
    cluster.advance(Duration::from_secs(60));
    let svc: Service = cluster.get("default", "kibana").expect("svc");
    let node_port = svc.spec.ports[0].node_port.expect("nodePort");
    let url = format!("http://192.168.49.2:{node_port}/");
    let r = cluster.request(Origin::Host, &url).expect("kibana");
    assert_eq!(
        (r.status(), r.body()),
        (503, "Kibana server is not ready yet")
    );
    cluster
        .apply(
            Deployment::builder("elasticsearch")
                .image("elasticsearch:7.6.1")
                .build()
                .expect("d"),
        )
        .expect("apply");
    cluster
        .apply(
            Service::builder("elasticsearch")
                .selector("app", "elasticsearch")
                .port(9200)
                .build()
                .expect("svc"),
        )
        .expect("apply");
    cluster.advance(Duration::from_secs(60));
    let r = cluster.request(Origin::Host, &url).expect("kibana");
    assert_eq!(r.status(), 200);
    assert!(
        r.trace()
            .to_string()
            .contains("downstream: http://elasticsearch:9200 -> 200"),
        "{}",
        r.trace()
    );
    let kibana_pod = r.served_by().expect("pod").to_owned();
    assert!(
        cluster
            .logs(&kibana_pod)
            .expect("logs")
            .contains("\"statusCode\":200")
    );
}

#[test]
fn session_affinity_sticks_until_the_timeout() {
    let cluster = tutorial(3);
    let mut svc: Service = cluster.get("default", "echo-service").expect("svc");
    svc.spec.session_affinity = Some("ClientIP".into());
    svc.spec.session_affinity_config = Some(kubelite::api::service::SessionAffinityConfig {
        client_ip: Some(kubelite::api::service::ClientIpConfig {
            timeout_seconds: Some(60),
        }),
    });
    svc.metadata.resource_version = None;
    cluster.apply(svc).expect("update");
    let first = spread(&cluster, 50);
    assert_eq!(first.len(), 1, "{first:?}");
    // Past the timeout the client may move: across many timeouts it reaches both pods.
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..20 {
        cluster.advance(Duration::from_secs(61));
        seen.extend(spread(&cluster, 1).into_keys());
    }
    assert_eq!(seen.len(), 2);
}

#[test]
fn no_endpoints_is_refused_with_the_reason() {
    let cluster = tutorial(1);
    cluster
        .apply(
            Service::builder("typo")
                .selector("app", "echo-minikub")
                .port(8080)
                .build()
                .expect("svc"),
        )
        .expect("apply");
    let err = cluster
        .request(Origin::pod("default/busybox"), "http://typo:8080")
        .expect_err("no endpoints");
    assert_eq!(err.kind(), NetErrorKind::ConnectionRefused);
    assert_eq!(err.curl_exit_code(), 7);
    assert!(
        err.suggestion()
            .is_some_and(|h| h.contains("app=echo-minikube"))
    );
    insta::assert_snapshot!("selector_matches_nothing", redact(&cluster, err.explain()));
}

#[test]
fn pods_not_ready_are_explained() {
    let cluster = tutorial(1);
    for p in cluster
        .list::<Pod>(Some("default"), "app=echo-minikube")
        .expect("pods")
    {
        cluster
            .set_pod_ready(&format!("default/{}", p.metadata.name()), false)
            .expect("ready");
    }
    let err = cluster
        .request(Origin::pod("default/busybox"), "http://echo-service:8080")
        .expect_err("not ready");
    assert_eq!(err.kind(), NetErrorKind::ConnectionRefused);
    assert!(err.message().contains("none is ready"));
    insta::assert_snapshot!("pods_not_ready", redact(&cluster, err.explain()));
}

#[test]
fn undefined_port_times_out_and_wrong_target_port_is_refused() {
    let cluster = tutorial(1);
    let err = cluster
        .request(Origin::pod("default/busybox"), "http://echo-service:80")
        .expect_err("port");
    assert_eq!(err.kind(), NetErrorKind::Timeout);
    insta::assert_snapshot!("undefined_service_port", redact(&cluster, err.explain()));
    cluster
        .apply(
            Service::builder("wrong")
                .selector("app", "echo-minikube")
                .port_to(8080, 9090)
                .build()
                .expect("svc"),
        )
        .expect("apply");
    let err = cluster
        .request(Origin::pod("default/busybox"), "http://wrong:8080")
        .expect_err("targetPort");
    assert_eq!(err.kind(), NetErrorKind::ConnectionRefused);
    assert!(
        err.suggestion()
            .is_some_and(|h| h.contains("8080 (echoserver)"))
    );
    insta::assert_snapshot!("target_port_not_declared", redact(&cluster, err.explain()));
}

#[test]
fn resolv_conf_and_hosts() {
    let cluster = tutorial(1);
    insta::assert_snapshot!(
        "resolv_conf",
        cluster.resolv_conf("default/busybox").expect("resolv")
    );
    let hosts = cluster.etc_hosts("default/busybox").expect("hosts");
    assert!(hosts.ends_with(&format!(
        "{}\tbusybox\n",
        pod_ip(&cluster, "default", "busybox")
    )));
}

#[test]
fn load_balancer_pending_until_tunnel() {
    let cluster = tutorial(1);
    cluster
        .apply(
            Service::builder("lb")
                .selector("app", "echo-minikube")
                .port(8080)
                .load_balancer()
                .build()
                .expect("svc"),
        )
        .expect("apply");
    let svc: Service = cluster.get("default", "lb").expect("svc");
    let ip = svc.spec.cluster_ip.expect("ip");
    assert_eq!(
        cluster
            .request(Origin::Host, &format!("http://{ip}:8080"))
            .expect_err("pending")
            .kind(),
        NetErrorKind::Timeout
    );
    let assigned = cluster.tunnel().expect("tunnel");
    assert_eq!(
        assigned,
        vec![("default/lb".to_owned(), ip.parse().expect("ip"))]
    );
    let r = cluster
        .request(Origin::Host, &format!("http://{ip}:8080"))
        .expect("through the tunnel");
    assert_eq!(r.status(), 200);
}

/// Pod names and addresses vary with the seed's draws; snapshots keep the shape.
fn redact(cluster: &Cluster, mut text: String) -> String {
    let mut pods = cluster.list::<Pod>(Some("default"), "").expect("pods");
    pods.sort_by_key(|p| std::cmp::Reverse(p.metadata.name().len()));
    for (i, p) in pods.iter().enumerate() {
        if let Some(ip) = &p.status.pod_ip {
            text = text.replace(ip, &format!("POD{i}-IP"));
        }
        text = text.replace(p.metadata.name(), &format!("POD{i}"));
    }
    text
}
