//! k8s-openapi interop (feature `k8s-openapi`) and the wire-conformance test: every object
//! kind kubelite models, and every exported object, goes through the k8s-openapi types and
//! back to identical JSON. A field kubelite spelled differently from Kubernetes (`clusterIp`
//! for `clusterIP`) would be unknown to k8s-openapi and dropped, and the JSON would differ.

#[path = "common/tutorial.rs"]
mod tutorial;

use k8s_openapi::api::{apps, core, discovery, networking};
use kubelite::api::{
    Deployment, EndpointSlice, Endpoints, Kind, Namespace, NetworkPolicy, Node, Pod, ReplicaSet,
    Resource, Service,
};
use kubelite::{Cluster, Object};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// kubelite → k8s-openapi → JSON is kubelite's JSON, and k8s-openapi → kubelite is the
/// same object.
fn round_trip<K, T>(object: &K)
where
    K: Resource + TryFrom<T, Error = kubelite::interop::ConversionError>,
    T: Serialize + DeserializeOwned + for<'a> From<&'a K>,
{
    let ours = serde_json::to_value(object).expect("kubelite serializes");
    let theirs = T::from(object);
    assert_eq!(
        serde_json::to_value(&theirs).expect("k8s-openapi serializes"),
        ours,
        "{} {:?} changed going through k8s-openapi",
        K::KIND,
        object.meta().name()
    );
    let back = K::try_from(theirs).expect("k8s-openapi's object loads back");
    assert_eq!(&back, object);
}

fn round_trip_object(object: &Object) {
    match object {
        Object::Namespace(o) => round_trip::<Namespace, core::v1::Namespace>(o),
        Object::Node(o) => round_trip::<Node, core::v1::Node>(o),
        Object::Pod(o) => round_trip::<Pod, core::v1::Pod>(o),
        Object::Deployment(o) => round_trip::<Deployment, apps::v1::Deployment>(o),
        Object::ReplicaSet(o) => round_trip::<ReplicaSet, apps::v1::ReplicaSet>(o),
        Object::Service(o) => round_trip::<Service, core::v1::Service>(o),
        Object::Endpoints(o) => round_trip::<Endpoints, core::v1::Endpoints>(o),
        Object::EndpointSlice(o) => round_trip::<EndpointSlice, discovery::v1::EndpointSlice>(o),
        Object::NetworkPolicy(o) => {
            round_trip::<NetworkPolicy, networking::v1::NetworkPolicy>(o);
        }
        other => panic!("a kind without a round trip: {}", other.kind()),
    }
}

/// The tutorial's cluster with a NetworkPolicy, a LoadBalancer and a headless Service added:
/// every modelled kind, live (status, allocated fields, controller-made objects included).
fn busy_cluster() -> Cluster {
    let cluster = tutorial::cluster();
    cluster
        .apply_yaml(include_str!("data/interop/extra.yaml"))
        .expect("extra objects apply");
    cluster
}

fn every_object(cluster: &Cluster) -> Vec<Object> {
    Kind::ALL
        .iter()
        .flat_map(|kind| {
            cluster
                .list_objects(*kind, None, &Default::default())
                .expect("list")
        })
        .collect()
}

#[test]
fn every_live_object_of_every_kind_round_trips() {
    let cluster = busy_cluster();
    let objects = every_object(&cluster);
    for kind in Kind::ALL {
        assert!(
            objects.iter().any(|o| o.kind_id() == *kind),
            "no {kind:?} in the test cluster"
        );
    }
    for object in &objects {
        round_trip_object(object);
    }
}

