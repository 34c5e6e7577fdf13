//! The questions users ask about NetworkPolicy: can this pod reach that one, why (not),
//! and the whole matrix.

use crate::api::{Kind, Pod};
use crate::cluster::ObjectKey;
use crate::cluster::state::State;
use crate::error::{ApiError, Error};
use crate::net::Protocol;
use crate::net::apps::Registry;
use crate::net::policy::{
    self, Connection, Explanation, Peer, PodView, Reachability, egress, ingress, source_end,
};

use super::Cluster;

impl Cluster {
    /// Whether pod `from` can open a connection to pod `to` on `port`/`protocol` (pods as
    /// `"namespace/name"`): NetworkPolicy allows it (the source's egress and the
    /// destination's ingress) and the destination listens there (declares the port among
    /// its `containerPorts`). Unknown pods, and pods without an address yet, cannot.
    ///
    /// ```
    /// use kubelite::Cluster;
    /// use kubelite::api::{NetworkPolicy, Pod};
    /// use kubelite::api::pod::{Container, ContainerPort};
    /// use kubelite::net::Protocol;
    /// let cluster = Cluster::new();
    /// for name in ["client", "web"] {
    ///     let web = Container::new("web", "nginx").port(ContainerPort::new(80));
    ///     cluster.apply(Pod::builder(name).label("app", name).container(web).build()?)?;
    /// }
    /// assert!(cluster.can_connect("default/client", "default/web", 80, Protocol::Tcp));
    /// assert!(!cluster.can_connect("default/client", "default/web", 8080, Protocol::Tcp));
    /// cluster.apply(NetworkPolicy::builder("deny-all").deny_all_ingress().build()?)?;
    /// assert!(!cluster.can_connect("default/client", "default/web", 80, Protocol::Tcp));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn can_connect(&self, from: &str, to: &str, port: u16, protocol: Protocol) -> bool {
        let (from, to) = (pod_key(from), pod_key(to));
        let state = self.read();
        let (Some(src), Some(dst)) = (PodView::of(&state, &from), PodView::of(&state, &to)) else {
            return false;
        };
        src.ip.is_some()
            && dst.ip.is_some()
            && listens(
                &self
                    .net
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .apps,
                dst.pod,
                port,
                protocol,
            )
            && policy::allows(
                &state,
                &Connection {
                    from: Peer::Pod(&from),
                    to_pod: &to,
                    port,
                    protocol,
                },
            )
    }

    /// Why pod `from` can or cannot connect to pod `to` on `port`/`protocol`: for each
    /// direction, the policies and rules that decided, and whether the destination listens.
    ///
    /// ```
    /// use kubelite::Cluster;
    /// use kubelite::api::{NetworkPolicy, Pod};
    /// use kubelite::net::Protocol;
    /// let cluster = Cluster::new();
    /// cluster.apply(Pod::builder("a").image("nginx").build()?)?;
    /// cluster.apply(Pod::builder("b").image("nginx").build()?)?;
    /// cluster.apply(NetworkPolicy::builder("deny-all").deny_all_ingress().build()?)?;
    /// let why = cluster.explain_connection("default/a", "default/b", 80, Protocol::Tcp)?;
    /// assert!(!why.verdict().is_allowed());
    /// assert_eq!(
    ///     why.verdict().ingress().to_string(),
    ///     "ingress to default/b denied (isolated by default/deny-all: no ingress rules)"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn explain_connection(
        &self,
        from: &str,
        to: &str,
        port: u16,
        protocol: Protocol,
    ) -> Result<Explanation, Error> {
        let (from_key, to_key) = (pod_key(from), pod_key(to));
        let state = self.read();
        let dst = view(&state, &to_key)?;
        view(&state, &from_key)?;
        let verdict = policy::judge(
            &state,
            &Connection {
                from: Peer::Pod(&from_key),
                to_pod: &to_key,
                port,
                protocol,
            },
        );
        Ok(Explanation {
            from: display(&from_key),
            to: display(&to_key),
            port,
            protocol,
            verdict,
            listening: listens(
                &self
                    .net
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .apps,
                dst.pod,
                port,
                protocol,
            ),
        })
    }

    /// The reachability matrix of `pods` (`"namespace/name"`, in row and column order) on
    /// `port`/`protocol`: each cell is [`Cluster::can_connect`]. An unknown pod is an error.
    ///
    /// ```
    /// use kubelite::Cluster;
    /// use kubelite::api::{NetworkPolicy, Pod};
    /// use kubelite::api::pod::{Container, ContainerPort};
    /// use kubelite::net::Protocol;
    /// let cluster = Cluster::new();
    /// for name in ["a", "b"] {
    ///     let c = Container::new("web", "nginx").port(ContainerPort::new(80));
    ///     cluster.apply(Pod::builder(name).label("pod", name).container(c).build()?)?;
    /// }
    /// cluster.apply(NetworkPolicy::builder("deny-all").deny_all_ingress().build()?)?;
    /// let matrix = cluster.reachability(&["default/a", "default/b"], 80, Protocol::Tcp)?;
    /// assert_eq!(matrix.to_string(), "-\tdefault/a\tdefault/b\ndefault/a\tX\tX\ndefault/b\tX\tX");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn reachability(
        &self,
        pods: &[&str],
        port: u16,
        protocol: Protocol,
    ) -> Result<Reachability, Error> {
        let keys: Vec<ObjectKey> = pods.iter().map(|p| pod_key(p)).collect();
        let state = self.read();
        for key in &keys {
            view(&state, key)?;
        }
        let net = self
            .net
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Ok(matrix(&state, &net.apps, &keys, port, protocol))
    }

    /// The reachability matrix of every pod of the cluster (or of one namespace), in
    /// namespace and name order.
    pub fn reachability_all(
        &self,
        namespace: Option<&str>,
        port: u16,
        protocol: Protocol,
    ) -> Reachability {
        let state = self.read();
        let keys: Vec<ObjectKey> = state
            .store
            .list(Kind::Pod, namespace)
            .map(|(k, _)| k.clone())
            .collect();
        let net = self
            .net
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        matrix(&state, &net.apps, &keys, port, protocol)
    }
}

