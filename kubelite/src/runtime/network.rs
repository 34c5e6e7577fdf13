//! The network half of the [`Cluster`] handle: requests, DNS, logs, apps, balancers and
//! the LoadBalancer tunnel. Requests run under the state's read lock, then the network
//! state's mutex (always in that order), so they go on while nothing writes.

use std::net::Ipv4Addr;
use std::sync::{Arc, MutexGuard, PoisonError};

use super::Cluster;
use crate::api::service::{LoadBalancerIngress, LoadBalancerStatus, ServiceType};
use crate::api::{Kind, Object};
use crate::cluster::Ipv4Cidr;
use crate::cluster::ObjectKey;
use crate::error::{ApiError, Error};
use crate::net::apps::App;
use crate::net::dns::{self, DnsError, Lookup, RecordType};
use crate::net::netstate::NetState;
use crate::net::policy;
use crate::net::{Balancer, NetError, Origin, Request, Response, proxy};

impl Cluster {
    fn net(&self) -> MutexGuard<'_, NetState> {
        self.net.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A GET of `url` from `origin`, as `curl URL` would send it.
    ///
    /// ```
    /// use kubelite::Cluster;
    /// use kubelite::net::{NetErrorKind, Origin};
    /// let cluster = Cluster::new();
    /// let err = cluster.request(Origin::Host, "http://echo-service:8080").unwrap_err();
    /// assert_eq!(err.kind(), NetErrorKind::CouldNotResolve);
    /// ```
    pub fn request(&self, origin: Origin, url: &str) -> Result<Response, NetError> {
        self.send(origin, &Request::get(url))
    }

    /// Sends any request (method, headers, body) from `origin`.
    pub fn send(&self, origin: Origin, request: &Request) -> Result<Response, NetError> {
        let state = self.read();
        let mut net = self.net();
        proxy::send(&state, &mut net, &origin, request, 0)
    }

    /// Resolves `name` (A records) as `origin` would: a pod with its namespace's search
    /// list; the host and external clients do not use cluster DNS.
    pub fn resolve(&self, origin: Origin, name: &str) -> Result<Lookup, DnsError> {
        self.resolve_type(origin, name, RecordType::A)
    }

    /// Resolves `name` for a record type (SRV, PTR, TXT, ...).
    pub fn resolve_type(
        &self,
        origin: Origin,
        name: &str,
        rtype: RecordType,
    ) -> Result<Lookup, DnsError> {
        let state = self.read();
        match &origin {
            Origin::Pod(p) => {
                // The query itself is a connection NetworkPolicy judges (no key is built
                // when no policy exists: nothing to judge).
                if !state.index.policies.is_empty() {
                    let (ns, pod) = p.split_once('/').unwrap_or(("default", p));
                    if state.get_parts(Kind::Pod, ns, pod).is_some()
                        && let Some(hop) =
                            policy::judge_dns(&state, &ObjectKey::new(Kind::Pod, ns, pod))
                        && !hop.verdict.is_allowed()
                    {
                        return Err(hop.dns_error(name));
                    }
                }
                self.net().dns.resolve(&state, p, name, rtype)
            }
            _ => Err(dns::outside(&state, name)),
        }
    }

    /// What `kubectl logs` prints for `"namespace/pod"` (or `"pod"` in `default`): the
    /// lines its containers wrote, one per line.
    pub fn logs(&self, pod: &str) -> Result<String, Error> {
        let (ns, name) = pod.split_once('/').unwrap_or(("default", pod));
        let state = self.read();
        let Some(Object::Pod(p)) = state.get(&ObjectKey::new(Kind::Pod, ns, name)) else {
            return Err(Error::Api(ApiError::NotFound {
                kind: Kind::Pod,
                name: name.to_owned(),
            }));
        };
        if p.status.phase.as_deref() == Some("Pending") {
            let container = p.spec.containers.first().map_or("", |c| c.name.as_str());
            return Err(Error::Api(ApiError::BadRequest(format!(
                "container \"{container}\" in pod \"{name}\" is waiting to start: ContainerCreating"
            ))));
        }
        let uid = p.metadata.uid.as_deref().unwrap_or("");
        let net = self.net();
        let mut out = String::new();
        if let Some(log) = net.logs.get(&format!("{ns}/{name}"))
            && log.uid == uid
        {
            for line in &log.lines {
                out.push_str(line);
                out.push('\n');
            }
        }
        Ok(out)
    }

    /// Registers a simulated container for an image reference or repository; pods
    /// running it answer through `app` from now on.
    pub fn register_app(&self, image: &str, app: impl App + 'static) {
        self.net().apps.register(image, Arc::new(app));
    }

    /// Balances Service `"namespace/name"` with `balancer` instead of the proxy mode's
    /// default (its state starts afresh).
    pub fn set_balancer(&self, service: &str, balancer: impl Balancer + 'static) {
        let service = if service.contains('/') {
            service.to_owned()
        } else {
            format!("default/{service}")
        };
        self.net().set_balancer(&service, Box::new(balancer));
    }

