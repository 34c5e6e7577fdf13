//! ClusterIP and NodePort allocation through the public `Cluster` API: bands, sharing,
//! explicit requests, the API server's error texts, custom ranges, exhaustion, release on
//! delete, and rejected requests that leave the cluster as it was.

mod common;

use std::collections::BTreeSet;
use std::net::Ipv4Addr;

use kubelite::api::service::ServicePort;
use kubelite::api::{Pod, Resource, Service};
use kubelite::cluster::Ipv4Cidr;
use kubelite::{Cluster, ClusterConfig, Error};

fn node_port_service(name: &str) -> Service {
    Service::builder(name)
        .selector("app", name)
        .port(80)
        .node_port_type()
        .build()
        .expect("valid service")
}

fn with_node_port(name: &str, node_port: i32) -> Service {
    Service::builder(name)
        .selector("app", name)
        .node_port(80, 80, node_port)
        .node_port_type()
        .build()
        .expect("valid service")
}

fn with_cluster_ip(name: &str, ip: &str) -> Service {
    Service::builder(name)
        .selector("app", name)
        .port(80)
        .cluster_ip(ip)
        .build()
        .expect("valid service")
}

fn node_ports(svc: &Service) -> Vec<i32> {
    svc.spec
        .ports
        .iter()
        .map(|p| p.node_port.expect("nodePort allocated"))
        .collect()
}

fn stored(cluster: &Cluster, name: &str) -> Service {
    cluster.get("default", name).expect("service")
}

fn cluster_ip(svc: &Service) -> Ipv4Addr {
    svc.spec
        .cluster_ip
        .as_deref()
        .expect("clusterIP")
        .parse()
        .expect("an IP")
}

/// The error's text and its Status reason and code.
fn api_error(err: Error) -> (String, &'static str, u16) {
    match err {
        Error::Api(e) => (e.to_string(), e.reason(), e.code()),
        other => panic!("expected an API error, got {other:?}"),
    }
}

/// Asserts two YAML dumps are equal, showing the first line where they differ.
fn same_yaml(left: &str, right: &str, what: &str) {
    if left == right {
        return;
    }
    let (l, r): (Vec<&str>, Vec<&str>) = (left.lines().collect(), right.lines().collect());
    let at = l.iter().zip(&r).take_while(|(a, b)| a == b).count();
    let from = at.saturating_sub(8);
    panic!(
        "{what}: dumps differ at line {}\n--- left\n{}\n--- right\n{}",
        at + 1,
        l.get(from..(at + 1).min(l.len()))
            .unwrap_or_default()
            .join("\n"),
        r.get(from..(at + 1).min(r.len()))
            .unwrap_or_default()
            .join("\n"),
    );
}

/// Asserts that `op` fails with `expected` and leaves the cluster byte-for-byte as it was.
fn rejected(
    cluster: &Cluster,
    expected: (&str, &str, u16),
    op: impl FnOnce() -> Result<(), Error>,
) {
    let before = cluster.dump_yaml();
    let err = op().expect_err("the request must be refused");
    let (text, reason, code) = api_error(err);
    assert_eq!((text.as_str(), reason, code), expected);
    same_yaml(
        &cluster.dump_yaml(),
        &before,
        "a refused request changed the cluster",
    );
}

#[test]
fn node_ports_are_allocated_in_the_upper_band() {
    let cluster = Cluster::new();
    let mut seen = BTreeSet::new();
    for i in 0..200 {
        let svc = cluster
            .apply(node_port_service(&format!("svc-{i}")))
            .expect("service");
        let svc = Service::from_object_owned(svc.object).expect("a Service");
        let [np] = node_ports(&svc)[..] else {
            panic!("one port")
        };
        assert!(
            (30086..=32767).contains(&np),
            "{np} outside the dynamic band"
        );
        assert!(seen.insert(np), "{np} handed out twice");
    }
    // ClusterIPs of the same Services: distinct, in the dynamic band of 10.96.0.0/12.
    let svcs: Vec<Service> = cluster.list(Some("default"), "").expect("list");
    let mut ips = BTreeSet::new();
    let dynamic_first = u32::from(Ipv4Addr::new(10, 96, 1, 1));
    let dynamic_last = u32::from(Ipv4Addr::new(10, 111, 255, 254));
    for svc in svcs.iter().filter(|s| s.metadata.name() != "kubernetes") {
        let ip = cluster_ip(svc);
        assert!(
            (dynamic_first..=dynamic_last).contains(&u32::from(ip)),
            "{ip} outside the dynamic band"
        );
        assert!(ips.insert(ip), "{ip} handed out twice");
    }
    assert_eq!(ips.len(), 200);
}

