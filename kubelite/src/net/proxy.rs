//! The request path: resolve the host, route the destination as kube-proxy would (§9),
//! let NetworkPolicy judge the hop, hand the request to the container's app.

use std::borrow::Cow;
use std::fmt;
use std::net::Ipv4Addr;
use std::sync::Arc;
use std::time::Duration;

use crate::api::pod::Container;
use crate::api::service::{Protocol, ServicePort, SessionAffinity, TrafficPolicy};
use crate::api::{Kind, Object, Pod, Service};
use crate::cluster::ObjectKey;
use crate::cluster::cidr::parse_ipv4;
use crate::cluster::state::State;

use super::apps::{App, AppContext, AppRequest, Network};
use super::balancer::{Endpoint, PickContext, hash_bytes};
use super::dns::{self, RecordType};
use super::error::{NetError, NetErrorKind};
use super::netstate::{NetState, Sticky};
use super::policy::{self, Connection, Peer};
use super::request::{Origin, Request, Response};
use super::trace::{Hop, Trace};
use super::url;

/// How deep app-to-app requests may nest before the chain is cut (a loop guard).
const MAX_DEPTH: u8 = 8;

/// The client side of a connection.
struct Source<'a> {
    ip: Ipv4Addr,
    /// Whether the client is the host (rather than a pod or an external client).
    host: bool,
    pod: Option<(&'a ObjectKey, &'a Pod)>,
}

impl Source<'_> {
    /// How traces and errors name the client (built only when one is written).
    fn label(&self) -> String {
        match &self.pod {
            Some((key, _)) => format!("pod {}/{} ({})", key.namespace, key.name, self.ip),
            None if self.host => "the host".to_owned(),
            None => format!("external client {}", self.ip),
        }
    }

    fn node(&self) -> Option<&str> {
        self.pod
            .as_ref()
            .and_then(|(_, p)| p.spec.node_name.as_deref())
    }
}

/// The host's address on the node network: the network's gateway (`.1`), as the docker
/// driver's bridge is.
pub(crate) fn host_ip(state: &State) -> Ipv4Addr {
    let first = state
        .nodes
        .first()
        .map_or(Ipv4Addr::new(192, 168, 49, 2), |n| n.ip);
    let [a, b, c, _] = first.octets();
    Ipv4Addr::new(a, b, c, 1)
}

fn err(kind: NetErrorKind, message: impl Into<String>, trace: &mut Trace) -> NetError {
    let mut e = NetError::new(kind, message);
    trace.push(|| Hop::Failed {
        reason: match kind {
            NetErrorKind::CouldNotResolve => "could not resolve the host",
            NetErrorKind::ConnectionRefused => "connection refused",
            NetErrorKind::Timeout => "connection timed out (packets dropped)",
            _ => "request not sent",
        }
        .to_owned(),
    });
    e.trace = std::mem::take(trace);
    e
}

fn source<'a>(state: &'a State, origin: &Origin) -> Result<Source<'a>, NetError> {
    match origin {
        Origin::Host => Ok(Source {
            ip: host_ip(state),
            host: true,
            pod: None,
        }),
        Origin::External(ip) => Ok(Source {
            ip: *ip,
            host: false,
            pod: None,
        }),
        Origin::Pod(p) => {
            let (ns, name) = p.split_once('/').unwrap_or(("default", p));
            // The store's own key (shared strings): no key is built per request.
            let (key, pod) = match state.store.get_entry(Kind::Pod, ns, name) {
                Some((key, Object::Pod(pod))) => (key, pod),
                _ => {
                    return Err(NetError::new(
                        NetErrorKind::NoSuchOrigin,
                        format!("pods \"{name}\" not found in namespace \"{ns}\""),
                    ));
                }
            };
            let ip = pod
                .status
                .pod_ip
                .as_deref()
                .and_then(parse_ipv4)
                .filter(|_| pod.status.phase.as_deref() == Some("Running"));
            let Some(ip) = ip else {
                return Err(NetError::new(
                    NetErrorKind::NoSuchOrigin,
                    format!(
                        "pod {}/{} is not running (phase {}): its containers cannot send requests yet",
                        key.namespace,
                        key.name,
                        pod.status.phase.as_deref().unwrap_or("Pending")
                    ),
                ));
            };
            Ok(Source {
                ip,
                host: false,
                pod: Some((key, pod)),
            })
        }
    }
}

