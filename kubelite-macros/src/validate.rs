//! Semantic checks on the parsed input, each error on the token it is about: names and labels
//! by Kubernetes' own rules, port ranges, duplicates, required fields, and the check no YAML
//! file can make — a Service selector that matches nothing declared in its namespace.

use std::collections::{BTreeMap, BTreeSet};

use crate::ast::*;
use crate::diag::Diag;
use crate::names;
use crate::suggest::{did_you_mean, nearest};

/// The NodePort range when `config` does not set one (`--service-node-port-range`).
const DEFAULT_NODE_PORTS: (i64, i64) = (30000, 32767);

/// Runs every check, pushing what fails into `diag`.
pub(crate) fn validate(input: &ClusterInput, diag: &mut Diag) {
    let cfg = config(input.config.as_ref(), diag);
    let mut namespaces: BTreeSet<&str> = BTreeSet::new();
    let mut node_ports: BTreeMap<i64, ()> = BTreeMap::new();
    for item in &input.items {
        let TopItem::Namespace(ns) = item else {
            continue;
        };
        name_rule(diag, "Namespace", &ns.name, names::dns1123_label);
        if !namespaces.insert(&ns.name.value) {
            diag.push(ns.name.error(format!(
                "duplicate namespace `{}`: declare its objects in one block",
                ns.name.value
            )));
        }
        labels(diag, &ns.labels);
        namespace(ns, &cfg, &mut node_ports, diag);
    }
}

/// What the objects are checked against.
struct Cfg {
    node_ports: (i64, i64),
    nodes: Vec<String>,
}

fn config(config: Option<&Config>, diag: &mut Diag) -> Cfg {
    let mut cfg = Cfg {
        node_ports: DEFAULT_NODE_PORTS,
        nodes: vec!["minikube".to_owned()],
    };
    let Some(config) = config else {
        return cfg;
    };
    if let Some(nodes) = &config.nodes {
        if nodes.value < 1 {
            diag.push(nodes.error("a cluster needs at least one node"));
        }
        cfg.nodes = (0..nodes.value.clamp(1, 1000))
            .map(|i| match i {
                0 => "minikube".to_owned(),
                i => format!("minikube-m{:02}", i + 1),
            })
            .collect();
    }
    for cidr in [&config.pod_cidr, &config.service_cidr]
        .into_iter()
        .flatten()
    {
        if let Err(e) = parse_cidr(&cidr.value) {
            diag.push(cidr.error(format!("invalid CIDR {:?}: {e}", cidr.value)));
        }
    }
    if let Some(domain) = &config.domain {
        name_rule(diag, "cluster domain", domain, names::dns1123_subdomain);
    }
    if let Some((first, last)) = &config.node_ports {
        for p in [first, last] {
            port_number(diag, p);
        }
        if last.value < first.value {
            diag.push(last.error(format!(
                "the NodePort range {}-{} ends before it starts",
                first.value, last.value
            )));
        }
        cfg.node_ports = (first.value, last.value);
    }
    cfg
}

/// An IPv4 CIDR: `a.b.c.d/n`.
fn parse_cidr(s: &str) -> Result<(), String> {
    let (ip, prefix) = s
        .split_once('/')
        .ok_or_else(|| "must be an address and a prefix length, like 10.0.0.0/16".to_owned())?;
    ip.parse::<std::net::Ipv4Addr>()
        .map_err(|_| format!("{ip:?} is not an IPv4 address"))?;
    match prefix.parse::<u8>() {
        Ok(p) if p <= 32 => Ok(()),
        _ => Err(format!("prefix length {prefix:?} must be between 0 and 32")),
    }
}

fn name_rule(diag: &mut Diag, kind: &str, name: &Text, rule: fn(&str) -> names::Messages) {
    let messages = rule(&name.value);
    if !messages.is_empty() {
        diag.push(name.error(format!(
            "invalid {kind} name {:?}: {}",
            name.value,
            messages.join("; ")
        )));
    }
}

