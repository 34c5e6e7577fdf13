//! ClusterIP and NodePort allocation as the API server does it: one bitmap per range, a
//! reserved lower band for explicit requests (KEP-3070 for IPs, KEP-3668 for ports), and
//! dynamic allocation from a random start in the upper band, scanning forward.

use std::net::Ipv4Addr;

use super::cidr::Ipv4Cidr;
use super::rng::Rng;

/// Why an allocation failed, in the API server's words.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AllocError {
    /// The requested value lies outside the range.
    #[error("provided {what} is not in the valid range. The range of valid {what}s is {range}")]
    NotInRange {
        /// `IP` or `port`.
        what: &'static str,
        /// The range as configured (`10.96.0.0/12`, `30000-32767`).
        range: String,
    },
    /// The requested value is taken.
    #[error("provided {what} is already allocated")]
    Allocated {
        /// `IP` or `port`.
        what: &'static str,
    },
    /// Nothing is left.
    #[error("range is full")]
    Full,
}

/// A set of offsets `0..max` with upstream's random-scan-with-offset strategy.
#[derive(Clone, Debug)]
struct Bitmap {
    words: Vec<u64>,
    max: u64,
    offset: u64,
    count: u64,
}

impl Bitmap {
    fn new(max: u64, offset: u64) -> Self {
        Bitmap {
            words: vec![0; max.div_ceil(64) as usize],
            max,
            offset: offset.min(max),
            count: 0,
        }
    }

    fn get(&self, at: u64) -> bool {
        self.words
            .get((at / 64) as usize)
            .is_some_and(|w| w & (1 << (at % 64)) != 0)
    }

    fn set(&mut self, at: u64, on: bool) -> bool {
        let Some(word) = self.words.get_mut((at / 64) as usize) else {
            return false;
        };
        let bit = 1u64 << (at % 64);
        let was = *word & bit != 0;
        if on {
            *word |= bit
        } else {
            *word &= !bit
        }
        match (was, on) {
            (false, true) => self.count += 1,
            (true, false) => self.count -= 1,
            _ => {}
        }
        was != on
    }

    /// First free offset from a random start in `[lo, hi)`, wrapping inside it.
    fn scan(&self, lo: u64, hi: u64, rng: &mut Rng) -> Option<u64> {
        let len = hi.checked_sub(lo).filter(|l| *l > 0)?;
        let start = rng.below(len);
        let mut i = 0;
        while i < len {
            let at = lo + (start + i) % len;
            // Skip whole words that are full: a dense band stays fast to scan.
            if at.is_multiple_of(64)
                && i + 64 <= len
                && at + 64 <= hi
                && self.words.get((at / 64) as usize) == Some(&u64::MAX)
            {
                i += 64;
                continue;
            }
            if !self.get(at) {
                return Some(at);
            }
            i += 1;
        }
        None
    }

    fn allocate_next(&mut self, rng: &mut Rng) -> Option<u64> {
        if self.count >= self.max {
            return None;
        }
        let at = self
            .scan(self.offset, self.max, rng)
            .or_else(|| self.scan(0, self.offset, rng))?;
        self.set(at, true);
        Some(at)
    }
}

/// `min(max(min, size/step), max)`, or 0 for ranges of at most `min` (upstream's
/// `calculateRangeOffset`).
fn range_offset(size: u64, min: u64, step: u64, max: u64) -> u64 {
    if size <= min {
        0
    } else {
        (size / step).clamp(min, max)
    }
}

/// Allocates Service ClusterIPs from the service CIDR (network and broadcast excluded).
///
/// ```
/// use kubelite::cluster::{ClusterIpAllocator, Rng};
/// let mut alloc = ClusterIpAllocator::new("10.96.0.0/12".parse()?);
/// alloc.allocate("10.96.0.10".parse()?)?;
/// let ip = alloc.allocate_next(&mut Rng::new(0))?;
/// assert!(u32::from(ip) > u32::from(std::net::Ipv4Addr::new(10, 96, 1, 0)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct ClusterIpAllocator {
    cidr: Ipv4Cidr,
    bits: Bitmap,
}

