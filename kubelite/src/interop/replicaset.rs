//! `ReplicaSet`: kubelite's [`ReplicaSet`](crate::api::ReplicaSet) and k8s-openapi's
//! `k8s_openapi::api::apps::v1::ReplicaSet`.

super::convert::interop!(ReplicaSet, k8s_openapi::api::apps::v1::ReplicaSet);
