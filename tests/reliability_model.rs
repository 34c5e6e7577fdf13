//! Model-based test across kinds: random sequences of user operations — Deployments and
//! Services applied as YAML, scaling, relabelling, readiness, deletions, namespaces created and
//! deleted, NetworkPolicies, HTTP requests and DNS lookups — and after **every** step the
//! cluster is checked against brute-force recomputations written here:
//!
//! - each Service's ready endpoints are exactly the ready, non-terminating pods of its
//!   namespace that match its selector and have an IP;
//! - every Service name resolves (from a pod, through cluster DNS) to its ClusterIP, and a
//!   name with no Service does not resolve;
//! - no pod IP, ClusterIP or nodePort is held twice;
//! - every response came from a ready endpoint of the Service asked for (or, when it has
//!   none, a serving-terminating one: kube-proxy's fallback), which the NetworkPolicies
//!   (evaluated here, by their definition) let the client reach;
//! - the events of a watch opened at the start, applied to the objects listed then, give the
//!   objects stored now;
//! - a refused operation leaves the cluster's dump unchanged.
//!
//! `PROPTEST_CASES` sets the number of sequences (256 by default), `MODEL_STEPS` their
//! length (50 by default).

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use kubelite::api::{EndpointSlice, Kind, NetworkPolicy, Pod, Service};
use kubelite::cluster::{EventType, ListOptions, WatchFilter};
use kubelite::labels::LabelSelector;
use kubelite::net::Origin;
use kubelite::{Cluster, Object};
use proptest::prelude::*;

/// `default` always exists; the others come and go.
const NAMESPACES: [&str; 3] = ["default", "blue", "green"];
const APPS: [&str; 2] = ["a", "b"];
const DEPLOYMENTS: [&str; 2] = ["d0", "d1"];
const SERVICES: [&str; 2] = ["s0", "s1"];
/// The pod every lookup and most requests start from; it lives in `default` for good.
const PROBE: &str = "default/probe";

#[derive(Clone, Debug)]
enum Op {
    ApplyDeployment {
        ns: usize,
        name: usize,
        app: usize,
        replicas: u8,
    },
    Scale {
        ns: usize,
        name: usize,
        replicas: u8,
    },
    ApplyService {
        ns: usize,
        name: usize,
        app: usize,
        node_port: bool,
    },
    DeleteService {
        ns: usize,
        name: usize,
    },
    Relabel {
        pick: usize,
        app: usize,
    },
    SetReady {
        pick: usize,
        ready: bool,
    },
    DeletePod {
        pick: usize,
    },
    ClientPod {
        ns: usize,
        role: bool,
    },
    CreateNamespace {
        ns: usize,
    },
    DeleteNamespace {
        ns: usize,
    },
    DenyAll {
        ns: usize,
    },
    AllowClients {
        ns: usize,
        app: usize,
    },
    DeletePolicies {
        ns: usize,
    },
    Request {
        client: usize,
        ns: usize,
        name: usize,
    },
    Advance {
        secs: u8,
    },
    /// A manifest with a bad document among good ones: refused as a whole.
    BadYaml {
        ns: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let ns = 0..NAMESPACES.len();
    prop_oneof![
        3 => (ns.clone(), 0..2usize, 0..2usize, 0..4u8)
            .prop_map(|(ns, name, app, replicas)| Op::ApplyDeployment { ns, name, app, replicas }),
        2 => (ns.clone(), 0..2usize, 0..4u8).prop_map(|(ns, name, replicas)| Op::Scale { ns, name, replicas }),
        3 => (ns.clone(), 0..2usize, 0..2usize, any::<bool>())
            .prop_map(|(ns, name, app, node_port)| Op::ApplyService { ns, name, app, node_port }),
        1 => (ns.clone(), 0..2usize).prop_map(|(ns, name)| Op::DeleteService { ns, name }),
        2 => (any::<usize>(), 0..2usize).prop_map(|(pick, app)| Op::Relabel { pick, app }),
        2 => (any::<usize>(), any::<bool>()).prop_map(|(pick, ready)| Op::SetReady { pick, ready }),
        1 => any::<usize>().prop_map(|pick| Op::DeletePod { pick }),
        1 => (ns.clone(), any::<bool>()).prop_map(|(ns, role)| Op::ClientPod { ns, role }),
        2 => (1..NAMESPACES.len()).prop_map(|ns| Op::CreateNamespace { ns }),
        1 => (1..NAMESPACES.len()).prop_map(|ns| Op::DeleteNamespace { ns }),
        1 => ns.clone().prop_map(|ns| Op::DenyAll { ns }),
        1 => (ns.clone(), 0..2usize).prop_map(|(ns, app)| Op::AllowClients { ns, app }),
        1 => ns.clone().prop_map(|ns| Op::DeletePolicies { ns }),
        4 => (0..4usize, ns.clone(), 0..2usize).prop_map(|(client, ns, name)| Op::Request { client, ns, name }),
        2 => (0..30u8).prop_map(|secs| Op::Advance { secs }),
        1 => ns.prop_map(|ns| Op::BadYaml { ns }),
    ]
}

fn deployment_yaml(ns: &str, name: &str, app: &str, replicas: u8) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n  namespace: {ns}\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels:\n      owner: {name}\n  template:\n    metadata:\n      labels:\n        owner: {name}\n        app: {app}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n        ports:\n        - containerPort: 80\n"
    )
}

