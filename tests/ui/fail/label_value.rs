fn main() {
    let cluster = kubelite::cluster! {
    namespace default { pod web { image: "nginx", labels: { app: "web!" } } }
    };
    // The fallback keeps the type: no secondary errors from using the cluster.
    let _ = cluster.now();
}