fn port_number(diag: &mut Diag, port: &Int) {
    let messages = names::port_number(port.value);
    if !messages.is_empty() {
        diag.push(port.error(format!(
            "invalid port {}: {}",
            port.value,
            messages.join("; ")
        )));
    }
}

fn port_name(diag: &mut Diag, name: &Text) {
    let messages = names::port_name(&name.value);
    if !messages.is_empty() {
        diag.push(name.error(format!(
            "invalid port name {:?}: {}",
            name.value,
            messages.join("; ")
        )));
    }
}

/// The checks of `labels!`.
pub(crate) fn labels_only(pairs: &[(Text, Text)], diag: &mut Diag) {
    labels(diag, pairs);
}

/// Label keys and values; also used for selectors.
fn labels(diag: &mut Diag, pairs: &[(Text, Text)]) {
    let mut seen = BTreeSet::new();
    for (key, value) in pairs {
        let messages = names::qualified_name(&key.value);
        if !messages.is_empty() {
            diag.push(key.error(format!(
                "invalid label key {:?}: {}",
                key.value,
                messages.join("; ")
            )));
        }
        let messages = names::label_value(&value.value);
        if !messages.is_empty() {
            diag.push(value.error(format!(
                "invalid label value {:?}: {}",
                value.value,
                messages.join("; ")
            )));
        }
        if !seen.insert(key.value.as_str()) {
            diag.push(key.error(format!("duplicate label key {:?}", key.value)));
        }
    }
}

/// The labels a workload's pods carry: a Deployment without labels gets `app: NAME`.
fn pod_labels(w: &Workload) -> BTreeMap<&str, &str> {
    match &w.labels {
        Some(l) if !l.is_empty() => l
            .iter()
            .map(|(k, v)| (k.value.as_str(), v.value.as_str()))
            .collect(),
        _ if w.kind == WorkloadKind::Deployment => BTreeMap::from([("app", w.name.value.as_str())]),
        _ => BTreeMap::new(),
    }
}

fn namespace(ns: &NamespaceDecl, cfg: &Cfg, node_ports: &mut BTreeMap<i64, ()>, diag: &mut Diag) {
    let mut objects: BTreeSet<(&str, &str)> = BTreeSet::new();
    let workloads: Vec<&Workload> = ns
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Workload(w) => Some(w),
            _ => None,
        })
        .collect();
    for item in &ns.items {
        let (kind, name) = match item {
            Item::Workload(w) => (w.kind.as_str(), &w.name),
            Item::Service(s) => ("Service", &s.name),
            Item::Policy(p) => ("NetworkPolicy", &p.name),
        };
        if !objects.insert((kind, &name.value)) {
            diag.push(name.error(format!(
                "duplicate {kind} `{}` in namespace `{}`",
                name.value, ns.name.value
            )));
        }
        match item {
            Item::Workload(w) => workload(w, cfg, diag),
            Item::Service(s) => service(s, ns, &workloads, cfg, node_ports, diag),
            Item::Policy(p) => policy(p, diag),
        }
    }
}

/// `[-._a-zA-Z][-._a-zA-Z0-9]*`, upstream's `IsEnvVarName`.
fn env_name(diag: &mut Diag, name: &Text) {
    let b = name.value.as_bytes();
    let ok = b.first().is_some_and(|c| !c.is_ascii_digit())
        && b.iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_'));
    if !ok {
        diag.push(name.error(format!(
            "invalid environment variable name {:?}: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
            name.value
        )));
    }
}

