//! The terminal: scripts, variables, pipes, here-documents, `&&`, and its error cases.

use kubelite::Cluster;
use kubelite::shell::Terminal;

#[test]
fn variables_substitution_and_and_or() {
    let cluster = Cluster::new();
    let transcript = cluster
        .shell("export IP=$(minikube ip)\necho \"node: $IP\" 'not $IP'\nfalse || echo recovered\necho a; echo b\n")
        .expect("script runs");
    insta::assert_snapshot!(transcript.to_string());
    assert_eq!(
        transcript.steps()[1].stdout(),
        "node: 192.168.49.2 not $IP\n"
    );
}

#[test]
fn here_documents_feed_the_next_command() {
    let cluster = Cluster::new();
    let transcript = cluster
        .shell("cat <<EOF | grep -v skip\nkeep $(minikube ip)\nskip me\nEOF\n")
        .expect("script runs");
    assert_eq!(transcript.steps()[0].stdout(), "keep 192.168.49.2\n");
    insta::assert_snapshot!(transcript.to_string());
}

#[test]
fn error_cases() {
    let cluster = Cluster::new();
    let mut out = String::new();

    let err = cluster
        .shell("echo start\nfrobnicate --now\necho never")
        .expect_err("fails");
    assert_eq!(err.failed_step().map(|s| s.status()), Some(127));
    assert_eq!(err.transcript().steps().len(), 2);
    out.push_str(&format!(
        "## unknown command\n{}error: {err}\n\n",
        err.transcript()
    ));

    let err = cluster
        .shell("cat <<EOF | kubectl apply -f -\nkind: Service\n")
        .expect_err("fails");
    assert!(err.script_error().is_some());
    assert!(err.transcript().steps().is_empty(), "nothing runs");
    out.push_str(&format!("## unterminated here-document\nerror: {err}\n\n"));

    let err = cluster.shell("exit").expect_err("fails");
    out.push_str(&format!(
        "## exit outside a pod\n{}error: {err}\n\n",
        err.transcript()
    ));

    let mut terminal = Terminal::new(&cluster);
    terminal
        .run("false && echo skipped\necho $?")
        .expect("runs");
    let steps = terminal.transcript().steps();
    assert_eq!(
        steps[0].stdout(),
        "",
        "the command after a failed && does not run"
    );
    assert_eq!(steps[0].status(), 1);
    assert_eq!(steps[1].stdout(), "1\n");
    out.push_str(&format!(
        "## a command after a failed &&\n{}\n",
        terminal.transcript()
    ));

    let err = cluster.shell("echo 'unclosed").expect_err("fails");
    out.push_str(&format!("## unterminated quote\nerror: {err}\n\n"));
    let err = cluster.shell("| kubectl get pods").expect_err("fails");
    out.push_str(&format!("## pipe with nothing before it\nerror: {err}\n"));

    insta::assert_snapshot!(out);
}

#[test]
fn a_terminal_goes_on_after_failures() {
    let cluster = Cluster::new();
    let mut terminal = Terminal::new(&cluster);
    let steps = terminal
        .run("nope\necho still here")
        .expect("runs")
        .to_vec();
    assert_eq!(steps[0].status(), 127);
    assert_eq!(steps[0].stderr(), "bash: nope: command not found\n");
    assert_eq!(steps[1].stdout(), "still here\n");
}
