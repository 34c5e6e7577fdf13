fn main() {
    let cluster = kubelite::cluster! {
    namepsace default {}
    };
    // The fallback keeps the type: no secondary errors from using the cluster.
    let _ = cluster.now();
}
