//! A Service's endpoints as kube-proxy and CoreDNS read them: from its EndpointSlices.

use crate::api::endpointslice::{Endpoint, EndpointSlice, LABEL_SERVICE_NAME};
use crate::api::{Kind, Object};
use crate::cluster::naming;
use crate::cluster::state::State;

/// The EndpointSlices of Service `namespace/service`. The controller names them
/// `<service>-<suffix>`, so this is a range scan of that prefix, not of the namespace.
pub(crate) fn slices<'a>(
    state: &'a State,
    namespace: &'a str,
    service: &'a str,
    prefix: &'a str,
) -> impl Iterator<Item = &'a EndpointSlice> + 'a {
    state
        .store
        .with_prefix(Kind::EndpointSlice, namespace, prefix)
        .filter_map(|(_, o)| match o {
            Object::EndpointSlice(s) => Some(&**s),
            _ => None,
        })
        .filter(move |s| s.metadata.labels.get(LABEL_SERVICE_NAME) == Some(service))
}

/// The name prefix of a Service's slices.
pub(crate) fn slice_prefix(service: &str) -> String {
    naming::pods_prefix(service)
}

/// Every endpoint of a Service, with the slice it came from.
pub(crate) fn each<'a>(
    state: &'a State,
    namespace: &'a str,
    service: &'a str,
    prefix: &'a str,
) -> impl Iterator<Item = (&'a EndpointSlice, &'a Endpoint)> + 'a {
    slices(state, namespace, service, prefix).flat_map(|s| s.endpoints.iter().map(move |e| (s, e)))
}

/// The DNS name of an endpoint: its hostname, else its dashed IP (`10-244-0-5`).
pub(crate) fn dns_label(endpoint: &Endpoint) -> Option<String> {
    if let Some(h) = &endpoint.hostname {
        return Some(h.clone());
    }
    endpoint.addresses.first().map(|a| a.replace('.', "-"))
}
