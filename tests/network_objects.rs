//! The network kinds end to end: builders and constructors produce what the API server would
//! store, the YAML round-trips through `kubelite::manifest`, unknown fields are rejected,
//! and invalid objects are refused with kubectl's words.

use kubelite::Object;
use kubelite::api::endpoints::{EndpointAddress, EndpointPort, EndpointSubset, ObjectReference};
use kubelite::api::endpointslice::{self, AddressType, Endpoint};
use kubelite::api::network_policy::{
    IpBlock, NetworkPolicyEgressRule, NetworkPolicyIngressRule, NetworkPolicyPeer,
    NetworkPolicyPort, PolicyType,
};
use kubelite::api::service::{Protocol, ServicePort, ServiceType, TrafficPolicy};
use kubelite::api::{EndpointSlice, Endpoints, Namespace, NetworkPolicy, Node, Resource, Service};
use kubelite::labels::{LabelSelector, LabelSelectorRequirement};
use kubelite::manifest::{from_yaml, to_yaml};
use kubelite::validation::Invalid;

/// `to_yaml` → `from_yaml` gives back the same object, and writing it again the same bytes.
/// Defaulting it again changes nothing (defaults are idempotent).
fn assert_round_trip<T: Resource + Into<Object>>(value: &T) -> String {
    let mut once = value.clone();
    once.apply_defaults();
    let mut twice = once.clone();
    twice.apply_defaults();
    assert_eq!(once, twice, "defaults are idempotent");
    let object: Object = value.clone().into();
    let text = to_yaml([&object]).expect("writes");
    let back = from_yaml(&text).expect("reads back");
    assert_eq!(back, vec![object], "round trip of\n{text}");
    assert_eq!(to_yaml(&back).expect("writes again"), text);
    text
}

// === Services ===

/// The tutorial's `echo-service`, as `kubectl apply` stores it before allocation.
#[test]
fn echo_service_from_the_tutorial() {
    let svc = Service::builder("echo-service")
        .selector("app", "echo-minikube")
        .port_to(8080, 8080)
        .build()
        .expect("valid");
    assert_eq!(svc.spec.service_type(), Some(ServiceType::ClusterIp));
    assert_eq!(svc.spec.ports[0].effective_protocol(), Some(Protocol::Tcp));
    assert!(svc.spec.pod_selector().is_some());
    insta::assert_snapshot!("service_echo_cluster_ip", assert_round_trip(&svc));
}

/// The tutorial's manifest, read from YAML, defaults to the builder's object.
#[test]
fn tutorial_manifest_defaults_to_the_builder_object() {
    let manifest = "\
apiVersion: v1
kind: Service
metadata:
  name: echo-service
spec:
  selector:
    app: echo-minikube
  ports:
  - port: 8080
    targetPort: 8080
";
    let Ok(mut objects) = from_yaml(manifest) else {
        panic!("tutorial manifest loads");
    };
    let Some(Object::Service(mut svc)) = objects.pop() else {
        panic!("a Service");
    };
    svc.metadata.namespace = Some("default".to_owned());
    svc.apply_defaults();
    assert_eq!(svc.validate(), Ok(()));
    let built = Service::builder("echo-service")
        .selector("app", "echo-minikube")
        .port(8080)
        .build()
        .expect("valid");
    assert_eq!(*svc, built);
}

/// `kubectl expose deployment kibana --port=5601 --type=NodePort`, before the node port is
/// allocated.
#[test]
fn kibana_node_port_as_kubectl_expose_creates_it() {
    let svc = Service::builder("kibana")
        .label("app", "kibana")
        .selector("app", "kibana")
        .port(5601)
        .node_port_type()
        .build()
        .expect("valid");
    assert_eq!(
        svc.spec.external_traffic_policy(),
        Some(TrafficPolicy::Cluster)
    );
    assert_eq!(svc.spec.ports[0].node_port_number(), None);
    insta::assert_snapshot!("service_kibana_node_port", assert_round_trip(&svc));
}

#[test]
fn load_balancer_service() {
    let svc = Service::builder("web")
        .namespace("shop")
        .selector("app", "web")
        .named_port("http", 80, "http")
        .named_port("https", 443, 8443)
        .load_balancer()
        .external_traffic_policy_local()
        .build()
        .expect("valid: the health-check node port is the allocator's job");
    assert!(svc.spec.needs_health_check());
    assert_eq!(svc.spec.allocate_load_balancer_node_ports, Some(true));
    // The API server would refuse it until the allocator has filled in the port.
    let err = svc.validate().expect_err("no health-check node port yet");
    assert_eq!(
        err.to_string(),
        "The Service \"web\" is invalid: spec.healthCheckNodePort: Required value"
    );
    insta::assert_snapshot!("service_web_load_balancer", assert_round_trip(&svc));
}

