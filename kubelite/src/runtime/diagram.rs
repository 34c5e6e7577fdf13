//! [`Cluster::diagram`]: reads the cluster into a [`Diagram`].

use std::collections::BTreeSet;

use crate::api::{IntOrString, NetworkPolicy, Node, Pod, Service};
use crate::cluster::kubelet;
use crate::diagram::{Arrow, Diagram, DiagramOptions, Group, Link, Shape};
use crate::net::Protocol;

use super::Cluster;

/// minikube's own namespaces: not the user's wiring.
const SYSTEM_NAMESPACES: &[&str] = &["kube-node-lease", "kube-public", "kube-system"];

fn svc_id(svc: &Service) -> String {
    format!("svc/{}/{}", svc.metadata.namespace(), svc.metadata.name())
}

fn pod_id(pod: &Pod) -> String {
    format!("pod/{}/{}", pod.metadata.namespace(), pod.metadata.name())
}

fn protocol(text: Option<&str>) -> Protocol {
    text.and_then(|p| p.parse().ok()).unwrap_or(Protocol::Tcp)
}

/// The Service's shape: name, how it is reached, its ports.
fn service_shape(svc: &Service) -> Shape {
    let spec = &svc.spec;
    let ty = spec.type_.as_deref().unwrap_or("ClusterIP");
    let address = match (ty, spec.cluster_ip.as_deref()) {
        ("ExternalName", _) => format!(
            "ExternalName {}",
            spec.external_name.as_deref().unwrap_or("")
        ),
        (_, Some("None")) => "headless".to_owned(),
        (ty, ip) => format!("{ty} {}", ip.unwrap_or("")),
    };
    let mut lines = vec![format!("Service {}", svc.metadata.name()), address];
    for port in &spec.ports {
        let p = protocol(port.protocol.as_deref());
        let mut line = format!("{}/{}", port.port, p.as_str());
        if let Some(np) = port.node_port {
            line.push_str(&format!(" NodePort {np}"));
        }
        lines.push(line);
    }
    Shape {
        id: svc_id(svc),
        lines,
        inactive: false,
    }
}

fn pod_shape(pod: &Pod) -> Shape {
    let ip = pod
        .status
        .pod_ip
        .clone()
        .unwrap_or_else(|| "no IP".to_owned());
    Shape {
        id: pod_id(pod),
        lines: vec![format!("Pod {}", pod.metadata.name()), ip],
        inactive: !kubelet::is_ready(pod),
    }
}

/// The port a Service port reaches on `pod`: a number, or a name the pod resolves.
fn target_port(pod: &Pod, target: Option<&IntOrString>, port: i32) -> Option<i32> {
    match target {
        None => Some(port),
        Some(IntOrString::Int(n)) => Some(*n),
        Some(IntOrString::String(name)) => pod
            .spec
            .containers
            .iter()
            .flat_map(|c| &c.ports)
            .find(|p| p.name.as_deref() == Some(name.as_str()))
            .map(|p| p.container_port),
    }
}

