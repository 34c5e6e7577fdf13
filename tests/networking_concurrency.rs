//! Requests from many threads while another scales and restarts the Deployment: no panic,
//! no deadlock, every answer from an echo pod, every failure typed.

use std::sync::Arc;
use std::thread;
use std::time::Duration;

use kubelite::Cluster;
use kubelite::api::{Deployment, Pod, Service};
use kubelite::net::{NetErrorKind, Origin};

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
    let writer = {
        let cluster = Arc::clone(&cluster);
        thread::spawn(move || {
            for i in 0..50u32 {
                cluster.scale("default", "echo", 1 + i % 4).expect("scale");
                if i % 10 == 0 {
                    cluster.rollout_restart("default", "echo").expect("restart");
                }
                cluster.advance(Duration::from_secs(3));
            }
        })
    };
    let readers: Vec<_> = (0..4)
        .map(|_| {
            let cluster = Arc::clone(&cluster);
            thread::spawn(move || {
                let (mut ok, mut failed) = (0, 0);
                for _ in 0..10_000 {
                    match cluster.request(Origin::pod("default/client"), "http://echo:8080/") {
                        Ok(r) => {
                            assert_eq!(r.status(), 200);
                            assert!(
                                r.served_by()
                                    .is_some_and(|p| p.starts_with("default/echo-"))
                            );
                            ok += 1;
                        }
                        Err(e) => {
                            assert!(matches!(
                                e.kind(),
                                NetErrorKind::ConnectionRefused | NetErrorKind::Timeout
                            ));
                            failed += 1;
                        }
                    }
                }
                (ok, failed)
            })
        })
        .collect();
    writer.join().expect("writer");
    let total: usize = readers
        .into_iter()
        .map(|r| r.join().expect("reader"))
        .map(|(ok, failed)| ok + failed)
        .sum();
    assert_eq!(total, 40_000);
}