fn pod_key(pod: &str) -> ObjectKey {
    let (namespace, name) = pod.split_once('/').unwrap_or(("default", pod));
    ObjectKey::new(Kind::Pod, namespace, name)
}

fn display(key: &ObjectKey) -> String {
    format!("{}/{}", key.namespace, key.name)
}

fn view<'a>(state: &'a State, key: &'a ObjectKey) -> Result<PodView<'a>, Error> {
    PodView::of(state, key).ok_or_else(|| {
        Error::Api(ApiError::NotFound {
            kind: Kind::Pod,
            name: key.name.to_string(),
        })
    })
}

/// Whether `pod` serves `port`/`protocol`: one of its containers declares it. What a
/// known image listens on without declaring it is the request path's business.
/// Whether a container of the pod serves `port`: declared in its `containerPorts`, or (TCP)
/// opened by the simulated app of its image (the echoserver listens on 8080 whether the
/// Deployment declares it or not, as the real image does).
fn listens(apps: &Registry, pod: &Pod, port: u16, protocol: Protocol) -> bool {
    let by_app = protocol == Protocol::Tcp
        && pod.spec.containers.iter().any(|c| {
            let app = apps.lookup(c.image.as_deref().unwrap_or_default());
            app.listens() && app.ports().contains(&port)
        });
    by_app
        || pod.spec.containers.iter().flat_map(|c| &c.ports).any(|p| {
            p.container_port == i32::from(port)
                && p.protocol
                    .as_deref()
                    .map_or(Some(Protocol::Tcp), |s| s.parse().ok())
                    == Some(protocol)
        })
}

/// Every pair, with each pod resolved once.
fn matrix(
    state: &State,
    apps: &Registry,
    keys: &[ObjectKey],
    port: u16,
    protocol: Protocol,
) -> Reachability {
    let views: Vec<Option<PodView<'_>>> = keys
        .iter()
        .map(|k| PodView::of(state, k).filter(|v| v.ip.is_some()))
        .collect();
    let serving: Vec<bool> = views
        .iter()
        .map(|v| {
            v.as_ref()
                .is_some_and(|v| listens(apps, v.pod, port, protocol))
        })
        .collect();
    let mut allowed = Vec::with_capacity(keys.len() * keys.len());
    for src in &views {
        let end = src.as_ref().map(source_end);
        for (dst, serves) in views.iter().zip(&serving) {
            let ok = match (src, &end, dst) {
                (Some(src), Some(end), Some(dst)) if *serves => {
                    egress(src, dst, port, protocol, false).is_allowed()
                        && ingress(end, dst, port, protocol, false).is_allowed()
                }
                _ => false,
            };
            allowed.push(ok);
        }
    }
    Reachability {
        pods: keys.iter().map(display).collect(),
        port,
        protocol,
        allowed,
    }
}

