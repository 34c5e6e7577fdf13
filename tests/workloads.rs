//! Workloads: Pod, Deployment and ReplicaSet wire types, builders, API-server defaults and
//! validation messages.

use kubelite::Object;
use kubelite::api::deployment::DeploymentStrategy;
use kubelite::api::pod::{
    Container, ContainerPort, PodSpec, PodTemplateSpec, Probe, container_name_from_image,
    default_image_pull_policy,
};
use kubelite::api::{Deployment, IntOrString, Pod, ReplicaSet, Resource};
use kubelite::labels::LabelSelector;
use kubelite::manifest::{from_yaml, to_yaml};
use kubelite::meta::OwnerReference;
use kubelite::validation::Invalid;

const WEB_DEPLOYMENT: &str = include_str!("data/workloads/web-deployment.yaml");

fn yaml(object: impl Into<Object>) -> String {
    to_yaml([&object.into()]).expect("writes")
}

fn reload(text: &str) -> Object {
    let mut objects = from_yaml(text).expect("loads");
    assert_eq!(objects.len(), 1);
    objects.remove(0)
}

fn echo_minikube() -> Deployment {
    Deployment::builder("echo-minikube")
        .image("k8s.gcr.io/echoserver:1.4")
        .replicas(2)
        .build()
        .expect("valid")
}

fn kibana() -> Deployment {
    Deployment::builder("kibana")
        .image("kibana:7.6.1")
        .port(5601)
        .build()
        .expect("valid")
}

fn busybox() -> Pod {
    Pod::builder("busybox")
        .image("yauritux/busybox-curl")
        .build()
        .expect("valid")
}

fn echo_replica_set() -> ReplicaSet {
    let d = echo_minikube();
    let mut template = d.spec.template.clone();
    template
        .metadata
        .labels
        .insert("pod-template-hash", "5486cd5cd5");
    let selector = LabelSelector::match_labels([
        ("app", "echo-minikube"),
        ("pod-template-hash", "5486cd5cd5"),
    ]);
    let mut rs = ReplicaSet::new("echo-minikube-5486cd5cd5", 2, selector, template);
    // What the Deployment controller adds (maxSurge 25% of 2 rounds up to 1).
    rs.metadata.namespace = Some("default".to_owned());
    for (k, v) in [
        ("deployment.kubernetes.io/desired-replicas", "2"),
        ("deployment.kubernetes.io/max-replicas", "3"),
        ("deployment.kubernetes.io/revision", "1"),
    ] {
        rs.metadata.annotations.insert(k.to_owned(), v.to_owned());
    }
    rs.metadata.owner_references = vec![OwnerReference::controller(
        "apps/v1",
        "Deployment",
        "echo-minikube",
        "0b8a6f4e-3c1d-4d7a-9e5f-2a6b7c8d9e0f",
    )];
    rs.apply_defaults();
    rs
}

// === Round trips ===

#[test]
fn builder_output_round_trips_through_yaml() {
    let objects: [Object; 4] = [
        echo_minikube().into(),
        kibana().into(),
        busybox().into(),
        echo_replica_set().into(),
    ];
    for object in objects {
        let text = to_yaml([&object]).expect("writes");
        assert_eq!(reload(&text), object, "{text}");
    }
}

#[test]
fn builder_output_round_trips_through_json() {
    let d = echo_minikube();
    let json = serde_json::to_string(&d).expect("serializes");
    let back: Deployment = serde_json::from_str(&json).expect("deserializes");
    assert_eq!(back, d);
}

