//! The basic-networking tutorial, replayed against kubelite.
fn main() {}
