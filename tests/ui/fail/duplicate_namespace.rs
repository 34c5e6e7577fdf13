fn main() {
    let cluster = kubelite::cluster! {
    namespace shop {}
    namespace shop {}
    };
    // The fallback keeps the type: no secondary errors from using the cluster.
    let _ = cluster.now();
}