#[cfg(test)]
mod tests {
    //! The single traffic decisions of the conformance vectors (`trafficCases`, from the
    //! cyclonus matcher's tests), including a source that is a bare address.

    use super::*;
    use crate::cluster::NodeConfig;
    use crate::{Cluster, ClusterConfig};
    use serde_json::{Value, json};

    const VECTORS: &str = include_str!("../../../tests/data/conformance/netpol_cases.json");

    fn pod_doc(name: &str, ns: &str, ip: &str, end: &Value, port: &Value) -> Value {
        let port_name = end
            .get("portName")
            .and_then(Value::as_str)
            .unwrap_or("serve");
        json!({"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "namespace": ns, "labels": end["pod"]["labels"],
                         "annotations": {"kubelite.io/pod-ip": ip}},
            "spec": {"containers": [{"name": "c", "image": "agnhost",
                "ports": [{"name": port_name, "containerPort": port, "protocol": end["protocol"]}]}]}})
    }

    #[test]
    fn cyclonus_traffic_cases() -> Result<(), Box<dyn std::error::Error>> {
        let vectors: Value = serde_json::from_str(VECTORS)?;
        let cases = vectors["trafficCases"].as_array().ok_or("cases")?;
        assert_eq!(cases.len(), 3);
        for case in cases {
            let traffic = &case["traffic"];
            // The pods' /24 as the node's pod CIDR, so their addresses can be pinned.
            let dst_ip: std::net::Ipv4Addr =
                traffic["destination"]["ip"].as_str().ok_or("ip")?.parse()?;
            let [a, b, c, _] = dst_ip.octets();
            let cidr = format!("{a}.{b}.{c}.0/24");
            let node = NodeConfig::new("minikube", [192, 168, 49, 2].into()).pod_cidr(&cidr);
            let config = ClusterConfig::minikube().pod_cidr(&cidr);
            let cluster = Cluster::with_config(config.with_nodes([node]))?;
            // A port known only by name gets a number of our choosing on the pod.
            let port = traffic["port"].as_u64().unwrap_or(8080);
            let mut docs = Vec::new();
            for (role, end) in [
                ("src", &traffic["source"]),
                ("dst", &traffic["destination"]),
            ] {
                let Some(pod) = end.get("pod") else { continue };
                let ns = pod["namespace"].as_str().ok_or("ns")?;
                let mut labels = pod["namespaceLabels"].clone();
                labels["kubernetes.io/metadata.name"] = json!(ns);
                docs.push(json!({"apiVersion": "v1", "kind": "Namespace",
                    "metadata": {"name": ns, "labels": labels}}));
                let mut with_proto = traffic.clone();
                with_proto["pod"] = pod.clone();
                let ip = end["ip"].as_str().ok_or("ip")?;
                docs.push(pod_doc(role, ns, ip, &with_proto, &json!(port)));
            }
            docs.extend(
                case["policies"]
                    .as_array()
                    .ok_or("policies")?
                    .iter()
                    .cloned(),
            );
            let yaml: String = docs.iter().map(|d| format!("---\n{d}\n")).collect();
            cluster.apply_yaml(&yaml)?;
            let dst_ns = traffic["destination"]["pod"]["namespace"]
                .as_str()
                .ok_or("ns")?;
            let dst = ObjectKey::new(Kind::Pod, dst_ns, "dst");
            let src_key = traffic["source"]["pod"]["namespace"]
                .as_str()
                .map(|ns| ObjectKey::new(Kind::Pod, ns, "src"));
            let src_ip: std::net::Ipv4Addr =
                traffic["source"]["ip"].as_str().ok_or("ip")?.parse()?;
            let protocol: Protocol = traffic["protocol"].as_str().ok_or("protocol")?.parse()?;
            let state = cluster.read();
            let connection = Connection {
                from: src_key.as_ref().map_or(Peer::Ip(src_ip), Peer::Pod),
                to_pod: &dst,
                port: u16::try_from(port)?,
                protocol,
            };
            let verdict = policy::judge(&state, &connection);
            assert_eq!(
                verdict.is_allowed(),
                case["allowed"].as_bool().ok_or("allowed")?,
                "{}: {verdict}",
                case["name"]
            );
            assert_eq!(verdict.is_allowed(), policy::allows(&state, &connection));
        }
        Ok(())
    }
}
