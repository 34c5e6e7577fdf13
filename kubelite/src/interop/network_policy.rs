//! `NetworkPolicy`: kubelite's [`NetworkPolicy`](crate::api::NetworkPolicy) and k8s-openapi's
//! `k8s_openapi::api::networking::v1::NetworkPolicy`.

super::convert::interop!(
    NetworkPolicy,
    k8s_openapi::api::networking::v1::NetworkPolicy
);
