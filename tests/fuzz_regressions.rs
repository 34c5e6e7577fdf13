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
    assert_eq!(
        message,
        "bash: line 1: syntax error near unexpected token `<'"
    );
    let message = within_seconds(|| {
        let cluster = Cluster::new();
        cluster
            .shell("cat < file")
            .map(|_| ())
            .unwrap_err()
            .to_string()
    });
    assert_eq!(
        message,
        "bash: line 1: syntax error near unexpected token `<'"
    );
}

/// fuzz target `shell`, second run (on the build from before the fix): three more scripts
/// that hung, each with a lone `<` somewhere after other words.
#[test]
fn more_lone_redirections_found_by_the_fuzzer_end() {
    for script in [
        "# commen~t\n=1\u{7}\nect pods -lubx<\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}}\n",
        ".kubect\u{1}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{12}l get pods\nPOD=$(ku$POD --Sbecods -l cods -l apoath<='{+items[0]\u{19}.name}')\u{13}\nkubectl exec -i exec -it $POD 1-S\u{0}\u{0}\u{0}curl -s ;cho",
        "kb ecultcreate depkubect# <\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}comlme",
    ] {
        let result = within_seconds(move || {
            let cluster = Cluster::new();
            cluster.shell(script).map(|_| ()).map_err(|e| e.to_string())
        });
        assert!(result.is_err(), "{script:?}");
    }
}