/// Sends `request` from `origin` through the simulated network.
pub(crate) fn send(
    state: &State,
    net: &mut NetState,
    origin: &Origin,
    request: &Request,
    depth: u8,
) -> Result<Response, NetError> {
    let mut trace = Trace::new(request.trace);
    let src = source(state, origin)?;
    let parsed = url::parse(&request.url).map_err(|m| err(NetErrorKind::BadUrl, m, &mut trace))?;
    let fail = |e: NetError| -> NetError {
        let mut e = e;
        e.host = parsed.host.to_owned();
        e.port = parsed.port;
        e
    };
    let ip = resolve_host(state, net, origin, &src, parsed.host, &mut trace).map_err(fail)?;
    trace.push(|| Hop::Connect {
        from: src.label(),
        to: format!("{ip}:{}", parsed.port),
    });
    let with_addr = |mut e: NetError| {
        e.host = parsed.host.to_owned();
        e.port = parsed.port;
        e.address = Some(ip);
        e
    };
    if depth > MAX_DEPTH {
        return Err(with_addr(err(
            NetErrorKind::Timeout,
            "too many nested requests between apps (a request loop?)",
            &mut trace,
        )));
    }
    let target =
        route(state, net, &src, ip, parsed.port, request, &mut trace).map_err(with_addr)?;
    let host_header = match (parsed.explicit_port, parsed.authority) {
        (true, Some(authority)) => Cow::Borrowed(authority),
        (true, None) => Cow::Owned(format!("{}:{}", parsed.host, parsed.port)),
        (false, _) => Cow::Borrowed(parsed.host),
    };
    let result = deliver(
        state,
        net,
        &src,
        &target,
        request,
        &host_header,
        parsed.target,
        depth,
        &mut trace,
    );
    if let Some((service, set, i)) = &target.via
        && let Some(endpoint) = set.get(*i)
    {
        net.balancer(service).release(endpoint);
    }
    result.map_err(with_addr)
}

/// The address of `host` for this client: a literal, `/etc/hosts`, then cluster DNS for
/// pods; the host and external clients do not use cluster DNS.
fn resolve_host(
    state: &State,
    net: &mut NetState,
    origin: &Origin,
    src: &Source<'_>,
    host: &str,
    trace: &mut Trace,
) -> Result<Ipv4Addr, NetError> {
    if let Some(ip) = parse_ipv4(host) {
        return Ok(ip);
    }
    if host.eq_ignore_ascii_case("localhost") {
        trace.push(|| Hop::Address {
            host: host.to_owned(),
            source: "/etc/hosts: 127.0.0.1".into(),
        });
        return Ok(Ipv4Addr::LOCALHOST);
    }
    let (Some((key, _)), Origin::Pod(client)) = (&src.pod, origin) else {
        let e = dns::outside(state, host);
        let mut out = err(
            NetErrorKind::CouldNotResolve,
            format!("Could not resolve host: {e}"),
            trace,
        );
        out.hint = e.hint().map(str::to_owned);
        return Err(out);
    };
    if host.eq_ignore_ascii_case(&key.name) {
        trace.push(|| Hop::Address {
            host: host.to_owned(),
            source: format!("/etc/hosts: {}", src.ip),
        });
        return Ok(src.ip);
    }
    // The query to kube-dns is a connection like any other: NetworkPolicy may drop it.
    if let Some(hop) = policy::judge_dns(state, key) {
        if hop.policy_applies() {
            trace.push(|| Hop::Policy {
                verdict: hop.to_string(),
            });
        }
        if !hop.verdict.is_allowed() {
            let e = hop.dns_error(host);
            let mut out = err(
                NetErrorKind::CouldNotResolve,
                format!("Could not resolve host: {e}"),
                trace,
            );
            out.hint = e.hint().map(str::to_owned);
            out.verdict = Some(Box::new(hop.verdict));
            return Err(out);
        }
    }
    match net.dns.resolve(state, client, host, RecordType::A) {
        Ok(lookup) => {
            let answer = lookup.first_ip();
            trace.push(|| Hop::Dns {
                name: host.to_owned(),
                attempts: lookup
                    .attempts()
                    .map(|a| (a.name.to_owned(), a.to_string()))
                    .collect(),
                answer: answer.map(|ip| ip.to_string()),
            });
            answer.ok_or_else(|| {
                err(
                    NetErrorKind::CouldNotResolve,
                    format!(
                        "Could not resolve host: {host}: {} is an alias ({}) for a name outside the cluster, which the simulated cluster cannot resolve",
                        lookup.answered_name(),
                        lookup.records().first().map(|r| r.to_string()).unwrap_or_default()
                    ),
                    trace,
                )
            })
        }
        Err(e) => {
            trace.push(|| Hop::Dns {
                name: host.to_owned(),
                attempts: e
                    .attempts()
                    .map(|a| (a.name.to_owned(), a.to_string()))
                    .collect(),
                answer: None,
            });
            let mut out = err(
                NetErrorKind::CouldNotResolve,
                format!("Could not resolve host: {e}"),
                trace,
            );
            out.hint = e.hint().map(str::to_owned);
            Err(out)
        }
    }
}

