//! Simulated containers: an [`App`] answers the requests that reach its pod, may make
//! requests of its own through the same network, and writes log lines (what `kubectl logs`
//! shows). A [`Registry`] maps images to apps; users register their own.
//!
//! ```
//! use kubelite::Cluster;
//! use kubelite::api::{Pod, Service};
//! use kubelite::net::Origin;
//! use kubelite::net::apps::{App, AppContext, AppRequest, Reply};
//!
//! #[derive(Debug)]
//! struct Hello;
//! impl App for Hello {
//!     fn name(&self) -> &str { "hello" }
//!     fn ports(&self) -> &[u16] { &[8000] }
//!     fn serve(&self, req: &AppRequest, ctx: &mut AppContext<'_>) -> Reply {
//!         ctx.log(format!("hello {}", req.client));
//!         Reply::text(200, format!("hello from {}\n", ctx.pod()))
//!     }
//! }
//!
//! let cluster = Cluster::new();
//! cluster.register_app("example.com/hello", Hello);
//! cluster.apply(Pod::builder("web").image("example.com/hello:1").build()?)?;
//! cluster.advance(std::time::Duration::from_secs(5));
//! let ip = cluster.get::<Pod>("default", "web")?.status.pod_ip.unwrap_or_default();
//! cluster.apply(Pod::builder("client").image("busybox").build()?)?;
//! cluster.advance(std::time::Duration::from_secs(5));
//! let r = cluster.request(Origin::pod("default/client"), &format!("http://{ip}:8000/"))?;
//! assert_eq!(r.body(), "hello from default/web\n");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod busybox;
mod echoserver;
mod elastic;
mod generic;
mod nginx;

use std::fmt;
use std::net::Ipv4Addr;
use std::sync::Arc;

pub use busybox::Busybox;
pub use echoserver::Echoserver;
pub use elastic::{Elasticsearch, Kibana};
pub use generic::Generic;
pub use nginx::Nginx;

use super::{NetError, Request, Response};
use crate::cluster::fast_hash::FastMap;
use crate::meta::Time;

/// A request as the container sees it. It borrows from the request the client sent: an
/// app that keeps something copies it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct AppRequest<'a> {
    /// The method.
    pub method: &'a str,
    /// Path and query (`/a?b=1`).
    pub target: &'a str,
    /// Headers, lower-case names, in the order sent (`host` first).
    pub headers: Vec<(&'a str, &'a str)>,
    /// The body.
    pub body: &'a str,
    /// The source address the pod sees (after any SNAT).
    pub client: Ipv4Addr,
    /// The port the request arrived on (the container port).
    pub port: u16,
}

impl<'a> AppRequest<'a> {
    /// One header's value.
    pub fn header(&self, name: &str) -> Option<&'a str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }

    /// The path without the query.
    pub fn path(&self) -> &'a str {
        let path = self.target.split('?').next().unwrap_or("/");
        if path.is_empty() { "/" } else { path }
    }

    /// The query string, if any.
    pub fn query(&self) -> Option<&'a str> {
        self.target.split_once('?').map(|(_, q)| q)
    }
}

/// An app's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// Headers, lower-case names.
    pub headers: Vec<(String, String)>,
    /// Body.
    pub body: String,
}

impl Reply {
    /// A `text/plain` answer.
    pub fn text(status: u16, body: impl Into<String>) -> Reply {
        Reply::with_type(status, "text/plain", body)
    }

    /// An answer with a content type.
    pub fn with_type(status: u16, content_type: &str, body: impl Into<String>) -> Reply {
        // Room for the content-length the proxy adds.
        let mut headers = Vec::with_capacity(2);
        headers.push(("content-type".into(), content_type.into()));
        Reply {
            status,
            headers,
            body: body.into(),
        }
    }
}

/// A way for an app to make requests through the cluster network, as its pod.
pub(crate) trait Network {
    fn send(&mut self, request: &Request) -> Result<Response, NetError>;
}

