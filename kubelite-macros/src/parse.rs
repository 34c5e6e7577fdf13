//! Tokens → [`ClusterInput`]. Syntax errors stop the parse; unknown fields and kinds are
//! reported (with a did-you-mean) and skipped, so one pass finds every misspelling.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::{Ident, LitBool, LitInt, LitStr, Token, braced, bracketed, parenthesized};

use crate::ast::*;
use crate::diag::Diag;
use crate::selector;
use crate::suggest::did_you_mean;

/// Parses the body of `cluster!` (the shim's crate path and mode already split off).
pub(crate) fn parse(
    krate: TokenStream,
    mode: Mode,
    body: TokenStream,
    diag: &mut Diag,
) -> syn::Result<ClusterInput> {
    (|input: ParseStream| cluster(krate, mode, input, diag)).parse2(body)
}

/// Parses `(crate path) <body>` for the small macros (`labels!`).
pub(crate) fn with_crate<T>(
    tokens: TokenStream,
    body: impl FnOnce(ParseStream) -> syn::Result<T>,
) -> syn::Result<(TokenStream, T)> {
    (|input: ParseStream| {
        let content;
        parenthesized!(content in input);
        let krate: TokenStream = content.parse()?;
        Ok((krate, body(input)?))
    })
    .parse2(tokens)
}

const TOP_LEVEL: &[&str] = &["config", "namespace", "yaml", "object"];
const KINDS: &[&str] = &["deployment", "pod", "service", "network_policy"];

fn cluster(
    krate: TokenStream,
    mode: Mode,
    input: ParseStream,
    diag: &mut Diag,
) -> syn::Result<ClusterInput> {
    let mut config: Option<Config> = None;
    let mut items = Vec::new();
    while !input.is_empty() {
        let kw = Ident::parse_any(input)?;
        match kw.to_string().as_str() {
            "config" => {
                let parsed = config_block(input, diag)?;
                if config.is_some() {
                    diag.push(syn::Error::new(kw.span(), "duplicate `config` block"));
                }
                config = Some(parsed);
            }
            "namespace" => items.push(TopItem::Namespace(namespace(input, diag)?)),
            "yaml" => {
                let expr = if input.peek(LitStr) {
                    syn::Expr::Lit(input.parse()?)
                } else {
                    let content;
                    parenthesized!(content in input);
                    content.parse()?
                };
                items.push(TopItem::Yaml(expr));
            }
            "object" => {
                let content;
                parenthesized!(content in input);
                items.push(TopItem::Object(content.parse()?));
            }
            other if KINDS.contains(&other) => {
                diag.push(syn::Error::new(
                    kw.span(),
                    format!("`{other}` must be declared inside a `namespace` block"),
                ));
                item(&kw, input, diag)?;
            }
            other => {
                let candidates = TOP_LEVEL.iter().chain(KINDS).copied();
                diag.push(syn::Error::new(
                    kw.span(),
                    format!(
                        "unknown item `{other}`; expected `config`, `namespace`, `yaml` or `object`{}",
                        did_you_mean(other, candidates)
                    ),
                ));
                skip_past_braces(input);
            }
        }
        separator(input);
    }
    Ok(ClusterInput {
        krate,
        mode,
        config,
        items,
    })
}

/// Items may be separated by `,` or `;`, or by nothing.
fn separator(input: ParseStream) {
    while input.peek(Token![,]) || input.peek(Token![;]) {
        let _ = input.parse::<TokenTree>();
    }
}

/// Skips an unknown item: everything up to and including its `{ ... }` body.
fn skip_past_braces(input: ParseStream) {
    let _ = input.step(|cursor| {
        let mut rest = *cursor;
        while let Some((tt, next)) = rest.token_tree() {
            rest = next;
            if matches!(&tt, TokenTree::Group(g) if g.delimiter() == Delimiter::Brace) {
                break;
            }
        }
        Ok(((), rest))
    });
}

/// Skips the value of an unknown field: everything up to the next `,` at this level.
fn skip_value(input: ParseStream) {
    let _ = input.step(|cursor| {
        let mut rest = *cursor;
        while let Some((tt, next)) = rest.token_tree() {
            if matches!(&tt, TokenTree::Punct(p) if p.as_char() == ',') {
                break;
            }
            rest = next;
        }
        Ok(((), rest))
    });
}

