fn main() {
    let cluster = kubelite::cluster! {
    config { nodes: 2 }
    namespace default { pod web { image: "nginx", node: minikube-m03 } }
    };
    // The fallback keeps the type: no secondary errors from using the cluster.
    let _ = cluster.now();
}
