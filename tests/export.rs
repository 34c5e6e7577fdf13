//! `Cluster::export_yaml`: what the user declared, in apply order, without allocated values
//! unless the user set them; the export loads back into a fresh cluster as the same thing.

#[path = "common/tutorial.rs"]
mod tutorial;

use kubelite::Cluster;
use kubelite::api::service::ServicePort;
use kubelite::api::{Deployment, Kind, Namespace, Pod, Service};

#[test]
fn tutorial_export_is_the_users_objects_in_apply_order() {
    let cluster = tutorial::cluster();
    let yaml = cluster.export_yaml().expect("export");
    insta::assert_snapshot!("tutorial_export", yaml);
    // examples/real-cluster/run.sh takes this file to a real cluster: it must be the export.
    assert_eq!(include_str!("../examples/real-cluster/tutorial.yaml"), yaml);
}

#[test]
fn export_loads_into_a_fresh_cluster_and_exports_the_same() {
    let cluster = tutorial::cluster();
    let yaml = cluster.export_yaml().expect("export");
    let fresh = Cluster::new();
    fresh.apply_yaml(&yaml).expect("the export applies");
    assert_eq!(fresh.export_yaml().expect("export"), yaml);
    // The same wiring: two echo pods behind echo-service, kibana's NodePort reachable.
    let pods: Vec<Pod> = fresh
        .list(Some("default"), "app=echo-minikube")
        .expect("pods");
    assert_eq!(pods.len(), 2);
}

#[test]
fn allocated_values_are_kept_only_where_the_user_set_them() {
    let cluster = Cluster::new();
    cluster
        .apply(Namespace::builder("shop").build().expect("ns"))
        .expect("apply");
    let pinned = Service::builder("pinned")
        .namespace("shop")
        .selector("app", "web")
        .service_port(ServicePort::tcp(80).named("http").node_port(30080))
        .service_port(ServicePort::tcp(443).named("https"))
        .node_port_type()
        .cluster_ip("10.96.100.100")
        .build()
        .expect("svc");
    cluster.apply(pinned).expect("apply");
    let exported = cluster.export();
    let Some(kubelite::Object::Service(svc)) = exported.iter().find(|o| o.kind() == "Service")
    else {
        panic!("no Service exported: {exported:?}");
    };
    assert_eq!(svc.spec.cluster_ip.as_deref(), Some("10.96.100.100"));
    let node_ports: Vec<Option<i32>> = svc.spec.ports.iter().map(|p| p.node_port).collect();
    assert_eq!(
        node_ports,
        [Some(30080), None],
        "the second nodePort was allocated"
    );
    assert!(svc.spec.ip_families.is_empty() && svc.spec.ip_family_policy.is_none());
    assert!(svc.status.is_none());
    let meta = &svc.metadata;
    assert!(meta.uid.is_none() && meta.resource_version.is_none());
    assert!(meta.creation_timestamp.is_none());
    // The live object has them all.
    let live: Service = cluster.get("shop", "pinned").expect("get");
    assert!(live.spec.ports.iter().all(|p| p.node_port.is_some()));
}

#[test]
fn controller_made_and_minikube_objects_are_not_exported() {
    let cluster = Cluster::new();
    cluster
        .apply(
            Deployment::builder("web")
                .image("nginx")
                .replicas(3)
                .build()
                .expect("d"),
        )
        .expect("apply");
    let kinds: Vec<(Kind, String)> = cluster
        .export()
        .iter()
        .map(|o| (o.kind_id(), o.meta().name().to_owned()))
        .collect();
    assert_eq!(kinds, [(Kind::Deployment, "web".to_owned())]);
}

#[test]
fn later_changes_are_exported_and_deleted_objects_are_not() {
    let cluster = Cluster::new();
    let d = Deployment::builder("web")
        .image("nginx")
        .replicas(1)
        .build()
        .expect("d");
    cluster.apply(d).expect("apply");
    cluster.scale("default", "web", 4).expect("scale");
    cluster
        .apply(Service::builder("gone").port(80).build().expect("svc"))
        .expect("apply");
    cluster
        .delete::<Service>("default", "gone")
        .expect("delete");
    let exported = cluster.export();
    assert_eq!(exported.len(), 1);
    let Some(kubelite::Object::Deployment(d)) = exported.first() else {
        panic!("{exported:?}");
    };
    assert_eq!(d.spec.replicas, Some(4));
    assert!(
        !d.metadata
            .annotations
            .contains_key("deployment.kubernetes.io/revision"),
        "the controller's revision annotation is not the user's"
    );
}

#[test]
fn namespaces_come_first() {
    let cluster = Cluster::new();
    cluster
        .apply_yaml(
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: zeta\n---\n\
             apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  namespace: zeta\nspec:\n  ports:\n  - port: 80\n---\n\
             apiVersion: v1\nkind: Namespace\nmetadata:\n  name: alpha\n",
        )
        .expect("apply");
    let order: Vec<String> = cluster
        .export()
        .iter()
        .map(|o| format!("{}/{}", o.kind(), o.meta().name()))
        .collect();
    assert_eq!(order, ["Namespace/alpha", "Namespace/zeta", "Service/a"]);
}
