//! Model-based test of the cluster runtime: random sequences of operations (bare pods
//! created, deleted and relabelled, Deployments scaled, readiness flipped, Services created,
//! changed and deleted, the clock advanced), and after every step the cluster is checked
//! against a brute-force recomputation written independently here:
//!
//! - each Service's endpoints (EndpointSlices and the legacy Endpoints object) are exactly
//!   the pods of its namespace that match its selector, have an IP and have not finished,
//!   with the conditions derived from the pod;
//! - no ClusterIP and no nodePort is held by two Services; every ClusterIP lies in
//!   10.96.0.0/12 and every nodePort in 30000-32767;
//! - every pod IP is unique and inside its node's /24 of 10.244.0.0/16;
//! - each Deployment has as many active pods as it asks for;
//! - every request succeeds or fails exactly when the model says so, and a refused request
//!   changes nothing.
//!
//! `PROPTEST_CASES` overrides the number of sequences (64 by default).

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;
use std::time::Duration;

use kubelite::api::{Deployment, EndpointSlice, Endpoints, Kind, Namespace, Pod, Service};
use kubelite::cluster::Ipv4Cidr;
use kubelite::labels::Labels;
use kubelite::{Cluster, ClusterConfig};
use proptest::prelude::*;

const NAMESPACES: [&str; 2] = ["default", "other"];
const KEYS: [&str; 2] = ["app", "tier"];
const VALUES: [&str; 2] = ["a", "b"];
const POD_NAMES: usize = 6;
const SERVICE_NAMES: usize = 4;
const EXPLICIT_IPS: [&str; 2] = ["10.96.0.5", "10.96.0.6"];
const EXPLICIT_NODE_PORTS: [i32; 2] = [30000, 30001];
const MAX_PER_SLICE: usize = 3;
/// (namespace, name, extra label, readiness delay): one Deployment per namespace. Their
/// selectors use the `owner` key, which bare pods never carry.
const DEPLOYMENTS: [(&str, &str, (&str, &str), i32); 2] = [
    ("default", "d0", ("app", "a"), 0),
    ("other", "d1", ("tier", "b"), 5),
];
const MANAGED_BY: &str = "endpointslice.kubernetes.io/managed-by";
const CONTROLLER: &str = "endpointslice-controller.k8s.io";

/// A label set over the small alphabet: for each key, a value index or 2 for "absent".
type LabelChoice = [usize; 2];

#[derive(Clone, Debug)]
enum Op {
    CreatePod {
        ns: usize,
        name: usize,
        labels: LabelChoice,
    },
    DeletePod {
        pick: usize,
        force: bool,
    },
    RelabelPod {
        ns: usize,
        name: usize,
        labels: LabelChoice,
    },
    SetReady {
        pick: usize,
        ready: bool,
    },
    Scale {
        deployment: usize,
        replicas: u32,
    },
    ApplyService {
        ns: usize,
        name: usize,
        selector: LabelChoice,
        node_port: bool,
        explicit_ip: Option<usize>,
        explicit_node_port: Option<usize>,
        publish_not_ready: bool,
    },
    DeleteService {
        ns: usize,
        name: usize,
    },
    Advance {
        secs: u64,
    },
}

fn label_choice() -> impl Strategy<Value = LabelChoice> {
    [0..3usize, 0..3usize]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..2usize, 0..POD_NAMES, label_choice())
            .prop_map(|(ns, name, labels)| Op::CreatePod { ns, name, labels }),
        2 => (any::<usize>(), any::<bool>()).prop_map(|(pick, force)| Op::DeletePod { pick, force }),
        2 => (0..2usize, 0..POD_NAMES, label_choice())
            .prop_map(|(ns, name, labels)| Op::RelabelPod { ns, name, labels }),
        3 => (any::<usize>(), any::<bool>()).prop_map(|(pick, ready)| Op::SetReady { pick, ready }),
        2 => (0..2usize, 0..5u32).prop_map(|(deployment, replicas)| Op::Scale { deployment, replicas }),
        3 => (
            0..2usize,
            0..SERVICE_NAMES,
            label_choice(),
            any::<bool>(),
            proptest::option::weighted(0.3, 0..EXPLICIT_IPS.len()),
            proptest::option::weighted(0.5, 0..EXPLICIT_NODE_PORTS.len()),
            any::<bool>(),
        )
            .prop_map(
                |(ns, name, selector, node_port, explicit_ip, explicit_node_port, publish_not_ready)| {
                    Op::ApplyService {
                        ns,
                        name,
                        selector,
                        node_port,
                        explicit_ip,
                        explicit_node_port,
                        publish_not_ready,
                    }
                }
            ),
        2 => (0..2usize, 0..SERVICE_NAMES).prop_map(|(ns, name)| Op::DeleteService { ns, name }),
        2 => (0..40u64).prop_map(|secs| Op::Advance { secs }),
    ]
}

