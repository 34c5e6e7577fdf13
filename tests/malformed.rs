//! Malformed manifests: every one is refused with a specific error at the stage where a real
//! cluster refuses it, and none panics.
//!
//! Two stages, as with `kubectl apply -f`:
//! - **load**: [`kubelite::manifest::from_yaml`] (YAML syntax, document shape, `apiVersion`/`kind`,
//!   strict decoding: unknown fields and wrong types);
//! - **create**: the object loaded, so the API server fills in the namespace (`default`) and its
//!   defaults and then validates it ([`Object::validate`]); the error is printed as kubectl
//!   prints it.
//!
//! All messages are rendered into one snapshot (`malformed__messages.snap`), one block per case.

use kubelite::Object;
use kubelite::api::Resource;
use kubelite::manifest::{ManifestError, from_yaml};
use kubelite::validation::Invalid;

/// Where a case was refused.
#[derive(Debug)]
enum Refusal {
    /// `from_yaml` refused the text.
    Load(ManifestError),
    /// The text loaded; creating the object (defaults, then validation) refused it.
    Create(Invalid),
    /// Nothing was refused: the stream held no object at all.
    NoObjects,
}

impl Refusal {
    fn stage(&self) -> &'static str {
        match self {
            Refusal::Load(_) => "load",
            Refusal::Create(_) => "create",
            Refusal::NoObjects => "load (no objects)",
        }
    }

    fn message(&self) -> String {
        match self {
            Refusal::Load(e) => e.to_string(),
            Refusal::Create(e) => e.to_string(),
            Refusal::NoObjects => {
                "Ok([]): no object loaded (not an error at this layer)".to_owned()
            }
        }
    }
}

/// What the API server does on create: namespace from the request (`default`), defaults, then
/// validation.
fn create<T: Resource>(mut object: T) -> Result<(), Invalid> {
    if T::NAMESPACED && object.meta().namespace.is_none() {
        object.meta_mut().namespace = Some("default".to_owned());
    }
    object.apply_defaults();
    object.validate()
}

fn create_object(object: Object) -> Result<(), Invalid> {
    match object {
        Object::Namespace(o) => create(*o),
        Object::Node(o) => create(*o),
        Object::Pod(o) => create(*o),
        Object::Deployment(o) => create(*o),
        Object::ReplicaSet(o) => create(*o),
        Object::Service(o) => create(*o),
        Object::Endpoints(o) => create(*o),
        Object::EndpointSlice(o) => create(*o),
        Object::NetworkPolicy(o) => create(*o),
        other => panic!("kind {} not handled by the test", other.kind()),
    }
}

/// Loads `input` and creates every object; the first refusal.
fn refuse(input: &str) -> Option<Refusal> {
    let objects = match from_yaml(input) {
        Ok(objects) => objects,
        Err(e) => return Some(Refusal::Load(e)),
    };
    if objects.is_empty() {
        return Some(Refusal::NoObjects);
    }
    objects
        .into_iter()
        .find_map(|o| create_object(o).err())
        .map(Refusal::Create)
}

/// One malformed input: a name, what is wrong with it, the text.
struct Case {
    name: &'static str,
    summary: &'static str,
    input: String,
}

fn case(name: &'static str, summary: &'static str, input: impl Into<String>) -> Case {
    Case {
        name,
        summary,
        input: input.into(),
    }
}

/// A valid Deployment `web` (`app: web`, one `nginx` container on port 80) with `from`
/// replaced by `to` (which must occur exactly once).
fn deployment(from: &str, to: &str) -> String {
    edit(DEPLOYMENT, from, to)
}

/// A valid ClusterIP Service `web` (selector `app: web`, port 80 → 8080) with `from`
/// replaced by `to`.
fn service(from: &str, to: &str) -> String {
    edit(SERVICE, from, to)
}

/// A valid NetworkPolicy `api-allow` (ingress from `app: web` on TCP 8080) with `from`
/// replaced by `to`.
fn network_policy(from: &str, to: &str) -> String {
    edit(NETWORK_POLICY, from, to)
}

fn edit(base: &str, from: &str, to: &str) -> String {
    assert_eq!(base.matches(from).count(), 1, "{from:?} occurs once");
    base.replacen(from, to, 1)
}

const DEPLOYMENT: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
";

const SERVICE: &str = "\
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 8080
";

const NETWORK_POLICY: &str = "\
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api-allow
spec:
  podSelector:
    matchLabels:
      app: api
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: web
    ports:
    - protocol: TCP
      port: 8080
