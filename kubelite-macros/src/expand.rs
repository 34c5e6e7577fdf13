//! A validated [`ClusterInput`] → the builder calls a user could write by hand: one
//! `ClusterConfig`, `Cluster::with_config`, then one `apply` per object, in the order written.
//! Every path starts at the `kubelite` crate path the shim passed in, so the expansion works
//! under any name the dependency is given.

use proc_macro2::{Literal, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ast::*;
use crate::selector::{Op, Req};
use crate::validate::{protocol, service_type};

/// The expansion: a `Result<Cluster, Error>` for `try_cluster!`, the cluster for `cluster!`.
pub(crate) fn expand(input: &ClusterInput) -> TokenStream {
    let k = &input.krate;
    let cluster = cluster_ident();
    let config = config(k, input.config.as_ref());
    let steps = input.items.iter().map(|item| match item {
        TopItem::Namespace(ns) => namespace(k, ns),
        TopItem::Yaml(expr) => quote! {
            #cluster.apply_yaml(::core::convert::AsRef::<str>::as_ref(&(#expr)))?;
        },
        TopItem::Object(expr) => quote! { #cluster.apply(#expr)?; },
    });
    let build = quote! {
        (|| -> ::core::result::Result<#k::Cluster, #k::Error> {
            let #cluster = #k::Cluster::with_config(#config)?;
            #(#steps)*
            ::core::result::Result::Ok(#cluster)
        })()
    };
    match input.mode {
        Mode::Ready => quote! { #k::__private::ready(#build) },
        Mode::Try => build,
    }
}

/// The local holding the cluster; mixed-site so user expressions cannot see or shadow it.
fn cluster_ident() -> proc_macro2::Ident {
    format_ident!("cluster", span = Span::mixed_site())
}

fn int(i: &Int) -> Literal {
    Literal::i64_unsuffixed(i.value)
}

/// An `i32` where the builder takes `impl Into<IntOrString>` (which also accepts `u16`).
fn i32_lit(i: &Int) -> Literal {
    Literal::i32_suffixed(i32::try_from(i.value).unwrap_or(i32::MAX))
}

fn s(t: &Text) -> &str {
    &t.value
}

fn config(k: &TokenStream, config: Option<&Config>) -> TokenStream {
    let mut calls = TokenStream::new();
    if let Some(c) = config {
        if let Some(seed) = &c.seed {
            let seed = int(seed);
            calls.extend(quote!(.seed(#seed)));
        }
        if let Some(seed) = &c.seed_expr {
            calls.extend(quote!(.seed(#seed)));
        }
        if let Some(nodes) = &c.nodes {
            let nodes = int(nodes);
            calls.extend(quote!(.nodes(#nodes)));
        }
        if let Some(cidr) = &c.pod_cidr {
            let cidr = s(cidr);
            calls.extend(quote!(.pod_cidr(#cidr)));
        }
        if let Some(cidr) = &c.service_cidr {
            let cidr = s(cidr);
            calls.extend(quote!(.service_cidr(#cidr)));
        }
        if let Some(domain) = &c.domain {
            let domain = s(domain);
            calls.extend(quote!(.domain(#domain)));
        }
        if let Some((first, last)) = &c.node_ports {
            let (first, last) = (int(first), int(last));
            calls.extend(quote!(.node_port_range(#first, #last)));
        }
        if let Some(proxy) = &c.proxy {
            let mode = match proxy {
                Proxy::Iptables => quote!(#k::net::ProxyMode::Iptables),
                Proxy::Nftables => quote!(#k::net::ProxyMode::Nftables),
                Proxy::Ipvs(s) => {
                    let scheduler = match s.value.as_str() {
                        "lc" => quote!(LeastConnection),
                        "sh" => quote!(SourceHashing),
                        "mh" => quote!(MaglevHashing),
                        _ => quote!(RoundRobin),
                    };
                    quote!(#k::net::ProxyMode::Ipvs(#k::net::Scheduler::#scheduler))
                }
            };
            calls.extend(quote!(.proxy_mode(#mode)));
        }
    }
    quote!(#k::ClusterConfig::minikube() #calls)
}

fn label_calls(method: &str, pairs: &[(Text, Text)]) -> TokenStream {
    let method = format_ident!("{method}");
    pairs
        .iter()
        .map(|(key, value)| {
            let (key, value) = (s(key), s(value));
            quote!(.#method(#key, #value))
        })
        .collect()
}

fn namespace(k: &TokenStream, ns: &NamespaceDecl) -> TokenStream {
    let cluster = cluster_ident();
    let name = s(&ns.name);
    // `default` exists in every cluster; re-applying it unchanged would only bump its version.
    let create = if name == "default" && ns.labels.is_empty() {
        TokenStream::new()
    } else {
        let labels = label_calls("label", &ns.labels);
        quote! { #cluster.apply(#k::api::Namespace::builder(#name) #labels .build()?)?; }
    };
    let objects = ns.items.iter().map(|item| {
        let (object, after) = match item {
            Item::Workload(w) => (workload(k, name, w), workload_after(name, w)),
            Item::Service(svc) => (service(k, name, svc), service_after(k, name, svc)),
            Item::Policy(p) => (policy(k, name, p), TokenStream::new()),
        };
        quote! { #cluster.apply(#object)?; #after }
    });
    quote! { #create #(#objects)* }
}

/// What follows a workload's `apply`: `ready: false` forces a pod's readiness off.
fn workload_after(ns: &str, w: &Workload) -> TokenStream {
    match w.ready {
        Some(ready) if w.kind == WorkloadKind::Pod => {
            let cluster = cluster_ident();
            let pod = format!("{ns}/{}", w.name.value);
            quote! { #cluster.set_pod_ready(#pod, #ready)?; }
        }
        _ => TokenStream::new(),
    }
}

/// What follows a Service's `apply`: its own balancer, if it names one. Seeded balancers
/// without a seed get the one the proxy mode's default balancer would have (the cluster's
/// seed mixed with the Service's key), so runs stay reproducible.
fn service_after(k: &TokenStream, ns: &str, svc: &ServiceDecl) -> TokenStream {
    let Some((kind, seed)) = &svc.balancer else {
        return TokenStream::new();
    };
    let cluster = cluster_ident();
    let key = format!("{ns}/{}", svc.name.value);
    let b = quote!(#k::net::balancer);
    let seed = match seed {
        Some(seed) => {
            let seed = Literal::u64_suffixed(u64::try_from(seed.value).unwrap_or(0));
            quote!(#seed)
        }
        None => quote!(#cluster.config().seed_value() ^ #b::hash_bytes(#key.as_bytes())),
    };
    let balancer = match kind.value.as_str() {
        "random" => quote!(#b::Random::new(#seed)),
        "power_of_two" => quote!(#b::PowerOfTwoChoices::new(#seed)),
        "least_connections" => quote!(#b::LeastConnections::new()),
        "source_hash" => quote!(#b::SourceHash::new()),
        "maglev" => quote!(#b::Maglev::new()),
        _ => quote!(#b::RoundRobin::new()),
    };
    quote! { #cluster.set_balancer(#key, #balancer); }
}

fn workload(k: &TokenStream, ns: &str, w: &Workload) -> TokenStream {
    let name = s(&w.name);
    let mut calls = quote!(.namespace(#ns));
    if let Some(image) = &w.image {
        let image = s(image);
        calls.extend(quote!(.image(#image)));
    }
    if let Some(r) = &w.replicas {
        let r = int(r);
        calls.extend(quote!(.replicas(#r)));
    }
    if let Some(labels) = &w.labels {
        calls.extend(label_calls("label", labels));
    }
    for (port_name, port) in &w.ports {
        let port = int(port);
        calls.extend(match port_name {
            Some(n) => {
                let n = s(n);
                quote!(.named_port(#n, #port))
            }
            None => quote!(.port(#port)),
        });
    }
    calls.extend(label_calls("env", &w.env));
    for (method, list) in [("command", &w.command), ("args", &w.args)] {
        if let Some(list) = list {
            let method = format_ident!("{method}");
            let items = list.iter().map(s);
            calls.extend(quote!(.#method([#(#items),*])));
        }
    }
    if let Some(d) = &w.readiness_delay {
        let d = int(d);
        calls.extend(quote!(.readiness_delay_seconds(#d)));
    }
    match &w.strategy {
        Some(Strategy::Recreate) => calls.extend(quote!(.strategy_recreate())),
        Some(Strategy::RollingUpdate(surge, unavailable)) => {
            let v = |v: &IntOrText| match v {
                IntOrText::Int(i) => {
                    let i = i32_lit(i);
                    quote!(#i)
                }
                IntOrText::Text(t) => {
                    let t = s(t);
                    quote!(#t)
                }
            };
            let (surge, unavailable) = (v(surge), v(unavailable));
            calls.extend(quote!(.rolling_update(#surge, #unavailable)));
        }
        None => {}
    }
    for (method, value) in [
        ("node_name", &w.node),
        ("hostname", &w.hostname),
        ("subdomain", &w.subdomain),
    ] {
        if let Some(value) = value {
            let method = format_ident!("{method}");
            let value = s(value);
            calls.extend(quote!(.#method(#value)));
        }
    }
    let ty = match w.kind {
        WorkloadKind::Deployment => quote!(Deployment),
        WorkloadKind::Pod => quote!(Pod),
    };
    quote!(#k::api::#ty::builder(#name) #calls .build()?)
}

fn target(t: &Target) -> TokenStream {
    match t {
        Target::Number(i) => {
            let i = i32_lit(i);
            quote!(#i)
        }
        Target::Name(n) => {
            let n = s(n);
            quote!(#n)
        }
    }
}

fn protocol_path(k: &TokenStream, p: &Text) -> TokenStream {
    match protocol(p) {
        Some("UDP") => quote!(#k::net::Protocol::Udp),
        Some("SCTP") => quote!(#k::net::Protocol::Sctp),
        _ => quote!(#k::net::Protocol::Tcp),
    }
}

fn service(k: &TokenStream, ns: &str, svc: &ServiceDecl) -> TokenStream {
    let name = s(&svc.name);
    let mut calls = quote!(.namespace(#ns));
    match service_type(svc) {
        "NodePort" => calls.extend(quote!(.node_port_type())),
        "LoadBalancer" => calls.extend(quote!(.load_balancer())),
        "ExternalName" => {
            if let Some(host) = &svc.external_name {
                let host = s(host);
                calls.extend(quote!(.external_name(#host)));
            }
        }
        _ if svc.type_.is_some() => {
            calls.extend(quote!(.type_(#k::api::service::ServiceType::ClusterIp)))
        }
        _ => {}
    }
    calls.extend(label_calls("label", &svc.labels));
    if let Some(selector) = &svc.selector {
        calls.extend(label_calls("selector", selector));
    }
    for p in &svc.ports {
        let port = i32_lit(&p.port);
        let to = p.target.as_ref().map_or_else(|| quote!(#port), target);
        calls.extend(match (&p.name, &p.node_port, &p.target) {
            (None, None, None) => quote!(.port(#port)),
            (None, None, Some(_)) => quote!(.port_to(#port, #to)),
            (Some(n), None, _) => {
                let n = s(n);
                quote!(.named_port(#n, #port, #to))
            }
            (None, Some(np), _) => {
                let np = i32_lit(np);
                quote!(.node_port(#port, #to, #np))
            }
            (Some(n), Some(np), _) => {
                let (n, np) = (s(n), i32_lit(np));
                quote!(.service_port(
                    #k::api::service::ServicePort::new(#port).named(#n).target(#to).node_port(#np)
                ))
            }
        });
        if let Some(proto) = &p.protocol {
            let proto = protocol_path(k, proto);
            calls.extend(quote!(.protocol(#proto)));
        }
    }
    if let Some((kind, timeout)) = &svc.session_affinity
        && kind.value == "ClientIP"
    {
        // 10800 s (three hours) is the API server's default timeout.
        let timeout = timeout
            .as_ref()
            .map_or(Literal::i32_unsuffixed(10800), int_i32);
        calls.extend(quote!(.session_affinity_client_ip(#timeout)));
    }
    if svc.headless {
        calls.extend(quote!(.headless()));
    }
    if let Some(ip) = &svc.cluster_ip {
        let ip = s(ip);
        calls.extend(quote!(.cluster_ip(#ip)));
    }
    if svc
        .external_traffic_policy
        .as_ref()
        .is_some_and(|p| p.value == "Local")
    {
        calls.extend(quote!(.external_traffic_policy_local()));
    }
    if svc
        .internal_traffic_policy
        .as_ref()
        .is_some_and(|p| p.value == "Local")
    {
        calls.extend(quote!(.internal_traffic_policy_local()));
    }
    if let Some(publish) = svc.publish_not_ready_addresses {
        calls.extend(quote!(.publish_not_ready_addresses(#publish)));
    }
    quote!(#k::api::Service::builder(#name) #calls .build()?)
}

fn int_i32(i: &Int) -> Literal {
    Literal::i32_unsuffixed(i32::try_from(i.value).unwrap_or(i32::MAX))
}

fn selector(k: &TokenStream, sel: &PolicySelector) -> TokenStream {
    match sel {
        PolicySelector::Map(pairs) if pairs.is_empty() => {
            quote!(#k::labels::LabelSelector::default())
        }
        PolicySelector::Map(pairs) => {
            let pairs = pairs.iter().map(|(key, value)| {
                let (key, value) = (s(key), s(value));
                quote!((#key, #value))
            });
            quote!(#k::labels::LabelSelector::match_labels([#(#pairs),*]))
        }
        PolicySelector::Expr(reqs) => label_selector(k, reqs),
    }
}

/// A parsed selector string as a `LabelSelector`, as upstream's `ParseToLabelSelector` builds
/// it: `=`/`==` into `matchLabels`, the rest into `matchExpressions` in key order.
fn label_selector(k: &TokenStream, reqs: &[Req]) -> TokenStream {
    let mut sorted: Vec<&Req> = reqs.iter().collect();
    sorted.sort_by(|a, b| a.key.as_bytes().cmp(b.key.as_bytes()));
    let lsr = quote!(#k::labels::LabelSelectorRequirement);
    let calls = sorted.iter().map(|r| {
        let key = &r.key;
        let values = &r.values;
        match r.op {
            Op::Equals | Op::DoubleEquals => {
                let value = values.first().map_or("", String::as_str);
                quote!(.label(#key, #value))
            }
            Op::In => quote!(.expression(#lsr::in_values(#key, [#(#values),*]))),
            Op::NotIn => quote!(.expression(#lsr::not_in_values(#key, [#(#values),*]))),
            Op::Exists => quote!(.expression(#lsr::exists(#key))),
            Op::DoesNotExist => quote!(.expression(#lsr::does_not_exist(#key))),
            // `!=`, `>` and `<` have no LabelSelector form: the parse reported them, and a
            // macro call with errors is never expanded.
            Op::NotEquals | Op::GreaterThan | Op::LessThan => TokenStream::new(),
        }
    });
    quote!(#k::labels::LabelSelector::new() #(#calls)*)
}

fn policy(k: &TokenStream, ns: &str, p: &PolicyDecl) -> TokenStream {
    let name = s(&p.name);
    let np = quote!(#k::api::network_policy);
    let mut calls = quote!(.namespace(#ns));
    if let Some(sel) = &p.pod_selector {
        let sel = selector(k, sel);
        calls.extend(quote!(.pod_selector(#sel)));
    }
    if !p.policy_types.is_empty() {
        let types = p.policy_types.iter().map(|t| match t.value.as_str() {
            "Egress" => quote!(#np::PolicyType::Egress),
            _ => quote!(#np::PolicyType::Ingress),
        });
        calls.extend(quote!(.policy_types([#(#types),*])));
    }
    for (rules, method, rule_ty, peer_method) in [
        (
            &p.ingress,
            "ingress",
            "NetworkPolicyIngressRule",
            "from_peer",
        ),
        (&p.egress, "egress", "NetworkPolicyEgressRule", "to_peer"),
    ] {
        let method = format_ident!("{method}");
        let rule_ty = format_ident!("{rule_ty}");
        let peer_method = format_ident!("{peer_method}");
        for rule in rules {
            let peers = rule.peers.iter().map(|peer| {
                let peer = match (&peer.ip_block, &peer.pod_selector, &peer.namespace_selector) {
                    (Some((cidr, except)), _, _) => {
                        let cidr = s(cidr);
                        let except = if except.is_empty() {
                            quote!(::core::iter::empty::<&str>())
                        } else {
                            let except = except.iter().map(s);
                            quote!([#(#except),*])
                        };
                        quote!(#np::NetworkPolicyPeer::ip_block(#cidr, #except))
                    }
                    (None, Some(pods), Some(namespaces)) => {
                        let (pods, namespaces) = (selector(k, pods), selector(k, namespaces));
                        quote!(#np::NetworkPolicyPeer::pods_in_namespaces(#pods, #namespaces))
                    }
                    (None, Some(pods), None) => {
                        let pods = selector(k, pods);
                        quote!(#np::NetworkPolicyPeer::pods(#pods))
                    }
                    (None, None, namespaces) => {
                        let empty = PolicySelector::Map(Vec::new());
                        let namespaces = selector(k, namespaces.as_ref().unwrap_or(&empty));
                        quote!(#np::NetworkPolicyPeer::namespaces(#namespaces))
                    }
                };
                quote!(.#peer_method(#peer))
            });
            let ports = rule.ports.iter().map(|port| {
                let proto = port.protocol.as_ref().map(|p| protocol_path(k, p));
                let mut built = match (&port.port, &proto) {
                    (Target::Number(n), Some(proto)) => {
                        let n = int_i32(n);
                        quote!(#np::NetworkPolicyPort::number(#n, #proto))
                    }
                    (Target::Number(n), None) => {
                        let n = int_i32(n);
                        quote!(#np::NetworkPolicyPort::tcp(#n))
                    }
                    (Target::Name(n), proto) => {
                        let n = s(n);
                        match proto {
                            Some(proto) => {
                                quote!(#np::NetworkPolicyPort::named(#n).with_protocol(#proto))
                            }
                            None => quote!(#np::NetworkPolicyPort::named(#n)),
                        }
                    }
                };
                if let Some(end) = &port.end_port {
                    let end = int_i32(end);
                    built.extend(quote!(.end_port(#end)));
                }
                quote!(.port(#built))
            });
            calls.extend(quote!(.#method(#np::#rule_ty::new() #(#peers)* #(#ports)*)));
        }
    }
    quote!(#k::api::NetworkPolicy::builder(#name) #calls .build()?)
}

/// `selector!`: `Selector::from_requirements` over requirements assembled without re-parsing.
pub(crate) fn selector_value(k: &TokenStream, reqs: &[Req]) -> TokenStream {
    if reqs.is_empty() {
        return quote!(#k::labels::Selector::everything());
    }
    let reqs = reqs.iter().map(|r| {
        let key = &r.key;
        let op = format_ident!("{}", r.op.variant());
        let values = &r.values;
        quote!(#k::__private::requirement(#key, #k::labels::Operator::#op, &[#(#values),*]))
    });
    quote!(#k::labels::Selector::from_requirements([#(#reqs),*]))
}
