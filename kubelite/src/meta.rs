//! Object metadata shared by every kind: [`ObjectMeta`], [`OwnerReference`] and [`Time`].
//!
//! The wire shape is Kubernetes' `metav1.ObjectMeta` exactly, so any manifest's metadata loads
//! and prints back unchanged.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::labels::Labels;

/// Metadata every persisted object has (`metav1.ObjectMeta`).
///
/// ```
/// use kubelite::meta::ObjectMeta;
/// let meta = ObjectMeta::named("echo-service").in_namespace("default");
/// assert_eq!(meta.name.as_deref(), Some("echo-service"));
/// assert_eq!(meta.namespace.as_deref(), Some("default"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ObjectMeta {
    /// The object's name, unique per kind within its namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A prefix the server completes with 5 random characters when `name` is empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generate_name: Option<String>,
    /// The namespace (namespaced kinds only); empty means `default` on create.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Deprecated self link, kept for round trips.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_link: Option<String>,
    /// Labels: identifying key/value pairs that selectors match.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Labels::is_empty"
    )]
    pub labels: Labels,
    /// Annotations: non-identifying key/value pairs.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub annotations: BTreeMap<String, String>,
    /// Unique identifier set by the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    /// Opaque version set by the server on every write.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_version: Option<String>,
    /// Incremented by the server on every change of the desired state (spec).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generation: Option<i64>,
    /// When the server created the object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_timestamp: Option<Time>,
    /// When graceful deletion was requested; set while the object is terminating.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion_timestamp: Option<Time>,
    /// Seconds the object is allowed to terminate gracefully.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion_grace_period_seconds: Option<i64>,
    /// The objects this one belongs to (drives cascading deletion).
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub owner_references: Vec<OwnerReference>,
    /// Finalizers that must be cleared before deletion completes.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub finalizers: Vec<String>,
    /// Server-side apply bookkeeping; kept opaque (not modelled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_fields: Option<Box<serde_json::Value>>,
}

impl ObjectMeta {
    /// Metadata with just a name.
    pub fn named(name: impl Into<String>) -> Self {
        ObjectMeta {
            name: Some(name.into()),
            ..ObjectMeta::default()
        }
    }

    /// Sets the namespace (consuming, for chaining).
    pub fn in_namespace(mut self, namespace: impl Into<String>) -> Self {
        self.namespace = Some(namespace.into());
        self
    }

    /// The name, or `""` when unset.
    pub fn name(&self) -> &str {
        self.name.as_deref().unwrap_or_default()
    }

    /// The namespace, or `""` when unset.
    pub fn namespace(&self) -> &str {
        self.namespace.as_deref().unwrap_or_default()
    }
}

/// Reads `null` as the empty value, as the API server's decoder does for maps and lists.
fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// A reference from a dependent object to its owner (`metav1.OwnerReference`).
///
/// ```
/// use kubelite::meta::OwnerReference;
/// let owner = OwnerReference::controller("apps/v1", "ReplicaSet", "web-5486cd5cd5", "uid-1");
/// assert_eq!(owner.controller, Some(true));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OwnerReference {
    /// API version of the owner.
    pub api_version: String,
    /// Kind of the owner.
    pub kind: String,
    /// Name of the owner.
    pub name: String,
    /// UID of the owner.
    pub uid: String,
    /// Whether the owner is the managing controller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller: Option<bool>,
    /// Whether the owner cannot be deleted before this object (foreground deletion).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_owner_deletion: Option<bool>,
}

impl OwnerReference {
    /// A controller reference, as the Deployment and ReplicaSet controllers set it.
    pub fn controller(
        api_version: impl Into<String>,
        kind: impl Into<String>,
        name: impl Into<String>,
        uid: impl Into<String>,
    ) -> Self {
        OwnerReference {
            api_version: api_version.into(),
            kind: kind.into(),
            name: name.into(),
            uid: uid.into(),
            controller: Some(true),
            block_owner_deletion: Some(true),
        }
    }
}

