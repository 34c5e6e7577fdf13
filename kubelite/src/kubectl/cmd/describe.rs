//! `kubectl describe`.

use crate::kubectl::flags::{Flag, Parsed, Takes, flag};
use crate::kubectl::KubectlError;

use super::Ctx;

pub(crate) const FLAGS: &[Flag] = &[
    flag("selector", Some('l'), Takes::Str),
    flag("all-namespaces", Some('A'), Takes::Bool),
    flag("show-events", None, Takes::Bool),
];

pub(crate) fn run(_ctx: &mut Ctx<'_>, _p: &Parsed) -> Result<(), KubectlError> {
    Err(KubectlError::new("describe is not implemented yet"))
}
