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
use std::sync::Arc;

use crate::api::{Kind, Object, Service};
use crate::cluster::cidr::parse_ipv4;
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

/// The most names one lookup tries: the name as is, and the three search-list names.
const MAX_ATTEMPTS: usize = 4;

/// One name the resolver tried and what the server said.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attempt<'a> {
    /// The fully qualified name tried (no trailing dot).
    pub name: &'a str,
    /// The response code.
    pub rcode: Rcode,
    /// How many records came back.
    pub records: usize,
}

impl fmt::Display for Attempt<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.rcode, self.records) {
            (Rcode::NxDomain, _) => f.write_str("NXDOMAIN"),
            (Rcode::NoError, 0) => f.write_str("NODATA"),
            (Rcode::NoError, n) => write!(f, "{n} record{}", if n == 1 { "" } else { "s" }),
        }
    }
}

/// Where one tried name ends in [`Walk::names`], and what it got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Tried {
    end: u32,
    records: u16,
    rcode: Rcode,
}

const NOT_TRIED: Tried = Tried {
    end: 0,
    rcode: Rcode::NxDomain,
    records: 0,
};

/// The query and every name tried, in one buffer: a lookup allocates once for all its
/// names rather than once per search-list suffix (lookups sit on every request's path).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Walk {
    names: String,
    query_end: u32,
    tried: [Tried; MAX_ATTEMPTS],
    count: u8,
}

impl Walk {
    /// A walk for `query`, with room for `capacity` more bytes of names.
    pub(crate) fn new(query: &str, capacity: usize) -> Walk {
        let mut names = String::with_capacity(query.len() + capacity);
        names.push_str(query);
        Walk {
            query_end: offset(&names),
            names,
            tried: [NOT_TRIED; MAX_ATTEMPTS],
            count: 0,
        }
    }

    fn query(&self) -> &str {
        self.names.get(..self.query_end as usize).unwrap_or("")
    }

    /// Records that the name made of `parts` got `answer`; returns its records.
    fn record(&mut self, parts: &[&str], answer: (Rcode, Records)) -> Records {
        parts.iter().for_each(|p| self.names.push_str(p));
        let (rcode, records) = answer;
        if let Some(slot) = self.tried.get_mut(usize::from(self.count)) {
            *slot = Tried {
                end: offset(&self.names),
                records: u16::try_from(records.len()).unwrap_or(u16::MAX),
                rcode,
            };
            self.count += 1;
        }
        records
    }

    fn attempts(&self) -> impl ExactSizeIterator<Item = Attempt<'_>> + DoubleEndedIterator {
        (0..usize::from(self.count).min(MAX_ATTEMPTS)).map(move |i| {
            let start = match i.checked_sub(1).and_then(|p| self.tried.get(p)) {
                Some(previous) => previous.end,
                None => self.query_end,
            };
            let tried = self.tried.get(i).copied().unwrap_or(NOT_TRIED);
            Attempt {
                name: self
                    .names
                    .get(start as usize..tried.end as usize)
                    .unwrap_or(""),
                rcode: tried.rcode,
                records: usize::from(tried.records),
            }
        })
    }
}

/// Where the buffer ends, as stored (a name longer than 4 GiB reads back as empty).
fn offset(names: &str) -> u32 {
    u32::try_from(names.len()).unwrap_or(u32::MAX)
}

/// An answer's records: one inline (a Service's A record, the common answer), or many.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Records {
    One(Record),
    Many(Vec<Record>),
}

impl Records {
    const NONE: Records = Records::Many(Vec::new());

    fn as_slice(&self) -> &[Record] {
        match self {
            Records::One(r) => std::slice::from_ref(r),
            Records::Many(v) => v,
        }
    }

    fn len(&self) -> usize {
        self.as_slice().len()
    }

    fn is_empty(&self) -> bool {
        self.as_slice().is_empty()
    }
}

impl FromIterator<Record> for Records {
    fn from_iter<I: IntoIterator<Item = Record>>(records: I) -> Records {
        Records::Many(records.into_iter().collect())
    }
}

impl From<Vec<Record>> for Records {
    fn from(records: Vec<Record>) -> Records {
        Records::Many(records)
    }
}

/// A successful lookup: the names tried in search-list order, the one that answered and
/// its records. Cloning is cheap (the answer is shared), as the cluster's DNS cache hands
/// out copies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lookup {
    answer: Arc<Answer>,
}

#[derive(Debug, PartialEq, Eq)]
struct Answer {
    walk: Walk,
    records: Records,
}

