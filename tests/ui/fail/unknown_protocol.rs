fn main() {
    let cluster = kubelite::cluster! {
    namespace default {
        deployment dns { image: "coredns/coredns" }
        service dns { selector: { app: dns }, ports: [53 / udpp] }
    }
    };
    // The fallback keeps the type: no secondary errors from using the cluster.
    let _ = cluster.now();
}
