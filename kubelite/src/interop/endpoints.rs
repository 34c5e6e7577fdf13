//! `Endpoints`: kubelite's [`Endpoints`](crate::api::Endpoints) and k8s-openapi's
//! `k8s_openapi::api::core::v1::Endpoints`.

super::convert::interop!(Endpoints, k8s_openapi::api::core::v1::Endpoints);