#[test]
fn external_name_service() {
    let svc = Service::builder("db")
        .external_name("db.example.com")
        .build()
        .expect("valid");
    assert_eq!(svc.spec.internal_traffic_policy, None);
    assert_eq!(svc.spec.external_traffic_policy, None);
    insta::assert_snapshot!("service_db_external_name", assert_round_trip(&svc));
}

#[test]
fn headless_service() {
    let svc = Service::builder("echo-headless")
        .selector("app", "echo-minikube")
        .port(8080)
        .headless()
        .publish_not_ready_addresses(true)
        .build()
        .expect("valid");
    assert!(svc.spec.is_headless());
    insta::assert_snapshot!("service_echo_headless", assert_round_trip(&svc));
}

#[test]
fn session_affinity_and_udp_ports() {
    let svc = Service::builder("kube-dns")
        .namespace("kube-system")
        .selector("k8s-app", "kube-dns")
        .cluster_ip("10.96.0.10")
        .service_port(ServicePort::udp(53).named("dns"))
        .service_port(ServicePort::tcp(53).named("dns-tcp"))
        .named_port("metrics", 9153, 9153)
        .protocol(Protocol::Tcp)
        .session_affinity_client_ip(10_800)
        .internal_traffic_policy_local()
        .build()
        .expect("valid: the same port twice is fine across protocols");
    assert_eq!(svc.spec.client_ip_timeout_seconds(), Some(10_800));
    assert_eq!(svc.spec.cluster_ips, ["10.96.0.10"]);
    assert_round_trip(&svc);
}

/// As a cluster returns it, in kubelite's output style (dotted IPv4 strings are quoted).
const SERVICE_EVERY_FIELD: &str = r#"apiVersion: v1
kind: Service
metadata:
  name: storefront
  namespace: shop
  labels:
    app.kubernetes.io/name: storefront
    app.kubernetes.io/part-of: shop
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-type: nlb
  uid: 6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e
  resourceVersion: "48213"
  creationTimestamp: "2026-11-27T10:00:00Z"
spec:
  allocateLoadBalancerNodePorts: true
  clusterIP: "10.96.141.7"
  clusterIPs:
  - "10.96.141.7"
  - fd00:10:96::8c1
  externalIPs:
  - "203.0.113.10"
  externalTrafficPolicy: Local
  healthCheckNodePort: 32014
  internalTrafficPolicy: Local
  ipFamilies:
  - IPv4
  - IPv6
  ipFamilyPolicy: PreferDualStack
  loadBalancerClass: example.com/internal-lb
  loadBalancerIP: "198.51.100.7"
  loadBalancerSourceRanges:
  - 198.51.100.0/24
  - 203.0.113.0/24
  ports:
  - appProtocol: http
    name: http
    nodePort: 31080
    port: 80
    protocol: TCP
    targetPort: http-web
  - appProtocol: kubernetes.io/h2c
    name: grpc
    nodePort: 31443
    port: 443
    protocol: TCP
    targetPort: 8443
  publishNotReadyAddresses: false
  selector:
    app.kubernetes.io/name: storefront
  sessionAffinity: ClientIP
  sessionAffinityConfig:
    clientIP:
      timeoutSeconds: 3600
  trafficDistribution: PreferSameZone
  type: LoadBalancer
status:
  conditions:
  - lastTransitionTime: "2026-11-27T10:00:05Z"
    message: load balancer provisioned
    observedGeneration: 1
    reason: Provisioned
    status: "True"
    type: LoadBalancerReady
  loadBalancer:
    ingress:
    - hostname: storefront.lb.example.com
      ip: "198.51.100.7"
      ipMode: VIP
      ports:
      - error: LoadBalancerMixedProtocolNotSupported
        port: 443
        protocol: TCP
"#;

/// A Service as a cluster returns it, with every optional field set, reads and writes back
/// byte for byte, and is valid.
#[test]
fn real_world_service_round_trips_byte_identically() {
    let objects = from_yaml(SERVICE_EVERY_FIELD).expect("loads");
    assert_eq!(to_yaml(&objects).expect("writes"), SERVICE_EVERY_FIELD);
    let [Object::Service(svc)] = objects.as_slice() else {
        panic!("one Service");
    };
    assert_eq!(svc.validate(), Ok(()));
    assert_eq!(svc.spec.client_ip_timeout_seconds(), Some(3600));
    assert_eq!(
        svc.status
            .as_ref()
            .and_then(|s| s.load_balancer.as_ref())
            .map(|lb| lb.ingress.len()),
        Some(1)
    );
}

