//! The basic-networking tutorial's cluster: its command lines run in one terminal, as
//! `tests/tutorial.rs` runs them (the two machine-specific values read from the cluster).

use std::time::Duration;

use kubelite::Cluster;
use kubelite::shell::Terminal;

const COMMANDS: &str = include_str!("../data/tutorial/commands.sh");

/// The cluster as the tutorial leaves it.
pub fn cluster() -> Cluster {
    let script = COMMANDS
        .replace(
            "echo-minikube-5486cd5cd5-9zq92",
            "$(kubectl get pod --selector=app=echo-minikube -o jsonpath='{.items[0].metadata.name}')",
        )
        .replace(
            ":31770",
            ":$(kubectl get service kibana -o jsonpath='{.spec.ports[0].nodePort}')",
        );
    let cluster = Cluster::new();
    let mut terminal = Terminal::new(&cluster)
        .with_editor(|yaml| yaml.replacen("  replicas: 1\n", "  replicas: 2\n", 1))
        .pace(Duration::from_secs(45));
    terminal
        .run(&script)
        .expect("the tutorial's commands read as a script");
    for step in terminal.into_transcript().steps() {
        assert!(
            step.success(),
            "`{}` failed:\n{}",
            step.command(),
            step.stderr()
        );
    }
    cluster
}
