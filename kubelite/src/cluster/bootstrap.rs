//! A fresh cluster's contents, as `minikube start` leaves them: the four namespaces, the
//! nodes, the `kubernetes` Service and its endpoints, and CoreDNS behind `kube-dns`.

use super::server;
use super::state::State;
use crate::api::deployment::Deployment;
use crate::api::endpoints::{EndpointAddress, EndpointPort as LegacyPort, EndpointSubset};
use crate::api::endpointslice::{Endpoint, EndpointPort};
use crate::api::pod::{Container, ContainerPort, Probe};
use crate::api::service::{Protocol, ServicePort};
use crate::api::{EndpointSlice, Endpoints, Namespace, Node, Object, Service};
use crate::error::ApiError;

/// The CoreDNS image minikube runs today.
pub const COREDNS_IMAGE: &str = "registry.k8s.io/coredns/coredns:v1.12.0";

pub(crate) fn bootstrap(state: &mut State) -> Result<(), ApiError> {
    for ns in ["default", "kube-node-lease", "kube-public", "kube-system"] {
        let namespace = Namespace::builder(ns).build()?;
        server::create(state, Object::from(namespace))?;
    }
    let nodes: Vec<Node> = state
        .nodes
        .iter()
        .map(|n| {
            let node =
                Node::new(n.name.clone(), n.ip.to_string()).with_pod_cidr(n.pod_cidr.to_string());
            match &n.zone {
                Some(z) => node.with_zone(z.clone()),
                None => node,
            }
        })
        .collect();
    let first_node_ip = state
        .nodes
        .first()
        .map(|n| n.ip.to_string())
        .unwrap_or_default();
    for node in nodes {
        server::create(state, Object::from(node))?;
    }

    let service_cidr = state.cluster_ips.cidr();
    let api_ip = service_cidr
        .nth(1)
        .map(|ip| ip.to_string())
        .unwrap_or_default();
    let dns_ip = service_cidr
        .nth(10)
        .map(|ip| ip.to_string())
        .unwrap_or_default();

    let mut kubernetes = Service::builder("kubernetes")
        .namespace("default")
        .label("component", "apiserver")
        .label("provider", "kubernetes")
        .service_port(ServicePort::tcp(443).named("https").target(8443))
        .cluster_ip(api_ip)
        .into_unchecked();
    kubernetes.metadata.namespace = Some("default".into());
    server::create(state, Object::from(kubernetes))?;
    // The API server publishes its own endpoints (no selector on this Service).
    let mut endpoints = Endpoints::default();
    endpoints.metadata.name = Some("kubernetes".into());
    endpoints.metadata.namespace = Some("default".into());
    endpoints
        .metadata
        .labels
        .insert("endpointslice.kubernetes.io/skip-mirror", "true");
    endpoints.subsets = vec![EndpointSubset {
        addresses: vec![EndpointAddress::new(first_node_ip.clone())],
        ports: vec![LegacyPort::new(8443, Protocol::Tcp).named("https")],
        ..EndpointSubset::default()
    }];
    server::create(state, Object::from(endpoints))?;
    let mut slice = EndpointSlice::default();
    slice.metadata.name = Some("kubernetes".into());
    slice.metadata.namespace = Some("default".into());
    slice
        .metadata
        .labels
        .insert("kubernetes.io/service-name", "kubernetes");
    slice.address_type = Some("IPv4".into());
    slice.endpoints = vec![
        Endpoint::new(first_node_ip)
            .ready(true)
            .serving(true)
            .terminating(false),
    ];
    slice.ports = vec![EndpointPort::new("https", 8443, Protocol::Tcp)];
    server::create(state, Object::from(slice))?;

    let mut kube_dns = Service::builder("kube-dns")
        .namespace("kube-system")
        .label("k8s-app", "kube-dns")
        .label("kubernetes.io/cluster-service", "true")
        .label("kubernetes.io/name", "CoreDNS")
        .annotation("prometheus.io/port", "9153")
        .annotation("prometheus.io/scrape", "true")
        .selector("k8s-app", "kube-dns")
        .service_port(ServicePort::udp(53).named("dns").target(53))
        .service_port(ServicePort::tcp(53).named("dns-tcp").target(53))
        .service_port(ServicePort::tcp(9153).named("metrics").target(9153))
        .cluster_ip(dns_ip)
        .into_unchecked();
    kube_dns.metadata.namespace = Some("kube-system".into());
    server::create(state, Object::from(kube_dns))?;

    let coredns = Container::new("coredns", COREDNS_IMAGE)
        .args(["-conf", "/etc/coredns/Corefile"])
        .port(ContainerPort::new(53).named("dns").protocol("UDP"))
        .port(ContainerPort::new(53).named("dns-tcp").protocol("TCP"))
        .port(ContainerPort::new(9153).named("metrics").protocol("TCP"))
        .readiness_probe(Probe::http_get("/ready", 8181));
    let deployment = Deployment::builder("coredns")
        .namespace("kube-system")
        .label("k8s-app", "kube-dns")
        .container(coredns)
        .replicas(1)
        .build()?;
    server::create(state, Object::from(deployment))?;
    Ok(())
}