fn workload(w: &Workload, cfg: &Cfg, diag: &mut Diag) {
    let kind = w.kind.as_str();
    name_rule(diag, kind, &w.name, names::dns1123_subdomain);
    match &w.image {
        None => diag.push(
            w.name
                .error(format!("{kind} `{}` is missing `image`", w.name.value)),
        ),
        Some(image) if image.value.trim().is_empty() => {
            diag.push(image.error("`image` must not be empty"))
        }
        Some(_) => {}
    }
    if let Some(r) = &w.replicas
        && r.value > i64::from(i32::MAX)
    {
        diag.push(r.error(format!("replicas {} does not fit in an i32", r.value)));
    }
    if let Some(l) = &w.labels {
        labels(diag, l);
    }
    let mut port_names = BTreeSet::new();
    for (name, port) in &w.ports {
        port_number(diag, port);
        if let Some(name) = name {
            port_name(diag, name);
            if !port_names.insert(name.value.as_str()) {
                diag.push(name.error(format!("duplicate container port name {:?}", name.value)));
            }
        }
    }
    let mut env = BTreeSet::new();
    for (name, _) in &w.env {
        env_name(diag, name);
        if !env.insert(name.value.as_str()) {
            diag.push(name.error(format!("duplicate environment variable {:?}", name.value)));
        }
    }
    if let Some(d) = &w.readiness_delay
        && d.value > i64::from(i32::MAX)
    {
        diag.push(d.error("`initial_delay_seconds` does not fit in an i32"));
    }
    if let Some(Strategy::RollingUpdate(surge, unavailable)) = &w.strategy {
        let zero = |v: &IntOrText| match v {
            IntOrText::Int(i) => i.value == 0,
            IntOrText::Text(t) => t.value == "0%",
        };
        for v in [surge, unavailable] {
            if let IntOrText::Text(t) = v {
                let ok = t
                    .value
                    .strip_suffix('%')
                    .is_some_and(|n| n.parse::<u8>().is_ok_and(|n| n <= 100));
                if !ok {
                    diag.push(t.error(format!(
                        "invalid value {:?}: a number or a percentage like \"25%\"",
                        t.value
                    )));
                }
            }
        }
        if zero(surge) && zero(unavailable) {
            let at = match unavailable {
                IntOrText::Int(i) => i.error("max_unavailable may not be 0 when `max_surge` is 0"),
                IntOrText::Text(t) => t.error("max_unavailable may not be 0 when `max_surge` is 0"),
            };
            diag.push(at);
        }
    }
    if let Some(node) = &w.node
        && !cfg.nodes.contains(&node.value)
    {
        diag.push(node.error(format!(
            "unknown node `{}`; the cluster's nodes are {}{}",
            node.value,
            cfg.nodes.join(", "),
            did_you_mean(&node.value, cfg.nodes.iter().map(String::as_str))
        )));
    }
    for n in [&w.hostname, &w.subdomain].into_iter().flatten() {
        name_rule(diag, "host", n, names::dns1123_label);
    }
}

const SERVICE_TYPES: &[&str] = &["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"];

/// The Service type the declaration amounts to (`external_name` alone implies ExternalName).
pub(crate) fn service_type(s: &ServiceDecl) -> &str {
    match (&s.type_, &s.external_name) {
        (Some(t), _) => t.value.as_str(),
        (None, Some(_)) => "ExternalName",
        (None, None) => "ClusterIP",
    }
}

/// `tcp`, `UDP`, ... → the wire spelling, if it is a protocol.
pub(crate) fn protocol(p: &Text) -> Option<&'static str> {
    match p.value.to_ascii_uppercase().as_str() {
        "TCP" => Some("TCP"),
        "UDP" => Some("UDP"),
        "SCTP" => Some("SCTP"),
        _ => None,
    }
}

fn check_protocol(diag: &mut Diag, p: &Option<Text>) -> &'static str {
    match p {
        None => "TCP",
        Some(p) => protocol(p).unwrap_or_else(|| {
            diag.push(p.error(format!(
                "unknown protocol `{}`; expected `tcp`, `udp` or `sctp`{}",
                p.value,
                did_you_mean(&p.value.to_ascii_lowercase(), ["tcp", "udp", "sctp"])
            )));
            "TCP"
        }),
    }
}

fn one_of(diag: &mut Diag, what: &str, value: &Text, allowed: &[&str]) -> bool {
    if allowed.contains(&value.value.as_str()) {
        return true;
    }
    let list = allowed
        .iter()
        .map(|a| format!("`{a}`"))
        .collect::<Vec<_>>()
        .join(", ");
    diag.push(value.error(format!(
        "unknown {what} `{}`; expected one of {list}{}",
        value.value,
        did_you_mean(&value.value, allowed.iter().copied())
    )));
    false
}

