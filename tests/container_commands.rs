//! The tools a learner runs inside a pod (busybox-curl) and on the host, with their output.

use std::time::Duration;

use kubelite::api::{Deployment, Namespace, Pod, Service};
use kubelite::exec::{self, Output, Target};
use kubelite::{Cluster, ClusterConfig};

/// The tutorial's cluster: two echo pods behind `echo-service`, a busybox-curl client in
/// `default` and another in namespace `other`.
fn cluster_with(config: ClusterConfig) -> Cluster {
    let cluster = Cluster::with_config(config).expect("cluster");
    let echo = Deployment::builder("echo-minikube")
        .image("k8s.gcr.io/echoserver:1.4")
        .replicas(2)
        .build()
        .expect("deployment");
    cluster.apply(echo).expect("apply");
    let svc = Service::builder("echo-service")
        .selector("app", "echo-minikube")
        .port(8080)
        .build()
        .expect("svc");
    cluster.apply(svc).expect("apply");
    cluster
        .apply(Namespace::builder("other").build().expect("ns"))
        .expect("apply");
    for ns in ["default", "other"] {
        let pod = Pod::builder("busybox")
            .namespace(ns)
            .image("yauritux/busybox-curl")
            .build()
            .expect("pod");
        cluster.apply(pod).expect("apply");
    }
    cluster.advance(Duration::from_secs(60));
    cluster
}

fn cluster() -> Cluster {
    cluster_with(ClusterConfig::minikube())
}

fn in_pod(cluster: &Cluster, ns: &str, line: &str) -> Output {
    let argv: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
    let target = Target::Pod {
        namespace: ns.into(),
        name: "busybox".into(),
    };
    exec::run(cluster, &target, &argv, "")
}

fn on_host(cluster: &Cluster, line: &str) -> Output {
    let argv: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
    exec::run(cluster, &Target::Host, &argv, "")
}

fn render(prompt: &str, line: &str, out: &Output) -> String {
    let shown = out
        .interleaved
        .clone()
        .unwrap_or_else(|| format!("{}{}", out.stdout, out.stderr));
    format!("{prompt}{line}\n{shown}[exit {}]\n\n", out.status)
}

#[test]
fn nslookup_found_nxdomain_and_other_namespace() {
    let cluster = cluster();
    let mut transcript = String::new();
    for (ns, line) in [
        ("default", "nslookup echo-service"),
        ("default", "nslookup echo-service.default.svc.cluster.local"),
        ("default", "nslookup no-such-service"),
        ("other", "nslookup echo-service"),
        ("other", "nslookup echo-service.default"),
        ("default", "nslookup kubernetes.default"),
    ] {
        let out = in_pod(&cluster, ns, line);
        transcript.push_str(&render(&format!("[{ns}] / # "), line, &out));
    }
    let found = in_pod(&cluster, "default", "nslookup echo-service");
    assert_eq!(found.status, 0);
    assert!(
        found
            .stdout
            .contains("echo-service.default.svc.cluster.local")
    );
    assert_eq!(in_pod(&cluster, "other", "nslookup echo-service").status, 1);
    insta::assert_snapshot!(transcript);
}

#[test]
fn curl_verbose_to_a_service() {
    let cluster = cluster();
    let out = in_pod(
        &cluster,
        "default",
        "curl -v http://echo-service:8080/hello?x=1",
    );
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stdout.contains("real path=/hello"), "{}", out.stdout);
    assert!(out.stderr.contains("< HTTP/1.1 200 OK"), "{}", out.stderr);
    insta::assert_snapshot!(render(
        "/ # ",
        "curl -v http://echo-service:8080/hello?x=1",
        &out
    ));
}

#[test]
fn curl_failures_have_curls_exit_codes() {
    let cluster = cluster();
    let cases = [
        ("default", "curl http://no-such-service:8080", 6),
        ("default", "curl -m 3 http://echo-service:9999", 28),
        ("default", "curl -s http://no-such-service:8080", 6),
        ("default", "curl --bogus http://echo-service:8080", 2),
        ("default", "curl", 2),
    ];
    let mut transcript = String::new();
    for (ns, line, code) in cases {
        let out = in_pod(&cluster, ns, line);
        assert_eq!(out.status, code, "{line}: {}", out.stderr);
        transcript.push_str(&render("/ # ", line, &out));
    }
    // `-s` silences the error message, not the exit status.
    assert!(
        in_pod(&cluster, "default", "curl -s http://no-such-service:8080")
            .stderr
            .is_empty()
    );
    insta::assert_snapshot!(transcript);
}

