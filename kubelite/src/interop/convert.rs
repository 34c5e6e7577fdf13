//! The one conversion both directions share: through the wire format.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::api::Resource;

/// A k8s-openapi object kubelite cannot hold: a field it does not know, or a value of the
/// wrong shape. Names the object and the field.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("cannot load {kind} {name:?} from k8s-openapi: {path}: {message}")]
#[non_exhaustive]
pub struct ConversionError {
    /// The kind (`Service`).
    pub kind: &'static str,
    /// `metadata.name`, empty when unset.
    pub name: String,
    /// The field, as a JSON path (`spec.ports[0].nodePort`); `.` for the object itself.
    pub path: String,
    /// What is wrong with it.
    pub message: String,
}

impl From<ConversionError> for crate::Error {
    fn from(e: ConversionError) -> Self {
        crate::Error::Api(crate::ApiError::BadRequest(e.to_string()))
    }
}

/// Most opaque fields left out of one object before giving up on all of them: bounds the
/// retry loop (each round removes one field, so real objects need a handful at most).
const MAX_DROPPED_FIELDS: usize = 64;

/// kubelite → k8s-openapi. Infallible: the typed fields are the same on both sides; an
/// opaque field k8s-openapi cannot type is removed and the decoding retried.
pub(super) fn to_openapi<K: Resource, T: DeserializeOwned + Default>(object: &K) -> T {
    let Ok(mut value) = serde_json::to_value(object) else {
        return T::default();
    };
    for _ in 0..MAX_DROPPED_FIELDS {
        match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(converted) => return converted,
            Err(e) => {
                if !remove_path(&mut value, e.path()) {
                    break;
                }
            }
        }
    }
    T::default()
}

/// k8s-openapi → kubelite, strictly.
pub(super) fn from_openapi<K: Resource, T: Serialize>(object: &T) -> Result<K, ConversionError> {
    let failed = |path: String, message: String, value: Option<&Value>| ConversionError {
        kind: K::KIND,
        name: value
            .and_then(|v| v.pointer("/metadata/name"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        path,
        message,
    };
    let value =
        serde_json::to_value(object).map_err(|e| failed(".".into(), e.to_string(), None))?;
    serde_path_to_error::deserialize::<_, K>(&value)
        .map_err(|e| failed(e.path().to_string(), e.inner().to_string(), Some(&value)))
}

/// Removes the field at `path`; `false` when there is nothing to remove (the object
/// itself failed).
fn remove_path(value: &mut Value, path: &serde_path_to_error::Path) -> bool {
    use serde_path_to_error::Segment;
    let segments: Vec<&Segment> = path.iter().collect();
    let Some((last, parents)) = segments.split_last() else {
        return false;
    };
    let mut at = value;
    for segment in parents {
        let next = match (segment, at) {
            (Segment::Seq { index }, Value::Array(items)) => items.get_mut(*index),
            (Segment::Map { key }, Value::Object(map)) => map.get_mut(key.as_str()),
            _ => None,
        };
        match next {
            Some(v) => at = v,
            None => return false,
        }
    }
    match (last, at) {
        (Segment::Seq { index }, Value::Array(items)) if *index < items.len() => {
            items.remove(*index);
            true
        }
        (Segment::Map { key }, Value::Object(map)) => map.shift_remove(key.as_str()).is_some(),
        _ => false,
    }
}

/// Declares the conversions of one kind.
macro_rules! interop {
    ($kind:ident, $openapi:path) => {
        impl From<&crate::api::$kind> for $openapi {
            fn from(object: &crate::api::$kind) -> Self {
                super::convert::to_openapi(object)
            }
        }

        impl TryFrom<$openapi> for crate::api::$kind {
            type Error = super::ConversionError;
            fn try_from(object: $openapi) -> Result<Self, Self::Error> {
                super::convert::from_openapi(&object)
            }
        }

        impl TryFrom<&$openapi> for crate::api::$kind {
            type Error = super::ConversionError;
            fn try_from(object: &$openapi) -> Result<Self, Self::Error> {
                super::convert::from_openapi(object)
            }
        }

        impl TryFrom<$openapi> for crate::api::Object {
            type Error = super::ConversionError;
            fn try_from(object: $openapi) -> Result<Self, Self::Error> {
                super::convert::from_openapi::<crate::api::$kind, _>(&object).map(Into::into)
            }
        }
    };
}
pub(super) use interop;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Service;

    #[test]
    fn an_unknown_field_names_the_object_and_the_field() {
        let wire = serde_json::json!({
            "apiVersion": "v1", "kind": "Service",
            "metadata": {"name": "web"},
            "spec": {"ports": [{"port": 80, "nodePortt": 30000}]}
        });
        let Err(e) = from_openapi::<Service, _>(&wire) else {
            panic!("an unknown field loaded");
        };
        assert_eq!((e.kind, e.name.as_str()), ("Service", "web"));
        assert_eq!(e.path, "spec.ports[0].nodePortt");
        let error = crate::Error::from(e);
        assert!(matches!(
            &error,
            crate::Error::Api(crate::ApiError::BadRequest(_))
        ));
        assert!(error.to_string().starts_with(
            "cannot load Service \"web\" from k8s-openapi: spec.ports[0].nodePortt: unknown field `nodePortt`"
        ), "{error}");
    }

    #[test]
    fn removing_a_path_reaches_into_lists_and_maps() {
        let mut value = serde_json::json!({"a": [{"b": 1, "c": 2}]});
        let bad = serde_json::json!({"a": [{"b": "x"}]});
        let mut track = serde_path_to_error::Track::new();
        let de = serde_path_to_error::Deserializer::new(&bad, &mut track);
        #[derive(serde::Deserialize, Debug)]
        struct Inner {
            #[allow(dead_code)]
            b: u8,
        }
        #[derive(serde::Deserialize, Debug)]
        struct Outer {
            #[allow(dead_code)]
            a: Vec<Inner>,
        }
        assert!(<Outer as serde::Deserialize>::deserialize(de).is_err());
        let path = track.path();
        assert_eq!(path.to_string(), "a[0].b");
        assert!(remove_path(&mut value, &path));
        assert_eq!(value, serde_json::json!({"a": [{"c": 2}]}));
    }
}