// === Endpoints, EndpointSlices ===

#[test]
fn endpoints_of_echo_service() {
    let pod = |name: &str, uid: &str| ObjectReference::pod("default", name, uid);
    let mut ep = Endpoints::new(
        "default",
        "echo-service",
        vec![EndpointSubset {
            addresses: vec![
                EndpointAddress::new("172.17.0.5")
                    .on_node("minikube")
                    .target(pod("echo-minikube-5486cd5cd5-nxgq2", "uid-a")),
                EndpointAddress::new("172.17.0.6")
                    .on_node("minikube")
                    .target(pod("echo-minikube-5486cd5cd5-qlrmx", "uid-b")),
            ],
            not_ready_addresses: vec![
                EndpointAddress::new("172.17.0.7")
                    .on_node("minikube")
                    .target(pod("echo-minikube-5486cd5cd5-zx7v4", "uid-c")),
            ],
            ports: vec![EndpointPort {
                port: 8080,
                ..EndpointPort::default()
            }],
        }],
    );
    ep.apply_defaults();
    assert_eq!(ep.subsets[0].ports[0].protocol.as_deref(), Some("TCP"));
    assert_eq!(ep.validate(), Ok(()));
    insta::assert_snapshot!("endpoints_echo_service", assert_round_trip(&ep));
}

#[test]
fn endpoint_slice_of_echo_service() {
    let pod = |name: &str, uid: &str| ObjectReference::pod("default", name, uid);
    let mut slice = EndpointSlice::new("default", "echo-service-7xk2p", AddressType::Ipv4)
        .for_service("echo-service")
        .endpoint(
            Endpoint::new("10.244.0.5")
                .ready(true)
                .serving(true)
                .terminating(false)
                .on_node("minikube")
                .target(pod("echo-minikube-5486cd5cd5-nxgq2", "uid-a")),
        )
        .endpoint(
            Endpoint::new("10.244.0.6")
                .ready(false)
                .serving(true)
                .terminating(true)
                .on_node("minikube")
                .target(pod("echo-minikube-5486cd5cd5-qlrmx", "uid-b")),
        )
        .port(endpointslice::EndpointPort {
            port: Some(8080),
            ..Default::default()
        });
    slice.metadata.labels.insert(
        endpointslice::LABEL_MANAGED_BY,
        endpointslice::CONTROLLER_NAME,
    );
    slice.apply_defaults();
    assert_eq!(slice.ports[0].name.as_deref(), Some(""));
    assert_eq!(slice.ports[0].protocol.as_deref(), Some("TCP"));
    assert_eq!(slice.validate(), Ok(()));
    assert!(slice.endpoints[1].is_serving() && slice.endpoints[1].is_terminating());
    insta::assert_snapshot!("endpointslice_echo_service", assert_round_trip(&slice));
}

// === NetworkPolicies ===

fn labels(pairs: &[(&str, &str)]) -> LabelSelector {
    LabelSelector::match_labels(pairs.iter().copied())
}

/// Upstream's documentation example `default-deny-ingress`.
#[test]
fn default_deny_ingress_policy() {
    let policy = NetworkPolicy::builder("default-deny-ingress")
        .deny_all_ingress()
        .build()
        .expect("valid");
    assert!(policy.spec.isolates_ingress() && !policy.spec.isolates_egress());
    assert!(policy.spec.ingress.is_empty());
    insta::assert_snapshot!(
        "networkpolicy_default_deny_ingress",
        assert_round_trip(&policy)
    );
}

