//! IP and CIDR formats as the API server checks them for Services, Endpoints, EndpointSlices,
//! NetworkPolicy `ipBlock`s and Node pod CIDRs.
//!
//! Parsing follows `k8s.io/utils/net` `ParseIPSloppy`/`ParseCIDRSloppy` (Go's pre-1.17
//! parser: IPv4 octets may carry leading zeros, read as decimal), which is what the
//! validators of these legacy fields accept. The stricter `StrictIPCIDRValidation` checks
//! (no leading zeros, no IPv4-mapped IPv6, no bits past the prefix) are not modelled.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::validation::{ErrorList, FieldError, FieldPath};

const INVALID_IP: &str = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
const INVALID_CIDR: &str = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

/// Go's `dtoi`: decimal digits only (leading zeros allowed), at least one, below 2^24.
fn decimal(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut n: u32 = 0;
    for c in s.bytes() {
        n = n * 10 + u32::from(c - b'0');
        if n >= 0xFF_FFFF {
            return None;
        }
    }
    Some(n)
}

/// Go picks the parser by whichever of `.` and `:` comes first.
fn looks_like_ipv4(s: &str) -> bool {
    s.bytes().find(|c| matches!(c, b'.' | b':')) == Some(b'.')
}

fn parse_ipv4_sloppy(s: &str) -> Option<Ipv4Addr> {
    let mut octets = [0u8; 4];
    let mut parts = s.split('.');
    for octet in &mut octets {
        *octet = u8::try_from(decimal(parts.next()?)?).ok()?;
    }
    parts.next().is_none().then(|| Ipv4Addr::from(octets))
}

/// Parses an IP address as `netutils.ParseIPSloppy` does; IPv4-mapped IPv6 addresses come
/// back as IPv4, as Go's `net.IP` treats them.
///
/// ```
/// use kubelite::validation::parse_ip_sloppy;
/// assert_eq!(parse_ip_sloppy("10.096.0.010").map(|ip| ip.to_string()).as_deref(), Some("10.96.0.10"));
/// assert!(parse_ip_sloppy("2001:db8::1").is_some());
/// assert!(parse_ip_sloppy("myhost.mydomain").is_none());
/// ```
pub fn parse_ip_sloppy(s: &str) -> Option<IpAddr> {
    if looks_like_ipv4(s) {
        return parse_ipv4_sloppy(s).map(IpAddr::V4);
    }
    let v6: Ipv6Addr = s.parse().ok()?;
    Some(match v6.to_ipv4_mapped() {
        Some(v4) => IpAddr::V4(v4),
        None => IpAddr::V6(v6),
    })
}

/// Upstream's `IsValidIP`: `Invalid value: "<v>": must be a valid IP address, (e.g. ...)`.
pub fn is_valid_ip(path: &FieldPath, value: &str) -> ErrorList {
    match parse_ip_sloppy(value) {
        Some(_) => ErrorList::new(),
        None => vec![FieldError::invalid(path.clone(), value, INVALID_IP)],
    }
}