impl Lookup {
    /// The name as the client asked it.
    pub fn query(&self) -> &str {
        self.answer.walk.query()
    }

    /// Every name tried, in order; the last one answered.
    pub fn attempts(&self) -> impl ExactSizeIterator<Item = Attempt<'_>> + DoubleEndedIterator {
        self.answer.walk.attempts()
    }

    /// The fully qualified name that answered.
    pub fn answered_name(&self) -> &str {
        self.attempts().next_back().map_or("", |a| a.name)
    }

    /// The records of the answer.
    pub fn records(&self) -> &[Record] {
        self.answer.records.as_slice()
    }

    /// The first IPv4 address of the answer.
    pub fn first_ip(&self) -> Option<Ipv4Addr> {
        self.records().iter().find_map(|r| match r {
            Record::A(ip) => Some(*ip),
            _ => None,
        })
    }

    /// The nameserver that answered (the cluster DNS Service).
    pub fn server(&self) -> Ipv4Addr {
        NAMESERVER
    }
}

/// A lookup that found nothing: every name tried failed. Cloning is cheap (shared).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.describe())]
pub struct DnsError {
    failure: Arc<Failure>,
}

/// What a [`DnsError`] knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Failure {
    walk: Walk,
    pub(crate) hint: Option<String>,
    pub(crate) outside_cluster: bool,
    /// Set when the lookup could not start (the client pod does not exist) or got no
    /// answer (NetworkPolicy dropped the query).
    pub(crate) problem: Option<String>,
    /// The NetworkPolicy verdict that dropped the query to kube-dns.
    pub(crate) blocked: Option<Box<Verdict>>,
}

impl DnsError {
    /// A failure for `query` before any name was tried ([`DnsError::detail`] says why).
    pub(crate) fn new(query: &str) -> DnsError {
        DnsError::from_walk(Walk::new(query, 0))
    }

    fn from_walk(walk: Walk) -> DnsError {
        DnsError {
            failure: Arc::new(Failure {
                walk,
                hint: None,
                outside_cluster: false,
                problem: None,
                blocked: None,
            }),
        }
    }

    /// The failure's details, to fill in while the error is built.
    pub(crate) fn detail(&mut self) -> &mut Failure {
        Arc::make_mut(&mut self.failure)
    }

    /// The name as the client asked it.
    pub fn query(&self) -> &str {
        self.failure.walk.query()
    }

    /// Every name tried, in order.
    pub fn attempts(&self) -> impl ExactSizeIterator<Item = Attempt<'_>> + DoubleEndedIterator {
        self.failure.walk.attempts()
    }

    /// A suggested fix (`use echo-service.default`), when one is cheap to find.
    pub fn hint(&self) -> Option<&str> {
        self.failure.hint.as_deref()
    }

    /// The NetworkPolicy verdict that dropped the query on its way to kube-dns (the client's
    /// egress or CoreDNS's ingress): the lookup timed out rather than failed.
    pub fn blocked_by(&self) -> Option<&Verdict> {
        self.failure.blocked.as_deref()
    }

    /// Whether the name existed without data (NODATA) rather than not at all.
    pub fn is_nodata(&self) -> bool {
        self.attempts().any(|a| a.rcode == Rcode::NoError)
    }

    fn describe(&self) -> String {
        let query = self.query();
        if let Some(problem) = &self.failure.problem {
            return format!("{query}: {problem}");
        }
        if self.failure.outside_cluster {
            return format!(
                "{query}: not resolvable outside the cluster (the host does not use cluster DNS)"
            );
        }
        let tried: Vec<String> = self
            .attempts()
            .map(|a| format!("{} ({a})", a.name))
            .collect();
        format!("{query}: NXDOMAIN (tried {})", tried.join(", "))
    }
}

/// What one fully qualified name answers (no search list). Names outside the cluster
/// domain are NXDOMAIN: the simulated cluster has no upstream resolver.
pub(crate) fn query(state: &State, name: &str, rtype: RecordType) -> (Rcode, Records) {
    let name = name.strip_suffix('.').unwrap_or(name);
    let domain = state.config.domain_name();
    let Some(rest) = strip_suffix_ci(name, domain).and_then(|r| r.strip_suffix('.')) else {
        if let Some(ptr) = strip_suffix_ci(name, ".in-addr.arpa") {
            return reverse(state, ptr);
        }
        return (Rcode::NxDomain, Records::NONE);
    };
    match split_labels(rest) {
        Some((buf, n)) => answer(state, buf.get(..n).unwrap_or(&[]), rtype, domain),
        None => (Rcode::NxDomain, Records::NONE),
    }
}

