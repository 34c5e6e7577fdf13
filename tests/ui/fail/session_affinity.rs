fn main() {
    let cluster = kubelite::cluster! {
    namespace default {
        deployment web { image: "nginx" }
        service web { selector: { app: web }, ports: [80], session_affinity: ClientIP(90000) }
    }
    };
    // The fallback keeps the type: no secondary errors from using the cluster.
    let _ = cluster.now();
}