#[test]
fn a_real_world_deployment_round_trips_byte_for_byte() {
    let object = reload(WEB_DEPLOYMENT);
    assert_eq!(to_yaml([&object]).expect("writes"), WEB_DEPLOYMENT);
    let Object::Deployment(d) = &object else {
        panic!("not a Deployment: {}", object.kind());
    };
    // Typed fields are read as such, opaque ones kept as they were.
    let c = &d.spec.template.spec.containers[0];
    assert_eq!(c.ports[1].name.as_deref(), Some("metrics"));
    assert_eq!(
        c.readiness_probe.as_ref().and_then(|p| p.period_seconds),
        Some(5)
    );
    assert_eq!(
        c.resources.as_ref().map(|r| r["limits"]["memory"].clone()),
        Some(serde_json::json!("512Mi"))
    );
    assert_eq!(
        d.spec.strategy,
        DeploymentStrategy::rolling_update(1, 0),
        "maxSurge/maxUnavailable are IntOrString"
    );
    assert_eq!(d.status.conditions[1].type_, "Progressing");
    // A manifest as the API server stored it is already defaulted and valid.
    let mut defaulted = (**d).clone();
    defaulted.apply_defaults();
    assert_eq!(
        &defaulted, &**d,
        "defaults change nothing on a stored object"
    );
    assert_eq!(d.validate(), Ok(()));
}

#[test]
fn an_unknown_field_is_rejected_with_its_path() {
    let text = yaml(echo_minikube()).replace("    - image:", "    - imagee:");
    assert_ne!(text, yaml(echo_minikube()), "the typo was introduced");
    let err = from_yaml(&text).expect_err("unknown field").to_string();
    assert!(
        err.contains(
            r#"strict decoding error: unknown field "spec.template.spec.containers[0].imagee""#
        ),
        "{err}"
    );
}

#[test]
fn irregular_wire_names_are_kept() {
    let mut pod = busybox();
    pod.spec.host_ipc = Some(true);
    pod.spec.set_hostname_as_fqdn = Some(true);
    pod.status.pod_ip = Some("10.244.0.5".to_owned());
    pod.status.host_ip = Some("192.168.49.2".to_owned());
    pod.status.pod_ips = vec![kubelite::api::pod::PodIP {
        ip: "10.244.0.5".to_owned(),
    }];
    pod.spec.containers[0].ports = vec![ContainerPort {
        host_ip: Some("0.0.0.0".to_owned()),
        ..ContainerPort::new(8080)
    }];
    let json = serde_json::to_value(&pod).expect("serializes");
    for pointer in [
        "/spec/hostIPC",
        "/spec/setHostnameAsFQDN",
        "/status/podIP",
        "/status/hostIP",
        "/status/podIPs/0/ip",
        "/spec/containers/0/ports/0/hostIP",
    ] {
        assert!(json.pointer(pointer).is_some(), "{pointer} in {json}");
    }
    let back: Pod = serde_json::from_value(json).expect("deserializes");
    assert_eq!(back, pod);
}

// === What the builders produce ===

#[test]
fn echo_minikube_yaml() {
    insta::assert_snapshot!(yaml(echo_minikube()));
}

#[test]
fn kibana_yaml() {
    insta::assert_snapshot!(yaml(kibana()));
}

#[test]
fn busybox_pod_yaml() {
    insta::assert_snapshot!(yaml(busybox()));
}

#[test]
fn replica_set_yaml() {
    insta::assert_snapshot!(yaml(echo_replica_set()));
}

#[test]
fn create_deployment_labels_selector_and_template_like_kubectl() {
    let d = echo_minikube();
    let app = Some("echo-minikube");
    assert_eq!(d.metadata.labels.get("app"), app);
    assert_eq!(d.spec.template.metadata.labels.get("app"), app);
    let selector = d.spec.selector.as_ref().expect("selector");
    assert_eq!(selector.match_labels.get("app"), app);
    assert!(selector.match_expressions.is_empty());
    assert_eq!(d.metadata.namespace.as_deref(), Some("default"));

    let custom = Deployment::builder("web")
        .image("nginx")
        .label("tier", "frontend")
        .build()
        .expect("valid");
    assert_eq!(custom.metadata.labels.to_string(), "tier=frontend");
    assert_eq!(
        custom.spec.template.metadata.labels.to_string(),
        "tier=frontend"
    );
    assert_eq!(
        custom
            .spec
            .selector
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("tier=frontend")
    );
}

