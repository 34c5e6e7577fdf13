//! Cluster DNS as CoreDNS's `kubernetes` plugin answers it (§8), and the pod resolver
//! (`resolv.conf` search list with `ndots:5`).
//!
//! ```
//! use kubelite::Cluster;
//! use kubelite::api::Service;
//! use kubelite::net::{Origin, dns::Record};
//! let cluster = Cluster::new();
//! cluster.apply(Service::builder("echo-service").selector("app", "echo").port(8080).build()?)?;
//! cluster.apply(kubelite::api::Pod::builder("client").image("busybox").build()?)?;
//! let lookup = cluster.resolve(Origin::pod("default/client"), "echo-service")?;
//! assert_eq!(lookup.answered_name(), "echo-service.default.svc.cluster.local");
//! assert!(matches!(lookup.records()[0], Record::A(_)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;
use std::net::Ipv4Addr;

use crate::api::{Kind, Object, Service};
use crate::cluster::state::State;

use super::endpoints;
use super::policy::Verdict;

/// The cluster DNS Service's address (`kube-dns` in `kube-system`), every pod's nameserver.
pub const NAMESERVER: Ipv4Addr = Ipv4Addr::new(10, 96, 0, 10);

/// The `ndots` option kubelet writes into pods' `resolv.conf`.
pub const NDOTS: usize = 5;

/// A record type a client asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RecordType {
    /// IPv4 address.
    A,
    /// IPv6 address (the simulated cluster is IPv4-only: names exist, no data).
    Aaaa,
    /// Service location (named ports).
    Srv,
    /// Reverse lookup.
    Ptr,
    /// Text (`dns-version`).
    Txt,
}

/// One record of an answer.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Record {
    /// An address.
    A(Ipv4Addr),
    /// An alias (ExternalName Services), with the trailing dot.
    Cname(String),
    /// A named port.
    Srv {
        /// Priority (0).
        priority: u16,
        /// Weight (`floor(100 / N)`, at least 1).
        weight: u16,
        /// The port.
        port: u16,
        /// The target name, with the trailing dot.
        target: String,
    },
    /// A reverse name, with the trailing dot.
    Ptr(String),
    /// Text.
    Txt(String),
}

impl fmt::Display for Record {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Record::A(ip) => write!(f, "A {ip}"),
            Record::Cname(n) => write!(f, "CNAME {n}"),
            Record::Srv {
                priority,
                weight,
                port,
                target,
            } => write!(f, "SRV {priority} {weight} {port} {target}"),
            Record::Ptr(n) => write!(f, "PTR {n}"),
            Record::Txt(t) => write!(f, "TXT \"{t}\""),
        }
    }
}

/// A DNS response code, as far as clients tell them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rcode {
    /// The name exists (possibly without records of the asked type: NODATA).
    NoError,
    /// The name does not exist.
    NxDomain,
}

/// One name the resolver tried and what the server said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    /// The fully qualified name tried (no trailing dot).
    pub name: String,
    /// The response code.
    pub rcode: Rcode,
    /// How many records came back.
    pub records: usize,
}

impl fmt::Display for Attempt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.rcode, self.records) {
            (Rcode::NxDomain, _) => f.write_str("NXDOMAIN"),
            (Rcode::NoError, 0) => f.write_str("NODATA"),
            (Rcode::NoError, n) => write!(f, "{n} record{}", if n == 1 { "" } else { "s" }),
        }
    }
}

/// A successful lookup: the names tried in search-list order, the one that answered and
/// its records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lookup {
    pub(crate) query: String,
    pub(crate) attempts: Vec<Attempt>,
    pub(crate) records: Vec<Record>,
}

impl Lookup {
    /// The name as the client asked it.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// Every name tried, in order; the last one answered.
    pub fn attempts(&self) -> &[Attempt] {
        &self.attempts
    }

    /// The fully qualified name that answered.
    pub fn answered_name(&self) -> &str {
        self.attempts.last().map_or("", |a| a.name.as_str())
    }

    /// The records of the answer.
    pub fn records(&self) -> &[Record] {
        &self.records
    }

    /// The first IPv4 address of the answer.
    pub fn first_ip(&self) -> Option<Ipv4Addr> {
        self.records.iter().find_map(|r| match r {
            Record::A(ip) => Some(*ip),
            _ => None,
        })
    }

