fn main() {
    let cluster = kubelite::cluster! {
    namespace default {
        pod client { image: "busybox", labels: { run: client } }
        service client { selector: { runn: client }, ports: [80] }
    }
    };
    // The fallback keeps the type: no secondary errors from using the cluster.
    let _ = cluster.now();
}
