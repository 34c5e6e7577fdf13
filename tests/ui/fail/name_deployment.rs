fn main() {
    let cluster = kubelite::cluster! {
    namespace default { deployment Echo { image: "nginx" } }
    };
    // The fallback keeps the type: no secondary errors from using the cluster.
    let _ = cluster.now();
}
