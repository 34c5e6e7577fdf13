//! The EndpointSlice and Endpoints controllers through the public `Cluster` API: named
//! target ports, readiness, publishNotReadyAddresses, multi-port Services, selector-less
//! Services, namespaces, terminating pods, slice splitting and headless labels.

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use kubelite::api::endpointslice::{AddressType, Endpoint, EndpointPort};
use kubelite::api::pod::{Container, ContainerPort, Probe};
use kubelite::api::service::{Protocol, ServicePort};
use kubelite::api::{EndpointSlice, Endpoints, Kind, Namespace, Pod, Service};
use kubelite::{Cluster, ClusterConfig};

const SERVICE_NAME: &str = "kubernetes.io/service-name";
const MANAGED_BY: &str = "endpointslice.kubernetes.io/managed-by";
const HEADLESS: &str = "service.kubernetes.io/headless";

fn slices(cluster: &Cluster, ns: &str, svc: &str) -> Vec<EndpointSlice> {
    cluster
        .list(Some(ns), &format!("{SERVICE_NAME}={svc}"))
        .expect("list slices")
}

/// A slice's resolved port: (name, number, protocol).
type Port = (String, i32, String);

/// A pod's endpoint in a Service's slices, as (ports of its slice, endpoint).
fn endpoint_of(cluster: &Cluster, ns: &str, svc: &str, pod: &str) -> Option<(Vec<Port>, Endpoint)> {
    slices(cluster, ns, svc).into_iter().find_map(|s| {
        let ports = slice_ports(&s);
        s.endpoints
            .into_iter()
            .find(|e| {
                e.target_ref
                    .as_ref()
                    .and_then(|r| r.name.as_deref())
                    .is_some_and(|n| n == pod)
            })
            .map(|e| (ports, e))
    })
}

fn slice_ports(s: &EndpointSlice) -> Vec<Port> {
    s.ports
        .iter()
        .map(|p| {
            (
                p.name.clone().unwrap_or_default(),
                p.port.expect("port number"),
                p.protocol.clone().expect("protocol"),
            )
        })
        .collect()
}

/// (ready, serving, terminating) of an endpoint, all explicitly set.
fn conditions(e: &Endpoint) -> (bool, bool, bool) {
    let c = e.conditions.as_ref().expect("conditions");
    (
        c.ready.expect("ready set"),
        c.serving.expect("serving set"),
        c.terminating.expect("terminating set"),
    )
}

/// Slice membership: the sorted pod names of each slice, keyed by the slice's port set.
fn membership(cluster: &Cluster, ns: &str, svc: &str) -> BTreeMap<Vec<Port>, Vec<String>> {
    let mut out: BTreeMap<_, Vec<String>> = BTreeMap::new();
    for s in slices(cluster, ns, svc) {
        let names = out.entry(slice_ports(&s)).or_default();
        for e in &s.endpoints {
            names.push(
                e.target_ref
                    .as_ref()
                    .and_then(|r| r.name.clone())
                    .expect("targetRef name"),
            );
        }
        names.sort();
    }
    out
}

fn legacy(cluster: &Cluster, ns: &str, svc: &str) -> Endpoints {
    cluster.get(ns, svc).expect("legacy Endpoints")
}

/// (ready IPs, not-ready IPs) of the legacy Endpoints object, across subsets.
fn legacy_ips(cluster: &Cluster, ns: &str, svc: &str) -> (Vec<String>, Vec<String>) {
    let e = legacy(cluster, ns, svc);
    let mut ready: Vec<String> = e
        .subsets
        .iter()
        .flat_map(|s| s.addresses.iter().map(|a| a.ip.clone()))
        .collect();
    let mut not_ready: Vec<String> = e
        .subsets
        .iter()
        .flat_map(|s| s.not_ready_addresses.iter().map(|a| a.ip.clone()))
        .collect();
    ready.sort();
    not_ready.sort();
    (ready, not_ready)
}

