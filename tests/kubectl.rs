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
    c.kubectl("scale deployment echo-minikube --replicas=2")
        .unwrap();
    c.kubectl_stdin("apply -f -", ECHO_SERVICE).unwrap();
    c.kubectl("create deployment kibana --image=kibana:7.6.1")
        .unwrap();
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
        c.kubectl("scale deployment echo-minikube --replicas=2")
            .unwrap(),
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
        c.kubectl("create deployment kibana --image=kibana:7.6.1")
            .unwrap(),
        "deployment.apps/kibana created\n"
    );
    assert_eq!(
        c.kubectl("expose deployment kibana --port=5601 --type=NodePort")
            .unwrap(),
        "service/kibana exposed\n"
    );
    c.advance(Duration::from_secs(173 * 60));
    insta::assert_snapshot!(
        "tutorial_get_service_kibana",
        c.kubectl("get service kibana").unwrap()
    );
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

#[test]
fn output_formats() {
    let c = tutorial();
    let mut out = String::new();
    for line in [
        "get svc kibana -o yaml",
        "get svc kibana -o json",
        "get ns default -o yaml",
        "get ns -o name",
        "get all -o name",
        "get svc -n kube-system -o jsonpath={.items[0].spec.clusterIP}",
        "get svc kube-dns -n kube-system -o jsonpath-as-json={.spec.ports[*].port}",
        "get svc -A -o custom-columns=NAME:.metadata.name,PORTS:.spec.ports[*].port,IP:{.spec.clusterIP},MISSING:.spec.externalName",
        "get pods -l app=nothing -o json",
        "get deploy kibana -o jsonpath={.spec.template.spec.containers[0].name}",
    ] {
        let output = c.kubectl_output(line, None);
        out.push_str(&format!(
            "$ kubectl {line}\n{}{}\n",
            output.stdout, output.stderr
        ));
    }
    insta::assert_snapshot!("output_formats", out);
}

#[test]
fn mutations() {
    let c = Cluster::new();
    let mut out = String::new();
    for line in [
        "create namespace shop",
        "create deployment web --image=nginx:1.27 --image=busybox --replicas=3 -n shop",
        "create deployment api --image=docker.io/library/my_app.v2:1 --port=8080",
        "create service clusterip db --tcp=5432:5432",
        "create service nodeport web --tcp=80:8080 --node-port=30080",
        "create service loadbalancer lb --tcp=443",
        "expose deployment api --name=api-svc --target-port=http --port=80",
        "expose deployment api",
        "run busybox --image=busybox --restart=Never -- sleep 3600",
        "run web --image=nginx --port=80 --labels=app=web,tier=fe --env=A=1",
        "expose pod web",
        "label pod busybox tier=debug",
        "label pod busybox tier=other --overwrite",
        "label pod busybox tier-",
        "annotate deployment api owner=team-a",
        "annotate deployment api owner-",
        "scale deployment api --replicas=0",
        "scale deploy/api --replicas=2",
        r#"patch deployment api -p '{"spec":{"replicas":3}}'"#,
        r#"patch deployment api --type=merge -p '{"spec":{"replicas":3}}'"#,
        r#"patch deployment api --type=json -p '[{"op":"replace","path":"/spec/replicas","value":1}]'"#,
        r#"patch deployment api --type=json -p '[{"op":"remove","path":"/spec/nope"}]'"#,
        "set image deployment/api my-app-v2-=nginx:1.28",
        "set image deployment/api *=nginx:1.28",
        "rollout status deployment/api",
        "rollout history deployment/api",
        "rollout undo deployment/api",
        "rollout restart deployment api",
        "get deploy api -o jsonpath={.spec.template.spec.containers[0].image}",
        "delete service lb db",
        "delete pods -l run=busybox",
        "delete pod web --grace-period=0 --force",
        "delete ns shop",
        "edit deployment api",
        "version",
        "cluster-info",
        "api-resources",
    ] {
        let output = c.kubectl_output(line, None);
        out.push_str(&format!(
            "$ kubectl {line}\n{}{}[exit {}]\n\n",
            output.stdout, output.stderr, output.exit_code
        ));
    }
    insta::assert_snapshot!("mutations", out);
}

#[test]
fn apply_create_delete_from_stdin() {
    let c = Cluster::new();
    let mut out = String::new();
    let two =
        format!("{ECHO_SERVICE}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: extra\n");
    let changed = ECHO_SERVICE.replace("8080\n    targetPort", "9090\n    targetPort");
    for (line, stdin) in [
        ("apply -f -", two.as_str()),
        ("apply -f -", two.as_str()),
        ("apply -f -", changed.as_str()),
        ("create -f -", ECHO_SERVICE),
        ("delete -f -", two.as_str()),
        (
            "apply -n other -f -",
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n  namespace: default\nspec:\n  ports:\n  - port: 80\n",
        ),
        (
            "apply -f -",
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: bad\nspec:\n  ports:\n  - port: 0\n  - port: 99999\n",
        ),
        (
            "apply -f -",
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: Bad_Name\nspec:\n  ports:\n  - port: 80\n",
        ),
    ] {
        let output = c.kubectl_output(line, Some(stdin));
        out.push_str(&format!(
            "$ kubectl {line}\n{}{}[exit {}]\n\n",
            output.stdout, output.stderr, output.exit_code
        ));
    }
    insta::assert_snapshot!("stdin", out);
}

