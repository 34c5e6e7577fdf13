fn main() {
    let cluster = kubelite::cluster! {
    namespace default { deploymnet web { image: "nginx" } }
    };
    // The fallback keeps the type: no secondary errors from using the cluster.
    let _ = cluster.now();
}
