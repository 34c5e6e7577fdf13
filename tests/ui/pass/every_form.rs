fn main() {
    let extra = kubelite::api::Pod::builder("extra").image("nginx").build().expect("valid");
    let cluster = kubelite::cluster! {
        config {
            seed: 3, nodes: 3, pod_cidr: "10.200.0.0/16", service_cidr: "10.100.0.0/16",
            domain: "cluster.local", node_ports: 31000..=31999, proxy: ipvs(lc),
        }
        namespace "web-shop" (labels: { "app.kubernetes.io/part-of": shop, tier: front }) {
            deployment front {
                image: "nginx:1.27",
                replicas: 3,
                labels: { app: front, tier: web },
                ports: [http: 80, metrics: 9100, 8443],
                env: { MODE: "prod", "LOG.LEVEL": "debug" },
                command: ["nginx"],
                args: ["-g", "daemon off;"],
                readiness: { initial_delay_seconds: 5 },
                strategy: RollingUpdate { max_surge: 1, max_unavailable: "0%" },
            }
            deployment batch { image: "busybox", strategy: Recreate }
            pod debug-1 {
                image: "busybox", labels: { app: debug }, ports: [dns: 53],
                node: minikube-m02, hostname: dbg, subdomain: front-headless,
            }
            service front: NodePort {
                selector: { app: front },
                labels: { app: front },
                ports: [http: 80 => http @ 31080, metrics: 9100 => 9100, dns: 53 => 53 / udp],
                session_affinity: ClientIP(600),
                external_traffic_policy: Local,
                internal_traffic_policy: Local,
            }
            service lb: LoadBalancer { selector: { app: front }, ports: [443 => 8443] }
            service front-headless { selector: { app: front }, headless, publish_not_ready_addresses: true }
            service search: ExternalName { external_name: "search.example.com" }
            service legacy { selector: { app: legacy }, ports: [8080], allow_unmatched }
            service fixed: ClusterIP { selector: { app: debug }, ports: [53 / udp], cluster_ip: "10.100.0.53" }
            network_policy front-ingress {
                pod_selector: { app: front },
                policy_types: [Ingress, Egress],
                ingress: [
                    { from: [{ pod_selector: { app: debug } }, { namespace_selector: { team: a } }], ports: [http, 80, 9000..=9100 / tcp] },
                    { from: [{ pod_selector: { app: x }, namespace_selector: {} }, { ip_block: { cidr: "10.0.0.0/8", except: ["10.1.0.0/16"] } }] },
                ],
                egress: [{ to: [{ ip_block: { cidr: "0.0.0.0/0" } }], ports: [53 / udp, dns / udp] }],
            }
        }
        yaml "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: from-yaml\n"
        object(extra)
    };
    let _ = cluster.now();
    let _ = kubelite::try_cluster! { config { proxy: nftables } };
    let _ = kubelite::cluster! { config { proxy: iptables } namespace "default" (labels: { x: y }) {} };
}
