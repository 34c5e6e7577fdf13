//! `Node`: kubelite's [`Node`](crate::api::Node) and k8s-openapi's
//! `k8s_openapi::api::core::v1::Node`.

super::convert::interop!(Node, k8s_openapi::api::core::v1::Node);
