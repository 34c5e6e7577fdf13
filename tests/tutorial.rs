//! The basic-networking tutorial, verbatim: its command lines (extracted from the tutorial's
//! code fences by `scripts/extract-tutorial-commands.py` into `tests/data/tutorial/
//! commands.sh`) run in one terminal session, in order, and print what the tutorial shows.

use std::time::Duration;

use kubelite::Cluster;
use kubelite::shell::{Terminal, Transcript};

const COMMANDS: &str = include_str!("data/tutorial/commands.sh");

/// The tutorial names two values of the author's machine and says they differ on yours; the
/// session reads them from the cluster instead, as the tutorial tells its reader to.
const MACHINE_SPECIFIC: [(&str, &str); 2] = [
    // "note the name of the Pod can be different in your local machine, so get it using
    // kubectl get pod"
    (
        "echo-minikube-5486cd5cd5-9zq92",
        "$(kubectl get pod --selector=app=echo-minikube -o jsonpath='{.items[0].metadata.name}')",
    ),
    // "Once you find out the port assigned to the service (for example, 31770)"
    (
        ":31770",
        ":$(kubectl get service kibana -o jsonpath='{.spec.ports[0].nodePort}')",
    ),
];

fn script() -> String {
    let mut script = COMMANDS.to_owned();
    for (theirs, ours) in MACHINE_SPECIFIC {
        assert!(
            script.contains(theirs),
            "the tutorial no longer mentions {theirs}"
        );
        script = script.replace(theirs, ours);
    }
    script
}

/// The editor the tutorial's reader uses on `kubectl edit deployment echo-minikube`.
fn set_two_replicas(yaml: &str) -> String {
    yaml.replacen("  replicas: 1\n", "  replicas: 2\n", 1)
}

fn run_tutorial(cluster: &Cluster) -> Transcript {
    let mut terminal = Terminal::new(cluster)
        .with_editor(set_two_replicas)
        .pace(Duration::from_secs(45));
    terminal
        .run(&script())
        .expect("the tutorial's commands read as a script");
    let transcript = terminal.into_transcript();
    for step in transcript.steps() {
        assert!(
            step.success(),
            "`{}` failed with status {}:\n{}",
            step.command(),
            step.status(),
            step.stderr()
        );
    }
    transcript
}

fn output_of<'t>(transcript: &'t Transcript, command: &'t str) -> &'t kubelite::shell::Step {
    transcript
        .find(command)
        .next()
        .unwrap_or_else(|| panic!("no step runs {command:?}"))
}

#[test]
fn every_tutorial_command_runs_and_prints_the_tutorials_shapes() {
    let cluster = Cluster::new();
    let transcript = run_tutorial(&cluster);

    let created = output_of(&transcript, "kubectl create deployment echo-minikube");
    assert_eq!(created.stdout(), "deployment.apps/echo-minikube created\n");
    let edited = output_of(&transcript, "kubectl edit deployment echo-minikube");
    assert_eq!(edited.stdout(), "deployment.apps/echo-minikube edited\n");

    let pods = transcript.find("kubectl get pod").next().expect("get pod");
    let lines: Vec<&str> = pods.stdout().lines().collect();
    assert_eq!(
        lines[0].split_whitespace().collect::<Vec<_>>(),
        ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    );
    let rows: Vec<&&str> = lines
        .iter()
        .filter(|l| l.starts_with("echo-minikube-"))
        .collect();
    assert_eq!(rows.len(), 2, "{}", pods.stdout());
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let name: Vec<&str> = cols[0].split('-').collect();
        assert_eq!(name.len(), 4, "{row}");
        assert!(
            (9..=10).contains(&name[2].len()),
            "pod-template-hash in {row}"
        );
        assert_eq!(name[3].len(), 5, "random suffix in {row}");
        assert_eq!(&cols[1..4], ["1/1", "Running", "0"], "{row}");
    }

    let ips = output_of(&transcript, "jsonpath='{.items[*].status.podIP}'").stdout();
    let ips: Vec<&str> = ips.split(' ').collect();
    assert_eq!(ips.len(), 2, "{ips:?}");
    assert!(
        ips.iter()
            .all(|ip| ip.parse::<std::net::Ipv4Addr>().is_ok()),
        "{ips:?}"
    );
    let ranged = output_of(&transcript, "{range .items[*]}").stdout();
    let ranged: Vec<&str> = ranged.lines().collect();
    assert_eq!(ranged.len(), 2);
    for (line, ip) in ranged.iter().zip(&ips) {
        assert!(line.starts_with("PodName=echo-minikube-"), "{line}");
        assert!(line.ends_with(&format!("; PodIp={ip}")), "{line}");
    }

    assert_eq!(
        output_of(&transcript, "cat <<EOF | kubectl apply -f -").stdout(),
        "service/echo-service created\n"
    );
    let curl = output_of(&transcript, "curl http://echo-service:8080");
    assert_eq!(curl.prompt(), "/ # ");
    assert!(
        curl.stdout().contains("CLIENT VALUES:"),
        "{}",
        curl.stdout()
    );
    assert_eq!(
        output_of(&transcript, "exit").stdout(),
        "pod \"busybox\" deleted\n"
    );

    assert_eq!(
        output_of(&transcript, "kubectl expose deployment kibana").stdout(),
        "service/kibana exposed\n"
    );
    let svc = output_of(&transcript, "kubectl get service kibana").stdout();
    let row: Vec<&str> = svc
        .lines()
        .nth(1)
        .expect("kibana row")
        .split_whitespace()
        .collect();
    assert_eq!(&row[..2], ["kibana", "NodePort"]);
    assert!(row[2].starts_with("10."), "{svc}");
    assert_eq!(row[3], "<none>");
    let (port, node_port) = row[4].split_once(':').expect("PORT(S)");
    assert_eq!(port, "5601");
    let node_port: u16 = node_port
        .trim_end_matches("/TCP")
        .parse()
        .expect("nodePort");
    assert!((30000..=32767).contains(&node_port));

    let url = format!("http://192.168.49.2:{node_port}");
    assert!(
        output_of(&transcript, "minikube service kibana")
            .stdout()
            .contains(&url)
    );
    let answer = output_of(&transcript, "curl $(minikube ip)").stdout();
    assert!(
        answer.contains("Kibana server is not ready yet"),
        "{answer}"
    );
}

#[test]
fn the_tutorial_transcript_is_deterministic() {
    let a = run_tutorial(&Cluster::new()).to_string();
    let b = run_tutorial(&Cluster::new()).to_string();
    assert_eq!(a, b);
}

/// `cargo run --example basic_networking`, pinned: the example's transcript, reviewed.
#[allow(dead_code)]
#[path = "../examples/basic_networking.rs"]
mod example;

#[test]
fn the_example_prints_the_reviewed_transcript() {
    let transcript = example::transcript().expect("every step of the example succeeds");
    insta::assert_snapshot!(transcript);
}
