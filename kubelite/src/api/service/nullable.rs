//! Kubernetes decodes `null` as an empty list; so does kubelite, for the list fields of the
//! network kinds (`ports:` with nothing after it is then a validation error, not a decoding
//! one, as with the API server).

use serde::{Deserialize, Deserializer};

/// `null` or a list.
pub(crate) fn vec<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}