fn pod_ip(cluster: &Cluster, ns: &str, name: &str) -> String {
    cluster
        .get::<Pod>(ns, name)
        .expect("pod")
        .status
        .pod_ip
        .expect("pod IP")
}

fn bare_pod(ns: &str, name: &str, labels: &[(&str, &str)]) -> Pod {
    Pod::builder(name)
        .namespace(ns)
        .labels(labels.iter().copied())
        .image("nginx:1.25")
        .build()
        .expect("valid pod")
}

fn pod_with_ports(name: &str, ports: Vec<ContainerPort>) -> Pod {
    let mut container = Container::new("app", "nginx:1.25");
    for p in ports {
        container = container.port(p);
    }
    Pod::builder(name)
        .label("app", "web")
        .container(container)
        .build()
        .expect("valid pod")
}

fn tcp(port: i32) -> Port {
    (String::new(), port, "TCP".into())
}

#[test]
fn named_target_port_resolves_per_pod_by_name_and_protocol() {
    let cluster = Cluster::new();
    cluster
        .apply(
            Service::builder("web")
                .selector("app", "web")
                .port_to(80, "http")
                .build()
                .expect("svc"),
        )
        .expect("service");
    // a and b declare `http` on different numbers; c has no `http`; d has `http` on UDP
    // only, which a TCP service port cannot use.
    for pod in [
        pod_with_ports("a", vec![ContainerPort::new(8080).named("http")]),
        pod_with_ports("b", vec![ContainerPort::new(9090).named("http")]),
        pod_with_ports("c", vec![ContainerPort::new(9100).named("metrics")]),
        pod_with_ports(
            "d",
            vec![ContainerPort::new(8080).named("http").protocol("UDP")],
        ),
    ] {
        cluster.apply(pod).expect("pod");
    }
    let got = membership(&cluster, "default", "web");
    let want: BTreeMap<_, _> = [
        (vec![tcp(8080)], vec!["a".to_owned()]),
        (vec![tcp(9090)], vec!["b".to_owned()]),
        // Pods that resolve no port are endpoints of a slice without ports, as upstream's
        // reconciler groups them.
        (vec![], vec!["c".to_owned(), "d".to_owned()]),
    ]
    .into_iter()
    .collect();
    assert_eq!(got, want);

    // The legacy Endpoints object lists a pod only under ports it resolves: c and d appear
    // nowhere, a and b in one subset each.
    let e = legacy(&cluster, "default", "web");
    let mut subsets: Vec<(Vec<i32>, Vec<String>)> = e
        .subsets
        .iter()
        .map(|s| {
            (
                s.ports.iter().map(|p| p.port).collect(),
                s.addresses.iter().map(|a| a.ip.clone()).collect(),
            )
        })
        .collect();
    subsets.sort();
    assert_eq!(
        subsets,
        vec![
            (vec![8080], vec![pod_ip(&cluster, "default", "a")]),
            (vec![9090], vec![pod_ip(&cluster, "default", "b")]),
        ]
    );
}

#[test]
fn named_target_port_on_udp_uses_the_udp_container_port() {
    let cluster = Cluster::new();
    cluster
        .apply(
            Service::builder("dns")
                .selector("app", "web")
                .service_port(ServicePort::udp(53).named("dns").target("dns"))
                .service_port(ServicePort::tcp(53).named("dns-tcp").target("dns-tcp"))
                .build()
                .expect("svc"),
        )
        .expect("service");
    cluster
        .apply(pod_with_ports(
            "resolver",
            vec![
                ContainerPort::new(5353).named("dns").protocol("UDP"),
                ContainerPort::new(5354).named("dns-tcp").protocol("TCP"),
            ],
        ))
        .expect("pod");
    let (ports, _) = endpoint_of(&cluster, "default", "dns", "resolver").expect("endpoint");
    assert_eq!(
        ports,
        vec![
            ("dns".to_owned(), 5353, "UDP".to_owned()),
            ("dns-tcp".to_owned(), 5354, "TCP".to_owned())
        ]
    );
}

