//! Helpers shared by the runtime test files.

use kubelite::Cluster;
use kubelite::api::Service;

/// Applies the Service most runtime tests start from: `web`, selecting `app=web`, port 80.
pub fn apply_web_service(cluster: &Cluster) {
    let svc = Service::builder("web")
        .selector("app", "web")
        .port(80)
        .build()
        .expect("svc");
    cluster.apply(svc).expect("service");
}
