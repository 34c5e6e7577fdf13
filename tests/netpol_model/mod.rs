//! Upstream's e2e NetworkPolicy model (namespaces x, y, z; pods a, b, c; ports 80 and 81
//! over TCP, UDP and SCTP), built once from YAML and reset between cases, as upstream's
//! `kubemanager` does. Data: `data/conformance/netpol_cases.json` (Kubernetes e2e tests,
//! Apache-2.0, The Kubernetes Authors).

#![allow(dead_code)] // each test file uses part of it

use kubelite::api::Kind;
use kubelite::cluster::NodeConfig;
use kubelite::{Cluster, ClusterConfig};
use serde_json::{Value, json};

pub const VECTORS: &str = include_str!("../data/conformance/netpol_cases.json");

/// The model's pods, `"namespace/name"`, in truth-table order.
pub const PODS: [&str; 9] = [
    "x/a", "x/b", "x/c", "y/a", "y/b", "y/c", "z/a", "z/b", "z/c",
];

/// The model cluster: pods pinned to the model's IPs (`10.0.<ns>.<pod>`).
pub struct Model {
    pub cluster: Cluster,
    model: Value,
}

impl Model {
    pub fn build(model: &Value) -> Model {
        let node = NodeConfig::new("minikube", [192, 168, 49, 2].into()).pod_cidr("10.0.0.0/16");
        let config = ClusterConfig::minikube()
            .pod_cidr("10.0.0.0/16")
            .with_nodes([node]);
        let cluster = Cluster::with_config(config).expect("cluster");
        let mut docs = Vec::new();
        for (name, ns) in model["namespaces"].as_object().expect("namespaces") {
            docs.push(json!({
                "apiVersion": "v1", "kind": "Namespace",
                "metadata": {"name": name, "labels": ns["labels"]},
            }));
        }
        for pod in model["pods"].as_array().expect("pods") {
            // One agnhost container per (port, protocol), as upstream runs them.
            let containers: Vec<Value> = pod["containerPorts"]
                .as_array()
                .expect("ports")
                .iter()
                .map(|p| {
                    let name = p["name"].as_str().expect("name").replace("serve", "cont");
                    json!({"name": name, "image": "registry.k8s.io/e2e-test-images/agnhost:2.43", "ports": [p]})
                })
                .collect();
            docs.push(json!({
                "apiVersion": "v1", "kind": "Pod",
                "metadata": {
                    "name": pod["name"], "namespace": pod["namespace"], "labels": pod["labels"],
                    "annotations": {"kubelite.io/pod-ip": pod["ip"]},
                },
                "spec": {"containers": containers},
            }));
        }
        let yaml: String = docs
            .iter()
            .map(|d| format!("---\n{}\n", serde_json::to_string_pretty(d).expect("json")))
            .collect();
        cluster.apply_yaml(&yaml).expect("model applies");
        Model {
            cluster,
            model: model.clone(),
        }
    }

    /// Applies a case's policies and label overrides.
    pub fn enter(&self, case: &Value) {
        let yaml: String = case["policies"]
            .as_array()
            .expect("policies")
            .iter()
            .map(|p| format!("---\n{p}\n"))
            .collect();
        if !yaml.is_empty() {
            self.cluster.apply_yaml(&yaml).expect("policies apply");
        }
        for (pod, labels) in overrides(case, "podLabelOverrides") {
            let (ns, name) = pod.split_once('/').expect("ns/pod");
            self.relabel(Kind::Pod, ns, name, &labels);
        }
        for (ns, labels) in overrides(case, "namespaceLabelOverrides") {
            self.relabel(Kind::Namespace, "", &ns, &labels);
        }
    }

    /// Deletes every policy and restores the model's labels.
    pub fn reset(&self) {
        let policies = self
            .cluster
            .list::<kubelite::api::NetworkPolicy>(None, "")
            .expect("list");
        for p in policies {
            let ns = p.metadata.namespace.clone().unwrap_or_default();
            self.cluster
                .delete_object(Kind::NetworkPolicy, &ns, p.metadata.name(), None)
                .expect("delete");
        }
        for pod in self.model["pods"].as_array().expect("pods") {
            let (ns, name) = (pod["namespace"].as_str(), pod["name"].as_str());
            self.relabel(
                Kind::Pod,
                ns.expect("ns"),
                name.expect("name"),
                &pod["labels"],
            );
        }
        for (name, ns) in self.model["namespaces"].as_object().expect("namespaces") {
            self.relabel(Kind::Namespace, "", name, &ns["labels"]);
        }
    }

    fn relabel(&self, kind: Kind, ns: &str, name: &str, labels: &Value) {
        let current = self.cluster.get_object(kind, ns, name).expect("object");
        let current: Vec<String> = current
            .meta()
            .labels
            .iter()
            .map(|(k, _)| k.to_owned())
            .collect();
        let wanted = labels.as_object().expect("labels");
        for key in current.iter().filter(|k| !wanted.contains_key(*k)) {
            self.cluster
                .set_label(kind, ns, name, key, None)
                .expect("unlabel");
        }
        for (k, v) in wanted {
            self.cluster
                .set_label(kind, ns, name, k, v.as_str())
                .expect("label");
        }
    }
}

fn overrides(case: &Value, field: &str) -> Vec<(String, Value)> {
    case[field]
        .as_object()
        .map(|o| o.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default()
}

/// The protocol named in a case.
pub fn protocol(name: &str) -> kubelite::net::Protocol {
    name.parse().expect("protocol")
}
