fn main() {
    let cluster = kubelite::cluster! {
    namespace default { deployment web { imgae: "nginx", image: "nginx" } }
    };
    // The fallback keeps the type: no secondary errors from using the cluster.
    let _ = cluster.now();
}