#[test]
fn explicit_node_ports_may_use_the_lower_band() {
    let cluster = Cluster::new();
    cluster.apply(with_node_port("low", 30000)).expect("30000");
    cluster.apply(with_node_port("edge", 30085)).expect("30085");
    cluster.apply(with_node_port("top", 32767)).expect("32767");
    assert_eq!(node_ports(&stored(&cluster, "low")), [30000]);
    assert_eq!(node_ports(&stored(&cluster, "edge")), [30085]);
    assert_eq!(node_ports(&stored(&cluster, "top")), [32767]);
}

#[test]
fn tcp_and_udp_of_one_port_share_a_node_port() {
    let cluster = Cluster::new();
    let dns = Service::builder("dns")
        .selector("app", "dns")
        .service_port(ServicePort::udp(53).named("dns"))
        .service_port(ServicePort::tcp(53).named("dns-tcp"))
        .service_port(ServicePort::tcp(9153).named("metrics"))
        .node_port_type()
        .build()
        .expect("svc");
    cluster.apply(dns).expect("dns");
    let nps = node_ports(&stored(&cluster, "dns"));
    assert_eq!(nps[0], nps[1], "53/UDP and 53/TCP share");
    assert_ne!(nps[0], nps[2], "9153 gets its own");

    // A nodePort requested on either entry is the one both get (upstream's
    // findRequestedNodePort), wherever the request sits.
    for (name, first, second) in [
        ("req-second", None, Some(30053)),
        ("req-first", Some(30054), None),
    ] {
        let mut udp = ServicePort::udp(53).named("dns");
        udp.node_port = first;
        let mut tcp = ServicePort::tcp(53).named("dns-tcp");
        tcp.node_port = second;
        let svc = Service::builder(name)
            .selector("app", "dns")
            .service_port(udp)
            .service_port(tcp)
            .node_port_type()
            .build()
            .expect("svc");
        cluster.apply(svc).expect("create");
        let want = first.or(second).expect("one request");
        assert_eq!(node_ports(&stored(&cluster, name)), [want, want], "{name}");
    }

    // Deleting releases the shared port once and for all.
    cluster
        .delete::<Service>("default", "req-second")
        .expect("delete");
    cluster
        .apply(with_node_port("again", 30053))
        .expect("30053 is free again");
}

#[test]
fn an_explicit_node_port_that_is_taken_is_refused_in_upstream_words() {
    let cluster = Cluster::new();
    cluster
        .apply(with_node_port("first", 30080))
        .expect("first");
    rejected(
        &cluster,
        (
            "The Service \"second\" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated",
            "Invalid",
            422,
        ),
        || cluster.apply(with_node_port("second", 30080)).map(|_| ()),
    );
    // The index in the path is the offending port's.
    let svc = Service::builder("third")
        .selector("app", "x")
        .service_port(ServicePort::tcp(80).named("http").node_port(30081))
        .service_port(ServicePort::tcp(443).named("https").node_port(30080))
        .node_port_type()
        .build()
        .expect("svc");
    rejected(
        &cluster,
        (
            "The Service \"third\" is invalid: spec.ports[1].nodePort: Invalid value: 30080: provided port is already allocated",
            "Invalid",
            422,
        ),
        || cluster.apply(svc).map(|_| ()),
    );
    // The port the refused request would have taken first is still free.
    cluster
        .apply(with_node_port("fourth", 30081))
        .expect("30081");
}

#[test]
fn an_explicit_node_port_out_of_range_is_refused_in_upstream_words() {
    let cluster = Cluster::new();
    for (port, name) in [(8080, "low"), (32768, "high"), (29999, "edge")] {
        rejected(
            &cluster,
            (
                &format!(
                    "The Service \"{name}\" is invalid: spec.ports[0].nodePort: Invalid value: {port}: provided port is not in the valid range. The range of valid ports is 30000-32767"
                ),
                "Invalid",
                422,
            ),
            || cluster.apply(with_node_port(name, port)).map(|_| ()),
        );
    }
}

