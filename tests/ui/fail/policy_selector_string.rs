fn main() {
    let cluster = kubelite::cluster! {
        namespace default {
            network_policy web {
                pod_selector: "app!=web",
                ingress: [{ from: [{ namespace_selector: "rank>1" }, { pod_selector: "tier in (a" }] }],
            }
        }
    };
    let _ = cluster.now();
}