    /// The nameserver that answered (the cluster DNS Service).
    pub fn server(&self) -> Ipv4Addr {
        NAMESERVER
    }
}

/// A lookup that found nothing: every name tried failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.describe())]
pub struct DnsError {
    pub(crate) query: String,
    pub(crate) attempts: Vec<Attempt>,
    pub(crate) hint: Option<String>,
    pub(crate) outside_cluster: bool,
    /// Set when the lookup could not start (the client pod does not exist) or got no
    /// answer (NetworkPolicy dropped the query).
    pub(crate) problem: Option<String>,
    /// The NetworkPolicy verdict that dropped the query to kube-dns.
    pub(crate) blocked: Option<Box<Verdict>>,
}

impl DnsError {
    /// The name as the client asked it.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// Every name tried, in order.
    pub fn attempts(&self) -> &[Attempt] {
        &self.attempts
    }

    /// A suggested fix (`use echo-service.default`), when one is cheap to find.
    pub fn hint(&self) -> Option<&str> {
        self.hint.as_deref()
    }

    /// The NetworkPolicy verdict that dropped the query on its way to kube-dns (the client's
    /// egress or CoreDNS's ingress): the lookup timed out rather than failed.
    pub fn blocked_by(&self) -> Option<&Verdict> {
        self.blocked.as_deref()
    }

    /// Whether the name existed without data (NODATA) rather than not at all.
    pub fn is_nodata(&self) -> bool {
        self.attempts.iter().any(|a| a.rcode == Rcode::NoError)
    }

    fn describe(&self) -> String {
        if let Some(problem) = &self.problem {
            return format!("{}: {problem}", self.query);
        }
        if self.outside_cluster {
            return format!(
                "{}: not resolvable outside the cluster (the host does not use cluster DNS)",
                self.query
            );
        }
        let tried: Vec<String> = self
            .attempts
            .iter()
            .map(|a| format!("{} ({a})", a.name))
            .collect();
        format!("{}: NXDOMAIN (tried {})", self.query, tried.join(", "))
    }
}

/// What one fully qualified name answers (no search list). Names outside the cluster
/// domain are NXDOMAIN: the simulated cluster has no upstream resolver.
pub(crate) fn query(state: &State, name: &str, rtype: RecordType) -> (Rcode, Vec<Record>) {
    let name = name.strip_suffix('.').unwrap_or(name);
    let domain = state.config.domain_name();
    let Some(rest) = strip_suffix_ci(name, domain).and_then(|r| r.strip_suffix('.')) else {
        if let Some(ptr) = strip_suffix_ci(name, ".in-addr.arpa") {
            return reverse(state, ptr);
        }
        return (Rcode::NxDomain, Vec::new());
    };
    if rest.eq_ignore_ascii_case("dns-version") {
        let records = match rtype {
            RecordType::Txt => vec![Record::Txt("1.1.0".into())],
            _ => Vec::new(),
        };
        return (Rcode::NoError, records);
    }
    // At most five labels mean anything (`_port._proto.svc.ns.svc`); more is NXDOMAIN. A
    // fixed array, not a Vec: this runs for every name of a search-list walk.
    let mut buf = [""; 6];
    let mut n = 0;
    for label in rest.split('.') {
        let Some(slot) = buf.get_mut(n) else {
            return (Rcode::NxDomain, Vec::new());
        };
        *slot = label;
        n += 1;
    }
    let Some((kind, labels)) = buf.get(..n).and_then(<[&str]>::split_last) else {
        return (Rcode::NxDomain, Vec::new());
    };
    if kind.eq_ignore_ascii_case("svc") {
        services(state, labels, rtype, domain)
    } else if kind.eq_ignore_ascii_case("pod") {
        pods(state, labels, rtype)
    } else {
        (Rcode::NxDomain, Vec::new())
    }
}

/// DNS names are case-insensitive, object names lower-case: a label as stored, allocating
/// only when it has upper-case letters.
fn lower(label: &str) -> std::borrow::Cow<'_, str> {
    if label.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(label.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(label)
    }
}

fn strip_suffix_ci<'a>(name: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = name.len().checked_sub(suffix.len())?;
    (name.is_char_boundary(cut) && name[cut..].eq_ignore_ascii_case(suffix)).then(|| &name[..cut])
}

fn namespace_exists(state: &State, ns: &str) -> bool {
    state.get_parts(Kind::Namespace, "", ns).is_some()
}

