fn main() {
    let cluster = kubelite::cluster! {
    namespace default { service "web.v1" { ports: [80], allow_unmatched } }
    };
    // The fallback keeps the type: no secondary errors from using the cluster.
    let _ = cluster.now();
}
