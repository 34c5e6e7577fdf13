//! The basic-networking tutorial, replayed against an in-memory kubelite cluster.
//!
//! Run with `cargo run --example basic_networking`. It shows as much of the tutorial as
//! kubelite models today: the objects the tutorial creates, what the cluster does with them
//! (pods, IPs, the Service's ClusterIP and endpoints, the NodePort), all read back from the
//! cluster — nothing here is canned output.

use std::time::Duration;

use kubelite::api::{Deployment, EndpointSlice, Pod, Service};
use kubelite::{Cluster, Object};

/// The Service manifest the tutorial pipes into `kubectl apply -f -`.
const ECHO_SERVICE: &str = "\
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

fn step(title: &str) {
    println!("\n## {title}\n");
}

fn pods(cluster: &Cluster, selector: &str) -> Result<Vec<Pod>, kubelite::Error> {
    cluster.list(Some("default"), selector)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let cluster = Cluster::new();
    println!("# Basic networking, in memory");

    step("kubectl create deployment echo-minikube --image=k8s.gcr.io/echoserver:1.4");
    let echo = Deployment::builder("echo-minikube")
        .image("k8s.gcr.io/echoserver:1.4")
        .build()?;
    let applied = cluster.apply(echo)?;
    print!("{}", kubelite::manifest::to_yaml([&applied.object])?);

    // The tutorial edits the Deployment in an editor to set replicas: 2; this is the same
    // change without an editor (`kubectl scale deployment echo-minikube --replicas=2`).
    cluster.advance(Duration::from_secs(180));
    step("kubectl edit deployment echo-minikube  (replicas: 1 -> 2, done as a scale)");
    cluster.scale("default", "echo-minikube", 2)?;
    cluster.advance(Duration::from_secs(15 * 60));
    for pod in pods(&cluster, "app=echo-minikube")? {
        println!(
            "pod {:<32} phase {:<8} ip {:<12} node {}",
            pod.metadata.name(),
            pod.status.phase.as_deref().unwrap_or("-"),
            pod.status.pod_ip.as_deref().unwrap_or("<none>"),
            pod.spec.node_name.as_deref().unwrap_or("<none>")
        );
    }

    step("cat <<EOF | kubectl apply -f -  (the echo-service manifest)");
    for applied in cluster.apply_yaml(ECHO_SERVICE)? {
        println!(
            "{}/{} {}",
            applied.object.kind_id().singular(),
            applied.object.meta().name(),
            applied.outcome
        );
    }
    let svc: Service = cluster.get("default", "echo-service")?;
    println!(
        "ClusterIP: {}",
        svc.spec.cluster_ip.as_deref().unwrap_or("<none>")
    );
    let slices: Vec<EndpointSlice> =
        cluster.list(Some("default"), "kubernetes.io/service-name=echo-service")?;
    for slice in &slices {
        for endpoint in &slice.endpoints {
            let port = slice.ports.first().and_then(|p| p.port).unwrap_or_default();
            println!(
                "endpoint {}:{port} ready={} (pod {})",
                endpoint.addresses.join(","),
                endpoint.is_ready(),
                endpoint
                    .target_ref
                    .as_ref()
                    .and_then(|r| r.name.as_deref())
                    .unwrap_or("-")
            );
        }
    }

    step("kubectl create deployment kibana --image=kibana:7.6.1");
    cluster.apply(
        Deployment::builder("kibana")
            .image("kibana:7.6.1")
            .build()?,
    )?;
    cluster.advance(Duration::from_secs(4 * 60));
    for pod in pods(&cluster, "app=kibana")? {
        println!(
            "pod {} ip {}",
            pod.metadata.name(),
            pod.status.pod_ip.as_deref().unwrap_or("<none>")
        );
    }

    step("kubectl expose deployment kibana --port=5601 --type=NodePort");
    // What `kubectl expose` sends: the Deployment's selector and labels, port 5601 with an
    // explicit targetPort, type NodePort.
    let kibana = Service::builder("kibana")
        .label("app", "kibana")
        .selector("app", "kibana")
        .port(5601)
        .node_port_type()
        .build()?;
    let exposed = cluster.create(kibana)?;
    if let Object::Service(svc) = &exposed {
        let port = &svc.spec.ports[0];
        println!(
            "service/kibana exposed: ClusterIP {} port {}:{}/{}",
            svc.spec.cluster_ip.as_deref().unwrap_or("<none>"),
            port.port,
            port.node_port.unwrap_or_default(),
            port.protocol.as_deref().unwrap_or("TCP")
        );
        let node_ip = cluster
            .get::<kubelite::api::Node>("", "minikube")?
            .internal_ip()
            .unwrap_or_default()
            .to_owned();
        println!(
            "reachable from the host at http://{node_ip}:{}",
            port.node_port.unwrap_or_default()
        );
    }

    step("The cluster now holds");
    for kind in [
        kubelite::api::Kind::Deployment,
        kubelite::api::Kind::ReplicaSet,
        kubelite::api::Kind::Pod,
        kubelite::api::Kind::Service,
    ] {
        let objects = cluster.list_objects(kind, Some("default"), &Default::default())?;
        let names: Vec<&str> = objects.iter().map(|o| o.meta().name()).collect();
        println!("{:<12} {}", kind.plural(), names.join(" "));
    }
    Ok(())
}