/// Where a connection ends up after DNAT.
struct Target<'a> {
    pod_key: &'a ObjectKey,
    pod: &'a Pod,
    port: u16,
    /// The source address the pod sees.
    client: Ipv4Addr,
    /// The Service, the candidate set and the index of the endpoint a balancer chose
    /// (released after the response).
    via: Option<(&'a ObjectKey, Arc<[Endpoint]>, usize)>,
    /// The Service port, for explaining a refused connection by its targetPort.
    service_port: Option<&'a ServicePort>,
}

/// How a connection reached a Service, as traces and errors name it.
#[derive(Clone, Copy)]
enum Via<'a> {
    ClusterIp(Ipv4Addr, u16),
    LoadBalancer(Ipv4Addr, u16),
    ExternalIp(Ipv4Addr, u16),
    NodePort(Ipv4Addr, u16, &'a str),
}

impl Via<'_> {
    /// The node whose NodePort received the connection.
    fn node_port_node(&self) -> Option<&str> {
        match self {
            Via::NodePort(_, _, node) => Some(node),
            _ => None,
        }
    }
}

impl fmt::Display for Via<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Via::ClusterIp(ip, port) => write!(f, "ClusterIP {ip}:{port}"),
            Via::LoadBalancer(ip, port) => write!(f, "LoadBalancer {ip}:{port}"),
            Via::ExternalIp(ip, port) => write!(f, "externalIP {ip}:{port}"),
            Via::NodePort(ip, port, node) => write!(f, "NodePort {ip}:{port} on node {node}"),
        }
    }
}

fn service_key(key: &ObjectKey) -> String {
    format!("{}/{}", key.namespace, key.name)
}

/// Whether an address written as text is `ip`.
fn is_address(text: Option<&str>, ip: Ipv4Addr) -> bool {
    text.and_then(parse_ipv4) == Some(ip)
}