#[test]
fn relabelled_or_renumbered_pods_move_between_slices() {
    let cluster = Cluster::new();
    cluster
        .apply(
            Service::builder("web")
                .selector("app", "web")
                .port_to(80, "http")
                .build()
                .expect("svc"),
        )
        .expect("service");
    cluster
        .apply(pod_with_ports(
            "a",
            vec![ContainerPort::new(8080).named("http")],
        ))
        .expect("a");
    cluster
        .apply(pod_with_ports(
            "b",
            vec![ContainerPort::new(8080).named("http")],
        ))
        .expect("b");
    assert_eq!(
        membership(&cluster, "default", "web"),
        [(vec![tcp(8080)], vec!["a".to_owned(), "b".to_owned()])]
            .into_iter()
            .collect()
    );
    // b leaves the selector: only a remains.
    let mut b: Pod = cluster.get("default", "b").expect("b");
    b.metadata.labels.insert("app", "other");
    cluster.apply(b).expect("relabel");
    assert_eq!(
        membership(&cluster, "default", "web"),
        [(vec![tcp(8080)], vec!["a".to_owned()])]
            .into_iter()
            .collect()
    );
    // a leaves too: one placeholder slice with neither endpoints nor ports.
    cluster
        .delete_object(Kind::Pod, "default", "a", Some(0))
        .expect("delete a");
    let s = slices(&cluster, "default", "web");
    assert_eq!(s.len(), 1);
    assert!(s[0].endpoints.is_empty());
    assert!(s[0].ports.is_empty());
    assert!(legacy(&cluster, "default", "web").subsets.is_empty());
}

#[test]
fn readiness_flips_follow_set_pod_ready() {
    let cluster = Cluster::new();
    common::apply_web_service(&cluster);
    cluster
        .apply(bare_pod("default", "a", &[("app", "web")]))
        .expect("a");
    cluster
        .apply(bare_pod("default", "b", &[("app", "web")]))
        .expect("b");
    let (ip_a, ip_b) = (
        pod_ip(&cluster, "default", "a"),
        pod_ip(&cluster, "default", "b"),
    );
    let mut both = vec![ip_a.clone(), ip_b.clone()];
    both.sort();
    assert_eq!(
        legacy_ips(&cluster, "default", "web"),
        (both.clone(), vec![])
    );

    cluster.set_pod_ready("default/a", false).expect("flip");
    let (_, e) = endpoint_of(&cluster, "default", "web", "a").expect("a stays listed");
    assert_eq!(conditions(&e), (false, false, false));
    let (_, e) = endpoint_of(&cluster, "default", "web", "b").expect("b");
    assert_eq!(conditions(&e), (true, true, false));
    assert_eq!(
        legacy_ips(&cluster, "default", "web"),
        (vec![ip_b.clone()], vec![ip_a.clone()])
    );
    let pod: Pod = cluster.get("default", "a").expect("a");
    let ready = pod
        .status
        .conditions
        .iter()
        .find(|c| c.type_ == "Ready")
        .expect("Ready condition");
    assert_eq!(ready.status, "False");
    assert!(pod.status.container_statuses.iter().all(|c| !c.ready));

    cluster.set_pod_ready("default/a", true).expect("flip back");
    let (_, e) = endpoint_of(&cluster, "default", "web", "a").expect("a");
    assert_eq!(conditions(&e), (true, true, false));
    assert_eq!(legacy_ips(&cluster, "default", "web"), (both, vec![]));

    // A pod that does not exist is NotFound, in the API server's words.
    let err = cluster.set_pod_ready("default/nope", false).unwrap_err();
    assert_eq!(err.to_string(), "pods \"nope\" not found");
}