#[test]
fn a_custom_node_port_range_is_honoured() {
    let cluster = Cluster::with_config(ClusterConfig::minikube().node_port_range(31000, 31009))
        .expect("cluster");
    let mut got = BTreeSet::new();
    for i in 0..5 {
        let svc = cluster
            .apply(node_port_service(&format!("svc-{i}")))
            .expect("service");
        let svc = Service::from_object_owned(svc.object).expect("a Service");
        let np = node_ports(&svc)[0];
        assert!((31000..=31009).contains(&np), "{np}");
        got.insert(np);
    }
    assert_eq!(got.len(), 5);
    rejected(
        &cluster,
        (
            "The Service \"old\" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is not in the valid range. The range of valid ports is 31000-31009",
            "Invalid",
            422,
        ),
        || cluster.apply(with_node_port("old", 30080)).map(|_| ()),
    );
    assert!(
        Cluster::with_config(ClusterConfig::minikube().node_port_range(31000, 30000)).is_err(),
        "a reversed range is a configuration error"
    );
}

#[test]
fn a_small_range_runs_out_with_range_is_full() {
    let cluster = Cluster::with_config(ClusterConfig::minikube().node_port_range(30000, 30002))
        .expect("cluster");
    let mut got = BTreeSet::new();
    for i in 0..3 {
        let svc = cluster
            .apply(node_port_service(&format!("svc-{i}")))
            .expect("room left");
        got.insert(node_ports(&Service::from_object_owned(svc.object).expect("svc"))[0]);
    }
    assert_eq!(got, BTreeSet::from([30000, 30001, 30002]));
    rejected(
        &cluster,
        (
            "Internal error occurred: failed to allocate a nodePort: range is full",
            "InternalError",
            500,
        ),
        || cluster.apply(node_port_service("one-too-many")).map(|_| ()),
    );
    // A ClusterIP Service still fits: it needs no nodePort.
    cluster
        .apply(
            Service::builder("internal")
                .selector("app", "x")
                .port(80)
                .build()
                .expect("svc"),
        )
        .expect("ClusterIP service");

    // Two ports, one free port: refused, and the one it took first is given back.
    cluster
        .delete::<Service>("default", "svc-1")
        .expect("delete");
    let two = Service::builder("two")
        .selector("app", "x")
        .service_port(ServicePort::tcp(80).named("http"))
        .service_port(ServicePort::tcp(443).named("https"))
        .node_port_type()
        .build()
        .expect("svc");
    rejected(
        &cluster,
        (
            "Internal error occurred: failed to allocate a nodePort: range is full",
            "InternalError",
            500,
        ),
        || cluster.apply(two).map(|_| ()),
    );
    let last = cluster
        .apply(node_port_service("last"))
        .expect("the freed port");
    let freed = node_ports(&Service::from_object_owned(last.object).expect("svc"))[0];
    assert!(got.contains(&freed));
}

#[test]
fn explicit_cluster_ips_taken_and_out_of_range() {
    let cluster = Cluster::new();
    cluster
        .apply(with_cluster_ip("static", "10.96.0.50"))
        .expect("static band");
    cluster
        .apply(with_cluster_ip("dynamic", "10.100.0.7"))
        .expect("dynamic band");
    assert_eq!(
        cluster_ip(&stored(&cluster, "static")),
        Ipv4Addr::new(10, 96, 0, 50)
    );
    assert_eq!(
        stored(&cluster, "dynamic").spec.cluster_ips,
        ["10.100.0.7".to_owned()]
    );
    for (name, ip, detail) in [
        ("dup", "10.96.0.50", "provided IP is already allocated"),
        ("dns", "10.96.0.10", "provided IP is already allocated"),
        ("api", "10.96.0.1", "provided IP is already allocated"),
        (
            "far",
            "1.1.1.1",
            "provided IP is not in the valid range. The range of valid IPs is 10.96.0.0/12",
        ),
        (
            "net",
            "10.96.0.0",
            "provided IP is not in the valid range. The range of valid IPs is 10.96.0.0/12",
        ),
        (
            "bcast",
            "10.111.255.255",
            "provided IP is not in the valid range. The range of valid IPs is 10.96.0.0/12",
        ),
    ] {
        rejected(
            &cluster,
            (
                &format!(
                    "The Service \"{name}\" is invalid: spec.clusterIPs: Invalid value: [\"{ip}\"]: failed to allocate IP {ip}: {detail}"
                ),
                "Invalid",
                422,
            ),
            || cluster.apply(with_cluster_ip(name, ip)).map(|_| ()),
        );
    }
    // The last usable address is fine.
    cluster
        .apply(with_cluster_ip("last", "10.111.255.254"))
        .expect("last usable");
}

