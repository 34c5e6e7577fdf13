//! What `cluster!` describes, as parsed: every value keeps the tokens it came from, so later
//! stages can point errors at the exact token that is wrong.

use proc_macro2::TokenStream;
use quote::ToTokens;

/// A name, string or keyword value and where it was written.
#[derive(Clone, Debug)]
pub(crate) struct Text {
    pub value: String,
    pub tokens: TokenStream,
}

/// An integer and where it was written.
#[derive(Clone, Debug)]
pub(crate) struct Int {
    pub value: i64,
    pub tokens: TokenStream,
}

/// Something a diagnostic can point at.
pub(crate) trait Spanned {
    fn tokens(&self) -> &TokenStream;

    fn error(&self, message: impl std::fmt::Display) -> syn::Error {
        syn::Error::new_spanned(self.tokens(), message)
    }
}

impl Spanned for Text {
    fn tokens(&self) -> &TokenStream {
        &self.tokens
    }
}

impl Spanned for Int {
    fn tokens(&self) -> &TokenStream {
        &self.tokens
    }
}

impl Text {
    pub(crate) fn new(value: impl Into<String>, tokens: impl ToTokens) -> Self {
        Text {
            value: value.into(),
            tokens: tokens.into_token_stream(),
        }
    }
}

/// Whether the macro yields the cluster or a `Result` (`try_cluster!`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    Ready,
    Try,
}

/// The whole input.
pub(crate) struct ClusterInput {
    /// The path of the `kubelite` crate, as the `macro_rules!` shim passed it (`$crate`).
    pub krate: TokenStream,
    pub mode: Mode,
    pub config: Option<Config>,
    pub items: Vec<TopItem>,
}

/// `config { ... }`.
#[derive(Default)]
pub(crate) struct Config {
    pub seed: Option<Int>,
    /// `seed: expr` when the seed is not a literal (a fixture's parameter, say).
    pub seed_expr: Option<syn::Expr>,
    pub nodes: Option<Int>,
    pub pod_cidr: Option<Text>,
    pub service_cidr: Option<Text>,
    pub domain: Option<Text>,
    pub node_ports: Option<(Int, Int)>,
    pub proxy: Option<Proxy>,
}

/// `proxy: iptables | nftables | ipvs(rr)`.
pub(crate) enum Proxy {
    Iptables,
    Nftables,
    Ipvs(Text),
}

/// A top-level entry, applied in the order written.
pub(crate) enum TopItem {
    Namespace(NamespaceDecl),
    /// `yaml "..."` / `yaml(expr)`: manifests applied as `apply_yaml` would.
    Yaml(syn::Expr),
    /// `object(expr)`: anything `Into<Object>`, typically a builder's `build()?`.
    Object(syn::Expr),
}

/// `namespace NAME (labels: {...}) { ... }`.
pub(crate) struct NamespaceDecl {
    pub name: Text,
    pub labels: Vec<(Text, Text)>,
    pub items: Vec<Item>,
}

/// An object declared inside a namespace.
pub(crate) enum Item {
    Workload(Workload),
    Service(ServiceDecl),
    Policy(PolicyDecl),
}

/// Deployment or Pod.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WorkloadKind {
    Deployment,
    Pod,
}

impl WorkloadKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            WorkloadKind::Deployment => "Deployment",
            WorkloadKind::Pod => "Pod",
        }
    }
}

/// `deployment NAME { ... }` or `pod NAME { ... }`.
pub(crate) struct Workload {
    pub kind: WorkloadKind,
    pub name: Text,
    pub image: Option<Text>,
    pub replicas: Option<Int>,
    pub labels: Option<Vec<(Text, Text)>>,
    pub ports: Vec<(Option<Text>, Int)>,
    pub env: Vec<(Text, Text)>,
    pub command: Option<Vec<Text>>,
    pub args: Option<Vec<Text>>,
    pub readiness_delay: Option<Int>,
    /// `ready: false` on a pod: start it not ready, as a failing readiness probe would.
    pub ready: Option<bool>,
    pub strategy: Option<Strategy>,
    pub node: Option<Text>,
    pub hostname: Option<Text>,
    pub subdomain: Option<Text>,
}

/// An integer or a string (`maxSurge: 1`, `maxSurge: "25%"`).
pub(crate) enum IntOrText {
    Int(Int),
    Text(Text),
}

/// `strategy: Recreate | RollingUpdate { max_surge: .., max_unavailable: .. }`.
pub(crate) enum Strategy {
    Recreate,
    RollingUpdate(IntOrText, IntOrText),
}

/// `service NAME [: Type] { ... }`.
pub(crate) struct ServiceDecl {
    pub name: Text,
    pub type_: Option<Text>,
    pub selector: Option<Vec<(Text, Text)>>,
    pub ports: Vec<ServicePortDecl>,
    pub labels: Vec<(Text, Text)>,
    /// `session_affinity: ClientIP(timeout)`; `Some(None)` is the default timeout.
    pub session_affinity: Option<(Text, Option<Int>)>,
    pub headless: bool,
    pub external_name: Option<Text>,
    pub cluster_ip: Option<Text>,
    pub external_traffic_policy: Option<Text>,
    pub internal_traffic_policy: Option<Text>,
    pub publish_not_ready_addresses: Option<bool>,
    pub allow_unmatched: bool,
    /// `balancer: round_robin | random(seed) | ...`: the Service's own balancer.
    pub balancer: Option<(Text, Option<Int>)>,
    /// Tokens of the `ports` key, for "missing" diagnostics.
    pub ports_key: Option<TokenStream>,
}

/// A numeric or named target (`targetPort`, NetworkPolicy `port`).
#[derive(Clone)]
pub(crate) enum Target {
    Number(Int),
    Name(Text),
}

/// `[name:] port [=> target] [@ nodePort] [/ protocol]`.
pub(crate) struct ServicePortDecl {
    pub name: Option<Text>,
    pub port: Int,
    pub target: Option<Target>,
    pub node_port: Option<Int>,
    pub protocol: Option<Text>,
}

/// `network_policy NAME { ... }`.
pub(crate) struct PolicyDecl {
    pub name: Text,
    pub pod_selector: Option<PolicySelector>,
    pub policy_types: Vec<Text>,
    pub ingress: Vec<Rule>,
    pub egress: Vec<Rule>,
}

/// A NetworkPolicy selector: `{ app: web }` (`matchLabels`) or a selector string
/// (`"app in (web, api), !canary"`: `matchLabels` and `matchExpressions`), parsed already.
pub(crate) enum PolicySelector {
    Map(Vec<(Text, Text)>),
    Expr(Vec<crate::selector::Req>),
}

/// One ingress (`from`) or egress (`to`) rule.
pub(crate) struct Rule {
    pub peers: Vec<Peer>,
    pub ports: Vec<PolicyPort>,
}

/// `{ pod_selector: {..}, namespace_selector: {..} }` or `{ ip_block: {..} }`.
pub(crate) struct Peer {
    pub pod_selector: Option<PolicySelector>,
    pub namespace_selector: Option<PolicySelector>,
    pub ip_block: Option<(Text, Vec<Text>)>,
    pub tokens: TokenStream,
}

/// `port [..= end] [/ protocol]` or `name [/ protocol]`.
pub(crate) struct PolicyPort {
    pub port: Target,
    pub end_port: Option<Int>,
    pub protocol: Option<Text>,
}
