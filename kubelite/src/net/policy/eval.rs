//! Rule matching (§10): peers OR, ports OR, peer AND port; a direction is allowed when no
//! policy isolates the pod in it or when some rule of some isolating policy matches.
//!
//! One evaluator serves both the fast boolean question and the explanation: with
//! `explain` off it stops at the first matching rule and allocates nothing.

use std::borrow::Cow;
use std::net::Ipv4Addr;
use std::sync::Arc;

use super::verdict::{Decision, PolicyMiss, Reason, RuleMiss, RuleRef};
use crate::api::Pod;
use crate::api::namespace::LABEL_METADATA_NAME;
use crate::api::network_policy::PolicyType;
use crate::api::{Kind, Object};
use crate::cluster::ObjectKey;
use crate::cluster::policy_index::{
    CompiledPeer, CompiledPolicy, CompiledPort, CompiledRule, NamespaceMatch, PortMatch,
};
use crate::cluster::state::State;
use crate::labels::Labels;
use crate::net::Protocol;

/// A pod as policy evaluation sees it, resolved once (reachability matrices reuse it for
/// every pair).
#[derive(Clone, Debug)]
pub(crate) struct PodView<'a> {
    pub(crate) namespace: &'a str,
    pub(crate) name: &'a str,
    pub(crate) pod: &'a Pod,
    ingress: &'a [Arc<CompiledPolicy>],
    egress: &'a [Arc<CompiledPolicy>],
    namespace_labels: Cow<'a, Labels>,
    pub(crate) ip: Option<Ipv4Addr>,
    host_network: bool,
    node_ip: Option<Ipv4Addr>,
}

impl<'a> PodView<'a> {
    /// The view of the pod stored under `key`, if any.
    pub(crate) fn of(state: &'a State, key: &'a ObjectKey) -> Option<PodView<'a>> {
        let Some(Object::Pod(pod)) = state.get(key) else {
            return None;
        };
        let policies = &state.index.policies;
        let selected = policies.selecting(&key.namespace, &key.name);
        let namespace_labels = match policies.namespace_labels(&key.namespace) {
            Some(labels) => Cow::Borrowed(labels),
            // Every namespace carries its name label; a pod whose Namespace object is
            // missing is judged as if it were there.
            None => Cow::Owned(Labels::from_iter([(
                LABEL_METADATA_NAME,
                key.namespace.as_ref(),
            )])),
        };
        Some(PodView {
            namespace: &key.namespace,
            name: &key.name,
            pod,
            ingress: selected.map_or(&[], |s| s.ingress.as_slice()),
            egress: selected.map_or(&[], |s| s.egress.as_slice()),
            namespace_labels,
            ip: pod
                .status
                .pod_ip
                .as_deref()
                .and_then(crate::cluster::cidr::parse_ipv4),
            host_network: pod.spec.host_network == Some(true),
            node_ip: pod
                .spec
                .node_name
                .as_deref()
                .and_then(|n| state.node(n))
                .map(|n| n.ip),
        })
    }

    fn display(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }
}

/// The other end of a connection, as a rule's peers see it.
#[derive(Clone, Copy, Debug)]
pub(crate) enum End<'v, 'a> {
    /// A pod on the pod network.
    Pod(&'v PodView<'a>),
    /// An address: a node, a host-network pod, something outside the cluster.
    Ip(Option<Ipv4Addr>),
}

impl End<'_, '_> {
    fn ip(&self) -> Option<Ipv4Addr> {
        match self {
            End::Pod(p) => p.ip,
            End::Ip(ip) => *ip,
        }
    }
}

/// Where traffic to `dst` comes from as its ingress sees it: a host-network pod's packets
/// leave from its node's address.
pub(crate) fn source_end<'v, 'a>(src: &'v PodView<'a>) -> End<'v, 'a> {
    if src.host_network {
        End::Ip(src.node_ip.or(src.ip))
    } else {
        End::Pod(src)
    }
}

/// The source pod's egress decision for traffic to `dst`.
pub(crate) fn egress(
    src: &PodView<'_>,
    dst: &PodView<'_>,
    port: u16,
    protocol: Protocol,
    explain: bool,
) -> Decision {
    let decide = |allowed, reason| Decision {
        direction: PolicyType::Egress,
        pod: explain.then(|| src.display()),
        allowed,
        reason,
    };
    if src.host_network {
        return decide(true, Reason::HostNetwork);
    }
    if src.egress.is_empty() {
        return decide(true, Reason::NotIsolated);
    }
    // Traffic to a host-network pod goes to its node's address: only ipBlocks can match
    // it, and named ports do not resolve.
    let (end, named_ports) = if dst.host_network {
        (End::Ip(dst.node_ip.or(dst.ip)), None)
    } else {
        (End::Pod(dst), Some(dst.pod))
    };
    let target = Target {
        port,
        protocol,
        pod: named_ports,
    };
    judge_rules(
        src.egress,
        PolicyType::Egress,
        &end,
        &target,
        explain,
        decide,
    )
}