fn service<'a>(state: &'a State, ns: &str, name: &str) -> Option<&'a Service> {
    match state.get_parts(Kind::Service, ns, name) {
        Some(Object::Service(s)) => Some(s),
        _ => None,
    }
}

fn services(
    state: &State,
    labels: &[&str],
    rtype: RecordType,
    domain: &str,
) -> (Rcode, Vec<Record>) {
    let nx = (Rcode::NxDomain, Vec::new());
    match *labels {
        [] => (Rcode::NoError, Vec::new()),
        [ns] => {
            if namespace_exists(state, &lower(ns)) {
                (Rcode::NoError, Vec::new())
            } else {
                nx
            }
        }
        [svc, ns] => {
            let Some(s) = service(state, &lower(ns), &lower(svc)) else {
                return nx;
            };
            service_records(state, s, rtype, domain)
        }
        [ep, svc, ns] => {
            let (ep, svc, ns) = (lower(ep), lower(svc), lower(ns));
            let (ep, svc, ns) = (ep.as_ref(), svc.as_ref(), ns.as_ref());
            let Some(s) = service(state, ns, svc) else {
                return nx;
            };
            let prefix = endpoints::slice_prefix(svc);
            let ips: Vec<Record> = endpoints::each(state, ns, svc, &prefix)
                .filter(|(_, e)| e.is_ready())
                .filter(|(_, e)| endpoints::dns_label(e).as_deref() == Some(ep))
                .filter_map(|(_, e)| e.addresses.first()?.parse().ok())
                .map(Record::A)
                .collect();
            let _ = s;
            if ips.is_empty() {
                return nx;
            }
            match rtype {
                RecordType::A => (Rcode::NoError, ips),
                _ => (Rcode::NoError, Vec::new()),
            }
        }
        [port, proto, svc, ns] if port.starts_with('_') && proto.starts_with('_') => {
            let Some(s) = service(state, &lower(ns), &lower(svc)) else {
                return nx;
            };
            srv(state, s, &port[1..], &proto[1..], rtype, domain)
        }
        _ => nx,
    }
}

fn service_records(
    state: &State,
    s: &Service,
    rtype: RecordType,
    domain: &str,
) -> (Rcode, Vec<Record>) {
    let nx = (Rcode::NxDomain, Vec::new());
    if let Some(target) = &s.spec.external_name {
        return (Rcode::NoError, vec![Record::Cname(format!("{target}."))]);
    }
    let ns = s.metadata.namespace();
    let name = s.metadata.name();
    if s.spec.is_headless() {
        let prefix = endpoints::slice_prefix(name);
        let ips: Vec<Record> = endpoints::each(state, ns, name, &prefix)
            .filter(|(_, e)| e.is_ready())
            .filter_map(|(_, e)| e.addresses.first()?.parse().ok())
            .map(Record::A)
            .collect();
        if ips.is_empty() {
            return nx;
        }
        return match rtype {
            RecordType::A => (Rcode::NoError, ips),
            RecordType::Srv => srv_all(state, s, domain),
            _ => (Rcode::NoError, Vec::new()),
        };
    }
    match (
        rtype,
        s.spec.cluster_ip.as_deref().and_then(|ip| ip.parse().ok()),
    ) {
        (RecordType::A, Some(ip)) => (Rcode::NoError, vec![Record::A(ip)]),
        (RecordType::Srv, _) => srv_all(state, s, domain),
        _ => (Rcode::NoError, Vec::new()),
    }
}

fn srv_all(state: &State, s: &Service, domain: &str) -> (Rcode, Vec<Record>) {
    let mut records = Vec::new();
    for p in &s.spec.ports {
        if let Some(name) = p.name.as_deref().filter(|n| !n.is_empty()) {
            let proto = p
                .effective_protocol()
                .map_or("tcp".to_owned(), |p| p.as_str().to_ascii_lowercase());
            records.extend(srv(state, s, name, &proto, RecordType::Srv, domain).1);
        }
    }
    (Rcode::NoError, records)
}

