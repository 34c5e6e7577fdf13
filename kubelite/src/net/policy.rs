//! NetworkPolicy: judges one connection after DNAT (backend pod IP and targetPort).
//!
//! Seam between the request path and policy evaluation: the proxy calls [`judge`] for
//! every hop and records the [`Verdict`] in the trace.

use std::fmt;
use std::net::Ipv4Addr;

use crate::cluster::ObjectKey;
use crate::cluster::state::State;
use crate::net::Protocol;

/// Where a connection comes from, as NetworkPolicy sees it (after any SNAT).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Peer<'a> {
    /// A pod in the cluster.
    Pod(&'a ObjectKey),
    /// An address outside the pod network (a node, the host, an external client).
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

/// The decision on one connection and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    allowed: bool,
    reason: String,
}

impl Verdict {
    /// Whether the connection may proceed.
    pub fn is_allowed(&self) -> bool {
        self.allowed
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let word = if self.allowed { "allowed" } else { "denied" };
        write!(f, "{word}: {}", self.reason)
    }
}

/// Judges a connection. Placeholder until NetworkPolicy evaluation lands: no pod is
/// isolated, so everything is allowed (what a cluster without policies does).
pub(crate) fn judge(_state: &State, _connection: &Connection<'_>) -> Verdict {
    Verdict {
        allowed: true,
        reason: "no NetworkPolicy isolates either pod".into(),
    }
}
