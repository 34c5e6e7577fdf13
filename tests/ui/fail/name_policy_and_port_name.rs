fn main() {
    let cluster = kubelite::cluster! {
    namespace default {
        network_policy "-deny" {}
        deployment web { image: "nginx", ports: [HTTP: 80, "two--hyphens": 81] }
    }
    };
    // The fallback keeps the type: no secondary errors from using the cluster.
    let _ = cluster.now();
}
