fn main() {
    let cluster = kubelite::cluster! {
    config { proxy: iptable }
    };
    // The fallback keeps the type: no secondary errors from using the cluster.
    let _ = cluster.now();
}
