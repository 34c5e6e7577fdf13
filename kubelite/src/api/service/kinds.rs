//! Typed views of the string-valued enumerations on the wire (`type`, `protocol`, ...).
//!
//! The wire fields stay `String`s so that a manifest with a value Kubernetes does not know
//! still loads and validation can report it (`Unsupported value: "Foo"`); these enums are
//! what code that has a *valid* object works with.

/// A wire string that is not one of an enumeration's values.
///
/// ```
/// use kubelite::api::service::ServiceType;
/// let err = "Foo".parse::<ServiceType>().unwrap_err();
/// assert_eq!(err.to_string(), "unknown service type \"Foo\"");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {value:?}")]
pub struct UnknownValue {
    what: &'static str,
    value: String,
}

impl UnknownValue {
    pub(crate) fn new(what: &'static str, value: &str) -> Self {
        UnknownValue {
            what,
            value: value.to_owned(),
        }
    }

    /// The rejected string.
    pub fn value(&self) -> &str {
        &self.value
    }
}

/// Declares a closed string enumeration: `as_str`, `FromStr`, `Display`, `From<E> for String`
/// and `ALL` (declaration order).
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident ($what:literal) {
            $( $(#[$vmeta:meta])* $variant:ident => $wire:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value as Kubernetes spells it on the wire.
            pub const fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $wire, )+ }
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::api::service::UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $( $wire => Ok($name::$variant), )+
                    other => Err($crate::api::service::UnknownValue::new($what, other)),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.as_str().to_owned()
            }
        }
    };
}
pub(crate) use wire_enum;

wire_enum! {
    /// How a Service is exposed (`spec.type`).
    ///
    /// ```
    /// use kubelite::api::service::ServiceType;
    /// assert_eq!("NodePort".parse::<ServiceType>()?, ServiceType::NodePort);
    /// assert_eq!(ServiceType::ClusterIp.as_str(), "ClusterIP");
    /// # Ok::<(), kubelite::api::service::UnknownValue>(())
    /// ```
    pub enum ServiceType ("service type") {
        /// A virtual IP inside the cluster (the default).
        ClusterIp => "ClusterIP",
        /// ClusterIP plus a port on every node.
        NodePort => "NodePort",
        /// NodePort plus an external load balancer.
        LoadBalancer => "LoadBalancer",
        /// A DNS CNAME to `spec.externalName`; no proxying.
        ExternalName => "ExternalName",
    }
}

wire_enum! {
    /// A transport protocol (`ports[].protocol`), shared by Services, Endpoints,
    /// EndpointSlices and NetworkPolicies.
    ///
    /// ```
    /// use kubelite::api::service::Protocol;
    /// assert_eq!("UDP".parse::<Protocol>()?, Protocol::Udp);
    /// assert_eq!(Protocol::Tcp.to_string(), "TCP");
    /// # Ok::<(), kubelite::api::service::UnknownValue>(())
    /// ```
    pub enum Protocol ("protocol") {
        /// TCP (the default everywhere).
        Tcp => "TCP",
        /// UDP.
        Udp => "UDP",
        /// SCTP.
        Sctp => "SCTP",
    }
}

wire_enum! {
    /// Client affinity of a Service (`spec.sessionAffinity`).
    pub enum SessionAffinity ("session affinity") {
        /// No affinity (the default): every connection picks an endpoint anew.
        None => "None",
        /// Connections from one client IP stick to one endpoint for a timeout.
        ClientIp => "ClientIP",
    }
}

wire_enum! {
    /// `spec.externalTrafficPolicy` and `spec.internalTrafficPolicy`.
    pub enum TrafficPolicy ("traffic policy") {
        /// Any ready endpoint in the cluster (the default).
        Cluster => "Cluster",
        /// Only endpoints on the node that received the traffic.
        Local => "Local",
    }
}

wire_enum! {
    /// An IP family (`spec.ipFamilies[]`).
    pub enum IpFamily ("IP family") {
        /// IPv4.
        Ipv4 => "IPv4",
        /// IPv6.
        Ipv6 => "IPv6",
    }
}

wire_enum! {
    /// `spec.ipFamilyPolicy`.
    pub enum IpFamilyPolicy ("IP family policy") {
        /// One family only.
        SingleStack => "SingleStack",
        /// Both families when the cluster has them, else one.
        PreferDualStack => "PreferDualStack",
        /// Both families, or the Service is rejected.
        RequireDualStack => "RequireDualStack",
    }
}

wire_enum! {
    /// `spec.trafficDistribution`: a topology preference for picking endpoints.
    pub enum TrafficDistribution ("traffic distribution") {
        /// Deprecated alias of `PreferSameZone`.
        PreferClose => "PreferClose",
        /// Prefer endpoints in the client's zone.
        PreferSameZone => "PreferSameZone",
        /// Prefer endpoints on the client's node, then fall back cluster-wide.
        PreferSameNode => "PreferSameNode",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trips<T>(all: &[T])
    where
        T: Copy + PartialEq + std::fmt::Debug + std::fmt::Display + std::str::FromStr,
    {
        for value in all {
            let parsed = value.to_string().parse::<T>().ok();
            assert_eq!(parsed, Some(*value));
        }
    }

    #[test]
    fn every_value_parses_back_from_its_wire_string() {
        round_trips(ServiceType::ALL);
        round_trips(Protocol::ALL);
        round_trips(SessionAffinity::ALL);
        round_trips(TrafficPolicy::ALL);
        round_trips(IpFamily::ALL);
        round_trips(IpFamilyPolicy::ALL);
        round_trips(TrafficDistribution::ALL);
    }

    #[test]
    fn wire_strings_are_case_sensitive() {
        assert!("tcp".parse::<Protocol>().is_err());
        assert!("clusterip".parse::<ServiceType>().is_err());
        assert_eq!(
            "ClusterIp"
                .parse::<ServiceType>()
                .map_err(|e| e.value().to_owned()),
            Err("ClusterIp".to_owned())
        );
    }
}