#[test]
fn readiness_probe_initial_delay_runs_on_the_virtual_clock() {
    let cluster = Cluster::new();
    common::apply_web_service(&cluster);
    let start = cluster.now();
    let pod = Pod::builder("slow")
        .label("app", "web")
        .image("nginx:1.25")
        .port(80)
        .readiness_probe(Probe::tcp_socket(80).initial_delay_seconds(5))
        .build()
        .expect("pod");
    cluster.apply(pod).expect("create");
    let created: Pod = cluster.get("default", "slow").expect("pod");
    assert_eq!(created.status.phase.as_deref(), Some("Running"));
    let ip = created.status.pod_ip.clone().expect("IP at once");
    let (_, e) = endpoint_of(&cluster, "default", "web", "slow").expect("listed at once");
    assert_eq!(conditions(&e), (false, false, false));
    assert_eq!(
        legacy_ips(&cluster, "default", "web"),
        (vec![], vec![ip.clone()])
    );

    cluster.advance(Duration::from_millis(4_999));
    let (_, e) = endpoint_of(&cluster, "default", "web", "slow").expect("listed");
    assert_eq!(conditions(&e), (false, false, false), "not ready before 5s");

    cluster.advance(Duration::from_millis(1));
    let (_, e) = endpoint_of(&cluster, "default", "web", "slow").expect("listed");
    assert_eq!(conditions(&e), (true, true, false), "ready at 5s");
    assert_eq!(legacy_ips(&cluster, "default", "web"), (vec![ip], vec![]));
    let pod: Pod = cluster.get("default", "slow").expect("pod");
    let ready = pod
        .status
        .conditions
        .iter()
        .find(|c| c.type_ == "Ready")
        .expect("Ready");
    assert!(ready.is_true());
    assert_eq!(
        ready.last_transition_time.expect("time").unix_seconds(),
        start.unix_seconds() + 5
    );

    // A forced failure before the delay ends wins over the probe.
    let late = Pod::builder("late")
        .label("app", "web")
        .image("nginx:1.25")
        .readiness_probe(Probe::exec(["true"]).initial_delay_seconds(3))
        .build()
        .expect("pod");
    cluster.apply(late).expect("create");
    cluster.set_pod_ready("default/late", false).expect("fail");
    cluster.advance(Duration::from_secs(10));
    let (_, e) = endpoint_of(&cluster, "default", "web", "late").expect("listed");
    assert_eq!(conditions(&e), (false, false, false));
}

#[test]
fn publish_not_ready_addresses_lists_unready_and_terminating_pods_as_ready() {
    let cluster = Cluster::new();
    cluster
        .apply(
            Service::builder("peers")
                .selector("app", "db")
                .port(5432)
                .publish_not_ready_addresses(true)
                .build()
                .expect("svc"),
        )
        .expect("service");
    cluster
        .apply(bare_pod("default", "db-0", &[("app", "db")]))
        .expect("db-0");
    cluster
        .apply(bare_pod("default", "db-1", &[("app", "db")]))
        .expect("db-1");
    cluster.set_pod_ready("default/db-0", false).expect("flip");
    let (_, e) = endpoint_of(&cluster, "default", "peers", "db-0").expect("db-0");
    assert_eq!(conditions(&e), (true, false, false));
    let mut ips = vec![
        pod_ip(&cluster, "default", "db-0"),
        pod_ip(&cluster, "default", "db-1"),
    ];
    ips.sort();
    assert_eq!(
        legacy_ips(&cluster, "default", "peers"),
        (ips.clone(), vec![])
    );

    // A terminating pod stays ready (and in the legacy object) while it terminates.
    cluster.delete::<Pod>("default", "db-1").expect("delete");
    let (_, e) = endpoint_of(&cluster, "default", "peers", "db-1").expect("db-1");
    assert_eq!(conditions(&e), (true, true, true));
    assert_eq!(legacy_ips(&cluster, "default", "peers"), (ips, vec![]));
}