    /// The `/etc/resolv.conf` of a pod (`"namespace/name"`).
    pub fn resolv_conf(&self, pod: &str) -> Result<String, Error> {
        let (ns, name) = pod.split_once('/').unwrap_or(("default", pod));
        let state = self.read();
        if state.get(&ObjectKey::new(Kind::Pod, ns, name)).is_none() {
            return Err(Error::Api(ApiError::NotFound {
                kind: Kind::Pod,
                name: name.to_owned(),
            }));
        }
        Ok(dns::resolv_conf(ns, state.config.domain_name()))
    }

    /// The `/etc/hosts` of a pod (`"namespace/name"`).
    pub fn etc_hosts(&self, pod: &str) -> Result<String, Error> {
        let (ns, name) = pod.split_once('/').unwrap_or(("default", pod));
        let state = self.read();
        let Some(Object::Pod(p)) = state.get(&ObjectKey::new(Kind::Pod, ns, name)) else {
            return Err(Error::Api(ApiError::NotFound {
                kind: Kind::Pod,
                name: name.to_owned(),
            }));
        };
        let ip = p
            .status
            .pod_ip
            .as_deref()
            .and_then(|ip| ip.parse().ok())
            .unwrap_or(Ipv4Addr::UNSPECIFIED);
        let hostname = p.spec.hostname.as_deref().unwrap_or(name);
        let fqdn = p
            .spec
            .subdomain
            .as_deref()
            .map(|sub| format!("{hostname}.{sub}.{ns}.svc.{}", state.config.domain_name()));
        Ok(dns::etc_hosts(ip, hostname, fqdn.as_deref()))
    }

    /// The address of the machine running the cluster on the node network (the client
    /// [`Origin::Host`] stands for).
    pub fn host_ip(&self) -> Ipv4Addr {
        proxy::host_ip(&self.read())
    }

    /// Every node's name and InternalIP, in node order.
    pub fn node_ips(&self) -> Vec<(String, Ipv4Addr)> {
        self.read()
            .nodes
            .iter()
            .map(|n| (n.name.clone(), n.ip))
            .collect()
    }

    /// What `minikube tunnel` (or MetalLB) does: every LoadBalancer Service without an
    /// external IP gets one in `status.loadBalancer.ingress` — from the configured pool
    /// ([`crate::ClusterConfig::load_balancer_pool`]), else its ClusterIP. Returns the
    /// Services (`"namespace/name"`) given an address now; without a tunnel they stay
    /// `<pending>`.
    ///
    /// ```
    /// use kubelite::{Cluster, ClusterConfig};
    /// use kubelite::api::Service;
    /// let cluster = Cluster::with_config(ClusterConfig::minikube().load_balancer_pool("192.168.49.200/29"))?;
    /// cluster.apply(Service::builder("web").selector("app", "web").port(80).load_balancer().build()?)?;
    /// let assigned = cluster.tunnel()?;
    /// assert_eq!(assigned, vec![("default/web".to_owned(), "192.168.49.200".parse()?)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn tunnel(&self) -> Result<Vec<(String, Ipv4Addr)>, Error> {
        self.write(|s| {
            let pool: Option<Ipv4Cidr> = match &s.config.load_balancer_pool {
                Some(p) => Some(p.parse().map_err(|e| {
                    ApiError::BadRequest(format!("invalid load balancer pool {p:?}: {e}"))
                })?),
                None => None,
            };
            let pending: Vec<Box<crate::api::Service>> = s
                .store
                .list(Kind::Service, None)
                .filter_map(|(_, o)| match o {
                    Object::Service(svc)
                        if svc.spec.service_type() == Some(ServiceType::LoadBalancer)
                            && svc
                                .status
                                .as_ref()
                                .and_then(|st| st.load_balancer.as_ref())
                                .is_none_or(|lb| lb.ingress.is_empty()) =>
                    {
                        Some(svc.clone())
                    }
                    _ => None,
                })
                .collect();
            let mut assigned = Vec::new();
            let mut next = 0u64;
            for mut svc in pending {
                let ip = match &pool {
                    Some(pool) => {
                        let mut found = None;
                        while next < pool.size() {
                            let candidate = pool.nth(next);
                            next += 1;
                            if let Some(c) = candidate
                                && !s.index.service_ips.contains_key(&c)
                            {
                                found = Some(c);
                                break;
                            }
                        }
                        match found {
                            Some(ip) => ip,
                            // Pool exhausted: the rest stay <pending>, as with MetalLB.
                            None => break,
                        }
                    }
                    None => match svc
                        .spec
                        .cluster_ip
                        .as_deref()
                        .and_then(|ip| ip.parse().ok())
                    {
                        Some(ip) => ip,
                        None => continue,
                    },
                };
                svc.status
                    .get_or_insert_with(Default::default)
                    .load_balancer = Some(LoadBalancerStatus {
                    ingress: vec![LoadBalancerIngress {
                        ip: Some(ip.to_string()),
                        ..LoadBalancerIngress::default()
                    }],
                });
                assigned.push((
                    format!("{}/{}", svc.metadata.namespace(), svc.metadata.name()),
                    ip,
                ));
                s.put(Object::Service(svc));
            }
            crate::cluster::server::settle(s)?;
            Ok(assigned)
        })
    }
}