fn labels_of(choice: LabelChoice) -> Vec<(&'static str, &'static str)> {
    KEYS.iter()
        .zip(choice)
        .filter_map(|(k, v)| VALUES.get(v).map(|v| (*k, *v)))
        .collect()
}

/// A Service selector: the chosen pairs, or `app=a` when the choice is empty (every
/// Service here has a selector).
fn selector_of(choice: LabelChoice) -> Vec<(&'static str, &'static str)> {
    let pairs = labels_of(choice);
    if pairs.is_empty() {
        vec![("app", "a")]
    } else {
        pairs
    }
}

/// The default ranges, or ranges just big enough for every Service the operations can
/// make (8 NodePorts; 8 ClusterIPs besides `kubernetes` and `kube-dns` in a /28's 14), so
/// that an allocation leaked by any path shows up as a refused request the model did not
/// expect.
fn new_cluster(tight: bool) -> Cluster {
    let mut config = ClusterConfig::minikube()
        .nodes(2)
        .max_endpoints_per_slice(MAX_PER_SLICE);
    if tight {
        config = config
            .node_port_range(30000, 30007)
            .service_cidr("10.96.0.0/28");
    }
    let cluster = Cluster::with_config(config).expect("cluster");
    cluster
        .apply(Namespace::builder("other").build().expect("ns"))
        .expect("namespace");
    for (ns, name, (k, v), delay) in DEPLOYMENTS {
        let mut b = Deployment::builder(name)
            .namespace(ns)
            .image("nginx:1.25")
            .label("owner", name)
            .label(k, v)
            .replicas(1);
        if delay > 0 {
            b = b.readiness_delay_seconds(delay);
        }
        cluster
            .apply(b.build().expect("deployment"))
            .expect("deployment");
    }
    cluster
}

fn all_pods(cluster: &Cluster) -> Vec<Pod> {
    NAMESPACES
        .iter()
        .flat_map(|ns| cluster.list::<Pod>(Some(ns), "").expect("pods"))
        .collect()
}

fn all_services(cluster: &Cluster) -> Vec<Service> {
    cluster.list(None, "").expect("services")
}

fn exists<T: kubelite::api::Resource>(cluster: &Cluster, ns: &str, name: &str) -> bool {
    cluster.get::<T>(ns, name).is_ok()
}

/// Whether applying `svc` should be refused, from the Services as they are.
fn service_refused(cluster: &Cluster, svc: &Service) -> bool {
    let key = (svc.metadata.namespace(), svc.metadata.name());
    let services = all_services(cluster);
    let current = services
        .iter()
        .find(|s| (s.metadata.namespace(), s.metadata.name()) == key);
    let others = services
        .iter()
        .filter(|s| (s.metadata.namespace(), s.metadata.name()) != key);
    let others: Vec<&Service> = others.collect();
    if let Some(ip) = svc.spec.cluster_ip.as_deref() {
        match current {
            // The ClusterIP is immutable.
            Some(c) if c.spec.cluster_ip.as_deref() != Some(ip) => return true,
            Some(_) => {}
            None => {
                if others
                    .iter()
                    .any(|s| s.spec.cluster_ip.as_deref() == Some(ip))
                {
                    return true;
                }
            }
        }
    }
    for np in svc.spec.ports.iter().filter_map(|p| p.node_port) {
        if others
            .iter()
            .any(|s| s.spec.ports.iter().any(|p| p.node_port == Some(np)))
        {
            return true;
        }
    }
    false
}