#[test]
fn repeated_images_make_several_containers_and_port_goes_to_the_first() {
    let d = Deployment::builder("pair")
        .image("nginx:1.27")
        .image("docker.elastic.co/kibana/kibana:7.9.1")
        .port(80)
        .build()
        .expect("valid");
    let containers = &d.spec.template.spec.containers;
    let names: Vec<&str> = containers.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["nginx", "kibana"]);
    assert_eq!(
        containers[0].ports,
        [ContainerPort {
            protocol: Some("TCP".to_owned()),
            ..ContainerPort::new(80)
        }]
    );
    assert!(containers[1].ports.is_empty());
}

#[test]
fn deployment_defaults_are_the_api_servers() {
    let mut d = Deployment::default();
    d.spec
        .template
        .spec
        .containers
        .push(Container::new("web", "nginx:1.27"));
    d.spec.template.spec.containers[0]
        .ports
        .push(ContainerPort::new(80));
    d.apply_defaults();
    let spec = &d.spec;
    assert_eq!(spec.replicas, Some(1));
    assert_eq!(spec.revision_history_limit, Some(10));
    assert_eq!(spec.progress_deadline_seconds, Some(600));
    assert_eq!(
        spec.strategy,
        DeploymentStrategy::rolling_update("25%", "25%")
    );
    let pod = &spec.template.spec;
    assert_eq!(pod.restart_policy.as_deref(), Some("Always"));
    assert_eq!(pod.dns_policy.as_deref(), Some("ClusterFirst"));
    assert_eq!(pod.termination_grace_period_seconds, Some(30));
    assert_eq!(pod.scheduler_name.as_deref(), Some("default-scheduler"));
    assert_eq!(pod.security_context, Some(Box::new(serde_json::json!({}))));
    assert_eq!(
        pod.enable_service_links, None,
        "only Pods get enableServiceLinks"
    );
    let c = &pod.containers[0];
    assert_eq!(c.image_pull_policy.as_deref(), Some("IfNotPresent"));
    assert_eq!(
        c.termination_message_path.as_deref(),
        Some("/dev/termination-log")
    );
    assert_eq!(c.termination_message_policy.as_deref(), Some("File"));
    assert_eq!(c.ports[0].protocol.as_deref(), Some("TCP"));

    let once = d.clone();
    d.apply_defaults();
    assert_eq!(d, once, "defaulting is idempotent");
}

#[test]
fn recreate_gets_no_rolling_update_defaults() {
    let d = Deployment::builder("web")
        .image("nginx")
        .strategy_recreate()
        .build()
        .expect("valid");
    assert_eq!(d.spec.strategy, DeploymentStrategy::recreate());
}

#[test]
fn pod_defaults_include_the_pod_only_ones() {
    let mut pod = Pod::default();
    pod.spec.host_network = Some(true);
    pod.spec.termination_grace_period_seconds = Some(-5);
    let mut c = Container::new("web", "nginx").port(ContainerPort::new(8080));
    c.resources = Some(Box::new(
        serde_json::json!({"limits": {"cpu": "1"}, "requests": {"memory": "1Gi"}}),
    ));
    c.readiness_probe = Some(Probe::http_get("", 8080));
    pod.spec.containers.push(c);
    pod.spec.volumes = Some(Box::new(
        serde_json::json!([{"name": "scratch"}, {"name": "cfg", "configMap": {"name": "cfg"}}]),
    ));
    pod.apply_defaults();

    assert_eq!(pod.spec.enable_service_links, Some(true));
    assert_eq!(
        pod.spec.termination_grace_period_seconds,
        Some(1),
        "negative becomes 1"
    );
    let c = &pod.spec.containers[0];
    assert_eq!(
        c.ports[0].host_port,
        Some(8080),
        "hostNetwork copies containerPort"
    );
    assert_eq!(
        c.resources,
        Some(Box::new(
            serde_json::json!({"limits": {"cpu": "1"}, "requests": {"memory": "1Gi", "cpu": "1"}})
        ))
    );
    let probe = c.readiness_probe.as_ref().expect("probe");
    assert_eq!(
        (
            probe.timeout_seconds,
            probe.period_seconds,
            probe.success_threshold,
            probe.failure_threshold
        ),
        (Some(1), Some(10), Some(1), Some(3))
    );
    assert_eq!(
        probe.http_get,
        Some(Box::new(
            serde_json::json!({"path": "/", "port": 8080, "scheme": "HTTP"})
        ))
    );
    assert_eq!(
        pod.spec.volumes,
        Some(Box::new(serde_json::json!([
            {"name": "scratch", "emptyDir": {}},
            {"name": "cfg", "configMap": {"name": "cfg", "defaultMode": 420}}
        ])))
    );
}