#[test]
fn every_exported_object_round_trips_and_the_tutorial_export_validates() {
    for cluster in [tutorial::cluster(), busy_cluster()] {
        let exported = cluster.export();
        assert!(!exported.is_empty());
        for object in &exported {
            round_trip_object(object);
        }
        // The YAML stream, read by k8s-openapi's types document by document.
        let yaml = cluster.export_yaml().expect("export");
        for (object, document) in exported.iter().zip(yaml.split("\n---\n")) {
            let value: serde_json::Value =
                kubelite::yaml::from_str(document).expect("each document is YAML");
            assert_eq!(value["kind"], object.kind());
            let typed = match object.kind_id() {
                Kind::Namespace => typed::<core::v1::Namespace>(&value),
                Kind::Service => typed::<core::v1::Service>(&value),
                Kind::Deployment => typed::<apps::v1::Deployment>(&value),
                Kind::Pod => typed::<core::v1::Pod>(&value),
                Kind::NetworkPolicy => typed::<networking::v1::NetworkPolicy>(&value),
                other => panic!("unexpected exported kind {other:?}"),
            };
            assert_eq!(typed, value, "{} {}", object.kind(), object.meta().name());
        }
    }
}

/// `value` read as `T` and written again.
fn typed<T: Serialize + DeserializeOwned>(value: &serde_json::Value) -> serde_json::Value {
    let t: T = serde_json::from_value(value.clone()).expect("k8s-openapi reads the document");
    serde_json::to_value(t).expect("k8s-openapi writes it")
}

#[test]
fn apply_takes_k8s_openapi_objects() {
    let cluster = Cluster::new();
    let deployment: apps::v1::Deployment = serde_json::from_value(serde_json::json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "web", "labels": {"app": "web"}},
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"app": "web"}},
            "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {"containers": [{"name": "web", "image": "nginx", "ports": [{"containerPort": 80}]}]}
            }
        }
    }))
    .expect("k8s-openapi Deployment");
    cluster.apply(deployment).expect("apply");
    let pods: Vec<Pod> = cluster.list(Some("default"), "app=web").expect("pods");
    assert_eq!(pods.len(), 2);
    let ns = core::v1::Namespace {
        metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
            name: Some("shop".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    assert_eq!(
        cluster.create(ns).expect("create").kind_id(),
        Kind::Namespace
    );
}

#[test]
fn the_check_catches_a_misspelled_field() {
    // What the round trip would see if kubelite wrote `clusterIp`: k8s-openapi does not
    // know the field, so it is missing on the way back.
    let ours = serde_json::json!({
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "web", "namespace": "default"},
        "spec": {"clusterIp": "10.96.0.20", "ports": [{"port": 80}]}
    });
    let theirs: core::v1::Service = serde_json::from_value(ours.clone()).expect("svc");
    assert_ne!(serde_json::to_value(theirs).expect("json"), ours);
}

#[test]
fn an_opaque_field_k8s_openapi_cannot_type_is_left_out_not_fatal() {
    let mut pod: Pod = serde_json::from_value(serde_json::json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": "odd"},
        "spec": {"containers": [{"name": "c", "image": "nginx", "resources": {"limits": 5}}]}
    }))
    .expect("kubelite keeps resources as opaque JSON");
    pod.metadata.labels.insert("app", "odd");
    let theirs = core::v1::Pod::from(&pod);
    let spec = theirs.spec.expect("spec");
    assert_eq!(spec.containers[0].image.as_deref(), Some("nginx"));
    let resources = spec.containers[0].resources.as_ref();
    assert!(
        resources.is_some_and(|r| r.limits.is_none()),
        "only the failing field goes"
    );
    assert_eq!(
        theirs.metadata.labels.and_then(|l| l.get("app").cloned()),
        Some("odd".to_owned())
    );
}

#[test]
fn timestamps_keep_whole_seconds_as_the_api_server_writes_them() {
    let mut ns = core::v1::Namespace::default();
    ns.metadata.name = Some("shop".into());
    ns.metadata.creation_timestamp = Some(k8s_openapi::apimachinery::pkg::apis::meta::v1::Time(
        "2024-05-01T10:00:00.5Z".parse().expect("timestamp"),
    ));
    let ours = Namespace::try_from(ns).expect("loads");
    let json = serde_json::to_value(&ours).expect("json");
    assert_eq!(
        json["metadata"]["creationTimestamp"],
        "2024-05-01T10:00:00Z"
    );
}
