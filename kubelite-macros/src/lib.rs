//! Procedural macros for [kubelite](https://docs.rs/kubelite).
//!
//! This crate is an implementation detail of `kubelite`: depend on `kubelite` and use
//! `kubelite::cluster!`, `kubelite::try_cluster!`, `kubelite::labels!` and `kubelite::selector!`. The `macro_rules!`
//! shims there pass `$crate` as the first tokens, so expansions name `kubelite` by whatever
//! name the dependency has.
//!
//! Each macro runs parse → validate → expand; on any error it emits the errors plus
//! fallback tokens (the `fallback` module) of the right type instead.
#![forbid(unsafe_code)]
// No panics on input (a macro's input is the user's code): errors become `compile_error!`s.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod ast;
mod diag;
mod expand;
mod fallback;
mod names;
mod parse;
mod selector;
mod suggest;
#[cfg(test)]
mod tests;
mod validate;

use proc_macro2::{TokenStream, TokenTree};

/// The engine of `kubelite::cluster!` and `kubelite::try_cluster!`; use those.
#[doc(hidden)]
#[proc_macro]
pub fn cluster_impl(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    cluster(input.into()).into()
}

/// The engine of `kubelite::labels!`; use that.
#[doc(hidden)]
#[proc_macro]
pub fn labels_impl(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    labels(input.into()).into()
}

/// The engine of `kubelite::selector!`; use that.
#[doc(hidden)]
#[proc_macro]
pub fn selector_impl(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    selector(input.into()).into()
}

/// `(crate path) "selector"` → a `Selector` built from its requirements, or the parse error
/// (upstream's words) on the literal and `Selector::everything()` in its place.
fn selector(input: TokenStream) -> TokenStream {
    let mut krate = quote::quote!(::kubelite);
    let parsed = parse::with_crate(input, |input| {
        let lit: syn::LitStr = input.parse().map_err(|e| {
            syn::Error::new(
                e.span(),
                "expected a selector string, like \"app=web, tier in (a,b)\"",
            )
        })?;
        let _ = input.parse::<Option<syn::Token![,]>>()?;
        Ok(lit)
    });
    let result = parsed.and_then(|(k, lit)| {
        krate = k;
        selector::check(&lit)
    });
    match result {
        Ok(reqs) => expand::selector_value(&krate, &reqs),
        Err(e) => {
            let errors = e.into_compile_error();
            quote::quote! {{ #errors #krate::labels::Selector::everything() }}
        }
    }
}

/// `(crate path) ready|try body` → the cluster expression, or errors plus a placeholder.
fn cluster(input: TokenStream) -> TokenStream {
    let mut tokens = input.into_iter();
    let krate = match tokens.next() {
        Some(TokenTree::Group(g)) => g.stream(),
        _ => quote::quote!(::kubelite),
    };
    let mode = match tokens.next() {
        Some(TokenTree::Ident(i)) if i == "try" => ast::Mode::Try,
        _ => ast::Mode::Ready,
    };
    let body: TokenStream = tokens.collect();
    let mut diag = diag::Diag::default();
    let result = parse::parse(krate.clone(), mode, body, &mut diag);
    match result {
        Ok(parsed) => {
            validate::validate(&parsed, &mut diag);
            match diag.into_error() {
                None => expand::expand(&parsed),
                Some(error) => fallback::fallback(&krate, mode, error),
            }
        }
        Err(error) => {
            let error = diag.into_error_with(error);
            fallback::fallback(&krate, mode, error)
        }
    }
}

/// `(crate path) key: value, ...` → a `Labels`, with keys and values checked.
fn labels(input: TokenStream) -> TokenStream {
    let mut krate = quote::quote!(::kubelite);
    let parsed = parse::with_crate(input, parse::map_body);
    let result = parsed.and_then(|(k, pairs)| {
        krate = k;
        let mut diag = diag::Diag::default();
        validate::labels_only(&pairs, &mut diag);
        match diag.into_error() {
            Some(e) => Err(e),
            None => Ok(pairs),
        }
    });
    match result {
        Ok(pairs) => {
            let pairs = pairs.iter().map(|(k, v)| {
                let (k, v) = (&k.value, &v.value);
                quote::quote!((#k, #v))
            });
            quote::quote! {
                <#krate::labels::Labels as ::core::iter::FromIterator<(&str, &str)>>::from_iter([#(#pairs),*])
            }
        }
        Err(e) => {
            let errors = e.into_compile_error();
            quote::quote! {{ #errors #krate::labels::Labels::new() }}
        }
    }
}
