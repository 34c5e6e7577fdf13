//! Shared helpers of the fuzz targets, and the `cluster!` grammar compiled from the macro
//! crate's own sources: a proc-macro crate can only export macros, so its parser, validator
//! and expander are included here module by module, under the same names, unchanged.
#![forbid(unsafe_code)]
#![allow(dead_code, missing_docs)]

#[path = "../../kubelite-macros/src/ast.rs"]
mod ast;
#[path = "../../kubelite-macros/src/diag.rs"]
mod diag;
#[path = "../../kubelite-macros/src/expand.rs"]
mod expand;
#[path = "../../kubelite-macros/src/fallback.rs"]
mod fallback;
#[path = "../../kubelite-macros/src/names.rs"]
mod names;
#[path = "../../kubelite-macros/src/parse.rs"]
mod parse;
#[path = "../../kubelite-macros/src/suggest.rs"]
mod suggest;
#[path = "../../kubelite-macros/src/validate.rs"]
mod validate;

use kubelite::Cluster;
use proc_macro2::TokenStream;

/// What `cluster!` makes of a body: the expansion, or the compile errors it would report.
#[derive(Debug, PartialEq, Eq)]
pub enum Expansion {
    /// The body parsed and validated: the tokens of the cluster expression.
    Expanded(String),
    /// The body was refused: the error messages.
    Refused(Vec<String>),
}

/// Runs the `cluster!` pipeline (parse → validate → expand) on a body, as the proc macro
/// does after the `macro_rules!` shim has split off the crate path and the mode.
pub fn cluster_macro(body: TokenStream, try_mode: bool) -> Expansion {
    let mode = if try_mode {
        ast::Mode::Try
    } else {
        ast::Mode::Ready
    };
    let mut diag = diag::Diag::default();
    match parse::parse(quote::quote!(::kubelite), mode, body, &mut diag) {
        Ok(parsed) => {
            validate::validate(&parsed, &mut diag);
            match diag.into_error() {
                None => Expansion::Expanded(expand::expand(&parsed).to_string()),
                Some(error) => Expansion::Refused(messages(error)),
            }
        }
        Err(error) => {
            diag.push(error);
            Expansion::Refused(diag.into_error().map(messages).unwrap_or_default())
        }
    }
}

fn messages(error: syn::Error) -> Vec<String> {
    error.into_iter().map(|e| e.to_string()).collect()
}

/// A small cluster with something in it for commands to act on: a Deployment of two ready
/// pods behind a Service, in `default`, and an empty namespace `shop`.
pub fn populated_cluster() -> Cluster {
    let cluster = Cluster::new();
    cluster
        .apply_yaml(SEED_MANIFEST)
        .expect("the seed manifest is valid");
    cluster.advance(std::time::Duration::from_secs(30));
    cluster
}

/// The objects of [`populated_cluster`].
pub const SEED_MANIFEST: &str = "\
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: echo
spec:
  replicas: 2
  selector:
    matchLabels:
      app: echo
  template:
    metadata:
      labels:
        app: echo
    spec:
      containers:
      - name: echo
        image: kicbase/echo-server:1.0
        ports:
        - containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: echo
spec:
  selector:
    app: echo
  ports:
  - port: 8080
    targetPort: 8080
";
