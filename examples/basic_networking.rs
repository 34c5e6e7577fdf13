//! The basic-networking tutorial, run verbatim against an in-memory kubelite cluster.
//!
//! Run with `cargo run --example basic_networking`. Every command line below is the
//! tutorial's, typed into a kubelite terminal ([`kubelite::shell::Terminal`]); everything
//! printed after a prompt is what the in-memory cluster answered, nothing is canned. The
//! virtual clock advances while the "user" types, so ages look lived-in, and the tutorial's
//! closing exercise (Elasticsearch for Kibana) runs at the end.

use std::time::Duration;

use kubelite::Cluster;
use kubelite::shell::Terminal;

/// A section of the tutorial: its heading, what it says, and the command lines it types.
struct Section {
    heading: &'static str,
    narration: &'static str,
    commands: &'static str,
    /// Commands the tutorial shows failing (a ClusterIP does not answer ping, the host cannot
    /// resolve Service names).
    fails: &'static [&'static str],
}

const SECTIONS: &[Section] = &[
    Section {
        heading: "An echo server",
        narration: "The previous module's Deployment, quickly recreated with the shortcut.",
        commands: "kubectl create deployment echo-minikube --image=k8s.gcr.io/echoserver:1.4",
        fails: &[],
    },
    Section {
        heading: "The problem with Pods",
        narration: "`kubectl edit` opens the Deployment in an editor; our editor sets `replicas: 2`\n\
                    (the same change as `kubectl scale deployment echo-minikube --replicas=2`).",
        commands: "$ kubectl edit deployment echo-minikube\n\
                   $ kubectl get pod\n\
                   $ kubectl get pod --selector=app=echo-minikube -o jsonpath='{.items[*].status.podIP}'\n\
                   $ kubectl get pod --selector=app=echo-minikube -o jsonpath='{range .items[*]}{\"PodName\"}={.metadata.name}; {\"PodIp\"}={.status.podIP}{\"\\n\"}{end}'",
        fails: &[],
    },
    Section {
        heading: "Service objects",
        narration: "A Service gives the pods one name and balances requests across them.",
        commands: "$ cat <<EOF | kubectl apply -f -\n\
                   apiVersion: v1\n\
                   kind: Service\n\
                   metadata:\n\
                   \x20 name: echo-service\n\
                   spec:\n\
                   \x20 selector:\n\
                   \x20   app: echo-minikube\n\
                   \x20 ports:\n\
                   \x20 - port: 8080\n\
                   \x20   targetPort: 8080\n\
                   EOF",
        fails: &[],
    },
    Section {
        heading: "Testing a service",
        narration: "A throwaway busybox-curl pod sends requests to http://echo-service:8080;\n\
                    both echo pods answer, as their logs show afterwards.",
        commands: "$ kubectl run -it --rm --restart=Never busybox --image=yauritux/busybox-curl sh\n\
                   / # curl http://echo-service:8080\n\
                   / # curl -s http://echo-service:8080 | grep client_address\n\
                   / # curl -s -o /dev/null -w '%{http_code}\\n' http://echo-service:8080\n\
                   / # nslookup echo-service\n\
                   / # ping -c 2 echo-service\n\
                   / # exit\n\
                   $ kubectl logs $(kubectl get pod --selector=app=echo-minikube -o jsonpath='{.items[0].metadata.name}')\n\
                   $ kubectl logs $(kubectl get pod --selector=app=echo-minikube -o jsonpath='{.items[1].metadata.name}')",
        fails: &["ping -c 2 echo-service"],
    },
    Section {
        heading: "Networking outside the cluster",
        narration: "From the host, the ClusterIP Service is out of reach: the name does not resolve.",
        commands: "$ curl http://echo-service:8080",
        fails: &["curl http://echo-service:8080"],
    },
    Section {
        heading: "NodePort services",
        narration: "Kibana, exposed on a NodePort of every node.",
        commands: "$ kubectl create deployment kibana --image=kibana:7.6.1\n\
                   $ sleep 240\n\
                   $ kubectl get pod\n\
                   $ kubectl expose deployment kibana --port=5601 --type=NodePort\n\
                   $ kubectl get service kibana\n\
                   $ minikube service kibana\n\
                   $ minikube service kibana --url\n\
                   $ curl $(minikube ip):$(kubectl get service kibana -o jsonpath='{.spec.ports[0].nodePort}')",
        fails: &[],
    },
    Section {
        heading: "Exercise: connect Kibana to Elasticsearch",
        narration: "Kibana looks for Elasticsearch at http://elasticsearch:9200; deploying it behind\n\
                    a Service of that name is all it takes.",
        commands: "$ kubectl create deployment elasticsearch --image=elasticsearch:7.6.1\n\
                   $ kubectl expose deployment elasticsearch --port=9200\n\
                   $ sleep 60\n\
                   $ kubectl get pods,services\n\
                   $ curl -i $(minikube ip):$(kubectl get service kibana -o jsonpath='{.spec.ports[0].nodePort}')",
        fails: &[],
    },
];

fn set_two_replicas(yaml: &str) -> String {
    yaml.replacen("  replicas: 1\n", "  replicas: 2\n", 1)
}

/// The whole session, as the terminal showed it (also pinned by a snapshot test).
pub fn transcript() -> Result<String, Box<dyn std::error::Error>> {
    let cluster = Cluster::new();
    let mut terminal = Terminal::new(&cluster)
        .with_editor(set_two_replicas)
        .pace(Duration::from_secs(75));
    let mut out = String::from("# Basic networking, in memory\n\n");
    for section in SECTIONS {
        out.push_str(&format!(
            "## {}\n\n{}\n\n",
            section.heading, section.narration
        ));
        for step in terminal.run(section.commands)? {
            out.push_str(&step.to_string());
            let expected_to_fail = section.fails.contains(&step.command());
            if step.success() == expected_to_fail {
                return Err(format!(
                    "`{}` exited with {} (expected {}):\n{}",
                    step.command(),
                    step.status(),
                    if expected_to_fail {
                        "a failure"
                    } else {
                        "success"
                    },
                    step.stderr()
                )
                .into());
            }
        }
        out.push('\n');
    }
    Ok(out)
}

#[allow(dead_code)] // the snapshot test includes this file as a module
fn main() -> Result<(), Box<dyn std::error::Error>> {
    print!("{}", transcript()?);
    Ok(())
}
