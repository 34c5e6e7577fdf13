fn main() {
    let cluster = kubelite::cluster! {
    namespace default {
        network_policy web {
            policy_types: [Ingres],
            ingress: [{ from: [{}, { ip_block: { cidr: "10.0.0.0/8" }, pod_selector: {} }], ports: [9100..=9000] }],
        }
    }
    };
    // The fallback keeps the type: no secondary errors from using the cluster.
    let _ = cluster.now();
}
