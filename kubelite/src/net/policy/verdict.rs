//! [`Verdict`]: the decision on one connection, per direction, with the policies and rules
//! that made it.

use std::fmt;

use crate::api::network_policy::PolicyType;

/// The decision on one connection: the source's egress and the destination's ingress, both
/// of which must allow it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub(crate) egress: Decision,
    pub(crate) ingress: Decision,
}

impl Verdict {
    /// Whether the connection may proceed (both directions allow it).
    pub fn is_allowed(&self) -> bool {
        self.egress.allowed && self.ingress.allowed
    }

    /// The source's egress decision.
    pub fn egress(&self) -> &Decision {
        &self.egress
    }

    /// The destination's ingress decision.
    pub fn ingress(&self) -> &Decision {
        &self.ingress
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let word = if self.is_allowed() {
            "allowed"
        } else {
            "denied"
        };
        write!(f, "{word}: {}; {}", self.egress, self.ingress)
    }
}

/// The decision of one direction: the source pod's egress or the destination pod's
/// ingress.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub(crate) direction: PolicyType,
    /// `"namespace/name"` of the pod whose policies decide (`None`: the source is no pod).
    pub(crate) pod: Option<String>,
    pub(crate) allowed: bool,
    pub(crate) reason: Reason,
}

impl Decision {
    /// `Egress` (the source's) or `Ingress` (the destination's).
    pub fn direction(&self) -> PolicyType {
        self.direction
    }

    /// The pod whose policies decide, as `"namespace/name"`; `None` for egress from an
    /// address that is no pod.
    pub fn pod(&self) -> Option<&str> {
        self.pod.as_deref()
    }

    /// Whether this direction allows the connection.
    pub fn is_allowed(&self) -> bool {
        self.allowed
    }

    /// Why.
    pub fn reason(&self) -> &Reason {
        &self.reason
    }
}

/// Why a direction allowed or denied a connection.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason {
    /// No NetworkPolicy selects the pod for this direction: everything is allowed.
    NotIsolated,
    /// The source is an address outside the pod network; only the destination's ingress
    /// applies.
    NotAPod,
    /// The pod uses the host's network; NetworkPolicy does not apply to it.
    HostNetwork,
    /// Ingress from the destination pod's own node, which NetworkPolicy always allows.
    FromOwnNode,
    /// The pod does not exist (or has no address yet): nothing reaches it, nothing leaves.
    UnknownPod,
    /// The pod is isolated and these rules allow the connection.
    AllowedBy(Vec<RuleRef>),
    /// The pod is isolated by these policies and none of their rules allows the connection.
    NoRuleMatches(Vec<PolicyMiss>),
}

/// One rule of one policy: `ingress[rule]` or `egress[rule]` of `policy`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleRef {
    /// The policy, as `"namespace/name"`.
    pub policy: String,
    /// The direction of the rule list.
    pub direction: PolicyType,
    /// The rule's position in its list.
    pub rule: usize,
}

/// A policy that isolates the pod, and why each of its rules did not match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyMiss {
    /// The policy, as `"namespace/name"`.
    pub policy: String,
    /// The direction of the rule list.
    pub direction: PolicyType,
    /// Each rule's failure, in order (empty: the policy has no rules for the direction).
    pub rules: Vec<RuleMiss>,
}

/// Why one rule did not match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RuleMiss {
    /// No `from`/`to` entry matches the other end.
    Peer,
    /// No `ports` entry matches the port and protocol.
    Port,
    /// Neither the peers nor the ports match.
    PeerAndPort,
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dir = match self.direction {
            PolicyType::Egress => "egress from",
            _ => "ingress to",
        };
        let word = if self.allowed { "allowed" } else { "denied" };
        let pod = self.pod.as_deref().unwrap_or("a non-pod source");
        write!(f, "{dir} {pod} {word}")?;
        match &self.reason {
            Reason::NotIsolated => write!(
                f,
                " (no NetworkPolicy selects the pod for {})",
                self.direction.as_str().to_lowercase()
            ),
            Reason::NotAPod => f.write_str(" (the source is not a pod)"),
            Reason::HostNetwork => f.write_str(" (host-network pod: NetworkPolicy does not apply)"),
            Reason::FromOwnNode => f.write_str(" (traffic from the pod's own node)"),
            Reason::UnknownPod => f.write_str(" (no such pod)"),
            Reason::AllowedBy(rules) => {
                f.write_str(" by ")?;
                for (i, r) in rules.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{r}")?;
                }
                Ok(())
            }
            Reason::NoRuleMatches(policies) => {
                f.write_str(" (isolated by ")?;
                for (i, p) in policies.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{p}")?;
                }
                f.write_str(")")
            }
        }
    }
}

impl fmt::Display for RuleRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = self.direction.as_str().to_lowercase();
        write!(f, "{} {list}[{}]", self.policy, self.rule)
    }
}

impl fmt::Display for PolicyMiss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = self.direction.as_str().to_lowercase();
        if self.rules.is_empty() {
            return write!(f, "{}: no {list} rules", self.policy);
        }
        write!(f, "{}: ", self.policy)?;
        for (i, miss) in self.rules.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            let what = match miss {
                RuleMiss::Peer => "peer does not match",
                RuleMiss::Port => "port does not match",
                RuleMiss::PeerAndPort => "neither peer nor port matches",
            };
            write!(f, "{list}[{i}] {what}")?;
        }
        Ok(())
    }
}

/// The answer to "can this pod connect to that one, and why": the NetworkPolicy
/// [`Verdict`] and whether the destination listens on the port.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    pub(crate) from: String,
    pub(crate) to: String,
    pub(crate) port: u16,
    pub(crate) protocol: crate::net::Protocol,
    pub(crate) verdict: Verdict,
    pub(crate) listening: bool,
}

impl Explanation {
    /// Whether the connection succeeds: policy allows it and the destination listens.
    pub fn is_allowed(&self) -> bool {
        self.verdict.is_allowed() && self.listening
    }

    /// The NetworkPolicy decision.
    pub fn verdict(&self) -> &Verdict {
        &self.verdict
    }

    /// Whether the destination pod serves the port (a declared `containerPort` with that
    /// number and protocol).
    pub fn listening(&self) -> bool {
        self.listening
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let word = if self.is_allowed() {
            "connected"
        } else {
            "blocked"
        };
        let (port, protocol) = (self.port, self.protocol);
        writeln!(
            f,
            "{} -> {} on {port}/{protocol}: {word}",
            self.from, self.to
        )?;
        writeln!(f, "  {}", self.verdict.egress)?;
        writeln!(f, "  {}", self.verdict.ingress)?;
        let listens = if self.listening {
            "listens"
        } else {
            "does not listen"
        };
        write!(f, "  {} {listens} on {port}/{protocol}", self.to)
    }
}
