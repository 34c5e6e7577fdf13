//! [`Object`]: any modelled kind, as a manifest holds it.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{
    Deployment, EndpointSlice, Endpoints, Namespace, NetworkPolicy, Node, Pod, ReplicaSet,
    Resource, Service,
};
use crate::meta::ObjectMeta;
use crate::validation::Invalid;

macro_rules! objects {
    ($($kind:ident),* $(,)?) => {
        /// Any object kubelite models.
        ///
        /// ```
        /// use kubelite::Object;
        /// use kubelite::api::Namespace;
        /// let ns = Object::from(Namespace::default());
        /// assert_eq!(ns.kind(), "Namespace");
        /// ```
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum Object {
            $(
                #[doc = concat!("A ", stringify!($kind), ".")]
                $kind(Box<$kind>),
            )*
        }

        impl Object {
            /// The kinds an [`Object`] can hold, as `(apiVersion, kind)`.
            pub const SUPPORTED: &'static [(&'static str, &'static str)] =
                &[$( ($kind::API_VERSION, $kind::KIND) ),*];

            /// `kind` on the wire.
            pub fn kind(&self) -> &'static str {
                match self { $( Object::$kind(_) => $kind::KIND, )* }
            }

            /// `apiVersion` on the wire.
            pub fn api_version(&self) -> &'static str {
                match self { $( Object::$kind(_) => $kind::API_VERSION, )* }
            }

            /// The API group (`""` for core).
            pub fn group(&self) -> &'static str {
                match self { $( Object::$kind(_) => $kind::GROUP, )* }
            }

            /// The plural resource name (`pods`).
            pub fn plural(&self) -> &'static str {
                match self { $( Object::$kind(_) => $kind::PLURAL, )* }
            }

            /// Whether the kind is namespaced.
            pub fn namespaced(&self) -> bool {
                match self { $( Object::$kind(_) => $kind::NAMESPACED, )* }
            }

            /// The metadata.
            pub fn meta(&self) -> &ObjectMeta {
                match self { $( Object::$kind(o) => o.meta(), )* }
            }

            /// The metadata, mutably.
            pub fn meta_mut(&mut self) -> &mut ObjectMeta {
                match self { $( Object::$kind(o) => o.meta_mut(), )* }
            }

            /// Applies the API server's defaults for the kind.
            pub fn apply_defaults(&mut self) {
                match self { $( Object::$kind(o) => o.apply_defaults(), )* }
            }

            /// Validates as the API server does on create.
            pub fn validate(&self) -> Result<(), Invalid> {
                match self { $( Object::$kind(o) => o.validate(), )* }
            }

            /// Decodes a wire-format JSON value whose `apiVersion`/`kind` name a supported kind.
            /// `Ok(None)` when the kind is not one kubelite models.
            pub fn from_json_value(value: serde_json::Value) -> Result<Option<Object>, serde_json::Error> {
                let kind = value.get("kind").and_then(|k| k.as_str()).unwrap_or_default();
                let api_version = value.get("apiVersion").and_then(|k| k.as_str()).unwrap_or_default();
                $(
                    if kind == $kind::KIND && api_version == $kind::API_VERSION {
                        return serde_json::from_value::<$kind>(value).map(|o| Some(Object::from(o)));
                    }
                )*
                Ok(None)
            }

            /// Decodes without tracking the path (the fast path); `None` on any failure, when
            /// the caller decodes again with [`Object::from_json_value_tracked`] to explain.
            pub(crate) fn from_json_value_fast(value: &serde_json::Value) -> Option<Object> {
                let kind = value.get("kind").and_then(|k| k.as_str()).unwrap_or_default();
                let api_version = value.get("apiVersion").and_then(|k| k.as_str()).unwrap_or_default();
                $(
                    if kind == $kind::KIND && api_version == $kind::API_VERSION {
                        return <$kind as serde::Deserialize>::deserialize(value).ok().map(Object::from);
                    }
                )*
                None
            }

            /// Like [`Object::from_json_value`], reporting the failing field path with the message.
            pub(crate) fn from_json_value_tracked(
                value: serde_json::Value,
            ) -> Result<Option<Object>, (String, String)> {
                let kind = value.get("kind").and_then(|k| k.as_str()).unwrap_or_default();
                let api_version = value.get("apiVersion").and_then(|k| k.as_str()).unwrap_or_default();
                $(
                    if kind == $kind::KIND && api_version == $kind::API_VERSION {
                        return serde_path_to_error::deserialize::<_, $kind>(value)
                            .map(|o| Some(Object::from(o)))
                            .map_err(|e| (e.path().to_string(), e.into_inner().to_string()));
                    }
                )*
                Ok(None)
            }

            /// Where the YAML `text` of a document of this kind fails to decode, if known.
            pub(crate) fn locate_yaml_error(api_version: &str, kind: &str, text: &str) -> Option<(u64, u64)> {
                $(
                    if kind == $kind::KIND && api_version == $kind::API_VERSION {
                        return crate::yaml::error_location::<$kind>(text);
                    }
                )*
                None
            }
        }

        /// A modelled kind, without an object: what a store is keyed by and what kubectl's
        /// resource names resolve to.
        ///
        /// ```
        /// use kubelite::api::Kind;
        /// assert_eq!(Kind::from_resource_name("svc"), Some(Kind::Service));
        /// assert_eq!(Kind::from_resource_name("deployments.apps"), Some(Kind::Deployment));
        /// assert_eq!(Kind::Deployment.qualified_plural(), "deployments.apps");
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Kind {
            $(
                #[doc = concat!("`", stringify!($kind), "`.")]
                $kind,
            )*
        }

        impl Kind {
            /// Every modelled kind.
            pub const ALL: &'static [Kind] = &[$( Kind::$kind ),*];

            /// `kind` on the wire.
            pub fn name(self) -> &'static str {
                match self { $( Kind::$kind => $kind::KIND, )* }
            }

            /// `apiVersion` on the wire.
            pub fn api_version(self) -> &'static str {
                match self { $( Kind::$kind => $kind::API_VERSION, )* }
            }

            /// The API group (`""` for core).
            pub fn group(self) -> &'static str {
                match self { $( Kind::$kind => $kind::GROUP, )* }
            }

            /// The plural resource name (`deployments`).
            pub fn plural(self) -> &'static str {
                match self { $( Kind::$kind => $kind::PLURAL, )* }
            }

            /// Whether objects of the kind are namespaced.
            pub fn namespaced(self) -> bool {
                match self { $( Kind::$kind => $kind::NAMESPACED, )* }
            }
        }

        impl Object {
            /// The object's [`Kind`].
            pub fn kind_id(&self) -> Kind {
                match self { $( Object::$kind(_) => Kind::$kind, )* }
            }
        }

        impl Serialize for Object {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self { $( Object::$kind(o) => o.serialize(serializer), )* }
            }
        }
    };
}