/// Parses `key: value, ...` with `field` handling each known key (and its `:`).
fn fields(
    input: ParseStream,
    diag: &mut Diag,
    what: &str,
    known: &[&str],
    mut field: impl FnMut(&Ident, ParseStream, &mut Diag) -> syn::Result<()>,
) -> syn::Result<()> {
    let mut seen: Vec<String> = Vec::new();
    while !input.is_empty() {
        let key = Ident::parse_any(input)?;
        let name = key.to_string();
        if !known.contains(&name.as_str()) {
            diag.push(syn::Error::new(
                key.span(),
                format!(
                    "unknown field `{name}` in {what}{}",
                    did_you_mean(&name, known.iter().copied())
                ),
            ));
            skip_value(input);
        } else {
            if seen.contains(&name) {
                diag.push(syn::Error::new(
                    key.span(),
                    format!("duplicate field `{name}` in {what}"),
                ));
            }
            seen.push(name);
            field(&key, input, diag)?;
        }
        if input.is_empty() {
            break;
        }
        input.parse::<Token![,]>()?;
    }
    Ok(())
}

fn colon(input: ParseStream) -> syn::Result<()> {
    input.parse::<Token![:]>().map(|_| ())
}

/// A flag: `key` alone means true, or `key: bool`.
fn flag(input: ParseStream) -> syn::Result<bool> {
    if input.peek(Token![:]) {
        colon(input)?;
        Ok(input.parse::<LitBool>()?.value)
    } else {
        Ok(true)
    }
}

/// A name: a string, or bare words joined by hyphens (`echo-minikube`).
pub(crate) fn parse_name(input: ParseStream) -> syn::Result<Text> {
    if input.peek(LitStr) {
        let s: LitStr = input.parse()?;
        return Ok(Text::new(s.value(), s));
    }
    let mut value = String::new();
    let mut tokens = TokenStream::new();
    name_part(input, &mut value, &mut tokens)?;
    while input.peek(Token![-]) && !input.peek(Token![->]) && !input.peek(Token![-=]) {
        let dash: Token![-] = input.parse()?;
        value.push('-');
        dash.to_tokens(&mut tokens);
        name_part(input, &mut value, &mut tokens)?;
    }
    Ok(Text { value, tokens })
}

fn name_part(input: ParseStream, value: &mut String, tokens: &mut TokenStream) -> syn::Result<()> {
    if input.peek(LitInt) {
        let lit: LitInt = input.parse()?;
        value.push_str(&lit.to_string());
        lit.to_tokens(tokens);
    } else if input.peek(Ident::peek_any) {
        let ident = Ident::parse_any(input)?;
        let text = ident.to_string();
        value.push_str(text.strip_prefix("r#").unwrap_or(&text));
        ident.to_tokens(tokens);
    } else {
        return Err(
            input.error("expected a name: bare words joined by `-` (echo-minikube) or a string")
        );
    }
    Ok(())
}

fn string(input: ParseStream) -> syn::Result<Text> {
    let s: LitStr = input.parse()?;
    Ok(Text::new(s.value(), s))
}

fn keyword(input: ParseStream) -> syn::Result<Text> {
    let ident = Ident::parse_any(input)?;
    Ok(Text::new(ident.to_string(), ident))
}

/// An optional `(N)` after a keyword (`client_ip(600)`, `random(7)`).
fn int_in_parens(input: ParseStream) -> syn::Result<Option<Int>> {
    if !input.peek(syn::token::Paren) {
        return Ok(None);
    }
    let content;
    parenthesized!(content in input);
    Ok(Some(int(&content)?))
}

fn int(input: ParseStream) -> syn::Result<Int> {
    let lit: LitInt = input.parse()?;
    Ok(Int {
        value: lit.base10_parse()?,
        tokens: lit.into_token_stream(),
    })
}

fn int_or_text(input: ParseStream) -> syn::Result<IntOrText> {
    if input.peek(LitInt) {
        Ok(IntOrText::Int(int(input)?))
    } else {
        Ok(IntOrText::Text(string(input)?))
    }
}