/// Runs one operation, checking that it succeeds or fails when the model says so and that a
/// refused request leaves the cluster as it was.
fn step(cluster: &Cluster, op: &Op) -> Result<(), TestCaseError> {
    // A snapshot of the cluster before a request the model expects to be refused.
    let snapshot = |ok: bool| (!ok).then(|| cluster.dump_yaml());
    let mut before = None;
    let (outcome, expect_ok): (Result<(), kubelite::Error>, bool) = match op {
        Op::CreatePod { ns, name, labels } => {
            let (ns, name) = (NAMESPACES[*ns], format!("p{name}"));
            let pod = Pod::builder(&name)
                .namespace(ns)
                .labels(labels_of(*labels))
                .image("nginx:1.25")
                .build()
                .expect("pod");
            let free = !exists::<Pod>(cluster, ns, &name);
            before = snapshot(free);
            (cluster.create(pod).map(|_| ()), free)
        }
        Op::DeletePod { pick, force } => {
            let pods = all_pods(cluster);
            if pods.is_empty() {
                return Ok(());
            }
            let p = &pods[pick % pods.len()];
            let grace = force.then_some(0);
            (
                cluster
                    .delete_object(Kind::Pod, p.metadata.namespace(), p.metadata.name(), grace)
                    .map(|_| ()),
                true,
            )
        }
        Op::RelabelPod { ns, name, labels } => {
            let (ns, name) = (NAMESPACES[*ns], format!("p{name}"));
            let Ok(mut pod) = cluster.get::<Pod>(ns, &name) else {
                return Ok(());
            };
            pod.metadata.labels = labels_of(*labels).into_iter().collect::<Labels>();
            (cluster.apply(pod).map(|_| ()), true)
        }
        Op::SetReady { pick, ready } => {
            let pods = all_pods(cluster);
            if pods.is_empty() {
                return Ok(());
            }
            let p = &pods[pick % pods.len()];
            let key = format!("{}/{}", p.metadata.namespace(), p.metadata.name());
            (cluster.set_pod_ready(&key, *ready), true)
        }
        Op::Scale {
            deployment,
            replicas,
        } => {
            let (ns, name, _, _) = DEPLOYMENTS[*deployment];
            (cluster.scale(ns, name, *replicas).map(|_| ()), true)
        }
        Op::ApplyService {
            ns,
            name,
            selector,
            node_port,
            explicit_ip,
            explicit_node_port,
            publish_not_ready,
        } => {
            let mut b = Service::builder(format!("s{name}"))
                .namespace(NAMESPACES[*ns])
                .selector_labels(selector_of(*selector))
                .publish_not_ready_addresses(*publish_not_ready);
            b = match explicit_node_port {
                Some(i) if *node_port => b.node_port(80, 8080, EXPLICIT_NODE_PORTS[*i]),
                _ => b.port_to(80, 8080),
            };
            if *node_port {
                b = b.node_port_type();
            }
            if let Some(i) = explicit_ip {
                b = b.cluster_ip(EXPLICIT_IPS[*i]);
            }
            let svc = b.build().expect("service");
            let ok = !service_refused(cluster, &svc);
            before = snapshot(ok);
            (cluster.apply(svc).map(|_| ()), ok)
        }
        Op::DeleteService { ns, name } => {
            let (ns, name) = (NAMESPACES[*ns], format!("s{name}"));
            let present = exists::<Service>(cluster, ns, &name);
            before = snapshot(present);
            (cluster.delete::<Service>(ns, &name).map(|_| ()), present)
        }
        Op::Advance { secs } => {
            cluster.advance(Duration::from_secs(*secs));
            (Ok(()), true)
        }
    };
    match (&outcome, expect_ok) {
        (Ok(()), true) => {}
        (Err(e), false) => {
            prop_assert_eq!(
                Some(cluster.dump_yaml()),
                before,
                "refused {:?} ({}) changed the cluster",
                op,
                e
            );
        }
        (Ok(()), false) => {
            return Err(TestCaseError::fail(format!(
                "{op:?} should have been refused"
            )));
        }
        (Err(e), true) => return Err(TestCaseError::fail(format!("{op:?} was refused: {e}"))),
    }
    Ok(())
}

/// (IP, ready, serving, terminating).
type Conditions = (String, bool, bool, bool);

fn is_ready(p: &Pod) -> bool {
    p.status
        .conditions
        .iter()
        .any(|c| c.type_ == "Ready" && c.status == "True")
}

