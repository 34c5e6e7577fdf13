//! `Namespace`: kubelite's [`Namespace`](crate::api::Namespace) and k8s-openapi's
//! `k8s_openapi::api::core::v1::Namespace`.

super::convert::interop!(Namespace, k8s_openapi::api::core::v1::Namespace);
