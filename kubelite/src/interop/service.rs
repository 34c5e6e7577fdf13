//! `Service`: kubelite's [`Service`](crate::api::Service) and k8s-openapi's
//! `k8s_openapi::api::core::v1::Service`.

super::convert::interop!(Service, k8s_openapi::api::core::v1::Service);