fn srv(
    state: &State,
    s: &Service,
    port: &str,
    proto: &str,
    rtype: RecordType,
    domain: &str,
) -> (Rcode, Vec<Record>) {
    let nx = (Rcode::NxDomain, Vec::new());
    let Some(sp) = s.spec.ports.iter().find(|p| {
        p.name
            .as_deref()
            .is_some_and(|n| n.eq_ignore_ascii_case(port))
            && p.effective_protocol()
                .is_some_and(|pr| pr.as_str().eq_ignore_ascii_case(proto))
    }) else {
        return nx;
    };
    if rtype != RecordType::Srv {
        return (Rcode::NoError, Vec::new());
    }
    let ns = s.metadata.namespace();
    let name = s.metadata.name();
    let base = format!("{name}.{ns}.svc.{domain}.");
    if !s.spec.is_headless() {
        let port = u16::try_from(sp.port).unwrap_or_default();
        return (
            Rcode::NoError,
            vec![Record::Srv {
                priority: 0,
                weight: 100,
                port,
                target: base,
            }],
        );
    }
    let prefix = endpoints::slice_prefix(name);
    let targets: Vec<(String, u16)> = endpoints::each(state, ns, name, &prefix)
        .filter(|(_, e)| e.is_ready())
        .filter_map(|(slice, e)| {
            let port = slice
                .ports
                .iter()
                .find(|p| p.name.as_deref().unwrap_or("") == sp.name.as_deref().unwrap_or(""))
                .and_then(|p| p.port)
                .and_then(|p| u16::try_from(p).ok())?;
            Some((format!("{}.{base}", endpoints::dns_label(e)?), port))
        })
        .collect();
    if targets.is_empty() {
        return nx;
    }
    let weight = u16::try_from((100 / targets.len()).max(1)).unwrap_or(1);
    (
        Rcode::NoError,
        targets
            .into_iter()
            .map(|(target, port)| Record::Srv {
                priority: 0,
                weight,
                port,
                target,
            })
            .collect(),
    )
}

/// `a-b-c-d.<ns>.pod.<domain>`: `pods insecure` (minikube's Corefile) answers any address
/// in an existing namespace without checking a pod has it.
fn pods(state: &State, labels: &[&str], rtype: RecordType) -> (Rcode, Vec<Record>) {
    let nx = (Rcode::NxDomain, Vec::new());
    let [ip, ns] = labels else {
        return if let [only] = labels
            && namespace_exists(state, &only.to_ascii_lowercase())
        {
            (Rcode::NoError, Vec::new())
        } else {
            nx
        };
    };
    if !namespace_exists(state, &ns.to_ascii_lowercase()) {
        return nx;
    }
    let Ok(ip) = ip.replace('-', ".").parse::<Ipv4Addr>() else {
        return nx;
    };
    match rtype {
        RecordType::A => (Rcode::NoError, vec![Record::A(ip)]),
        _ => (Rcode::NoError, Vec::new()),
    }
}

fn reverse(state: &State, ptr: &str) -> (Rcode, Vec<Record>) {
    let octets: Vec<&str> = ptr.split('.').rev().collect();
    let ip: Option<Ipv4Addr> = octets.join(".").parse().ok();
    let Some(ip) = ip else {
        return (Rcode::NxDomain, Vec::new());
    };
    match state.index.service_ips.get(&ip).and_then(|k| state.get(k)) {
        Some(Object::Service(s)) if s.spec.cluster_ip.as_deref() == Some(&ip.to_string()) => (
            Rcode::NoError,
            vec![Record::Ptr(format!(
                "{}.{}.svc.{}.",
                s.metadata.name(),
                s.metadata.namespace(),
                state.config.domain_name()
            ))],
        ),
        _ => (Rcode::NxDomain, Vec::new()),
    }
}

/// The search list of a pod in `namespace` (`dnsPolicy: ClusterFirst`).
pub fn search_list(namespace: &str, domain: &str) -> [String; 3] {
    [
        format!("{namespace}.svc.{domain}"),
        format!("svc.{domain}"),
        domain.to_owned(),
    ]
}

/// The `/etc/resolv.conf` kubelet writes for a pod in `namespace`.
pub fn resolv_conf(namespace: &str, domain: &str) -> String {
    let [a, b, c] = search_list(namespace, domain);
    format!("nameserver {NAMESERVER}\nsearch {a} {b} {c}\noptions ndots:{NDOTS}\n")
}

