fn main() {
    let cluster = kubelite::cluster! {
    namespace default { deployment web { replicas: 2 } }
    };
    // The fallback keeps the type: no secondary errors from using the cluster.
    let _ = cluster.now();
}