/// A point in time with second precision, as `metav1.Time` travels on the wire
/// (RFC 3339 in UTC, e.g. `2026-11-27T10:00:00Z`).
///
/// ```
/// use kubelite::meta::Time;
/// let t: Time = "2020-04-03T10:00:00Z".parse()?;
/// assert_eq!(t.to_string(), "2020-04-03T10:00:00Z");
/// assert_eq!(Time::from_unix_seconds(0).to_string(), "1970-01-01T00:00:00Z");
/// # Ok::<(), kubelite::meta::TimeParseError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time(i64);

impl Time {
    /// The time `secs` seconds after 1970-01-01T00:00:00Z.
    pub const fn from_unix_seconds(secs: i64) -> Self {
        Time(secs)
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    pub const fn unix_seconds(self) -> i64 {
        self.0
    }
}

/// A timestamp that is not RFC 3339 (`YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("parsing time {input:?} as \"2006-01-02T15:04:05Z07:00\": not an RFC 3339 timestamp")]
pub struct TimeParseError {
    input: String,
}

// Howard Hinnant's days-from-civil algorithm: exact for the proleptic Gregorian calendar.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub(crate) fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.0.div_euclid(86_400);
        let secs = self.0.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        write!(
            f,
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    }
}

impl std::str::FromStr for Time {
    type Err = TimeParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || TimeParseError {
            input: s.to_owned(),
        };
        let b = s.as_bytes();
        let num = |range: std::ops::Range<usize>| -> Result<i64, TimeParseError> {
            let part = s.get(range).ok_or_else(err)?;
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().map_err(|_| err())
            } else {
                Err(err())
            }
        };
        let at = |i: usize| b.get(i).copied();
        if b.len() < 20 || at(4) != Some(b'-') || at(7) != Some(b'-') {
            return Err(err());
        }
        if !matches!(at(10), Some(b'T' | b't')) || at(13) != Some(b':') || at(16) != Some(b':') {
            return Err(err());
        }
        let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
            return Err(err());
        }
        let mut rest = &s[19..];
        if let Some(frac) = rest.strip_prefix('.') {
            let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return Err(err());
            }
            rest = &frac[digits..];
        }
        let offset = match rest.as_bytes() {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let two = |a: u8, b: u8| -> Result<i64, TimeParseError> {
                    if a.is_ascii_digit() && b.is_ascii_digit() {
                        Ok(i64::from(a - b'0') * 10 + i64::from(b - b'0'))
                    } else {
                        Err(err())
                    }
                };
                let minutes = two(*h1, *h2)? * 60 + two(*m1, *m2)?;
                if *sign == b'-' {
                    -minutes * 60
                } else {
                    minutes * 60
                }
            }
            _ => return Err(err()),
        };
        let days = days_from_civil(y, mo, d);
        Ok(Time(days * 86_400 + h * 3600 + mi * 60 + sec - offset))
    }
}

impl Serialize for Time {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_round_trips_through_rfc3339() {
        for secs in [0, 1_585_908_000, 951_782_400, 4_102_444_799, -86_400] {
            let t = Time::from_unix_seconds(secs);
            assert_eq!(t.to_string().parse::<Time>(), Ok(t), "{t}");
        }
        assert_eq!(
            Time::from_unix_seconds(951_782_400).to_string(),
            "2000-02-29T00:00:00Z"
        );
    }

    #[test]
    fn time_accepts_offsets_and_fractions() {
        let t: Time = "2020-04-03T12:00:00.123+02:00".parse().expect("valid");
        assert_eq!(t.to_string(), "2020-04-03T10:00:00Z");
        assert!("2020-04-03 10:00:00".parse::<Time>().is_err());
        assert!("2020-13-03T10:00:00Z".parse::<Time>().is_err());
        assert!("".parse::<Time>().is_err());
    }
}
