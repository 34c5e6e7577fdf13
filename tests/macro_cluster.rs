//! `cluster!` builds exactly what the builders and YAML build: the tutorial's cluster written
//! three ways gives identical state, and every grammar form reaches the object it describes.

use kubelite::api::network_policy::{
    NetworkPolicyIngressRule, NetworkPolicyPeer, NetworkPolicyPort, PolicyType,
};
use kubelite::api::{Deployment, Namespace, NetworkPolicy, Pod, Service};
use kubelite::labels::LabelSelector;
use kubelite::net::{ProxyMode, Scheduler};
use kubelite::{Cluster, ClusterConfig};

fn by_macro() -> Cluster {
    kubelite::cluster! {
        config { seed: 7, nodes: 2, proxy: ipvs(rr) }
        namespace default {
            deployment echo-minikube { image: "k8s.gcr.io/echoserver:1.4", replicas: 2, ports: [http: 8080] }
            service echo-service { selector: { app: "echo-minikube" }, ports: [8080 => 8080] }
            deployment kibana { image: "kibana:7.6.1", ports: [5601] }
            service kibana: NodePort { selector: { app: "kibana" }, ports: [5601 => 5601 @ 30937] }
        }
        namespace shop (labels: { team: "a" }) {
            pod client { image: "yauritux/busybox-curl", labels: { run: client } }
            network_policy deny-all { pod_selector: {}, policy_types: [Ingress] }
        }
    }
}

fn by_builders() -> Result<Cluster, kubelite::Error> {
    let config = ClusterConfig::minikube()
        .seed(7)
        .nodes(2)
        .proxy_mode(ProxyMode::Ipvs(Scheduler::RoundRobin));
    let cluster = Cluster::with_config(config)?;
    cluster.apply(
        Deployment::builder("echo-minikube")
            .image("k8s.gcr.io/echoserver:1.4")
            .replicas(2)
            .named_port("http", 8080)
            .build()?,
    )?;
    cluster.apply(
        Service::builder("echo-service")
            .selector("app", "echo-minikube")
            .port_to(8080, 8080)
            .build()?,
    )?;
    cluster.apply(
        Deployment::builder("kibana")
            .image("kibana:7.6.1")
            .port(5601)
            .build()?,
    )?;
    cluster.apply(
        Service::builder("kibana")
            .node_port_type()
            .selector("app", "kibana")
            .node_port(5601, 5601, 30937)
            .build()?,
    )?;
    cluster.apply(Namespace::builder("shop").label("team", "a").build()?)?;
    cluster.apply(
        Pod::builder("client")
            .namespace("shop")
            .image("yauritux/busybox-curl")
            .label("run", "client")
            .build()?,
    )?;
    cluster.apply(
        NetworkPolicy::builder("deny-all")
            .namespace("shop")
            .pod_selector(LabelSelector::default())
            .policy_types([PolicyType::Ingress])
            .build()?,
    )?;
    Ok(cluster)
}

const TUTORIAL_YAML: &str = r#"
apiVersion: apps/v1
kind: Deployment
metadata: {name: echo-minikube, labels: {app: echo-minikube}}
spec:
  replicas: 2
  selector: {matchLabels: {app: echo-minikube}}
  template:
    metadata: {labels: {app: echo-minikube}}
    spec:
      containers:
      - name: echoserver
        image: k8s.gcr.io/echoserver:1.4
        ports: [{name: http, containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: echo-service}
spec:
  selector: {app: echo-minikube}
  ports: [{port: 8080, targetPort: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: kibana, labels: {app: kibana}}
spec:
  selector: {matchLabels: {app: kibana}}
  template:
    metadata: {labels: {app: kibana}}
    spec:
      containers:
      - name: kibana
        image: kibana:7.6.1
        ports: [{containerPort: 5601}]
---
apiVersion: v1
kind: Service
metadata: {name: kibana}
spec:
  type: NodePort
  selector: {app: kibana}
  ports: [{port: 5601, targetPort: 5601, nodePort: 30937}]
---
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: a}}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: shop, labels: {run: client}}
spec:
  containers:
  - name: busybox-curl
    image: yauritux/busybox-curl
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress]
"#;

fn by_yaml() -> Result<Cluster, kubelite::Error> {
    let config = ClusterConfig::minikube()
        .seed(7)
        .nodes(2)
        .proxy_mode(ProxyMode::Ipvs(Scheduler::RoundRobin));
    let cluster = Cluster::with_config(config)?;
    cluster.apply_yaml(TUTORIAL_YAML)?;
    Ok(cluster)
}

