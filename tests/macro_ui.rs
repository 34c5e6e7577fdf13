//! `cluster!` and `labels!` diagnostics: every compile-time check fails at the offending
//! token with a reviewed message (`tests/ui/fail/*.stderr`), and every grammar form compiles
//! (`tests/ui/pass/*.rs`). Refresh after a deliberate change with `TRYBUILD=overwrite`, then
//! read the diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("../tests/ui/pass/*.rs");
    t.compile_fail("../tests/ui/fail/*.rs");
}
