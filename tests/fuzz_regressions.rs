//! Inputs the fuzz targets (`fuzz/`) found to misbehave, kept as regression tests. Each runs
//! under a watchdog, since some were hangs.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use kubelite::Cluster;

/// Runs `f` on a thread and fails if it does not finish within a few seconds.
fn within_seconds<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(10))
        .expect("finished in time (the fuzzer found a hang here)")
}

/// fuzz target `shell`: a lone `<` (input redirection) made the tokenizer loop forever.
#[test]
fn a_lone_input_redirection_is_refused_not_a_hang() {
    let script = "kubectl run tm\0\0\0\0\0\0\0\0\0? --image<bus2ybox --rm -it --   tgw'eqOmini 80\nkubec:8080\ne s";
    let message = within_seconds(move || {
        let cluster = Cluster::new();
        cluster.shell(script).map(|_| ()).unwrap_err().to_string()
    });
    assert_eq!(message, "bash: line 1: syntax error near unexpected token `<'");
    let message = within_seconds(|| {
        let cluster = Cluster::new();
        cluster.shell("cat < file").map(|_| ()).unwrap_err().to_string()
    });
    assert_eq!(message, "bash: line 1: syntax error near unexpected token `<'");
}
