//! `kubectl expose`: a Service for a Deployment, ReplicaSet, Pod or Service, with the
//! selector and ports introspected from it (upstream `pkg/cmd/expose` and
//! `polymorphichelpers`).

use serde_json::{Map, Value, json};

use crate::api::{Kind, Object};
use crate::kubectl::KubectlError;
use crate::kubectl::flags::{Flag, Parsed, Takes, flag};
use crate::kubectl::print;
use crate::kubectl::resources::{self, Target};

use super::{Ctx, errors};

pub(crate) const FLAGS: &[Flag] = &[
    flag("port", None, Takes::Str),
    flag("target-port", None, Takes::Str),
    flag("type", None, Takes::Str),
    flag("name", None, Takes::Str),
    flag("protocol", None, Takes::Str),
    flag("selector", None, Takes::Str),
    flag("labels", Some('l'), Takes::Str),
    flag("external-ip", None, Takes::Str),
    flag("cluster-ip", None, Takes::Str),
    flag("session-affinity", None, Takes::Str),
    flag("load-balancer-ip", None, Takes::Str),
    flag("filename", Some('f'), Takes::Array),
    flag("output", Some('o'), Takes::Str),
    flag("dry-run", None, Takes::Str),
];

/// `k=v,k2=v2` into a map.
fn parse_map(text: &str, what: &str) -> Result<Map<String, Value>, KubectlError> {
    let mut map = Map::new();
    for pair in text.split(',').filter(|p| !p.is_empty()) {
        let Some((k, v)) = pair.split_once('=') else {
            return Err(KubectlError::new(format!("invalid {what} format: {pair}")));
        };
        map.insert(k.to_owned(), json!(v));
    }
    Ok(map)
}

pub(crate) fn run(ctx: &mut Ctx<'_>, p: &Parsed) -> Result<(), KubectlError> {
    if p.args.is_empty() {
        return Err(KubectlError::new(
            "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
        ));
    }
    let (targets, _) = resources::resolve(&p.args)?;
    let Some(Target::Named(kind, name)) = targets.into_iter().next() else {
        return Err(KubectlError::new(
            "resource(s) were provided, but no name was specified",
        ));
    };
    let object = ctx
        .cluster
        .get_object(kind, &p.namespace(), &name)
        .map_err(|e| errors::cluster(&e))?;
    if !matches!(
        kind,
        Kind::Deployment | Kind::ReplicaSet | Kind::Pod | Kind::Service
    ) {
        return Err(KubectlError::new(format!(
            "cannot expose a {}",
            kind.name()
        )));
    }
    let value = print::object_json(&object);
    let selector = match p.get("selector") {
        Some(s) => parse_map(s, "selector")?,
        None => introspect_selector(kind, &value)?,
    };
    if selector.is_empty() {
        return Err(KubectlError::new(format!(
            "couldn't retrieve selectors via --selector flag or introspection: the {} has no labels and cannot be exposed",
            kind.singular()
        )));
    }
    let ports = service_ports(p, kind, &value)?;
    let labels = match p.get("labels") {
        Some(l) => parse_map(l, "label")?,
        None => value
            .pointer("/metadata/labels")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
    };
    let service_name = p
        .get("name")
        .map(str::to_owned)
        .unwrap_or_else(|| name.chars().take(63).collect());
    let mut spec = json!({"ports": ports, "selector": selector});
    if let Some(t) = p.get("type").filter(|t| !t.is_empty()) {
        super::set(&mut spec, &["type"], json!(t));
    }
    if let Some(ip) = p.get("cluster-ip").filter(|t| !t.is_empty()) {
        super::set(&mut spec, &["clusterIP"], json!(ip));
    }
    if let Some(ips) = p.get("external-ip").filter(|t| !t.is_empty()) {
        super::set(
            &mut spec,
            &["externalIPs"],
            json!(ips.split(',').collect::<Vec<_>>()),
        );
    }
    if let Some(a) = p.get("session-affinity").filter(|t| !t.is_empty()) {
        super::set(&mut spec, &["sessionAffinity"], json!(a));
    }
    let mut metadata = json!({"name": service_name, "namespace": p.namespace()});
    if !labels.is_empty() {
        super::set(&mut metadata, &["labels"], Value::Object(labels));
    }
    let service = Object::from_json_value(json!({
        "apiVersion": "v1", "kind": "Service", "metadata": metadata, "spec": spec,
    }))
    .map_err(|e| KubectlError::new(e.to_string()))?
    .ok_or_else(|| KubectlError::new("internal error: generated Service does not decode"))?;
    if matches!(p.get("dry-run"), Some("client" | "server")) {
        ctx.out
            .push_str(&format!("{} exposed (dry run)\n", print::name(&service)));
        return Ok(());
    }
    let created = ctx
        .cluster
        .create(service)
        .map_err(|e| errors::cluster(&e))?;
    match p.get("output") {
        Some(o) if !o.is_empty() => match super::output::parse(Some(o), true)? {
            super::output::Output::Generic(f) => ctx.out.push_str(&super::output::print(
                &f,
                std::slice::from_ref(&created),
                true,
            )?),
            super::output::Output::Table { .. } => {}
        },
        _ => ctx
            .out
            .push_str(&format!("{} exposed\n", print::name(&created))),
    }
    Ok(())
}

