//! Requests from many threads while another scales and restarts the Deployment: no panic,
//! no deadlock, every answer from a pod that was an endpoint of the Service when the
//! request was routed, every failure typed.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use kubelite::Cluster;
use kubelite::api::{Deployment, EndpointSlice, Pod, Service};
use kubelite::net::{NetErrorKind, Origin};

/// The pods kube-proxy may send Service `echo`'s traffic to right now: ready endpoints, and
/// serving-terminating ones (the fallback when none is ready), as `"default/<pod>"`.
fn endpoint_pods(cluster: &Cluster) -> BTreeSet<String> {
    cluster
        .list::<EndpointSlice>(Some("default"), "kubernetes.io/service-name=echo")
        .expect("slices")
        .iter()
        .flat_map(|s| s.endpoints.iter())
        .filter(|e| e.is_ready() || (e.is_serving() && e.is_terminating()))
        .filter_map(|e| e.target_ref.as_ref()?.name.clone())
        .map(|name| format!("default/{name}"))
        .collect()
}

/// The endpoint sets of every state the cluster went through, in order, and how many
/// have been recorded.
///
/// Why this check is sound: only the writer thread changes the cluster. After each write it
/// reads the endpoints of the state that write produced (no other write can come between)
/// and appends them as generation `g`, then publishes `g`. A request runs under the state's
/// read lock, so it sees exactly one state. If a reader saw `published = a` before sending
/// and `published = b` after the response, that state came after write `a` was published
/// and before write `b + 2` started (write `b + 1` may have finished without being
/// published yet), so it is one of generations `a ..= b + 1`. The pod that served the
/// request must be an endpoint in at least one of those states. This is looser than
/// "that exact state" only by the generations that overlapped the request, never wrong.
struct History {
    generations: Mutex<Vec<BTreeSet<String>>>,
    published: AtomicUsize,
}

impl History {
    fn record(&self, cluster: &Cluster) {
        let set = endpoint_pods(cluster);
        let mut generations = self.generations.lock().expect("history");
        generations.push(set);
        self.published
            .store(generations.len() - 1, Ordering::SeqCst);
    }
}

/// One successful request: the generations published around it and the pod that served it.
struct Served {
    before: usize,
    after: usize,
    pod: String,
}

#[test]
fn requests_while_the_deployment_churns() {
    let cluster = Arc::new(Cluster::new());
    let d = Deployment::builder("echo")
        .image("k8s.gcr.io/echoserver:1.4")
        .replicas(2);
    cluster.apply(d.build().expect("d")).expect("apply");
    let svc = Service::builder("echo").selector("app", "echo").port(8080);
    cluster.apply(svc.build().expect("svc")).expect("apply");
    let client = Pod::builder("client").image("busybox");
    cluster.apply(client.build().expect("pod")).expect("apply");
    cluster.advance(Duration::from_secs(30));
    let history = Arc::new(History {
        generations: Mutex::new(Vec::new()),
        published: AtomicUsize::new(0),
    });
    history.record(&cluster);
    let writer = {
        let cluster = Arc::clone(&cluster);
        let history = Arc::clone(&history);
        thread::spawn(move || {
            for i in 0..50u32 {
                cluster.scale("default", "echo", 1 + i % 4).expect("scale");
                history.record(&cluster);
                if i % 10 == 0 {
                    cluster.rollout_restart("default", "echo").expect("restart");
                    history.record(&cluster);
                }
                cluster.advance(Duration::from_secs(3));
                history.record(&cluster);
            }
        })
    };
    let readers: Vec<_> = (0..4)
        .map(|_| {
            let cluster = Arc::clone(&cluster);
            let history = Arc::clone(&history);
            thread::spawn(move || {
                let mut served = Vec::new();
                let mut failed = 0usize;
                for _ in 0..10_000 {
                    let before = history.published.load(Ordering::SeqCst);
                    let result =
                        cluster.request(Origin::pod("default/client"), "http://echo:8080/");
                    let after = history.published.load(Ordering::SeqCst);
                    match result {
                        Ok(r) => {
                            assert_eq!(r.status(), 200);
                            let pod = r.served_by().expect("served by a pod").to_owned();
                            served.push(Served { before, after, pod });
                        }
                        Err(e) => {
                            assert!(
                                matches!(
                                    e.kind(),
                                    NetErrorKind::ConnectionRefused | NetErrorKind::Timeout
                                ),
                                "{e}"
                            );
                            failed += 1;
                        }
                    }
                }
                (served, failed)
            })
        })
        .collect();
    writer.join().expect("writer");
    let results: Vec<(Vec<Served>, usize)> = readers
        .into_iter()
        .map(|r| r.join().expect("reader"))
        .collect();
    let generations = history.generations.lock().expect("history");
    let mut total = 0;
    let mut distinct = BTreeSet::new();
    for (served, failed) in &results {
        total += served.len() + failed;
        for s in served {
            let last = (s.after + 1).min(generations.len() - 1);
            assert!(
                generations[s.before..=last]
                    .iter()
                    .any(|g| g.contains(&s.pod)),
                "{} answered, but it was no endpoint of Service echo in generations {}..={last}: {:?}",
                s.pod,
                s.before,
                &generations[s.before..=last]
            );
            distinct.insert(s.pod.clone());
        }
    }
    assert_eq!(total, 40_000);
    // The churn was real: restarts and scaling put many pods behind the Service.
    assert!(distinct.len() > 4, "{distinct:?}");
}