#[test]
fn terminating_pods_serve_but_are_not_ready_and_leave_legacy_endpoints() {
    let cluster = Cluster::new();
    common::apply_web_service(&cluster);
    let pod = Pod::builder("a")
        .label("app", "web")
        .image("nginx:1.25")
        .termination_grace_period_seconds(20)
        .build()
        .expect("pod");
    cluster.apply(pod).expect("a");
    cluster
        .apply(bare_pod("default", "b", &[("app", "web")]))
        .expect("b");
    let ip_b = pod_ip(&cluster, "default", "b");
    cluster.delete::<Pod>("default", "a").expect("delete a");
    let (_, e) = endpoint_of(&cluster, "default", "web", "a").expect("a still in slices");
    assert_eq!(conditions(&e), (false, true, true));
    assert_eq!(
        legacy_ips(&cluster, "default", "web"),
        (vec![ip_b.clone()], vec![])
    );

    // A terminating pod that fails its probe stops serving too.
    cluster.set_pod_ready("default/a", false).expect("flip");
    let (_, e) = endpoint_of(&cluster, "default", "web", "a").expect("a");
    assert_eq!(conditions(&e), (false, false, true));

    cluster.advance(Duration::from_secs(19));
    assert!(endpoint_of(&cluster, "default", "web", "a").is_some());
    cluster.advance(Duration::from_secs(1));
    assert!(endpoint_of(&cluster, "default", "web", "a").is_none());
    assert_eq!(
        membership(&cluster, "default", "web"),
        [(vec![tcp(80)], vec!["b".to_owned()])]
            .into_iter()
            .collect()
    );
    assert_eq!(legacy_ips(&cluster, "default", "web"), (vec![ip_b], vec![]));
}

#[test]
fn multi_port_services_resolve_each_port() {
    let cluster = Cluster::new();
    cluster
        .apply(
            Service::builder("app")
                .selector("app", "web")
                .named_port("http", 80, "http")
                .named_port("metrics", 9100, 9100)
                .service_port(ServicePort::udp(53).named("dns").target(5353))
                .build()
                .expect("svc"),
        )
        .expect("service");
    cluster
        .apply(pod_with_ports(
            "full",
            vec![ContainerPort::new(8080).named("http")],
        ))
        .expect("full");
    cluster
        .apply(pod_with_ports("partial", vec![]))
        .expect("partial");
    let want: BTreeMap<_, _> = [
        (
            vec![
                ("http".to_owned(), 8080, "TCP".to_owned()),
                ("metrics".to_owned(), 9100, "TCP".to_owned()),
                ("dns".to_owned(), 5353, "UDP".to_owned()),
            ],
            vec!["full".to_owned()],
        ),
        (
            vec![
                ("metrics".to_owned(), 9100, "TCP".to_owned()),
                ("dns".to_owned(), 5353, "UDP".to_owned()),
            ],
            vec!["partial".to_owned()],
        ),
    ]
    .into_iter()
    .collect();
    assert_eq!(membership(&cluster, "default", "app"), want);

    let e = legacy(&cluster, "default", "app");
    assert_eq!(e.subsets.len(), 2);
    for subset in &e.subsets {
        let names: Vec<Option<&str>> = subset.ports.iter().map(|p| p.name.as_deref()).collect();
        assert!(names.contains(&Some("metrics")) && names.contains(&Some("dns")));
        assert_eq!(subset.addresses.len(), 1);
    }
}

