//! The network layer's hot paths: a DNS lookup through a pod's search list, one balancer
//! pick, a Maglev table build, and a request end to end (DNS, kube-proxy, a trivial app)
//! with and without its trace. Run with `cargo bench -p kubelite --bench net`.

use std::time::Duration;

use divan::{Bencher, black_box};
use kubelite::Cluster;
use kubelite::api::{Deployment, Pod, Service};
use kubelite::net::Origin;
use kubelite::net::Request;
use kubelite::net::apps::{App, AppContext, AppRequest, Reply};
use kubelite::net::balancer::{
    Balancer, Endpoint, Maglev, PickContext, PowerOfTwoChoices, Random, RoundRobin,
};

fn main() {
    divan::main();
}

/// An app that answers a constant: what remains is the network's own cost.
#[derive(Debug)]
struct Constant;

impl App for Constant {
    fn name(&self) -> &str {
        "constant"
    }

    fn ports(&self) -> &[u16] {
        &[8080]
    }

    fn serve(&self, _request: &AppRequest, _ctx: &mut AppContext<'_>) -> Reply {
        Reply::text(200, "ok\n")
    }
}

/// Two pods of a trivial app behind Service `web` in `default`, and a client pod.
fn cluster() -> Cluster {
    let cluster = Cluster::new();
    cluster.register_app("example.com/constant", Constant);
    let d = Deployment::builder("web")
        .image("example.com/constant:1")
        .port(8080)
        .replicas(2);
    cluster
        .apply(d.build().expect("deployment"))
        .expect("apply");
    let svc = Service::builder("web").selector("app", "web").port(8080);
    cluster.apply(svc.build().expect("service")).expect("apply");
    let client = Pod::builder("client").image("busybox");
    cluster.apply(client.build().expect("pod")).expect("apply");
    cluster.advance(Duration::from_secs(30));
    cluster
}

/// Lookups as a pod's resolver makes them. The cluster's DNS cache answers a name asked
/// again before the next write (as CoreDNS's `cache` plugin would): these figures are that
/// steady state. (Divan's automatic sample size picks one iteration per sample when the
/// first call is slow, which measures the timer; the sizes are fixed instead.)
mod resolve {
    use super::*;

    fn run(bencher: Bencher, name: &str, found: bool) {
        let cluster = cluster();
        let origin = Origin::pod("default/client");
        assert_eq!(
            cluster.resolve(origin.clone(), name).is_ok(),
            found,
            "{name}"
        );
        bencher
            .with_inputs(|| origin.clone())
            .bench_local_values(|origin| cluster.resolve(origin, black_box(name)));
    }

    /// `web`: answered by the first search-list suffix.
    #[divan::bench(sample_size = 1000)]
    fn short_name(bencher: Bencher) {
        run(bencher, "web", true);
    }

    /// `web.default.svc.cluster.local`: four dots, so the search list comes first and
    /// misses before the name as is answers (as musl and glibc walk it with `ndots:5`).
    #[divan::bench(sample_size = 1000)]
    fn fqdn(bencher: Bencher) {
        run(bencher, "web.default.svc.cluster.local", true);
    }

    /// `nope`: every search-list suffix and the bare name are NXDOMAIN.
    #[divan::bench(sample_size = 1000)]
    fn nxdomain_walk(bencher: Bencher) {
        run(bencher, "nope", false);
    }
}

/// The same lookups when the cache cannot answer: a first lookup after a write. The
/// cluster has 8,192 Services `web-N`, asked in turn; the cache holds 4,096 names between
/// two writes, so no name is asked twice before it empties and every lookup walks the
/// search list (and stores its answer).
mod resolve_uncached {
    use super::*;

    const SERVICES: usize = 8192;