fn list<T>(
    input: ParseStream,
    mut each: impl FnMut(ParseStream) -> syn::Result<T>,
) -> syn::Result<Vec<T>> {
    let content;
    bracketed!(content in input);
    let mut out = Vec::new();
    while !content.is_empty() {
        out.push(each(&content)?);
        if content.is_empty() {
            break;
        }
        content.parse::<Token![,]>()?;
    }
    Ok(out)
}

/// `{ key: value, ... }` with names or strings on both sides (labels, selectors, env).
pub(crate) fn map(input: ParseStream) -> syn::Result<Vec<(Text, Text)>> {
    let content;
    braced!(content in input);
    map_body(&content)
}

/// The inside of a `{ key: value, ... }` map.
pub(crate) fn map_body(content: ParseStream) -> syn::Result<Vec<(Text, Text)>> {
    let mut out = Vec::new();
    while !content.is_empty() {
        let key = parse_name(content)?;
        colon(content)?;
        let value = parse_name(content)?;
        out.push((key, value));
        if content.is_empty() {
            break;
        }
        content.parse::<Token![,]>()?;
    }
    Ok(out)
}

fn config_block(input: ParseStream, diag: &mut Diag) -> syn::Result<Config> {
    let content;
    braced!(content in input);
    let mut config = Config::default();
    let known = [
        "seed",
        "nodes",
        "pod_cidr",
        "service_cidr",
        "domain",
        "node_ports",
        "proxy",
    ];
    fields(&content, diag, "`config`", &known, |key, input, diag| {
        colon(input)?;
        match key.to_string().as_str() {
            "seed" if input.peek(LitInt) => config.seed = Some(int(input)?),
            "seed" => config.seed_expr = Some(input.parse()?),
            "nodes" => config.nodes = Some(int(input)?),
            "pod_cidr" => config.pod_cidr = Some(string(input)?),
            "service_cidr" => config.service_cidr = Some(string(input)?),
            "domain" => config.domain = Some(string(input)?),
            "node_ports" => {
                let first = int(input)?;
                input.parse::<Token![..=]>()?;
                config.node_ports = Some((first, int(input)?));
            }
            _ => config.proxy = Some(proxy(input, diag)?),
        }
        Ok(())
    })?;
    Ok(config)
}

fn proxy(input: ParseStream, diag: &mut Diag) -> syn::Result<Proxy> {
    let mode = keyword(input)?;
    Ok(match mode.value.as_str() {
        "iptables" => Proxy::Iptables,
        "nftables" => Proxy::Nftables,
        "ipvs" => {
            let scheduler = if input.peek(syn::token::Paren) {
                let content;
                parenthesized!(content in input);
                let s = keyword(&content)?;
                const SCHEDULERS: &[&str] = &["rr", "lc", "sh", "mh"];
                if !SCHEDULERS.contains(&s.value.as_str()) {
                    diag.push(s.error(format!(
                        "unknown IPVS scheduler `{}`; expected `rr`, `lc`, `sh` or `mh`{}",
                        s.value,
                        did_you_mean(&s.value, SCHEDULERS.iter().copied())
                    )));
                }
                s
            } else {
                Text::new("rr", &mode.tokens)
            };
            Proxy::Ipvs(scheduler)
        }
        other => {
            const MODES: &[&str] = &["iptables", "nftables", "ipvs"];
            diag.push(mode.error(format!(
                "unknown proxy mode `{other}`; expected `iptables`, `nftables` or `ipvs(rr)`{}",
                did_you_mean(other, MODES.iter().copied())
            )));
            Proxy::Iptables
        }
    })
}

fn namespace(input: ParseStream, diag: &mut Diag) -> syn::Result<NamespaceDecl> {
    let name = parse_name(input)?;
    let mut labels = Vec::new();
    if input.peek(syn::token::Paren) {
        let content;
        parenthesized!(content in input);
        fields(&content, diag, "a namespace", &["labels"], |_, input, _| {
            colon(input)?;
            labels = map(input)?;
            Ok(())
        })?;
    }
    let content;
    braced!(content in input);
    let mut items = Vec::new();
    while !content.is_empty() {
        let kw = Ident::parse_any(&content)?;
        if KINDS.contains(&kw.to_string().as_str()) {
            items.push(item(&kw, &content, diag)?);
        } else {
            let word = kw.to_string();
            diag.push(syn::Error::new(
                kw.span(),
                format!(
                    "unknown kind `{word}`; expected `deployment`, `pod`, `service` or `network_policy`{}",
                    did_you_mean(&word, KINDS.iter().copied())
                ),
            ));
            skip_past_braces(&content);
        }
        separator(&content);
    }
    Ok(NamespaceDecl {
        name,
        labels,
        items,
    })
}

