//! Random NetworkPolicies over a small random cluster: `Cluster::can_connect` agrees with a
//! straightforward reference evaluator written here from §10 of the semantics, sharing no
//! code with the crate (it reads the policies as plain JSON).

use std::collections::BTreeMap;

use kubelite::cluster::NodeConfig;
use kubelite::net::Protocol;
use kubelite::{Cluster, ClusterConfig};
use proptest::prelude::*;
use serde_json::{Value, json};

type LabelMap = BTreeMap<String, String>;

#[derive(Clone, Debug)]
struct RefPod {
    ns: String,
    name: String,
    labels: LabelMap,
    ip: [u8; 4],
    /// (name, port, protocol)
    ports: Vec<(String, u16, String)>,
}

const NAMESPACES: [&str; 3] = ["n1", "n2", "n3"];
/// Every port a pod may serve: (name, number, protocol).
const PORTS: [(&str, u16, &str); 4] = [
    ("http", 80, "TCP"),
    ("dns", 81, "UDP"),
    ("sctp", 82, "SCTP"),
    ("alt", 81, "TCP"),
];

fn labels() -> impl Strategy<Value = LabelMap> {
    (
        prop::option::of(prop::sample::select(vec!["web", "db"])),
        prop::option::of(prop::sample::select(vec!["a", "b"])),
    )
        .prop_map(|(app, tier)| {
            let mut m = LabelMap::new();
            if let Some(a) = app {
                m.insert("app".into(), a.into());
            }
            if let Some(t) = tier {
                m.insert("tier".into(), t.into());
            }
            m
        })
}

fn selector() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({})),
        prop::sample::select(vec!["web", "db"]).prop_map(|v| json!({"matchLabels": {"app": v}})),
        (prop::sample::select(vec!["In", "NotIn"]), prop::sample::subsequence(vec!["a", "b", "n1", "n2"], 1..3))
            .prop_map(|(op, vals)| json!({"matchExpressions": [{"key": "tier", "operator": op, "values": vals}]})),
        prop::sample::select(vec!["Exists", "DoesNotExist"])
            .prop_map(|op| json!({"matchExpressions": [{"key": "tier", "operator": op}]})),
    ]
}

fn ns_selector() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({})),
        prop::sample::select(vec!["n1", "n2", "n3"])
            .prop_map(|n| json!({"matchLabels": {"kubernetes.io/metadata.name": n}})),
        selector(),
    ]
}

fn peer() -> impl Strategy<Value = Value> {
    prop_oneof![
        selector().prop_map(|s| json!({"podSelector": s})),
        ns_selector().prop_map(|s| json!({"namespaceSelector": s})),
        (selector(), ns_selector()).prop_map(|(p, n)| json!({"podSelector": p, "namespaceSelector": n})),
        (0u8..4, prop::option::of(0u8..6)).prop_map(|(third, except)| {
            match except {
                Some(e) => json!({"ipBlock": {"cidr": format!("10.0.{third}.0/24"), "except": [format!("10.0.{third}.{e}/32")]}}),
                None => json!({"ipBlock": {"cidr": "10.0.0.0/16", "except": [format!("10.0.{third}.0/24")]}}),
            }
        }),
    ]
}

fn port() -> impl Strategy<Value = Value> {
    let proto = prop::option::of(prop::sample::select(vec!["TCP", "UDP", "SCTP"]));
    prop_oneof![
        (79u16..84, proto.clone()).prop_map(|(p, pr)| with_proto(json!({"port": p}), pr)),
        (79u16..82, 0u16..3, proto.clone())
            .prop_map(|(p, n, pr)| with_proto(json!({"port": p, "endPort": p + n}), pr)),
        (
            prop::sample::select(vec!["http", "dns", "sctp", "alt", "nope"]),
            proto.clone()
        )
            .prop_map(|(n, pr)| with_proto(json!({"port": n}), pr)),
        proto.prop_map(|pr| with_proto(json!({}), pr)),
    ]
}

fn with_proto(mut v: Value, proto: Option<&str>) -> Value {
    if let Some(p) = proto {
        v["protocol"] = json!(p);
    }
    v
}

/// A rule list: absent, empty, or up to two rules with absent/empty/some peers and ports.
fn rules(peer_key: &'static str) -> impl Strategy<Value = Option<Vec<Value>>> {
    let list = |s: BoxedStrategy<Value>| prop::option::of(prop::collection::vec(s, 0..3));
    let rule = (list(peer().boxed()), list(port().boxed())).prop_map(move |(peers, ports)| {
        let mut r = json!({});
        if let Some(p) = peers {
            r[peer_key] = json!(p);
        }
        if let Some(p) = ports {
            r["ports"] = json!(p);
        }
        r
    });
    prop::option::of(prop::collection::vec(rule, 0..3))
}

