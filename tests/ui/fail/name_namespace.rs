fn main() {
    let cluster = kubelite::cluster! {
    namespace My_Team {}
    };
    // The fallback keeps the type: no secondary errors from using the cluster.
    let _ = cluster.now();
}
