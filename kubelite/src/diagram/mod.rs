//! [`Diagram`]: a picture of a cluster's wiring — namespaces as groups, Services with their
//! ClusterIP and NodePorts, arrows to the pods behind them with ports, the host's entry
//! points (NodePorts on the nodes, LoadBalancer IPs), and optionally the connections
//! NetworkPolicy allows — rendered as Mermaid (GitHub renders it) or Graphviz DOT.
//!
//! Built by [`Cluster::diagram`](crate::Cluster::diagram); the model is plain data, so both
//! renderings show the same thing.
//!
//! ```
//! use kubelite::Cluster;
//! use kubelite::api::{Deployment, Service};
//! let cluster = Cluster::new();
//! cluster.apply(Deployment::builder("web").image("nginx").replicas(1).build()?)?;
//! cluster.apply(Service::builder("web").selector("app", "web").port(80).build()?)?;
//! let diagram = cluster.diagram();
//! assert!(diagram.mermaid().starts_with("flowchart LR\n"));
//! assert!(diagram.dot().starts_with("digraph cluster {\n"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod dot;
mod mermaid;

/// What a diagram shows beyond the wiring.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct DiagramOptions {
    /// Draw the pod-to-pod connections NetworkPolicy allows (see [`DiagramOptions::network_policy`]).
    pub network_policy: bool,
}

impl DiagramOptions {
    /// Also draws, as dashed arrows, each connection NetworkPolicy allows between pods where
    /// one end is in a namespace with a policy (elsewhere everything is allowed, and arrows
    /// would only be noise), on the ports the destination serves.
    pub fn network_policy(mut self, on: bool) -> Self {
        self.network_policy = on;
        self
    }
}

/// A box of the diagram: a node's entry point, a Service or a pod.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Shape {
    /// Unique and stable: `svc/default/web`, `pod/default/web-x`, `node/minikube`.
    pub(crate) id: String,
    /// The lines of its label.
    pub(crate) lines: Vec<String>,
    /// A pod that is not ready (drawn differently).
    pub(crate) inactive: bool,
}

/// A group of boxes: the host, or a namespace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Group {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) shapes: Vec<Shape>,
}

/// What an arrow means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Link {
    /// Traffic enters the cluster from the host (NodePort, LoadBalancer IP).
    Entry,
    /// A Service routes to a pod.
    Route,
    /// NetworkPolicy allows the connection.
    Allowed,
}

/// An arrow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Arrow {
    pub(crate) from: String,
    pub(crate) to: String,
    pub(crate) label: String,
    pub(crate) link: Link,
}

/// A cluster's wiring, ready to render. See the [module documentation](self).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagram {
    pub(crate) groups: Vec<Group>,
    pub(crate) arrows: Vec<Arrow>,
}

impl Diagram {
    /// The diagram as a Mermaid flowchart (put it in a ```` ```mermaid ```` block).
    pub fn mermaid(&self) -> String {
        mermaid::render(self)
    }

    /// The diagram as a Graphviz DOT digraph (`dot -Tsvg`).
    pub fn dot(&self) -> String {
        dot::render(self)
    }
}