/// Upstream's `ValidateNonSpecialIP`: rejects unspecified, loopback and link-local addresses,
/// which make no sense as endpoints or external IPs.
///
/// ```
/// use kubelite::validation::{validate_non_special_ip, FieldPath};
/// let errs = validate_non_special_ip("127.0.0.1", &FieldPath::new("spec").child("externalIPs").index(0));
/// assert_eq!(
///     errs[0].to_string(),
///     "spec.externalIPs[0]: Invalid value: \"127.0.0.1\": may not be in the loopback range (127.0.0.0/8, ::1/128)"
/// );
/// ```
pub fn validate_non_special_ip(value: &str, path: &FieldPath) -> ErrorList {
    let Some(ip) = parse_ip_sloppy(value) else {
        return vec![FieldError::invalid(
            path.clone(),
            value,
            "must be a valid IP address",
        )];
    };
    let mut errs = ErrorList::new();
    let invalid = |detail: String| FieldError::invalid(path.clone(), value, detail);
    if ip.is_unspecified() {
        errs.push(invalid(format!("may not be unspecified ({value})")));
    }
    if ip.is_loopback() {
        errs.push(invalid(
            "may not be in the loopback range (127.0.0.0/8, ::1/128)".to_owned(),
        ));
    }
    let (link_local_unicast, link_local_multicast) = match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            (a == 169 && b == 254, a == 224 && b == 0 && c == 0)
        }
        IpAddr::V6(v6) => {
            let [a, b, ..] = v6.octets();
            (a == 0xfe && b & 0xc0 == 0x80, a == 0xff && b & 0x0f == 0x02)
        }
    };
    if link_local_unicast {
        errs.push(invalid(
            "may not be in the link-local range (169.254.0.0/16, fe80::/10)".to_owned(),
        ));
    }
    if link_local_multicast {
        errs.push(invalid(
            "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)".to_owned(),
        ));
    }
    errs
}

/// Upstream's `IsValidIPv4Address` (EndpointSlice `addressType: IPv4`).
pub fn is_valid_ipv4_address(path: &FieldPath, value: &str) -> ErrorList {
    match parse_ip_sloppy(value) {
        Some(IpAddr::V4(_)) => ErrorList::new(),
        _ => vec![FieldError::invalid(
            path.clone(),
            value,
            "must be a valid IPv4 address",
        )],
    }
}

/// Upstream's `IsValidIPv6Address` (EndpointSlice `addressType: IPv6`).
pub fn is_valid_ipv6_address(path: &FieldPath, value: &str) -> ErrorList {
    match parse_ip_sloppy(value) {
        Some(IpAddr::V6(_)) => ErrorList::new(),
        _ => vec![FieldError::invalid(
            path.clone(),
            value,
            "must be a valid IPv6 address",
        )],
    }
}

/// An IP network (`10.0.0.0/16`): the address with host bits cleared and the prefix length.
///
/// ```
/// use kubelite::validation::Cidr;
/// let net = Cidr::parse("10.0.1.7/16").expect("valid CIDR");
/// assert_eq!(net.to_string(), "10.0.0.0/16");
/// assert!(net.contains("10.0.200.1".parse()?));
/// assert!(!net.contains("10.1.0.1".parse()?));
/// # Ok::<(), std::net::AddrParseError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Cidr {
    network: IpAddr,
    prefix_len: u8,
}

fn mask_v4(ip: Ipv4Addr, prefix_len: u8) -> Ipv4Addr {
    let bits = u32::from(ip);
    let mask = u32::MAX
        .checked_shl(32 - u32::from(prefix_len))
        .unwrap_or(0);
    Ipv4Addr::from(bits & mask)
}

fn mask_v6(ip: Ipv6Addr, prefix_len: u8) -> Ipv6Addr {
    let bits = u128::from(ip);
    let mask = u128::MAX
        .checked_shl(128 - u32::from(prefix_len))
        .unwrap_or(0);
    Ipv6Addr::from(bits & mask)
}

impl Cidr {
    /// Parses `addr/len` as `netutils.ParseCIDRSloppy` does; `None` when it is not a CIDR.
    pub fn parse(s: &str) -> Option<Cidr> {
        let (addr, len) = s.split_once('/')?;
        let len = u8::try_from(decimal(len)?).ok()?;
        if looks_like_ipv4(addr) {
            let v4 = parse_ipv4_sloppy(addr)?;
            (len <= 32).then(|| Cidr {
                network: IpAddr::V4(mask_v4(v4, len)),
                prefix_len: len,
            })
        } else {
            let v6: Ipv6Addr = addr.parse().ok()?;
            (len <= 128).then(|| Cidr {
                network: IpAddr::V6(mask_v6(v6, len)),
                prefix_len: len,
            })
        }
    }