#[test]
fn the_tutorial_three_ways_gives_identical_state() -> Result<(), kubelite::Error> {
    let dsl = by_macro();
    let builders = by_builders()?;
    let yaml = by_yaml()?;
    assert_eq!(dsl.config(), builders.config());
    let settle = std::time::Duration::from_secs(120);
    for c in [&dsl, &builders, &yaml] {
        c.advance(settle);
    }
    let dump = dsl.dump_yaml();
    assert!(dump.contains("name: deny-all"), "{dump}");
    assert_eq!(dump, builders.dump_yaml());
    assert_eq!(dump, yaml.dump_yaml());
    Ok(())
}

#[test]
fn every_grammar_form_reaches_its_object() -> Result<(), kubelite::Error> {
    let extra = Pod::builder("extra")
        .label("app", "extra")
        .image("nginx")
        .build()?;
    let cluster = kubelite::cluster! {
        config {
            seed: 3, nodes: 3, pod_cidr: "10.200.0.0/16", service_cidr: "10.100.0.0/16",
            domain: "cluster.local", node_ports: 31000..=31999, proxy: ipvs(lc),
        }
        namespace "web-shop" (labels: { "app.kubernetes.io/part-of": shop, tier: front }) {
            deployment front {
                image: "nginx:1.27",
                replicas: 3,
                labels: { app: front, tier: web },
                ports: [http: 80, metrics: 9100, 8443],
                env: { MODE: "prod", "LOG.LEVEL": "debug" },
                command: ["nginx"],
                args: ["-g", "daemon off;"],
                readiness: { initial_delay_seconds: 5 },
                strategy: RollingUpdate { max_surge: 1, max_unavailable: "0%" },
            }
            deployment batch { image: "busybox", strategy: Recreate }
            pod debug-1 {
                image: "busybox", labels: { app: debug }, ports: [dns: 53],
                node: minikube-m02, hostname: dbg, subdomain: front-headless,
            }
            service front: NodePort {
                selector: { app: front },
                labels: { app: front },
                ports: [http: 80 => http @ 31080, metrics: 9100 => 9100, dns: 53 => 53 / udp],
                session_affinity: ClientIP(600),
                external_traffic_policy: Local,
                internal_traffic_policy: Local,
            }
            service lb: LoadBalancer { selector: { app: front }, ports: [443 => 8443] }
            service front-headless { selector: { app: front }, headless, publish_not_ready_addresses: true }
            service search: ExternalName { external_name: "search.example.com" }
            service legacy { selector: { app: legacy }, ports: [8080], allow_unmatched }
            service fixed: ClusterIP { selector: { app: debug }, ports: [53 / udp], cluster_ip: "10.100.0.53" }
            network_policy front-ingress {
                pod_selector: { app: front },
                policy_types: [Ingress, Egress],
                ingress: [
                    { from: [{ pod_selector: { app: debug } }, { namespace_selector: { team: a } }], ports: [http, 80, 9000..=9100 / tcp] },
                    { from: [{ pod_selector: { app: x }, namespace_selector: {} }, { ip_block: { cidr: "10.0.0.0/8", except: ["10.1.0.0/16"] } }] },
                ],
                egress: [{ to: [{ ip_block: { cidr: "0.0.0.0/0" } }], ports: [53 / udp, dns / udp] }],
            }
        }
        yaml "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: from-yaml\n"
        object(extra)
    };
    let config = cluster.config();
    assert_eq!(config.seed_value(), 3);
    assert_eq!(config.node_list().len(), 3);
    assert_eq!(
        config.proxy_mode_value(),
        ProxyMode::Ipvs(Scheduler::LeastConnection)
    );
    let ns: Namespace = cluster.get("", "web-shop")?;
    assert_eq!(ns.metadata.labels.get("tier"), Some("front"));
    let front: Deployment = cluster.get("web-shop", "front")?;
    assert_eq!(front.spec.replicas, Some(3));
    let c = &front.spec.template.spec.containers[0];
    assert_eq!(c.ports.len(), 3);
    assert_eq!(c.env.len(), 2);
    assert_eq!(c.args, ["-g", "daemon off;"]);
    assert_eq!(
        c.readiness_probe
            .as_ref()
            .and_then(|p| p.initial_delay_seconds),
        Some(5)
    );
    let batch: Deployment = cluster.get("web-shop", "batch")?;
    assert_eq!(batch.spec.strategy.type_.as_deref(), Some("Recreate"));
    let debug: Pod = cluster.get("web-shop", "debug-1")?;
    assert_eq!(debug.spec.node_name.as_deref(), Some("minikube-m02"));
    let svc: Service = cluster.get("web-shop", "front")?;
    assert_eq!(svc.spec.type_.as_deref(), Some("NodePort"));
    let lb: Service = cluster.get("web-shop", "lb")?;
    assert_eq!(lb.spec.type_.as_deref(), Some("LoadBalancer"));
    assert_eq!(svc.spec.ports[0].node_port, Some(31080));
    assert_eq!(svc.spec.ports[2].protocol.as_deref(), Some("UDP"));
    assert_eq!(svc.spec.session_affinity.as_deref(), Some("ClientIP"));
    assert_eq!(svc.spec.external_traffic_policy.as_deref(), Some("Local"));
    let headless: Service = cluster.get("web-shop", "front-headless")?;
    assert_eq!(headless.spec.cluster_ip.as_deref(), Some("None"));
    let search: Service = cluster.get("web-shop", "search")?;
    assert_eq!(
        search.spec.external_name.as_deref(),
        Some("search.example.com")
    );
    let fixed: Service = cluster.get("web-shop", "fixed")?;
    assert_eq!(fixed.spec.cluster_ip.as_deref(), Some("10.100.0.53"));
    let policy: NetworkPolicy = cluster.get("web-shop", "front-ingress")?;
    assert_eq!(policy.spec.policy_types, ["Ingress", "Egress"]);
    assert_eq!(policy.spec.ingress.len(), 2);
    assert_eq!(
        policy.spec.ingress[0].ports[2],
        NetworkPolicyPort::tcp(9000).end_port(9100)
    );
    assert_eq!(
        policy.spec.ingress[1].from[1],
        NetworkPolicyPeer::ip_block("10.0.0.0/8", ["10.1.0.0/16"])
    );
    assert_eq!(
        policy.spec.egress[0].ports[1],
        NetworkPolicyPort::named("dns").with_protocol(kubelite::net::Protocol::Udp)
    );
    assert!(cluster.get::<Namespace>("", "from-yaml").is_ok());
    assert!(cluster.get::<Pod>("default", "extra").is_ok());
    let _ = NetworkPolicyIngressRule::new();
    Ok(())
}