objects!(
    Namespace,
    Node,
    Pod,
    Deployment,
    ReplicaSet,
    Service,
    Endpoints,
    EndpointSlice,
    NetworkPolicy
);

impl Kind {
    /// `plural.group` as the API server names the resource in messages
    /// (`deployments.apps "x" not found`, `pods "x" not found`).
    pub fn qualified_plural(self) -> String {
        if self.group().is_empty() {
            self.plural().to_owned()
        } else {
            format!("{}.{}", self.plural(), self.group())
        }
    }

    /// The lower-case singular name kubectl uses in messages (`deployment.apps/x created`).
    pub fn singular(self) -> &'static str {
        match self {
            Kind::Namespace => "namespace",
            Kind::Node => "node",
            Kind::Pod => "pod",
            Kind::Deployment => "deployment",
            Kind::ReplicaSet => "replicaset",
            Kind::Service => "service",
            Kind::Endpoints => "endpoints",
            Kind::EndpointSlice => "endpointslice",
            Kind::NetworkPolicy => "networkpolicy",
        }
    }

    /// kubectl's short names (`po`, `svc`, `deploy`, ...).
    pub fn short_names(self) -> &'static [&'static str] {
        match self {
            Kind::Namespace => &["ns"],
            Kind::Node => &["no"],
            Kind::Pod => &["po"],
            Kind::Deployment => &["deploy"],
            Kind::ReplicaSet => &["rs"],
            Kind::Service => &["svc"],
            Kind::Endpoints => &["ep"],
            Kind::EndpointSlice => &[],
            Kind::NetworkPolicy => &["netpol"],
        }
    }

    /// Resolves a kubectl resource name: plural, singular, short name or kind, optionally
    /// qualified by group (`deployments.apps`), case-insensitively.
    pub fn from_resource_name(name: &str) -> Option<Kind> {
        let lower = name.to_ascii_lowercase();
        let (base, group) = match lower.split_once('.') {
            Some((b, g)) => (b, Some(g)),
            None => (lower.as_str(), None),
        };
        Kind::ALL.iter().copied().find(|k| {
            let group_ok =
                group.is_none_or(|g| g == k.group() || (g == "v1" && k.group().is_empty()));
            group_ok
                && (base == k.plural()
                    || base == k.singular()
                    || base == k.name().to_ascii_lowercase()
                    || k.short_names().contains(&base))
        })
    }
}

impl<'de> Deserialize<'de> for Object {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        let kind = value
            .get("kind")
            .and_then(|k| k.as_str())
            .unwrap_or_default()
            .to_owned();
        let api_version = value
            .get("apiVersion")
            .and_then(|k| k.as_str())
            .unwrap_or_default()
            .to_owned();
        match Object::from_json_value(value) {
            Ok(Some(o)) => Ok(o),
            Ok(None) => Err(serde::de::Error::custom(format_args!(
                "no kind {kind:?} is registered for version {api_version:?}"
            ))),
            Err(e) => Err(serde::de::Error::custom(e)),
        }
    }
}