/// The endpoints `svc` must have, from first principles.
fn expected_endpoints(svc: &Service, pods: &[Pod]) -> Vec<Conditions> {
    let selector = svc.spec.selector.clone().unwrap_or_default();
    let publish = svc.spec.publish_not_ready_addresses == Some(true);
    let mut out: Vec<Conditions> = pods
        .iter()
        .filter(|p| p.metadata.namespace() == svc.metadata.namespace())
        .filter(|p| {
            selector
                .iter()
                .all(|(k, v)| p.metadata.labels.get(k) == Some(v))
        })
        .filter(|p| !matches!(p.status.phase.as_deref(), Some("Succeeded" | "Failed")))
        .filter_map(|p| {
            let ip = p.status.pod_ip.clone()?;
            let serving = is_ready(p);
            let terminating = p.metadata.deletion_timestamp.is_some();
            Some((
                ip,
                publish || (serving && !terminating),
                serving,
                terminating,
            ))
        })
        .collect();
    out.sort();
    out
}

fn check_endpoints(cluster: &Cluster, pods: &[Pod]) -> Result<(), TestCaseError> {
    for svc in all_services(cluster) {
        if svc.spec.selector.as_ref().is_none_or(|s| s.is_empty()) {
            continue;
        }
        let (ns, name) = (svc.metadata.namespace(), svc.metadata.name());
        let want = expected_endpoints(&svc, pods);
        let slices: Vec<EndpointSlice> = cluster
            .list(Some(ns), &format!("kubernetes.io/service-name={name}"))
            .expect("slices");
        let mut got: Vec<Conditions> = Vec::new();
        for s in &slices {
            prop_assert_eq!(s.metadata.labels.get(MANAGED_BY), Some(CONTROLLER));
            prop_assert!(
                s.endpoints.len() <= MAX_PER_SLICE,
                "{}/{}: slice too big",
                ns,
                name
            );
            for e in &s.endpoints {
                prop_assert_eq!(e.addresses.len(), 1);
                let c = e.conditions.clone().unwrap_or_default();
                got.push((
                    e.addresses[0].clone(),
                    c.ready.expect("ready"),
                    c.serving.expect("serving"),
                    c.terminating.expect("terminating"),
                ));
            }
        }
        got.sort();
        prop_assert_eq!(&got, &want, "EndpointSlices of {}/{}", ns, name);
        // All pods resolve the same (numeric) ports: slices are as few as the cap allows.
        prop_assert_eq!(slices.len(), want.len().div_ceil(MAX_PER_SLICE).max(1));

        // The legacy object: terminating pods only when publishing not-ready addresses;
        // not-ready ones apart.
        let publish = svc.spec.publish_not_ready_addresses == Some(true);
        let mut want_ready: Vec<String> = Vec::new();
        let mut want_not_ready: Vec<String> = Vec::new();
        for (ip, ready, _, terminating) in &want {
            if *terminating && !publish {
                continue;
            }
            if *ready {
                want_ready.push(ip.clone());
            } else {
                want_not_ready.push(ip.clone());
            }
        }
        let legacy: Endpoints = cluster.get(ns, name).expect("legacy Endpoints");
        let mut got_ready: Vec<String> = legacy
            .subsets
            .iter()
            .flat_map(|s| s.addresses.iter().map(|a| a.ip.clone()))
            .collect();
        let mut got_not_ready: Vec<String> = legacy
            .subsets
            .iter()
            .flat_map(|s| s.not_ready_addresses.iter().map(|a| a.ip.clone()))
            .collect();
        for v in [
            &mut want_ready,
            &mut want_not_ready,
            &mut got_ready,
            &mut got_not_ready,
        ] {
            v.sort();
        }
        prop_assert_eq!(got_ready, want_ready, "Endpoints of {}/{}", ns, name);
        prop_assert_eq!(
            got_not_ready,
            want_not_ready,
            "Endpoints of {}/{}",
            ns,
            name
        );
    }
    Ok(())
}