fn service_yaml(ns: &str, name: &str, app: &str, node_port: bool) -> String {
    let kind = if node_port { "NodePort" } else { "ClusterIP" };
    format!(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\n  namespace: {ns}\nspec:\n  type: {kind}\n  selector:\n    app: {app}\n  ports:\n  - port: 80\n    targetPort: 80\n"
    )
}

fn policy_yaml(ns: &str, name: &str, spec: &str) -> String {
    format!(
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: {name}\n  namespace: {ns}\nspec:\n{spec}"
    )
}

/// Pods the random picks choose from: everything in the three namespaces but the probe.
fn pickable_pods(cluster: &Cluster) -> Vec<Pod> {
    let mut pods: Vec<Pod> = cluster.list(None, "").expect("pods");
    pods.retain(|p| {
        NAMESPACES.contains(&p.metadata.namespace())
            && format!("{}/{}", p.metadata.namespace(), p.metadata.name()) != PROBE
    });
    pods
}

fn is_ready(p: &Pod) -> bool {
    p.status
        .conditions
        .iter()
        .any(|c| c.type_ == "Ready" && c.status == "True")
}

fn key_of(p: &Pod) -> String {
    format!("{}/{}", p.metadata.namespace(), p.metadata.name())
}

/// Endpoints of a Service, from first principles: `namespace/name` of each matching pod with
/// an IP that has not finished, split into ready (not terminating) and serving-terminating.
fn brute_endpoints_split(svc: &Service, pods: &[Pod]) -> (BTreeSet<String>, BTreeSet<String>) {
    let selector = svc.spec.selector.clone().unwrap_or_default();
    let (mut ready, mut terminating) = (BTreeSet::new(), BTreeSet::new());
    if selector.is_empty() {
        return (ready, terminating);
    }
    let matching = pods
        .iter()
        .filter(|p| p.metadata.namespace() == svc.metadata.namespace())
        .filter(|p| {
            selector
                .iter()
                .all(|(k, v)| p.metadata.labels.get(k) == Some(v))
        })
        .filter(|p| p.status.pod_ip.is_some())
        .filter(|p| !matches!(p.status.phase.as_deref(), Some("Succeeded" | "Failed")))
        .filter(|p| is_ready(p));
    for p in matching {
        if p.metadata.deletion_timestamp.is_none() {
            ready.insert(key_of(p));
        } else {
            terminating.insert(key_of(p));
        }
    }
    (ready, terminating)
}

/// The ready endpoints of a Service.
fn brute_endpoints(svc: &Service, pods: &[Pod]) -> BTreeSet<String> {
    brute_endpoints_split(svc, pods).0
}

/// The pods a request to the Service may reach: the ready endpoints, or when there are none
/// the serving-terminating ones (kube-proxy's fallback, KEP-1669).
fn brute_routable(svc: &Service, pods: &[Pod]) -> BTreeSet<String> {
    let (ready, terminating) = brute_endpoints_split(svc, pods);
    if ready.is_empty() { terminating } else { ready }
}

/// `matchLabels` only: the policies made here use nothing else, which this checks.
fn selects(selector: &LabelSelector, pod: &Pod) -> bool {
    assert!(
        selector.match_expressions.is_empty(),
        "only matchLabels here"
    );
    selector
        .match_labels
        .iter()
        .all(|(k, v)| pod.metadata.labels.get(k) == Some(v))
}