#[allow(clippy::too_many_arguments)]
fn route<'a>(
    state: &'a State,
    net: &mut NetState,
    src: &Source<'a>,
    ip: Ipv4Addr,
    port: u16,
    request: &Request,
    trace: &mut Trace,
) -> Result<Target<'a>, NetError> {
    let outside = src.pod.is_none();
    if ip.is_loopback() {
        return match &src.pod {
            Some((key, pod)) => Ok(Target {
                pod_key: key,
                pod,
                port,
                client: ip,
                via: None,
                service_port: None,
            }),
            None => Err(err(
                NetErrorKind::ConnectionRefused,
                format!("nothing listens on {ip}:{port} on the host"),
                trace,
            )),
        };
    }
    if let Some(key) = state.index.pod_ips.get(&ip) {
        if outside {
            return Err(err(
                NetErrorKind::Timeout,
                format!(
                    "{ip} is a pod IP ({}/{}): pod IPs are only routable inside the cluster",
                    key.namespace, key.name
                ),
                trace,
            ));
        }
        let Some((pod_key, Object::Pod(pod))) =
            state.store.get_entry(key.kind, &key.namespace, &key.name)
        else {
            return Err(err(
                NetErrorKind::Timeout,
                format!("no route to {ip}"),
                trace,
            ));
        };
        return Ok(Target {
            pod_key,
            pod,
            port,
            client: src.ip,
            via: None,
            service_port: None,
        });
    }
    if let Some(key) = state.index.service_ips.get(&ip)
        && let Some(Object::Service(svc)) = state.get(key)
    {
        let is_cluster_ip = is_address(svc.spec.cluster_ip.as_deref(), ip);
        let is_ingress = svc
            .status
            .iter()
            .flat_map(|st| st.load_balancer.iter())
            .flat_map(|lb| lb.ingress.iter())
            .any(|i| is_address(i.ip.as_deref(), ip));
        let is_external_ip = svc
            .spec
            .external_ips
            .iter()
            .any(|e| is_address(Some(e), ip));
        let via = if is_ingress {
            Via::LoadBalancer(ip, port)
        } else if is_external_ip {
            Via::ExternalIp(ip, port)
        } else {
            Via::ClusterIp(ip, port)
        };
        if outside && is_cluster_ip && !is_ingress && !is_external_ip {
            let mut e = err(
                NetErrorKind::Timeout,
                format!(
                    "{ip} is the ClusterIP of Service {}: ClusterIPs are virtual addresses that only exist inside the cluster, so packets from {} are dropped",
                    service_key(key),
                    src.label()
                ),
                trace,
            );
            e.hint = Some(format!(
                "expose it as a NodePort (`kubectl expose ... --type=NodePort`) and use `minikube service {} --url`",
                svc.metadata.name()
            ));
            return Err(e);
        }
        return through_service(
            state,
            net,
            src,
            (key, svc),
            via,
            port,
            outside && !is_cluster_ip,
            request,
            trace,
        );
    }
    if let Some(node) = state.nodes.iter().find(|n| n.ip == ip) {
        let node_name = node.name.as_str();
        if let Some(key) = state.index.node_ports.get(&port)
            && let Some(Object::Service(svc)) = state.get(key)
        {
            let Some(sp) = svc
                .spec
                .ports
                .iter()
                .find(|p| p.node_port == Some(i32::from(port)))
            else {
                return Err(err(
                    NetErrorKind::ConnectionRefused,
                    format!("nothing listens on {ip}:{port}"),
                    trace,
                ));
            };
            let svc_port = u16::try_from(sp.port).unwrap_or_default();
            return through_service(
                state,
                net,
                src,
                (key, svc),
                Via::NodePort(ip, port, node_name),
                svc_port,
                outside,
                request,
                trace,
            );
        }
        let mut e = err(
            NetErrorKind::ConnectionRefused,
            format!(
                "nothing listens on {ip}:{port}: no Service has NodePort {port} on node {node_name}"
            ),
            trace,
        );
        let mut ports: Vec<String> = state
            .index
            .node_ports
            .iter()
            .map(|(p, k)| format!("{}/{} on {p}", k.namespace, k.name))
            .collect();
        ports.sort();
        if !ports.is_empty() {
            e.hint = Some(format!("NodePorts in use: {}", ports.join(", ")));
        }
        return Err(e);
    }
    Err(err(
        NetErrorKind::Timeout,
        format!("no route to {ip}: it is no pod, Service or node address of the cluster"),
        trace,
    ))
}

/// Why a balancer's choice was made, for the trace.
fn pick_reason(terminating: bool, sticky: Option<(Ipv4Addr, Duration, Duration)>) -> String {
    let mut reason = if terminating {
        "no ready endpoint: falling back to serving terminating ones; ".to_owned()
    } else {
        String::new()
    };
    match sticky {
        Some((client, since, timeout)) => reason.push_str(&format!(
            "sessionAffinity ClientIP: {client} was sent here {}s ago (timeout {}s)",
            since.as_secs(),
            timeout.as_secs()
        )),
        None => reason.push_str("picked"),
    }
    reason
}