#[test]
fn image_pull_policy_follows_the_tag() {
    for (image, policy) in [
        ("nginx", "Always"),
        ("nginx:latest", "Always"),
        ("yauritux/busybox-curl", "Always"),
        ("k8s.gcr.io/echoserver:1.4", "IfNotPresent"),
        ("kibana:7.6.1", "IfNotPresent"),
        ("localhost:5000/app", "Always"),
        ("localhost:5000/app:v1", "IfNotPresent"),
    ] {
        assert_eq!(default_image_pull_policy(image), policy, "{image}");
    }
}

#[test]
fn container_names_are_derived_like_kubectl() {
    for (image, name) in [
        ("k8s.gcr.io/echoserver:1.4", "echoserver"),
        ("kicbase/echo-server:1.0", "echo-server"),
        ("docker.elastic.co/kibana/kibana:7.9.1", "kibana"),
        ("yauritux/busybox-curl", "busybox-curl"),
        ("nginx@sha256:abcd", "nginx"),
    ] {
        assert_eq!(container_name_from_image(image), name, "{image}");
    }
    let sanitized = container_name_from_image("gcr.io/google_samples/hello_app.v2:1.0");
    assert!(sanitized.starts_with("hello-app-v2-"), "{sanitized}");
    assert_eq!(sanitized.len(), "hello-app-v2-".len() + 5);
    assert_eq!(
        sanitized,
        container_name_from_image("gcr.io/google_samples/hello_app.v2:1.0"),
        "deterministic"
    );
}

#[test]
fn readiness_delay_makes_a_probe_on_the_first_port() {
    let d = Deployment::builder("web")
        .image("nginx")
        .named_port("http", 80)
        .readiness_delay_seconds(7)
        .build()
        .expect("valid");
    let probe = d.spec.template.spec.containers[0]
        .readiness_probe
        .clone()
        .expect("probe");
    assert_eq!(
        probe.tcp_socket,
        Some(Box::new(serde_json::json!({"port": 80})))
    );
    assert_eq!(probe.initial_delay_seconds, Some(7));

    let no_port = Deployment::builder("worker")
        .image("busybox")
        .readiness_delay_seconds(3)
        .build()
        .expect("valid");
    let probe = no_port.spec.template.spec.containers[0]
        .readiness_probe
        .clone()
        .expect("probe");
    assert_eq!(
        probe.exec,
        Some(Box::new(serde_json::json!({"command": ["true"]})))
    );
}

// === Validation ===

fn deployment_with(container: Container) -> Result<Deployment, Invalid> {
    Deployment::builder("web").container(container).build()
}

fn validate_yaml(text: &str) -> Result<(), Invalid> {
    let mut object = reload(text);
    if object.meta().namespace.is_none() {
        object.meta_mut().namespace = Some("default".to_owned());
    }
    object.validate()
}

const NEGATIVE_REPLICAS: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: -1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx
";

const BAD_STRATEGY: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  strategy:
    type: BlueGreen
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx
";

const REPLICA_SET_WITHOUT_SELECTOR: &str = "\
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-1
spec:
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx
";

