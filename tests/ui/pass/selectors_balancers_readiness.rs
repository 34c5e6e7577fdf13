//! The forms added after the first grammar: selector strings, per-Service balancers, pod
//! readiness, seeds from expressions, and `selector!`.
fn main() {
    let seed: u64 = 5;
    let cluster = kubelite::cluster! {
        config { seed: seed * 2 }
        namespace default {
            deployment web { image: "nginx", replicas: 2, labels: { app: web, tier: front }, ports: [80] }
            pod slow { image: "nginx", labels: { app: web, tier: front }, ports: [80], readiness: { initial_delay_seconds: 10 } }
            pod down { image: "nginx", labels: { app: web, tier: front }, ports: [80], ready: false }
            pod up { image: "nginx", labels: { app: web, tier: front }, ports: [80], ready }
            service rr { selector: { app: web }, ports: [80], balancer: round_robin }
            service lc { selector: { app: web }, ports: [80], balancer: least_connections }
            service sh { selector: { app: web }, ports: [80], balancer: source_hash }
            service mh { selector: { app: web }, ports: [80], balancer: maglev }
            service rnd { selector: { app: web }, ports: [80], balancer: random }
            service rnd7 { selector: { app: web }, ports: [80], balancer: random(7) }
            service p2c { selector: { app: web }, ports: [80], balancer: power_of_two(9) }
            network_policy web {
                pod_selector: "app=web, tier in (front, back), !canary",
                ingress: [{ from: [{ pod_selector: "role notin (batch)", namespace_selector: "team" }] }],
                egress: [{ to: [{ namespace_selector: "" }] }],
            }
        }
    };
    let _ = cluster.now();
    let selector: kubelite::labels::Selector = kubelite::selector!("app==web, tier!=db, replicas>1, x<9");
    let _ = kubelite::selector!(r"x notin (a,,b),y");
    let _ = selector;
}
