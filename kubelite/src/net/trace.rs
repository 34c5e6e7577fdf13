//! Request traces: every hop a request took (DNS, Service, balancer, endpoint, policy, app),
//! rendered readably by `Display`.

use std::fmt;

/// One step of a request's path.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Hop {
    /// A DNS lookup: each name tried (search list) with its outcome, and the answer.
    Dns {
        /// The name as the client wrote it.
        name: String,
        /// `(name tried, outcome)` in order.
        attempts: Vec<(String, String)>,
        /// The address used, if any.
        answer: Option<String>,
    },
    /// A name answered from `/etc/hosts` or a literal address.
    Address {
        /// The host as written.
        host: String,
        /// Where the address came from.
        source: String,
    },
    /// The connection leaves the client.
    Connect {
        /// The client and its address.
        from: String,
        /// `ip:port`.
        to: String,
    },
    /// kube-proxy matched a Service.
    Service {
        /// `namespace/name`.
        service: String,
        /// How it was addressed (`ClusterIP 10.96.0.5:8080`, `NodePort 192.168.49.2:30080`).
        via: String,
        /// The Service port (`8080/TCP`, named ports as `http 8080/TCP`).
        port: String,
    },
    /// A balancer chose an endpoint.
    Balance {
        /// The balancer (`random (iptables)`, `round-robin (ipvs rr)`).
        balancer: String,
        /// The candidates, `ip:port`.
        candidates: Vec<String>,
        /// The chosen one.
        chosen: String,
        /// Why (a pick, or session affinity).
        reason: String,
    },
    /// DNAT to an endpoint.
    Endpoint {
        /// `namespace/name` of the pod.
        pod: String,
        /// `ip:port` after DNAT.
        address: String,
        /// The source address the pod sees (after any SNAT).
        client: String,
    },
    /// A NetworkPolicy verdict.
    Policy {
        /// The verdict's rendering (`allowed: ...`, `denied: ...`).
        verdict: String,
    },
    /// The container that handled the request.
    App {
        /// The app (by image).
        app: String,
        /// The pod.
        pod: String,
        /// The status it answered.
        status: u16,
    },
    /// A request the app made while handling this one (its own trace, nested).
    Downstream {
        /// The URL it requested.
        url: String,
        /// The outcome (`200`, or the error).
        outcome: String,
    },
    /// Where and why the request failed.
    Failed {
        /// The explanation.
        reason: String,
    },
}

/// The hops of one request. Recording can be switched off ([`crate::net::Request::without_trace`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Trace {
    hops: Vec<Hop>,
    enabled: bool,
}

impl Trace {
    pub(crate) fn new(enabled: bool) -> Trace {
        Trace {
            hops: Vec::new(),
            enabled,
        }
    }

    /// Records a hop; the closure only runs when recording is on, so a disabled trace
    /// costs no formatting.
    pub(crate) fn push(&mut self, hop: impl FnOnce() -> Hop) {
        if self.enabled {
            self.hops.push(hop());
        }
    }

    /// The hops, in order.
    pub fn hops(&self) -> &[Hop] {
        &self.hops
    }

    /// Whether the trace was recorded.
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }
}

impl fmt::Display for Hop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Hop::Dns {
                name,
                attempts,
                answer,
            } => {
                write!(f, "dns: {name}")?;
                match answer {
                    Some(a) => write!(f, " -> {a}")?,
                    None => f.write_str(" -> no answer")?,
                }
                for (tried, outcome) in attempts {
                    write!(f, "\n     tried {tried}: {outcome}")?;
                }
                Ok(())
            }
            Hop::Address { host, source } => write!(f, "address: {host} ({source})"),
            Hop::Connect { from, to } => write!(f, "connect: {from} -> {to}"),
            Hop::Service { service, via, port } => {
                write!(f, "service: {service} port {port} via {via}")
            }
            Hop::Balance {
                balancer,
                candidates,
                chosen,
                reason,
            } => write!(
                f,
                "balance: {balancer} chose {chosen} of [{}] ({reason})",
                candidates.join(", ")
            ),
            Hop::Endpoint {
                pod,
                address,
                client,
            } => write!(f, "endpoint: {pod} at {address} (client address {client})"),
            Hop::Policy { verdict } => write!(f, "policy: {verdict}"),
            Hop::App { app, pod, status } => write!(f, "app: {app} in {pod} answered {status}"),
            Hop::Downstream { url, outcome } => write!(f, "  downstream: {url} -> {outcome}"),
            Hop::Failed { reason } => write!(f, "failed: {reason}"),
        }
    }
}

impl fmt::Display for Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, hop) in self.hops.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{}. {hop}", i + 1)?;
        }
        Ok(())
    }
}
