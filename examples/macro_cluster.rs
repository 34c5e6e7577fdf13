//! The tutorial's cluster declared with `kubelite::cluster!`: what it creates, read back.
//!
//! Run with `cargo run --example macro_cluster`. Misspell `echo-minikube` in the Service's
//! selector and the example stops compiling, pointing at the misspelled value.

use std::time::Duration;

use kubelite::api::{Pod, Service};

fn main() -> Result<(), kubelite::Error> {
    let cluster = kubelite::cluster! {
        config { seed: 7, nodes: 2, proxy: ipvs(rr) }
        namespace default {
            deployment echo-minikube { image: "k8s.gcr.io/echoserver:1.4", replicas: 2, ports: [http: 8080] }
            service echo-service { selector: { app: "echo-minikube" }, ports: [8080 => http] }
            deployment kibana { image: "kibana:7.6.1", ports: [5601] }
            service kibana: NodePort { selector: { app: "kibana" }, ports: [5601 => 5601 @ 30937] }
        }
        namespace shop (labels: { team: "a" }) {
            pod client { image: "yauritux/busybox-curl" }
            network_policy deny-all { pod_selector: {}, policy_types: [Ingress] }
        }
    };
    cluster.advance(Duration::from_secs(60));
    for pod in cluster.list::<Pod>(None, "")? {
        println!(
            "pod {}/{:<32} ip {:<12} node {}",
            pod.metadata.namespace.as_deref().unwrap_or("-"),
            pod.metadata.name(),
            pod.status.pod_ip.as_deref().unwrap_or("<none>"),
            pod.spec.node_name.as_deref().unwrap_or("<none>")
        );
    }
    for svc in cluster.list::<Service>(Some("default"), "")? {
        let ports: Vec<String> = svc
            .spec
            .ports
            .iter()
            .map(|p| match p.node_port {
                Some(np) => format!("{}:{np}/{}", p.port, p.protocol.as_deref().unwrap_or("TCP")),
                None => format!("{}/{}", p.port, p.protocol.as_deref().unwrap_or("TCP")),
            })
            .collect();
        println!(
            "service {:<14} {:<9} {:<14} {}",
            svc.metadata.name(),
            svc.spec.type_.as_deref().unwrap_or("-"),
            svc.spec.cluster_ip.as_deref().unwrap_or("-"),
            ports.join(",")
        );
    }
    Ok(())
}
