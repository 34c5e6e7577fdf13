//! What the macro expands to when the input has errors: every error as a `compile_error!`
//! at its span, plus a placeholder of the type the macro would have produced, so the code
//! using the cluster type-checks and no secondary errors bury the real ones.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ast::Mode;

pub(crate) fn fallback(krate: &TokenStream, mode: Mode, error: syn::Error) -> TokenStream {
    let errors = error.into_compile_error();
    let placeholder = match mode {
        Mode::Ready => quote!(#krate::__private::placeholder_cluster()),
        Mode::Try => quote!(#krate::__private::placeholder_result()),
    };
    quote! {{
        #errors
        #placeholder
    }}
}