fn policy() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(NAMESPACES.to_vec()),
        selector(),
        prop::option::of(prop::sample::subsequence(vec!["Ingress", "Egress"], 1..=2)),
        rules("from"),
        rules("to"),
    )
        .prop_map(|(ns, sel, types, ingress, egress)| {
            let mut spec = json!({"podSelector": sel});
            if let Some(t) = types {
                spec["policyTypes"] = json!(t);
            }
            if let Some(i) = ingress {
                spec["ingress"] = json!(i);
            }
            if let Some(e) = egress {
                spec["egress"] = json!(e);
            }
            json!({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
                   "metadata": {"namespace": ns, "name": "p"}, "spec": spec})
        })
}

fn world() -> impl Strategy<Value = (Vec<LabelMap>, Vec<RefPod>, Vec<Value>)> {
    let ns_labels = prop::collection::vec(labels(), 3);
    let pods = prop::collection::vec(
        (
            0usize..3,
            labels(),
            prop::sample::subsequence(PORTS.to_vec(), 0..=4),
        ),
        2..6,
    );
    (ns_labels, pods, prop::collection::vec(policy(), 0..5)).prop_map(
        |(nsl, pods, mut policies)| {
            let pods = pods
                .into_iter()
                .enumerate()
                .map(|(i, (ns, labels, ports))| RefPod {
                    ns: NAMESPACES[ns].into(),
                    name: format!("p{i}"),
                    labels,
                    ip: [10, 0, (ns + 1) as u8, (i + 1) as u8],
                    ports: ports
                        .into_iter()
                        .map(|(n, p, pr)| (n.into(), p, pr.into()))
                        .collect(),
                })
                .collect();
            for (i, p) in policies.iter_mut().enumerate() {
                p["metadata"]["name"] = json!(format!("policy-{i}"));
            }
            (nsl, pods, policies)
        },
    )
}

// ---- the reference evaluator ----