#[test]
fn a_custom_service_cidr_is_honoured() {
    let cluster = Cluster::with_config(ClusterConfig::minikube().service_cidr("10.0.0.0/24"))
        .expect("cluster");
    let kubernetes = stored(&cluster, "kubernetes");
    assert_eq!(cluster_ip(&kubernetes), Ipv4Addr::new(10, 0, 0, 1));
    let cidr: Ipv4Cidr = "10.0.0.0/24".parse().expect("cidr");
    common::apply_web_service(&cluster);
    let ip = cluster_ip(&stored(&cluster, "web"));
    assert!(cidr.contains(ip), "{ip}");
    // KEP-3070: a /24 has 254 addresses; offset min(max(16, 256/16), 256) = 16, so the
    // dynamic band starts at 10.0.0.17.
    assert!(
        u32::from(ip) >= u32::from(Ipv4Addr::new(10, 0, 0, 17)),
        "{ip}"
    );
    rejected(
        &cluster,
        (
            "The Service \"x\" is invalid: spec.clusterIPs: Invalid value: [\"10.96.0.5\"]: failed to allocate IP 10.96.0.5: provided IP is not in the valid range. The range of valid IPs is 10.0.0.0/24",
            "Invalid",
            422,
        ),
        || cluster.apply(with_cluster_ip("x", "10.96.0.5")).map(|_| ()),
    );
}

#[test]
fn everything_is_released_on_delete() {
    let cluster = Cluster::new();
    let svc = Service::builder("pinned")
        .selector("app", "x")
        .node_port(80, 80, 30080)
        .cluster_ip("10.96.0.50")
        .node_port_type()
        .build()
        .expect("svc");
    cluster.apply(svc.clone()).expect("create");
    cluster
        .delete::<Service>("default", "pinned")
        .expect("delete");
    // Re-creating gets both back.
    cluster.apply(svc).expect("re-create");
    let again = stored(&cluster, "pinned");
    assert_eq!(node_ports(&again), [30080]);
    assert_eq!(cluster_ip(&again), Ipv4Addr::new(10, 96, 0, 50));

    // Auto-allocated values come back too: a one-port range and a re-created Service.
    let cluster = Cluster::with_config(ClusterConfig::minikube().node_port_range(30500, 30500))
        .expect("cluster");
    cluster.apply(node_port_service("a")).expect("a");
    let a = stored(&cluster, "a");
    assert_eq!(node_ports(&a), [30500]);
    let ip = a.spec.cluster_ip.clone().expect("ip");
    assert!(cluster.apply(node_port_service("b")).is_err(), "full");
    cluster.delete::<Service>("default", "a").expect("delete");
    cluster
        .apply(node_port_service("b"))
        .expect("b gets the port back");
    assert_eq!(node_ports(&stored(&cluster, "b")), [30500]);
    // a's ClusterIP is free: an explicit request for it succeeds.
    cluster
        .apply(with_cluster_ip("c", &ip))
        .expect("a's address is free again");
}

#[test]
fn updates_keep_release_and_allocate_as_the_type_changes() {
    let cluster = Cluster::new();
    cluster.apply(node_port_service("web")).expect("create");
    let first = stored(&cluster, "web");
    let np = node_ports(&first)[0];
    // Re-applying the same manifest (no nodePort, no clusterIP) keeps what was allocated.
    let again = cluster.apply(node_port_service("web")).expect("re-apply");
    assert_eq!(again.outcome, kubelite::cluster::Outcome::Unchanged);
    assert_eq!(stored(&cluster, "web"), first);

    // NodePort → ClusterIP gives the nodePort back; the ClusterIP stays.
    let plain = Service::builder("web")
        .selector("app", "web")
        .port(80)
        .build()
        .expect("svc");
    cluster.apply(plain).expect("to ClusterIP");
    let now = stored(&cluster, "web");
    assert_eq!(now.spec.ports[0].node_port, None);
    assert_eq!(now.spec.cluster_ip, first.spec.cluster_ip);
    cluster
        .apply(with_node_port("other", np))
        .expect("the released nodePort is free");

    // ClusterIP → NodePort allocates a new one.
    cluster
        .apply(node_port_service("web"))
        .expect("to NodePort");
    let back = node_ports(&stored(&cluster, "web"))[0];
    assert!((30086..=32767).contains(&back));
    assert_ne!(back, np, "np now belongs to `other`");

    // Changing the ClusterIP is refused.
    let mut moved = stored(&cluster, "web");
    moved.spec.cluster_ip = Some("10.96.0.99".into());
    moved.spec.cluster_ips = vec!["10.96.0.99".into()];
    moved.metadata.resource_version = None;
    let before = cluster.dump_yaml();
    let err = cluster.apply(moved).unwrap_err();
    assert_eq!(
        err.to_string(),
        "The Service \"web\" is invalid: spec.clusterIPs[0]: Invalid value: \"10.96.0.99\": may not change once set"
    );
    same_yaml(
        &cluster.dump_yaml(),
        &before,
        "a refused update changed the cluster",
    );
}