";

fn cases() -> Vec<Case> {
    vec![
        // --- YAML syntax ---
        case(
            "unclosed flow sequence",
            "Service `ports: [80, 443` with no closing bracket",
            service(
                "  ports:\n  - port: 80\n    targetPort: 8080\n",
                "  ports: [80, 443\n",
            ),
        ),
        case(
            "bad indentation",
            "`labels:` indented deeper than its sibling `name:`",
            deployment("  name: web\n  labels:", "  name: web\n   labels:"),
        ),
        case(
            "tab indentation",
            "`metadata:` followed by a tab-indented `name:`",
            "apiVersion: v1\nkind: Namespace\nmetadata:\n\tname: shop\n",
        ),
        case(
            "duplicate key",
            "`metadata.name` given twice",
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  name: store\n",
        ),
        case(
            "unterminated quote",
            "`name: \"web` with no closing quote",
            service("  name: web\n", "  name: \"web\n"),
        ),
        case(
            "JSON syntax error",
            "JSON object whose closing `}` is missing",
            "{\"apiVersion\": \"v1\", \"kind\": \"Namespace\",\n \"metadata\": {\"name\": \"shop\"}\n",
        ),
        // --- document shape and type information ---
        case(
            "scalar document",
            "a document that is just a string",
            "just some text\n",
        ),
        case(
            "list document",
            "a document that is a YAML list",
            "- apiVersion: v1\n  kind: Namespace\n",
        ),
        case(
            "missing kind",
            "Namespace without `kind:`",
            "apiVersion: v1\nmetadata:\n  name: shop\n",
        ),
        case(
            "missing apiVersion",
            "Namespace without `apiVersion:`",
            "kind: Namespace\nmetadata:\n  name: shop\n",
        ),
        case(
            "missing apiVersion and kind",
            "a mapping with only `metadata:`",
            "metadata:\n  name: shop\n",
        ),
        case(
            "unknown kind",
            "networking.k8s.io/v1 Ingress (not modelled)",
            "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n",
        ),
        case(
            "known kind, wrong apiVersion",
            "Deployment under the removed `extensions/v1beta1`",
            deployment("apiVersion: apps/v1", "apiVersion: extensions/v1beta1"),
        ),
        case(
            "kind: List with a bad item",
            "a v1 List whose second item has an unknown field `spec.foo`",
            "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: shop\n- apiVersion: v1\n  kind: Service\n  metadata:\n    name: web\n  spec:\n    foo: bar\n",
        ),
        case(
            "bad second document",
            "a valid Namespace, `---`, then a Service with `spec.ports[0].nodeport`",
            format!(
                "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\n{}",
                service("    targetPort: 8080\n", "    nodeport: 30080\n")
            ),
        ),
        // --- wrong types ---
        case(
            "string for replicas",
            "Deployment `replicas: three`",
            deployment("replicas: 2", "replicas: three"),
        ),
        case(
            "quoted number for replicas",
            "Deployment `replicas: \"2\"` (a string, not an int32)",
            deployment("replicas: 2", "replicas: \"2\""),
        ),
        case(
            "replicas out of int32 range",
            "Deployment `replicas: 3000000000`",
            deployment("replicas: 2", "replicas: 3000000000"),
        ),
        case(
            "list for metadata",
            "Service whose `metadata` is a list",
            service("metadata:\n  name: web\n", "metadata:\n- name: web\n"),
        ),
        case(
            "number for image",
            "container `image: 42` (numbers are not strings)",
            deployment("image: nginx:1.27", "image: 42"),
        ),
        case(
            "number for a label value",
            "`version: 1.0` in metadata.labels (unquoted, so a number)",
            deployment(
                "  labels:\n    app: web\nspec",
                "  labels:\n    app: web\n    version: 1.0\nspec",
            ),
        ),
        case(
            "object for port",
            "Service `port: {number: 80}`",
            service("  - port: 80\n", "  - port:\n      number: 80\n"),
        ),
        case(
            "map for ports",
            "Service `ports:` holding a mapping instead of a list",
            service(
                "  ports:\n  - port: 80\n    targetPort: 8080\n",
                "  ports:\n    port: 80\n",
            ),
        ),
        case(
            "string for a Service selector",
            "Service `selector: app=web` (kubectl's string form, not a map)",
            service("  selector:\n    app: web\n", "  selector: app=web\n"),
        ),
        case(
            "list for targetPort",
            "Service `targetPort: [1]` (IntOrString is a number or a string)",
            service("targetPort: 8080", "targetPort: [1]"),
        ),
        case(
            "fractional port",
            "Service `port: 80.5`",
            service("  - port: 80\n", "  - port: 80.5\n"),
        ),
        // --- unknown fields ---
        case(
            "unknown field spec.foo",
            "Deployment with `spec.foo: bar`",
            deployment("  replicas: 2\n", "  replicas: 2\n  foo: bar\n"),
        ),
        case(
            "misspelt container field",
            "container `imagee:` instead of `image:`",
            deployment("image: nginx:1.27", "imagee: nginx:1.27"),
        ),
        case(
            "lower-case nodeport",
            "Service port `nodeport:` instead of `nodePort:`",
            service(
                "    targetPort: 8080\n",
                "    targetPort: 8080\n    nodeport: 30080\n",
            ),
        ),
        case(
            "unknown top-level field",
            "Service with a top-level `specs:` (typo for `spec:`)",
            service("spec:\n", "specs:\n"),
        ),
        // --- names ---
        case(
            "missing name",
            "Service without `metadata.name`",
            service(
                "metadata:\n  name: web\n",
                "metadata:\n  labels:\n    app: web\n",
            ),
        ),
        case(
            "Service name not a DNS-1035 label",
            "Service named `My_Svc`",
            service("name: web", "name: My_Svc"),
        ),
        case(
            "Deployment name with upper case",
            "Deployment named `Web`",
            deployment("  name: web\n", "  name: Web\n"),
        ),
        case(
            "Namespace name with dots",
            "Namespace named `team.a`",
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team.a\n",
        ),
        case(
            "namespace field with dots",
            "Service in `metadata.namespace: team.a`",
            service("  name: web\n", "  name: web\n  namespace: team.a\n"),
        ),
        // --- labels ---
        case(
            "invalid label key",
            "label key `app/web/tier` (two slashes)",
            service(
                "metadata:\n  name: web\n",
                "metadata:\n  name: web\n  labels:\n    app/web/tier: x\n",
            ),
        ),
        case(
            "invalid label value",
            "label value `-web` (starts with a dash)",
            service(
                "metadata:\n  name: web\n",
                "metadata:\n  name: web\n  labels:\n    app: -web\n",
            ),
        ),
        // --- Service ports ---
        case(
            "port 0",
            "Service `port: 0`",
            service("port: 80", "port: 0"),
        ),
        case(
            "port 70000",
            "Service `port: 70000`",
            service("port: 80", "port: 70000"),
        ),
        case(
            "targetPort out of range",
            "Service `targetPort: 70000`",
            service("targetPort: 8080", "targetPort: 70000"),
        ),
        case(
            "duplicate port names",
            "two Service ports both named `http`",
            service(
                "  - port: 80\n    targetPort: 8080\n",
                "  - name: http\n    port: 80\n  - name: http\n    port: 81\n",
            ),
        ),
        case(
            "two ports without names",
            "Service with ports 80 and 443, neither named",
            service(
                "  - port: 80\n    targetPort: 8080\n",
                "  - port: 80\n  - port: 443\n",
            ),
        ),
        case(
            "protocol HTTP",
            "Service port `protocol: HTTP`",
            service(
                "    targetPort: 8080\n",
                "    targetPort: 8080\n    protocol: HTTP\n",
            ),
        ),
        case(
            "nodePort on a ClusterIP Service",
            "ClusterIP Service port with `nodePort: 30080`",
            service(
                "    targetPort: 8080\n",
                "    targetPort: 8080\n    nodePort: 30080\n",
            ),
        ),
        // --- selectors ---
        case(
            "selector operator Equals",
            "Deployment matchExpressions `operator: Equals`",
            deployment(
                "    matchLabels:\n      app: web\n  template",
                "    matchLabels:\n      app: web\n    matchExpressions:\n    - key: tier\n      operator: Equals\n      values: [frontend]\n  template",
            ),
        ),
        case(
            "In with no values",
            "Deployment matchExpressions `tier In ()`",
            deployment(
                "    matchLabels:\n      app: web\n  template",
                "    matchLabels:\n      app: web\n    matchExpressions:\n    - key: tier\n      operator: In\n      values: []\n  template",
            ),
        ),
        case(
            "selector does not match template labels",
            "Deployment selecting `app: api`, template labelled `app: web`",
            deployment(
                "    matchLabels:\n      app: web\n",
                "    matchLabels:\n      app: api\n",
            ),
        ),
        // --- NetworkPolicy ---
        case(
            "ipBlock with podSelector",
            "one `from` peer with both an ipBlock and a podSelector",
            network_policy(
                "    - podSelector:\n        matchLabels:\n          app: web\n",
                "    - ipBlock:\n        cidr: 10.0.0.0/8\n      podSelector:\n        matchLabels:\n          app: web\n",
            ),
        ),
        case(
            "except outside cidr",
            "ipBlock `10.0.0.0/16` except `192.168.0.0/24`",
            network_policy(
                "    - podSelector:\n        matchLabels:\n          app: web\n",
                "    - ipBlock:\n        cidr: 10.0.0.0/16\n        except:\n        - 192.168.0.0/24\n",
            ),
        ),
        case(
            "endPort below port",
            "policy port 8080 with `endPort: 80`",
            network_policy(
                "      port: 8080\n",
                "      port: 8080\n      endPort: 80\n",
            ),
        ),
        // --- streams ---
        case(
            "empty document stream",
            "only `---` separators and a comment",
            "---\n# nothing here\n---\n",
        ),
    ]
}