#[test]
fn labels_macro_builds_a_label_set() {
    let labels = kubelite::labels! { app: web, "app.kubernetes.io/name": "web-1" };
    assert_eq!(labels.get("app"), Some("web"));
    assert_eq!(labels.get("app.kubernetes.io/name"), Some("web-1"));
}

#[test]
fn try_cluster_returns_what_the_cluster_rejects() {
    let dup = Service::builder("web").port(80).build().expect("valid");
    let err = kubelite::try_cluster! {
        namespace default {
            service web { ports: [80] }
        }
        object(dup.clone())
    };
    // Applying the same Service twice is an update, not an error: the cluster is built.
    assert!(err.is_ok());
    let bad = kubelite::try_cluster! { yaml("kind: Nope\napiVersion: v1\nmetadata: {name: x}\n") };
    assert!(bad.is_err());
}

#[test]
#[should_panic(expected = "cluster!: ")]
fn cluster_panics_with_the_error_of_what_it_could_not_check() {
    let _ = kubelite::cluster! { yaml "kind: Nope\napiVersion: v1\nmetadata: {name: x}\n" };
}

#[test]
fn policy_selector_strings_are_match_expressions() -> Result<(), kubelite::Error> {
    use kubelite::labels::LabelSelectorRequirement as Req;
    let cluster = kubelite::cluster! {
        namespace shop {
            network_policy web {
                pod_selector: "tier in (web, api), !canary, app=shop",
                ingress: [{ from: [{ namespace_selector: "team", pod_selector: { role: client } }] }],
            }
        }
    };
    let by_hand = NetworkPolicy::builder("web")
        .namespace("shop")
        .pod_selector(
            LabelSelector::new()
                .label("app", "shop")
                .expression(Req::does_not_exist("canary"))
                .expression(Req::in_values("tier", ["api", "web"])),
        )
        .ingress(
            NetworkPolicyIngressRule::new().from_peer(NetworkPolicyPeer::pods_in_namespaces(
                LabelSelector::match_labels([("role", "client")]),
                LabelSelector::new().expression(Req::exists("team")),
            )),
        )
        .build()?;
    let got: NetworkPolicy = cluster.get("shop", "web")?;
    assert_eq!(got.spec, by_hand.spec);
    // The string means what `Selector::parse` says it means.
    assert_eq!(
        got.spec
            .pod_selector
            .to_selector()
            .map(|s| s.to_string())
            .ok(),
        Some("app=shop,!canary,tier in (api,web)".to_owned())
    );
    Ok(())
}