/// The `/etc/hosts` kubelet writes for a pod (its own name, and FQDN with a subdomain).
pub fn etc_hosts(pod_ip: Ipv4Addr, hostname: &str, fqdn: Option<&str>) -> String {
    let mut own = format!("{pod_ip}\t");
    match fqdn {
        Some(f) => own.push_str(&format!("{f}\t{hostname}")),
        None => own.push_str(hostname),
    }
    format!(
        "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n{own}\n"
    )
}

/// Resolves `name` as a pod in `namespace` would: search list first for names with fewer
/// than `ndots` dots, then the name as is. NODATA on one name does not stop the walk (musl
/// and glibc both carry on), so only an answer with records ends it.
pub(crate) fn lookup(
    state: &State,
    namespace: &str,
    name: &str,
    rtype: RecordType,
) -> Result<Lookup, DnsError> {
    let mut attempts = Vec::with_capacity(4);
    let absolute = name.ends_with('.');
    let bare = name.strip_suffix('.').unwrap_or(name);
    let dots = bare.bytes().filter(|b| *b == b'.').count();
    let domain = state.config.domain_name();
    let try_one = |fqdn: String, attempts: &mut Vec<Attempt>| -> Option<Vec<Record>> {
        let (rcode, records) = query(state, &fqdn, rtype);
        attempts.push(Attempt {
            name: fqdn,
            rcode,
            records: records.len(),
        });
        (!records.is_empty()).then_some(records)
    };
    if !absolute
        && dots >= NDOTS
        && let Some(records) = try_one(bare.to_owned(), &mut attempts)
    {
        return Ok(Lookup {
            query: name.to_owned(),
            attempts,
            records,
        });
    }
    if !absolute {
        // The search list's names, each built in one allocation (it becomes the attempt's
        // name): `<ns>.svc.<domain>`, `svc.<domain>`, `<domain>`.
        let suffixes: [&[&str]; 3] = [&[namespace, ".svc.", domain], &["svc.", domain], &[domain]];
        for suffix in suffixes {
            let len = bare.len() + 1 + suffix.iter().map(|p| p.len()).sum::<usize>();
            let mut fqdn = String::with_capacity(len);
            fqdn.push_str(bare);
            fqdn.push('.');
            suffix.iter().for_each(|p| fqdn.push_str(p));
            if let Some(records) = try_one(fqdn, &mut attempts) {
                return Ok(Lookup {
                    query: name.to_owned(),
                    attempts,
                    records,
                });
            }
        }
    }
    if (absolute || dots < NDOTS)
        && let Some(records) = try_one(bare.to_owned(), &mut attempts)
    {
        return Ok(Lookup {
            query: name.to_owned(),
            attempts,
            records,
        });
    }
    Err(DnsError {
        query: name.to_owned(),
        hint: hint_for(state, namespace, bare),
        attempts,
        outside_cluster: false,
        problem: None,
        blocked: None,
    })
}

/// A Service with this short name in another namespace: `use echo-service.default`.
pub(crate) fn hint_for(state: &State, namespace: &str, name: &str) -> Option<String> {
    let short = name.split('.').next()?;
    let found: Vec<String> = state
        .store
        .list(Kind::Namespace, None)
        .filter(|(k, _)| &*k.name != namespace && service(state, &k.name, short).is_some())
        .map(|(k, _)| k.name.to_string())
        .collect();
    if found.is_empty() {
        return None;
    }
    let mut out = format!(
        "no Service {short:?} in namespace {namespace:?}, but there is one in {}: use ",
        found.join(", ")
    );
    let uses: Vec<String> = found.iter().map(|ns| format!("{short}.{ns}")).collect();
    out.push_str(&uses.join(" or "));
    Some(out)
}

/// The error for a name looked up where cluster DNS is not used (the host, external clients).
pub(crate) fn outside(state: &State, name: &str) -> DnsError {
    let short = name.split('.').next().unwrap_or(name);
    let found: Vec<String> = state
        .store
        .list(Kind::Namespace, None)
        .map(|(k, _)| k.name.to_string())
        .filter(|ns| service(state, ns, short).is_some())
        .collect();
    let hint = (!found.is_empty()).then(|| {
        format!(
            "{short:?} is a Service name, known only to cluster DNS; from outside the cluster expose it as a NodePort (`kubectl expose ... --type=NodePort`) and use `minikube service {short} --url`"
        )
    });
    DnsError {
        query: name.to_owned(),
        attempts: Vec::new(),
        hint,
        outside_cluster: true,
        problem: None,
        blocked: None,
    }
}
