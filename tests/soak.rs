//! Concurrency soak: N threads share one `Arc<Cluster>` for a bounded time, mixing requests,
//! DNS lookups, reads and writes (scaling, relabelling, readiness, Services created and
//! deleted, the clock advanced). A watchdog fails the test if the threads do not all finish
//! within a grace period after the deadline (a deadlock); every operation attempted is
//! counted as a success or a failure (no lost requests); afterwards the cluster's endpoints
//! match a brute-force recomputation and no address is held twice.
//!
//! `SOAK_THREADS` (default 4) and `SOAK_SECONDS` (default 2) make it bigger locally.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use kubelite::Cluster;
use kubelite::api::{EndpointSlice, Kind, Pod, Service};
use kubelite::cluster::WatchFilter;
use kubelite::net::Origin;

fn env_number(var: &str, default: u64) -> u64 {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// What one thread did: attempts and their outcomes, per kind of operation.
#[derive(Default, Debug, Clone, Copy)]
struct Tally {
    attempted: u64,
    requests_ok: u64,
    requests_failed: u64,
    reads_ok: u64,
    reads_failed: u64,
    writes_ok: u64,
    writes_failed: u64,
}

impl Tally {
    fn outcomes(&self) -> u64 {
        self.requests_ok
            + self.requests_failed
            + self.reads_ok
            + self.reads_failed
            + self.writes_ok
            + self.writes_failed
    }

    fn add(&mut self, other: &Tally) {
        self.attempted += other.attempted;
        self.requests_ok += other.requests_ok;
        self.requests_failed += other.requests_failed;
        self.reads_ok += other.reads_ok;
        self.reads_failed += other.reads_failed;
        self.writes_ok += other.writes_ok;
        self.writes_failed += other.writes_failed;
    }
}

const SETUP: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 80
---
apiVersion: v1
kind: Pod
metadata:
  name: client
  labels:
    role: client
spec:
  containers:
  - name: client
    image: busybox
";

/// One thread's loop: a cheap deterministic choice of operation per iteration.
fn worker(cluster: &Cluster, id: u64, deadline: Instant) -> Tally {
    let mut t = Tally::default();
    let mut x = 0x9e37_79b9_7f4a_7c15_u64 ^ (id + 1).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    let own_service = format!("t{id}");
    while Instant::now() < deadline {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        t.attempted += 1;
        match x % 10 {
            0..=3 => match cluster.request(Origin::pod("default/client"), "http://web/") {
                Ok(r) if r.status() == 200 && r.served_by().is_some() => t.requests_ok += 1,
                _ => t.requests_failed += 1,
            },
            4 => match cluster.resolve(Origin::pod("default/client"), "web") {
                Ok(_) => t.reads_ok += 1,
                Err(_) => t.reads_failed += 1,
            },
            5 => match cluster.list::<Pod>(Some("default"), "app=web") {
                Ok(_) => t.reads_ok += 1,
                Err(_) => t.reads_failed += 1,
            },
            6 => {
                let ok = cluster
                    .scale("default", "web", 1 + (x >> 8) as u32 % 4)
                    .is_ok();
                if ok {
                    t.writes_ok += 1
                } else {
                    t.writes_failed += 1
                }
            }
            7 => {
                // Readiness or a label of some pod: it may be gone already (a failure).
                let pods = cluster
                    .list::<Pod>(Some("default"), "app=web")
                    .unwrap_or_default();
                let result = match pods.get((x >> 16) as usize % pods.len().max(1)) {
                    Some(p) if x & 0x100 == 0 => cluster
                        .set_pod_ready(&format!("default/{}", p.metadata.name()), x & 0x200 == 0),
                    Some(p) => cluster
                        .set_label(
                            Kind::Pod,
                            "default",
                            p.metadata.name(),
                            "touched",
                            Some("yes"),
                        )
                        .map(drop),
                    None => Err(kubelite::Error::Api(kubelite::ApiError::NotFound {
                        kind: Kind::Pod,
                        name: "web-*".into(),
                    })),
                };
                if result.is_ok() {
                    t.writes_ok += 1
                } else {
                    t.writes_failed += 1
                }
            }
            8 => {
                let result = if x & 0x100 == 0 {
                    cluster
                        .apply_yaml(&format!(
                            "apiVersion: v1\nkind: Service\nmetadata:\n  name: {own_service}\nspec:\n  type: NodePort\n  selector:\n    app: web\n  ports:\n  - port: 80\n"
                        ))
                        .map(drop)
                } else {
                    cluster
                        .delete_object(Kind::Service, "default", &own_service, None)
                        .map(drop)
                };
                if result.is_ok() {
                    t.writes_ok += 1
                } else {
                    t.writes_failed += 1
                }
            }
            _ => {
                cluster.advance(Duration::from_secs(1));
                t.writes_ok += 1;
            }
        }
    }
    t
}

fn is_ready(p: &Pod) -> bool {
    p.status
        .conditions
        .iter()
        .any(|c| c.type_ == "Ready" && c.status == "True")
}

fn check_invariants(cluster: &Cluster) {
    let pods: Vec<Pod> = cluster.list(None, "").expect("pods");
    let services: Vec<Service> = cluster.list(None, "").expect("services");
    let mut ips = BTreeSet::new();
    for p in &pods {
        if let Some(ip) = &p.status.pod_ip {
            assert!(ips.insert(ip.clone()), "pod IP {ip} held twice");
        }
    }
    let mut node_ports = BTreeSet::new();
    for s in &services {
        for ip in &s.spec.cluster_ips {
            assert!(ips.insert(ip.clone()), "IP {ip} held twice");
        }
        for np in s.spec.ports.iter().filter_map(|p| p.node_port) {
            assert!(node_ports.insert(np), "nodePort {np} held twice");
        }
    }
    for s in services
        .iter()
        .filter(|s| s.metadata.namespace() == "default")
    {
        let Some(selector) = s.spec.selector.as_ref().filter(|s| !s.is_empty()) else {
            continue;
        };
        let want: BTreeSet<String> = pods
            .iter()
            .filter(|p| p.metadata.namespace() == "default")
            .filter(|p| {
                selector
                    .iter()
                    .all(|(k, v)| p.metadata.labels.get(k) == Some(v))
            })
            .filter(|p| p.metadata.deletion_timestamp.is_none() && is_ready(p))
            .filter_map(|p| p.status.pod_ip.clone())
            .collect();
        let slices: Vec<EndpointSlice> = cluster
            .list(
                Some("default"),
                &format!("kubernetes.io/service-name={}", s.metadata.name()),
            )
            .expect("slices");
        let got: BTreeSet<String> = slices
            .iter()
            .flat_map(|sl| sl.endpoints.iter())
            .filter(|e| e.conditions.as_ref().and_then(|c| c.ready) == Some(true))
            .flat_map(|e| e.addresses.iter().cloned())
            .collect();
        assert_eq!(got, want, "ready endpoints of {}", s.metadata.name());
    }
    let web: kubelite::api::Deployment = cluster.get("default", "web").expect("web");
    let active = pods
        .iter()
        .filter(|p| p.metadata.labels.get("app") == Some("web"))
        .filter(|p| p.metadata.deletion_timestamp.is_none())
        .count();
    assert_eq!(Some(active as i32), web.spec.replicas, "web's active pods");
}

#[test]
fn threads_share_one_cluster_without_deadlock_or_lost_requests() {
    let threads = env_number("SOAK_THREADS", 4);
    let seconds = env_number("SOAK_SECONDS", 2);
    let cluster = Arc::new(Cluster::new());
    cluster.apply_yaml(SETUP).expect("setup");
    cluster.advance(Duration::from_secs(30));

    // A watcher drains events concurrently, as a test's informer would.
    let watch = cluster.watch(WatchFilter::all());
    let stop = Arc::new(AtomicBool::new(false));
    let events = Arc::new(AtomicU64::new(0));
    let watcher = {
        let (stop, events) = (Arc::clone(&stop), Arc::clone(&events));
        thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                if watch.next_timeout(Duration::from_millis(20)).is_some() {
                    events.fetch_add(1, Ordering::Relaxed);
                }
            }
            events.fetch_add(watch.drain().len() as u64, Ordering::Relaxed);
        })
    };

    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (done, finished) = mpsc::channel();
    for id in 0..threads {
        let cluster = Arc::clone(&cluster);
        let done = done.clone();
        thread::spawn(move || {
            let tally = worker(&cluster, id, deadline);
            // The receiver outlives every sender unless the watchdog already failed.
            let _ = done.send(tally);
        });
    }
    drop(done);

    // Watchdog: every thread reports within a grace period after the deadline.
    let grace = Duration::from_secs(30 + seconds / 10);
    let mut total = Tally::default();
    for n in 0..threads {
        let left = (deadline + grace).saturating_duration_since(Instant::now());
        match finished.recv_timeout(left) {
            Ok(tally) => total.add(&tally),
            Err(e) => panic!("deadlock? only {n} of {threads} threads finished: {e}"),
        }
    }
    stop.store(true, Ordering::Relaxed);
    watcher.join().expect("watcher");

    assert_eq!(
        total.attempted,
        total.outcomes(),
        "lost operations: {total:?}"
    );
    assert!(total.requests_ok > 0, "no request succeeded: {total:?}");
    eprintln!(
        "soak: {threads} threads, {seconds} s: {} operations, {} requests ({} ok, {} failed), {} reads, {} writes, {} watch events",
        total.attempted,
        total.requests_ok + total.requests_failed,
        total.requests_ok,
        total.requests_failed,
        total.reads_ok + total.reads_failed,
        total.writes_ok + total.writes_failed,
        events.load(Ordering::Relaxed),
    );

    // Quiesce: let rollouts and readiness settle, then the invariants hold.
    cluster.advance(Duration::from_secs(120));
    check_invariants(&cluster);
    // Readiness forced off by a thread stays off: lift it, and the Service answers again.
    for p in cluster
        .list::<Pod>(Some("default"), "app=web")
        .expect("pods")
    {
        cluster
            .set_pod_ready(&format!("default/{}", p.metadata.name()), true)
            .expect("ready");
    }
    check_invariants(&cluster);
    let r = cluster
        .request(Origin::pod("default/client"), "http://web/")
        .expect("web still answers");
    assert_eq!(r.status(), 200);
}
