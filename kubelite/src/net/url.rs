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
    /// `host:port` as written, when that is how the header spells it (a port without sign
    /// or leading zero): the header is then borrowed rather than rebuilt.
    pub(crate) authority: Option<&'a str>,
}

/// Parses a URL as curl does: a missing scheme means `http`; `https` defaults to 443.
pub(crate) fn parse(url: &str) -> Result<Url<'_>, String> {
    let (scheme, rest) = match url.split_once("://") {
        Some((s, r)) => (s, r),
        None => ("http", url),
    };
    let default_port = if scheme.eq_ignore_ascii_case("http") {
        80
    } else if scheme.eq_ignore_ascii_case("https") {
        443
    } else {
        let other = scheme.to_ascii_lowercase();
        return Err(format!("Protocol \"{other}\" not supported or disabled"));
    };
    let (authority, target) = match rest.find(['/', '?']) {
        Some(i) if rest[i..].starts_with('/') => (&rest[..i], &rest[i..]),
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
    let (host, port, explicit_port, authority) = match authority.rsplit_once(':') {
        Some((h, p)) => {
            let port = p.parse::<u16>().ok().filter(|p| *p != 0).ok_or_else(|| {
                format!("Port number was not a decimal number between 0 and 65535: {p}")
            })?;
            // `host:port` as written is the Host header when the port is written the way
            // it prints (no sign, no leading zero); otherwise the header is rebuilt.
            let canonical = p.bytes().all(|b| b.is_ascii_digit()) && !p.starts_with('0');
            (h, port, true, canonical.then_some(authority))
        }
        None => (authority, default_port, false, None),
    };
    if host.is_empty() {
        return Err("No host part in the URL".into());
    }
    Ok(Url {
        host,
        port,
        target,
        explicit_port,
        authority,
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
        let u = parse("HTTP://user@web:8080/").expect("valid");
        assert_eq!(
            (u.port, u.explicit_port, u.authority),
            (8080, true, Some("web:8080"))
        );
        let u = parse("http://web:08080/").expect("valid");
        assert_eq!((u.port, u.explicit_port, u.authority), (8080, true, None));
        assert_eq!(parse("http://web/").expect("valid").authority, None);
        assert!(parse("http://x:99999/").is_err());
        assert!(parse("http://:80/").is_err());
    }
}