/// `MapBasedSelectorForObject`.
fn introspect_selector(kind: Kind, v: &Value) -> Result<Map<String, Value>, KubectlError> {
    match kind {
        Kind::Pod => Ok(obj(v.pointer("/metadata/labels"))),
        Kind::Service => Ok(obj(v.pointer("/spec/selector"))),
        _ => {
            if let Some(exprs) = v
                .pointer("/spec/selector/matchExpressions")
                .and_then(Value::as_array)
                .filter(|e| !e.is_empty())
            {
                let selector: crate::labels::LabelSelector =
                    serde_json::from_value(json!({"matchExpressions": exprs}))
                        .map_err(|e| KubectlError::new(e.to_string()))?;
                return Err(KubectlError::new(format!(
                    "couldn't convert expressions - \"{selector}\" to map-based selector format"
                )));
            }
            Ok(obj(v.pointer("/spec/selector/matchLabels")))
        }
    }
}

fn obj(v: Option<&Value>) -> Map<String, Value> {
    v.and_then(Value::as_object).cloned().unwrap_or_default()
}

/// The Service's ports: `--port` (and `--target-port`), or the object's own ports.
fn service_ports(p: &Parsed, kind: Kind, v: &Value) -> Result<Vec<Value>, KubectlError> {
    let protocol_flag = p.get("protocol").filter(|s| !s.is_empty());
    let target = |port: &str| -> Value {
        let t = p
            .get("target-port")
            .filter(|s| !s.is_empty())
            .unwrap_or(port);
        match t.parse::<i64>() {
            Ok(n) => json!(n),
            Err(_) => json!(t),
        }
    };
    if let Some(port) = p.get("port").filter(|s| !s.is_empty()) {
        let mut out = Vec::new();
        let many = port.contains(',');
        for (i, one) in port.split(',').enumerate() {
            let n: i64 = one.parse().map_err(|_| {
                KubectlError::new(format!("strconv.Atoi: parsing {one:?}: invalid syntax"))
            })?;
            let mut entry = json!({
                "port": n,
                "protocol": protocol_flag.unwrap_or("TCP"),
                "targetPort": target(one),
            });
            if many {
                super::set(&mut entry, &["name"], json!(format!("port-{}", i + 1)));
            }
            out.push(entry);
        }
        return Ok(out);
    }
    // (port, protocol) pairs from the object.
    let mut found: Vec<(i64, String)> = Vec::new();
    match kind {
        Kind::Service => {
            for port in v
                .pointer("/spec/ports")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                found.push((
                    port.get("port").and_then(Value::as_i64).unwrap_or(0),
                    port.get("protocol")
                        .and_then(Value::as_str)
                        .unwrap_or("TCP")
                        .to_owned(),
                ));
            }
        }
        _ => {
            let containers = if kind == Kind::Pod {
                v.pointer("/spec/containers")
            } else {
                v.pointer("/spec/template/spec/containers")
            };
            for c in containers.and_then(Value::as_array).into_iter().flatten() {
                for port in c
                    .get("ports")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    found.push((
                        port.get("containerPort")
                            .and_then(Value::as_i64)
                            .unwrap_or(0),
                        port.get("protocol")
                            .and_then(Value::as_str)
                            .unwrap_or("TCP")
                            .to_owned(),
                    ));
                }
            }
        }
    }
    if found.is_empty() {
        return Err(KubectlError::new(
            "couldn't find port via --port flag or introspection",
        ));
    }
    let many = found.len() > 1;
    Ok(found
        .into_iter()
        .enumerate()
        .map(|(i, (port, protocol))| {
            let mut entry = json!({
                "port": port,
                "protocol": protocol_flag.map(str::to_owned).unwrap_or(protocol),
                "targetPort": target(&port.to_string()),
            });
            if many {
                super::set(&mut entry, &["name"], json!(format!("port-{}", i + 1)));
            }
            entry
        })
        .collect())
}
