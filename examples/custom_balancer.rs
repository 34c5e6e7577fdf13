//! A balancer written by a user: prefer an endpoint on the client's own node (no hop across
//! the network), and among the candidates left pick the least recently used one. Installed
//! on one Service with `Cluster::set_balancer`; every request's trace shows the choice.
//!
//! Run with `cargo run --example custom_balancer`.

use std::collections::HashMap;
use std::net::Ipv4Addr;
use std::time::Duration;

use kubelite::api::{Deployment, Node, Pod, Service};
use kubelite::cluster::Ipv4Cidr;
use kubelite::net::balancer::{Balancer, Endpoint, PickContext};
use kubelite::net::{Hop, Origin};
use kubelite::{Cluster, ClusterConfig};

/// Node-local first, then least recently used.
///
/// A balancer sees the client's address, not its node, so it is given the nodes' pod
/// CIDRs (what a CNI knows): the client's node is the one whose CIDR holds its address.
#[derive(Debug)]
struct NodeLocalLru {
    nodes: Vec<(Ipv4Cidr, String)>,
    /// When each endpoint was last chosen (a pick counter: the virtual clock does not move
    /// between requests sent in a loop, so it could not order them).
    last_used: HashMap<(Ipv4Addr, u16), u64>,
    picks: u64,
}

impl NodeLocalLru {
    fn new(nodes: Vec<(Ipv4Cidr, String)>) -> NodeLocalLru {
        NodeLocalLru {
            nodes,
            last_used: HashMap::new(),
            picks: 0,
        }
    }

    fn node_of(&self, ip: Ipv4Addr) -> Option<&str> {
        self.nodes
            .iter()
            .find(|(cidr, _)| cidr.contains(ip))
            .map(|(_, node)| node.as_str())
    }

    /// The least recently used of `indices` (never used counts as oldest; ties go to the
    /// first listed, so the choice is deterministic).
    fn least_recent(
        &self,
        candidates: &[Endpoint],
        indices: impl Iterator<Item = usize>,
    ) -> Option<usize> {
        indices.min_by_key(|&i| {
            let e = &candidates[i];
            (self.last_used.get(&(e.ip, e.port)).copied().unwrap_or(0), i)
        })
    }
}

impl Balancer for NodeLocalLru {
    fn name(&self) -> String {
        "node-local, then least recently used".to_owned()
    }

    fn pick(&mut self, candidates: &[Endpoint], ctx: &PickContext) -> usize {
        let node = self.node_of(ctx.client);
        let local = candidates
            .iter()
            .enumerate()
            .filter(|(_, e)| node.is_some() && e.node.as_deref() == node)
            .map(|(i, _)| i);
        let chosen = self
            .least_recent(candidates, local)
            .or_else(|| self.least_recent(candidates, 0..candidates.len()))
            .unwrap_or(0);
        self.picks += 1;
        if let Some(e) = candidates.get(chosen) {
            self.last_used.insert((e.ip, e.port), self.picks);
        }
        chosen
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Three nodes, two web pods (so one node has none), a client pod on each node.
    let cluster = Cluster::with_config(ClusterConfig::minikube().nodes(3))?;
    let web = Deployment::builder("web")
        .image("k8s.gcr.io/echoserver:1.4")
        .port(8080)
        .replicas(2);
    cluster.apply(web.build()?)?;
    cluster.apply(
        Service::builder("web")
            .selector("app", "web")
            .port(8080)
            .build()?,
    )?;
    let nodes: Vec<String> = cluster.node_ips().into_iter().map(|(n, _)| n).collect();
    for (i, node) in nodes.iter().enumerate() {
        let client = Pod::builder(format!("client-{i}"))
            .image("busybox")
            .node_name(node);
        cluster.apply(client.build()?)?;
    }
    cluster.advance(Duration::from_secs(30));

    println!("web pods:");
    for pod in cluster.list::<Pod>(Some("default"), "app=web")? {
        println!(
            "  {:<24} {:<14} on {}",
            pod.metadata.name.as_deref().unwrap_or_default(),
            pod.status.pod_ip.as_deref().unwrap_or_default(),
            pod.spec.node_name.as_deref().unwrap_or_default()
        );
    }

    let cidrs = cluster
        .list::<Node>(None, "")?
        .into_iter()
        .filter_map(|n| {
            let cidr = n.pod_cidrs().first()?.parse().ok()?;
            Some((cidr, n.metadata.name?))
        })
        .collect();
    cluster.set_balancer("default/web", NodeLocalLru::new(cidrs));

    // Clients on a node with web pods stay on that node (rotating among its pods); a
    // client on a node without one is balanced over all of them, oldest first.
    for (i, node) in nodes.iter().enumerate() {
        println!("\nfrom client-{i} on {node}:");
        for _ in 0..4 {
            let r = cluster.request(
                Origin::pod(&format!("default/client-{i}")),
                "http://web:8080/",
            )?;
            let (candidates, chosen) = r
                .trace()
                .hops()
                .iter()
                .find_map(|h| match h {
                    Hop::Balance {
                        candidates, chosen, ..
                    } => Some((candidates.len(), chosen.clone())),
                    _ => None,
                })
                .unwrap_or_default();
            println!(
                "  {} answered ({chosen}, one of {candidates})",
                r.served_by().unwrap_or("?")
            );
        }
    }

    // One request's full trace, to see the balancer's name and reason.
    let r = cluster.request(Origin::pod("default/client-0"), "http://web:8080/")?;
    println!("\ntrace of one more request from client-0:\n{}", r.trace());
    Ok(())
}
