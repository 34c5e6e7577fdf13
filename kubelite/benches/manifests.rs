//! Manifest loading: kubelite's `from_yaml` side by side with serde-saphyr into k8s-openapi
//! types, on the same documents. Run with `cargo bench -p kubelite --bench manifests`.

use divan::{Bencher, black_box};

fn main() {
    divan::main();
}

const DEPLOYMENT: &str = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: echo-minikube
  namespace: default
  labels:
    app: echo-minikube
spec:
  replicas: 2
  selector:
    matchLabels:
      app: echo-minikube
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 25%
  template:
    metadata:
      labels:
        app: echo-minikube
    spec:
      containers:
      - name: echoserver
        image: k8s.gcr.io/echoserver:1.4
        ports:
        - containerPort: 8080
          protocol: TCP
        env:
        - name: MODE
          value: echo
        readinessProbe:
          httpGet:
            path: /
            port: 8080
          initialDelaySeconds: 5
          periodSeconds: 10
        resources:
          limits:
            cpu: 500m
            memory: 128Mi
      restartPolicy: Always
      terminationGracePeriodSeconds: 30
"#;

const SERVICE: &str = r#"apiVersion: v1
kind: Service
metadata:
  name: kibana
  namespace: default
  labels:
    app: kibana
spec:
  type: NodePort
  selector:
    app: kibana
  ports:
  - port: 5601
    targetPort: 5601
    protocol: TCP
    nodePort: 30937
  sessionAffinity: None
  externalTrafficPolicy: Cluster
"#;

#[divan::bench(args = ["deployment", "service"])]
fn kubelite_from_yaml(bencher: Bencher, kind: &str) {
    let text = if kind == "deployment" {
        DEPLOYMENT
    } else {
        SERVICE
    };
    bencher.bench(|| kubelite::manifest::from_yaml(black_box(text)));
}

#[divan::bench(args = ["deployment", "service"])]
fn k8s_openapi_from_yaml(bencher: Bencher, kind: &str) {
    use k8s_openapi::api::{apps::v1::Deployment, core::v1::Service};
    if kind == "deployment" {
        bencher.bench(|| serde_saphyr::from_str::<Deployment>(black_box(DEPLOYMENT)));
    } else {
        bencher.bench(|| serde_saphyr::from_str::<Service>(black_box(SERVICE)));
    }
}
