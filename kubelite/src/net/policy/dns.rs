//! The DNS query as NetworkPolicy sees it: before a pod's resolver gets an answer, its
//! query travels as UDP to the kube-dns Service (port 53) and is DNATed to a CoreDNS pod,
//! so it needs the client's egress to that pod and the CoreDNS pod's ingress like any other
//! connection. A pod whose egress is locked down cannot resolve names at all.

use std::fmt;

use super::{Connection, Peer, Verdict, judge};
use crate::api::service::Protocol;
use crate::api::{Kind, Object};
use crate::cluster::ObjectKey;
use crate::cluster::state::State;
use crate::net::dns::DnsError;
use crate::net::endpoints;

/// Where cluster DNS lives (the kube-dns Service every pod's `resolv.conf` points at).
const DNS_NAMESPACE: &str = "kube-system";
const DNS_SERVICE: &str = "kube-dns";
const DNS_PORT: i32 = 53;

/// The judged DNS query of one client pod: the CoreDNS pod it was sent to after DNAT, the
/// port, and the verdict.
#[derive(Clone, Debug)]
pub(crate) struct DnsHop {
    pub(crate) client: ObjectKey,
    pub(crate) server: ObjectKey,
    pub(crate) port: u16,
    pub(crate) verdict: Verdict,
}

impl DnsHop {
    /// Whether a NetworkPolicy took part (worth a line in a trace): a policy isolates the
    /// client's egress or the server's ingress.
    pub(crate) fn policy_applies(&self) -> bool {
        use super::Reason::NotIsolated;
        !(matches!(self.verdict.egress.reason, NotIsolated)
            && matches!(self.verdict.ingress.reason, NotIsolated))
    }

    /// The lookup error of a denied query for `query`: the resolver times out, naming the
    /// policies that dropped the query.
    pub(crate) fn dns_error(&self, query: &str) -> DnsError {
        let mut error = DnsError::new(query);
        let detail = error.detail();
        detail.hint = self.hint();
        detail.problem = Some(format!(
            "connection timed out; no servers could be reached: NetworkPolicy dropped the query to {}/{} port {}/UDP: {}",
            self.server.namespace, self.server.name, self.port, self.verdict
        ));
        detail.blocked = Some(Box::new(self.verdict.clone()));
        error
    }

    /// A fix for a denied query, in the user's terms.
    pub(crate) fn hint(&self) -> Option<String> {
        if self.verdict.is_allowed() {
            return None;
        }
        if !self.verdict.egress.allowed {
            return Some(format!(
                "allow egress from {}/{} to kube-dns: `egress: [{{to: [{{namespaceSelector: {{matchLabels: {{kubernetes.io/metadata.name: kube-system}}}}, podSelector: {{matchLabels: {{k8s-app: kube-dns}}}}}}], ports: [{{port: 53, protocol: UDP}}, {{port: 53, protocol: TCP}}]}}]`",
                self.client.namespace, self.client.name
            ));
        }
        Some(format!(
            "a NetworkPolicy in kube-system isolates {}/{} for ingress: allow port 53 (UDP and TCP) from every namespace",
            self.server.namespace, self.server.name
        ))
    }
}

impl fmt::Display for DnsHop {
    /// `DNS query default/client -> kube-system/coredns-…:53/UDP denied: …`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "DNS query {}/{} -> {}/{}:{}/UDP {}",
            self.client.namespace,
            self.client.name,
            self.server.namespace,
            self.server.name,
            self.port,
            self.verdict
        )
    }
}

/// Judges the DNS query of pod `client`. `None` when nothing can drop it (no
/// NetworkPolicy in the cluster) or there is nothing to judge against (no kube-dns Service
/// or no ready CoreDNS endpoint): lookups then answer unjudged, since kubelite answers DNS
/// itself rather than through a CoreDNS container.
///
/// With several CoreDNS pods the resolver's retries reach each in turn, so the query gets
/// through when any of them allows it; the verdict returned is the first allowing one,
/// else the first denying one (endpoints in EndpointSlice order, deterministic).
pub(crate) fn judge_dns(state: &State, client: &ObjectKey) -> Option<DnsHop> {
    // No policy anywhere: nothing can drop the query, and the common path stays free.
    if state.index.policies.is_empty() {
        return None;
    }
    let key = ObjectKey::new(Kind::Service, DNS_NAMESPACE, DNS_SERVICE);
    let Some(Object::Service(svc)) = state.get(&key) else {
        return None;
    };
    let service_port = svc.spec.ports.iter().find(|p| {
        p.port == DNS_PORT && p.effective_protocol().unwrap_or(Protocol::Tcp) == Protocol::Udp
    })?;
    let port_name = service_port.name.as_deref().unwrap_or("");
    let prefix = endpoints::slice_prefix(DNS_SERVICE);
    let mut denied = None;
    for slice in endpoints::slices(state, DNS_NAMESPACE, DNS_SERVICE, &prefix) {
        let Some(port) = endpoints::slice_port(slice, port_name) else {
            continue;
        };
        for endpoint in slice.endpoints.iter().filter(|e| e.is_ready()) {
            let server = match endpoint.target_ref.as_ref().and_then(|r| r.name.as_deref()) {
                Some(name) => ObjectKey::new(Kind::Pod, DNS_NAMESPACE, name),
                None => {
                    let Some(key) = endpoint
                        .addresses
                        .first()
                        .and_then(|a| a.parse().ok())
                        .and_then(|ip| state.index.pod_ips.get(&ip))
                    else {
                        continue;
                    };
                    key.clone()
                }
            };
            let verdict = judge(
                state,
                &Connection {
                    from: Peer::Pod(client),
                    to_pod: &server,
                    port,
                    protocol: Protocol::Udp,
                },
            );
            let hop = DnsHop {
                client: client.clone(),
                server,
                port,
                verdict,
            };
            if hop.verdict.is_allowed() {
                return Some(hop);
            }
            denied.get_or_insert(hop);
        }
    }
    denied
}
