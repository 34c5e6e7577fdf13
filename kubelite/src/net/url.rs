//! The part of URL parsing a client needs: scheme, host, port, path and query.

/// A parsed `http://host[:port][/path][?query]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Url<'a> {
    pub(crate) host: &'a str,
    pub(crate) port: u16,
    /// Path and query as sent on the request line (`/` at least).
    pub(crate) target: &'a str,
    /// Whether the port was written out (it then appears in the `host` header).
    pub(crate) explicit_port: bool,
}

/// Parses a URL as curl does: a missing scheme means `http`; `https` defaults to 443.
pub(crate) fn parse(url: &str) -> Result<Url<'_>, String> {
    let (scheme, rest) = match url.split_once("://") {
        Some((s, r)) => (s, r),
        None => ("http", url),
    };
    let default_port = match scheme.to_ascii_lowercase().as_str() {
        "http" => 80,
        "https" => 443,
        other => return Err(format!("Protocol \"{other}\" not supported or disabled")),
    };
    let (authority, target) = match rest.find(['/', '?']) {
        Some(i) if rest[i..].starts_with('/') => (&rest[..i], &rest[i..]),
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
    let (host, port, explicit_port) = match authority.rsplit_once(':') {
        Some((h, p)) => {
            let port = p.parse::<u16>().ok().filter(|p| *p != 0).ok_or_else(|| {
                format!("Port number was not a decimal number between 0 and 65535: {p}")
            })?;
            (h, port, true)
        }
        None => (authority, default_port, false),
    };
    if host.is_empty() {
        return Err("No host part in the URL".into());
    }
    Ok(Url {
        host,
        port,
        target,
        explicit_port,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_curl_style_urls() {
        let u = parse("http://echo-service:8080").expect("valid");
        assert_eq!((u.host, u.port, u.target), ("echo-service", 8080, "/"));
        let u = parse("echo-service/a?b=1").expect("valid");
        assert_eq!((u.host, u.port, u.target), ("echo-service", 80, "/a?b=1"));
        assert!(parse("ftp://x").is_err());
        assert!(parse("http://x:99999/").is_err());
        assert!(parse("http://:80/").is_err());
    }
}
