//! `Pod`: kubelite's [`Pod`](crate::api::Pod) and k8s-openapi's
//! `k8s_openapi::api::core::v1::Pod`.

super::convert::interop!(Pod, k8s_openapi::api::core::v1::Pod);
