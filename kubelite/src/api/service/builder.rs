//! [`ServiceBuilder`]: a Service in a few chained calls, checked as the API server would.

use super::{
    CLUSTER_IP_NONE, ClientIpConfig, Protocol, Service, ServicePort, ServiceType, SessionAffinity,
    SessionAffinityConfig, TrafficPolicy,
};
use crate::api::{IntOrString, Resource};
use crate::meta::ObjectMeta;
use crate::validation::{ErrorType, Invalid};

/// Builds a [`Service`]; start with [`Service::builder`].
///
/// The namespace is `default` unless set, as with `kubectl apply` in the default context.
/// [`build`](ServiceBuilder::build) applies the server's defaults and validates.
///
/// ```
/// use kubelite::api::Service;
/// let svc = Service::builder("echo-service")
///     .selector("app", "echo-minikube")
///     .port(8080)
///     .build()?;
/// assert_eq!(svc.spec.type_.as_deref(), Some("ClusterIP"));
/// assert_eq!(svc.spec.ports[0].protocol.as_deref(), Some("TCP"));
/// # Ok::<(), kubelite::validation::Invalid>(())
/// ```
#[derive(Clone, Debug)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct ServiceBuilder {
    svc: Service,
}

impl Service {
    /// Starts building a Service named `name` in namespace `default`.
    pub fn builder(name: impl Into<String>) -> ServiceBuilder {
        ServiceBuilder {
            svc: Service {
                metadata: ObjectMeta::named(name).in_namespace("default"),
                ..Service::default()
            },
        }
    }
}

impl ServiceBuilder {
    /// Sets the namespace.
    pub fn namespace(mut self, namespace: impl Into<String>) -> Self {
        self.svc.metadata.namespace = Some(namespace.into());
        self
    }