/// What an app sees of its pod while it handles a request: identity, env, ports, clock,
/// its log, and the network.
pub struct AppContext<'a> {
    pub(crate) pod: &'a str,
    pub(crate) pod_ip: Ipv4Addr,
    pub(crate) image: &'a str,
    pub(crate) env: &'a [crate::api::pod::EnvVar],
    pub(crate) ports: &'a [u16],
    pub(crate) now: Time,
    pub(crate) log: Vec<String>,
    pub(crate) network: &'a mut dyn Network,
    pub(crate) downstream: Vec<(String, String)>,
}

impl fmt::Debug for AppContext<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppContext")
            .field("pod", &self.pod)
            .finish_non_exhaustive()
    }
}

impl AppContext<'_> {
    /// The pod, `"namespace/name"`.
    pub fn pod(&self) -> &str {
        self.pod
    }

    /// The pod's name (its hostname).
    pub fn hostname(&self) -> &str {
        self.pod.split_once('/').map_or(self.pod, |(_, n)| n)
    }

    /// The pod's IP.
    pub fn pod_ip(&self) -> Ipv4Addr {
        self.pod_ip
    }

    /// The container's image.
    pub fn image(&self) -> &str {
        self.image
    }

    /// An environment variable of the container (literal values only).
    pub fn env(&self, name: &str) -> Option<&str> {
        self.env
            .iter()
            .find(|e| e.name == name)
            .and_then(|e| e.value.as_deref())
    }

    /// The ports the container listens on.
    pub fn ports(&self) -> &[u16] {
        self.ports
    }

    /// The virtual time.
    pub fn now(&self) -> Time {
        self.now
    }

    /// Writes a line to the container's log.
    pub fn log(&mut self, line: impl Into<String>) {
        self.log.push(line.into());
    }

    /// Sends a request from this pod (DNS with the pod's search list, Services, policy).
    pub fn request(&mut self, request: &Request) -> Result<Response, NetError> {
        let result = self.network.send(request);
        let outcome = match &result {
            Ok(r) => r.status().to_string(),
            Err(e) => e.message().to_owned(),
        };
        self.downstream.push((request.url().to_owned(), outcome));
        result
    }

    /// A GET from this pod.
    pub fn get(&mut self, url: &str) -> Result<Response, NetError> {
        self.request(&Request::get(url).without_trace())
    }
}

/// A simulated container image.
pub trait App: Send + Sync + fmt::Debug {
    /// A short name for traces (`echoserver`).
    fn name(&self) -> &str;

    /// Ports the image listens on whether or not the pod spec declares them (kibana's
    /// 5601); declared `containerPorts` are listened on too.
    fn ports(&self) -> &[u16] {
        &[]
    }

    /// Whether the image runs a server at all (`false` for client images like busybox:
    /// nothing listens, whatever the spec declares).
    fn listens(&self) -> bool {
        true
    }

    /// Answers one request.
    fn serve(&self, request: &AppRequest, ctx: &mut AppContext<'_>) -> Reply;
}

/// Apps by image. An image matches its exact reference first, then its repository
/// without the tag, then the repository's last path element (`kibana` matches
/// `docker.elastic.co/kibana/kibana:7.6.1`); no match is a [`Generic`] app.
#[derive(Clone, Debug)]
pub struct Registry {
    apps: FastMap<String, Arc<dyn App>>,
    generic: Arc<dyn App>,
}

impl Default for Registry {
    fn default() -> Self {
        Registry::with_builtins()
    }
}

impl Registry {
    /// No apps: every image is generic.
    pub fn empty() -> Registry {
        Registry {
            apps: FastMap::default(),
            generic: Arc::new(Generic),
        }
    }

