//! [`Reachability`]: a from × to matrix of connection outcomes on one port.

use std::fmt;

use crate::net::Protocol;

/// Which pods can connect to which on one port and protocol: rows are sources, columns
/// destinations, both in the order given (`"namespace/name"`).
///
/// `Display` is the upstream e2e truth table (`PrettyPrint`): a header `-` followed by the
/// destinations, then one row per source; `.` allowed, `X` blocked; tab-separated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reachability {
    pub(crate) pods: Vec<String>,
    pub(crate) port: u16,
    pub(crate) protocol: Protocol,
    /// Row-major: `allowed[from * n + to]`.
    pub(crate) allowed: Vec<bool>,
}

impl Reachability {
    /// The pods, in row (and column) order.
    pub fn pods(&self) -> &[String] {
        &self.pods
    }

    /// The destination port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The protocol.
    pub fn protocol(&self) -> Protocol {
        self.protocol
    }

    /// Whether `from` can connect to `to` (`None` if either is not in the matrix).
    pub fn get(&self, from: &str, to: &str) -> Option<bool> {
        let i = self.pods.iter().position(|p| p == from)?;
        let j = self.pods.iter().position(|p| p == to)?;
        self.allowed.get(i * self.pods.len() + j).copied()
    }

    /// The blocked `(from, to)` pairs, row by row.
    pub fn denied(&self) -> Vec<(&str, &str)> {
        let n = self.pods.len();
        self.allowed
            .iter()
            .enumerate()
            .filter(|(_, a)| !**a)
            .filter_map(|(k, _)| {
                Some((
                    self.pods.get(k / n)?.as_str(),
                    self.pods.get(k % n)?.as_str(),
                ))
            })
            .collect()
    }

    /// How many pairs (including each pod to itself) can connect.
    pub fn allowed_count(&self) -> usize {
        self.allowed.iter().filter(|a| **a).count()
    }
}

impl fmt::Display for Reachability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("-")?;
        for to in &self.pods {
            write!(f, "\t{to}")?;
        }
        let n = self.pods.len();
        for (i, from) in self.pods.iter().enumerate() {
            write!(f, "\n{from}")?;
            for j in 0..n {
                let mark = match self.allowed.get(i * n + j) {
                    Some(true) => ".",
                    Some(false) => "X",
                    None => "?",
                };
                write!(f, "\t{mark}")?;
            }
        }
        Ok(())
    }
}