#[test]
fn a_service_balancer_is_set_as_by_hand() -> Result<(), kubelite::Error> {
    use kubelite::net::Origin;
    let spread = |cluster: &Cluster, service: &str| -> Vec<String> {
        (0..6)
            .map(|_| {
                let r = cluster
                    .request(
                        Origin::pod("default/client"),
                        &format!("http://{service}:8080"),
                    )
                    .expect("response");
                r.served_by().expect("pod").to_owned()
            })
            .collect()
    };
    let cluster = kubelite::cluster! {
        config { seed: 3 }
        namespace default {
            deployment echo { image: "k8s.gcr.io/echoserver:1.4", replicas: 3, ports: [8080] }
            service rr { selector: { app: echo }, ports: [8080], balancer: round_robin }
            service p2c { selector: { app: echo }, ports: [8080], balancer: power_of_two }
            service seeded { selector: { app: echo }, ports: [8080], balancer: random(42) }
            pod client { image: "yauritux/busybox-curl" }
        }
    };
    // Round robin visits every pod once per cycle.
    let rr = spread(&cluster, "rr");
    assert_eq!(rr[..3], rr[3..]);
    assert_eq!(
        rr[..3]
            .iter()
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        3
    );

    // The same calls by hand give the same picks, seeds included.
    use kubelite::net::balancer::{PowerOfTwoChoices, Random, RoundRobin, hash_bytes};
    let by_hand = kubelite::cluster! {
        config { seed: 3 }
        namespace default {
            deployment echo { image: "k8s.gcr.io/echoserver:1.4", replicas: 3, ports: [8080] }
            service rr { selector: { app: echo }, ports: [8080] }
            service p2c { selector: { app: echo }, ports: [8080] }
            service seeded { selector: { app: echo }, ports: [8080] }
            pod client { image: "yauritux/busybox-curl" }
        }
    };
    by_hand.set_balancer("default/rr", RoundRobin::new());
    by_hand.set_balancer(
        "default/p2c",
        PowerOfTwoChoices::new(3 ^ hash_bytes(b"default/p2c")),
    );
    by_hand.set_balancer("default/seeded", Random::new(42));
    for service in ["rr", "p2c", "seeded"] {
        assert_eq!(
            spread(&cluster, service),
            spread(&by_hand, service),
            "{service}"
        );
    }
    Ok(())
}

#[test]
fn pod_readiness_delay_and_forced_readiness() -> Result<(), kubelite::Error> {
    use kubelite::api::EndpointSlice;
    let cluster = kubelite::cluster! {
        namespace default {
            pod slow { image: "nginx", labels: { app: web }, ports: [80], readiness: { initial_delay_seconds: 30 } }
            pod down { image: "nginx", labels: { app: web }, ports: [80], ready: false }
            pod up { image: "nginx", labels: { app: web }, ports: [80] }
            service web { selector: { app: web }, ports: [80] }
        }
    };
    let ready = |cluster: &Cluster| -> Vec<String> {
        let mut names: Vec<String> = cluster
            .list::<EndpointSlice>(Some("default"), "")
            .expect("slices")
            .iter()
            .flat_map(|s| s.endpoints.iter())
            .filter(|e| e.conditions.as_ref().and_then(|c| c.ready) == Some(true))
            .filter_map(|e| e.target_ref.as_ref().and_then(|t| t.name.clone()))
            .collect();
        names.sort();
        names
    };
    let slow: Pod = cluster.get("default", "slow")?;
    let probe = slow.spec.containers[0].readiness_probe.as_ref();
    assert_eq!(probe.and_then(|p| p.initial_delay_seconds), Some(30));
    assert_eq!(ready(&cluster), ["up"]);
    cluster.advance(std::time::Duration::from_secs(31));
    assert_eq!(ready(&cluster), ["slow", "up"]);
    cluster.set_pod_ready("default/down", true)?;
    assert_eq!(ready(&cluster), ["down", "slow", "up"]);
    Ok(())
}

#[test]
fn the_seed_may_be_an_expression() {
    let seed: u64 = 11;
    let cluster = kubelite::cluster! { config { seed: seed + 1 } };
    assert_eq!(cluster.config().seed_value(), 12);
}
