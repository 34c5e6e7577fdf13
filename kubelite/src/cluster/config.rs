//! [`ClusterConfig`]: the shape of the simulated cluster (nodes, address ranges, seed, clock).

use super::proxy_mode::ProxyMode;
use std::net::Ipv4Addr;

use super::cidr::Ipv4Cidr;
use crate::meta::Time;

/// One node of the simulated cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct NodeConfig {
    /// The node's name (`minikube`, `kind-worker`).
    pub name: String,
    /// Its InternalIP, where NodePorts answer.
    pub internal_ip: Ipv4Addr,
    /// Its zone (`topology.kubernetes.io/zone`), if any.
    pub zone: Option<String>,
    /// Its pod CIDR; `None` takes the node's /24 of the cluster pod CIDR, as kubeadm does.
    pub pod_cidr: Option<String>,
}

impl NodeConfig {
    /// A node with a name and an InternalIP.
    pub fn new(name: impl Into<String>, internal_ip: Ipv4Addr) -> Self {
        NodeConfig {
            name: name.into(),
            internal_ip,
            zone: None,
            pod_cidr: None,
        }
    }

    /// Sets the zone label.
    pub fn zone(mut self, zone: impl Into<String>) -> Self {
        self.zone = Some(zone.into());
        self
    }

    /// Pins the node's pod CIDR.
    pub fn pod_cidr(mut self, cidr: impl Into<String>) -> Self {
        self.pod_cidr = Some(cidr.into());
        self
    }
}

/// How the simulated cluster is laid out. [`ClusterConfig::minikube`] (the default) is a
/// fresh single-node minikube with today's defaults.
///
/// ```
/// use kubelite::ClusterConfig;
/// let config = ClusterConfig::minikube().nodes(3).seed(7).node_port_range(30000, 30100);
/// assert_eq!(config.node_list()[1].name, "minikube-m02");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ClusterConfig {
    pub(crate) flavour: Flavour,
    pub(crate) nodes: Vec<NodeConfig>,
    pub(crate) node_count: usize,
    pub(crate) pod_cidr: String,
    pub(crate) service_cidr: String,
    pub(crate) node_ports: (u16, u16),
    pub(crate) domain: String,
    pub(crate) seed: u64,
    pub(crate) start: Time,
    pub(crate) max_endpoints_per_slice: usize,
    pub(crate) proxy_mode: ProxyMode,
    pub(crate) load_balancer_pool: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flavour {
    Minikube,
    Kind,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig::minikube()
    }
}

/// 2020-04-03T10:00:00Z, the day the tutorial was written: a fixed start keeps every
/// timestamp reproducible.
pub const DEFAULT_START: Time = Time::from_unix_seconds(1_585_908_000);

impl ClusterConfig {
    /// A single-node minikube (docker driver): node `minikube` at 192.168.49.2, pod CIDR
    /// 10.244.0.0/16, service CIDR 10.96.0.0/12, NodePorts 30000-32767, domain
    /// `cluster.local`, seed 0.
    pub fn minikube() -> Self {
        ClusterConfig {
            flavour: Flavour::Minikube,
            nodes: Vec::new(),
            node_count: 1,
            pod_cidr: "10.244.0.0/16".into(),
            service_cidr: "10.96.0.0/12".into(),
            node_ports: (30000, 32767),
            proxy_mode: ProxyMode::Iptables,
            load_balancer_pool: None,
            domain: "cluster.local".into(),
            seed: 0,
            start: DEFAULT_START,
            max_endpoints_per_slice: 100,
        }
    }

    /// A kind cluster: `kind-control-plane` at 172.18.0.2, workers `kind-worker`,
    /// `kind-worker2`, ... at the following addresses.
    pub fn kind() -> Self {
        ClusterConfig {
            flavour: Flavour::Kind,
            ..ClusterConfig::minikube()
        }
    }

    /// A minikube cluster of `n` nodes (`minikube`, `minikube-m02`, ...), each in its own
    /// zone (`zone-a`, `zone-b`, ...), for topology-aware tests.
    pub fn multi_node(n: usize) -> Self {
        let mut config = ClusterConfig::minikube().nodes(n);
        config.nodes = config
            .node_list()
            .into_iter()
            .enumerate()
            .map(|(i, node)| {
                let zone = format!("zone-{}", char::from(b'a' + (i % 26) as u8));
                node.zone(zone)
            })
            .collect();
        config
    }