    /// The network address (host bits cleared).
    pub fn network(&self) -> IpAddr {
        self.network
    }

    /// The prefix length.
    pub fn prefix_len(&self) -> u8 {
        self.prefix_len
    }

    /// Whether `ip` lies in this network (IPv4-mapped IPv6 addresses count as IPv4).
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        match (self.network, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => mask_v4(ip, self.prefix_len) == net,
            (IpAddr::V6(net), IpAddr::V6(ip)) => mask_v6(ip, self.prefix_len) == net,
            _ => false,
        }
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix_len)
    }
}

/// Upstream's `IsValidCIDR`: `Invalid value: "<v>": must be a valid CIDR value, (e.g. ...)`.
pub fn is_valid_cidr(path: &FieldPath, value: &str) -> ErrorList {
    match Cidr::parse(value) {
        Some(_) => ErrorList::new(),
        None => vec![FieldError::invalid(path.clone(), value, INVALID_CIDR)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sloppy_ipv4_reads_leading_zeros_as_decimal() {
        assert_eq!(
            parse_ip_sloppy("010.001.000.009"),
            Some(IpAddr::V4(Ipv4Addr::new(10, 1, 0, 9)))
        );
        for bad in [
            "1.2.3",
            "1.2.3.4.5",
            "1.2.3.256",
            "1..2.3",
            "1.2.3,4",
            "",
            "a.b.c.d",
        ] {
            assert_eq!(parse_ip_sloppy(bad), None, "{bad}");
        }
    }

    #[test]
    fn mapped_ipv6_is_ipv4() {
        assert_eq!(
            parse_ip_sloppy("::ffff:127.0.0.1"),
            Some(IpAddr::V4(Ipv4Addr::LOCALHOST))
        );
    }

    #[test]
    fn cidr_parsing_masks_and_bounds_prefix() {
        let c = Cidr::parse("192.168.1.77/24").expect("valid");
        assert_eq!(c.to_string(), "192.168.1.0/24");
        assert_eq!(Cidr::parse("0.0.0.0/0").map(|c| c.prefix_len()), Some(0));
        assert_eq!(
            Cidr::parse("2001:db8::/64").map(|c| c.prefix_len()),
            Some(64)
        );
        for bad in [
            "1.2.3.4/33",
            "1.2.3.4",
            "1.2.3.4/",
            "::/129",
            "foo/8",
            "1.2.3.4/-1",
        ] {
            assert_eq!(Cidr::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn cidr_contains_respects_family_and_prefix() {
        let c = Cidr::parse("10.0.0.0/8").expect("valid");
        assert!(c.contains("10.255.0.1".parse().expect("ip")));
        assert!(c.contains("::ffff:10.0.0.1".parse().expect("ip")));
        assert!(!c.contains("11.0.0.1".parse().expect("ip")));
        assert!(!c.contains("::1".parse().expect("ip")));
        let all = Cidr::parse("0.0.0.0/0").expect("valid");
        assert!(all.contains("203.0.113.9".parse().expect("ip")));
    }

    #[test]
    fn special_ips_are_reported_with_upstream_details() {
        let p = FieldPath::new("ip");
        let msgs = |v: &str| -> Vec<String> {
            validate_non_special_ip(v, &p)
                .iter()
                .map(|e| e.detail.clone())
                .collect()
        };
        assert_eq!(msgs("0.0.0.0"), ["may not be unspecified (0.0.0.0)"]);
        assert_eq!(msgs("::"), ["may not be unspecified (::)"]);
        assert_eq!(msgs("169.254.1.1").len(), 1);
        assert_eq!(msgs("fe80::1").len(), 1);
        assert_eq!(msgs("224.0.0.251").len(), 1);
        assert_eq!(msgs("ff02::1").len(), 1);
        assert!(msgs("10.244.0.5").is_empty());
        assert_eq!(msgs("nope"), ["must be a valid IP address"]);
    }
}