    fn run(bencher: Bencher, name: fn(usize) -> String) {
        let cluster = cluster();
        for i in 0..SERVICES {
            let svc = Service::builder(format!("web-{i}"))
                .selector("app", "web")
                .port(8080);
            cluster.apply(svc.build().expect("service")).expect("apply");
        }
        let origin = Origin::pod("default/client");
        let names: Vec<String> = (0..SERVICES).map(name).collect();
        let mut next = 0;
        bencher
            .with_inputs(|| {
                next = (next + 1) % names.len();
                (origin.clone(), names.get(next).map_or("", String::as_str))
            })
            .bench_local_values(|(origin, name)| cluster.resolve(origin, black_box(name)));
    }

    /// `web-N`: answered by the first search-list suffix.
    #[divan::bench(sample_size = 1000)]
    fn short_name(bencher: Bencher) {
        run(bencher, |i| format!("web-{i}"));
    }

    /// `web-N.default.svc.cluster.local`: three search-list misses first.
    #[divan::bench(sample_size = 1000)]
    fn fqdn(bencher: Bencher) {
        run(bencher, |i| format!("web-{i}.default.svc.cluster.local"));
    }

    /// `nope-N`: every name of the walk is NXDOMAIN.
    #[divan::bench(sample_size = 1000)]
    fn nxdomain_walk(bencher: Bencher) {
        run(bencher, |i| format!("nope-{i}"));
    }
}

mod pick {
    use super::*;

    fn endpoints(n: u8) -> Vec<Endpoint> {
        (0..n)
            .map(|i| Endpoint::new([10, 244, 0, i + 2], 8080))
            .collect()
    }

    fn run(bencher: Bencher, mut balancer: impl Balancer) {
        let eps = endpoints(10);
        let ctx = PickContext::new([10, 244, 0, 200]);
        // Maglev builds its table on the first pick; the figure is the steady state.
        balancer.pick(&eps, &ctx);
        bencher.bench_local(|| {
            let i = balancer.pick(black_box(&eps), black_box(&ctx));
            // What the proxy does when the connection closes (p2c counts open ones).
            if let Some(e) = eps.get(i) {
                balancer.release(e);
            }
            i
        });
    }

    /// IPVS `rr` over ten endpoints.
    #[divan::bench]
    fn round_robin(bencher: Bencher) {
        run(bencher, RoundRobin::new());
    }

    /// iptables/nftables random over ten endpoints.
    #[divan::bench]
    fn random(bencher: Bencher) {
        run(bencher, Random::new(7));
    }

    /// Power of two choices over ten endpoints.
    #[divan::bench]
    fn power_of_two(bencher: Bencher) {
        run(bencher, PowerOfTwoChoices::new(7));
    }

    /// Maglev (65,537 slots) over ten endpoints.
    #[divan::bench]
    fn maglev(bencher: Bencher) {
        run(bencher, Maglev::new());
    }
}

/// Maglev's lookup table (65,537 slots) for 100 endpoints.
#[divan::bench]
fn maglev_build_100(bencher: Bencher) {
    let eps: Vec<Endpoint> = (0..100u8)
        .map(|i| Endpoint::new([10, 244, 1, i + 2], 8080))
        .collect();
    let mut maglev = Maglev::new();
    bencher.bench_local(|| maglev.build(black_box(&eps)));
}

mod request {
    use super::*;

    fn run(bencher: Bencher, request: Request) {
        let cluster = cluster();
        let origin = Origin::pod("default/client");
        let r = cluster.send(origin.clone(), &request).expect("request");
        assert_eq!(r.body(), "ok\n");
        bencher
            .with_inputs(|| origin.clone())
            .bench_local_values(|origin| cluster.send(origin, black_box(&request)));
    }

    /// `GET http://web:8080/` from a pod: DNS, ClusterIP, balancer, policy, app; no trace.
    #[divan::bench(sample_size = 200)]
    fn without_trace(bencher: Bencher) {
        run(bencher, Request::get("http://web:8080/").without_trace());
    }

    /// The same, recording every hop.
    #[divan::bench(sample_size = 200)]
    fn with_trace(bencher: Bencher) {
        run(bencher, Request::get("http://web:8080/"));
    }
}
