//! Generated malformed input: 1,000 manifests and 1,000 command lines (kubectl and terminal
//! scripts), each built so that it must be refused. Every one is an error, none panics, and
//! none changes the cluster.
//!
//! The generator is seeded (`MALFORMED_SEED`, default 9) so a failure names a case that can be
//! reproduced; `MALFORMED_CASES` raises the count for longer local runs.

use kubelite::Cluster;

/// A small deterministic generator (xorshift64*): the test needs reproducible variety, not
/// statistical quality.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// A valid DNS-1123 label.
    fn name(&mut self) -> String {
        let len = 1 + self.below(8);
        (0..len)
            .map(|_| (b'a' + self.below(26) as u8) as char)
            .collect()
    }

    /// A name no object of the API accepts: upper case, underscore, too long, or a leading
    /// hyphen.
    fn bad_name(&mut self) -> String {
        let base = self.name();
        match self.below(4) {
            0 => base.to_uppercase(),
            1 => format!("{base}_{base}"),
            2 => "x".repeat(254 + self.below(40)),
            _ => format!("-{base}"),
        }
    }
}

fn env_number(var: &str, default: u64) -> u64 {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn seed() -> u64 {
    env_number("MALFORMED_SEED", 9).max(1)
}

fn cases() -> usize {
    env_number("MALFORMED_CASES", 1000) as usize
}

const VALID: [&str; 4] = [
    "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: NAME\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: NAME\n  labels:\n    app: web\nspec:\n  containers:\n  - name: c\n    image: nginx\n",
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: NAME\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: 8080\n",
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: NAME\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: NAME\n  template:\n    metadata:\n      labels:\n        app: NAME\n    spec:\n      containers:\n      - name: c\n        image: nginx\n",
];

const MIXED: &str = "one bad document among good ones";

/// One manifest that a real cluster refuses, and why (for the failure message).
fn malformed_manifest(g: &mut Gen) -> (String, &'static str) {
    let name = g.name();
    let valid = VALID[g.below(VALID.len())].replace("NAME", &name);
    match g.below(12) {
        0 => (
            valid.replace(
                &format!("name: {name}\n"),
                &format!("name: {}\n", g.bad_name()),
            ),
            "bad name",
        ),
        1 => {
            let field = g.pick(&["spec", "metadata", "kind: List\nitems"]);
            let junk = g.name();
            let text = if field == "metadata" {
                valid.replace("metadata:\n", &format!("metadata:\n  {junk}x: 1\n"))
            } else {
                format!("{valid}{junk}x: 1\n")
            };
            (text, "unknown field")
        }
        2 => (
            valid.replace(
                "apiVersion: ",
                &format!("apiVersion: {}", g.pick(&["x", "v9/", "apps/v0"])),
            ),
            "unknown apiVersion",
        ),
        3 => (
            valid.replace(
                "kind: ",
                &format!("kind: {}", g.pick(&["Podd", "X", "service"])),
            ),
            "unknown kind",
        ),
        4 => {
            let line = g.pick(&[
                "apiVersion: v1\n",
                "kind: Namespace\n",
                "kind: Pod\n",
                "kind: Service\n",
                "kind: Deployment\n",
                "apiVersion: apps/v1\n",
            ]);
            if valid.contains(line) {
                (valid.replace(line, ""), "missing apiVersion or kind")
            } else {
                (format!("kind: {}\n", g.name()), "only a kind")
            }
        }
        5 => {
            // Cut JSON: a prefix of an object never closes its braces.
            let json = format!(
                "{{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{{\"name\":\"{name}\"}}}}"
            );
            let cut = 1 + g.below(json.len() - 1);
            (json[..cut].to_owned(), "truncated JSON")
        }
        6 => {
            let broken = g.pick(&[
                "  name: \"unclosed\n",
                "\tname: tab\n",
                "  labels: {a: [b\n",
                "  - list under a map\n",
                "  name: [x]: y\n",
            ]);
            (
                valid.replace("metadata:\n", &format!("metadata:\n{broken}")),
                "YAML syntax",
            )
        }
        7 => (
            valid
                .replace(
                    "replicas: 2",
                    &format!("replicas: {}", g.pick(&["-1", "\"two\"", "[2]", "2.5"])),
                )
                .replace(
                    "port: 80\n",
                    &format!("port: {}\n", g.pick(&["0", "65536", "-80", "http", "{}"])),
                )
                .replace(
                    "  containers:\n  - name: c\n",
                    &format!("  containers:\n  - name: {}\n", g.bad_name()),
                )
                .replace("kind: Namespace\n", "kind: Namespace\nspec: 7\n"),
            "wrong type or value",
        ),
        8 => {
            let value = g.pick(&["-bad", "bad-", "a b", "x/y", "ü"]);
            let key = g.pick(&["app", "a/b/c", "-k", "k!"]);
            let text = valid.replace(
                "metadata:\n",
                &format!("metadata:\n  labels:\n    {key}: \"{value}\"\n"),
            );
            // Pods already carry labels: the second `labels` is a duplicate key, also an error.
            (text, "bad label")
        }
        9 => {
            // Many documents, one of them bad: nothing at all is applied.
            let good = VALID[0].replace("NAME", &g.name());
            let bad = VALID[0].replace("NAME", &g.bad_name());
            let mut docs = [good.clone(), bad, good];
            let last = docs.len() - 1;
            docs.swap(g.below(3), last);
            (docs.join("---\n"), MIXED)
        }
        10 => (
            format!(
                "{}\n",
                g.pick(&["- a\n- b", "just a string", "42", "[1, 2]", "true"])
            ),
            "not an object",
        ),
        _ => {
            let selector = g.pick(&[
                "matchExpressions:\n      - {key: app, operator: Within, values: [a]}",
                "matchExpressions:\n      - {key: app, operator: Exists, values: [a]}",
                "matchExpressions:\n      - {key: app, operator: In, values: []}",
                "matchLabels:\n        \"bad key!\": x",
            ]);
            let text = format!(
                "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: {name}\nspec:\n  podSelector:\n    {selector}\n"
            );
            (text, "bad NetworkPolicy selector")
        }
    }
}

#[test]
fn malformed_manifests_are_refused_and_change_nothing() {
    let mut g = Gen(seed());
    let cluster = Cluster::new();
    let before = cluster.dump_yaml();
    for case in 0..cases() {
        let (text, why) = malformed_manifest(&mut g);
        let result = cluster.apply_yaml(&text);
        assert!(
            result.is_err(),
            "case {case} ({why}) was accepted: {result:?}\n{text}"
        );
        let message = result.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(!message.is_empty(), "case {case} ({why}): an empty message");
        // The same text through kubectl: refused with a message. kubectl applies a stream
        // document by document, as the real one does, so the good documents of a mixed stream
        // are applied: that case runs on a cluster of its own.
        let partial = why == MIXED;
        let scratch = Cluster::new();
        let target = if partial { &scratch } else { &cluster };
        let out = target.kubectl_output("apply -f -", Some(&text));
        assert!(
            !out.success() && !out.stderr.is_empty(),
            "case {case} ({why}): kubectl apply accepted it\n{text}\n{out:?}"
        );
        assert!(
            cluster.dump_yaml() == before,
            "case {case} ({why}) changed the cluster:\n{text}\n{out:?}"
        );
    }
}

/// One kubectl command line that must fail without effect.
fn malformed_kubectl(g: &mut Gen) -> String {
    let name = g.name();
    match g.below(14) {
        0 => format!("{name}x get pods"),
        1 => format!("get pods --{name}x"),
        2 => format!("get pods {}", g.pick(&["'unclosed", "\"unclosed", "a\\"])),
        3 => format!("get {name}x"),
        4 => format!(
            "get pods -l '{}'",
            g.pick(&["a in (", "!", "a=(", "in in", "x notin b", "a,", "=b"])
        ),
        5 => format!("get pod {name}-missing"),
        6 => format!(
            "delete {} {name}-missing",
            g.pick(&["pod", "service", "deployment", "namespace"])
        ),
        7 => format!(
            "scale deployment web --replicas={}",
            g.pick(&["-1", "x", "", "1.5"])
        ),
        8 => format!(
            "get pods -o {}",
            g.pick(&["foo", "jsonpath={.a", "custom-columns=", "go-template"])
        ),
        9 => format!("create namespace {}", g.bad_name()),
        10 => format!("create deployment {} --image=nginx", g.bad_name()),
        11 => format!("logs {name}-missing"),
        12 => format!("expose deployment {name}-missing --port=80"),
        _ => format!("label pod {name}-missing a=b"),
    }
}

/// One terminal script that must stop with an error.
fn malformed_script(g: &mut Gen) -> String {
    let name = g.name();
    match g.below(8) {
        0 => format!("{name}x --now"),
        1 => format!("echo \"{name}"),
        2 => format!("echo '{name}"),
        3 => format!("kubectl {}", malformed_kubectl(g)),
        4 => format!("echo ok && kubectl get pod {name}-missing"),
        5 => format!("cat <<EOF\n{name}\n"),
        6 => format!("echo $({name}x)x && false"),
        _ => format!("kubectl exec {name}-missing -- ls"),
    }
}

#[test]
fn malformed_command_lines_are_refused_and_change_nothing() {
    let mut g = Gen(seed().wrapping_add(1));
    let cluster = Cluster::new();
    cluster
        .kubectl("create deployment web --image=nginx --replicas=2")
        .expect("deployment");
    let before = cluster.dump_yaml();
    let n = cases();
    for case in 0..n {
        let line = malformed_kubectl(&mut g);
        let out = cluster.kubectl_output(&line, None);
        assert!(
            !out.success() && !out.stderr.is_empty(),
            "case {case}: `kubectl {line}` did not fail: {out:?}"
        );
        assert!(cluster.kubectl(&line).is_err());
        assert!(
            cluster.dump_yaml() == before,
            "case {case}: `kubectl {line}` changed the cluster"
        );
    }
    for case in 0..n {
        let script = malformed_script(&mut g);
        let error = match cluster.shell(&script) {
            Ok(transcript) => panic!("case {case}: script succeeded:\n{script}\n{transcript}"),
            Err(error) => error,
        };
        assert!(
            !error.to_string().is_empty(),
            "case {case}: an empty message for\n{script}"
        );
        assert!(
            cluster.dump_yaml() == before,
            "case {case} changed the cluster:\n{script}"
        );
    }
}