fn render(cases: &[Case]) -> String {
    let mut out = String::new();
    for c in cases {
        let Some(refusal) = refuse(&c.input) else {
            panic!("case {:?} was accepted:\n{}", c.name, c.input);
        };
        out.push_str(&format!(
            "## {}\ninput: {}\nstage: {}\n{}\n\n",
            c.name,
            c.summary,
            refusal.stage(),
            refusal.message()
        ));
    }
    out
}

/// The refusal of the case called `name`.
fn refusal_of(name: &str) -> Refusal {
    let cases = cases();
    let Some(c) = cases.iter().find(|c| c.name == name) else {
        panic!("no case {name:?}");
    };
    refuse(&c.input).expect("refused")
}

fn created_error(name: &str) -> Invalid {
    match refusal_of(name) {
        Refusal::Create(e) => e,
        other => panic!("{name}: refused at {} instead of create", other.stage()),
    }
}

fn load_error(name: &str) -> ManifestError {
    match refusal_of(name) {
        Refusal::Load(e) => e,
        other => panic!("{name}: refused at {} instead of load", other.stage()),
    }
}

#[test]
fn malformed_inputs_are_refused_with_specific_messages() {
    let cases = cases();
    assert_eq!(cases.len(), 51);
    let mut names: Vec<_> = cases.iter().map(|c| c.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len(), "case names are unique");
    insta::assert_snapshot!("messages", render(&cases));
}

