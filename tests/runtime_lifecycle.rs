//! Object lifecycles through the public `Cluster` API: cascading deletes, graceful
//! termination, pinned pod IPs, watch streams, scale-down victims, rollouts (RollingUpdate
//! steps, Recreate, history, rollback), multi-node scheduling, presets, `list_json`, field
//! selectors, and sharing one cluster between threads.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use kubelite::api::{
    Deployment, EndpointSlice, Endpoints, Kind, Namespace, Node, Pod, ReplicaSet, Service,
};
use kubelite::cluster::{EventType, Ipv4Cidr, ListOptions, WatchEvent, WatchFilter};
use kubelite::{ApiError, Cluster, ClusterConfig, Error};

const PIN: &str = "kubelite.io/pod-ip";

fn deployment(
    name: &str,
    image: &str,
    replicas: u32,
) -> kubelite::api::deployment::DeploymentBuilder {
    Deployment::builder(name).image(image).replicas(replicas)
}

fn pods(cluster: &Cluster, ns: &str, selector: &str) -> Vec<Pod> {
    cluster.list(Some(ns), selector).expect("list pods")
}

fn names<T: kubelite::api::Resource>(items: &[T]) -> Vec<String> {
    items.iter().map(|i| i.meta().name().to_owned()).collect()
}

fn terminating(p: &Pod) -> bool {
    p.metadata.deletion_timestamp.is_some()
}

fn is_ready(p: &Pod) -> bool {
    p.status
        .conditions
        .iter()
        .any(|c| c.type_ == "Ready" && c.is_true())
}

fn bare_pod(ns: &str, name: &str) -> Pod {
    Pod::builder(name)
        .namespace(ns)
        .label("app", name)
        .image("nginx:1.25")
        .build()
        .expect("pod")
}

fn pinned_pod(name: &str, ip: &str) -> Pod {
    Pod::builder(name)
        .annotation(PIN, ip)
        .image("nginx:1.25")
        .build()
        .expect("pod")
}

