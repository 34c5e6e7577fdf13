#!/usr/bin/env bash
# Takes the basic-networking tutorial's cluster, as kubelite exports it (tutorial.yaml, kept
# equal to `cluster.export_yaml()` by tests/export.rs), to a real cluster and runs the
# tutorial's checks with kubectl and curl.
#
#   examples/real-cluster/run.sh minikube   # or: kind
#
# node_curl PORT [CURL-ARGS...]: an HTTP GET of a NodePort, as from the host.
# Needs kubectl, curl, and minikube or kind (with docker). Creates a throwaway cluster named
# kubelite-tutorial and deletes it at the end (KEEP=1 keeps it).
set -euo pipefail
cd "$(dirname "$0")"

driver="${1:-minikube}"
name="kubelite-tutorial"
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }

case "$driver" in
  minikube)
    minikube start -p "$name"
    kubectl config use-context "$name"
    node_curl() { curl -s --max-time 5 "${@:2}" "http://$(minikube -p "$name" ip):$1/"; }
    cleanup() { [ "${KEEP:-}" = 1 ] || minikube delete -p "$name"; }
    ;;
  kind)
    kind create cluster --name "$name"
    kubectl config use-context "kind-$name"
    # A kind node is a container: its NodePorts are reached from inside it.
    node_curl() { docker exec "$name-control-plane" curl -s --max-time 5 "${@:2}" "http://localhost:$1/"; }
    cleanup() { [ "${KEEP:-}" = 1 ] || kind delete cluster --name "$name"; }
    ;;
  *) fail "usage: $0 minikube|kind" ;;
esac
trap cleanup EXIT

# 1. The export is accepted as is: server-side dry run first, then for real.
kubectl apply --dry-run=server -f tutorial.yaml
kubectl apply -f tutorial.yaml
pass "the exported manifests apply"

# 2. The Deployments roll out: two echo servers, one Kibana.
kubectl rollout status deployment/echo-minikube --timeout=180s
kubectl rollout status deployment/kibana --timeout=600s
pods=$(kubectl get pod --selector=app=echo-minikube -o jsonpath='{.items[*].status.podIP}')
[ "$(wc -w <<<"$pods")" -eq 2 ] || fail "expected 2 echo-minikube pod IPs, got: $pods"
pass "two echo-minikube pods: $pods"

# 3. The Service answers by name from inside the cluster (the tutorial's busybox-curl).
reply=$(kubectl run curl --rm -i --restart=Never --image=yauritux/busybox-curl -- \
  curl -s http://echo-service:8080)
grep -q "CLIENT VALUES" <<<"$reply" || fail "echo-service did not answer: $reply"
pass "http://echo-service:8080 answers"

# 4. Kibana's NodePort answers from the host (the port is allocated anew: read it).
port=$(kubectl get service kibana -o jsonpath='{.spec.ports[0].nodePort}')
for _ in $(seq 60); do
  code=$(node_curl "$port" -o /dev/null -w '%{http_code}' || true)
  case "$code" in 200|302) break ;; esac
  sleep 5
done
case "$code" in 200|302) pass "kibana answers on NodePort $port ($code)" ;;
  *) fail "kibana did not answer on NodePort $port (last status: ${code:-none})" ;; esac

echo "all checks passed on $driver"