/// Whether `from` may open a connection to `to` on port 80, by the definition: `to` is
/// isolated for ingress when a policy of its namespace selects it; then some rule of such a
/// policy must admit `from` (rules here have pod-selector peers and no ports). No policy
/// here restricts egress.
fn brute_allowed(policies: &[NetworkPolicy], from: &Pod, to: &Pod) -> bool {
    let isolating: Vec<&NetworkPolicy> = policies
        .iter()
        .filter(|np| np.metadata.namespace() == to.metadata.namespace())
        .filter(|np| np.spec.policy_types.iter().any(|t| t == "Ingress"))
        .filter(|np| selects(&np.spec.pod_selector, to))
        .collect();
    if isolating.is_empty() {
        return true;
    }
    isolating.iter().any(|np| {
        assert!(np.spec.egress.is_empty());
        np.spec.ingress.iter().any(|rule| {
            assert!(rule.ports.is_empty());
            rule.from.is_empty()
                || rule.from.iter().any(|peer| {
                    assert!(peer.namespace_selector.is_none() && peer.ip_block.is_none());
                    from.metadata.namespace() == np.metadata.namespace()
                        && peer.pod_selector.as_ref().is_some_and(|s| selects(s, from))
                })
        })
    })
}

/// Everything stored, keyed by kind, namespace and name (the objects `dump_yaml` writes,
/// without the YAML round trip, which would dominate the test's time).
fn objects_now(cluster: &Cluster) -> BTreeMap<String, Object> {
    Kind::ALL
        .iter()
        .flat_map(|kind| {
            cluster
                .list_objects(*kind, None, &ListOptions::default())
                .expect("list")
        })
        .map(|o| (object_key(&o), o))
        .collect()
}

fn object_key(o: &Object) -> String {
    format!(
        "{}/{}/{}",
        o.kind(),
        o.meta().namespace.as_deref().unwrap_or(""),
        o.meta().name()
    )
}

struct World {
    cluster: Cluster,
    watch: kubelite::cluster::Watch,
    replay: BTreeMap<String, Object>,
    requests: usize,
}

impl World {
    fn new() -> World {
        let cluster = Cluster::new();
        let watch = cluster.watch(WatchFilter::all());
        let replay = objects_now(&cluster);
        cluster
            .apply_yaml("apiVersion: v1\nkind: Pod\nmetadata:\n  name: probe\n  labels:\n    role: probe\nspec:\n  containers:\n  - name: probe\n    image: busybox\n")
            .expect("probe pod");
        World {
            cluster,
            watch,
            replay,
            requests: 0,
        }
    }

