//! Expansion snapshots: what `cluster!` turns into, pretty-printed, for representative inputs.

use proc_macro2::TokenStream;
use quote::quote;

fn expand(input: TokenStream) -> String {
    let out = crate::cluster(input);
    let file: syn::File = syn::parse2(quote! { fn expansion() { let _ = #out; } })
        .expect("the expansion is valid Rust");
    prettyplease::unparse(&file)
}

#[test]
fn tutorial() {
    insta::assert_snapshot!(expand(quote! {
        (::kubelite) ready
        config { seed: 7, nodes: 2, proxy: ipvs(rr) }
        namespace default {
            deployment echo-minikube { image: "k8s.gcr.io/echoserver:1.4", replicas: 2, ports: [http: 8080] }
            service echo-service { selector: { app: "echo-minikube" }, ports: [8080 => 8080] }
            service kibana: NodePort { selector: { app: "echo-minikube" }, ports: [5601 => http @ 30937] }
        }
        namespace shop (labels: { team: "a" }) {
            pod client { image: "yauritux/busybox-curl" }
        }
    }));
}

#[test]
fn network_policy_and_escape_hatches() {
    insta::assert_snapshot!(expand(quote! {
        (::kubelite) try
        namespace shop {
            network_policy web {
                pod_selector: { app: web },
                ingress: [{ from: [{ pod_selector: { app: client } }, { ip_block: { cidr: "10.0.0.0/8" } }], ports: [80, dns / udp, 9000..=9100] }],
                egress: [{ to: [{ namespace_selector: {} }] }],
            }
        }
        yaml "kind: Namespace"
        object(my_pod())
    }));
}

#[test]
fn errors_expand_to_compile_errors_and_a_typed_placeholder() {
    insta::assert_snapshot!(expand(quote! {
        (::kubelite) ready
        namespace Bad_Name {
            deployment web { imgae: "nginx" }
        }
    }));
}

#[test]
fn selector_strings_balancers_and_readiness() {
    insta::assert_snapshot!(expand(quote! {
        (::kubelite) ready
        config { seed: fixture_seed }
        namespace default {
            pod web { image: "nginx", labels: { app: web }, ports: [80], readiness: { initial_delay_seconds: 5 }, ready: false }
            service web { selector: { app: web }, ports: [80], balancer: power_of_two }
            network_policy web { pod_selector: "app=web, tier in (b,a), !canary" }
        }
    }));
}

#[test]
fn selector_macro() {
    let out = crate::selector(quote! { (::kubelite) "app=web, tier in (b,a), x>1" });
    let file: syn::File = syn::parse2(quote! { fn expansion() { let _ = #out; } }).unwrap();
    insta::assert_snapshot!(prettyplease::unparse(&file));
}