#[test]
fn invalid_workloads_are_rejected_in_the_api_servers_words() {
    let cases: Vec<(&str, Result<(), Invalid>)> = vec![
        (
            "pod without containers",
            Pod::builder("empty").build().map(drop),
        ),
        (
            "container name not a DNS-1123 label",
            deployment_with(Container::new("Web_1", "nginx")).map(drop),
        ),
        (
            "duplicate container names",
            Deployment::builder("web")
                .container(Container::new("web", "nginx"))
                .container(Container::new("web", "httpd"))
                .build()
                .map(drop),
        ),
        (
            "container without image",
            deployment_with(Container {
                name: "web".to_owned(),
                ..Container::default()
            })
            .map(drop),
        ),
        (
            "container port 0",
            Deployment::builder("web")
                .image("nginx")
                .port(0)
                .build()
                .map(drop),
        ),
        (
            "container port out of range",
            deployment_with(Container::new("web", "nginx").port(ContainerPort {
                container_port: 70000,
                ..ContainerPort::default()
            }))
            .map(drop),
        ),
        (
            "bad port name",
            Deployment::builder("web")
                .image("nginx")
                .named_port("HTTP--port-number", 80)
                .build()
                .map(drop),
        ),
        (
            "duplicate port name and unsupported protocol",
            deployment_with(
                Container::new("web", "nginx")
                    .port(ContainerPort::new(80).named("http"))
                    .port(ContainerPort::new(8080).named("http").protocol("HTTP")),
            )
            .map(drop),
        ),
        (
            "selector does not match template labels",
            Deployment::builder("web")
                .image("nginx")
                .selector(LabelSelector::match_labels([("app", "other")]))
                .build()
                .map(drop),
        ),
        (
            "empty selector",
            Deployment::builder("web")
                .image("nginx")
                .selector(LabelSelector::new())
                .build()
                .map(drop),
        ),
        (
            "label value invalid (so the selector does not convert)",
            Deployment::builder("web")
                .image("nginx")
                .label("app", "-web")
                .build()
                .map(drop),
        ),
        ("negative replicas", validate_yaml(NEGATIVE_REPLICAS)),
        ("unsupported strategy type", validate_yaml(BAD_STRATEGY)),
        (
            "maxSurge and maxUnavailable both 0",
            Deployment::builder("web")
                .image("nginx")
                .rolling_update(0, "0%")
                .build()
                .map(drop),
        ),
        (
            "maxSurge not a percentage, maxUnavailable over 100%",
            Deployment::builder("web")
                .image("nginx")
                .rolling_update("1/4", "150%")
                .build()
                .map(drop),
        ),
        (
            "template restartPolicy not Always",
            Deployment::builder("web")
                .image("nginx")
                .restart_policy("Never")
                .build()
                .map(drop),
        ),
        (
            "pod restartPolicy and dnsPolicy unsupported",
            Pod::builder("web")
                .image("nginx")
                .restart_policy("Sometimes")
                .dns_policy("ClusterLast")
                .build()
                .map(drop),
        ),
        (
            "pod hostname and subdomain not DNS-1123 labels",
            Pod::builder("web")
                .image("nginx")
                .hostname("web.example")
                .subdomain("Web_Sub")
                .build()
                .map(drop),
        ),
        (
            "readiness probe without handler",
            Pod::builder("web")
                .image("nginx")
                .readiness_probe(Probe::default().initial_delay_seconds(-1))
                .build()
                .map(drop),
        ),
        (
            "replicaset without selector",
            validate_yaml(REPLICA_SET_WITHOUT_SELECTOR),
        ),
    ];
    let mut report = String::new();
    for (name, result) in cases {
        let err = match result {
            Ok(()) => panic!("{name}: accepted"),
            Err(e) => e,
        };
        report.push_str(&format!("## {name}\n{err}\n\n"));
    }
    insta::assert_snapshot!(report);
}

#[test]
fn messages_of_single_causes_are_exact() {
    let err = Deployment::builder("web")
        .image("nginx")
        .port(0)
        .build()
        .expect_err("port 0");
    assert_eq!(
        err.to_string(),
        "The Deployment \"web\" is invalid: spec.template.spec.containers[0].ports[0].containerPort: Required value"
    );
    let err = Deployment::builder("web")
        .image("nginx")
        .selector(LabelSelector::new())
        .build()
        .expect_err("empty selector");
    assert_eq!(
        err.to_string(),
        "The Deployment \"web\" is invalid: spec.selector: Invalid value: {}: empty selector is invalid for deployment"
    );
    assert_eq!(
        err.apiserver_message(),
        "Deployment.apps \"web\" is invalid: spec.selector: Invalid value: {}: empty selector is invalid for deployment"
    );
}

