fn main() {
    let cluster = kubelite::cluster! {
    namespace default {
        deployment kibana { image: "kibana:7.6.1" }
        service kibana { selector: { app: kibana }, ports: [5601 => 5601 @ 30937] }
    }
    };
    // The fallback keeps the type: no secondary errors from using the cluster.
    let _ = cluster.now();
}
