//! kubectl command lines (`Cluster::kubectl_output`, with and without standard input).
//! Properties: no panic; an exit status of 0 exactly when `kubectl` returns `Ok`; a command
//! that fails without printing anything on standard output changed nothing (a refused
//! request leaves the cluster's dump unchanged).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // `args` or `args\0stdin`.
    let (args, stdin) = match text.split_once('\0') {
        Some((args, stdin)) => (args, Some(stdin)),
        None => (text, None),
    };
    if args.contains('\n') {
        return;
    }
    let cluster = kubelite_fuzz::populated_cluster();
    let before = cluster.dump_yaml();
    let out = cluster.kubectl_output(args, stdin);
    assert!(out.success() == (out.exit_code == 0));
    if !out.success() {
        assert!(!out.stderr.is_empty(), "a failure says why: {args:?}");
        if out.stdout.is_empty() {
            assert_eq!(cluster.dump_yaml(), before, "refused `kubectl {args}` changed the cluster");
        }
    }
    let again = kubelite_fuzz::populated_cluster();
    let result = match stdin {
        Some(stdin) => again.kubectl_stdin(args, stdin),
        None => again.kubectl(args),
    };
    assert_eq!(result.is_ok(), out.success(), "kubectl and kubectl_output agree: {args:?}");
});