impl ClusterIpAllocator {
    /// An empty allocator for `cidr`.
    pub fn new(cidr: Ipv4Cidr) -> Self {
        let size = cidr.size();
        // Network and broadcast addresses are never handed out.
        let max = size.saturating_sub(2);
        ClusterIpAllocator {
            cidr,
            bits: Bitmap::new(max, range_offset(size, 16, 16, 256)),
        }
    }

    /// The range.
    pub fn cidr(&self) -> Ipv4Cidr {
        self.cidr
    }

    fn first_offset(&self) -> u64 {
        1
    }

    /// Takes a specific address.
    pub fn allocate(&mut self, ip: Ipv4Addr) -> Result<(), AllocError> {
        let at = self
            .cidr
            .offset_of(ip)
            .and_then(|o| o.checked_sub(self.first_offset()))
            .filter(|o| *o < self.bits.max)
            .ok_or_else(|| AllocError::NotInRange {
                what: "IP",
                range: self.cidr.to_string(),
            })?;
        if self.bits.set(at, true) {
            Ok(())
        } else {
            Err(AllocError::Allocated { what: "IP" })
        }
    }

    /// Takes a free address from the dynamic band (the static band when that is full).
    pub fn allocate_next(&mut self, rng: &mut Rng) -> Result<Ipv4Addr, AllocError> {
        let at = self.bits.allocate_next(rng).ok_or(AllocError::Full)?;
        self.cidr
            .nth(at + self.first_offset())
            .ok_or(AllocError::Full)
    }

    /// Gives an address back; `false` if it was not held.
    pub fn release(&mut self, ip: Ipv4Addr) -> bool {
        match self
            .cidr
            .offset_of(ip)
            .and_then(|o| o.checked_sub(self.first_offset()))
        {
            Some(at) => self.bits.set(at, false),
            None => false,
        }
    }

    /// Whether `ip` is held.
    pub fn is_allocated(&self, ip: Ipv4Addr) -> bool {
        self.cidr
            .offset_of(ip)
            .and_then(|o| o.checked_sub(self.first_offset()))
            .is_some_and(|at| self.bits.get(at))
    }

    /// How many addresses are held.
    pub fn used(&self) -> u64 {
        self.bits.count
    }
}

/// Allocates NodePorts from the service node port range (inclusive).
///
/// ```
/// use kubelite::cluster::{NodePortAllocator, Rng};
/// let mut ports = NodePortAllocator::new(30000, 32767)?;
/// let p = ports.allocate_next(&mut Rng::new(0))?;
/// assert!((30086..=32767).contains(&p));
/// assert_eq!(
///     ports.allocate(8080).unwrap_err().to_string(),
///     "provided port is not in the valid range. The range of valid ports is 30000-32767"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct NodePortAllocator {
    base: u16,
    last: u16,
    bits: Bitmap,
}

/// A NodePort range whose end is before its start.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid node port range {base}-{last}: the end is before the start")]
pub struct PortRangeError {
    base: u16,
    last: u16,
}

impl NodePortAllocator {
    /// An empty allocator for `base..=last`.
    pub fn new(base: u16, last: u16) -> Result<Self, PortRangeError> {
        if last < base {
            return Err(PortRangeError { base, last });
        }
        let size = u64::from(last - base) + 1;
        Ok(NodePortAllocator {
            base,
            last,
            bits: Bitmap::new(size, range_offset(size, 16, 32, 128)),
        })
    }

    /// The range as `(first, last)`.
    pub fn range(&self) -> (u16, u16) {
        (self.base, self.last)
    }

    fn not_in_range(&self) -> AllocError {
        AllocError::NotInRange {
            what: "port",
            range: format!("{}-{}", self.base, self.last),
        }
    }

    /// Takes a specific port.
    pub fn allocate(&mut self, port: i64) -> Result<(), AllocError> {
        if port < i64::from(self.base) || port > i64::from(self.last) {
            return Err(self.not_in_range());
        }
        let at = (port - i64::from(self.base)) as u64;
        if self.bits.set(at, true) {
            Ok(())
        } else {
            Err(AllocError::Allocated { what: "port" })
        }
    }