fn item(kw: &Ident, input: ParseStream, diag: &mut Diag) -> syn::Result<Item> {
    Ok(match kw.to_string().as_str() {
        "deployment" => Item::Workload(workload(WorkloadKind::Deployment, input, diag)?),
        "pod" => Item::Workload(workload(WorkloadKind::Pod, input, diag)?),
        "service" => Item::Service(service(input, diag)?),
        _ => Item::Policy(policy(input, diag)?),
    })
}

fn workload(kind: WorkloadKind, input: ParseStream, diag: &mut Diag) -> syn::Result<Workload> {
    let name = parse_name(input)?;
    let content;
    braced!(content in input);
    let mut w = Workload {
        kind,
        name,
        image: None,
        replicas: None,
        labels: None,
        ports: Vec::new(),
        env: Vec::new(),
        command: None,
        args: None,
        readiness_delay: None,
        ready: None,
        strategy: None,
        node: None,
        hostname: None,
        subdomain: None,
    };
    let (what, known): (&str, &[&str]) = match kind {
        WorkloadKind::Deployment => (
            "a deployment",
            &[
                "image",
                "replicas",
                "labels",
                "ports",
                "env",
                "command",
                "args",
                "readiness",
                "strategy",
            ],
        ),
        WorkloadKind::Pod => (
            "a pod",
            &[
                "image",
                "labels",
                "ports",
                "env",
                "command",
                "args",
                "readiness",
                "ready",
                "node",
                "hostname",
                "subdomain",
            ],
        ),
    };
    fields(&content, diag, what, known, |key, input, diag| {
        if key == "ready" {
            w.ready = Some(flag(input)?);
            return Ok(());
        }
        colon(input)?;
        match key.to_string().as_str() {
            "image" => w.image = Some(string(input)?),
            "replicas" => w.replicas = Some(int(input)?),
            "labels" => w.labels = Some(map(input)?),
            "ports" => {
                w.ports = list(input, |input| {
                    let name = if input.peek(LitInt) {
                        None
                    } else {
                        let n = parse_name(input)?;
                        colon(input)?;
                        Some(n)
                    };
                    Ok((name, int(input)?))
                })?
            }
            "env" => w.env = map(input)?,
            "command" => w.command = Some(list(input, string)?),
            "args" => w.args = Some(list(input, string)?),
            "node" => w.node = Some(parse_name(input)?),
            "hostname" => w.hostname = Some(parse_name(input)?),
            "subdomain" => w.subdomain = Some(parse_name(input)?),
            "readiness" => {
                let content;
                braced!(content in input);
                let known = ["initial_delay_seconds"];
                fields(&content, diag, "`readiness`", &known, |_, input, _| {
                    colon(input)?;
                    w.readiness_delay = Some(int(input)?);
                    Ok(())
                })?;
            }
            _ => w.strategy = Some(strategy(input, diag)?),
        }
        Ok(())
    })?;
    Ok(w)
}

fn strategy(input: ParseStream, diag: &mut Diag) -> syn::Result<Strategy> {
    let kind = keyword(input)?;
    match kind.value.as_str() {
        "Recreate" => Ok(Strategy::Recreate),
        "RollingUpdate" => {
            let mut surge = None;
            let mut unavailable = None;
            if input.peek(syn::token::Brace) {
                let content;
                braced!(content in input);
                let known = ["max_surge", "max_unavailable"];
                fields(
                    &content,
                    diag,
                    "`RollingUpdate`",
                    &known,
                    |key, input, _| {
                        colon(input)?;
                        let value = Some(int_or_text(input)?);
                        if key == "max_surge" {
                            surge = value;
                        } else {
                            unavailable = value;
                        }
                        Ok(())
                    },
                )?;
            }
            let default = || IntOrText::Text(Text::new("25%", &kind.tokens));
            Ok(Strategy::RollingUpdate(
                surge.unwrap_or_else(default),
                unavailable.unwrap_or_else(default),
            ))
        }
        other => {
            const KINDS: &[&str] = &["Recreate", "RollingUpdate"];
            diag.push(kind.error(format!(
                "unknown strategy `{other}`; expected `Recreate` or `RollingUpdate`{}",
                did_you_mean(other, KINDS.iter().copied())
            )));
            Ok(Strategy::Recreate)
        }
    }
}

