//! NetworkPolicy (§10 of the semantics): judges one connection after DNAT (backend pod IP
//! and targetPort).
//!
//! Seam between the request path and policy evaluation: the proxy calls `judge` for
//! every hop and records the [`Verdict`] in the trace. A connection needs both the source
//! pod's egress and the destination pod's ingress; replies of an allowed connection are
//! allowed, so they are never judged.
//!
//! Which policies isolate which pod comes from an index kept current on every write
//! (`cluster::policy_index`), so a judgement looks at the two pods' own policies only.

mod dns;
mod eval;
mod reachability;
mod verdict;

use std::net::Ipv4Addr;

pub(crate) use dns::judge_dns;
pub(crate) use eval::{End, PodView, egress, ingress, pod_at, source_end};
pub use reachability::Reachability;
pub use verdict::{Decision, Explanation, PolicyMiss, Reason, RuleMiss, RuleRef, Verdict};

use crate::api::network_policy::PolicyType;
use crate::cluster::ObjectKey;
use crate::cluster::state::State;
use crate::net::Protocol;

/// Where a connection comes from, as NetworkPolicy sees it (after any SNAT).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Peer<'a> {
    /// A pod in the cluster.
    Pod(&'a ObjectKey),
    /// An address outside the pod network (a node, the host, an external client). An
    /// address that belongs to a pod is judged as that pod.
    Ip(Ipv4Addr),
}

/// One connection to judge: source, destination pod, destination port and protocol.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Connection<'a> {
    pub from: Peer<'a>,
    pub to_pod: &'a ObjectKey,
    pub port: u16,
    pub protocol: Protocol,
}

/// Judges a connection, with the policies and rules that decided each direction.
pub(crate) fn judge(state: &State, connection: &Connection<'_>) -> Verdict {
    evaluate(state, connection, true)
}

/// Whether NetworkPolicy allows a connection: [`judge`] without the explanation, which
/// allocates nothing.
pub(crate) fn allows(state: &State, connection: &Connection<'_>) -> bool {
    if state.index.policies.is_empty() {
        return PodView::of(state, connection.to_pod).is_some()
            && match connection.from {
                Peer::Pod(key) => PodView::of(state, key).is_some(),
                Peer::Ip(_) => true,
            };
    }
    evaluate(state, connection, false).is_allowed()
}

fn evaluate(state: &State, c: &Connection<'_>, explain: bool) -> Verdict {
    let unknown = |direction, pod: &ObjectKey| Decision {
        direction,
        pod: explain.then(|| format!("{}/{}", pod.namespace, pod.name)),
        allowed: false,
        reason: Reason::UnknownPod,
    };
    let source_key = match c.from {
        Peer::Pod(key) => Some(key),
        Peer::Ip(ip) => pod_at(state, ip),
    };
    let source = source_key.map(|k| (k, PodView::of(state, k)));
    let Some(dst) = PodView::of(state, c.to_pod) else {
        let egress = match &source {
            Some((k, None)) => unknown(PolicyType::Egress, k),
            _ => not_a_pod(),
        };
        return Verdict {
            egress,
            ingress: unknown(PolicyType::Ingress, c.to_pod),
        };
    };
    match (source, c.from) {
        (Some((_, Some(src))), _) => Verdict {
            egress: egress(&src, &dst, c.port, c.protocol, explain),
            ingress: ingress(&source_end(&src), &dst, c.port, c.protocol, explain),
        },
        // A pod that is gone sends nothing; its ingress side is judged as traffic from an
        // unknown address.
        (Some((key, None)), _) => Verdict {
            egress: unknown(PolicyType::Egress, key),
            ingress: ingress(&End::Ip(None), &dst, c.port, c.protocol, explain),
        },
        (None, from) => {
            let ip = match from {
                Peer::Ip(ip) => Some(ip),
                Peer::Pod(_) => None,
            };
            Verdict {
                egress: not_a_pod(),
                ingress: ingress(&End::Ip(ip), &dst, c.port, c.protocol, explain),
            }
        }
    }
}

fn not_a_pod() -> Decision {
    Decision {
        direction: PolicyType::Egress,
        pod: None,
        allowed: true,
        reason: Reason::NotAPod,
    }
}