/// Every kind of peer and port in one policy.
#[test]
fn api_policy_with_every_peer_and_port_kind() {
    let policy = NetworkPolicy::builder("api-allow")
        .namespace("shop")
        .pod_selector(labels(&[("app", "api")]))
        .ingress(
            NetworkPolicyIngressRule::new()
                .from_peer(NetworkPolicyPeer::pods(labels(&[("app", "frontend")])))
                .from_peer(NetworkPolicyPeer::pods_in_namespaces(
                    labels(&[("app", "prometheus")]),
                    labels(&[("kubernetes.io/metadata.name", "monitoring")]),
                ))
                .from_peer(NetworkPolicyPeer::ip_block(
                    "172.17.0.0/16",
                    ["172.17.1.0/24"],
                ))
                .port(NetworkPolicyPort::tcp(8080))
                .port(NetworkPolicyPort::named("metrics"))
                .port(NetworkPolicyPort::tcp(32000).end_port(32768)),
        )
        .egress(
            NetworkPolicyEgressRule::new()
                .to_peer(NetworkPolicyPeer::namespaces(labels(&[(
                    "kubernetes.io/metadata.name",
                    "kube-system",
                )])))
                .port(NetworkPolicyPort::udp(53))
                .port(NetworkPolicyPort::tcp(53)),
        )
        .build()
        .expect("valid");
    assert_eq!(policy.spec.policy_types, ["Ingress", "Egress"]);
    // The named port got the server's default protocol.
    assert_eq!(
        policy.spec.ingress[0].ports[1].protocol.as_deref(),
        Some("TCP")
    );
    let block = policy.spec.ingress[0].from[2]
        .ip_block
        .as_ref()
        .expect("ipBlock");
    assert!(block.contains("172.17.0.4".parse().expect("ip")));
    assert!(!block.contains("172.17.1.4".parse().expect("ip")));
    insta::assert_snapshot!("networkpolicy_api_allow", assert_round_trip(&policy));
}

/// The builder isolates only the directions it was told about; a manifest without
/// `policyTypes` gets the server's default instead, which for egress rules is both.
#[test]
fn builder_policy_types_versus_server_default() {
    let egress_rule = || NetworkPolicyEgressRule::new().port(NetworkPolicyPort::udp(53));
    let built = NetworkPolicy::builder("dns-only")
        .egress(egress_rule())
        .build()
        .expect("valid");
    assert_eq!(built.spec.policy_types, ["Egress"]);

    let mut raw = NetworkPolicy::builder("dns-only").into_unchecked();
    raw.spec.egress.push(egress_rule());
    raw.apply_defaults();
    assert_eq!(raw.spec.policy_types, ["Ingress", "Egress"]);

    let nothing = NetworkPolicy::builder("quiet").build().expect("valid");
    assert_eq!(nothing.spec.policy_types, ["Ingress"]);

    let both = NetworkPolicy::builder("lockdown")
        .policy_types([PolicyType::Egress, PolicyType::Ingress])
        .build()
        .expect("valid");
    assert_eq!(both.spec.policy_types, ["Ingress", "Egress"]);
}

/// Absent and empty selectors stay distinct through a round trip.
#[test]
fn absent_and_empty_peer_selectors_are_kept_apart() {
    let manifest = "\
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: p
  namespace: x
spec:
  ingress:
  - from:
    - namespaceSelector: {}
    - podSelector: {}
      namespaceSelector:
        matchLabels:
          team: b
  podSelector: {}
";
    let objects = from_yaml(manifest).expect("loads");
    let [Object::NetworkPolicy(policy)] = objects.as_slice() else {
        panic!("one NetworkPolicy");
    };
    let from = &policy.spec.ingress[0].from;
    assert_eq!(from[0].namespace_selector, Some(LabelSelector::default()));
    assert_eq!(from[0].pod_selector, None);
    assert_eq!(from[1].pod_selector, Some(LabelSelector::default()));
    assert_eq!(
        from_yaml(&to_yaml(&objects).expect("writes")).expect("reloads"),
        objects
    );
}

/// Every policy of upstream's e2e NetworkPolicy suite (the conformance vectors) decodes,
/// is valid, is unchanged by the server's defaults (upstream spells everything out) and
/// round-trips through YAML.
#[test]
fn upstream_e2e_policies_are_valid_and_round_trip() {
    let vectors: serde_json::Value =
        serde_json::from_str(include_str!("data/conformance/netpol_cases.json")).expect("JSON");
    let mut count = 0;
    for case in vectors["cases"].as_array().expect("cases") {
        for value in case["policies"].as_array().expect("policies") {
            let policy: NetworkPolicy = serde_json::from_value(value.clone())
                .unwrap_or_else(|e| panic!("{}: {e}", case["name"]));
            assert_eq!(policy.validate(), Ok(()), "{}", case["name"]);
            let mut defaulted = policy.clone();
            defaulted.apply_defaults();
            let explicit_ports = policy
                .spec
                .ingress
                .iter()
                .flat_map(|r| &r.ports)
                .chain(policy.spec.egress.iter().flat_map(|r| &r.ports))
                .all(|p| p.protocol.is_some());
            if explicit_ports {
                assert_eq!(defaulted, policy, "{}", case["name"]);
            }
            assert_round_trip(&policy);
            count += 1;
        }
    }
    assert_eq!(count, 41);
}

// === Namespaces, Nodes ===