#[test]
fn load_balancers_get_node_ports_unless_told_not_to() {
    let cluster = Cluster::new();
    let lb = Service::builder("lb")
        .selector("app", "x")
        .port(80)
        .load_balancer()
        .build()
        .expect("svc");
    cluster.apply(lb).expect("lb");
    assert!((30086..=32767).contains(&node_ports(&stored(&cluster, "lb"))[0]));
    let mut no_ports = Service::builder("lb-bare")
        .selector("app", "x")
        .port(80)
        .load_balancer()
        .build()
        .expect("svc");
    no_ports.spec.allocate_load_balancer_node_ports = Some(false);
    cluster.apply(no_ports).expect("lb without nodePorts");
    assert_eq!(stored(&cluster, "lb-bare").spec.ports[0].node_port, None);
}

#[test]
fn a_refused_request_leaves_the_cluster_and_its_future_unchanged() {
    // Two clusters with the same seed; one of them sees refused requests first. Afterwards
    // both must allocate exactly the same addresses, ports and names.
    let config = ClusterConfig::minikube()
        .node_port_range(30000, 30009)
        .seed(11);
    let quiet = Cluster::with_config(config.clone()).expect("cluster");
    let noisy = Cluster::with_config(config).expect("cluster");
    for c in [&quiet, &noisy] {
        c.apply(with_node_port("held", 30005)).expect("held");
    }
    let before = noisy.dump_yaml();
    // Auto-allocates a ClusterIP and the first nodePort, then trips over the second.
    let doomed = Service::builder("doomed")
        .selector("app", "x")
        .service_port(ServicePort::tcp(80).named("http"))
        .service_port(ServicePort::tcp(443).named("https").node_port(30005))
        .node_port_type()
        .build()
        .expect("svc");
    assert!(noisy.apply(doomed).is_err());
    assert!(noisy.apply(with_cluster_ip("taken", "10.96.0.10")).is_err());
    // A generated name drawn for an object that is then refused is no draw at all.
    let mut unnamed = Pod::builder("x").image("nginx:1.25").build().expect("pod");
    unnamed.metadata.name = None;
    unnamed.metadata.generate_name = Some("gen-".into());
    unnamed.spec.containers[0].name = "Not_Valid".into();
    assert!(noisy.create(unnamed).is_err());
    let yaml = "\
apiVersion: v1
kind: Service
metadata:
  name: ok
spec:
  type: NodePort
  selector: {app: ok}
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata:
  name: bad
spec:
  type: NodePort
  selector: {app: bad}
  ports: [{port: 80, nodePort: 30005}]
";
    let err = noisy.apply_yaml(yaml).unwrap_err();
    assert_eq!(
        err.to_string(),
        "document 2 (Service \"bad\"): The Service \"bad\" is invalid: spec.ports[0].nodePort: Invalid value: 30005: provided port is already allocated"
    );
    same_yaml(
        &noisy.dump_yaml(),
        &before,
        "refused requests changed the cluster",
    );
    for c in [&quiet, &noisy] {
        for i in 0..4 {
            c.apply(node_port_service(&format!("after-{i}")))
                .expect("service");
        }
        let mut unnamed = Pod::builder("x").image("nginx:1.25").build().expect("pod");
        unnamed.metadata.name = None;
        unnamed.metadata.generate_name = Some("gen-".into());
        c.create(unnamed).expect("generated name");
    }
    same_yaml(
        &noisy.dump_yaml(),
        &quiet.dump_yaml(),
        "refused requests changed later allocations",
    );
}