#[test]
fn a_timeout_takes_virtual_time() {
    let cluster = cluster();
    let before = cluster.elapsed();
    in_pod(&cluster, "default", "curl -m 5 http://echo-service:9999");
    assert_eq!(cluster.elapsed() - before, Duration::from_secs(5));
}

#[test]
fn ping_a_cluster_ip_gets_no_reply_under_iptables_but_does_under_ipvs() {
    let cluster = cluster();
    let out = in_pod(&cluster, "default", "ping -c 3 echo-service");
    assert_eq!(out.status, 1);
    assert!(
        out.stdout
            .contains("3 packets transmitted, 0 packets received, 100% packet loss")
    );
    let mut transcript = render("/ # ", "ping -c 3 echo-service", &out);

    let pod_ip = cluster
        .list::<Pod>(Some("default"), "app=echo-minikube")
        .expect("pods")[0]
        .status
        .pod_ip
        .clone()
        .expect("ip");
    let line = format!("ping -c 2 {pod_ip}");
    let out = in_pod(&cluster, "default", &line);
    assert_eq!(out.status, 0);
    transcript.push_str(&render("/ # ", &line, &out));
    let out = on_host(&cluster, "ping -c 2 192.168.49.2");
    assert_eq!(out.status, 0);
    transcript.push_str(&render("$ ", "ping -c 2 192.168.49.2", &out));
    insta::assert_snapshot!(transcript);

    let ipvs = cluster_with(
        ClusterConfig::minikube().proxy_mode(kubelite::net::ProxyMode::Ipvs(Default::default())),
    );
    assert_eq!(in_pod(&ipvs, "default", "ping -c 1 echo-service").status, 0);
}

#[test]
fn wget_and_files_in_a_pod() {
    let cluster = cluster();
    let out = in_pod(&cluster, "default", "wget -qO- http://echo-service:8080");
    assert_eq!(out.status, 0);
    assert!(out.stdout.contains("CLIENT VALUES:"));
    let mut transcript = String::new();
    for line in [
        "cat /etc/resolv.conf",
        "cat /etc/hosts",
        "hostname",
        "wget -qO- http://no-such-service",
        "nonsense --flag",
    ] {
        transcript.push_str(&render("/ # ", line, &in_pod(&cluster, "default", line)));
    }
    assert_eq!(in_pod(&cluster, "default", "nonsense").status, 127);
    insta::assert_snapshot!(transcript);
}

#[test]
fn the_environment_has_service_links_of_services_older_than_the_pod() {
    let cluster = cluster();
    let env = in_pod(&cluster, "default", "env").stdout;
    assert!(env.contains("ECHO_SERVICE_SERVICE_HOST=10."), "{env}");
    assert!(env.contains("ECHO_SERVICE_SERVICE_PORT=8080\n"), "{env}");
    assert!(env.contains("KUBERNETES_SERVICE_HOST=10.96.0.1\n"), "{env}");
    assert!(env.contains("HOSTNAME=busybox\n"), "{env}");
    let late = Service::builder("late")
        .selector("app", "x")
        .port(80)
        .build()
        .expect("svc");
    cluster.advance(Duration::from_secs(1));
    cluster.apply(late).expect("apply");
    assert!(
        !in_pod(&cluster, "default", "env")
            .stdout
            .contains("LATE_SERVICE_HOST")
    );
}

#[test]
fn from_the_host_only_node_ports_answer() {
    let cluster = cluster();
    let out = on_host(&cluster, "curl http://echo-service:8080");
    assert_eq!(out.status, 6);
    assert_eq!(
        out.stderr,
        "curl: (6) Could not resolve host: echo-service\n"
    );
}

#[test]
fn kubectl_exec_runs_the_tools_in_the_pod() {
    let cluster = cluster();
    let out = cluster
        .kubectl("exec busybox -- nslookup echo-service")
        .expect("exec");
    assert!(out.contains("Name:      echo-service\n"), "{out}");
    let err = cluster
        .kubectl("exec busybox -- nslookup nope")
        .expect_err("NXDOMAIN");
    assert_eq!(err.exit_code, 1);
    assert_eq!(err.stdout.lines().next(), Some("Server:    10.96.0.10"));
    assert!(
        err.to_string()
            .ends_with("command terminated with exit code 1"),
        "{err}"
    );
    let err = cluster
        .kubectl("exec -n other busybox -- curl -m 2 http://echo-service:9")
        .expect_err("no such service in other");
    assert_eq!(err.exit_code, 6);
    assert_eq!(
        cluster
            .kubectl("exec nope -- ls")
            .expect_err("no pod")
            .to_string(),
        "Error from server (NotFound): pods \"nope\" not found"
    );
}