fn service(
    s: &ServiceDecl,
    ns: &NamespaceDecl,
    workloads: &[&Workload],
    cfg: &Cfg,
    node_ports: &mut BTreeMap<i64, ()>,
    diag: &mut Diag,
) {
    name_rule(diag, "Service", &s.name, names::dns1035_label);
    if let Some(t) = &s.type_ {
        one_of(diag, "Service type", t, SERVICE_TYPES);
    }
    let ty = service_type(s);
    match (&s.type_, &s.external_name) {
        (Some(t), None) if t.value == "ExternalName" => diag.push(s.name.error(format!(
            "ExternalName Service `{}` is missing `external_name`",
            s.name.value
        ))),
        (Some(t), Some(e)) if t.value != "ExternalName" => diag.push(e.error(format!(
            "`external_name` needs type ExternalName, not {}",
            t.value
        ))),
        (_, Some(e)) => name_rule(diag, "external", e, names::dns1123_subdomain),
        _ => {}
    }
    labels(diag, &s.labels);
    if s.ports.is_empty() && ty != "ExternalName" && !s.headless {
        let at = s.ports_key.as_ref().map_or_else(
            || {
                s.name
                    .error(format!("Service `{}` is missing `ports`", s.name.value))
            },
            |k| syn::Error::new_spanned(k, "a Service needs at least one port"),
        );
        diag.push(at);
    }
    let mut names_seen = BTreeSet::new();
    let mut ports_seen = BTreeSet::new();
    let mut own_node_ports = BTreeSet::new();
    for (i, p) in s.ports.iter().enumerate() {
        port_number(diag, &p.port);
        let proto = check_protocol(diag, &p.protocol);
        match &p.name {
            Some(n) => {
                name_rule(diag, "Service port", n, names::dns1123_label);
                if !names_seen.insert(n.value.as_str()) {
                    diag.push(n.error(format!("duplicate port name {:?}", n.value)));
                }
            }
            None if s.ports.len() > 1 => diag.push(p.port.error(format!(
                "spec.ports[{i}].name: Required value: a Service with several ports must name each"
            ))),
            None => {}
        }
        if !ports_seen.insert((p.port.value, proto)) {
            diag.push(
                p.port
                    .error(format!("duplicate port {}/{proto}", p.port.value)),
            );
        }
        match &p.target {
            Some(Target::Number(t)) => port_number(diag, t),
            Some(Target::Name(n)) => port_name(diag, n),
            None => {}
        }
        if let Some(np) = &p.node_port {
            let (first, last) = cfg.node_ports;
            if ty != "NodePort" && ty != "LoadBalancer" {
                diag.push(np.error(format!(
                    "a nodePort needs type NodePort or LoadBalancer, and Service `{}` is {ty}",
                    s.name.value
                )));
            } else if !(first..=last).contains(&np.value) {
                diag.push(np.error(format!(
                    "nodePort {} is outside the cluster's NodePort range {first}-{last}",
                    np.value
                )));
            } else if !own_node_ports.contains(&np.value)
                && node_ports.insert(np.value, ()).is_some()
            {
                diag.push(np.error(format!("nodePort {} is already allocated", np.value)));
            }
            own_node_ports.insert(np.value);
        }
    }
    if let Some((kind, timeout)) = &s.session_affinity
        && one_of(diag, "session affinity", kind, &["ClientIP", "None"])
        && let Some(t) = timeout
    {
        if kind.value == "None" {
            diag.push(t.error("a timeout needs `ClientIP` affinity"));
        } else if !(1..=86400).contains(&t.value) {
            diag.push(t.error(format!(
                "timeout {}: must be greater than 0 and less than 86400",
                t.value
            )));
        }
    }
    if let Some((kind, seed)) = &s.balancer {
        balancer(diag, s, ty, kind, seed.as_ref());
    }
    for policy in [&s.external_traffic_policy, &s.internal_traffic_policy]
        .into_iter()
        .flatten()
    {
        one_of(diag, "traffic policy", policy, &["Cluster", "Local"]);
    }
    if let Some(ip) = &s.cluster_ip
        && ip.value != "None"
        && ip.value.parse::<std::net::Ipv4Addr>().is_err()
    {
        diag.push(ip.error(format!(
            "invalid cluster IP {:?}: must be an IPv4 address or \"None\"",
            ip.value
        )));
    }
    if let Some(selector) = &s.selector {
        labels(diag, selector);
        if ty != "ExternalName" && !s.allow_unmatched && !selector.is_empty() {
            selected(s, selector, ns, workloads, diag);
        }
    }
}

