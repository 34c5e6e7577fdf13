//! Diagnostics collected as values, so one expansion reports every problem at once.

/// A sink of errors, each already carrying the span of the token it is about.
#[derive(Default)]
pub(crate) struct Diag {
    errors: Vec<syn::Error>,
}

/// More than this many errors in one macro call is noise; the rest are summarised.
const MAX_ERRORS: usize = 16;

impl Diag {
    pub(crate) fn push(&mut self, error: syn::Error) {
        self.errors.push(error);
    }

    /// All errors and then `last` as one `syn::Error`.
    pub(crate) fn into_error_with(mut self, last: syn::Error) -> syn::Error {
        self.errors.push(last);
        match self.into_error() {
            Some(all) => all,
            None => syn::Error::new(proc_macro2::Span::call_site(), "no error recorded"),
        }
    }

    /// All errors as one `syn::Error` (which renders as one `compile_error!` per message).
    pub(crate) fn into_error(self) -> Option<syn::Error> {
        let total = self.errors.len();
        let mut iter = self.errors.into_iter();
        let mut first = iter.next()?;
        for e in iter.by_ref().take(MAX_ERRORS - 1) {
            first.combine(e);
        }
        if total > MAX_ERRORS {
            first.combine(syn::Error::new(
                proc_macro2::Span::call_site(),
                format!("{} more errors in this `cluster!`", total - MAX_ERRORS),
            ));
        }
        Some(first)
    }
}
