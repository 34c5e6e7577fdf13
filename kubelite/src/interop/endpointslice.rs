//! `EndpointSlice`: kubelite's [`EndpointSlice`](crate::api::EndpointSlice) and k8s-openapi's
//! `k8s_openapi::api::discovery::v1::EndpointSlice`.

super::convert::interop!(
    EndpointSlice,
    k8s_openapi::api::discovery::v1::EndpointSlice
);
