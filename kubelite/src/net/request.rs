//! What a client sends and gets back: [`Origin`], [`Request`] and [`Response`].

use std::fmt;
use std::net::Ipv4Addr;

use super::trace::Trace;

/// Where a request starts.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Origin {
    /// Inside a pod (`"namespace/name"`): it uses cluster DNS and reaches ClusterIPs.
    Pod(String),
    /// The machine running minikube, on the node network (192.168.49.1 for the docker
    /// driver): it reaches node IPs, not ClusterIPs, and does not use cluster DNS.
    Host,
    /// A client elsewhere, with its address (e.g. behind a LoadBalancer).
    External(Ipv4Addr),
}

impl Origin {
    /// A pod, as `"namespace/name"` or just `"name"` (namespace `default`).
    pub fn pod(pod: &str) -> Origin {
        match pod.split_once('/') {
            Some(_) => Origin::Pod(pod.to_owned()),
            None => Origin::Pod(format!("default/{pod}")),
        }
    }

    /// A client outside the cluster at `ip`.
    pub fn external(ip: impl Into<Ipv4Addr>) -> Origin {
        Origin::External(ip.into())
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Pod(p) => write!(f, "pod {p}"),
            Origin::Host => f.write_str("the host"),
            Origin::External(ip) => write!(f, "external client {ip}"),
        }
    }
}

/// An HTTP request: method, URL, headers, body.
///
/// [`Request::get`] sends what `curl URL` sends: `accept: */*` and a curl user agent (the
/// `host` header is added from the URL).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub(crate) method: String,
    pub(crate) url: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: String,
    pub(crate) key: Option<String>,
    pub(crate) trace: bool,
}

/// The user agent [`Request::get`] sends (curl's, as the tutorial's clients are curl).
pub const DEFAULT_USER_AGENT: &str = "curl/7.81.0";

impl Request {
    /// A GET with curl's default headers.
    pub fn get(url: impl Into<String>) -> Request {
        Request::new("GET", url)
    }

    /// A request with any method and curl's default headers.
    pub fn new(method: impl Into<String>, url: impl Into<String>) -> Request {
        Request {
            method: method.into(),
            url: url.into(),
            headers: vec![
                ("user-agent".into(), DEFAULT_USER_AGENT.into()),
                ("accept".into(), "*/*".into()),
            ],
            body: String::new(),
            key: None,
            trace: true,
        }
    }

    /// Adds or replaces a header (names are case-insensitive; an empty value removes it,
    /// as `curl -H 'Name:'` does).
    pub fn header(mut self, name: impl AsRef<str>, value: impl Into<String>) -> Request {
        let name = name.as_ref().to_ascii_lowercase();
        let value = value.into();
        self.headers.retain(|(n, _)| *n != name);
        if !value.is_empty() {
            self.headers.push((name, value));
        }
        self
    }

    /// Sets the body (`curl -d`); a POST body without a content type gets curl's
    /// `application/x-www-form-urlencoded`.
    pub fn body(mut self, body: impl Into<String>) -> Request {
        self.body = body.into();
        if !self.headers.iter().any(|(n, _)| n == "content-type") {
            self.headers.push((
                "content-type".into(),
                "application/x-www-form-urlencoded".into(),
            ));
        }
        self
    }

    /// The key hashing balancers (Maglev) use; the client IP when unset.
    pub fn key(mut self, key: impl Into<String>) -> Request {
        self.key = Some(key.into());
        self
    }

    /// Skips recording the trace (cheaper; [`Response::trace`] is then empty).
    pub fn without_trace(mut self) -> Request {
        self.trace = false;
        self
    }

    /// The method.
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The URL as given.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The headers, lower-case names, in order.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }
}

/// An HTTP response and how the request got there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: String,
    pub(crate) served_by: Option<String>,
    pub(crate) trace: Trace,
}

impl Response {
    /// The status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The reason phrase of the status (`OK`, `Service Unavailable`).
    pub fn reason(&self) -> &'static str {
        reason_phrase(self.status)
    }

    /// The response headers, lower-case names.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// One header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// The pod that answered, `"namespace/name"`.
    pub fn served_by(&self) -> Option<&str> {
        self.served_by.as_deref()
    }

    /// The hops the request took.
    pub fn trace(&self) -> &Trace {
        &self.trace
    }
}

/// The standard reason phrase of an HTTP status code.
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}