    /// Number of nodes, named after the flavour (`minikube`, `minikube-m02`, ...).
    pub fn nodes(mut self, n: usize) -> Self {
        self.node_count = n;
        self.nodes.clear();
        self
    }

    /// Explicit nodes (names, IPs, zones, pod CIDRs), replacing the generated ones.
    pub fn with_nodes(mut self, nodes: impl IntoIterator<Item = NodeConfig>) -> Self {
        self.nodes = nodes.into_iter().collect();
        self.node_count = self.nodes.len();
        self
    }

    /// The cluster pod CIDR, split into a /24 per node as kubeadm does.
    pub fn pod_cidr(mut self, cidr: &str) -> Self {
        self.pod_cidr = cidr.to_owned();
        self
    }

    /// The service CIDR ClusterIPs come from.
    pub fn service_cidr(mut self, cidr: &str) -> Self {
        self.service_cidr = cidr.to_owned();
        self
    }

    /// The NodePort range (inclusive), like `--service-node-port-range`.
    pub fn node_port_range(mut self, first: u16, last: u16) -> Self {
        self.node_ports = (first, last);
        self
    }

    /// The seed every random choice derives from.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// kube-proxy's mode, which picks every Service's default balancer
    /// ([`ProxyMode::Iptables`] unless set).
    pub fn proxy_mode(mut self, mode: ProxyMode) -> Self {
        self.proxy_mode = mode;
        self
    }

    /// The address pool LoadBalancer Services get their external IPs from when the tunnel
    /// runs (a CIDR, as MetalLB's pool); unset, each gets its ClusterIP, as
    /// `minikube tunnel` does.
    pub fn load_balancer_pool(mut self, cidr: &str) -> Self {
        self.load_balancer_pool = Some(cidr.to_owned());
        self
    }

    /// The configured LoadBalancer pool, if any.
    pub fn load_balancer_pool_value(&self) -> Option<&str> {
        self.load_balancer_pool.as_deref()
    }

    /// The configured proxy mode.
    pub fn proxy_mode_value(&self) -> ProxyMode {
        self.proxy_mode
    }

    /// The cluster DNS domain (`cluster.local`).
    pub fn domain(mut self, domain: &str) -> Self {
        self.domain = domain.to_owned();
        self
    }

    /// The virtual clock's start.
    pub fn start_time(mut self, start: Time) -> Self {
        self.start = start;
        self
    }

    /// The EndpointSlice controller's `--max-endpoints-per-slice` (default 100).
    pub fn max_endpoints_per_slice(mut self, n: usize) -> Self {
        self.max_endpoints_per_slice = n;
        self
    }

    /// The nodes this configuration describes.
    pub fn node_list(&self) -> Vec<NodeConfig> {
        if !self.nodes.is_empty() {
            return self.nodes.clone();
        }
        (0..self.node_count)
            .map(|i| {
                let (name, base) = match self.flavour {
                    Flavour::Minikube if i == 0 => ("minikube".to_owned(), [192, 168, 49, 2]),
                    Flavour::Minikube => (format!("minikube-m{:02}", i + 1), [192, 168, 49, 2]),
                    Flavour::Kind if i == 0 => ("kind-control-plane".to_owned(), [172, 18, 0, 2]),
                    Flavour::Kind if i == 1 => ("kind-worker".to_owned(), [172, 18, 0, 2]),
                    Flavour::Kind => (format!("kind-worker{i}"), [172, 18, 0, 2]),
                };
                let ip = u32::from(Ipv4Addr::from(base)).wrapping_add(i as u32);
                NodeConfig::new(name, Ipv4Addr::from(ip))
            })
            .collect()
    }

    /// The configured seed.
    pub fn seed_value(&self) -> u64 {
        self.seed
    }

    /// The configured cluster domain.
    pub fn domain_name(&self) -> &str {
        &self.domain
    }