#[test]
fn selector_less_service_keeps_manual_endpoint_slices() {
    let cluster = Cluster::new();
    cluster
        .apply(
            Service::builder("external-db")
                .port(5432)
                .build()
                .expect("svc"),
        )
        .expect("service");
    let manual = EndpointSlice::new("default", "external-db-1", AddressType::Ipv4)
        .for_service("external-db")
        .endpoint(Endpoint::new("192.0.2.10").ready(true))
        .port(EndpointPort::new("", 5432, Protocol::Tcp));
    cluster.apply(manual).expect("slice");
    let before = slices(&cluster, "default", "external-db");
    assert_eq!(before.len(), 1);
    assert_eq!(before[0].metadata.name(), "external-db-1");
    assert_eq!(before[0].metadata.labels.get(MANAGED_BY), None);

    // Pods come and go, the Service changes: the controller leaves the slice alone and
    // makes no legacy Endpoints of its own.
    cluster
        .apply(bare_pod("default", "db", &[("app", "db")]))
        .expect("pod");
    let mut svc: Service = cluster.get("default", "external-db").expect("svc");
    svc.metadata.labels.insert("tier", "data");
    cluster.apply(svc).expect("update");
    cluster.advance(Duration::from_secs(60));
    assert_eq!(slices(&cluster, "default", "external-db"), before);
    assert!(cluster.get::<Endpoints>("default", "external-db").is_err());
    let all: Vec<EndpointSlice> = cluster.list(Some("default"), "").expect("slices");
    assert!(
        all.iter().all(
            |s| s.service_name() != Some("external-db") || s.metadata.name() == "external-db-1"
        )
    );

    // Deleting the Service does not take the user's slice (it has no owner reference).
    cluster
        .delete::<Service>("default", "external-db")
        .expect("delete");
    assert_eq!(slices(&cluster, "default", "external-db"), before);
}

#[test]
fn same_named_services_in_two_namespaces_select_only_their_own_pods() {
    let cluster = Cluster::new();
    for ns in ["team-a", "team-b"] {
        cluster
            .apply(Namespace::builder(ns).build().expect("ns"))
            .expect("namespace");
    }
    for (ns, pods) in [("team-a", 2), ("team-b", 3)] {
        cluster
            .apply(
                Service::builder("web")
                    .namespace(ns)
                    .selector("app", "web")
                    .port(80)
                    .build()
                    .expect("svc"),
            )
            .expect("service");
        for i in 0..pods {
            cluster
                .apply(bare_pod(ns, &format!("web-{i}"), &[("app", "web")]))
                .expect("pod");
        }
    }
    // Pods in default carry the same label: neither Service may select them.
    cluster
        .apply(bare_pod("default", "web-x", &[("app", "web")]))
        .expect("pod in default");

    let a = membership(&cluster, "team-a", "web");
    let b = membership(&cluster, "team-b", "web");
    assert_eq!(
        a,
        [(vec![tcp(80)], vec!["web-0".to_owned(), "web-1".to_owned()])]
            .into_iter()
            .collect()
    );
    assert_eq!(
        b,
        [(
            vec![tcp(80)],
            vec!["web-0".to_owned(), "web-1".to_owned(), "web-2".to_owned()]
        )]
        .into_iter()
        .collect()
    );
    for ns in ["team-a", "team-b"] {
        for s in slices(&cluster, ns, "web") {
            for e in &s.endpoints {
                let r = e.target_ref.as_ref().expect("targetRef");
                assert_eq!(r.namespace.as_deref(), Some(ns));
            }
        }
    }
    let ip_a: Service = cluster.get("team-a", "web").expect("a");
    let ip_b: Service = cluster.get("team-b", "web").expect("b");
    assert_ne!(ip_a.spec.cluster_ip, ip_b.spec.cluster_ip);

    // A pod of team-b with the label changed does not disturb team-a.
    cluster
        .delete_object(Kind::Pod, "team-b", "web-0", Some(0))
        .expect("delete");
    assert_eq!(membership(&cluster, "team-a", "web"), a);
    assert_eq!(
        membership(&cluster, "team-b", "web"),
        [(vec![tcp(80)], vec!["web-1".to_owned(), "web-2".to_owned()])]
            .into_iter()
            .collect()
    );
    // Deleting one Service leaves the other's slices in place.
    cluster.delete::<Service>("team-a", "web").expect("delete");
    assert!(slices(&cluster, "team-a", "web").is_empty());
    assert!(cluster.get::<Endpoints>("team-a", "web").is_err());
    assert_eq!(membership(&cluster, "team-b", "web").len(), 1);
}

