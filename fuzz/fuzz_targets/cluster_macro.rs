//! The `cluster!` grammar: text through `syn::parse_str` into tokens, then the macro's own
//! parse → validate → expand. Properties: no panic; the answer is the same for the tokens
//! printed and parsed again (token printing is a fixed point); every expansion is a Rust
//! expression.
#![no_main]

use kubelite_fuzz::{Expansion, cluster_macro};
use libfuzzer_sys::fuzz_target;
use proc_macro2::TokenStream;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let Ok(tokens) = syn::parse_str::<TokenStream>(text) else {
        return;
    };
    let try_mode = mode & 1 == 1;
    let answer = cluster_macro(tokens.clone(), try_mode);
    let printed = tokens.to_string();
    let reparsed: TokenStream = syn::parse_str(&printed).expect("printed tokens parse");
    assert_eq!(reparsed.to_string(), printed, "token printing is a fixed point");
    let again = cluster_macro(reparsed, try_mode);
    match (&answer, &again) {
        (Expansion::Expanded(a), Expansion::Expanded(b)) => {
            assert_eq!(a, b, "reprinted body expands differently");
            syn::parse_str::<syn::Expr>(a).expect("an expansion is an expression");
        }
        (Expansion::Refused(a), Expansion::Refused(b)) => assert_eq!(a, b),
        _ => panic!("{text:?} and its reprint {printed:?} disagree: {answer:?} vs {again:?}"),
    }
});