    /// Checks the configuration without building a cluster: CIDRs parse, every node gets a
    /// pod CIDR, the NodePort range is ordered, names are valid.
    ///
    /// ```
    /// use kubelite::ClusterConfig;
    /// assert!(ClusterConfig::minikube().validate().is_ok());
    /// assert!(ClusterConfig::minikube().service_cidr("10.96.0.0/33").validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.resolve().map(|_| ())
    }

    /// Parses and checks the configuration.
    pub(crate) fn resolve(&self) -> Result<ResolvedConfig, ConfigError> {
        let pod_cidr: Ipv4Cidr = self
            .pod_cidr
            .parse()
            .map_err(|e| ConfigError::new("pod CIDR", e))?;
        let service_cidr: Ipv4Cidr = self
            .service_cidr
            .parse()
            .map_err(|e| ConfigError::new("service CIDR", e))?;
        let nodes = self.node_list();
        if nodes.is_empty() {
            return Err(ConfigError::new(
                "nodes",
                "a cluster needs at least one node",
            ));
        }
        let mut resolved_nodes = Vec::with_capacity(nodes.len());
        for (i, node) in nodes.into_iter().enumerate() {
            crate::validation::is_dns1123_subdomain(&node.name)
                .map_err(|e| ConfigError::new("node name", format!("{:?}: {e}", node.name)))?;
            let cidr = match &node.pod_cidr {
                Some(c) => c
                    .parse()
                    .map_err(|e| ConfigError::new("node pod CIDR", e))?,
                None => pod_cidr
                    .subnet(24.max(pod_cidr.prefix()), i as u64)
                    .ok_or_else(|| {
                        ConfigError::new(
                            "pod CIDR",
                            format!(
                                "{pod_cidr} has no room for a /24 for each of {} nodes",
                                i + 1
                            ),
                        )
                    })?,
            };
            resolved_nodes.push((node, cidr));
        }
        let (first, last) = self.node_ports;
        if last < first {
            return Err(ConfigError::new(
                "node port range",
                format!("{first}-{last}: the end is before the start"),
            ));
        }
        if self.max_endpoints_per_slice == 0 || self.max_endpoints_per_slice > 1000 {
            return Err(ConfigError::new(
                "max endpoints per slice",
                "must be between 1 and 1000",
            ));
        }
        crate::validation::is_dns1123_subdomain(&self.domain)
            .map_err(|e| ConfigError::new("domain", e))?;
        if let Some(pool) = &self.load_balancer_pool {
            pool.parse::<Ipv4Cidr>()
                .map_err(|e| ConfigError::new("load balancer pool", e))?;
        }
        Ok(ResolvedConfig {
            nodes: resolved_nodes,
            service_cidr,
        })
    }
}

/// A configuration after parsing: CIDRs as values, every node with its pod CIDR.
#[derive(Clone, Debug)]
pub(crate) struct ResolvedConfig {
    pub(crate) nodes: Vec<(NodeConfig, Ipv4Cidr)>,
    pub(crate) service_cidr: Ipv4Cidr,
}

/// A [`ClusterConfig`] that cannot describe a cluster.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid cluster configuration: {what}: {detail}")]
pub struct ConfigError {
    what: &'static str,
    detail: String,
}

impl ConfigError {
    fn new(what: &'static str, detail: impl ToString) -> Self {
        ConfigError {
            what,
            detail: detail.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minikube_defaults() {
        let r = ClusterConfig::minikube().resolve().expect("valid");
        assert_eq!(r.nodes.len(), 1);
        assert_eq!(r.nodes[0].0.name, "minikube");
        assert_eq!(r.nodes[0].0.internal_ip, Ipv4Addr::new(192, 168, 49, 2));
        assert_eq!(r.nodes[0].1.to_string(), "10.244.0.0/24");
        assert_eq!(r.service_cidr.to_string(), "10.96.0.0/12");
    }

    #[test]
    fn kind_and_multi_node_names() {
        let names: Vec<String> = ClusterConfig::kind()
            .nodes(3)
            .node_list()
            .into_iter()
            .map(|n| n.name)
            .collect();
        assert_eq!(names, ["kind-control-plane", "kind-worker", "kind-worker2"]);
        let nodes = ClusterConfig::multi_node(2).node_list();
        assert_eq!(nodes[1].name, "minikube-m02");
        assert_eq!(nodes[1].internal_ip, Ipv4Addr::new(192, 168, 49, 3));
        assert_eq!(nodes[1].zone.as_deref(), Some("zone-b"));
    }

    #[test]
    fn bad_configs_are_errors() {
        assert!(
            ClusterConfig::minikube()
                .pod_cidr("10.244.0.0")
                .resolve()
                .is_err()
        );
        assert!(
            ClusterConfig::minikube()
                .node_port_range(32767, 30000)
                .resolve()
                .is_err()
        );
        assert!(ClusterConfig::minikube().nodes(0).resolve().is_err());
        let err = ClusterConfig::minikube()
            .pod_cidr("10.244.0.0/23")
            .nodes(3)
            .resolve()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid cluster configuration: pod CIDR: 10.244.0.0/23 has no room for a /24 for each of 3 nodes"
        );
    }
}
