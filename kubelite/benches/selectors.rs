//! Selector benchmarks (filled in with the selectors module).
fn main() {}