    /// Runs one operation; a refused one must leave the dump as it was.
    fn step(&mut self, op: &Op) -> Result<(), TestCaseError> {
        let c = &self.cluster;
        let before = objects_now(c);
        let result: Result<(), String> = match op {
            Op::ApplyDeployment { ns, name, app, replicas } => c
                .apply_yaml(&deployment_yaml(NAMESPACES[*ns], DEPLOYMENTS[*name], APPS[*app], *replicas))
                .map(drop)
                .map_err(|e| e.to_string()),
            Op::Scale { ns, name, replicas } => c
                .scale(NAMESPACES[*ns], DEPLOYMENTS[*name], u32::from(*replicas))
                .map(drop)
                .map_err(|e| e.to_string()),
            Op::ApplyService { ns, name, app, node_port } => c
                .apply_yaml(&service_yaml(NAMESPACES[*ns], SERVICES[*name], APPS[*app], *node_port))
                .map(drop)
                .map_err(|e| e.to_string()),
            Op::DeleteService { ns, name } => c
                .delete_object(Kind::Service, NAMESPACES[*ns], SERVICES[*name], None)
                .map(drop)
                .map_err(|e| e.to_string()),
            Op::Relabel { pick, app } => {
                let pods = pickable_pods(c);
                let Some(p) = pods.get(pick % pods.len().max(1)) else {
                    return Ok(());
                };
                c.set_label(Kind::Pod, p.metadata.namespace(), p.metadata.name(), "app", Some(APPS[*app]))
                    .map(drop)
                    .map_err(|e| e.to_string())
            }
            Op::SetReady { pick, ready } => {
                let pods = pickable_pods(c);
                let Some(p) = pods.get(pick % pods.len().max(1)) else {
                    return Ok(());
                };
                c.set_pod_ready(&key_of(p), *ready).map_err(|e| e.to_string())
            }
            Op::DeletePod { pick } => {
                let pods = pickable_pods(c);
                let Some(p) = pods.get(pick % pods.len().max(1)) else {
                    return Ok(());
                };
                c.delete_object(Kind::Pod, p.metadata.namespace(), p.metadata.name(), Some(0))
                    .map(drop)
                    .map_err(|e| e.to_string())
            }
            Op::ClientPod { ns, role } => {
                let role = if *role { "client" } else { "other" };
                c.apply_yaml(&format!(
                    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: client-{role}\n  namespace: {}\n  labels:\n    role: {role}\nspec:\n  containers:\n  - name: c\n    image: busybox\n",
                    NAMESPACES[*ns]
                ))
                .map(drop)
                .map_err(|e| e.to_string())
            }
            Op::CreateNamespace { ns } => c
                .apply_yaml(&format!("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {}\n", NAMESPACES[*ns]))
                .map(drop)
                .map_err(|e| e.to_string()),
            Op::DeleteNamespace { ns } => c
                .delete_object(Kind::Namespace, "", NAMESPACES[*ns], None)
                .map(drop)
                .map_err(|e| e.to_string()),
            Op::DenyAll { ns } => c
                .apply_yaml(&policy_yaml(NAMESPACES[*ns], "deny-all", "  podSelector: {}\n  policyTypes: [Ingress]\n"))
                .map(drop)
                .map_err(|e| e.to_string()),
            Op::AllowClients { ns, app } => c
                .apply_yaml(&policy_yaml(
                    NAMESPACES[*ns],
                    &format!("allow-{}", APPS[*app]),
                    &format!(
                        "  podSelector:\n    matchLabels:\n      app: {}\n  ingress:\n  - from:\n    - podSelector:\n        matchLabels:\n          role: client\n",
                        APPS[*app]
                    ),
                ))
                .map(drop)
                .map_err(|e| e.to_string()),
            Op::DeletePolicies { ns } => {
                let ns = NAMESPACES[*ns];
                for np in c.list::<NetworkPolicy>(Some(ns), "").expect("policies") {
                    c.delete_object(Kind::NetworkPolicy, ns, np.metadata.name(), None)
                        .expect("a listed policy deletes");
                }
                Ok(())
            }
            Op::Request { client, ns, name } => return self.request(*client, *ns, *name),
            Op::Advance { secs } => {
                c.advance(Duration::from_secs(u64::from(*secs)));
                Ok(())
            }
            Op::BadYaml { ns } => {
                let ns = NAMESPACES[*ns];
                let text = format!(
                    "{}---\n{}",
                    service_yaml(ns, "s0", "a", false),
                    deployment_yaml(ns, "Bad_Name", "a", 1)
                );
                let e = c.apply_yaml(&text).expect_err("a bad document refuses the stream");
                prop_assert!(e.to_string().starts_with("document "), "{}", e);
                Err(e.to_string())
            }
        };
        if let Err(e) = result {
            prop_assert!(
                objects_now(c) == before,
                "refused {:?} ({}) changed the cluster",
                op,
                e
            );
        }
        Ok(())
    }

    /// A request from a client pod to a Service name; a response must come from a ready
    /// endpoint that policy lets the client reach.
    fn request(&mut self, client: usize, ns: usize, name: usize) -> Result<(), TestCaseError> {
        let c = &self.cluster;
        let clients: Vec<Pod> = c.list(None, "role").expect("clients");
        let Some(from) = clients.get(client % clients.len().max(1)) else {
            return Ok(());
        };
        let (ns, name) = (NAMESPACES[ns], SERVICES[name]);
        let pods: Vec<Pod> = c.list(None, "").expect("pods");
        let policies: Vec<NetworkPolicy> = c.list(None, "").expect("policies");
        let allowed: BTreeSet<String> = match c.get::<Service>(ns, name) {
            Ok(svc) => brute_routable(&svc, &pods)
                .into_iter()
                .filter(|to| {
                    let to = pods.iter().find(|p| &key_of(p) == to).expect("listed");
                    brute_allowed(&policies, from, to)
                })
                .collect(),
            Err(_) => BTreeSet::new(),
        };
        self.requests += 1;
        let origin = Origin::pod(&key_of(from));
        match c.request(origin, &format!("http://{name}.{ns}/")) {
            Ok(response) => {
                let served_by = response.served_by().map(str::to_owned);
                prop_assert!(
                    served_by.as_ref().is_some_and(|s| allowed.contains(s)),
                    "{} → {}.{} answered by {:?}; allowed routable endpoints {:?}",
                    key_of(from),
                    name,
                    ns,
                    served_by,
                    allowed
                );
            }
            Err(e) => {
                // A refusal names a reason; nothing to check against the model beyond it.
                prop_assert!(!e.to_string().is_empty());
            }
        }
        Ok(())
    }