#[test]
fn an_update_keeps_node_ports_by_port_name() {
    // As upstream's patchAllocatedValues: an update that omits a nodePort gets the one the
    // port of the same name had, even when its number changed.
    let cluster = Cluster::new();
    cluster.apply(node_port_service("web")).expect("create");
    let np = node_ports(&stored(&cluster, "web"))[0];
    let renumbered = Service::builder("web")
        .selector("app", "web")
        .port(8080)
        .node_port_type()
        .build()
        .expect("svc");
    cluster.apply(renumbered).expect("renumber");
    assert_eq!(node_ports(&stored(&cluster, "web")), [np]);

    let two = |http: i32| {
        Service::builder("multi")
            .selector("app", "web")
            .service_port(ServicePort::tcp(http).named("http"))
            .service_port(ServicePort::tcp(9100).named("metrics"))
            .node_port_type()
            .build()
            .expect("svc")
    };
    cluster.apply(two(80)).expect("create");
    let before = node_ports(&stored(&cluster, "multi"));
    cluster.apply(two(8080)).expect("renumber http");
    assert_eq!(node_ports(&stored(&cluster, "multi")), before);

    // A renamed port is a new port: it gets a new nodePort and the old one is released.
    let renamed = Service::builder("multi")
        .selector("app", "web")
        .service_port(ServicePort::tcp(8080).named("web"))
        .service_port(ServicePort::tcp(9100).named("metrics"))
        .node_port_type()
        .build()
        .expect("svc");
    cluster.apply(renamed).expect("rename");
    let after = node_ports(&stored(&cluster, "multi"));
    assert_eq!(after[1], before[1]);
    assert_ne!(after[0], before[0]);
    cluster
        .apply(with_node_port("reuse", before[0]))
        .expect("the renamed port's old nodePort is free");

    // An old value the update gives explicitly to another port is not patched in twice.
    let swapped = Service::builder("multi")
        .selector("app", "web")
        .service_port(ServicePort::tcp(8080).named("web"))
        .service_port(ServicePort::tcp(9100).named("metrics"))
        .service_port(ServicePort::tcp(9200).named("admin").node_port(after[1]))
        .node_port_type()
        .build()
        .expect("svc");
    cluster
        .apply(swapped)
        .expect("move metrics' nodePort to admin");
    let moved = node_ports(&stored(&cluster, "multi"));
    assert_eq!(moved[0], after[0]);
    assert_eq!(moved[2], after[1]);
    assert_ne!(moved[1], after[1]);
}

#[test]
fn only_the_first_node_port_that_cannot_be_had_is_reported() {
    // Upstream's initNodePorts stops at the first port it cannot allocate.
    let cluster = Cluster::new();
    cluster
        .apply(with_node_port("holder", 30080))
        .expect("holder");
    let svc = Service::builder("both")
        .selector("app", "x")
        .service_port(ServicePort::tcp(80).named("http").node_port(8080))
        .service_port(ServicePort::tcp(443).named("https").node_port(30080))
        .node_port_type()
        .build()
        .expect("svc");
    rejected(
        &cluster,
        (
            "The Service \"both\" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767",
            "Invalid",
            422,
        ),
        || cluster.apply(svc).map(|_| ()),
    );
}

/// A LoadBalancer Service with `externalTrafficPolicy: Local`, no healthCheckNodePort given.
fn local_load_balancer(name: &str) -> Service {
    Service::builder(name)
        .selector("app", name)
        .port(80)
        .load_balancer()
        .external_traffic_policy_local()
        .build()
        .expect("the builder leaves healthCheckNodePort to the server")
}

fn health_check_port(svc: &Service) -> Option<i32> {
    svc.spec.health_check_node_port
}