#[test]
fn errors() {
    let c = tutorial();
    let mut out = String::new();
    let lines = [
        "foo",
        "gett pods",
        "get",
        "get foo",
        "get pod nope",
        "get pods nope echo-minikube-nope",
        "get pods -n",
        "get pods --namespace",
        "get pods --foo",
        "get pods -z",
        "get pods -o yamll",
        "get pods -o jsonpath={.items[0}",
        "get pods -o custom-columns=NAME",
        "get pods -l 'app in ('",
        "get pods -l x,,y",
        "get pods --field-selector=spec.foo=bar",
        "get pods pod/x",
        "get pods -A=maybe",
        "get pod x -A",
        "get pod x -l app=y",
        "create deployment",
        "create deployment x",
        "create deployment echo-minikube --image=nginx",
        "create deployment Bad_Name --image=nginx",
        "create deployment x --image=nginx --replicas=abc",
        "create namespace default",
        "create service clusterip x",
        "create secret generic x",
        "create frob x",
        "expose deployment nope --port=80",
        "expose deployment kibana --port=5601",
        "expose deployment echo-minikube",
        "expose",
        "scale deployment echo-minikube",
        "scale deployment nope --replicas=1",
        "delete",
        "delete pods",
        "delete pod nope",
        "label pod",
        "label deployment kibana app=other",
        "annotate deployment kibana",
        "patch deployment kibana",
        "patch deployment kibana -p '{bad'",
        "set image deployment/kibana nope=x",
        "run x",
        "run",
        "run -it busybox --image=busybox -- sh",
        "logs",
        "logs nope",
        "exec -it x -- sh",
        "edit deployment nope",
        "get pods 'unterminated",
        "rollout undo deployment/kibana",
    ];
    for line in lines {
        let err = c.kubectl(line).unwrap_err();
        out.push_str(&format!("$ kubectl {line}\n{err}\n\n"));
    }
    insta::assert_snapshot!("errors", out);
}

#[test]
fn describe() {
    let c = tutorial();
    c.kubectl_stdin(
        "apply -f -",
        "apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api-allow
spec:
  podSelector:
    matchLabels:
      app: kibana
  policyTypes:
  - Ingress
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: echo-minikube
    ports:
    - port: 5601
",
    )
    .unwrap();
    let mut out = String::new();
    for line in [
        "describe service kibana",
        "describe svc echo-service",
        "describe svc kube-dns -n kube-system",
        "describe deployment echo-minikube",
        "describe pod kibana",
        "describe pod -n kube-system",
        "describe rs kibana",
        "describe networkpolicy api-allow",
        "describe node minikube",
        "describe ns default",
    ] {
        let output = c.kubectl_output(line, None);
        out.push_str(&format!(
            "$ kubectl {line}\n{}{}\n",
            output.stdout, output.stderr
        ));
    }
    insta::assert_snapshot!("describe", out);
}

/// `get networkpolicy` (NAME, POD-SELECTOR, AGE; `-o wide` adds nothing) and `describe
/// networkpolicy` in kubectl's layout: a `From:`/`To:` line per peer, port ranges, rules
/// separated by dashes, lower-case directions, no events.
#[test]
fn network_policies() {
    let c = tutorial();
    c.kubectl("create namespace shop").unwrap();
    c.kubectl_stdin(
        "apply -f -",
        "apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: test-network-policy
  namespace: shop
spec:
  podSelector:
    matchLabels:
      role: db
      tier: backend
  policyTypes:
  - Ingress
  - Egress
  ingress:
  - from:
    - ipBlock:
        cidr: 172.17.0.0/16
        except:
        - 172.17.1.0/24
    - namespaceSelector:
        matchLabels:
          project: myproject
    - podSelector:
        matchLabels:
          role: frontend
    ports:
    - protocol: TCP
      port: 6379
  - from:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: ops
      podSelector:
        matchExpressions:
        - {key: role, operator: In, values: [debug, admin]}
  egress:
  - to:
    - ipBlock:
        cidr: 10.0.0.0/24
    ports:
    - protocol: TCP
      port: 32000
      endPort: 32768
    - protocol: UDP
      port: 53
    - port: metrics
  - {}
",
    )
    .unwrap();
    c.advance(Duration::from_secs(90));
    c.kubectl_stdin(
        "apply -f -",
        "apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: egress-only
spec:
  podSelector:
    matchLabels:
      app: kibana
  policyTypes: [Egress]
",
    )
    .unwrap();
    let mut out = String::new();
    for line in [
        "get networkpolicy",
        "get netpol -n shop",
        "get networkpolicies -A -o wide",
        "get netpol test-network-policy -n shop --show-labels",
        "describe networkpolicy -n shop",
        "describe netpol egress-only",
    ] {
        let output = c.kubectl_output(line, None);
        out.push_str(&format!(
            "$ kubectl {line}\n{}{}\n",
            output.stdout, output.stderr
        ));
    }
    insta::assert_snapshot!("network_policies", out);
}

#[test]
fn apply_of_a_stream_is_all_or_nothing() {
    let cluster = Cluster::new();
    let stream = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: Bad_Name\nspec:\n  ports:\n  - port: 80\n";
    let before = cluster.dump_yaml();
    let err = cluster
        .kubectl_stdin("apply -f -", stream)
        .expect_err("the third document is invalid");
    assert_eq!(cluster.dump_yaml(), before, "nothing was applied");
    let text = err.to_string();
    assert!(
        text.starts_with(
            "The Service \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\""
        ),
        "{text}"
    );
    assert!(
        text.ends_with(
            "error: nothing was applied: document 3 of 3 (Service \"Bad_Name\") was refused"
        ),
        "{text}"
    );
    let good = stream
        .split("---\n")
        .take(2)
        .collect::<Vec<_>>()
        .join("---\n");
    assert_eq!(
        cluster.kubectl_stdin("apply -f -", &good).expect("applies"),
        "namespace/shop created\nservice/web created\n"
    );
}
