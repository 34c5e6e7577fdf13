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