/// kube-proxy's rules for one Service: port match, endpoint set (ready, else serving and
/// terminating), traffic policy, session affinity, balancer.
#[allow(clippy::too_many_arguments)]
fn through_service<'a>(
    state: &'a State,
    net: &mut NetState,
    src: &Source<'a>,
    (key, svc): (&'a ObjectKey, &'a Service),
    via: Via<'_>,
    port: u16,
    external: bool,
    request: &Request,
    trace: &mut Trace,
) -> Result<Target<'a>, NetError> {
    let Some(sp) = svc.spec.ports.iter().find(|p| {
        p.port == i32::from(port)
            && p.effective_protocol().unwrap_or(Protocol::Tcp) == Protocol::Tcp
    }) else {
        let defined: Vec<String> = svc
            .spec
            .ports
            .iter()
            .map(|p| {
                format!(
                    "{}/{}",
                    p.port,
                    p.effective_protocol().unwrap_or(Protocol::Tcp)
                )
            })
            .collect();
        let mut e = err(
            NetErrorKind::Timeout,
            format!(
                "Service {} has no port {port}/TCP (it defines {}): no rule matches, so packets are dropped",
                service_key(key),
                defined.join(", ")
            ),
            trace,
        );
        e.hint = svc
            .spec
            .ports
            .first()
            .map(|p| format!("use port {}", p.port));
        return Err(e);
    };
    trace.push(|| Hop::Service {
        service: service_key(key),
        via: via.to_string(),
        port: match sp.name.as_deref().filter(|n| !n.is_empty()) {
            Some(n) => format!("{n} {}/TCP", sp.port),
            None => format!("{}/TCP", sp.port),
        },
    });
    let candidates = net
        .candidates
        .get(state, key, svc, sp.name.as_deref().unwrap_or(""));
    let (mut set, terminating) = if candidates.ready.is_empty() {
        (candidates.fallback.clone(), true)
    } else {
        (candidates.ready.clone(), false)
    };
    if set.is_empty() {
        let (why, hint) = why_no_endpoints(state, svc, sp);
        let mut e = err(
            NetErrorKind::ConnectionRefused,
            format!(
                "Service {} has no endpoints ({why}): kube-proxy REJECTs connections to it",
                service_key(key)
            ),
            trace,
        );
        e.hint = hint;
        return Err(e);
    }
    // Traffic policies narrow the set (§9).
    let node_port_node = via.node_port_node();
    let local_node = if external {
        (svc.spec.external_traffic_policy() == Some(TrafficPolicy::Local))
            .then_some(node_port_node)
            .flatten()
    } else if matches!(via, Via::ClusterIp(..)) {
        (svc.spec.internal_traffic_policy() == Some(TrafficPolicy::Local))
            .then(|| src.node())
            .flatten()
    } else {
        None
    };
    if let Some(node) = local_node {
        set = set
            .iter()
            .filter(|e| e.node.as_deref() == Some(node))
            .cloned()
            .collect();
        if set.is_empty() {
            let which = if external {
                "externalTrafficPolicy"
            } else {
                "internalTrafficPolicy"
            };
            return Err(err(
                NetErrorKind::Timeout,
                format!(
                    "Service {} has {which}: Local and no endpoint on node {node}: kube-proxy DROPs the traffic",
                    service_key(key)
                ),
                trace,
            ));
        }
    }
    let now = state.clock.elapsed();
    let hash = match &request.key {
        Some(k) => hash_bytes(k.as_bytes()),
        None => hash_bytes(&src.ip.octets()),
    };
    let ctx = PickContext {
        client: src.ip,
        key: hash,
        now,
    };
    let sticky = (svc.spec.session_affinity() == Some(SessionAffinity::ClientIp)).then(|| {
        let timeout = svc
            .spec
            .client_ip_timeout_seconds()
            .unwrap_or(crate::api::service::DEFAULT_CLIENT_IP_TIMEOUT_SECONDS);
        Duration::from_secs(u64::try_from(timeout).unwrap_or(0))
    });
    let mut stuck = None;
    if let Some(timeout) = sticky
        && let Some(entry) = net.affinity.get(&(key.clone(), src.ip))
        && now.saturating_sub(entry.last_seen) <= timeout
        && let Some(i) = set
            .iter()
            .position(|e| e.ip == entry.ip && e.port == entry.port)
    {
        stuck = Some((i, (src.ip, now.saturating_sub(entry.last_seen), timeout)));
    }
    let balancer = net.balancer(key);
    let index = match stuck {
        Some((i, _)) => i,
        None => balancer.pick(&set, &ctx) % set.len(),
    };
    let balancer_name = trace.is_enabled().then(|| balancer.name());
    let Some(endpoint) = set.get(index) else {
        return Err(err(
            NetErrorKind::Timeout,
            format!("Service {} lost its endpoints", service_key(key)),
            trace,
        ));
    };
    if sticky.is_some() {
        net.affinity.insert(
            (key.clone(), src.ip),
            Sticky {
                ip: endpoint.ip,
                port: endpoint.port,
                last_seen: now,
            },
        );
    }
    trace.push(|| Hop::Balance {
        balancer: balancer_name.unwrap_or_default(),
        candidates: set.iter().map(ToString::to_string).collect(),
        chosen: endpoint.to_string(),
        reason: pick_reason(terminating, stuck.map(|(_, why)| why)),
    });
    // The store's key of the endpoint's pod (shared strings, not built per request).
    let entry = match endpoint.pod.as_deref() {
        Some(p) => {
            let (ns, name) = p.split_once('/').unwrap_or(("default", p));
            state.store.get_entry(Kind::Pod, ns, name)
        }
        None => state
            .index
            .pod_ips
            .get(&endpoint.ip)
            .and_then(|k| state.store.get_entry(k.kind, &k.namespace, &k.name)),
    };
    let Some((pod_key, Object::Pod(pod))) = entry else {
        let message = match endpoint.pod.as_deref() {
            Some(p) => format!("endpoint {endpoint}: pod {p} is gone"),
            None => format!("endpoint {endpoint} is no pod of the cluster"),
        };
        return Err(err(NetErrorKind::Timeout, message, trace));
    };
    // SNAT: external traffic through a NodePort or LoadBalancer with policy Cluster takes
    // the receiving node's address; a pod reaching itself through its Service is
    // masqueraded to its node's bridge address (hairpin).
    let hairpin = src.pod.as_ref().is_some_and(|(k, _)| *k == pod_key);
    let client = if hairpin {
        pod.spec
            .node_name
            .as_deref()
            .and_then(|n| state.node(n))
            .and_then(|n| n.pod_cidr.nth(1))
            .unwrap_or(src.ip)
    } else if external && svc.spec.external_traffic_policy() != Some(TrafficPolicy::Local) {
        node_port_node
            .or(pod.spec.node_name.as_deref())
            .and_then(|n| state.node(n))
            .map_or(src.ip, |n| n.ip)
    } else {
        src.ip
    };
    Ok(Target {
        pod_key,
        pod,
        port: endpoint.port,
        client,
        via: Some((key, set, index)),
        service_port: Some(sp),
    })
}

