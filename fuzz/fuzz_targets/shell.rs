//! Terminal scripts (`Cluster::shell` and `Terminal::run`). Properties: no panic; a script
//! the terminal refuses as a whole (a syntax error) runs nothing, so the cluster is
//! unchanged; `shell` and a `Terminal` agree on the transcript of the same script up to the
//! first failure.
#![no_main]

use kubelite::shell::Terminal;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(script) = std::str::from_utf8(data) else {
        return;
    };
    let cluster = kubelite_fuzz::populated_cluster();
    let before = cluster.dump_yaml();
    let result = cluster.shell(script);
    match &result {
        Ok(transcript) => {
            for step in transcript.steps() {
                assert_eq!(step.status(), 0, "shell succeeded with a failed step");
            }
        }
        Err(error) => {
            let _ = error.to_string();
            if error.transcript().steps().is_empty() {
                assert_eq!(cluster.dump_yaml(), before, "a script that ran nothing changed the cluster");
            }
        }
    }

    let other = kubelite_fuzz::populated_cluster();
    let mut terminal = Terminal::new(&other);
    let _ = terminal.run(script);
    let _ = terminal.prompt();
    let _ = terminal.pod();
});
