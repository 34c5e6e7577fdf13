//! NetworkPolicies compiled once, when stored: selectors converted, CIDRs parsed, ports
//! turned into ranges, `policyTypes` defaulted. Evaluation then never parses anything.
//!
//! Anything that does not compile (the API server rejects it, so only objects that skipped
//! validation can carry it) compiles to something that matches nothing: failing closed is
//! the safe side for a security feature.

use std::net::Ipv4Addr;
use std::sync::Arc;

use crate::api::IntOrString;
use crate::api::NetworkPolicy;
use crate::api::network_policy::{IpBlock, NetworkPolicyPeer, NetworkPolicyPort};
use crate::api::service::Protocol;
use crate::cluster::cidr::Ipv4Cidr;
use crate::labels::{LabelSelector, Selector};

/// A NetworkPolicy ready to evaluate.
#[derive(Clone, Debug)]
pub(crate) struct CompiledPolicy {
    pub(crate) namespace: Arc<str>,
    pub(crate) name: Arc<str>,
    /// Which pods of `namespace` the policy applies to.
    pub(crate) pod_selector: Selector,
    /// The ingress rules, or `None` when the policy does not isolate ingress.
    pub(crate) ingress: Option<Vec<CompiledRule>>,
    /// The egress rules, or `None` when the policy does not isolate egress.
    pub(crate) egress: Option<Vec<CompiledRule>>,
}

/// One rule: any of `peers` (empty: every peer) and any of `ports` (empty: every port).
#[derive(Clone, Debug)]
pub(crate) struct CompiledRule {
    pub(crate) peers: Vec<CompiledPeer>,
    pub(crate) ports: Vec<CompiledPort>,
}

/// One `from`/`to` entry.
#[derive(Clone, Debug)]
pub(crate) enum CompiledPeer {
    /// Pods matching `pods` in the namespaces `namespaces` names.
    Pods {
        namespaces: NamespaceMatch,
        pods: Selector,
    },
    /// Addresses in `cidr` outside every `except`.
    Block {
        cidr: Ipv4Cidr,
        except: Vec<Ipv4Cidr>,
    },
    /// An entry that matches nothing (no peer given, an IPv6 block, a bad selector).
    Nothing,
}

/// The namespaces a pod peer may be in.
#[derive(Clone, Debug)]
pub(crate) enum NamespaceMatch {
    /// Only the policy's own (`podSelector` without `namespaceSelector`).
    Own,
    /// Those whose labels match.
    Selected(Selector),
}

/// One `ports` entry.
#[derive(Clone, Debug)]
pub(crate) struct CompiledPort {
    /// `None` for a protocol Kubernetes rejects (matches nothing).
    pub(crate) protocol: Option<Protocol>,
    pub(crate) port: PortMatch,
}

/// Which port numbers a `ports` entry allows.
#[derive(Clone, Debug)]
pub(crate) enum PortMatch {
    /// No `port`: every port of the protocol.
    All,
    /// `port`, or `port..=endPort`.
    Range(u16, u16),
    /// A named container port of the destination pod.
    Named(String),
    /// A number out of range.
    Nothing,
}

impl CompiledPolicy {
    pub(crate) fn compile(policy: &NetworkPolicy) -> CompiledPolicy {
        let spec = &policy.spec;
        let ingress = spec.isolates_ingress().then(|| {
            spec.ingress
                .iter()
                .map(|r| compile_rule(&r.from, &r.ports))
                .collect()
        });
        let egress = spec.isolates_egress().then(|| {
            spec.egress
                .iter()
                .map(|r| compile_rule(&r.to, &r.ports))
                .collect()
        });
        CompiledPolicy {
            namespace: Arc::from(policy.metadata.namespace.as_deref().unwrap_or("default")),
            name: Arc::from(policy.metadata.name()),
            pod_selector: selector(&spec.pod_selector),
            ingress,
            egress,
        }
    }
}

fn selector(selector: &LabelSelector) -> Selector {
    selector
        .to_selector()
        .unwrap_or_else(|_| Selector::nothing())
}

fn compile_rule(peers: &[NetworkPolicyPeer], ports: &[NetworkPolicyPort]) -> CompiledRule {
    CompiledRule {
        peers: peers.iter().map(compile_peer).collect(),
        ports: ports.iter().map(compile_port).collect(),
    }
}

fn compile_peer(peer: &NetworkPolicyPeer) -> CompiledPeer {
    match (&peer.ip_block, &peer.namespace_selector, &peer.pod_selector) {
        (Some(block), None, None) => compile_block(block),
        (None, Some(ns), pods) => CompiledPeer::Pods {
            namespaces: NamespaceMatch::Selected(selector(ns)),
            pods: pods.as_ref().map_or_else(Selector::everything, selector),
        },
        (None, None, Some(pods)) => CompiledPeer::Pods {
            namespaces: NamespaceMatch::Own,
            pods: selector(pods),
        },
        // Empty, or ipBlock with a selector: both rejected by validation.
        _ => CompiledPeer::Nothing,
    }
}

fn compile_block(block: &IpBlock) -> CompiledPeer {
    let Ok(cidr) = block.cidr.parse::<Ipv4Cidr>() else {
        // An IPv6 block never matches the IPv4 addresses of this cluster.
        return CompiledPeer::Nothing;
    };
    let except = block
        .except
        .iter()
        .filter_map(|e| match e.parse::<Ipv4Cidr>() {
            Ok(c) => Some(Ok(c)),
            // A v6 exception cannot carve anything out of a v4 block.
            Err(_) if e.contains(':') => None,
            Err(_) => Some(Err(())),
        })
        .collect::<Result<Vec<_>, ()>>();
    match except {
        Ok(except) => CompiledPeer::Block { cidr, except },
        // An exception we cannot read might have excluded the address: match nothing.
        Err(()) => CompiledPeer::Nothing,
    }
}

fn compile_port(port: &NetworkPolicyPort) -> CompiledPort {
    let number = |p: i32| u16::try_from(p).ok().filter(|p| *p > 0);
    let port_match = match (&port.port, port.end_port) {
        (None, _) => PortMatch::All,
        (Some(IntOrString::Int(p)), end) => match (number(*p), end.map(number)) {
            (Some(p), None) => PortMatch::Range(p, p),
            (Some(p), Some(Some(e))) if e >= p => PortMatch::Range(p, e),
            _ => PortMatch::Nothing,
        },
        (Some(IntOrString::String(name)), None) => PortMatch::Named(name.clone()),
        (Some(IntOrString::String(_)), Some(_)) => PortMatch::Nothing,
    };
    CompiledPort {
        protocol: port.effective_protocol(),
        port: port_match,
    }
}

impl CompiledPeer {
    /// Whether an address matches this entry as an `ipBlock`.
    pub(crate) fn block_contains(cidr: &Ipv4Cidr, except: &[Ipv4Cidr], ip: Ipv4Addr) -> bool {
        cidr.contains(ip) && !except.iter().any(|e| e.contains(ip))
    }
}