#[test]
fn more_than_a_hundred_endpoints_are_split_into_slices() {
    let cluster = Cluster::new();
    cluster
        .apply(
            Service::builder("big")
                .selector("app", "big")
                .port(80)
                .build()
                .expect("svc"),
        )
        .expect("service");
    for i in 0..250 {
        cluster
            .apply(bare_pod(
                "default",
                &format!("big-{i:03}"),
                &[("app", "big")],
            ))
            .expect("pod");
    }
    let s = slices(&cluster, "default", "big");
    let mut sizes: Vec<usize> = s.iter().map(|s| s.endpoints.len()).collect();
    sizes.sort_unstable();
    assert_eq!(sizes, [50, 100, 100]);
    let mut ips: Vec<String> = s
        .iter()
        .flat_map(|s| s.endpoints.iter().flat_map(|e| e.addresses.clone()))
        .collect();
    ips.sort();
    ips.dedup();
    assert_eq!(ips.len(), 250, "every pod exactly once");
    for slice in &s {
        assert!(slice.metadata.name().starts_with("big-"));
        assert_eq!(slice.metadata.name().len(), "big-".len() + 5);
        assert_eq!(slice.address_type.as_deref(), Some("IPv4"));
        assert_eq!(
            slice.metadata.labels.get(MANAGED_BY),
            Some("endpointslice-controller.k8s.io")
        );
        let owner = &slice.metadata.owner_references[0];
        assert_eq!(
            (owner.kind.as_str(), owner.name.as_str()),
            ("Service", "big")
        );
        assert_eq!(owner.controller, Some(true));
    }
    // The legacy object holds them all (its cap is 1000).
    assert_eq!(legacy_ips(&cluster, "default", "big").0.len(), 250);

    // Scaling down merges back.
    for i in 0..200 {
        cluster
            .delete_object(Kind::Pod, "default", &format!("big-{i:03}"), Some(0))
            .expect("delete");
    }
    let sizes: Vec<usize> = slices(&cluster, "default", "big")
        .iter()
        .map(|s| s.endpoints.len())
        .collect();
    assert_eq!(sizes, [50]);
}

#[test]
fn max_endpoints_per_slice_is_configurable() {
    let cluster = Cluster::with_config(ClusterConfig::minikube().max_endpoints_per_slice(10))
        .expect("cluster");
    common::apply_web_service(&cluster);
    for i in 0..25 {
        cluster
            .apply(bare_pod(
                "default",
                &format!("web-{i:02}"),
                &[("app", "web")],
            ))
            .expect("pod");
    }
    let mut sizes: Vec<usize> = slices(&cluster, "default", "web")
        .iter()
        .map(|s| s.endpoints.len())
        .collect();
    sizes.sort_unstable();
    assert_eq!(sizes, [5, 10, 10]);
    assert!(
        Cluster::with_config(ClusterConfig::minikube().max_endpoints_per_slice(0)).is_err(),
        "0 endpoints per slice is no configuration"
    );
}