fn check_allocations(cluster: &Cluster, tight: bool) -> Result<(), TestCaseError> {
    // Inside 10.96.0.0/12 and 30000-32767, and inside the tight ranges when configured.
    let (cidr, ports) = if tight {
        ("10.96.0.0/28", 30000..=30007)
    } else {
        ("10.96.0.0/12", 30000..=32767)
    };
    let service_cidr: Ipv4Cidr = cidr.parse().expect("cidr");
    let mut ips: BTreeMap<Ipv4Addr, String> = BTreeMap::new();
    let mut node_ports: BTreeMap<i32, String> = BTreeMap::new();
    for svc in all_services(cluster) {
        let who = format!("{}/{}", svc.metadata.namespace(), svc.metadata.name());
        let ip: Ipv4Addr = svc
            .spec
            .cluster_ip
            .as_deref()
            .expect("every Service here has a ClusterIP")
            .parse()
            .expect("an IP");
        prop_assert!(service_cidr.contains(ip), "{} has {}", who, ip);
        prop_assert_eq!(svc.spec.cluster_ips.clone(), vec![ip.to_string()]);
        if let Some(other) = ips.insert(ip, who.clone()) {
            return Err(TestCaseError::fail(format!(
                "{ip} held by {other} and {who}"
            )));
        }
        let is_node_port = svc.spec.type_.as_deref() == Some("NodePort");
        let own: BTreeSet<i32> = svc.spec.ports.iter().filter_map(|p| p.node_port).collect();
        prop_assert_eq!(
            own.len(),
            usize::from(is_node_port),
            "{} nodePorts {:?}",
            who,
            own
        );
        for np in own {
            prop_assert!(ports.contains(&np), "{} has nodePort {}", who, np);
            if let Some(other) = node_ports.insert(np, who.clone()) {
                return Err(TestCaseError::fail(format!(
                    "nodePort {np} held by {other} and {who}"
                )));
            }
        }
    }
    Ok(())
}

fn check_pods(cluster: &Cluster) -> Result<(), TestCaseError> {
    let pod_cidr: Ipv4Cidr = "10.244.0.0/16".parse().expect("cidr");
    let node_cidrs: BTreeMap<&str, Ipv4Cidr> = [
        ("minikube", "10.244.0.0/24".parse().expect("cidr")),
        ("minikube-m02", "10.244.1.0/24".parse().expect("cidr")),
    ]
    .into_iter()
    .collect();
    let mut seen: BTreeMap<Ipv4Addr, String> = BTreeMap::new();
    let everything: Vec<Pod> = cluster.list(None, "").expect("pods");
    for p in &everything {
        let who = format!("{}/{}", p.metadata.namespace(), p.metadata.name());
        let Some(ip) = p.status.pod_ip.as_deref() else {
            return Err(TestCaseError::fail(format!("{who} has no IP")));
        };
        let ip: Ipv4Addr = ip.parse().expect("an IP");
        prop_assert!(pod_cidr.contains(ip), "{} has {}", who, ip);
        let node = p.spec.node_name.as_deref().expect("scheduled");
        prop_assert!(
            node_cidrs[node].contains(ip),
            "{} on {} has {}",
            who,
            node,
            ip
        );
        if let Some(other) = seen.insert(ip, who.clone()) {
            return Err(TestCaseError::fail(format!(
                "{ip} held by {other} and {who}"
            )));
        }
    }
    for (ns, name, _, _) in DEPLOYMENTS {
        let d: Deployment = cluster.get(ns, name).expect("deployment");
        let active = everything
            .iter()
            .filter(|p| p.metadata.labels.get("owner") == Some(name))
            .filter(|p| p.metadata.deletion_timestamp.is_none())
            .count();
        prop_assert_eq!(Some(active as i32), d.spec.replicas, "{}/{}", ns, name);
    }
    Ok(())
}

fn check(cluster: &Cluster, tight: bool) -> Result<(), TestCaseError> {
    let pods: Vec<Pod> = cluster.list(None, "").expect("pods");
    check_endpoints(cluster, &pods)?;
    check_allocations(cluster, tight)?;
    check_pods(cluster)
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64);
    ProptestConfig::with_cases(cases)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn endpoints_and_allocations_follow_every_step(
        tight in any::<bool>(),
        ops in proptest::collection::vec(op(), 1..=40),
    ) {
        let cluster = new_cluster(tight);
        check(&cluster, tight)?;
        for op in &ops {
            step(&cluster, op)?;
            check(&cluster, tight)?;
        }
        // The same operations on a fresh cluster give the same bytes.
        let replay = new_cluster(tight);
        for op in &ops {
            step(&replay, op)?;
        }
        prop_assert!(replay.dump_yaml() == cluster.dump_yaml(), "replay differs");
    }
}
