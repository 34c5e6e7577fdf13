//! `Deployment`: kubelite's [`Deployment`](crate::api::Deployment) and k8s-openapi's
//! `k8s_openapi::api::apps::v1::Deployment`.

super::convert::interop!(Deployment, k8s_openapi::api::apps::v1::Deployment);