/// Why a Service has no endpoints, in the user's terms, and a fix when one is cheap.
fn why_no_endpoints(
    state: &State,
    svc: &Service,
    sp: &crate::api::service::ServicePort,
) -> (String, Option<String>) {
    let ns = svc.metadata.namespace();
    let Some(selector) = svc.spec.pod_selector() else {
        return (
            "it has no selector and no EndpointSlices were created for it".into(),
            None,
        );
    };
    let pods: Vec<&Pod> = state
        .store
        .list(Kind::Pod, Some(ns))
        .filter_map(|(_, o)| match o {
            Object::Pod(p) => Some(&**p),
            _ => None,
        })
        .collect();
    let matching: Vec<&&Pod> = pods
        .iter()
        .filter(|p| {
            selector
                .iter()
                .all(|(k, v)| p.metadata.labels.get(k) == Some(v))
        })
        .collect();
    let selector_text: Vec<String> = selector.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let selector_text = selector_text.join(",");
    if matching.is_empty() {
        // The nearest label values: pods with the selector's keys but other values.
        let mut nearest: Option<(usize, String)> = None;
        for (k, v) in selector.iter() {
            for p in &pods {
                if let Some(actual) = p.metadata.labels.get(k) {
                    let d = edit_distance(v, actual);
                    if nearest.as_ref().is_none_or(|(best, _)| d < *best) {
                        nearest = Some((d, format!("{k}={actual}")));
                    }
                }
            }
        }
        let hint = nearest.map(|(_, label)| {
            format!("pods in namespace {ns:?} carry {label}: fix the Service's selector or the pods' labels")
        });
        return (
            format!("its selector {selector_text} matches no pod in namespace {ns:?}"),
            hint,
        );
    }
    if let crate::api::IntOrString::String(named) = sp.effective_target_port() {
        let declares = matching.iter().any(|p| {
            p.spec.containers.iter().any(|c| {
                c.ports
                    .iter()
                    .any(|cp| cp.name.as_deref() == Some(named.as_str()))
            })
        });
        if !declares {
            return (
                format!(
                    "targetPort {named:?} is a port name no container of the selected pods declares"
                ),
                Some(format!(
                    "name a containerPort {named:?} or use a port number as targetPort"
                )),
            );
        }
    }
    let reasons: Vec<String> = matching
        .iter()
        .map(|p| {
            let why = if p.metadata.deletion_timestamp.is_some() {
                "terminating".to_owned()
            } else if p.status.phase.as_deref() != Some("Running") {
                format!("phase {}", p.status.phase.as_deref().unwrap_or("Pending"))
            } else {
                "not Ready (readiness probe failing)".to_owned()
            };
            format!("{} is {why}", p.metadata.name())
        })
        .collect();
    (
        format!("{} pod(s) match {selector_text} but none is ready: {}", matching.len(), reasons.join("; ")),
        Some("wait for the pods to become Ready (`kubectl get pods -w`) or check their readiness probes".into()),
    )
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        // (prev[j], prev[j + 1]) beside b[j]; cur's last is cur[j], never absent.
        for (cb, (&diag, &up)) in b.iter().zip(prev.iter().zip(prev.iter().skip(1))) {
            let left = cur.last().copied().unwrap_or(usize::MAX);
            let sub = diag + usize::from(ca != *cb);
            cur.push(sub.min(up + 1).min(left.saturating_add(1)));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

/// `10.244.0.7 -> default/echo:8080/TCP`, for the policy hop of a trace.
fn describe(c: &Connection<'_>) -> String {
    let from = match c.from {
        Peer::Pod(k) => format!("{}/{}", k.namespace, k.name),
        Peer::Ip(ip) => ip.to_string(),
    };
    format!(
        "{from} -> {}/{}:{}/{}",
        c.to_pod.namespace, c.to_pod.name, c.port, c.protocol
    )
}

/// The network as an app inside a pod sees it.
struct PodNetwork<'s> {
    state: &'s State,
    net: &'s mut NetState,
    pod: &'s str,
    depth: u8,
}

impl Network for PodNetwork<'_> {
    fn send(&mut self, request: &Request) -> Result<Response, NetError> {
        let origin = Origin::Pod(self.pod.to_owned());
        send(self.state, self.net, &origin, request, self.depth + 1)
    }
}

