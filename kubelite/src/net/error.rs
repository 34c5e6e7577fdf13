//! [`NetError`]: why a request got no response, in the user's terms.

use std::fmt;
use std::net::Ipv4Addr;

use super::policy::Verdict;
use super::trace::Trace;

/// What kind of failure a client sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NetErrorKind {
    /// The name did not resolve (curl exit code 6).
    CouldNotResolve,
    /// The connection was refused: nothing listens, or a Service without endpoints
    /// REJECTs (curl exit code 7).
    ConnectionRefused,
    /// Packets were dropped: no route, an undefined Service port, a policy denial, a
    /// `Local` traffic policy without local endpoints (curl exit code 28).
    Timeout,
    /// The URL is malformed (curl exit code 3).
    BadUrl,
    /// The client pod does not exist or is not running.
    NoSuchOrigin,
}

impl NetErrorKind {
    /// The exit code curl reports for this failure.
    pub fn curl_exit_code(self) -> i32 {
        match self {
            NetErrorKind::CouldNotResolve => 6,
            NetErrorKind::ConnectionRefused => 7,
            NetErrorKind::Timeout => 28,
            NetErrorKind::BadUrl => 3,
            NetErrorKind::NoSuchOrigin => 1,
        }
    }
}

/// A request that got no response: its kind, an explanation, an optional cheap fix and
/// the trace up to the failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetError {
    pub(crate) kind: NetErrorKind,
    pub(crate) host: String,
    pub(crate) address: Option<Ipv4Addr>,
    pub(crate) port: u16,
    pub(crate) message: String,
    pub(crate) hint: Option<String>,
    pub(crate) trace: Trace,
    /// The NetworkPolicy verdict when a policy dropped the request (or its DNS query).
    pub(crate) verdict: Option<Box<Verdict>>,
}

impl NetError {
    pub(crate) fn new(kind: NetErrorKind, message: impl Into<String>) -> NetError {
        NetError {
            kind,
            host: String::new(),
            address: None,
            port: 0,
            message: message.into(),
            hint: None,
            trace: Trace::default(),
            verdict: None,
        }
    }

    /// The kind of failure.
    pub fn kind(&self) -> NetErrorKind {
        self.kind
    }

    /// The explanation, in the user's terms.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// A suggested fix, when one is cheap to find.
    pub fn suggestion(&self) -> Option<&str> {
        self.hint.as_deref()
    }

    /// The host as written in the URL.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The address connected to, once the name resolved.
    pub fn address(&self) -> Option<Ipv4Addr> {
        self.address
    }

    /// The destination port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The NetworkPolicy verdict when a policy dropped the connection or the DNS query
    /// before it: which direction denied it and the policies that decided.
    pub fn policy_verdict(&self) -> Option<&Verdict> {
        self.verdict.as_deref()
    }

    /// The hops up to the failure.
    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    /// The exit code curl reports for this failure (6, 7, 28, 3).
    pub fn curl_exit_code(&self) -> i32 {
        self.kind.curl_exit_code()
    }

    /// What curl prints for this failure (`curl: (7) Failed to connect to ...`).
    pub fn curl_message(&self) -> String {
        let code = self.curl_exit_code();
        let target = match self.address {
            Some(ip) => ip.to_string(),
            None => self.host.clone(),
        };
        match self.kind {
            NetErrorKind::CouldNotResolve => {
                format!("curl: ({code}) Could not resolve host: {}", self.host)
            }
            NetErrorKind::ConnectionRefused => format!(
                "curl: ({code}) Failed to connect to {} port {} after 0 ms: Connection refused",
                self.host_or(&target),
                self.port
            ),
            NetErrorKind::Timeout => format!(
                "curl: ({code}) Failed to connect to {} port {} after 10000 ms: Connection timed out",
                self.host_or(&target),
                self.port
            ),
            NetErrorKind::BadUrl => format!("curl: ({code}) {}", self.message),
            NetErrorKind::NoSuchOrigin => format!("curl: ({code}) {}", self.message),
        }
    }

    fn host_or<'a>(&'a self, fallback: &'a str) -> &'a str {
        if self.host.is_empty() {
            fallback
        } else {
            &self.host
        }
    }

    /// The message, the suggestion and the trace, for people.
    pub fn explain(&self) -> String {
        let mut out = self.message.clone();
        if let Some(hint) = &self.hint {
            out.push_str("\nhint: ");
            out.push_str(hint);
        }
        if !self.trace.hops().is_empty() {
            out.push_str("\ntrace:\n");
            out.push_str(&self.trace.to_string());
        }
        out
    }
}

impl fmt::Display for NetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

impl std::error::Error for NetError {}
