fn main() {
    let cluster = kubelite::cluster! {
        namespace default {
            deployment web { image: "nginx", ports: [80], ready: false }
            service a { selector: { app: web }, ports: [80], balancer: round_robbin }
            service b { selector: { app: web }, ports: [80], balancer: maglev(3) }
            service c { selector: { app: web }, headless, balancer: random }
        }
    };
    let _ = cluster.now();
}