#[test]
fn headless_service_slices_carry_the_headless_label() {
    let cluster = Cluster::new();
    cluster
        .apply(
            Service::builder("db")
                .selector("app", "db")
                .port(5432)
                .headless()
                .build()
                .expect("svc"),
        )
        .expect("headless");
    cluster
        .apply(
            Service::builder("web")
                .selector("app", "db")
                .port(5432)
                .build()
                .expect("svc"),
        )
        .expect("normal");
    cluster
        .apply(bare_pod("default", "db-0", &[("app", "db")]))
        .expect("pod");
    let headless = slices(&cluster, "default", "db");
    assert_eq!(headless.len(), 1);
    assert_eq!(headless[0].metadata.labels.get(HEADLESS), Some(""));
    assert_eq!(headless[0].endpoints.len(), 1);
    let svc: Service = cluster.get("default", "db").expect("svc");
    assert_eq!(svc.spec.cluster_ip.as_deref(), Some("None"));
    let normal = slices(&cluster, "default", "web");
    assert_eq!(normal[0].metadata.labels.get(HEADLESS), None);
    assert_eq!(normal[0].endpoints.len(), 1);

    // A headless Service may have no ports: its endpoints are bare addresses, in the slices
    // and in the legacy object.
    cluster
        .apply(
            Service::builder("bare")
                .selector("app", "db")
                .headless()
                .build()
                .expect("svc"),
        )
        .expect("portless headless");
    let bare = slices(&cluster, "default", "bare");
    assert_eq!(bare.len(), 1);
    assert_eq!(bare[0].metadata.labels.get(HEADLESS), Some(""));
    assert!(bare[0].ports.is_empty());
    assert_eq!(bare[0].endpoints.len(), 1);
    let e = legacy(&cluster, "default", "bare");
    assert_eq!(e.subsets.len(), 1);
    assert!(e.subsets[0].ports.is_empty());
    assert_eq!(
        e.subsets[0].addresses[0].ip,
        pod_ip(&cluster, "default", "db-0")
    );
}

#[test]
fn slices_carry_topology_and_service_labels() {
    let cluster = Cluster::with_config(ClusterConfig::multi_node(2)).expect("cluster");
    cluster
        .apply(
            Service::builder("web")
                .label("team", "blue")
                .selector("app", "web")
                .port(80)
                .build()
                .expect("svc"),
        )
        .expect("service");
    cluster
        .apply(bare_pod("default", "a", &[("app", "web")]))
        .expect("a");
    cluster
        .apply(bare_pod("default", "b", &[("app", "web")]))
        .expect("b");
    let s = slices(&cluster, "default", "web");
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].metadata.labels.get("team"), Some("blue"));
    let mut topo: Vec<(String, String, String)> = s[0]
        .endpoints
        .iter()
        .map(|e| {
            (
                e.target_ref
                    .as_ref()
                    .and_then(|r| r.name.clone())
                    .expect("name"),
                e.node_name.clone().expect("nodeName"),
                e.zone.clone().expect("zone"),
            )
        })
        .collect();
    topo.sort();
    assert_eq!(
        topo,
        [
            // CoreDNS already runs on `minikube`, so the first pod goes to the other node.
            ("a".into(), "minikube-m02".into(), "zone-b".into()),
            ("b".into(), "minikube".into(), "zone-a".into())
        ]
    );
}

#[test]
fn service_selector_changes_move_endpoints() {
    let cluster = Cluster::new();
    cluster
        .apply(bare_pod(
            "default",
            "blue",
            &[("app", "web"), ("track", "blue")],
        ))
        .expect("blue");
    cluster
        .apply(bare_pod(
            "default",
            "green",
            &[("app", "web"), ("track", "green")],
        ))
        .expect("green");
    let svc = |track: &str| {
        Service::builder("web")
            .selector("app", "web")
            .selector("track", track)
            .port(80)
            .build()
            .expect("svc")
    };
    cluster.apply(svc("blue")).expect("blue svc");
    assert_eq!(
        membership(&cluster, "default", "web"),
        [(vec![tcp(80)], vec!["blue".to_owned()])]
            .into_iter()
            .collect()
    );
    cluster.apply(svc("green")).expect("switch");
    assert_eq!(
        membership(&cluster, "default", "web"),
        [(vec![tcp(80)], vec!["green".to_owned()])]
            .into_iter()
            .collect()
    );
}