/// The ports a container listens on: its declared containerPorts, then the app's own.
/// Kept on the stack: a request builds this for the container that answers it.
struct Listening {
    inline: [u16; 16],
    len: usize,
    spilled: Vec<u16>,
}

impl Listening {
    fn of(container: &Container, app: &dyn App) -> Listening {
        let mut ports = Listening {
            inline: [0; 16],
            len: 0,
            spilled: Vec::new(),
        };
        let declared = container
            .ports
            .iter()
            .filter_map(|p| u16::try_from(p.container_port).ok());
        for p in declared.chain(app.ports().iter().copied()) {
            if !ports.as_slice().contains(&p) {
                ports.push(p);
            }
        }
        ports
    }

    fn push(&mut self, port: u16) {
        if !self.spilled.is_empty() {
            self.spilled.push(port);
        } else if let Some(slot) = self.inline.get_mut(self.len) {
            *slot = port;
            self.len += 1;
        } else {
            self.spilled = self.inline.to_vec();
            self.spilled.push(port);
        }
    }

    fn as_slice(&self) -> &[u16] {
        if self.spilled.is_empty() {
            self.inline.get(..self.len).unwrap_or(&[])
        } else {
            &self.spilled
        }
    }
}

/// Whether a container listens on `port`, without building its port list.
fn listens_on(container: &Container, app: &dyn App, port: u16) -> bool {
    container
        .ports
        .iter()
        .any(|p| u16::try_from(p.container_port).ok() == Some(port))
        || app.ports().contains(&port)
}

/// What a pod listens on, for the error when nothing listens on the port asked:
/// `8080 (echoserver), 5601 (kibana)`, or `nothing`.
fn describe_listeners(net: &NetState, pod: &Pod) -> String {
    let mut listening: Vec<String> = Vec::new();
    for c in &pod.spec.containers {
        let app = net.apps.lookup(c.image.as_deref().unwrap_or(""));
        if app.listens() {
            let ports = Listening::of(c, app.as_ref());
            listening.extend(
                ports
                    .as_slice()
                    .iter()
                    .map(|p| format!("{p} ({})", app.name())),
            );
        }
    }
    if listening.is_empty() {
        "nothing".to_owned()
    } else {
        listening.join(", ")
    }
}

