//! [`ObjectReference`]: a pointer to another object (an endpoint's pod).

use serde::{Deserialize, Serialize};

/// A reference to an object (`core/v1 ObjectReference`), e.g. the Pod behind an endpoint.
///
/// ```
/// use kubelite::api::endpoints::ObjectReference;
/// let pod = ObjectReference::pod("default", "echo-minikube-5486cd5cd5-nxgq2", "uid-1");
/// assert_eq!(pod.kind.as_deref(), Some("Pod"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ObjectReference {
    /// API version of the referent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// A field within the referent (`spec.containers{name}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_path: Option<String>,
    /// Kind of the referent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Name of the referent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Namespace of the referent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// The referent's resourceVersion when the reference was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_version: Option<String>,
    /// UID of the referent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
}

impl ObjectReference {
    /// A reference to a Pod, as the endpoint controllers write it (`kind`, `namespace`,
    /// `name`, `uid`).
    pub fn pod(
        namespace: impl Into<String>,
        name: impl Into<String>,
        uid: impl Into<String>,
    ) -> Self {
        ObjectReference {
            kind: Some("Pod".to_owned()),
            namespace: Some(namespace.into()),
            name: Some(name.into()),
            uid: Some(uid.into()),
            ..ObjectReference::default()
        }
    }
}