#[test]
fn namespace_gets_its_name_label_finalizer_and_phase() {
    let ns = Namespace::builder("team-a")
        .label("team", "a")
        .build()
        .expect("valid");
    insta::assert_snapshot!("namespace_team_a", assert_round_trip(&ns));
}

#[test]
fn node_as_minikube_registers_it() {
    let node = Node::new("minikube", "192.168.49.2")
        .with_pod_cidr("10.244.0.0/24")
        .with_zone("zone-a");
    assert_eq!(node.validate(), Ok(()));
    assert_eq!(node.zone(), Some("zone-a"));
    assert_eq!(node.pod_cidrs(), ["10.244.0.0/24"]);
    insta::assert_snapshot!("node_minikube", assert_round_trip(&node));
}

// === Wire names ===

/// k8s-openapi (generated from upstream's OpenAPI) reads kubelite's JSON and writes the same
/// JSON back: a misspelled or misplaced key would be dropped and show up here.
fn assert_k8s_openapi_agrees<T>(object: &impl serde::Serialize)
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    let ours = serde_json::to_value(object).expect("serializes");
    let theirs: T = serde_json::from_value(ours.clone()).expect("k8s-openapi reads it");
    assert_eq!(serde_json::to_value(&theirs).expect("serializes"), ours);
}

#[test]
fn wire_names_match_k8s_openapi() {
    use k8s_openapi::api::core::v1 as core;
    use k8s_openapi::api::discovery::v1 as discovery;
    use k8s_openapi::api::networking::v1 as networking;

    let objects = from_yaml(SERVICE_EVERY_FIELD).expect("loads");
    let [Object::Service(svc)] = objects.as_slice() else {
        panic!("one Service");
    };
    assert_k8s_openapi_agrees::<core::Service>(svc);
    let dns = Service::builder("kube-dns")
        .service_port(ServicePort::udp(53).named("dns"))
        .external_name("dns.example.com")
        .build()
        .expect("valid");
    assert_k8s_openapi_agrees::<core::Service>(&dns);

    let pod = ObjectReference {
        api_version: Some("v1".into()),
        field_path: Some("spec.containers{echo}".into()),
        resource_version: Some("7".into()),
        ..ObjectReference::pod("default", "echo-1", "uid-1")
    };
    let endpoints = Endpoints::new(
        "default",
        "echo",
        vec![EndpointSubset {
            addresses: vec![
                EndpointAddress::new("10.244.0.5")
                    .hostname("echo-1")
                    .on_node("minikube")
                    .target(pod.clone()),
            ],
            not_ready_addresses: vec![EndpointAddress::new("10.244.0.6")],
            ports: vec![EndpointPort {
                app_protocol: Some("http".into()),
                ..EndpointPort::new(8080, Protocol::Tcp).named("http")
            }],
        }],
    );
    assert_k8s_openapi_agrees::<core::Endpoints>(&endpoints);

    let mut endpoint = Endpoint::new("10.244.0.5")
        .ready(true)
        .serving(true)
        .terminating(false)
        .hostname("echo-1")
        .on_node("minikube")
        .in_zone("zone-a")
        .target(pod);
    endpoint.hints = Some(endpointslice::EndpointHints {
        for_nodes: vec![endpointslice::ForNode {
            name: "minikube".into(),
        }],
        for_zones: vec![endpointslice::ForZone {
            name: "zone-a".into(),
        }],
    });
    endpoint.deprecated_topology =
        Some([("kubernetes.io/hostname".to_owned(), "minikube".to_owned())].into());
    let slice = EndpointSlice::new("default", "echo-abcde", AddressType::Ipv4)
        .endpoint(endpoint)
        .port(endpointslice::EndpointPort {
            app_protocol: Some("http".into()),
            ..endpointslice::EndpointPort::new("http", 8080, Protocol::Tcp)
        });
    assert_k8s_openapi_agrees::<discovery::EndpointSlice>(&slice);

    let mut ns = Namespace::builder("team-a").build().expect("valid");
    if let Some(status) = &mut ns.status {
        status
            .conditions
            .push(kubelite::api::namespace::NamespaceCondition {
                last_transition_time: Some(kubelite::meta::Time::from_unix_seconds(1_714_557_600)),
                message: Some("all content removed".into()),
                reason: Some("ContentDeleted".into()),
                status: "False".into(),
                type_: "NamespaceDeletionContentFailure".into(),
            });
    }
    assert_k8s_openapi_agrees::<core::Namespace>(&ns);

    let mut node = Node::new("minikube", "192.168.49.2").with_pod_cidr("10.244.0.0/24");
    if let Some(spec) = &mut node.spec {
        spec.provider_id = Some("kind://docker/kind/kind-control-plane".into());
        spec.external_id = Some("minikube".into());
        spec.unschedulable = Some(false);
        spec.taints.push(kubelite::api::node::Taint {
            effect: "NoSchedule".into(),
            key: "node-role.kubernetes.io/control-plane".into(),
            time_added: None,
            value: None,
        });
    }
    if let Some(status) = &mut node.status {
        status.capacity = Some([("cpu".to_owned(), serde_json::json!("4"))].into());
        status.allocatable = Some([("pods".to_owned(), serde_json::json!("110"))].into());
        status.daemon_endpoints = Some(kubelite::api::node::NodeDaemonEndpoints {
            kubelet_endpoint: Some(kubelite::api::node::DaemonEndpoint { port: 10250 }),
        });
        status.volumes_in_use = vec!["kubernetes.io/csi/x".into()];
    }
    assert_k8s_openapi_agrees::<core::Node>(&node);

    let policy = NetworkPolicy::builder("p")
        .ingress(
            NetworkPolicyIngressRule::new()
                .from_peer(NetworkPolicyPeer::pods_in_namespaces(
                    labels(&[("app", "a")]),
                    LabelSelector::default().expression(LabelSelectorRequirement::exists("team")),
                ))
                .from_peer(NetworkPolicyPeer::ip_block("10.0.0.0/8", ["10.1.0.0/16"]))
                .port(NetworkPolicyPort::tcp(80).end_port(90))
                .port(NetworkPolicyPort::named("http")),
        )
        .allow_all_egress()
        .build()
        .expect("valid");
    assert_k8s_openapi_agrees::<networking::NetworkPolicy>(&policy);
}