/// The built-in balancers (`kubelite::net::balancer`) by their grammar names.
pub(crate) const BALANCERS: &[&str] = &[
    "round_robin",
    "random",
    "least_connections",
    "source_hash",
    "maglev",
    "power_of_two",
];

fn balancer(diag: &mut Diag, s: &ServiceDecl, ty: &str, kind: &Text, seed: Option<&Int>) {
    if !one_of(diag, "balancer", kind, BALANCERS) {
        return;
    }
    let seeded = matches!(kind.value.as_str(), "random" | "power_of_two");
    match seed {
        Some(seed) if !seeded => diag.push(seed.error(format!(
            "`{}` takes no seed; only `random` and `power_of_two` draw random numbers",
            kind.value
        ))),
        Some(seed) if seed.value < 0 => {
            diag.push(seed.error("a seed is a non-negative integer (u64)"))
        }
        _ => {}
    }
    // Without a cluster IP there is no virtual IP for kube-proxy to balance.
    if ty == "ExternalName"
        || s.headless
        || s.cluster_ip.as_ref().is_some_and(|ip| ip.value == "None")
    {
        let what = if ty == "ExternalName" {
            "an ExternalName Service"
        } else {
            "headless"
        };
        diag.push(kind.error(format!(
            "Service `{}` is {what}: it has no cluster IP whose traffic a balancer could spread",
            s.name.value
        )));
    }
}

/// The selector check: some workload of the namespace must carry every selected label, and
/// every named `targetPort` must be a port those workloads declare.
fn selected(
    s: &ServiceDecl,
    selector: &[(Text, Text)],
    ns: &NamespaceDecl,
    workloads: &[&Workload],
    diag: &mut Diag,
) {
    let matching: Vec<&Workload> = workloads
        .iter()
        .copied()
        .filter(|w| {
            let l = pod_labels(w);
            selector
                .iter()
                .all(|(k, v)| l.get(k.value.as_str()) == Some(&v.value.as_str()))
        })
        .collect();
    if matching.is_empty() {
        unmatched(s, selector, ns, workloads, diag);
        return;
    }
    let declared: BTreeSet<&str> = matching
        .iter()
        .flat_map(|w| w.ports.iter().filter_map(|(n, _)| n.as_ref()))
        .map(|n| n.value.as_str())
        .collect();
    for p in &s.ports {
        if let Some(Target::Name(n)) = &p.target
            && !declared.contains(n.value.as_str())
        {
            let hint = match nearest(&n.value, declared.iter().copied(), true) {
                Some(c) => format!("; did you mean `{c}`?"),
                None => "; they declare no named ports".to_owned(),
            };
            diag.push(n.error(format!(
                "unknown targetPort `{}`: no container port of the pods Service `{}` selects has this name{hint}",
                n.value, s.name.value
            )));
        }
    }
}