/// At most six labels under the cluster domain mean anything
/// (`_port._proto.<svc>.<ns>.svc`, `<hostname>.<svc>.<ns>.svc`); more is NXDOMAIN.
const MAX_LABELS: usize = 6;

/// The labels of `text`, or `None` when there are more than [`MAX_LABELS`]. A fixed array,
/// not a Vec: this runs for every lookup.
fn split_labels(text: &str) -> Option<([&str; MAX_LABELS], usize)> {
    let mut buf = [""; MAX_LABELS];
    let mut n = 0;
    for label in text.split('.') {
        *buf.get_mut(n)? = label;
        n += 1;
    }
    Some((buf, n))
}

/// What the labels of a name below the cluster domain answer.
fn answer(state: &State, rest: &[&str], rtype: RecordType, domain: &str) -> (Rcode, Records) {
    if let [only] = rest
        && only.eq_ignore_ascii_case("dns-version")
    {
        let records = match rtype {
            RecordType::Txt => Records::One(Record::Txt("1.1.0".into())),
            _ => Records::NONE,
        };
        return (Rcode::NoError, records);
    }
    let Some((kind, labels)) = rest.split_last() else {
        return (Rcode::NxDomain, Records::NONE);
    };
    if kind.eq_ignore_ascii_case("svc") {
        services(state, labels, rtype, domain)
    } else if kind.eq_ignore_ascii_case("pod") {
        pods(state, labels, rtype)
    } else {
        (Rcode::NxDomain, Records::NONE)
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

fn services(state: &State, labels: &[&str], rtype: RecordType, domain: &str) -> (Rcode, Records) {
    let nx = (Rcode::NxDomain, Records::NONE);
    match *labels {
        [] => (Rcode::NoError, Records::NONE),
        [ns] => {
            if namespace_exists(state, &lower(ns)) {
                (Rcode::NoError, Records::NONE)
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
                .filter_map(|(_, e)| parse_ipv4(e.addresses.first()?))
                .map(Record::A)
                .collect();
            let _ = s;
            if ips.is_empty() {
                return nx;
            }
            match rtype {
                RecordType::A => (Rcode::NoError, ips.into()),
                _ => (Rcode::NoError, Records::NONE),
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
) -> (Rcode, Records) {
    let nx = (Rcode::NxDomain, Records::NONE);
    if let Some(target) = &s.spec.external_name {
        return (
            Rcode::NoError,
            Records::One(Record::Cname(format!("{target}."))),
        );
    }
    let ns = s.metadata.namespace();
    let name = s.metadata.name();
    if s.spec.is_headless() {
        let prefix = endpoints::slice_prefix(name);
        let ips: Vec<Record> = endpoints::each(state, ns, name, &prefix)
            .filter(|(_, e)| e.is_ready())
            .filter_map(|(_, e)| parse_ipv4(e.addresses.first()?))
            .map(Record::A)
            .collect();
        if ips.is_empty() {
            return nx;
        }
        return match rtype {
            RecordType::A => (Rcode::NoError, ips.into()),
            RecordType::Srv => srv_all(state, s, domain),
            _ => (Rcode::NoError, Records::NONE),
        };
    }
    match (rtype, s.spec.cluster_ip.as_deref().and_then(parse_ipv4)) {
        (RecordType::A, Some(ip)) => (Rcode::NoError, Records::One(Record::A(ip))),
        (RecordType::Srv, _) => srv_all(state, s, domain),
        _ => (Rcode::NoError, Records::NONE),
    }
}

fn srv_all(state: &State, s: &Service, domain: &str) -> (Rcode, Records) {
    let mut records = Vec::new();
    for p in &s.spec.ports {
        if let Some(name) = p.name.as_deref().filter(|n| !n.is_empty()) {
            let proto = p
                .effective_protocol()
                .map_or("tcp".to_owned(), |p| p.as_str().to_ascii_lowercase());
            records.extend_from_slice(
                srv(state, s, name, &proto, RecordType::Srv, domain)
                    .1
                    .as_slice(),
            );
        }
    }
    (Rcode::NoError, records.into())
}

fn srv(
    state: &State,
    s: &Service,
    port: &str,
    proto: &str,
    rtype: RecordType,
    domain: &str,
) -> (Rcode, Records) {
    let nx = (Rcode::NxDomain, Records::NONE);
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
        return (Rcode::NoError, Records::NONE);
    }
    let ns = s.metadata.namespace();
    let name = s.metadata.name();
    let base = format!("{name}.{ns}.svc.{domain}.");
    if !s.spec.is_headless() {
        let port = u16::try_from(sp.port).unwrap_or_default();
        return (
            Rcode::NoError,
            Records::One(Record::Srv {
                priority: 0,
                weight: 100,
                port,
                target: base,
            }),
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
fn pods(state: &State, labels: &[&str], rtype: RecordType) -> (Rcode, Records) {
    let nx = (Rcode::NxDomain, Records::NONE);
    let [ip, ns] = labels else {
        return if let [only] = labels
            && namespace_exists(state, &only.to_ascii_lowercase())
        {
            (Rcode::NoError, Records::NONE)
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
        RecordType::A => (Rcode::NoError, Records::One(Record::A(ip))),
        _ => (Rcode::NoError, Records::NONE),
    }
}

fn reverse(state: &State, ptr: &str) -> (Rcode, Records) {
    let octets: Vec<&str> = ptr.split('.').rev().collect();
    let ip: Option<Ipv4Addr> = octets.join(".").parse().ok();
    let Some(ip) = ip else {
        return (Rcode::NxDomain, Records::NONE);
    };
    match state.index.service_ips.get(&ip).and_then(|k| state.get(k)) {
        Some(Object::Service(s)) if s.spec.cluster_ip.as_deref() == Some(&ip.to_string()) => (
            Rcode::NoError,
            Records::One(Record::Ptr(format!(
                "{}.{}.svc.{}.",
                s.metadata.name(),
                s.metadata.namespace(),
                state.config.domain_name()
            ))),
        ),
        _ => (Rcode::NxDomain, Records::NONE),
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
    let absolute = name.ends_with('.');
    let bare = name.strip_suffix('.').unwrap_or(name);
    let dots = bare.bytes().filter(|b| *b == b'.').count();
    let domain = state.config.domain_name();
    // Room for every name the walk may try: the name twice, and the three search-list
    // names `<name>.<ns>.svc.<domain>`, `<name>.svc.<domain>`, `<name>.<domain>`.
    let room = 5 * bare.len() + namespace.len() + 3 * domain.len() + 11;
    let mut walk = Walk::new(name, room);
    let found = |walk: Walk, records: Records| {
        Ok(Lookup {
            answer: Arc::new(Answer { walk, records }),
        })
    };
    if !absolute && dots >= NDOTS {
        let records = walk.record(&[bare], query(state, bare, rtype));
        if !records.is_empty() {
            return found(walk, records);
        }
    }
    if !absolute {
        // A search-list name's labels under the domain are the name's own labels plus the
        // suffix's: the name is split once, not once per suffix.
        let own = split_labels(bare);
        let under = |extra: &[&str]| {
            let mut rest = [""; MAX_LABELS];
            let (labels, n) = own?;
            let labels = labels.get(..n)?;
            let total = n + extra.len();
            rest.get_mut(..n)?.copy_from_slice(labels);
            rest.get_mut(n..total)?.copy_from_slice(extra);
            Some(answer(state, rest.get(..total)?, rtype, domain))
        };
        let nx = || (Rcode::NxDomain, Records::NONE);
        let searches: [(&[&str], &[&str]); 3] = [
            (
                &[bare, ".", namespace, ".svc.", domain],
                &[namespace, "svc"],
            ),
            (&[bare, ".svc.", domain], &["svc"]),
            (&[bare, ".", domain], &[]),
        ];
        for (name, extra) in searches {
            let records = walk.record(name, under(extra).unwrap_or_else(nx));
            if !records.is_empty() {
                return found(walk, records);
            }
        }
    }
    if absolute || dots < NDOTS {
        let records = walk.record(&[bare], query(state, bare, rtype));
        if !records.is_empty() {
            return found(walk, records);
        }
    }
    let mut error = DnsError::from_walk(walk);
    error.detail().hint = hint_for(state, namespace, bare);
    Err(error)
}

/// A Service with this short name in another namespace: `use echo-service.default`.
pub(crate) fn hint_for(state: &State, namespace: &str, name: &str) -> Option<String> {
    let short = name.split('.').next()?;
    // Most misses name no Service anywhere: the index says so without a namespace scan.
    if !state.index.service_name_exists(short) {
        return None;
    }
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
    let found = state.index.service_name_exists(short);
    let hint = found.then(|| {
        format!(
            "{short:?} is a Service name, known only to cluster DNS; from outside the cluster expose it as a NodePort (`kubectl expose ... --type=NodePort`) and use `minikube service {short} --url`"
        )
    });
    let mut error = DnsError::new(name);
    let detail = error.detail();
    detail.hint = hint;
    detail.outside_cluster = true;
    error
}