fn target(input: ParseStream) -> syn::Result<Target> {
    if input.peek(LitInt) {
        Ok(Target::Number(int(input)?))
    } else {
        Ok(Target::Name(parse_name(input)?))
    }
}

fn protocol(input: ParseStream) -> syn::Result<Option<Text>> {
    if input.peek(Token![/]) {
        input.parse::<Token![/]>()?;
        Ok(Some(keyword(input)?))
    } else {
        Ok(None)
    }
}

fn service(input: ParseStream, diag: &mut Diag) -> syn::Result<ServiceDecl> {
    let name = parse_name(input)?;
    let type_ = if input.peek(Token![:]) {
        colon(input)?;
        Some(keyword(input)?)
    } else {
        None
    };
    let content;
    braced!(content in input);
    let mut s = ServiceDecl {
        name,
        type_,
        selector: None,
        ports: Vec::new(),
        labels: Vec::new(),
        session_affinity: None,
        headless: false,
        external_name: None,
        cluster_ip: None,
        external_traffic_policy: None,
        internal_traffic_policy: None,
        publish_not_ready_addresses: None,
        allow_unmatched: false,
        balancer: None,
        ports_key: None,
    };
    let known = [
        "selector",
        "ports",
        "labels",
        "session_affinity",
        "headless",
        "external_name",
        "cluster_ip",
        "external_traffic_policy",
        "internal_traffic_policy",
        "publish_not_ready_addresses",
        "allow_unmatched",
        "balancer",
    ];
    fields(&content, diag, "a service", &known, |key, input, _| {
        match key.to_string().as_str() {
            "headless" => s.headless = flag(input)?,
            "allow_unmatched" => s.allow_unmatched = flag(input)?,
            "publish_not_ready_addresses" => s.publish_not_ready_addresses = Some(flag(input)?),
            other => {
                colon(input)?;
                match other {
                    "selector" => s.selector = Some(map(input)?),
                    "labels" => s.labels = map(input)?,
                    "ports" => {
                        s.ports_key = Some(key.to_token_stream());
                        s.ports = list(input, service_port)?;
                    }
                    "session_affinity" => {
                        let kind = keyword(input)?;
                        let timeout = int_in_parens(input)?;
                        s.session_affinity = Some((kind, timeout));
                    }
                    "external_name" => s.external_name = Some(string(input)?),
                    "cluster_ip" => s.cluster_ip = Some(string(input)?),
                    "external_traffic_policy" => s.external_traffic_policy = Some(keyword(input)?),
                    "balancer" => {
                        let kind = keyword(input)?;
                        let seed = int_in_parens(input)?;
                        s.balancer = Some((kind, seed));
                    }
                    _ => s.internal_traffic_policy = Some(keyword(input)?),
                }
            }
        }
        Ok(())
    })?;
    Ok(s)
}

fn service_port(input: ParseStream) -> syn::Result<ServicePortDecl> {
    let name = if input.peek(LitInt) {
        None
    } else {
        let n = parse_name(input)?;
        colon(input)?;
        Some(n)
    };
    let port = int(input)?;
    let target = if input.peek(Token![=>]) {
        input.parse::<Token![=>]>()?;
        Some(target(input)?)
    } else {
        None
    };
    let node_port = if input.peek(Token![@]) {
        input.parse::<Token![@]>()?;
        Some(int(input)?)
    } else {
        None
    };
    Ok(ServicePortDecl {
        name,
        port,
        target,
        node_port,
        protocol: protocol(input)?,
    })
}