/// The destination pod's ingress decision for traffic from `from`.
pub(crate) fn ingress(
    from: &End<'_, '_>,
    dst: &PodView<'_>,
    port: u16,
    protocol: Protocol,
    explain: bool,
) -> Decision {
    let decide = |allowed, reason| Decision {
        direction: PolicyType::Ingress,
        pod: explain.then(|| dst.display()),
        allowed,
        reason,
    };
    if dst.host_network {
        return decide(true, Reason::HostNetwork);
    }
    if let End::Ip(Some(ip)) = from
        && Some(*ip) == dst.node_ip
    {
        return decide(true, Reason::FromOwnNode);
    }
    if dst.ingress.is_empty() {
        return decide(true, Reason::NotIsolated);
    }
    let target = Target {
        port,
        protocol,
        pod: Some(dst.pod),
    };
    judge_rules(
        dst.ingress,
        PolicyType::Ingress,
        from,
        &target,
        explain,
        decide,
    )
}

/// The destination port, and the pod whose container ports named ports resolve against.
struct Target<'a> {
    port: u16,
    protocol: Protocol,
    pod: Option<&'a Pod>,
}

/// Evaluates the rules of the policies isolating a pod in `direction`. Without `explain`,
/// the decision's reason is a placeholder: only `allowed` counts.
fn judge_rules(
    policies: &[Arc<CompiledPolicy>],
    direction: PolicyType,
    other: &End<'_, '_>,
    target: &Target<'_>,
    explain: bool,
    decide: impl Fn(bool, Reason) -> Decision,
) -> Decision {
    let mut allowed_by = Vec::new();
    let mut misses = Vec::new();
    for policy in policies {
        let rules = match direction {
            PolicyType::Egress => policy.egress.as_deref(),
            _ => policy.ingress.as_deref(),
        }
        .unwrap_or(&[]);
        let mut rule_misses = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            if !explain {
                if ports_match(rule, target) && peers_match(rule, policy, other) {
                    return decide(true, Reason::NotIsolated);
                }
                continue;
            }
            let peer = peers_match(rule, policy, other);
            let port = ports_match(rule, target);
            match (peer, port) {
                (true, true) => allowed_by.push(RuleRef {
                    policy: format!("{}/{}", policy.namespace, policy.name),
                    direction,
                    rule: i,
                }),
                (false, true) => rule_misses.push(RuleMiss::Peer),
                (true, false) => rule_misses.push(RuleMiss::Port),
                (false, false) => rule_misses.push(RuleMiss::PeerAndPort),
            }
        }
        if explain && rule_misses.len() == rules.len() {
            misses.push(PolicyMiss {
                policy: format!("{}/{}", policy.namespace, policy.name),
                direction,
                rules: rule_misses,
            });
        }
    }
    if !explain {
        return decide(false, Reason::NoRuleMatches(Vec::new()));
    }
    if allowed_by.is_empty() {
        decide(false, Reason::NoRuleMatches(misses))
    } else {
        decide(true, Reason::AllowedBy(allowed_by))
    }
}

/// Empty `from`/`to`: every peer.
fn peers_match(rule: &CompiledRule, policy: &CompiledPolicy, other: &End<'_, '_>) -> bool {
    rule.peers.is_empty() || rule.peers.iter().any(|p| peer_matches(p, policy, other))
}

fn peer_matches(peer: &CompiledPeer, policy: &CompiledPolicy, other: &End<'_, '_>) -> bool {
    match peer {
        CompiledPeer::Pods { namespaces, pods } => {
            let End::Pod(view) = other else {
                return false;
            };
            let namespace_ok = match namespaces {
                NamespaceMatch::Own => *policy.namespace == *view.namespace,
                NamespaceMatch::Selected(sel) => sel.matches(&view.namespace_labels),
            };
            namespace_ok && pods.matches(&view.pod.metadata.labels)
        }
        CompiledPeer::Block { cidr, except } => other
            .ip()
            .is_some_and(|ip| CompiledPeer::block_contains(cidr, except, ip)),
        CompiledPeer::Nothing => false,
    }
}

/// Empty `ports`: every port of every protocol.
fn ports_match(rule: &CompiledRule, target: &Target<'_>) -> bool {
    rule.ports.is_empty() || rule.ports.iter().any(|p| port_matches(p, target))
}

fn port_matches(entry: &CompiledPort, target: &Target<'_>) -> bool {
    if entry.protocol != Some(target.protocol) {
        return false;
    }
    match &entry.port {
        PortMatch::All => true,
        PortMatch::Range(first, last) => (*first..=*last).contains(&target.port),
        PortMatch::Named(name) => target
            .pod
            .is_some_and(|pod| named_port(pod, name, target.protocol) == Some(target.port)),
        PortMatch::Nothing => false,
    }
}

/// The number of the container port called `name` serving `protocol` on `pod`.
pub(crate) fn named_port(pod: &Pod, name: &str, protocol: Protocol) -> Option<u16> {
    pod.spec
        .containers
        .iter()
        .flat_map(|c| &c.ports)
        .find(|p| {
            p.name.as_deref() == Some(name)
                && p.protocol
                    .as_deref()
                    .map_or(Some(Protocol::Tcp), |s| s.parse().ok())
                    == Some(protocol)
        })
        .and_then(|p| u16::try_from(p.container_port).ok())
}

/// The pod stored under an address, unless it uses the host's network (then the address is
/// its node's).
pub(crate) fn pod_at(state: &State, ip: Ipv4Addr) -> Option<&ObjectKey> {
    let key = state.index.pod_ips.get(&ip)?;
    match state.get(key) {
        Some(Object::Pod(p)) if p.spec.host_network != Some(true) && key.kind == Kind::Pod => {
            Some(key)
        }
        _ => None,
    }
}