#[test]
fn yaml_syntax_errors_carry_the_line_of_the_whole_stream() {
    let ManifestError::Syntax(e) = load_error("unclosed flow sequence") else {
        panic!("a syntax error");
    };
    assert_eq!((e.line(), e.column()), (Some(8), Some(10)));
    assert_eq!(e.message(), "unclosed bracket '['");
    let ManifestError::Syntax(e) = load_error("tab indentation") else {
        panic!("a syntax error");
    };
    assert_eq!(e.line(), Some(4));
}

#[test]
fn strict_decoding_names_the_field_document_and_line() {
    assert_eq!(
        load_error("misspelt container field").to_string(),
        "line 19, column 9: Deployment in version \"v1\" cannot be handled as a Deployment: \
         strict decoding error: unknown field \"spec.template.spec.containers[0].imagee\""
    );
    let ManifestError::Decode(e) = load_error("bad second document") else {
        panic!("a decoding error");
    };
    assert_eq!(e.document, 2);
    assert_eq!(e.kind, "Service");
    assert_eq!(e.path, "spec.ports[0].nodeport");
    assert_eq!((e.line, e.column), (Some(15), Some(5)));
    let ManifestError::Decode(e) = load_error("string for replicas") else {
        panic!("a decoding error");
    };
    assert_eq!(e.path, "spec.replicas");
}

#[test]
fn missing_and_unknown_type_information_is_named() {
    assert_eq!(
        load_error("missing apiVersion and kind").to_string(),
        "line 1: error validating data: [apiVersion not set, kind not set]"
    );
    assert!(matches!(
        load_error("known kind, wrong apiVersion"),
        ManifestError::UnknownKind { ref api_version, ref kind, .. }
            if api_version == "extensions/v1beta1" && kind == "Deployment"
    ));
    assert!(matches!(
        load_error("scalar document"),
        ManifestError::NotAnObject {
            document: 1,
            found: "a string",
            ..
        }
    ));
}