fn policy(input: ParseStream, diag: &mut Diag) -> syn::Result<PolicyDecl> {
    let name = parse_name(input)?;
    let content;
    braced!(content in input);
    let mut p = PolicyDecl {
        name,
        pod_selector: None,
        policy_types: Vec::new(),
        ingress: Vec::new(),
        egress: Vec::new(),
    };
    let known = ["pod_selector", "policy_types", "ingress", "egress"];
    fields(
        &content,
        diag,
        "a network policy",
        &known,
        |key, input, diag| {
            colon(input)?;
            match key.to_string().as_str() {
                "pod_selector" => p.pod_selector = Some(policy_selector(input, diag)?),
                "policy_types" => p.policy_types = list(input, keyword)?,
                "ingress" => p.ingress = list(input, |input| rule(input, diag, "from"))?,
                _ => p.egress = list(input, |input| rule(input, diag, "to"))?,
            }
            Ok(())
        },
    )?;
    Ok(p)
}

/// `{ key: value, ... }` or a selector string, whose mistakes are reported (in upstream's
/// words, on the string) without stopping the parse.
fn policy_selector(input: ParseStream, diag: &mut Diag) -> syn::Result<PolicySelector> {
    if !input.peek(LitStr) {
        return Ok(PolicySelector::Map(map(input)?));
    }
    let lit: LitStr = input.parse()?;
    let reqs = selector::check(&lit)
        .and_then(|reqs| selector::check_label_selector(&lit, &reqs).map(|()| reqs))
        .unwrap_or_else(|e| {
            diag.push(e);
            Vec::new()
        });
    Ok(PolicySelector::Expr(reqs))
}

fn rule(input: ParseStream, diag: &mut Diag, peers_key: &str) -> syn::Result<Rule> {
    let content;
    braced!(content in input);
    let mut rule = Rule {
        peers: Vec::new(),
        ports: Vec::new(),
    };
    let what = if peers_key == "from" {
        "an ingress rule"
    } else {
        "an egress rule"
    };
    fields(
        &content,
        diag,
        what,
        &[peers_key, "ports"],
        |key, input, diag| {
            colon(input)?;
            if key == "ports" {
                rule.ports = list(input, policy_port)?;
            } else {
                rule.peers = list(input, |input| peer(input, diag))?;
            }
            Ok(())
        },
    )?;
    Ok(rule)
}

fn peer(input: ParseStream, diag: &mut Diag) -> syn::Result<Peer> {
    let tokens = input.fork().parse::<TokenTree>()?.into_token_stream();
    let content;
    braced!(content in input);
    let mut peer = Peer {
        pod_selector: None,
        namespace_selector: None,
        ip_block: None,
        tokens,
    };
    let known = ["pod_selector", "namespace_selector", "ip_block"];
    fields(&content, diag, "a peer", &known, |key, input, diag| {
        colon(input)?;
        match key.to_string().as_str() {
            "pod_selector" => peer.pod_selector = Some(policy_selector(input, diag)?),
            "namespace_selector" => peer.namespace_selector = Some(policy_selector(input, diag)?),
            _ => {
                let block_tokens = input.fork().parse::<TokenTree>()?;
                let content;
                braced!(content in input);
                let mut cidr = None;
                let mut except = Vec::new();
                fields(
                    &content,
                    diag,
                    "`ip_block`",
                    &["cidr", "except"],
                    |key, input, _| {
                        colon(input)?;
                        if key == "cidr" {
                            cidr = Some(string(input)?);
                        } else {
                            except = list(input, string)?;
                        }
                        Ok(())
                    },
                )?;
                match cidr {
                    Some(cidr) => peer.ip_block = Some((cidr, except)),
                    None => diag.push(syn::Error::new_spanned(
                        block_tokens,
                        "`ip_block` is missing `cidr`",
                    )),
                }
            }
        }
        Ok(())
    })?;
    Ok(peer)
}

fn policy_port(input: ParseStream) -> syn::Result<PolicyPort> {
    let (port, end_port) = if input.peek(LitInt) {
        let port = int(input)?;
        let end = if input.peek(Token![..=]) {
            input.parse::<Token![..=]>()?;
            Some(int(input)?)
        } else {
            None
        };
        (Target::Number(port), end)
    } else {
        (Target::Name(parse_name(input)?), None)
    };
    Ok(PolicyPort {
        port,
        end_port,
        protocol: protocol(input)?,
    })
}