fn ref_selects(selector: &Value, labels: &LabelMap) -> bool {
    if let Some(ml) = selector.get("matchLabels").and_then(Value::as_object) {
        for (k, v) in ml {
            if labels.get(k).map(String::as_str) != v.as_str() {
                return false;
            }
        }
    }
    for e in selector
        .get("matchExpressions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let key = e["key"].as_str().unwrap_or_default();
        let values: Vec<&str> = e["values"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let have = labels.get(key).map(String::as_str);
        let ok = match e["operator"].as_str() {
            Some("In") => have.is_some_and(|h| values.contains(&h)),
            Some("NotIn") => have.is_none_or(|h| !values.contains(&h)),
            Some("Exists") => have.is_some(),
            Some("DoesNotExist") => have.is_none(),
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    true
}

fn ns_labels_of(ns_labels: &[LabelMap], ns: &str) -> LabelMap {
    let i = NAMESPACES.iter().position(|n| *n == ns).unwrap_or(0);
    let mut l = ns_labels[i].clone();
    l.insert("kubernetes.io/metadata.name".into(), ns.into());
    l
}

fn in_cidr(ip: [u8; 4], cidr: &str) -> bool {
    let (addr, bits) = cidr.split_once('/').unwrap_or((cidr, "32"));
    let a: Vec<u32> = addr.split('.').map(|x| x.parse().unwrap_or(0)).collect();
    let net = (a[0] << 24) | (a[1] << 16) | (a[2] << 8) | a[3];
    let ip = u32::from_be_bytes(ip);
    let bits: u32 = bits.parse().unwrap_or(32);
    let mask = if bits == 0 {
        0
    } else {
        u32::MAX << (32 - bits)
    };
    ip & mask == net & mask
}

fn ref_peer(peer: &Value, policy_ns: &str, other: &RefPod, ns_labels: &[LabelMap]) -> bool {
    if let Some(block) = peer.get("ipBlock") {
        let cidr = block["cidr"].as_str().unwrap_or_default();
        let excepted = block["except"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|e| in_cidr(other.ip, e.as_str().unwrap_or_default()));
        return in_cidr(other.ip, cidr) && !excepted;
    }
    let ns_ok = match peer.get("namespaceSelector") {
        Some(sel) => ref_selects(sel, &ns_labels_of(ns_labels, &other.ns)),
        None => other.ns == policy_ns,
    };
    let pod_ok = peer
        .get("podSelector")
        .is_none_or(|sel| ref_selects(sel, &other.labels));
    ns_ok && pod_ok
}

fn ref_port(entry: &Value, dst: &RefPod, port: u16, proto: &str) -> bool {
    let entry_proto = entry
        .get("protocol")
        .and_then(Value::as_str)
        .unwrap_or("TCP");
    if entry_proto != proto {
        return false;
    }
    match entry.get("port") {
        None => true,
        Some(Value::Number(n)) => {
            let first = n.as_u64().unwrap_or(0);
            let last = entry
                .get("endPort")
                .and_then(Value::as_u64)
                .unwrap_or(first);
            (first..=last).contains(&u64::from(port))
        }
        Some(Value::String(name)) => dst
            .ports
            .iter()
            .any(|(n, p, pr)| n == name && pr == proto && *p == port),
        _ => false,
    }
}

/// Whether the direction `dir` of pod `subject` lets traffic with `other` through (the
/// destination is `other` for egress, `subject` for ingress).
fn ref_direction(
    dir: &str,
    subject: &RefPod,
    other: &RefPod,
    port: u16,
    proto: &str,
    policies: &[Value],
    ns_labels: &[LabelMap],
) -> bool {
    let dst = if dir == "Ingress" { subject } else { other };
    let (list, peers_key) = if dir == "Ingress" {
        ("ingress", "from")
    } else {
        ("egress", "to")
    };
    let mut isolated = false;
    for p in policies {
        let ns = p["metadata"]["namespace"].as_str().unwrap_or_default();
        if ns != subject.ns || !ref_selects(&p["spec"]["podSelector"], &subject.labels) {
            continue;
        }
        let types: Vec<&str> = match p["spec"].get("policyTypes") {
            Some(t) => t
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect(),
            None => {
                let has_egress = p["spec"]["egress"]
                    .as_array()
                    .is_some_and(|e| !e.is_empty());
                if has_egress {
                    vec!["Ingress", "Egress"]
                } else {
                    vec!["Ingress"]
                }
            }
        };
        if !types.contains(&dir) {
            continue;
        }
        isolated = true;
        for rule in p["spec"][list].as_array().into_iter().flatten() {
            let peers: Vec<&Value> = rule[peers_key].as_array().into_iter().flatten().collect();
            let ports: Vec<&Value> = rule["ports"].as_array().into_iter().flatten().collect();
            let peer_ok =
                peers.is_empty() || peers.iter().any(|pe| ref_peer(pe, ns, other, ns_labels));
            let port_ok = ports.is_empty() || ports.iter().any(|po| ref_port(po, dst, port, proto));
            if peer_ok && port_ok {
                return true;
            }
        }
    }
    !isolated
}

fn build(ns_labels: &[LabelMap], pods: &[RefPod], policies: &[Value]) -> Cluster {
    let node = NodeConfig::new("minikube", [192, 168, 49, 2].into()).pod_cidr("10.0.0.0/16");
    let cluster = Cluster::with_config(
        ClusterConfig::minikube()
            .pod_cidr("10.0.0.0/16")
            .with_nodes([node]),
    )
    .expect("cluster");
    let mut docs: Vec<Value> = NAMESPACES
        .iter()
        .zip(ns_labels)
        .map(|(n, l)| json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": n, "labels": l}}))
        .collect();
    for p in pods {
        let ports: Vec<Value> = p
            .ports
            .iter()
            .map(|(n, port, pr)| json!({"name": n, "containerPort": port, "protocol": pr}))
            .collect();
        let ip = format!("{}.{}.{}.{}", p.ip[0], p.ip[1], p.ip[2], p.ip[3]);
        docs.push(json!({"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": p.name, "namespace": p.ns, "labels": p.labels, "annotations": {"kubelite.io/pod-ip": ip}},
            "spec": {"containers": [{"name": "app", "image": "agnhost", "ports": ports}]}}));
    }
    docs.extend(policies.iter().cloned());
    let yaml: String = docs.iter().map(|d| format!("---\n{d}\n")).collect();
    cluster.apply_yaml(&yaml).expect("world applies");
    cluster
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn can_connect_agrees_with_the_reference((ns_labels, pods, policies) in world()) {
        let cluster = build(&ns_labels, &pods, &policies);
        for src in &pods {
            for dst in &pods {
                for (port, proto) in [(80, "TCP"), (81, "TCP"), (81, "UDP"), (82, "SCTP"), (83, "TCP")] {
                    let listens = dst.ports.iter().any(|(_, p, pr)| *p == port && pr == proto);
                    let expected = listens
                        && ref_direction("Egress", src, dst, port, proto, &policies, &ns_labels)
                        && ref_direction("Ingress", dst, src, port, proto, &policies, &ns_labels);
                    let from = format!("{}/{}", src.ns, src.name);
                    let to = format!("{}/{}", dst.ns, dst.name);
                    let protocol: Protocol = proto.parse().expect("protocol");
                    let actual = cluster.can_connect(&from, &to, port, protocol);
                    prop_assert_eq!(actual, expected, "{} -> {} {}/{}: {:?}", from, to, port, proto,
                        cluster.explain_connection(&from, &to, port, protocol).map(|e| e.to_string()));
                }
            }
        }
    }
}