#[test]
fn builders_accept_what_the_api_server_accepts() {
    let pod = Pod::builder("dns-test")
        .container(Container::new("main", "busybox:1.36").command(["sleep", "3600"]))
        .hostname("dns-test")
        .subdomain("headless")
        .node_name("minikube")
        .termination_grace_period_seconds(0)
        .build()
        .expect("valid");
    assert_eq!(pod.spec.termination_grace_period_seconds, Some(0));
    let rs = echo_replica_set();
    assert_eq!(rs.validate(), Ok(()));
    let template = PodTemplateSpec::new(PodSpec::with_containers([Container::from_image("nginx")]));
    let rs = ReplicaSet::new("x", 1, LabelSelector::match_labels([("a", "b")]), template);
    assert!(
        rs.validate().is_err(),
        "template lacks the selected label and a namespace"
    );
    assert_eq!(IntOrString::from("25%").to_string(), "25%");
}

// === Wire names, checked against k8s-openapi ===

/// k8s-openapi ignores fields it does not know, so any wire name kubelite misspells is
/// dropped on the way through it and the JSON differs.
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
    use k8s_openapi::api::apps::v1 as apps;
    use k8s_openapi::api::core::v1 as core;
    use kubelite::api::pod::{
        ContainerState, ContainerStateRunning, ContainerStateTerminated, ContainerStatus, HostIP,
        PodCondition, PodIP,
    };
    use kubelite::meta::Time;

    let Object::Deployment(web) = reload(WEB_DEPLOYMENT) else {
        panic!("not a Deployment");
    };
    assert_k8s_openapi_agrees::<apps::Deployment>(&web);
    assert_k8s_openapi_agrees::<apps::Deployment>(&kibana());
    assert_k8s_openapi_agrees::<apps::ReplicaSet>(&echo_replica_set());

    let mut pod = Pod::builder("web")
        .image("nginx")
        .named_port("http", 80)
        .hostname("web")
        .subdomain("headless")
        .host_network(false)
        .build()
        .expect("valid");
    pod.spec.host_ipc = Some(false);
    pod.spec.host_pid = Some(false);
    pod.spec.set_hostname_as_fqdn = Some(false);
    pod.spec.readiness_gates = vec![kubelite::api::pod::PodReadinessGate {
        condition_type: "example.com/gate".to_owned(),
    }];
    pod.spec.containers[0].ports[0].host_ip = Some("127.0.0.1".to_owned());
    pod.spec.containers[0].ports[0].host_port = Some(8080);
    let t = Time::from_unix_seconds(1_714_557_600);
    pod.status.phase = Some("Running".to_owned());
    pod.status.pod_ip = Some("10.244.0.5".to_owned());
    pod.status.pod_ips = vec![PodIP {
        ip: "10.244.0.5".to_owned(),
    }];
    pod.status.host_ip = Some("192.168.49.2".to_owned());
    pod.status.host_ips = vec![HostIP {
        ip: "192.168.49.2".to_owned(),
    }];
    pod.status.qos_class = Some("BestEffort".to_owned());
    pod.status.start_time = Some(t);
    pod.status.conditions = vec![PodCondition {
        last_transition_time: Some(t),
        ..PodCondition::new("Ready", true)
    }];
    pod.status.container_statuses = vec![ContainerStatus {
        container_id: Some("containerd://abc".to_owned()),
        image: "docker.io/library/nginx:latest".to_owned(),
        image_id: "docker.io/library/nginx@sha256:0".to_owned(),
        last_state: Some(ContainerState {
            terminated: Some(ContainerStateTerminated {
                container_id: Some("containerd://old".to_owned()),
                exit_code: 137,
                reason: Some("OOMKilled".to_owned()),
                started_at: Some(t),
                finished_at: Some(t),
                ..ContainerStateTerminated::default()
            }),
            ..ContainerState::default()
        }),
        name: "nginx".to_owned(),
        ready: true,
        restart_count: 1,
        started: Some(true),
        state: Some(ContainerState {
            running: Some(ContainerStateRunning {
                started_at: Some(t),
            }),
            ..ContainerState::default()
        }),
        ..ContainerStatus::default()
    }];
    assert_k8s_openapi_agrees::<core::Pod>(&pod);
}
