fn main() {
    let cluster = kubelite::cluster! {
    namespace default {
        deployment echo-minikube { image: "k8s.gcr.io/echoserver:1.4" }
        service echo-service { selector: { app: "echo-minkube" }, ports: [8080] }
    }
    };
    // The fallback keeps the type: no secondary errors from using the cluster.
    let _ = cluster.now();
}