// === Strict decoding ===

#[test]
fn unknown_fields_are_rejected_with_their_path() {
    let cases = [
        (
            "Service",
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  ports:\n  - port: 80\n    targetport: 8080\n",
            "spec.ports[0].targetport",
        ),
        (
            "Service",
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  clusterIp: 10.96.0.1\n",
            "spec.clusterIp",
        ),
        (
            "Endpoints",
            "apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: a\nsubsets:\n- addresses:\n  - ip: 10.0.0.1\n    pod: x\n",
            "subsets[0].addresses[0].pod",
        ),
        (
            "EndpointSlice",
            "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: a\naddressType: IPv4\nendpoints:\n- addresses: [10.0.0.1]\n  conditions:\n    healthy: true\n",
            "endpoints[0].conditions.healthy",
        ),
        (
            "Namespace",
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\nspec:\n  finalizer: [kubernetes]\n",
            "spec.finalizer",
        ),
        (
            "Node",
            "apiVersion: v1\nkind: Node\nmetadata:\n  name: a\nspec:\n  podCidr: 10.244.0.0/24\n",
            "spec.podCidr",
        ),
    ];
    for (kind, manifest, path) in cases {
        let err = from_yaml(manifest).expect_err(path).to_string();
        assert!(
            err.contains(&format!("strict decoding error: unknown field \"{path}\"")),
            "{kind}: {err}"
        );
    }
}

/// `ports:` with nothing after it is YAML `null`; the API server reads it as no ports and
/// then reports the missing ports, and so does kubelite.
#[test]
fn null_lists_decode_as_empty_lists() {
    let manifest = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: default\nspec:\n  ports:\n  externalIPs: null\n  selector:\n    app: web\n";
    let objects = from_yaml(manifest).expect("null lists load");
    let [Object::Service(svc)] = objects.as_slice() else {
        panic!("one Service");
    };
    assert!(svc.spec.ports.is_empty() && svc.spec.external_ips.is_empty());
    let mut svc = (**svc).clone();
    svc.apply_defaults();
    assert_eq!(
        svc.validate().map_err(|e| e.to_string()),
        Err("The Service \"web\" is invalid: spec.ports: Required value".to_owned())
    );
}

// === Invalid objects ===

fn refused(result: Result<impl std::fmt::Debug, Invalid>) -> String {
    match result {
        Ok(v) => panic!("accepted: {v:?}"),
        Err(e) => e.to_string(),
    }
}

fn with_spec(
    builder: kubelite::api::service::ServiceBuilder,
    f: impl FnOnce(&mut Service),
) -> Result<Service, Invalid> {
    let mut svc = builder.into_unchecked();
    f(&mut svc);
    svc.apply_defaults();
    svc.validate().map(|()| svc)
}

