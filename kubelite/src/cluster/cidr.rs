//! IPv4 CIDR blocks (`10.96.0.0/12`): parsing, membership, and addressing by offset.

use std::fmt;
use std::net::Ipv4Addr;
use std::str::FromStr;

/// An IPv4 network in CIDR notation.
///
/// ```
/// use kubelite::cluster::Ipv4Cidr;
/// let cidr: Ipv4Cidr = "10.96.0.0/12".parse()?;
/// assert!(cidr.contains("10.111.255.254".parse()?));
/// assert_eq!(cidr.size(), 1 << 20);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ipv4Cidr {
    network: u32,
    prefix: u8,
}

/// A string that is not an IPv4 CIDR; `Display` is Go's `net.ParseCIDR` wording.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid CIDR address: {0}")]
pub struct CidrParseError(pub String);

impl Ipv4Cidr {
    /// The network `addr/prefix`, with host bits cleared.
    pub fn new(addr: Ipv4Addr, prefix: u8) -> Option<Self> {
        (prefix <= 32).then(|| Ipv4Cidr {
            network: u32::from(addr) & mask(prefix),
            prefix,
        })
    }

    /// The network address.
    pub fn network(self) -> Ipv4Addr {
        Ipv4Addr::from(self.network)
    }

    /// The prefix length.
    pub fn prefix(self) -> u8 {
        self.prefix
    }

    /// Number of addresses in the block (including network and broadcast).
    pub fn size(self) -> u64 {
        1u64 << (32 - u32::from(self.prefix))
    }

    /// Whether `ip` lies in the block.
    pub fn contains(self, ip: Ipv4Addr) -> bool {
        u32::from(ip) & mask(self.prefix) == self.network
    }

    /// The address `offset` after the network address, if inside the block.
    pub fn nth(self, offset: u64) -> Option<Ipv4Addr> {
        (offset < self.size()).then(|| Ipv4Addr::from(self.network.wrapping_add(offset as u32)))
    }

    /// How far `ip` is from the network address, if inside the block.
    pub fn offset_of(self, ip: Ipv4Addr) -> Option<u64> {
        self.contains(ip)
            .then(|| u64::from(u32::from(ip) - self.network))
    }

    /// The `index`-th sub-block of length `prefix` (e.g. the per-node /24s of a /16).
    pub fn subnet(self, prefix: u8, index: u64) -> Option<Ipv4Cidr> {
        if prefix < self.prefix || prefix > 32 {
            return None;
        }
        let count = 1u64 << (prefix - self.prefix);
        if index >= count {
            return None;
        }
        let step = 1u64 << (32 - u32::from(prefix));
        Some(Ipv4Cidr {
            network: self.network.wrapping_add((index * step) as u32),
            prefix,
        })
    }
}

fn mask(prefix: u8) -> u32 {
    if prefix == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(prefix))
    }
}

impl FromStr for Ipv4Cidr {
    type Err = CidrParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || CidrParseError(s.to_owned());
        let (addr, prefix) = s.split_once('/').ok_or_else(err)?;
        let addr: Ipv4Addr = addr.parse().map_err(|_| err())?;
        if prefix.is_empty() || prefix.len() > 2 || !prefix.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let prefix: u8 = prefix.parse().map_err(|_| err())?;
        Ipv4Cidr::new(addr, prefix).ok_or_else(err)
    }
}

impl fmt::Display for Ipv4Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network(), self.prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_normalises() {
        let c: Ipv4Cidr = "10.96.3.4/12".parse().expect("valid");
        assert_eq!(c.to_string(), "10.96.0.0/12");
        for bad in [
            "10.96.0.0",
            "10.96.0.0/33",
            "10.96.0/12",
            "x/1",
            "10.0.0.0/-1",
            "10.0.0.0/ 8",
        ] {
            assert!(bad.parse::<Ipv4Cidr>().is_err(), "{bad}");
        }
    }

    #[test]
    fn subnets_split_like_kubeadm() {
        let c: Ipv4Cidr = "10.244.0.0/16".parse().expect("valid");
        assert_eq!(
            c.subnet(24, 0).map(|s| s.to_string()),
            Some("10.244.0.0/24".into())
        );
        assert_eq!(
            c.subnet(24, 3).map(|s| s.to_string()),
            Some("10.244.3.0/24".into())
        );
        assert_eq!(c.subnet(24, 256), None);
    }
}

/// Parses a dotted-quad address as [`Ipv4Addr::from_str`] does, with a fast path for the
/// canonical form the cluster writes (`10.96.0.10`): the request path reads addresses
/// stored as text (`spec.clusterIP`, `status.podIP`) on every request, and std's generic
/// parser is a visible share of it.
pub(crate) fn parse_ipv4(text: &str) -> Option<Ipv4Addr> {
    let mut octets = [0u8; 4];
    let mut i = 0;
    let mut value: u32 = 0;
    let mut digits = 0;
    for b in text.bytes() {
        match b {
            b'0'..=b'9' => {
                // A leading zero is not canonical: std decides those.
                if digits == 1 && value == 0 {
                    return text.parse().ok();
                }
                value = value * 10 + u32::from(b - b'0');
                digits += 1;
                if value > 255 {
                    return None;
                }
            }
            b'.' if digits > 0 && i < 3 => {
                *octets.get_mut(i)? = u8::try_from(value).ok()?;
                i += 1;
                value = 0;
                digits = 0;
            }
            _ => return text.parse().ok(),
        }
    }
    if i != 3 || digits == 0 {
        return text.parse().ok();
    }
    *octets.get_mut(3)? = u8::try_from(value).ok()?;
    Some(Ipv4Addr::from(octets))
}

#[cfg(test)]
mod parse_tests {
    use super::parse_ipv4;
    use proptest::prelude::*;

    #[test]
    fn agrees_with_std_on_edge_cases() {
        for text in [
            "10.96.0.10",
            "0.0.0.0",
            "255.255.255.255",
            "256.0.0.1",
            "1.2.3",
            "1.2.3.4.5",
            "01.2.3.4",
            "1.2.3.04",
            "1..2.3",
            ".1.2.3",
            "1.2.3.",
            "",
            "a.b.c.d",
            "1.2.3.4 ",
            "1000.1.1.1",
            "0.0.0.00",
        ] {
            assert_eq!(parse_ipv4(text), text.parse().ok(), "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn agrees_with_std(text in "[0-9.]{0,16}") {
            prop_assert_eq!(parse_ipv4(&text), text.parse().ok());
        }

        #[test]
        fn round_trips_every_address(bits in any::<u32>()) {
            let ip = std::net::Ipv4Addr::from(bits);
            prop_assert_eq!(parse_ipv4(&ip.to_string()), Some(ip));
        }
    }
}