fn unmatched(
    s: &ServiceDecl,
    selector: &[(Text, Text)],
    ns: &NamespaceDecl,
    workloads: &[&Workload],
    diag: &mut Diag,
) {
    let advice = "(mark the Service `allow_unmatched` if its pods come from elsewhere)";
    let wanted = selector
        .iter()
        .map(|(k, v)| format!("{}={}", k.value, v.value))
        .collect::<Vec<_>>()
        .join(",");
    let Some(first) = selector.first() else {
        return;
    };
    if workloads.is_empty() {
        diag.push(first.1.error(format!(
            "Service `{}` selects {wanted}, but namespace `{}` declares no pod or deployment {advice}",
            s.name.value, ns.name.value
        )));
        return;
    }
    // Blame the first pair the closest workload misses, and name what it has instead.
    let best = workloads
        .iter()
        .rev()
        .max_by_key(|w| {
            let l = pod_labels(w);
            selector
                .iter()
                .filter(|(k, v)| l.get(k.value.as_str()) == Some(&v.value.as_str()))
                .count()
        })
        .copied();
    let best_labels = best.map(pod_labels).unwrap_or_default();
    let (key, value) = selector
        .iter()
        .find(|(k, v)| best_labels.get(k.value.as_str()) != Some(&v.value.as_str()))
        .unwrap_or(first);
    let values: Vec<(String, &str)> = workloads
        .iter()
        .filter_map(|w| {
            pod_labels(w)
                .get(key.value.as_str())
                .map(|v| ((*v).to_owned(), w.name.value.as_str()))
        })
        .collect();
    let hint = match nearest(&value.value, values.iter().map(|(v, _)| v.as_str()), true) {
        Some(v) => {
            let owner = values.iter().find(|(x, _)| x == v).map_or("", |(_, o)| o);
            format!("; nearest: {}: {v:?} (on `{owner}`)", key.value)
        }
        None => {
            let keys: BTreeSet<&str> = workloads
                .iter()
                .flat_map(|w| pod_labels(w).into_keys())
                .collect();
            match nearest(&key.value, keys.iter().copied(), true) {
                Some(k) => format!("; no pod has the key `{}`, nearest key: `{k}`", key.value),
                None => String::new(),
            }
        }
    };
    let at = if best_labels.contains_key(key.value.as_str()) || !values.is_empty() {
        value
    } else {
        key
    };
    diag.push(at.error(format!(
        "Service `{}` selects {wanted}, which matches no pod or deployment in namespace `{}`{hint} {advice}",
        s.name.value, ns.name.value
    )));
}

fn policy(p: &PolicyDecl, diag: &mut Diag) {
    name_rule(diag, "NetworkPolicy", &p.name, names::dns1123_subdomain);
    if let Some(PolicySelector::Map(sel)) = &p.pod_selector {
        labels(diag, sel);
    }
    let mut types = BTreeSet::new();
    for t in &p.policy_types {
        if one_of(diag, "policy type", t, &["Ingress", "Egress"]) && !types.insert(&t.value) {
            diag.push(t.error(format!("duplicate policy type `{}`", t.value)));
        }
    }
    for rule in p.ingress.iter().chain(&p.egress) {
        for peer in &rule.peers {
            for sel in [&peer.pod_selector, &peer.namespace_selector]
                .into_iter()
                .flatten()
            {
                // Selector strings were checked when they were parsed.
                if let PolicySelector::Map(sel) = sel {
                    labels(diag, sel);
                }
            }
            match &peer.ip_block {
                Some((cidr, except)) => {
                    if peer.pod_selector.is_some() || peer.namespace_selector.is_some() {
                        diag.push(cidr.error(
                            "`ip_block` cannot be combined with `pod_selector` or `namespace_selector` in one peer",
                        ));
                    }
                    for c in std::iter::once(cidr).chain(except) {
                        if let Err(e) = parse_cidr(&c.value) {
                            diag.push(c.error(format!("invalid CIDR {:?}: {e}", c.value)));
                        }
                    }
                }
                None if peer.pod_selector.is_none() && peer.namespace_selector.is_none() => {
                    diag.push(syn::Error::new_spanned(
                        &peer.tokens,
                        "a peer needs `pod_selector`, `namespace_selector` or `ip_block`",
                    ));
                }
                None => {}
            }
        }
        for port in &rule.ports {
            check_protocol(diag, &port.protocol);
            match &port.port {
                Target::Number(n) => {
                    port_number(diag, n);
                    if let Some(end) = &port.end_port {
                        port_number(diag, end);
                        if end.value < n.value {
                            diag.push(end.error(format!(
                                "endPort {} must be greater than or equal to `port` {}",
                                end.value, n.value
                            )));
                        }
                    }
                }
                Target::Name(n) => port_name(diag, n),
            }
        }
    }
}