fn invalid_services() -> Vec<(&'static str, String)> {
    let web = || Service::builder("web").selector("app", "web");
    vec![
        ("no ports", refused(web().build())),
        (
            "two unnamed ports",
            refused(web().port(80).port(443).build()),
        ),
        (
            "duplicate port names",
            refused(
                web()
                    .named_port("http", 80, 8080)
                    .named_port("http", 81, 8081)
                    .build(),
            ),
        ),
        (
            "port and targetPort out of range",
            refused(web().port_to(0, 70000).build()),
        ),
        (
            "named targetPort that is not an IANA service name",
            refused(web().port_to(80, "HTTP--web-server").build()),
        ),
        (
            "unknown protocol",
            refused(
                web()
                    .service_port(ServicePort {
                        protocol: Some("HTTP".into()),
                        ..ServicePort::new(80)
                    })
                    .build(),
            ),
        ),
        (
            "same port and protocol twice",
            refused(
                web()
                    .named_port("a", 80, 8080)
                    .named_port("b", 80, 8081)
                    .build(),
            ),
        ),
        (
            "nodePort on a ClusterIP Service",
            refused(web().node_port(80, 8080, 30080).build()),
        ),
        (
            "unknown type",
            refused(with_spec(web().port(80), |s| {
                s.spec.type_ = Some("Foo".into())
            })),
        ),
        (
            "headless NodePort",
            refused(web().port(80).headless().node_port_type().build()),
        ),
        (
            "cluster IP that is not an IP",
            refused(web().port(80).cluster_ip("abc").build()),
        ),
        (
            "externalTrafficPolicy on a ClusterIP Service",
            refused(web().port(80).external_traffic_policy_local().build()),
        ),
        (
            "ExternalName that is not a DNS name",
            refused(Service::builder("db").external_name("-db").build()),
        ),
        (
            "ClientIP affinity timeout of 0",
            refused(web().port(80).session_affinity_client_ip(0).build()),
        ),
        (
            "name that is not a DNS-1035 label",
            refused(
                Service::builder("My_Svc")
                    .selector("app", "web")
                    .port(80)
                    .build(),
            ),
        ),
        (
            "selector with an invalid label value",
            refused(
                Service::builder("web")
                    .selector("app", "-web")
                    .port(80)
                    .build(),
            ),
        ),
    ]
}

fn invalid_network_policies() -> Vec<(&'static str, String)> {
    let web = || NetworkPolicy::builder("web").pod_selector(labels(&[("app", "web")]));
    let from = |peer: NetworkPolicyPeer| NetworkPolicyIngressRule::new().from_peer(peer);
    let on = |port: NetworkPolicyPort| NetworkPolicyIngressRule::new().port(port);
    vec![
        (
            "NetworkPolicy peer with nothing in it",
            refused(web().ingress(from(NetworkPolicyPeer::default())).build()),
        ),
        (
            "NetworkPolicy peer with an ipBlock and a podSelector",
            refused(
                web()
                    .ingress(from(NetworkPolicyPeer {
                        pod_selector: Some(labels(&[("app", "db")])),
                        ..NetworkPolicyPeer::ip_block("10.0.0.0/16", Vec::<String>::new())
                    }))
                    .build(),
            ),
        ),
        (
            "NetworkPolicy ipBlock whose except is not inside the cidr",
            refused(
                web()
                    .egress(
                        NetworkPolicyEgressRule::new().to_peer(NetworkPolicyPeer::ip_block(
                            "10.0.0.0/16",
                            ["10.0.0.0/16", "192.168.0.0/24", "10.0.5.0/24"],
                        )),
                    )
                    .build(),
            ),
        ),
        (
            "NetworkPolicy ipBlock that is not a CIDR",
            refused(
                web()
                    .ingress(from(NetworkPolicyPeer {
                        ip_block: Some(IpBlock {
                            cidr: "10.0.0.0/33".into(),
                            except: vec![],
                        }),
                        ..NetworkPolicyPeer::default()
                    }))
                    .build(),
            ),
        ),
        (
            "NetworkPolicy endPort below port",
            refused(
                web()
                    .ingress(on(NetworkPolicyPort::tcp(80).end_port(79)))
                    .build(),
            ),
        ),
        (
            "NetworkPolicy endPort with a named port, and without a port",
            refused(
                web()
                    .ingress(on(NetworkPolicyPort::named("http").end_port(8080)))
                    .ingress(on(NetworkPolicyPort {
                        end_port: Some(8080),
                        ..Default::default()
                    }))
                    .build(),
            ),
        ),
        (
            "NetworkPolicy unknown protocol",
            refused(
                web()
                    .ingress(on(NetworkPolicyPort {
                        protocol: Some("ICMP".into()),
                        ..NetworkPolicyPort::default()
                    }))
                    .build(),
            ),
        ),
        (
            "NetworkPolicy with three policyTypes",
            refused({
                let mut p = web().into_unchecked();
                p.spec.policy_types = vec!["Ingress".into(), "Egress".into(), "Ingress".into()];
                validated(p)
            }),
        ),
        (
            "NetworkPolicy pod selector expression without values",
            refused(
                web()
                    .pod_selector(LabelSelector::default().expression(
                        LabelSelectorRequirement::in_values("tier", Vec::<String>::new()),
                    ))
                    .build(),
            ),
        ),
    ]
}