impl Cluster {
    /// The cluster's wiring as a [`Diagram`] (Mermaid or DOT): the user's namespaces as
    /// groups, their Services and pods, routes with ports, and the host's entry points.
    /// minikube's system namespaces and the `kubernetes` Service are left out.
    ///
    /// ```
    /// use kubelite::Cluster;
    /// use kubelite::api::{Deployment, Service};
    /// let cluster = Cluster::new();
    /// cluster.apply(Deployment::builder("web").image("nginx").replicas(1).build()?)?;
    /// cluster.apply(Service::builder("web").selector("app", "web").port(80).node_port_type().build()?)?;
    /// let mermaid = cluster.diagram().mermaid();
    /// assert!(mermaid.contains("subgraph ns_default[\"namespace default\"]"));
    /// assert!(mermaid.contains("node_minikube ==>"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn diagram(&self) -> Diagram {
        self.diagram_with(&DiagramOptions::default())
    }

    /// [`Cluster::diagram`] with options (e.g. the connections NetworkPolicy allows).
    pub fn diagram_with(&self, options: &DiagramOptions) -> Diagram {
        let mut groups = Vec::new();
        let mut arrows = Vec::new();
        let mut host = Vec::new();
        let nodes: Vec<Node> = self.list(None, "").unwrap_or_default();
        let namespaces: Vec<String> = self
            .list::<crate::api::Namespace>(None, "")
            .unwrap_or_default()
            .into_iter()
            .map(|n| n.metadata.name().to_owned())
            .filter(|n| !SYSTEM_NAMESPACES.contains(&n.as_str()))
            .collect();
        let mut shown_pods: Vec<Pod> = Vec::new();
        for ns in &namespaces {
            let services: Vec<Service> = self
                .list::<Service>(Some(ns), "")
                .unwrap_or_default()
                .into_iter()
                .filter(|s| !(ns == "default" && s.metadata.name() == "kubernetes"))
                .collect();
            let pods: Vec<Pod> = self
                .list::<Pod>(Some(ns), "")
                .unwrap_or_default()
                .into_iter()
                .filter(|p| p.metadata.deletion_timestamp.is_none())
                .collect();
            if services.is_empty() && pods.is_empty() {
                continue;
            }
            let mut shapes: Vec<Shape> = services.iter().map(service_shape).collect();
            shapes.extend(pods.iter().map(pod_shape));
            groups.push(Group {
                id: format!("ns/{ns}"),
                title: format!("namespace {ns}"),
                shapes,
            });
            for svc in &services {
                entry_points(svc, &nodes, &mut host, &mut arrows);
                routes(svc, &pods, &mut arrows);
            }
            shown_pods.extend(pods);
        }
        if options.network_policy {
            self.allowed(&shown_pods, &arrows.clone(), &mut arrows);
        }
        if !host.is_empty() {
            groups.insert(
                0,
                Group {
                    id: "host".into(),
                    title: "host".into(),
                    shapes: host,
                },
            );
        }
        Diagram { groups, arrows }
    }

    /// Dashed arrows for what NetworkPolicy allows, where a policy is in play.
    fn allowed(&self, pods: &[Pod], routes: &[Arrow], arrows: &mut Vec<Arrow>) {
        let governed: BTreeSet<String> = self
            .list::<NetworkPolicy>(None, "")
            .unwrap_or_default()
            .into_iter()
            .map(|p| p.metadata.namespace().to_owned())
            .collect();
        for dst in pods {
            // The ports dst serves: declared container ports, and what Services route to.
            let mut ports: BTreeSet<(u16, Protocol)> = dst
                .spec
                .containers
                .iter()
                .flat_map(|c| &c.ports)
                .filter_map(|p| {
                    let n = u16::try_from(p.container_port).ok()?;
                    Some((n, protocol(p.protocol.as_deref())))
                })
                .collect();
            let id = pod_id(dst);
            for route in routes.iter().filter(|r| r.to == id) {
                for part in route.label.split(", ") {
                    if let Some((target, proto)) =
                        part.split_once('→').and_then(|(_, t)| t.split_once('/'))
                        && let Ok(n) = target.parse::<u16>()
                    {
                        ports.insert((n, protocol(Some(proto))));
                    }
                }
            }
            for src in pods {
                let (s_ns, d_ns) = (src.metadata.namespace(), dst.metadata.namespace());
                if src == dst || !(governed.contains(s_ns) || governed.contains(d_ns)) {
                    continue;
                }
                let from = format!("{s_ns}/{}", src.metadata.name());
                let to = format!("{d_ns}/{}", dst.metadata.name());
                let open: Vec<String> = ports
                    .iter()
                    .filter(|(port, proto)| self.can_connect(&from, &to, *port, *proto))
                    .map(|(port, proto)| format!("{port}/{}", proto.as_str()))
                    .collect();
                if !open.is_empty() {
                    arrows.push(Arrow {
                        from: pod_id(src),
                        to: id.clone(),
                        label: format!("allowed {}", open.join(", ")),
                        link: Link::Allowed,
                    });
                }
            }
        }
    }
}

/// NodePorts on every node and LoadBalancer IPs: arrows from the host into the Service.
fn entry_points(svc: &Service, nodes: &[Node], host: &mut Vec<Shape>, arrows: &mut Vec<Arrow>) {
    let node_ports: Vec<String> = svc
        .spec
        .ports
        .iter()
        .filter_map(|p| {
            p.node_port.map(|np| {
                format!(
                    ":{np}→{}/{}",
                    p.port,
                    protocol(p.protocol.as_deref()).as_str()
                )
            })
        })
        .collect();
    if !node_ports.is_empty() {
        for node in nodes {
            let id = format!("node/{}", node.metadata.name());
            if !host.iter().any(|s| s.id == id) {
                host.push(Shape {
                    id: id.clone(),
                    lines: vec![
                        format!("node {}", node.metadata.name()),
                        node.internal_ip().unwrap_or_default().to_owned(),
                    ],
                    inactive: false,
                });
            }
            arrows.push(Arrow {
                from: id,
                to: svc_id(svc),
                label: node_ports.join(", "),
                link: Link::Entry,
            });
        }
    }
    let ingress = svc
        .status
        .as_ref()
        .and_then(|s| s.load_balancer.as_ref())
        .map(|lb| lb.ingress.as_slice())
        .unwrap_or_default();
    for ip in ingress.iter().filter_map(|i| i.ip.as_deref()) {
        let id = format!("lb/{ip}");
        if !host.iter().any(|s| s.id == id) {
            host.push(Shape {
                id: id.clone(),
                lines: vec!["LoadBalancer".into(), ip.to_owned()],
                inactive: false,
            });
        }
        let ports: Vec<String> = svc
            .spec
            .ports
            .iter()
            .map(|p| format!("{}/{}", p.port, protocol(p.protocol.as_deref()).as_str()))
            .collect();
        arrows.push(Arrow {
            from: id,
            to: svc_id(svc),
            label: ports.join(", "),
            link: Link::Entry,
        });
    }
}

/// An arrow from the Service to each pod its selector matches, with `port→target/proto`.
fn routes(svc: &Service, pods: &[Pod], arrows: &mut Vec<Arrow>) {
    let Some(selector) = svc.spec.selector.as_ref().filter(|s| !s.is_empty()) else {
        return;
    };
    let selector = crate::labels::Selector::from(selector);
    for pod in pods.iter().filter(|p| selector.matches(&p.metadata.labels)) {
        let ports: Vec<String> = svc
            .spec
            .ports
            .iter()
            .map(|p| {
                let proto = protocol(p.protocol.as_deref()).as_str();
                match target_port(pod, p.target_port.as_ref(), p.port) {
                    Some(t) => format!("{}→{t}/{proto}", p.port),
                    None => format!("{}→?/{proto}", p.port),
                }
            })
            .collect();
        arrows.push(Arrow {
            from: svc_id(svc),
            to: pod_id(pod),
            label: ports.join(", "),
            link: Link::Route,
        });
    }
}