    /// Adds a label to the Service itself.
    pub fn label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.svc.metadata.labels.insert(key, value);
        self
    }

    /// Adds an annotation.
    pub fn annotation(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.svc
            .metadata
            .annotations
            .insert(key.into(), value.into());
        self
    }

    /// Adds `key=value` to the pod selector.
    pub fn selector(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.svc
            .spec
            .selector
            .get_or_insert_with(Default::default)
            .insert(key, value);
        self
    }

    /// Adds every pair to the pod selector.
    pub fn selector_labels<K, V>(mut self, labels: impl IntoIterator<Item = (K, V)>) -> Self
    where
        K: Into<String>,
        V: Into<String>,
    {
        self.svc
            .spec
            .selector
            .get_or_insert_with(Default::default)
            .extend(labels);
        self
    }

    /// Exposes `port`, forwarding to the same port number on the pods (as
    /// `kubectl expose --port` does: `targetPort` is set explicitly).
    pub fn port(self, port: i32) -> Self {
        self.port_to(port, port)
    }

    /// Exposes `port`, forwarding to `target`: a port number or a container port name.
    pub fn port_to(self, port: i32, target: impl Into<IntOrString>) -> Self {
        self.service_port(ServicePort::new(port).target(target))
    }

    /// Exposes a named port (names are required once a Service has several ports).
    pub fn named_port(
        self,
        name: impl Into<String>,
        port: i32,
        target: impl Into<IntOrString>,
    ) -> Self {
        self.service_port(ServicePort::new(port).named(name).target(target))
    }

    /// Exposes `port` with a fixed node port (the Service must be NodePort or
    /// LoadBalancer; see [`node_port_type`](Self::node_port_type)).
    pub fn node_port(self, port: i32, target: impl Into<IntOrString>, node_port: i32) -> Self {
        self.service_port(ServicePort::new(port).target(target).node_port(node_port))
    }

    /// Adds a fully specified port.
    pub fn service_port(mut self, port: ServicePort) -> Self {
        self.svc.spec.ports.push(port);
        self
    }

    /// Sets the protocol of the port added last; without a port it does nothing.
    pub fn protocol(mut self, protocol: Protocol) -> Self {
        if let Some(last) = self.svc.spec.ports.last_mut() {
            last.protocol = Some(protocol.into());
        }
        self
    }

    /// Sets `spec.type`.
    pub fn type_(mut self, service_type: ServiceType) -> Self {
        self.svc.spec.type_ = Some(service_type.into());
        self
    }

    /// Makes it a NodePort Service.
    pub fn node_port_type(self) -> Self {
        self.type_(ServiceType::NodePort)
    }

    /// Makes it a LoadBalancer Service.
    pub fn load_balancer(self) -> Self {
        self.type_(ServiceType::LoadBalancer)
    }

    /// Makes it an ExternalName Service: a DNS CNAME to `host`.
    pub fn external_name(mut self, host: impl Into<String>) -> Self {
        self.svc.spec.external_name = Some(host.into());
        self.type_(ServiceType::ExternalName)
    }

    /// Makes it headless (`clusterIP: None`): DNS answers with the pod IPs.
    pub fn headless(self) -> Self {
        self.cluster_ip(CLUSTER_IP_NONE)
    }

    /// Requests a specific cluster IP (or `None` for headless).
    pub fn cluster_ip(mut self, ip: impl Into<String>) -> Self {
        let ip = ip.into();
        self.svc.spec.cluster_ips = vec![ip.clone()];
        self.svc.spec.cluster_ip = Some(ip);
        self
    }

    /// Adds an external IP nodes accept traffic on.
    pub fn external_ip(mut self, ip: impl Into<String>) -> Self {
        self.svc.spec.external_ips.push(ip.into());
        self
    }

    /// Turns on `ClientIP` session affinity with the given timeout (10800 s is the
    /// server's default).
    pub fn session_affinity_client_ip(mut self, timeout_seconds: i32) -> Self {
        self.svc.spec.session_affinity = Some(SessionAffinity::ClientIp.into());
        self.svc.spec.session_affinity_config = Some(SessionAffinityConfig {
            client_ip: Some(ClientIpConfig {
                timeout_seconds: Some(timeout_seconds),
            }),
        });
        self
    }

    /// `externalTrafficPolicy: Local`: external traffic only to endpoints on the receiving
    /// node, keeping the client's source IP.
    pub fn external_traffic_policy_local(mut self) -> Self {
        self.svc.spec.external_traffic_policy = Some(TrafficPolicy::Local.into());
        self
    }

    /// `internalTrafficPolicy: Local`: in-cluster traffic only to endpoints on the
    /// client's node.
    pub fn internal_traffic_policy_local(mut self) -> Self {
        self.svc.spec.internal_traffic_policy = Some(TrafficPolicy::Local.into());
        self
    }

    /// Whether not-ready pods are published as endpoints too.
    pub fn publish_not_ready_addresses(mut self, publish: bool) -> Self {
        self.svc.spec.publish_not_ready_addresses = Some(publish);
        self
    }

    /// The Service as configured so far, without defaults or validation.
    pub fn into_unchecked(self) -> Service {
        self.svc
    }

    /// Applies the server's defaults and validates as `kubectl apply` would see it.
    ///
    /// ```
    /// use kubelite::api::Service;
    /// let err = Service::builder("web").named_port("http", 80, 8080).port(443).build().unwrap_err();
    /// assert_eq!(err.to_string(), "The Service \"web\" is invalid: spec.ports[1].name: Required value");
    /// ```
    ///
    /// The API server allocates the health-check node port of a LoadBalancer Service with
    /// `externalTrafficPolicy: Local` before it validates; a builder has no allocator (the
    /// cluster runtime does), so that one `Required value` is not reported here.
    pub fn build(self) -> Result<Service, Invalid> {
        let mut svc = self.svc;
        svc.apply_defaults();
        let Err(mut invalid) = svc.validate() else {
            return Ok(svc);
        };
        if svc.spec.needs_health_check() && svc.spec.health_check_node_port.is_none() {
            invalid.causes.retain(|e| {
                !(e.kind == ErrorType::Required && e.field.as_str() == "spec.healthCheckNodePort")
            });
        }
        if invalid.causes.is_empty() {
            Ok(svc)
        } else {
            Err(invalid)
        }
    }
}