fn validated<T: Resource>(mut object: T) -> Result<T, Invalid> {
    object.apply_defaults();
    object.validate().map(|()| object)
}

fn invalid_other_kinds() -> Vec<(&'static str, String)> {
    let subset = |addresses: Vec<EndpointAddress>, ports: Vec<EndpointPort>| EndpointSubset {
        addresses,
        ports,
        ..EndpointSubset::default()
    };
    let slice = || EndpointSlice::new("default", "web-abcde", AddressType::Ipv4);
    let mut tainted = Node::new("node-1", "192.168.49.3");
    tainted.spec = Some(kubelite::api::node::NodeSpec {
        taints: vec![
            kubelite::api::node::Taint {
                key: "dedicated".into(),
                value: Some("gpu".into()),
                effect: "NoSchedule".into(),
                time_added: None,
            },
            kubelite::api::node::Taint {
                key: "dedicated".into(),
                value: Some("db".into()),
                effect: "NoSchedule".into(),
                time_added: None,
            },
            kubelite::api::node::Taint {
                key: "maintenance".into(),
                value: None,
                effect: "Evict".into(),
                time_added: None,
            },
        ],
        ..Default::default()
    });
    vec![
        (
            "Endpoints subset without addresses, two unnamed ports",
            refused(validated(Endpoints::new(
                "default",
                "web",
                vec![subset(
                    vec![],
                    vec![
                        EndpointPort::new(80, Protocol::Tcp),
                        EndpointPort::new(443, Protocol::Tcp),
                    ],
                )],
            ))),
        ),
        (
            "Endpoints address that is not an IP, and a loopback one",
            refused(validated(Endpoints::new(
                "default",
                "web",
                vec![subset(
                    vec![
                        EndpointAddress::new("web-1"),
                        EndpointAddress::new("127.0.0.1"),
                    ],
                    vec![EndpointPort::new(80, Protocol::Tcp)],
                )],
            ))),
        ),
        (
            "EndpointSlice of an unknown address type",
            refused(validated(EndpointSlice {
                address_type: Some("IP".into()),
                ..slice()
            })),
        ),
        (
            "EndpointSlice IPv4 endpoint with an IPv6 address, duplicate port names",
            refused(validated(
                slice()
                    .endpoint(Endpoint::new("fd00::5"))
                    .endpoint(Endpoint {
                        addresses: vec![],
                        ..Endpoint::default()
                    })
                    .port(endpointslice::EndpointPort::new("http", 80, Protocol::Tcp))
                    .port(endpointslice::EndpointPort::new(
                        "http",
                        8080,
                        Protocol::Tcp,
                    )),
            )),
        ),
        (
            "Namespace finalizer that is neither standard nor qualified",
            refused(validated(Namespace {
                spec: Some(kubelite::api::namespace::NamespaceSpec {
                    finalizers: vec!["cleanup".into()],
                }),
                ..Namespace::builder("team-b").build().expect("valid")
            })),
        ),
        (
            "Node with a duplicate taint and an unknown effect",
            refused(validated(tainted)),
        ),
        (
            "Node with two IPv4 pod CIDRs",
            refused(validated(Node {
                spec: Some(kubelite::api::node::NodeSpec {
                    pod_cidrs: vec!["10.244.0.0/24".into(), "10.245.0.0/24".into()],
                    ..Default::default()
                }),
                ..Node::new("node-2", "192.168.49.4")
            })),
        ),
    ]
}

#[test]
fn invalid_objects_are_refused_in_kubectl_words() {
    let mut out = String::new();
    let all = invalid_services()
        .into_iter()
        .chain(invalid_network_policies())
        .chain(invalid_other_kinds());
    for (what, message) in all {
        out.push_str(&format!("# {what}\n{message}\n\n"));
    }
    insta::assert_snapshot!("invalid_objects", out);
}