#[test]
fn a_local_load_balancer_gets_its_health_check_port_before_validation() {
    let cluster = Cluster::new();
    // Validation requires the field; the server allocates it first, as upstream's
    // BeginCreate does, so the request is accepted.
    cluster.apply(local_load_balancer("lb")).expect("accepted");
    let lb = stored(&cluster, "lb");
    let hc = health_check_port(&lb).expect("allocated");
    assert!(
        (30000..=32767).contains(&hc),
        "{hc} is in the NodePort range"
    );
    assert!(
        !node_ports(&lb).contains(&hc),
        "distinct from the nodePorts"
    );
    // The same from a manifest, as `kubectl apply -f` sends it.
    cluster
        .apply_yaml(
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: from-yaml\nspec:\n  type: LoadBalancer\n  externalTrafficPolicy: Local\n  selector:\n    app: x\n  ports:\n  - port: 80\n",
        )
        .expect("accepted from YAML");
    assert!(health_check_port(&stored(&cluster, "from-yaml")).is_some());
    // Re-applying the same manifest keeps the port: nothing changes.
    let again = cluster.apply(local_load_balancer("lb")).expect("re-apply");
    assert_eq!(again.outcome, kubelite::cluster::Outcome::Unchanged);
    assert_eq!(health_check_port(&stored(&cluster, "lb")), Some(hc));
    // The port is taken: another Service cannot have it as a nodePort.
    rejected(
        &cluster,
        (
            &format!(
                "The Service \"other\" is invalid: spec.ports[0].nodePort: Invalid value: {hc}: provided port is already allocated"
            ),
            "Invalid",
            422,
        ),
        || cluster.apply(with_node_port("other", hc)).map(|_| ()),
    );
}

#[test]
fn a_requested_health_check_port_is_reserved_or_refused() {
    let cluster = Cluster::new();
    let mut lb = local_load_balancer("lb");
    lb.spec.health_check_node_port = Some(30600);
    cluster.apply(lb).expect("requested port");
    assert_eq!(health_check_port(&stored(&cluster, "lb")), Some(30600));
    assert!(
        cluster.apply(with_node_port("other", 30600)).is_err(),
        "reserved"
    );
    let mut second = local_load_balancer("second");
    second.spec.health_check_node_port = Some(30600);
    rejected(
        &cluster,
        (
            "Internal error occurred: failed to allocate requested HealthCheck NodePort 30600: provided port is already allocated",
            "InternalError",
            500,
        ),
        || cluster.apply(second).map(|_| ()),
    );
}

#[test]
fn health_check_ports_are_released_on_delete_type_change_and_refusal() {
    // Two ports in all: a Local LoadBalancer takes both (its nodePort and health check).
    let range = ClusterConfig::minikube().node_port_range(30500, 30501);
    let cluster = Cluster::with_config(range).expect("cluster");
    cluster.apply(local_load_balancer("lb")).expect("lb");
    let lb = stored(&cluster, "lb");
    let mut taken: Vec<i32> = node_ports(&lb);
    taken.extend(health_check_port(&lb));
    taken.sort_unstable();
    assert_eq!(taken, [30500, 30501]);
    assert!(cluster.apply(node_port_service("full")).is_err(), "full");

    // Local → Cluster gives the health-check port back and clears the field.
    let mut cluster_policy = local_load_balancer("lb");
    cluster_policy.spec.external_traffic_policy = Some("Cluster".into());
    cluster.apply(cluster_policy).expect("to Cluster");
    assert_eq!(health_check_port(&stored(&cluster, "lb")), None);
    let hc = lb.spec.health_check_node_port.expect("had one");
    cluster
        .apply(with_node_port("takes-it", hc))
        .expect("the health-check port is free again");
    cluster
        .delete::<Service>("default", "takes-it")
        .expect("delete");

    // Cluster → Local allocates one again.
    cluster.apply(local_load_balancer("lb")).expect("to Local");
    assert!(health_check_port(&stored(&cluster, "lb")).is_some());

    // Delete gives both back.
    cluster.delete::<Service>("default", "lb").expect("delete");
    cluster.apply(node_port_service("a")).expect("a");
    cluster.apply(node_port_service("b")).expect("b");
    cluster.delete::<Service>("default", "a").expect("delete");
    cluster.delete::<Service>("default", "b").expect("delete");

    // A request refused by validation after the allocation gives the port back.
    let mut bad = local_load_balancer("bad");
    bad.spec.session_affinity = Some("Sticky".into());
    let err = cluster.apply(bad).expect_err("invalid sessionAffinity");
    assert!(err.to_string().contains("spec.sessionAffinity"), "{err}");
    assert!(!err.to_string().contains("healthCheckNodePort"), "{err}");
    cluster
        .apply(local_load_balancer("lb"))
        .expect("both ports still free");
}
