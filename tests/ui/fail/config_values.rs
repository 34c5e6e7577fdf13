fn main() {
    let cluster = kubelite::cluster! {
    config { nodes: 0, pod_cidr: "10.244.0.0/33", proxy: ipvs(rrr) }
    };
    // The fallback keeps the type: no secondary errors from using the cluster.
    let _ = cluster.now();
}