#[test]
fn invalid_objects_are_refused_in_kubectl_and_apiserver_words() {
    let e = created_error("Service name not a DNS-1035 label");
    assert_eq!(
        e.to_string(),
        "The Service \"My_Svc\" is invalid: metadata.name: Invalid value: \"My_Svc\": a DNS-1035 label \
         must consist of lower case alphanumeric characters or '-', start with an alphabetic \
         character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex \
         used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
    );
    let e = created_error("duplicate port names");
    assert_eq!(
        e.to_string(),
        "The Service \"web\" is invalid: spec.ports[1].name: Duplicate value: \"http\""
    );
    assert_eq!(
        e.apiserver_message(),
        "Service \"web\" is invalid: spec.ports[1].name: Duplicate value: \"http\""
    );
    let e = created_error("two ports without names");
    assert_eq!(
        e.apiserver_message(),
        "Service \"web\" is invalid: [spec.ports[0].name: Required value, spec.ports[1].name: Required value]"
    );
    assert_eq!(
        created_error("protocol HTTP").to_string(),
        "The Service \"web\" is invalid: spec.ports[0].protocol: Unsupported value: \"HTTP\": \
         supported values: \"SCTP\", \"TCP\", \"UDP\""
    );
    assert_eq!(
        created_error("nodePort on a ClusterIP Service").to_string(),
        "The Service \"web\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when \
         `type` is 'ClusterIP'"
    );
    let e = created_error("In with no values");
    assert_eq!(
        e.causes()[0].to_string(),
        "spec.selector.matchExpressions[0].values: Required value: must be specified when \
         `operator` is 'In' or 'NotIn'"
    );
    assert_eq!(
        e.apiserver_message().split(": [").next(),
        Some("Deployment.apps \"web\" is invalid")
    );
    assert_eq!(
        created_error("endPort below port").to_string(),
        "The NetworkPolicy \"api-allow\" is invalid: spec.ingress[0].ports[0].endPort: Invalid \
         value: 80: must be greater than or equal to `port`"
    );
}

#[test]
fn an_empty_stream_loads_nothing() {
    assert!(matches!(
        refusal_of("empty document stream"),
        Refusal::NoObjects
    ));
    assert_eq!(from_yaml(""), Ok(Vec::new()));
}

/// `spec: null` (and `status: null`, `subsets: null`, ...) at the top level loads as if the
/// field were absent, as the API server reads it.
#[test]
fn top_level_null_loads_as_the_default() {
    let pairs = [
        (
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec: null\nstatus: null\n",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n",
        ),
        (
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec: null\nstatus: null\n",
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n",
        ),
        (
            "apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: web\nsubsets: null\n",
            "apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: web\n",
        ),
        (
            "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: web-1\naddressType: IPv4\nendpoints: null\nports: null\n",
            "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: web-1\naddressType: IPv4\n",
        ),
        (
            "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: null\nspec: null\n",
            "apiVersion: apps/v1\nkind: ReplicaSet\n",
        ),
        (
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec: null\n",
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n",
        ),
        (
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np\nspec: null\n",
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np\n",
        ),
    ];
    for (with_null, without) in pairs {
        let loaded = from_yaml(with_null).unwrap_or_else(|e| panic!("{e}\n{with_null}"));
        assert_eq!(loaded, from_yaml(without).expect("loads"), "{with_null}");
    }
    // And the same from JSON, where `null` is explicit.
    let json = kubelite::manifest::from_json(
        r#"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":null}"#,
    )
    .expect("loads");
    assert_eq!(
        json,
        from_yaml("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n")
            .expect("loads")
    );
    // A null spec is then refused at create like a missing one.
    let Some(Refusal::Create(e)) =
        refuse("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec: null\n")
    else {
        panic!("refused at create");
    };
    assert_eq!(
        e.to_string(),
        "The Service \"web\" is invalid: spec.ports: Required value"
    );
}

/// Not malformed: `targetPort: 0` means "same as `port`" (upstream defaults it), so it is
/// accepted and defaulted, not refused.
#[test]
fn target_port_zero_is_defaulted_not_refused() {
    let text = service("targetPort: 8080", "targetPort: 0");
    assert!(refuse(&text).is_none());
    let Some(Object::Service(mut svc)) = from_yaml(&text).expect("loads").pop() else {
        panic!("a Service");
    };
    svc.apply_defaults();
    assert_eq!(
        svc.spec.ports[0].target_port,
        Some(kubelite::api::IntOrString::Int(80))
    );
}