fn api(err: Error) -> ApiError {
    match err {
        Error::Api(e) => e,
        other => panic!("expected an API error, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------
// Cascading deletes and graceful termination
// ---------------------------------------------------------------------------------------

#[test]
fn deleting_a_deployment_takes_its_replica_sets_and_pods() {
    let cluster = Cluster::new();
    cluster
        .apply(deployment("web", "nginx:1.25", 3).build().expect("d"))
        .expect("deployment");
    // A second revision so there are two ReplicaSets to collect.
    cluster
        .apply(deployment("web", "nginx:1.26", 3).build().expect("d"))
        .expect("rollout");
    cluster.advance(Duration::from_secs(60));
    assert_eq!(
        cluster
            .list::<ReplicaSet>(Some("default"), "app=web")
            .expect("rs")
            .len(),
        2
    );
    common::apply_web_service(&cluster);
    let before: Vec<String> = names(&pods(&cluster, "default", "app=web"));
    assert_eq!(before.len(), 3);

    cluster
        .delete::<Deployment>("default", "web")
        .expect("delete");
    assert!(matches!(
        cluster.get::<Deployment>("default", "web").map_err(api),
        Err(ApiError::NotFound { .. })
    ));
    assert!(
        cluster
            .list::<ReplicaSet>(Some("default"), "app=web")
            .expect("rs")
            .is_empty()
    );
    // The pods terminate gracefully (30s by default) and are not replaced.
    let now = pods(&cluster, "default", "app=web");
    assert_eq!(names(&now), before);
    assert!(now.iter().all(terminating));
    let slices: Vec<EndpointSlice> = cluster
        .list(Some("default"), "kubernetes.io/service-name=web")
        .expect("slices");
    let conds: Vec<(bool, bool, bool)> = slices
        .iter()
        .flat_map(|s| s.endpoints.iter())
        .map(|e| (e.is_ready(), e.is_serving(), e.is_terminating()))
        .collect();
    assert_eq!(conds, vec![(false, true, true); 3]);
    cluster.advance(Duration::from_secs(29));
    assert_eq!(pods(&cluster, "default", "app=web").len(), 3);
    cluster.advance(Duration::from_secs(1));
    assert!(pods(&cluster, "default", "app=web").is_empty());
    let e: Endpoints = cluster.get("default", "web").expect("endpoints");
    assert!(e.subsets.is_empty());
}

#[test]
fn deleting_a_replica_set_takes_its_pods_and_the_deployment_makes_a_new_one() {
    let cluster = Cluster::new();
    cluster
        .apply(deployment("web", "nginx:1.25", 2).build().expect("d"))
        .expect("deployment");
    let rs = cluster
        .list::<ReplicaSet>(Some("default"), "app=web")
        .expect("rs");
    let rs_name = rs[0].metadata.name().to_owned();
    let old_pods = names(&pods(&cluster, "default", "app=web"));
    cluster
        .delete::<ReplicaSet>("default", &rs_name)
        .expect("delete rs");
    // Same template, same hash: the Deployment controller re-creates the ReplicaSet under
    // the same name, with a new UID and new pods; the old pods are terminating.
    let again = cluster
        .list::<ReplicaSet>(Some("default"), "app=web")
        .expect("rs");
    assert_eq!(names(&again), [rs_name]);
    assert_ne!(again[0].metadata.uid, rs[0].metadata.uid);
    let all = pods(&cluster, "default", "app=web");
    let active: Vec<&Pod> = all.iter().filter(|p| !terminating(p)).collect();
    assert_eq!(active.len(), 2);
    assert!(
        active
            .iter()
            .all(|p| !old_pods.contains(&p.metadata.name().to_owned()))
    );
    for p in all.iter().filter(|p| terminating(p)) {
        assert!(old_pods.contains(&p.metadata.name().to_owned()));
    }
}

#[test]
fn deleting_a_namespace_takes_everything_in_it() {
    let cluster = Cluster::new();
    cluster
        .apply(Namespace::builder("shop").build().expect("ns"))
        .expect("ns");
    cluster
        .apply(
            deployment("cart", "nginx:1.25", 2)
                .namespace("shop")
                .build()
                .expect("d"),
        )
        .expect("deployment");
    cluster.apply(bare_pod("shop", "debug")).expect("bare pod");
    let svc = Service::builder("cart")
        .namespace("shop")
        .selector("app", "cart")
        .node_port(80, 80, 30080)
        .cluster_ip("10.96.0.80")
        .node_port_type()
        .build()
        .expect("svc");
    cluster.apply(svc).expect("svc");
    let policy = "\
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny
  namespace: shop
spec:
  podSelector: {}
";
    cluster.apply_yaml(policy).expect("netpol");
    // Something with the same names elsewhere must survive.
    cluster
        .apply(deployment("cart", "nginx:1.25", 1).build().expect("d"))
        .expect("default/cart");

    let count_in = |ns: &str| {
        Kind::ALL
            .iter()
            .filter(|k| k.namespaced())
            .map(|k| {
                cluster
                    .list_objects(*k, Some(ns), &ListOptions::default())
                    .expect("list")
                    .len()
            })
            .sum::<usize>()
    };
    assert!(count_in("shop") > 8);
    let default_before = count_in("default");

    let deleted = cluster.delete::<Namespace>("", "shop").expect("delete ns");
    assert_eq!(deleted.meta().name(), "shop");
    // Simplification: the namespace and its contents go at once (no Terminating phase, no
    // grace period for its pods).
    assert_eq!(count_in("shop"), 0);
    assert!(cluster.get::<Namespace>("", "shop").is_err());
    assert_eq!(count_in("default"), default_before);
    assert_eq!(pods(&cluster, "default", "app=cart").len(), 1);

    // What the Service held is free again.
    let again = Service::builder("cart2")
        .selector("app", "cart")
        .node_port(80, 80, 30080)
        .cluster_ip("10.96.0.80")
        .node_port_type()
        .build()
        .expect("svc");
    cluster
        .apply(again)
        .expect("nodePort and ClusterIP released");

    // Creating in a namespace that does not exist is NotFound.
    let err = cluster.apply(bare_pod("shop", "late")).unwrap_err();
    assert_eq!(err.to_string(), "namespaces \"shop\" not found");
}

#[test]
fn system_namespaces_may_not_be_deleted() {
    let cluster = Cluster::new();
    let before = cluster.dump_yaml();
    for ns in ["default", "kube-system", "kube-public"] {
        let err = api(cluster.delete::<Namespace>("", ns).unwrap_err());
        assert_eq!(
            err.to_string(),
            format!("namespaces \"{ns}\" is forbidden: this namespace may not be deleted")
        );
        assert_eq!((err.reason(), err.code()), ("Forbidden", 403));
    }
    assert_eq!(cluster.dump_yaml(), before);
    let err = api(cluster.delete::<Namespace>("", "nope").unwrap_err());
    assert_eq!(err.to_string(), "namespaces \"nope\" not found");
}

#[test]
fn pods_terminate_for_their_grace_period_on_the_virtual_clock() {
    let cluster = Cluster::new();
    let pod = Pod::builder("slow")
        .image("nginx:1.25")
        .termination_grace_period_seconds(45)
        .build()
        .expect("pod");
    cluster.apply(pod).expect("pod");
    cluster.advance(Duration::from_secs(100));
    let start = cluster.now().unix_seconds();
    let returned = cluster.delete::<Pod>("default", "slow").expect("delete");
    assert!(returned.meta().deletion_timestamp.is_some());
    let p: Pod = cluster.get("default", "slow").expect("still there");
    assert_eq!(
        p.metadata.deletion_timestamp.map(|t| t.unix_seconds()),
        Some(start + 45)
    );
    assert_eq!(p.metadata.deletion_grace_period_seconds, Some(45));
    assert_eq!(p.status.phase.as_deref(), Some("Running"));

    // Deleting again does not restart the clock.
    cluster.advance(Duration::from_secs(20));
    cluster
        .delete::<Pod>("default", "slow")
        .expect("delete again");
    cluster.advance(Duration::from_secs(24));
    assert!(cluster.get::<Pod>("default", "slow").is_ok(), "44s in");
    cluster.advance(Duration::from_secs(1));
    assert!(cluster.get::<Pod>("default", "slow").is_err(), "45s in");
    assert_eq!(
        cluster
            .delete::<Pod>("default", "slow")
            .unwrap_err()
            .to_string(),
        "pods \"slow\" not found"
    );

    // `--grace-period=0 --force`: at once, also for a pod already terminating.
    cluster.apply(bare_pod("default", "now")).expect("pod");
    cluster
        .delete_object(Kind::Pod, "default", "now", Some(0))
        .expect("force");
    assert!(cluster.get::<Pod>("default", "now").is_err());
    cluster.apply(bare_pod("default", "later")).expect("pod");
    cluster.delete::<Pod>("default", "later").expect("graceful");
    assert!(cluster.get::<Pod>("default", "later").is_ok());
    cluster
        .delete_object(Kind::Pod, "default", "later", Some(0))
        .expect("force");
    assert!(cluster.get::<Pod>("default", "later").is_err());

    // A shorter grace than the pod's own is honoured.
    cluster.apply(bare_pod("default", "short")).expect("pod");
    cluster
        .delete_object(Kind::Pod, "default", "short", Some(5))
        .expect("delete");
    cluster.advance(Duration::from_secs(5));
    assert!(cluster.get::<Pod>("default", "short").is_err());
}

#[test]
fn a_pod_of_the_same_name_after_termination_is_a_new_pod() {
    let cluster = Cluster::new();
    cluster.apply(bare_pod("default", "p")).expect("pod");
    let first: Pod = cluster.get("default", "p").expect("p");
    cluster.delete::<Pod>("default", "p").expect("delete");
    // While it terminates, the name is taken.
    let err = api(cluster.create(bare_pod("default", "p")).unwrap_err());
    assert_eq!(err.to_string(), "pods \"p\" already exists");
    assert_eq!((err.reason(), err.code()), ("AlreadyExists", 409));
    cluster.advance(Duration::from_secs(30));
    cluster.create(bare_pod("default", "p")).expect("recreate");
    let second: Pod = cluster.get("default", "p").expect("p");
    assert_ne!(first.metadata.uid, second.metadata.uid);
    assert_ne!(
        first.status.pod_ip, second.status.pod_ip,
        "IPs are not reused at once"
    );
}

// ---------------------------------------------------------------------------------------
// Pinned pod IPs
// ---------------------------------------------------------------------------------------

#[test]
fn a_pod_ip_can_be_pinned_by_annotation() {
    let cluster = Cluster::new();
    cluster
        .apply(pinned_pod("fixed", "10.244.0.77"))
        .expect("pinned");
    let p: Pod = cluster.get("default", "fixed").expect("pod");
    assert_eq!(p.status.pod_ip.as_deref(), Some("10.244.0.77"));
    assert_eq!(p.status.pod_ips[0].ip, "10.244.0.77");

    let before = cluster.dump_yaml();
    for (name, ip, detail) in [
        (
            "dup",
            "10.244.0.77",
            "address already in use by another pod",
        ),
        ("dns", "10.244.0.2", "address already in use by another pod"),
        ("far", "10.1.2.3", "must be inside the pod CIDR of a node"),
        ("text", "not-an-ip", "must be a valid IPv4 address"),
    ] {
        let err = api(cluster.apply(pinned_pod(name, ip)).unwrap_err());
        assert_eq!(
            err.to_string(),
            format!(
                "The Pod \"{name}\" is invalid: metadata.annotations[kubelite.io/pod-ip]: Invalid value: \"{ip}\": {detail}"
            )
        );
        assert_eq!(err.reason(), "Invalid");
    }
    assert_eq!(
        cluster.dump_yaml(),
        before,
        "refused pods changed the cluster"
    );

    // Freed when the pod is gone.
    cluster
        .delete_object(Kind::Pod, "default", "fixed", Some(0))
        .expect("delete");
    cluster
        .apply(pinned_pod("again", "10.244.0.77"))
        .expect("free again");
}

#[test]
fn sequential_addresses_skip_pinned_ones() {
    let cluster = Cluster::new();
    // CoreDNS holds 10.244.0.2; the next sequential address would be .3.
    cluster.apply(pinned_pod("pin", "10.244.0.3")).expect("pin");
    cluster.apply(bare_pod("default", "a")).expect("a");
    cluster.apply(bare_pod("default", "b")).expect("b");
    let ip = |n: &str| {
        cluster
            .get::<Pod>("default", n)
            .expect("pod")
            .status
            .pod_ip
            .expect("ip")
    };
    assert_eq!(
        (ip("a"), ip("b")),
        ("10.244.0.4".to_owned(), "10.244.0.5".to_owned())
    );
}

#[test]
fn a_pinned_ip_chooses_the_node_whose_cidr_holds_it() {
    let cluster = Cluster::with_config(ClusterConfig::minikube().nodes(3)).expect("cluster");
    cluster
        .apply(pinned_pod("on-m03", "10.244.2.9"))
        .expect("pin");
    let p: Pod = cluster.get("default", "on-m03").expect("pod");
    assert_eq!(p.spec.node_name.as_deref(), Some("minikube-m03"));
    assert_eq!(p.status.pod_ip.as_deref(), Some("10.244.2.9"));
    assert_eq!(p.status.host_ip.as_deref(), Some("192.168.49.4"));

    let wrong = Pod::builder("wrong")
        .annotation(PIN, "10.244.1.5")
        .node_name("minikube")
        .image("nginx:1.25")
        .build()
        .expect("pod");
    let err = cluster.apply(wrong).unwrap_err();
    assert_eq!(
        err.to_string(),
        "The Pod \"wrong\" is invalid: metadata.annotations[kubelite.io/pod-ip]: Invalid value: \"10.244.1.5\": must be inside the pod CIDR of node \"minikube\""
    );
}

// ---------------------------------------------------------------------------------------
// Watch
// ---------------------------------------------------------------------------------------

fn summary(events: &[WatchEvent]) -> Vec<(EventType, &'static str, String)> {
    events
        .iter()
        .map(|e| {
            (
                e.event_type,
                e.object.kind(),
                format!("{}/{}", e.object.meta().namespace(), e.object.meta().name()),
            )
        })
        .collect()
}

#[test]
fn watch_streams_added_modified_deleted_filtered_by_namespace_and_kind() {
    let cluster = Cluster::new();
    for ns in ["a", "b"] {
        cluster
            .apply(Namespace::builder(ns).build().expect("ns"))
            .expect("ns");
    }
    let in_a = cluster.watch(WatchFilter::all().in_namespace("a"));
    let services = cluster.watch(WatchFilter::kind(Kind::Service));
    let namespaces = cluster.watch(WatchFilter::kind(Kind::Namespace));
    let everything = cluster.watch(WatchFilter::all());

    cluster.apply(bare_pod("a", "p")).expect("a/p");
    cluster.apply(bare_pod("b", "q")).expect("b/q");
    let mut p: Pod = cluster.get("a", "p").expect("p");
    p.metadata.labels.insert("tier", "web");
    cluster.apply(p).expect("relabel");
    // An identical apply changes nothing and sends nothing.
    let p: Pod = cluster.get("a", "p").expect("p");
    cluster.apply(p).expect("no-op");
    // A refused request sends nothing.
    assert!(cluster.apply(bare_pod("missing", "x")).is_err());
    cluster
        .delete_object(Kind::Pod, "a", "p", Some(0))
        .expect("delete");

    let events = in_a.drain();
    assert_eq!(
        summary(&events),
        [
            (EventType::Added, "Pod", "a/p".to_owned()),
            (EventType::Modified, "Pod", "a/p".to_owned()),
            (EventType::Modified, "Pod", "a/p".to_owned()),
            (EventType::Deleted, "Pod", "a/p".to_owned()),
        ]
    );
    // Added: scheduled, not yet started; then the kubelet's update; the Deleted event
    // carries the last state.
    let phase = |e: &WatchEvent| match &e.object {
        kubelite::Object::Pod(p) => p.status.phase.clone(),
        _ => None,
    };
    assert_eq!(phase(&events[0]).as_deref(), Some("Pending"));
    assert_eq!(phase(&events[1]).as_deref(), Some("Running"));
    assert_eq!(events[3].object.meta().labels.get("tier"), Some("web"));
    // Resource versions grow along the stream.
    let rvs: Vec<u64> = events
        .iter()
        .map(|e| {
            e.object
                .meta()
                .resource_version
                .as_deref()
                .expect("rv")
                .parse()
                .expect("number")
        })
        .collect();
    assert!(rvs.windows(2).all(|w| w[0] < w[1]), "{rvs:?}");
    assert!(in_a.drain().is_empty(), "drained");

    assert!(services.drain().is_empty(), "no Service changed");
    assert!(
        namespaces.drain().is_empty(),
        "namespaces were created before the watch"
    );
    let all = everything.drain();
    assert!(all.iter().any(|e| e.object.meta().namespace() == "b"));
    assert!(all.len() > events.len());

    // Services in any namespace, nothing else.
    cluster
        .apply(
            Service::builder("s")
                .namespace("b")
                .selector("app", "q")
                .port(80)
                .build()
                .expect("svc"),
        )
        .expect("svc");
    cluster.delete::<Service>("b", "s").expect("delete");
    assert_eq!(
        summary(&services.drain()),
        [
            (EventType::Added, "Service", "b/s".to_owned()),
            (EventType::Deleted, "Service", "b/s".to_owned()),
        ]
    );
    // The Service's slice and Endpoints came and went in the unfiltered stream.
    let kinds: BTreeSet<&str> = everything.drain().iter().map(|e| e.object.kind()).collect();
    assert_eq!(
        kinds,
        BTreeSet::from(["Service", "Endpoints", "EndpointSlice"])
    );

    // Namespace deletion is one Deleted event per object.
    let in_b = cluster.watch(WatchFilter::all().in_namespace("b"));
    cluster.delete::<Namespace>("", "b").expect("delete ns");
    assert_eq!(
        summary(&in_b.drain()),
        [(EventType::Deleted, "Pod", "b/q".to_owned())]
    );
    assert_eq!(
        summary(&namespaces.drain()),
        [(EventType::Deleted, "Namespace", "/b".to_owned())]
    );
}

#[test]
fn watch_sees_graceful_termination_as_modified_then_deleted() {
    let cluster = Cluster::new();
    cluster.apply(bare_pod("default", "p")).expect("p");
    let watch = cluster.watch(WatchFilter::kind(Kind::Pod));
    cluster.delete::<Pod>("default", "p").expect("delete");
    let first = watch.drain();
    assert_eq!(
        summary(&first),
        [(EventType::Modified, "Pod", "default/p".to_owned())]
    );
    assert!(first[0].object.meta().deletion_timestamp.is_some());
    cluster.advance(Duration::from_secs(30));
    assert_eq!(
        summary(&watch.drain()),
        [(EventType::Deleted, "Pod", "default/p".to_owned())]
    );
}

// ---------------------------------------------------------------------------------------
// ReplicaSet victims and Deployment rollouts
// ---------------------------------------------------------------------------------------

fn active_pods(cluster: &Cluster, selector: &str) -> Vec<Pod> {
    pods(cluster, "default", selector)
        .into_iter()
        .filter(|p| !terminating(p))
        .collect()
}

#[test]
fn scale_down_removes_not_ready_then_cheap_then_newest_pods_first() {
    let cluster = Cluster::new();
    cluster
        .apply(deployment("web", "nginx:1.25", 3).build().expect("d"))
        .expect("deployment");
    let three = names(&active_pods(&cluster, "app=web"));
    assert_eq!(three.len(), 3);

    // Not ready goes first, whatever its name or age.
    let unready = three[1].clone();
    cluster
        .set_pod_ready(&format!("default/{unready}"), false)
        .expect("flip");
    cluster.scale("default", "web", 2).expect("scale");
    let gone: Vec<String> = pods(&cluster, "default", "app=web")
        .iter()
        .filter(|p| terminating(p))
        .map(|p| p.metadata.name().to_owned())
        .collect();
    assert_eq!(gone, [unready]);
    cluster.advance(Duration::from_secs(30));

    // Then the lower pod-deletion-cost.
    let two = names(&active_pods(&cluster, "app=web"));
    let mut cheap: Pod = cluster.get("default", &two[1]).expect("pod");
    cheap.metadata.annotations.insert(
        "controller.kubernetes.io/pod-deletion-cost".into(),
        "-10".into(),
    );
    cluster.apply(cheap).expect("annotate");
    cluster.scale("default", "web", 1).expect("scale");
    let left = names(&active_pods(&cluster, "app=web"));
    assert_eq!(left, [two[0].clone()]);
    cluster.advance(Duration::from_secs(30));

    // Then the pod that has been ready for the shortest time.
    cluster.scale("default", "web", 2).expect("scale up");
    cluster.advance(Duration::from_secs(10));
    cluster.scale("default", "web", 3).expect("scale up");
    let all = names(&active_pods(&cluster, "app=web"));
    let newest: Vec<&String> = all.iter().filter(|n| !left.contains(n)).collect();
    assert_eq!(newest.len(), 2);
    let youngest = {
        let ps = active_pods(&cluster, "app=web");
        ps.iter()
            .max_by_key(|p| p.metadata.creation_timestamp)
            .map(|p| p.metadata.name().to_owned())
            .expect("a pod")
    };
    cluster.scale("default", "web", 2).expect("scale down");
    let terminating_now: Vec<String> = pods(&cluster, "default", "app=web")
        .iter()
        .filter(|p| terminating(p))
        .map(|p| p.metadata.name().to_owned())
        .collect();
    assert_eq!(terminating_now, [youngest]);
    // Scaling never touches the ReplicaSet name.
    assert_eq!(
        cluster
            .list::<ReplicaSet>(Some("default"), "app=web")
            .expect("rs")
            .len(),
        1
    );
}

/// (old RS replicas, new RS replicas, active old pods, active new pods, ready active pods).
fn rollout_state(cluster: &Cluster, old_rs: &str) -> (i32, i32, usize, usize, usize) {
    let rss = cluster
        .list::<ReplicaSet>(Some("default"), "app=web")
        .expect("rs");
    let old = rss
        .iter()
        .find(|r| r.metadata.name() == old_rs)
        .expect("old RS kept");
    let new = rss
        .iter()
        .find(|r| r.metadata.name() != old_rs)
        .expect("new RS");
    let hash = |rs: &ReplicaSet| {
        rs.metadata
            .labels
            .get("pod-template-hash")
            .map(str::to_owned)
    };
    let active = active_pods(cluster, "app=web");
    let count = |h: &Option<String>| {
        active
            .iter()
            .filter(|p| {
                p.metadata
                    .labels
                    .get("pod-template-hash")
                    .map(str::to_owned)
                    == *h
            })
            .count()
    };
    (
        old.spec.replicas.expect("replicas"),
        new.spec.replicas.expect("replicas"),
        count(&hash(old)),
        count(&hash(new)),
        active.iter().filter(|p| is_ready(p)).count(),
    )
}

fn rolling(surge: i32, unavailable: i32, image: &str) -> Deployment {
    deployment("web", image, 4)
        .rolling_update(surge, unavailable)
        .readiness_delay_seconds(10)
        .build()
        .expect("d")
}

fn start_rollout(cluster: &Cluster, surge: i32, unavailable: i32) -> String {
    cluster
        .apply(rolling(surge, unavailable, "nginx:1.25"))
        .expect("v1");
    cluster.advance(Duration::from_secs(10));
    let rss = cluster
        .list::<ReplicaSet>(Some("default"), "app=web")
        .expect("rs");
    assert_eq!(rss.len(), 1);
    assert_eq!(
        active_pods(cluster, "app=web")
            .iter()
            .filter(|p| is_ready(p))
            .count(),
        4
    );
    let old = rss[0].metadata.name().to_owned();
    cluster
        .apply(rolling(surge, unavailable, "nginx:1.26"))
        .expect("v2");
    old
}

#[test]
fn rolling_update_with_max_surge_steps_up_before_down() {
    let cluster = Cluster::new();
    let old = start_rollout(&cluster, 1, 0);
    let mut seen = vec![rollout_state(&cluster, &old)];
    for _ in 0..4 {
        cluster.advance(Duration::from_secs(10));
        seen.push(rollout_state(&cluster, &old));
    }
    assert_eq!(
        seen,
        [
            // One surge pod, not ready yet: nothing old may go (maxUnavailable 0).
            (4, 1, 4, 1, 4),
            (3, 2, 3, 2, 4),
            (2, 3, 2, 3, 4),
            (1, 4, 1, 4, 4),
            (0, 4, 0, 4, 4),
        ]
    );
    let d: Deployment = cluster.get("default", "web").expect("d");
    assert_eq!(d.status.updated_replicas, Some(4));
    assert_eq!(d.status.available_replicas, Some(4));
    let progressing = d
        .status
        .conditions
        .iter()
        .find(|c| c.type_ == "Progressing")
        .expect("Progressing");
    assert_eq!(
        progressing.reason.as_deref(),
        Some("NewReplicaSetAvailable")
    );
}

#[test]
fn rolling_update_with_max_unavailable_steps_down_before_up() {
    let cluster = Cluster::new();
    let old = start_rollout(&cluster, 0, 1);
    let mut seen = vec![rollout_state(&cluster, &old)];
    for _ in 0..4 {
        cluster.advance(Duration::from_secs(10));
        seen.push(rollout_state(&cluster, &old));
    }
    assert_eq!(
        seen,
        [
            // No surge: one old pod goes first, its replacement is not ready yet.
            (3, 1, 3, 1, 3),
            (2, 2, 2, 2, 3),
            (1, 3, 1, 3, 3),
            (0, 4, 0, 4, 3),
            (0, 4, 0, 4, 4),
        ]
    );
}

#[test]
fn recreate_removes_every_old_pod_before_creating_new_ones() {
    let cluster = Cluster::new();
    let d = |image: &str| {
        deployment("web", image, 3)
            .strategy_recreate()
            .build()
            .expect("d")
    };
    cluster.apply(d("nginx:1.25")).expect("v1");
    let old = names(&pods(&cluster, "default", "app=web"));
    let watch = cluster.watch(WatchFilter::kind(Kind::Pod).in_namespace("default"));
    cluster.apply(d("nginx:1.26")).expect("v2");
    let now = pods(&cluster, "default", "app=web");
    assert_eq!(names(&now), old);
    assert!(now.iter().all(terminating));
    cluster.advance(Duration::from_secs(29));
    assert_eq!(names(&pods(&cluster, "default", "app=web")), old);
    cluster.advance(Duration::from_secs(1));
    let new = pods(&cluster, "default", "app=web");
    assert_eq!(new.len(), 3);
    assert!(
        new.iter()
            .all(|p| !old.contains(&p.metadata.name().to_owned()))
    );
    assert!(new.iter().all(|p| !terminating(p)));
    // In the event stream, the last old pod is deleted before the first new one is added.
    let events = watch.drain();
    let last_deleted = events
        .iter()
        .rposition(|e| e.event_type == EventType::Deleted)
        .expect("deletions");
    let first_added = events
        .iter()
        .position(|e| e.event_type == EventType::Added)
        .expect("additions");
    assert!(last_deleted < first_added);
}

#[test]
fn revision_history_limit_keeps_the_newest_old_replica_sets() {
    let cluster = Cluster::new();
    let mut rs_by_image = BTreeMap::new();
    for v in 1..=5 {
        let image = format!("nginx:1.2{v}");
        cluster
            .apply(
                deployment("web", &image, 1)
                    .revision_history_limit(2)
                    .build()
                    .expect("d"),
            )
            .expect("rollout");
        cluster.advance(Duration::from_secs(31));
        let rss = cluster
            .list::<ReplicaSet>(Some("default"), "app=web")
            .expect("rs");
        let current = rss
            .iter()
            .find(|r| r.spec.replicas == Some(1))
            .expect("current RS");
        rs_by_image.insert(v, current.metadata.name().to_owned());
    }
    let mut left = names(
        &cluster
            .list::<ReplicaSet>(Some("default"), "app=web")
            .expect("rs"),
    );
    left.sort();
    let mut want = vec![
        rs_by_image[&3].clone(),
        rs_by_image[&4].clone(),
        rs_by_image[&5].clone(),
    ];
    want.sort();
    assert_eq!(left, want);
    let revisions: BTreeMap<String, String> = cluster
        .list::<ReplicaSet>(Some("default"), "app=web")
        .expect("rs")
        .into_iter()
        .map(|r| {
            (
                r.metadata.name().to_owned(),
                r.metadata.annotations["deployment.kubernetes.io/revision"].clone(),
            )
        })
        .collect();
    assert_eq!(revisions[&rs_by_image[&5]], "5");
    assert_eq!(revisions[&rs_by_image[&3]], "3");

    // Limit 0: no history at all.
    cluster
        .apply(
            deployment("web", "nginx:1.30", 1)
                .revision_history_limit(0)
                .build()
                .expect("d"),
        )
        .expect("rollout");
    cluster.advance(Duration::from_secs(31));
    assert_eq!(
        cluster
            .list::<ReplicaSet>(Some("default"), "app=web")
            .expect("rs")
            .len(),
        1
    );
}

#[test]
fn rolling_back_to_an_identical_template_reuses_the_old_replica_set() {
    let cluster = Cluster::new();
    cluster
        .apply(deployment("web", "nginx:1.25", 2).build().expect("d"))
        .expect("v1");
    let first_rs = names(
        &cluster
            .list::<ReplicaSet>(Some("default"), "app=web")
            .expect("rs"),
    );
    let first_pods = names(&pods(&cluster, "default", "app=web"));
    cluster
        .apply(deployment("web", "nginx:1.26", 2).build().expect("d"))
        .expect("v2");
    cluster.advance(Duration::from_secs(31));
    cluster
        .apply(deployment("web", "nginx:1.25", 2).build().expect("d"))
        .expect("back to v1");
    cluster.advance(Duration::from_secs(31));
    let rss = cluster
        .list::<ReplicaSet>(Some("default"), "app=web")
        .expect("rs");
    assert_eq!(rss.len(), 2, "no third ReplicaSet");
    let current = rss
        .iter()
        .find(|r| r.spec.replicas == Some(2))
        .expect("current");
    assert_eq!(current.metadata.name(), first_rs[0]);
    assert_eq!(
        current.metadata.annotations["deployment.kubernetes.io/revision"],
        "3"
    );
    let now = pods(&cluster, "default", "app=web");
    assert_eq!(now.len(), 2);
    assert!(
        now.iter()
            .all(|p| p.metadata.name().starts_with(&format!("{}-", first_rs[0])))
    );
    assert!(
        now.iter()
            .all(|p| !first_pods.contains(&p.metadata.name().to_owned()))
    );
}

#[test]
fn a_deleted_pod_of_a_deployment_is_replaced() {
    let cluster = Cluster::new();
    cluster
        .apply(deployment("web", "nginx:1.25", 2).build().expect("d"))
        .expect("d");
    let before = pods(&cluster, "default", "app=web");
    cluster
        .delete_object(Kind::Pod, "default", before[0].metadata.name(), Some(0))
        .expect("delete");
    let after = pods(&cluster, "default", "app=web");
    assert_eq!(after.len(), 2);
    assert!(
        after
            .iter()
            .any(|p| p.metadata.name() == before[1].metadata.name())
    );
    let fresh = after
        .iter()
        .find(|p| p.metadata.name() != before[1].metadata.name())
        .expect("replacement");
    assert_ne!(fresh.metadata.name(), before[0].metadata.name());
    assert_ne!(fresh.status.pod_ip, before[0].status.pod_ip);
}

// ---------------------------------------------------------------------------------------
// Nodes and presets
// ---------------------------------------------------------------------------------------

#[test]
fn multi_node_scheduling_spreads_pods_over_per_node_subnets() {
    let cluster = Cluster::with_config(ClusterConfig::minikube().nodes(3)).expect("cluster");
    let nodes: Vec<Node> = cluster.list(None, "").expect("nodes");
    let expected = [
        ("minikube", "192.168.49.2", "10.244.0.0/24"),
        ("minikube-m02", "192.168.49.3", "10.244.1.0/24"),
        ("minikube-m03", "192.168.49.4", "10.244.2.0/24"),
    ];
    let got: Vec<(String, String, String)> = nodes
        .iter()
        .map(|n| {
            let ip = n
                .status
                .as_ref()
                .and_then(|s| s.addresses.iter().find(|a| a.type_ == "InternalIP"))
                .map(|a| a.address.clone())
                .expect("InternalIP");
            let cidr = n
                .spec
                .as_ref()
                .and_then(|s| s.pod_cidr.clone())
                .expect("podCIDR");
            (n.metadata.name().to_owned(), ip, cidr)
        })
        .collect();
    assert_eq!(
        got,
        expected
            .iter()
            .map(|(a, b, c)| ((*a).to_owned(), (*b).to_owned(), (*c).to_owned()))
            .collect::<Vec<_>>()
    );

    cluster
        .apply(deployment("web", "nginx:1.25", 6).build().expect("d"))
        .expect("d");
    let mut per_node: BTreeMap<String, usize> = BTreeMap::new();
    let mut ips = BTreeSet::new();
    for p in pods(&cluster, "default", "app=web") {
        let node = p.spec.node_name.clone().expect("scheduled");
        let (_, host, cidr) = expected
            .iter()
            .find(|(n, _, _)| *n == node)
            .expect("a known node");
        let cidr: Ipv4Cidr = cidr.parse().expect("cidr");
        let ip = p.status.pod_ip.clone().expect("ip");
        assert!(cidr.contains(ip.parse().expect("ip")), "{ip} not in {cidr}");
        assert_eq!(p.status.host_ip.as_deref(), Some(*host));
        assert!(ips.insert(ip));
        *per_node.entry(node).or_default() += 1;
    }
    assert_eq!(
        per_node,
        BTreeMap::from([
            ("minikube".to_owned(), 2),
            ("minikube-m02".to_owned(), 2),
            ("minikube-m03".to_owned(), 2)
        ])
    );
    // Node field selector: the pods of one node.
    let on_m02 = cluster
        .list_objects(
            Kind::Pod,
            None,
            &ListOptions::labels("").fields("spec.nodeName=minikube-m02"),
        )
        .expect("list");
    assert_eq!(on_m02.len(), 2);
}

#[test]
fn kind_preset_names_its_nodes_like_kind() {
    let cluster = Cluster::with_config(ClusterConfig::kind().nodes(3)).expect("cluster");
    let list = cluster.list_json("no", None, "").expect("nodes");
    let names: Vec<&str> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|n| n["metadata"]["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["kind-control-plane", "kind-worker", "kind-worker2"]);
    let ips: Vec<&str> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|n| {
            n["status"]["addresses"]
                .as_array()
                .expect("addresses")
                .iter()
                .find(|a| a["type"] == "InternalIP")
                .and_then(|a| a["address"].as_str())
                .expect("InternalIP")
        })
        .collect();
    assert_eq!(ips, ["172.18.0.2", "172.18.0.3", "172.18.0.4"]);
    let coredns: Vec<Pod> = cluster
        .list(Some("kube-system"), "k8s-app=kube-dns")
        .expect("coredns");
    assert_eq!(
        coredns[0].spec.node_name.as_deref(),
        Some("kind-control-plane")
    );
    // Simplification: the control plane carries no NoSchedule taint, so workloads may land
    // there too (least loaded first: the workers, then the control plane).
    cluster
        .apply(deployment("web", "nginx:1.25", 3).build().expect("d"))
        .expect("d");
    let mut nodes: Vec<String> = pods(&cluster, "default", "app=web")
        .iter()
        .map(|p| p.spec.node_name.clone().expect("node"))
        .collect();
    nodes.sort();
    assert_eq!(nodes, ["kind-control-plane", "kind-worker", "kind-worker2"]);
}

// ---------------------------------------------------------------------------------------
// list_json and field selectors
// ---------------------------------------------------------------------------------------

#[test]
fn list_json_takes_every_resource_name_and_short_name() {
    let cluster = Cluster::new();
    cluster
        .apply(deployment("web", "nginx:1.25", 2).build().expect("d"))
        .expect("d");
    common::apply_web_service(&cluster);
    cluster
        .apply_yaml(
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\nspec:\n  podSelector: {}\n",
        )
        .expect("netpol");
    let cases: &[(&[&str], &str, Option<&str>, usize)] = &[
        (
            &["pods", "pod", "po", "Pods", "pods.v1"],
            "Pod",
            Some("default"),
            2,
        ),
        (
            &["services", "service", "svc"],
            "Service",
            Some("default"),
            2,
        ),
        (&["endpoints", "ep"], "Endpoints", Some("default"), 2),
        (
            &[
                "endpointslices",
                "endpointslice",
                "endpointslices.discovery.k8s.io",
            ],
            "EndpointSlice",
            Some("default"),
            2,
        ),
        (
            &["deployments", "deployment", "deploy", "deployments.apps"],
            "Deployment",
            Some("default"),
            1,
        ),
        (
            &["replicasets", "replicaset", "rs"],
            "ReplicaSet",
            Some("default"),
            1,
        ),
        (&["namespaces", "namespace", "ns"], "Namespace", None, 4),
        (&["nodes", "node", "no"], "Node", None, 1),
        (
            &["networkpolicies", "networkpolicy", "netpol"],
            "NetworkPolicy",
            Some("default"),
            1,
        ),
    ];
    for (resources, kind, ns, count) in cases {
        for resource in *resources {
            let list = cluster.list_json(resource, *ns, "").expect(resource);
            assert_eq!(list["kind"], "List", "{resource}");
            assert_eq!(list["apiVersion"], "v1", "{resource}");
            let items = list["items"].as_array().expect("items");
            assert_eq!(items.len(), *count, "{resource}");
            for item in items {
                assert_eq!(item["kind"], *kind, "{resource}");
                assert!(item["apiVersion"].is_string());
                assert!(item["metadata"]["name"].is_string());
            }
        }
    }
    // All namespaces, and a label selector.
    let all_pods = cluster.list_json("po", None, "").expect("pods");
    assert_eq!(all_pods["items"].as_array().expect("items").len(), 3);
    let labelled = cluster
        .list_json("svc", None, "k8s-app=kube-dns")
        .expect("svc");
    assert_eq!(labelled["items"][0]["metadata"]["name"], "kube-dns");
    // Items in `kubectl get` order: namespace, then name.
    let svcs = cluster.list_json("svc", None, "").expect("svc");
    let order: Vec<String> = svcs["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            format!(
                "{}/{}",
                i["metadata"]["namespace"].as_str().expect("ns"),
                i["metadata"]["name"].as_str().expect("name")
            )
        })
        .collect();
    assert_eq!(
        order,
        ["default/kubernetes", "default/web", "kube-system/kube-dns"]
    );

    let err = cluster.list_json("widgets", None, "").unwrap_err();
    assert_eq!(
        err.to_string(),
        "the server doesn't have a resource type \"widgets\""
    );
    assert!(cluster.list_json("pods", None, "app in (").is_err());
}

#[test]
fn field_selectors_filter_lists() {
    let cluster = Cluster::new();
    cluster.apply(bare_pod("default", "a")).expect("a");
    cluster.apply(bare_pod("default", "b")).expect("b");
    cluster.delete::<Pod>("default", "b").expect("terminate b");
    let list = |kind: Kind, ns: Option<&str>, fields: &str| -> Vec<String> {
        cluster
            .list_objects(kind, ns, &ListOptions::labels("").fields(fields))
            .expect("list")
            .iter()
            .map(|o| o.meta().name().to_owned())
            .collect()
    };
    assert_eq!(list(Kind::Pod, Some("default"), "metadata.name=a"), ["a"]);
    assert_eq!(list(Kind::Pod, Some("default"), "metadata.name==a"), ["a"]);
    assert_eq!(list(Kind::Pod, Some("default"), "metadata.name!=a"), ["b"]);
    assert_eq!(
        list(
            Kind::Pod,
            None,
            "status.phase=Running,metadata.namespace=kube-system"
        )
        .len(),
        1
    );
    assert_eq!(
        list(Kind::Pod, Some("default"), "status.phase=Pending"),
        Vec::<String>::new()
    );
    assert_eq!(
        list(Kind::Pod, Some("default"), "status.phase=Running"),
        ["a", "b"]
    );
    assert_eq!(
        list(Kind::Pod, Some("default"), "spec.nodeName=minikube"),
        ["a", "b"]
    );
    assert_eq!(
        list(Kind::Pod, Some("default"), "spec.nodeName=other"),
        Vec::<String>::new()
    );
    assert_eq!(
        list(Kind::Namespace, None, "metadata.name=default"),
        ["default"]
    );
    assert_eq!(list(Kind::Namespace, None, "status.phase=Active").len(), 4);
    assert_eq!(
        list(Kind::Service, None, "spec.clusterIP=10.96.0.10"),
        ["kube-dns"]
    );
    // A label selector and a field selector together.
    let both = cluster
        .list_objects(
            Kind::Pod,
            Some("default"),
            &ListOptions::labels("app=a").fields("status.phase=Running"),
        )
        .expect("list");
    assert_eq!(both.len(), 1);

    let err = api(cluster
        .list_objects(
            Kind::Pod,
            None,
            &ListOptions::labels("").fields("spec.foo=bar"),
        )
        .unwrap_err());
    assert_eq!(err.to_string(), "field label not supported: spec.foo");
    assert_eq!((err.reason(), err.code()), ("BadRequest", 400));
    // Each kind has its own fields: status.phase is a Pod field, not a Service one.
    let err = api(cluster
        .list_objects(
            Kind::Service,
            None,
            &ListOptions::labels("").fields("status.phase=Running"),
        )
        .unwrap_err());
    assert_eq!(err.to_string(), "field label not supported: status.phase");
}

// ---------------------------------------------------------------------------------------
// Threads
// ---------------------------------------------------------------------------------------

#[test]
fn one_cluster_is_shared_by_reader_threads_and_a_writer() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Cluster>();

    let cluster = Arc::new(Cluster::new());
    cluster
        .apply(deployment("web", "nginx:1.25", 1).build().expect("d"))
        .expect("d");
    common::apply_web_service(&cluster);
    let watch = cluster.watch(WatchFilter::kind(Kind::Deployment));
    let writer = {
        let cluster = Arc::clone(&cluster);
        std::thread::spawn(move || {
            for replicas in [5, 2, 8, 0, 3, 7, 4] {
                cluster.scale("default", "web", replicas).expect("scale");
                cluster.advance(Duration::from_secs(31));
            }
        })
    };
    let readers: Vec<_> = (0..3)
        .map(|_| {
            let cluster = Arc::clone(&cluster);
            std::thread::spawn(move || {
                let mut reads = 0;
                for _ in 0..200 {
                    // Each read is one consistent snapshot: every listed pod has its own IP.
                    let ps: Vec<Pod> = cluster.list(Some("default"), "app=web").expect("list");
                    let ips: BTreeSet<String> =
                        ps.iter().filter_map(|p| p.status.pod_ip.clone()).collect();
                    assert_eq!(ips.len(), ps.len());
                    let json = cluster.list_json("endpointslices", Some("default"), "");
                    assert!(json.is_ok());
                    reads += 1;
                }
                reads
            })
        })
        .collect();
    writer.join().expect("writer");
    for r in readers {
        assert_eq!(r.join().expect("reader"), 200);
    }
    // The last scale wins; the endpoints follow it.
    let ps = active_pods(&cluster, "app=web");
    assert_eq!(ps.len(), 4);
    let slices: Vec<EndpointSlice> = cluster
        .list(Some("default"), "kubernetes.io/service-name=web")
        .expect("slices");
    let ready: usize = slices
        .iter()
        .flat_map(|s| s.endpoints.iter())
        .filter(|e| e.is_ready())
        .count();
    assert_eq!(ready, 4);
    // The watch, read from this thread, saw the writer's seven scale requests.
    let replicas: Vec<i32> = std::iter::from_fn(|| watch.next_timeout(Duration::from_millis(50)))
        .filter_map(|e| match e.object {
            kubelite::Object::Deployment(d) if e.event_type == EventType::Modified => {
                d.spec.replicas
            }
            _ => None,
        })
        .collect::<Vec<_>>()
        .windows(2)
        .filter(|w| w[0] != w[1])
        .map(|w| w[1])
        .collect();
    assert_eq!(replicas, [2, 8, 0, 3, 7, 4]);
}