    fn check(&mut self) -> Result<(), TestCaseError> {
        let c = &self.cluster;
        let pods: Vec<Pod> = c.list(None, "").expect("pods");
        let services: Vec<Service> = c.list(None, "").expect("services");

        // Endpoints = brute force.
        for svc in &services {
            if svc.spec.selector.as_ref().is_none_or(|s| s.is_empty()) {
                continue;
            }
            let (ns, name) = (svc.metadata.namespace(), svc.metadata.name());
            let by_ip: BTreeMap<&str, String> = pods
                .iter()
                .filter_map(|p| Some((p.status.pod_ip.as_deref()?, key_of(p))))
                .collect();
            let slices: Vec<EndpointSlice> = c
                .list(Some(ns), &format!("kubernetes.io/service-name={name}"))
                .expect("slices");
            let got: BTreeSet<String> = slices
                .iter()
                .flat_map(|s| s.endpoints.iter())
                .filter(|e| e.conditions.as_ref().and_then(|c| c.ready) == Some(true))
                .flat_map(|e| e.addresses.iter())
                .map(|ip| {
                    by_ip
                        .get(ip.as_str())
                        .cloned()
                        .unwrap_or_else(|| ip.clone())
                })
                .collect();
            prop_assert_eq!(
                got,
                brute_endpoints(svc, &pods),
                "endpoints of {}/{}",
                ns,
                name
            );
        }

        // No allocation held twice.
        let mut seen = BTreeSet::new();
        for p in &pods {
            if let Some(ip) = &p.status.pod_ip {
                prop_assert!(seen.insert(ip.clone()), "pod IP {} held twice", ip);
            }
        }
        let mut node_ports = BTreeSet::new();
        for svc in &services {
            for ip in svc.spec.cluster_ips.iter().filter(|ip| *ip != "None") {
                prop_assert!(seen.insert(ip.clone()), "IP {} held twice", ip);
            }
            for np in svc.spec.ports.iter().filter_map(|p| p.node_port) {
                prop_assert!(node_ports.insert(np), "nodePort {} held twice", np);
            }
        }

        // DNS = brute force: each name of the pool resolves to its Service's ClusterIP.
        for ns in NAMESPACES {
            for name in SERVICES {
                let want = services
                    .iter()
                    .find(|s| s.metadata.namespace() == ns && s.metadata.name() == name)
                    .and_then(|s| s.spec.cluster_ip.clone());
                let fqdn = format!("{name}.{ns}.svc.cluster.local");
                let got = c
                    .resolve(Origin::pod(PROBE), &fqdn)
                    .ok()
                    .and_then(|l| l.first_ip())
                    .map(|ip| ip.to_string());
                prop_assert_eq!(got, want, "DNS answer for {}", fqdn);
            }
        }

        // Watch events replay to the stored objects.
        for event in self.watch.drain() {
            let key = object_key(&event.object);
            match event.event_type {
                EventType::Deleted => {
                    prop_assert!(self.replay.remove(&key).is_some(), "deleted unseen {}", key);
                }
                _ => {
                    self.replay.insert(key, event.object);
                }
            }
        }
        let now = objects_now(c);
        prop_assert_eq!(
            self.replay.keys().collect::<Vec<_>>(),
            now.keys().collect::<Vec<_>>(),
            "watch replay: objects"
        );
        for (key, object) in &now {
            prop_assert!(
                self.replay.get(key) == Some(object),
                "watch replay differs on {}",
                key
            );
        }
        Ok(())
    }
}

fn env_number(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn config() -> ProptestConfig {
    ProptestConfig::with_cases(env_number("PROPTEST_CASES", 256) as u32)
}

fn steps() -> impl Strategy<Value = Vec<Op>> {
    let n = env_number("MODEL_STEPS", 50);
    proptest::collection::vec(op(), n..=n + n / 2)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn every_step_keeps_the_invariants(ops in steps()) {
        let mut world = World::new();
        world.check()?;
        for op in &ops {
            world.step(op)?;
            world.check()?;
        }
        prop_assert!(world.requests <= ops.len());
    }
}