    /// The built-in apps: echoserver, kibana, elasticsearch, nginx, busybox and curl images.
    pub fn with_builtins() -> Registry {
        let mut r = Registry::empty();
        let echo: Arc<dyn App> = Arc::new(Echoserver);
        for image in [
            "k8s.gcr.io/echoserver",
            "registry.k8s.io/echoserver",
            "gcr.io/google_containers/echoserver",
            "echoserver",
        ] {
            r.apps.insert(image.into(), echo.clone());
        }
        r.apps.insert("kibana".into(), Arc::new(Kibana));
        r.apps
            .insert("elasticsearch".into(), Arc::new(Elasticsearch));
        r.apps.insert("nginx".into(), Arc::new(Nginx));
        let client: Arc<dyn App> = Arc::new(Busybox);
        for image in [
            "busybox",
            "yauritux/busybox-curl",
            "busybox-curl",
            "curlimages/curl",
            "curl",
            "alpine",
        ] {
            r.apps.insert(image.into(), client.clone());
        }
        r
    }

    /// Registers `app` for an image reference or repository (`example.com/hello` matches
    /// every tag).
    pub fn register(&mut self, image: &str, app: Arc<dyn App>) {
        self.apps.insert(image.to_owned(), app);
    }

    /// The app for an image.
    pub fn lookup(&self, image: &str) -> &Arc<dyn App> {
        if let Some(app) = self.apps.get(image) {
            return app;
        }
        let repo = strip_tag(image);
        if let Some(app) = self.apps.get(repo) {
            return app;
        }
        let last = repo.rsplit('/').next().unwrap_or(repo);
        self.apps.get(last).unwrap_or(&self.generic)
    }
}

/// `repo[:tag][@digest]` → `repo` (a registry port's colon is kept).
fn strip_tag(image: &str) -> &str {
    let image = image.split('@').next().unwrap_or(image);
    match image.rfind(':') {
        Some(i) if !image[i..].contains('/') => &image[..i],
        _ => image,
    }
}

/// The tag of an image (`latest` when none).
pub(crate) fn tag(image: &str) -> &str {
    let image = image.split('@').next().unwrap_or(image);
    match image.rfind(':') {
        Some(i) if !image[i..].contains('/') => &image[i + 1..],
        _ => "latest",
    }
}

/// nginx's `$time_local`: `03/Apr/2020:10:00:00 +0000`.
pub(crate) fn nginx_time(t: Time) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let secs = t.unix_seconds();
    let (y, m, d) = crate::meta::civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    let month = MONTHS
        .get(usize::try_from(m - 1).unwrap_or(0))
        .copied()
        .unwrap_or("Jan");
    format!(
        "{d:02}/{month}/{y}:{:02}:{:02}:{:02} +0000",
        rem / 3600,
        (rem / 60) % 60,
        rem % 60
    )
}

/// An nginx `combined` access log line.
pub(crate) fn access_line(req: &AppRequest, now: Time, status: u16, bytes: usize) -> String {
    let referer = req.header("referer").unwrap_or("-");
    let agent = req.header("user-agent").unwrap_or("-");
    format!(
        "{} - - [{}] \"{} {} HTTP/1.1\" {status} {bytes} \"{referer}\" \"{agent}\"",
        req.client,
        nginx_time(now),
        req.method,
        req.target
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_match_by_reference_repository_and_name() {
        let r = Registry::with_builtins();
        assert_eq!(r.lookup("k8s.gcr.io/echoserver:1.4").name(), "echoserver");
        assert_eq!(
            r.lookup("docker.elastic.co/kibana/kibana:7.6.1").name(),
            "kibana"
        );
        assert_eq!(r.lookup("localhost:5000/app").name(), "generic");
        assert_eq!(strip_tag("localhost:5000/app:1"), "localhost:5000/app");
        assert_eq!(tag("kibana:7.6.1"), "7.6.1");
        assert_eq!(tag("localhost:5000/app"), "latest");
    }

    #[test]
    fn nginx_time_format() {
        assert_eq!(
            nginx_time(crate::cluster::DEFAULT_START),
            "03/Apr/2020:10:00:00 +0000"
        );
    }
}