    /// Takes a free port from the upper band (the lower band when that is full).
    pub fn allocate_next(&mut self, rng: &mut Rng) -> Result<u16, AllocError> {
        let at = self.bits.allocate_next(rng).ok_or(AllocError::Full)?;
        u16::try_from(u64::from(self.base) + at).map_err(|_| AllocError::Full)
    }

    /// Gives a port back; `false` if it was not held.
    pub fn release(&mut self, port: u16) -> bool {
        port >= self.base && port <= self.last && self.bits.set(u64::from(port - self.base), false)
    }

    /// Whether `port` is held.
    pub fn is_allocated(&self, port: u16) -> bool {
        port >= self.base && port <= self.last && self.bits.get(u64::from(port - self.base))
    }

    /// How many ports are held.
    pub fn used(&self) -> u64 {
        self.bits.count
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_service_cidr_bands_match_kep_3070() {
        let mut a = ClusterIpAllocator::new("10.96.0.0/12".parse().expect("cidr"));
        assert_eq!(a.bits.offset, 256);
        let mut rng = Rng::new(0);
        for _ in 0..1000 {
            let ip = a.allocate_next(&mut rng).expect("room");
            assert!(
                u32::from(ip) >= u32::from(Ipv4Addr::new(10, 96, 1, 1)),
                "{ip}"
            );
            assert!(
                u32::from(ip) <= u32::from(Ipv4Addr::new(10, 111, 255, 254)),
                "{ip}"
            );
        }
        assert_eq!(a.allocate("10.96.0.1".parse().expect("ip")), Ok(()));
        assert_eq!(
            a.allocate("10.96.0.1".parse().expect("ip"))
                .map_err(|e| e.to_string()),
            Err("provided IP is already allocated".to_owned())
        );
        assert_eq!(
            a.allocate("1.1.1.1".parse().expect("ip"))
                .map_err(|e| e.to_string()),
            Err(
                "provided IP is not in the valid range. The range of valid IPs is 10.96.0.0/12"
                    .to_owned()
            )
        );
        // network and broadcast are never handed out
        assert!(a.allocate("10.96.0.0".parse().expect("ip")).is_err());
        assert!(a.allocate("10.111.255.255".parse().expect("ip")).is_err());
    }

    #[test]
    fn default_node_port_bands_match_kep_3668() {
        let mut p = NodePortAllocator::new(30000, 32767).expect("range");
        assert_eq!(p.bits.offset, 86);
        let mut rng = Rng::new(5);
        for _ in 0..(32767 - 30086 + 1) {
            let port = p.allocate_next(&mut rng).expect("room");
            assert!(port >= 30086, "{port}");
        }
        // upper band full: the lower band is used next
        let port = p.allocate_next(&mut rng).expect("room");
        assert!((30000..30086).contains(&port), "{port}");
    }

    #[test]
    fn small_range_exhausts_with_range_is_full() {
        let mut p = NodePortAllocator::new(30000, 30002).expect("range");
        let mut rng = Rng::new(1);
        let mut got: Vec<u16> = (0..3)
            .map(|_| p.allocate_next(&mut rng).expect("room"))
            .collect();
        got.sort_unstable();
        assert_eq!(got, [30000, 30001, 30002]);
        assert_eq!(p.allocate_next(&mut rng), Err(AllocError::Full));
        assert!(p.release(30001));
        assert_eq!(p.allocate_next(&mut rng), Ok(30001));
    }

    #[test]
    fn release_frees_for_reuse() {
        let mut a = ClusterIpAllocator::new("10.0.0.0/29".parse().expect("cidr"));
        let mut rng = Rng::new(2);
        let ips: Vec<_> = (0..6)
            .map(|_| a.allocate_next(&mut rng).expect("room"))
            .collect();
        assert_eq!(a.allocate_next(&mut rng), Err(AllocError::Full));
        assert!(a.release(ips[3]));
        assert!(!a.release(ips[3]));
        assert_eq!(a.allocate_next(&mut rng), Ok(ips[3]));
    }
}
