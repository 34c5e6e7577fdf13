//! `Cluster::kubectl`: the tutorial's command lines, every `get` table, the other output
//! formats and kubectl's error texts (expected outputs follow upstream kubectl's printers and
//! messages, §11 of the semantics digest).

use std::time::Duration;

use kubelite::Cluster;

const ECHO_SERVICE: &str = "apiVersion: v1
kind: Service
metadata:
  name: echo-service
spec:
  selector:
    app: echo-minikube
  ports:
  - port: 8080
    targetPort: 8080
";

/// The tutorial's cluster: the echo server with two replicas, its Service, and kibana
/// exposed on a NodePort.
fn tutorial() -> Cluster {
    let c = Cluster::new();
    c.kubectl("create deployment echo-minikube --image=k8s.gcr.io/echoserver:1.4")
        .unwrap();
    c.kubectl("scale deployment echo-minikube --replicas=2").unwrap();
    c.kubectl_stdin("apply -f -", ECHO_SERVICE).unwrap();
    c.kubectl("create deployment kibana --image=kibana:7.6.1").unwrap();
    c.kubectl("expose deployment kibana --port=5601 --type=NodePort")
        .unwrap();
    c.advance(Duration::from_secs(3 * 60 + 59));
    c
}

#[test]
fn tutorial_lines() {
    let c = Cluster::new();
    assert_eq!(
        c.kubectl("create deployment echo-minikube --image=k8s.gcr.io/echoserver:1.4")
            .unwrap(),
        "deployment.apps/echo-minikube created\n"
    );
    assert_eq!(
        c.kubectl("scale deployment echo-minikube --replicas=2").unwrap(),
        "deployment.apps/echo-minikube scaled\n"
    );
    c.advance(Duration::from_secs(18 * 60));
    let pods = c.kubectl("get pod").unwrap();
    insta::assert_snapshot!("tutorial_get_pod", pods);
    let ips = c
        .kubectl("get pod --selector=app=echo-minikube -o jsonpath='{.items[*].status.podIP}'")
        .unwrap();
    let parts: Vec<&str> = ips.split(' ').collect();
    assert_eq!(parts.len(), 2, "{ips}");
    assert!(!ips.ends_with('\n'));
    let lines = c
        .kubectl(r#"get pod --selector=app=echo-minikube -o jsonpath='{range .items[*]}{"PodName"}={.metadata.name}; {"PodIp"}={.status.podIP}{"\n"}{end}'"#)
        .unwrap();
    insta::assert_snapshot!("tutorial_range", lines);
    assert_eq!(
        c.kubectl_stdin("apply -f -", ECHO_SERVICE).unwrap(),
        "service/echo-service created\n"
    );
    assert_eq!(
        c.kubectl("create deployment kibana --image=kibana:7.6.1").unwrap(),
        "deployment.apps/kibana created\n"
    );
    assert_eq!(
        c.kubectl("expose deployment kibana --port=5601 --type=NodePort")
            .unwrap(),
        "service/kibana exposed\n"
    );
    c.advance(Duration::from_secs(173 * 60));
    insta::assert_snapshot!("tutorial_get_service_kibana", c.kubectl("get service kibana").unwrap());
}

#[test]
fn get_tables() {
    let c = tutorial();
    let mut out = String::new();
    for line in [
        "get pods",
        "get pods -o wide",
        "get pods --show-labels",
        "get pods -A",
        "get pods -L app -L pod-template-hash",
        "get deployments",
        "get deploy -o wide",
        "get rs",
        "get rs -o wide -A",
        "get svc",
        "get svc -o wide",
        "get svc -A --show-labels",
        "get endpoints",
        "get endpointslices -A",
        "get ns",
        "get nodes",
        "get nodes -o wide",
        "get all",
        "get pods,svc -n kube-system",
        "get svc kibana echo-service",
        "get deploy/kibana svc/kibana",
        "get pods -l app=kibana --no-headers",
        "get pods --field-selector=status.phase=Running -l app=echo-minikube",
        "get pods -A --sort-by=.metadata.name",
    ] {
        let output = c.kubectl_output(line, None);
        out.push_str(&format!(
            "$ kubectl {line}\n{}{}\n",
            output.stdout, output.stderr
        ));
    }
    insta::assert_snapshot!("get_tables", out);
}
