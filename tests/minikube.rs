//! `minikube` against the in-memory cluster: every answer as minikube prints it.

use std::time::Duration;

use kubelite::Cluster;
use kubelite::api::{Deployment, Service};

/// The tutorial's kibana, exposed as a NodePort, plus a ClusterIP echo Service and a
/// LoadBalancer, with the pods running.
fn cluster() -> Cluster {
    let cluster = Cluster::new();
    for (name, image, port) in [
        ("kibana", "kibana:7.6.1", 5601),
        ("echo-minikube", "k8s.gcr.io/echoserver:1.4", 8080),
    ] {
        let d = Deployment::builder(name)
            .image(image)
            .build()
            .expect("deployment");
        cluster.apply(d).expect("apply deployment");
        let mut svc = Service::builder(name).selector("app", name).port(port);
        if name == "kibana" {
            svc = svc.node_port_type();
        }
        cluster
            .apply(svc.build().expect("service"))
            .expect("apply service");
    }
    let lb = Service::builder("shop")
        .selector("app", "kibana")
        .named_port("http", 80, 5601)
        .load_balancer()
        .build()
        .expect("lb");
    cluster.apply(lb).expect("apply lb");
    cluster.advance(Duration::from_secs(60));
    cluster
}

fn node_port(cluster: &Cluster, name: &str) -> i32 {
    let svc: Service = cluster.get("default", name).expect("service");
    svc.spec.ports[0].node_port.expect("node port")
}

#[test]
fn ip_prints_the_node_address() {
    let cluster =
        Cluster::with_config(kubelite::ClusterConfig::minikube().nodes(2)).expect("cluster");
    assert_eq!(cluster.minikube("ip").expect("ip"), "192.168.49.2\n");
    assert_eq!(
        cluster.minikube("ip -n minikube-m02").expect("ip"),
        "192.168.49.3\n"
    );
    let err = cluster
        .minikube("ip --node nope")
        .expect_err("no such node");
    assert_eq!(err.exit_code(), 80);
    assert!(
        err.to_string().contains("Could not find node nope"),
        "{err}"
    );
}

#[test]
fn service_url_is_the_node_ip_and_node_port() {
    let cluster = cluster();
    let port = node_port(&cluster, "kibana");
    assert!((30000..=32767).contains(&port));
    assert_eq!(
        cluster.minikube("service kibana --url").expect("url"),
        format!("http://192.168.49.2:{port}\n")
    );
    assert_eq!(
        cluster
            .minikube("service --url kibana --https")
            .expect("url"),
        format!("https://192.168.49.2:{port}\n")
    );
}

#[test]
fn outputs_of_each_service_type() {
    let cluster = cluster();
    let mut transcript = String::new();
    for args in [
        "service kibana",
        "service kibana --url",
        "service shop",
        "service echo-minikube",
        "service echo-minikube --url",
        "service list",
        "service nope",
        "service",
        "tunnel",
        "service list -n default",
        "status",
        "version",
        "dashbord",
    ] {
        let words: Vec<String> = args.split_whitespace().map(str::to_owned).collect();
        let out = cluster.minikube_output(&words);
        transcript.push_str(&format!(
            "$ minikube {args}\n{}{}[exit {}]\n\n",
            out.stdout, out.stderr, out.exit_code
        ));
    }
    insta::assert_snapshot!(transcript);
}

#[test]
fn a_service_without_running_pods_is_unreachable() {
    let cluster = Cluster::new();
    let svc = Service::builder("lonely")
        .selector("app", "nothing")
        .port(80)
        .node_port_type()
        .build()
        .expect("svc");
    cluster.apply(svc).expect("apply");
    let err = cluster
        .minikube("service lonely --url")
        .expect_err("no pods");
    assert_eq!(err.exit_code(), 113);
    assert_eq!(
        err.to_string(),
        "\n❌  Exiting due to SVC_UNREACHABLE: service not available: no running pod for service lonely found\n\n"
    );
}

#[test]
fn tunnel_gives_load_balancers_their_cluster_ip() {
    let cluster = cluster();
    let before: Service = cluster.get("default", "shop").expect("svc");
    assert!(
        before
            .status
            .is_none_or(|s| s.load_balancer.is_none_or(|l| l.ingress.is_empty()))
    );
    cluster.minikube("tunnel").expect("tunnel");
    let after: Service = cluster.get("default", "shop").expect("svc");
    let ingress = &after
        .status
        .expect("status")
        .load_balancer
        .expect("lb")
        .ingress;
    assert_eq!(ingress[0].ip, after.spec.cluster_ip);
}