#[test]
fn a_readiness_delay_belongs_to_one_pod_not_to_its_name() {
    let cluster = Cluster::new();
    let slow = || {
        Pod::builder("p")
            .image("nginx:1.25")
            .readiness_probe(kubelite::api::pod::Probe::exec(["true"]).initial_delay_seconds(10))
            .build()
            .expect("pod")
    };
    cluster.apply(slow()).expect("first");
    cluster
        .delete_object(Kind::Pod, "default", "p", Some(0))
        .expect("force delete");
    cluster.advance(Duration::from_secs(5));
    cluster.apply(slow()).expect("second, same name");
    // The first pod's probe would have passed at 10s; the second one's passes at 15s.
    cluster.advance(Duration::from_secs(5));
    let p: Pod = cluster.get("default", "p").expect("p");
    assert!(
        !is_ready(&p),
        "ready at 10s: the deleted pod's timer fired for it"
    );
    cluster.advance(Duration::from_secs(5));
    let p: Pod = cluster.get("default", "p").expect("p");
    assert!(is_ready(&p), "ready at 15s");
}

#[test]
fn a_stale_resource_version_conflicts() {
    let cluster = Cluster::new();
    cluster.apply(bare_pod("default", "p")).expect("p");
    let stale: Pod = cluster.get("default", "p").expect("p");
    let mut fresh = stale.clone();
    fresh.metadata.labels.insert("v", "1");
    cluster
        .replace(fresh)
        .expect("replace at the current version");
    let mut late = stale;
    late.metadata.labels.insert("v", "2");
    let before = cluster.dump_yaml();
    let err = api(cluster.replace(late).unwrap_err());
    assert_eq!(
        err.to_string(),
        "Operation cannot be fulfilled on pods \"p\": the object has been modified; please apply your changes to the latest version and try again"
    );
    assert_eq!((err.reason(), err.code()), ("Conflict", 409));
    assert_eq!(cluster.dump_yaml(), before);
    let err = api(cluster.replace(bare_pod("default", "nope")).unwrap_err());
    assert_eq!(err.to_string(), "pods \"nope\" not found");
}