#[allow(clippy::too_many_arguments)]
fn deliver(
    state: &State,
    net: &mut NetState,
    src: &Source<'_>,
    target: &Target<'_>,
    request: &Request,
    host_header: &str,
    path: &str,
    depth: u8,
    trace: &mut Trace,
) -> Result<Response, NetError> {
    let pod = target.pod;
    let pod_name = format!("{}/{}", target.pod_key.namespace, target.pod_key.name);
    let pod_ip: Option<Ipv4Addr> = pod.status.pod_ip.as_deref().and_then(parse_ipv4);
    trace.push(|| Hop::Endpoint {
        pod: pod_name.clone(),
        address: format!(
            "{}:{}",
            pod_ip.map(|i| i.to_string()).unwrap_or_default(),
            target.port
        ),
        client: target.client.to_string(),
    });
    // NetworkPolicy judges the hop after DNAT.
    let peer = match &src.pod {
        Some((key, _)) if target.client == src.ip => Peer::Pod(key),
        _ => Peer::Ip(target.client),
    };
    let connection = Connection {
        from: peer,
        to_pod: target.pod_key,
        port: target.port,
        protocol: Protocol::Tcp,
    };
    // With no policy in the cluster every connection between existing pods is allowed:
    // the explained verdict is only built when a trace wants it.
    if !state.index.policies.is_empty() || trace.is_enabled() {
        let verdict = policy::judge(state, &connection);
        trace.push(|| Hop::Policy {
            verdict: format!("{} {verdict}", describe(&connection)),
        });
        if !verdict.is_allowed() {
            let mut e = err(
                NetErrorKind::Timeout,
                format!(
                    "NetworkPolicy dropped the connection to {pod_name} port {}/TCP: {verdict}",
                    target.port
                ),
                trace,
            );
            e.verdict = Some(Box::new(verdict));
            return Err(e);
        }
    }
    let Some(pod_ip) = pod_ip.filter(|_| pod.status.phase.as_deref() == Some("Running")) else {
        return Err(err(
            NetErrorKind::ConnectionRefused,
            format!("pod {pod_name} is not running"),
            trace,
        ));
    };
    let listener = pod.spec.containers.iter().find_map(|c| {
        let app = net.apps.lookup(c.image.as_deref().unwrap_or(""));
        (app.listens() && listens_on(c, app.as_ref(), target.port)).then(|| (app.clone(), c))
    });
    let Some((app, container)) = listener else {
        let listens = describe_listeners(net, pod);
        let mut e = err(
            NetErrorKind::ConnectionRefused,
            format!(
                "nothing listens on {pod_ip}:{} in pod {pod_name} (it listens on {listens})",
                target.port
            ),
            trace,
        );
        if let Some(sp) = target.service_port {
            let tp = sp.effective_target_port();
            e.hint = Some(format!(
                "the Service's targetPort {tp} matches no port a container of {pod_name} declares or listens on; set targetPort to one of: {listens}"
            ));
        }
        return Err(e);
    };
    let ports = Listening::of(container, app.as_ref());
    let content_length = (!request.body.is_empty()).then(|| request.body.len().to_string());
    let mut headers = Vec::with_capacity(request.headers.len() + 2);
    let host = match request.headers.iter().find(|(n, _)| n == "host") {
        Some((_, h)) => h.as_str(),
        None => host_header,
    };
    headers.push(("host", host));
    headers.extend(
        request
            .headers
            .iter()
            .filter(|(n, _)| n != "host")
            .map(|(n, v)| (n.as_str(), v.as_str())),
    );
    if let Some(length) = &content_length {
        headers.push(("content-length", length.as_str()));
    }
    let rooted;
    let app_request = AppRequest {
        method: &request.method,
        target: if path.starts_with('/') {
            path
        } else {
            rooted = format!("/{path}");
            &rooted
        },
        headers,
        body: &request.body,
        client: target.client,
        port: target.port,
    };
    let image = container.image.as_deref().unwrap_or("");
    let mut network = PodNetwork {
        state,
        net,
        pod: &pod_name,
        depth,
    };
    let mut ctx = AppContext {
        pod: &pod_name,
        pod_ip,
        image,
        env: &container.env,
        ports: ports.as_slice(),
        now: state.now(),
        log: Vec::new(),
        network: &mut network,
        downstream: Vec::new(),
    };
    let reply = app.serve(&app_request, &mut ctx);
    let log = std::mem::take(&mut ctx.log);
    let downstream = std::mem::take(&mut ctx.downstream);
    drop(ctx);
    net.append_log(&pod_name, pod.metadata.uid.as_deref().unwrap_or(""), log);
    trace.push(|| Hop::App {
        app: app.name().to_owned(),
        pod: pod_name.clone(),
        status: reply.status,
    });
    for (url, outcome) in downstream {
        trace.push(|| Hop::Downstream { url, outcome });
    }
    let mut headers = reply.headers;
    headers.push(("content-length".into(), reply.body.len().to_string()));
    Ok(Response {
        status: reply.status,
        headers,
        body: reply.body,
        served_by: Some(pod_name),
        trace: std::mem::take(trace),
    })
}
