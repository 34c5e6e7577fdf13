fn main() {
    let cluster = kubelite::cluster! {
    namespace shop {
        service web { selector: { app: web }, ports: [80] }
    }
    };
    // The fallback keeps the type: no secondary errors from using the cluster.
    let _ = cluster.now();
}
