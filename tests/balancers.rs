//! Built-in balancers with fixed seeds: exact round robin, uniform random (chi-square),
//! Maglev's minimal disruption, least connections preferring the idle endpoint.

use kubelite::net::balancer::{
    Balancer, Endpoint, LeastConnections, Maglev, PickContext, PowerOfTwoChoices, Random,
    RoundRobin, SourceHash,
};

fn endpoints(n: u8) -> Vec<Endpoint> {
    (0..n)
        .map(|i| Endpoint::new([10, 244, 0, 10 + i], 8080))
        .collect()
}

#[test]
fn round_robin_is_exact() {
    let eps = endpoints(3);
    let mut rr = RoundRobin::new();
    let ctx = PickContext::new([10, 244, 0, 2]);
    let mut counts = [0; 3];
    for _ in 0..300 {
        counts[rr.pick(&eps, &ctx)] += 1;
    }
    assert_eq!(counts, [100, 100, 100]);
}

#[test]
fn random_passes_chi_square() {
    let eps = endpoints(4);
    let mut r = Random::new(42);
    let ctx = PickContext::new([10, 244, 0, 2]);
    let n = 40_000;
    let mut counts = [0f64; 4];
    for _ in 0..n {
        counts[r.pick(&eps, &ctx)] += 1.0;
    }
    let expected = n as f64 / 4.0;
    let chi2: f64 = counts
        .iter()
        .map(|c| (c - expected).powi(2) / expected)
        .sum();
    // 3 degrees of freedom, p = 0.001.
    assert!(chi2 < 16.27, "chi2 = {chi2}, counts {counts:?}");
}

#[test]
fn maglev_moves_about_one_nth_of_keys() {
    let eps = endpoints(10);
    let mut m = Maglev::new();
    let keys: Vec<PickContext> = (0..10_000)
        .map(|i| PickContext::new([10, 0, 0, 1]).with_key(&format!("user-{i}")))
        .collect();
    let before: Vec<Endpoint> = keys.iter().map(|k| eps[m.pick(&eps, k)].clone()).collect();
    let fewer: Vec<Endpoint> = eps
        .iter()
        .filter(|e| e.ip.octets()[3] != 13)
        .cloned()
        .collect();
    let after: Vec<Endpoint> = keys
        .iter()
        .map(|k| fewer[m.pick(&fewer, k)].clone())
        .collect();
    let moved = before.iter().zip(&after).filter(|(b, a)| b != a).count();
    let lost = before.iter().filter(|b| b.ip.octets()[3] == 13).count();
    // Every key of the removed endpoint must move; hardly any other.
    assert!(moved >= lost);
    let fraction = moved as f64 / keys.len() as f64;
    assert!((0.07..0.14).contains(&fraction), "moved {fraction}");
}

#[test]
fn least_connections_prefers_the_idle_endpoint() {
    let eps = endpoints(2);
    let mut lc = LeastConnections::new();
    let ctx = PickContext::new([10, 244, 0, 2]);
    assert_eq!(lc.pick(&eps, &ctx), 0); // a connection stays open on 0
    assert_eq!(lc.pick(&eps, &ctx), 1);
    lc.release(&eps[1]);
    assert_eq!(lc.pick(&eps, &ctx), 1, "1 is idle again, 0 still busy");
    assert_eq!(lc.open_connections(&eps[0]), 1);
}

#[test]
fn source_hash_is_stable_per_client() {
    let eps = endpoints(5);
    let mut sh = SourceHash::new();
    let a = PickContext::new([10, 244, 0, 7]);
    let first = sh.pick(&eps, &a);
    assert!((0..20).all(|_| sh.pick(&eps, &a) == first));
}

#[test]
fn power_of_two_avoids_the_loaded_endpoint() {
    let eps = endpoints(2);
    let mut p2 = PowerOfTwoChoices::new(9);
    let ctx = PickContext::new([10, 244, 0, 2]);
    let first = p2.pick(&eps, &ctx);
    // With two endpoints both are always drawn: the other one (idle) wins.
    assert_eq!(p2.pick(&eps, &ctx), 1 - first);
}
