//! The [`Resource`] trait and the `resource!` macro that gives each kind its wire format
//! (`apiVersion` and `kind` first, strict unknown-field checking) and its trait impl.

use crate::meta::ObjectMeta;
use crate::validation::{ErrorList, Invalid, NameRule};

/// What every modelled kind has: its identity on the API and its metadata.
///
/// ```
/// use kubelite::api::{Resource, Service};
/// assert_eq!(Service::KIND, "Service");
/// assert_eq!(Service::API_VERSION, "v1");
/// assert_eq!(Service::PLURAL, "services");
/// ```
pub trait Resource:
    Clone
    + std::fmt::Debug
    + PartialEq
    + Default
    + serde::Serialize
    + serde::de::DeserializeOwned
    + Send
    + Sync
    + 'static
{
    /// `apiVersion` on the wire (`v1`, `apps/v1`, ...).
    const API_VERSION: &'static str;
    /// The API group (`""` for the core group).
    const GROUP: &'static str;
    /// `kind` on the wire.
    const KIND: &'static str;
    /// The lower-case plural resource name (`pods`, `services`).
    const PLURAL: &'static str;
    /// Whether objects of this kind live in a namespace.
    const NAMESPACED: bool;
    /// The format `metadata.name` must have.
    const NAME_RULE: NameRule;

    /// The kind as a value.
    const KIND_ID: crate::api::Kind;

    /// The object's metadata.
    fn meta(&self) -> &ObjectMeta;
    /// The object's metadata, mutably.
    fn meta_mut(&mut self) -> &mut ObjectMeta;
    /// Kind-specific validation (spec and status rules), without metadata.
    fn validate_fields(&self) -> ErrorList;
    /// Fills in what the API server defaults on create (Service `type: ClusterIP`, protocol
    /// `TCP`, Deployment `replicas: 1`, ...). Idempotent.
    fn apply_defaults(&mut self);

    /// This kind's object inside an [`Object`](crate::api::Object), if it holds one.
    fn from_object(object: &crate::api::Object) -> Option<&Self>;
    /// Takes this kind's object out of an [`Object`](crate::api::Object).
    fn from_object_owned(object: crate::api::Object) -> Option<Self>;

    /// Full validation as the API server does on create: metadata, then the kind's rules.
    fn validate(&self) -> Result<(), Invalid> {
        let mut errs =
            crate::validation::validate_object_meta(self.meta(), Self::NAMESPACED, Self::NAME_RULE);
        errs.extend(self.validate_fields());
        Invalid::check(Self::KIND, Self::GROUP, self.meta().name(), errs)
    }
}

/// Whether a top-level field is left out of the wire form (`None`, empty list).
pub trait WireField {
    /// `true` when the field is not printed.
    fn is_absent(&self) -> bool;
}

impl<T> WireField for Option<T> {
    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

impl<T> WireField for Vec<T> {
    fn is_absent(&self) -> bool {
        self.is_empty()
    }
}

/// Reads a top-level field (`metadata`, `spec`, `status`, `subsets`, ...) where `null` means
/// the default, as the API server reads it: `spec: null` loads like a manifest without `spec`.
///
/// ```
/// use kubelite::api::{Deployment, Service};
/// let svc: Service = serde_json::from_str(r#"{"apiVersion":"v1","kind":"Service","spec":null}"#)?;
/// assert_eq!(svc, Service::default());
/// let d: Deployment =
///     serde_json::from_str(r#"{"apiVersion":"apps/v1","kind":"Deployment","spec":null,"status":null}"#)?;
/// assert_eq!(d, Deployment::default());
/// # Ok::<(), serde_json::Error>(())
/// ```
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de> + Default,
{
    Ok(<Option<T> as serde::Deserialize>::deserialize(deserializer)?.unwrap_or_default())
}

/// Declares a top-level kind: the struct, its `Serialize`/`Deserialize` (with `apiVersion` and
/// `kind` checked and printed first), `Resource` and `From<Kind> for Object`.
macro_rules! resource {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            api_version: $api_version:literal,
            group: $group:literal,
            kind: $kind:literal,
            plural: $plural:literal,
            namespaced: $namespaced:literal,
            name_rule: $rule:expr,
            validate: $validate:path,
            defaults: $defaults:path,
            fields: {
                $( $(#[$fmeta:meta])* $field:ident : $fty:ty => $wire:literal ),* $(,)?
            }
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct $name {
            /// Standard object metadata.
            pub metadata: $crate::meta::ObjectMeta,
            $( $(#[$fmeta])* pub $field: $fty, )*
        }

        impl $crate::api::Resource for $name {
            const API_VERSION: &'static str = $api_version;
            const GROUP: &'static str = $group;
            const KIND: &'static str = $kind;
            const PLURAL: &'static str = $plural;
            const NAMESPACED: bool = $namespaced;
            const NAME_RULE: $crate::validation::NameRule = $rule;
            const KIND_ID: $crate::api::Kind = $crate::api::Kind::$name;

            fn meta(&self) -> &$crate::meta::ObjectMeta {
                &self.metadata
            }
            fn meta_mut(&mut self) -> &mut $crate::meta::ObjectMeta {
                &mut self.metadata
            }
            fn validate_fields(&self) -> $crate::validation::ErrorList {
                $validate(self)
            }
            fn apply_defaults(&mut self) {
                $defaults(self)
            }
            fn from_object(object: &$crate::api::Object) -> Option<&Self> {
                match object {
                    $crate::api::Object::$name(o) => Some(o),
                    #[allow(unreachable_patterns)]
                    _ => None,
                }
            }
            fn from_object_owned(object: $crate::api::Object) -> Option<Self> {
                match object {
                    $crate::api::Object::$name(o) => Some(*o),
                    #[allow(unreachable_patterns)]
                    _ => None,
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                #[allow(unused_imports)]
                use $crate::api::WireField;
                let mut map = serializer.serialize_map(None)?;
                map.serialize_entry("apiVersion", $api_version)?;
                map.serialize_entry("kind", $kind)?;
                map.serialize_entry("metadata", &self.metadata)?;
                $(
                    if !self.$field.is_absent() {
                        map.serialize_entry($wire, &self.$field)?;
                    }
                )*
                map.end()
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #[derive(serde::Deserialize)]
                #[serde(deny_unknown_fields)]
                struct Wire {
                    #[serde(rename = "apiVersion", default)]
                    api_version: Option<String>,
                    #[serde(default)]
                    kind: Option<String>,
                    #[serde(default, deserialize_with = "crate::api::resource::null_as_default")]
                    metadata: $crate::meta::ObjectMeta,
                    $(
                        #[serde(
                            rename = $wire,
                            default,
                            deserialize_with = "crate::api::resource::null_as_default"
                        )]
                        $field: $fty,
                    )*
                }
                let wire = Wire::deserialize(deserializer)?;
                if let Some(v) = wire.api_version.as_deref().filter(|v| *v != $api_version) {
                    return Err(serde::de::Error::custom(format_args!(
                        "apiVersion {v:?} does not match kind {} (expected {:?})",
                        $kind, $api_version
                    )));
                }
                if let Some(k) = wire.kind.as_deref().filter(|k| *k != $kind) {
                    return Err(serde::de::Error::custom(format_args!(
                        "kind {k:?} is not {:?}", $kind
                    )));
                }
                Ok($name { metadata: wire.metadata, $( $field: wire.$field, )* })
            }
        }

        impl From<$name> for $crate::api::Object {
            fn from(value: $name) -> Self {
                $crate::api::Object::$name(Box::new(value))
            }
        }
    };
}
