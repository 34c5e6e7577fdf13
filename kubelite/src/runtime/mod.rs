//! [`Cluster`]: the handle users hold. It sits on top of the layers — the control plane's
//! state ([`crate::cluster`]) and the network's ([`crate::net`]) — and is what `kubectl`
//! and the shell drive, as a real kubectl drives an API server.
//!
//! The simulated cluster users hold. Every operation takes `&self`; writes are
//! serialized behind a lock and reads run in parallel, so one cluster can be shared between
//! threads (`Arc<Cluster>`).

mod diagram;
mod network;
mod policy;

use std::sync::{Mutex, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Duration;

use crate::api::{Deployment, Kind, Object, Resource};
use crate::cluster::alloc::{ClusterIpAllocator, NodePortAllocator};
use crate::cluster::bootstrap;
use crate::cluster::kubelet;
use crate::cluster::selectors::{self, matches_fields};
use crate::cluster::server;
use crate::cluster::state::{NodeRuntime, State};
use crate::cluster::watch::Watchers;
use crate::cluster::{Applied, ClusterConfig, ListOptions, ObjectKey, Watch, WatchFilter};
use crate::error::{ApiError, Error};
use crate::labels::Selector;
use crate::meta::Time;

/// An in-memory Kubernetes cluster: API store with validation, controllers, allocators and
/// a virtual clock. [`Cluster::new`] is a fresh single-node minikube.
///
/// ```
/// use kubelite::Cluster;
/// use kubelite::api::{Deployment, Pod};
/// let cluster = Cluster::new();
/// cluster.apply(Deployment::builder("echo-minikube").image("k8s.gcr.io/echoserver:1.4").replicas(2).build()?)?;
/// let pods: Vec<Pod> = cluster.list(Some("default"), "app=echo-minikube")?;
/// assert_eq!(pods.len(), 2);
/// assert!(pods.iter().all(|p| p.metadata.name().starts_with("echo-minikube-")));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Cluster {
    state: RwLock<State>,
    watchers: Mutex<Watchers>,
    /// The network layer's state (balancers, affinity, logs); always locked after `state`.
    net: Mutex<crate::net::netstate::NetState>,
}

impl Default for Cluster {
    fn default() -> Self {
        Cluster::new()
    }
}

impl Cluster {
    /// A fresh single-node minikube cluster with the default configuration.
    #[allow(clippy::expect_used)]
    pub fn new() -> Cluster {
        // Invariant: the default configuration is valid and its bootstrap objects are
        // fixed, so building it cannot fail (a unit test builds it on every run).
        Cluster::with_config(ClusterConfig::minikube())
            .expect("the default minikube cluster builds")
    }

    /// A cluster shaped by `config`; a configuration that cannot describe a cluster is an
    /// error, not a panic.
    ///
    /// ```
    /// use kubelite::{Cluster, ClusterConfig};
    /// let cluster = Cluster::with_config(ClusterConfig::minikube().nodes(3).seed(42))?;
    /// assert_eq!(cluster.list::<kubelite::api::Node>(None, "")?.len(), 3);
    /// assert!(Cluster::with_config(ClusterConfig::minikube().pod_cidr("nope")).is_err());
    /// # Ok::<(), kubelite::Error>(())
    /// ```
    pub fn with_config(config: ClusterConfig) -> Result<Cluster, Error> {
        let resolved = config.resolve()?;
        let nodes = resolved
            .nodes
            .iter()
            .map(|(n, cidr)| NodeRuntime {
                name: n.name.clone(),
                ip: n.internal_ip,
                zone: n.zone.clone(),
                pod_cidr: *cidr,
                next_ip: 0,
                ips_in_use: Default::default(),
            })
            .collect();
        let net = crate::net::netstate::NetState::new(config.seed, config.proxy_mode);
        let (first, last) = config.node_ports;
        let ports = NodePortAllocator::new(first, last)
            .map_err(|e| Error::Api(ApiError::BadRequest(e.to_string())))?;
        let mut state = State::new(
            config,
            nodes,
            ClusterIpAllocator::new(resolved.service_cidr),
            ports,
        );
        bootstrap::bootstrap(&mut state)?;
        state.events.clear();
        // minikube's own objects are not the user's to export.
        state.declared.clear();
        Ok(Cluster {
            state: RwLock::new(state),
            watchers: Mutex::new(Watchers::default()),
            net: Mutex::new(net),
        })
    }

    pub(crate) fn read(&self) -> RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs a write: on success its events go to the watches; on failure the cluster is left
    /// as it was (single-object writes check everything before they change anything).
    fn write<T>(&self, op: impl FnOnce(&mut State) -> Result<T, ApiError>) -> Result<T, Error> {
        let mut state: RwLockWriteGuard<'_, State> =
            self.state.write().unwrap_or_else(PoisonError::into_inner);
        let mut watchers = self.watchers.lock().unwrap_or_else(PoisonError::into_inner);
        state.record_events = !watchers.is_empty();
        // A refused write draws nothing: later names and addresses are as if it never came.
        let rng = state.rng.clone();
        let result = op(&mut state);
        if result.is_err() {
            state.rng = rng;
        }
        let events = std::mem::take(&mut state.events);
        if result.is_ok() {
            for (event_type, object) in &events {
                watchers.publish(*event_type, object);
            }
        }
        result.map_err(Error::Api)
    }

    /// The configuration the cluster was built from.
    pub fn config(&self) -> ClusterConfig {
        self.read().config.clone()
    }

    /// The virtual clock's current time.
    pub fn now(&self) -> Time {
        self.read().now()
    }

    /// How much virtual time has passed since the cluster started.
    pub fn elapsed(&self) -> Duration {
        self.read().clock.elapsed()
    }

    /// Moves the virtual clock forward: readiness delays, graceful terminations and other
    /// timers fall due in order, and the controllers react to each.
    pub fn advance(&self, by: Duration) {
        // Timers only run controllers over existing objects; they do not fail in practice,
        // and there is nothing to roll back if they did.
        let _ = self.write(|s| server::advance(s, by));
    }

    /// Creates or updates an object, as `kubectl apply` does.
    ///
    /// ```
    /// use kubelite::Cluster;
    /// use kubelite::api::Service;
    /// let cluster = Cluster::new();
    /// let svc = Service::builder("echo-service").selector("app", "echo-minikube").port(8080).build()?;
    /// let applied = cluster.apply(svc.clone())?;
    /// assert_eq!(applied.outcome, kubelite::cluster::Outcome::Created);
    /// assert_eq!(cluster.apply(svc)?.outcome, kubelite::cluster::Outcome::Unchanged);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// Takes any kind (`Into<Object>`) and, with the `k8s-openapi` feature, the k8s-openapi
    /// types too (`TryInto<Object>`: a field kubelite does not know is a `BadRequest`).
    pub fn apply<O>(&self, object: O) -> Result<Applied, Error>
    where
        O: TryInto<Object>,
        Error: From<O::Error>,
    {
        let object = object.try_into()?;
        self.write(|s| server::apply(s, object))
    }

    /// Creates an object; it is an error if it exists (`AlreadyExists`).
    pub fn create<O>(&self, object: O) -> Result<Object, Error>
    where
        O: TryInto<Object>,
        Error: From<O::Error>,
    {
        let object = object.try_into()?;
        self.write(|s| server::create(s, object))
    }

    /// Replaces an existing object; a stale `resourceVersion` is a `Conflict`.
    pub fn replace<O>(&self, object: O) -> Result<Object, Error>
    where
        O: TryInto<Object>,
        Error: From<O::Error>,
    {
        let object = object.try_into()?;
        self.write(|s| server::replace(s, object))
    }

    /// Applies every document of a YAML (or JSON) stream, all or nothing: if any document
    /// fails, nothing is applied and the error names the document.
    ///
    /// ```
    /// let cluster = kubelite::Cluster::new();
    /// cluster.apply_yaml("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n")?;
    /// let bad = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ok\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: Not_OK\n";
    /// assert!(cluster.apply_yaml(bad).is_err());
    /// assert!(cluster.get::<kubelite::api::Namespace>("", "ok").is_err());
    /// # Ok::<(), kubelite::Error>(())
    /// ```
    pub fn apply_yaml(&self, yaml: &str) -> Result<Vec<Applied>, Error> {
        let objects = crate::manifest::from_yaml(yaml)?;
        self.apply_all(objects)
    }

    /// Applies objects all or nothing.
    pub fn apply_all(&self, objects: Vec<Object>) -> Result<Vec<Applied>, Error> {
        let mut state = self.state.write().unwrap_or_else(PoisonError::into_inner);
        let mut watchers = self.watchers.lock().unwrap_or_else(PoisonError::into_inner);
        // Work on a copy so that a failing document leaves the cluster untouched.
        let mut draft = state.clone();
        draft.record_events = !watchers.is_empty();
        let mut applied = Vec::with_capacity(objects.len());
        for (i, object) in objects.into_iter().enumerate() {
            let kind = object.kind();
            let name = object.meta().name().to_owned();
            match server::apply(&mut draft, object) {
                Ok(a) => applied.push(a),
                Err(source) => {
                    return Err(Error::Document {
                        document: i + 1,
                        kind,
                        name,
                        source: Box::new(source),
                    });
                }
            }
        }
        let events = std::mem::take(&mut draft.events);
        *state = draft;
        for (event_type, object) in &events {
            watchers.publish(*event_type, object);
        }
        Ok(applied)
    }

    /// The objects the user declared (applied or created), as manifests another cluster
    /// accepts: in `kubectl apply -f` order (namespaces first), without what controllers
    /// derived (a Deployment's ReplicaSets and Pods, EndpointSlices) or minikube's own
    /// objects, and with allocated values (UID, resourceVersion, timestamps, status,
    /// ClusterIP, NodePorts, the scheduled node) only where the user set them.
    ///
    /// ```
    /// use kubelite::Cluster;
    /// use kubelite::api::{Deployment, Service};
    /// let cluster = Cluster::new();
    /// cluster.apply(Deployment::builder("web").image("nginx").replicas(2).build()?)?;
    /// cluster.apply(Service::builder("web").selector("app", "web").port(80).node_port_type().build()?)?;
    /// let kinds: Vec<&str> = cluster.export().iter().map(|o| o.kind()).collect();
    /// assert_eq!(kinds, ["Service", "Deployment"]);
    /// let yaml = cluster.export_yaml()?;
    /// assert!(!yaml.contains("clusterIP:") && !yaml.contains("nodePort:") && !yaml.contains("uid:"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn export(&self) -> Vec<Object> {
        crate::cluster::export::export(&self.read())
    }

    /// [`Cluster::export`] as one YAML stream (documents separated by `---`), ready for
    /// `kubectl apply -f`.
    pub fn export_yaml(&self) -> Result<String, Error> {
        Ok(crate::manifest::to_yaml(&self.export())?)
    }

    /// Applies a JSON merge patch (RFC 7386) to an object, as `kubectl patch --type=merge`.
    pub fn merge_patch(
        &self,
        kind: Kind,
        namespace: &str,
        name: &str,
        patch: &serde_json::Value,
    ) -> Result<Object, Error> {
        let current = self.get_object(kind, namespace, name)?;
        let mut value = serde_json::to_value(&current)
            .map_err(|e| Error::Api(ApiError::Internal(e.to_string())))?;
        merge(&mut value, patch);
        let object = Object::from_json_value(value)
            .map_err(|e| Error::Api(ApiError::BadRequest(e.to_string())))?
            .ok_or_else(|| {
                Error::Api(ApiError::BadRequest(
                    "the patch changed the object's kind".into(),
                ))
            })?;
        self.replace(strip_version(object))
    }

    /// The object of type `T` named `name` in `namespace` (`""` for cluster-scoped kinds).
    pub fn get<T: Resource>(&self, namespace: &str, name: &str) -> Result<T, Error> {
        let object = self.get_object(T::KIND_ID, namespace, name)?;
        T::from_object_owned(object).ok_or_else(|| {
            Error::Api(ApiError::NotFound {
                kind: T::KIND_ID,
                name: name.to_owned(),
            })
        })
    }

    /// Any object by kind, namespace and name.
    pub fn get_object(&self, kind: Kind, namespace: &str, name: &str) -> Result<Object, Error> {
        let ns = if kind.namespaced() { namespace } else { "" };
        self.read()
            .get(&ObjectKey::new(kind, ns, name))
            .cloned()
            .ok_or_else(|| {
                Error::Api(ApiError::NotFound {
                    kind,
                    name: name.to_owned(),
                })
            })
    }

    /// Objects of type `T` in a namespace (or all, with `None`) matching a label selector.
    pub fn list<T: Resource>(
        &self,
        namespace: Option<&str>,
        label_selector: &str,
    ) -> Result<Vec<T>, Error> {
        Ok(self
            .list_objects(T::KIND_ID, namespace, &ListOptions::labels(label_selector))?
            .into_iter()
            .filter_map(T::from_object_owned)
            .collect())
    }

    /// Objects of a kind matching label and field selectors, in `kubectl get` order
    /// (namespace, then name).
    pub fn list_objects(
        &self,
        kind: Kind,
        namespace: Option<&str>,
        options: &ListOptions,
    ) -> Result<Vec<Object>, Error> {
        let selector = Selector::parse(&options.label_selector)
            .map_err(|e| Error::Api(ApiError::BadRequest(e.to_string())))?;
        let fields = selectors::parse(kind, &options.field_selector).map_err(Error::Api)?;
        let namespace = if kind.namespaced() { namespace } else { None };
        let state = self.read();
        // An equality requirement lets the pod label index answer without a scan.
        if kind == Kind::Pod
            && let Some(ns) = namespace
            && let Some((key, value)) = selector
                .requirements()
                .iter()
                .find_map(|r| r_exact(&selector, r.key()).map(|v| (r.key().to_owned(), v)))
        {
            let mut names: Vec<&std::sync::Arc<str>> = state
                .index
                .pod_labels
                .with(ns, &key, &value)
                .map(|s| s.iter().collect())
                .unwrap_or_default();
            names.sort();
            return Ok(names
                .into_iter()
                .filter_map(|n| state.get(&ObjectKey::new(Kind::Pod, ns, n)))
                .filter(|o| selector.matches(&o.meta().labels) && matches_fields(&fields, o))
                .cloned()
                .collect());
        }
        Ok(state
            .store
            .list(kind, namespace)
            .map(|(_, o)| o)
            .filter(|o| selector.matches(&o.meta().labels) && matches_fields(&fields, o))
            .cloned()
            .collect())
    }

    /// What `kubectl get RESOURCE -o json` returns: a `List` of wire-format objects.
    /// `resource` takes kubectl's names and short names; `None` lists all namespaces; `""`
    /// selects everything.
    ///
    /// ```
    /// let cluster = kubelite::Cluster::new();
    /// let list = cluster.list_json("svc", Some("kube-system"), "")?;
    /// assert_eq!(list["kind"], "List");
    /// assert_eq!(list["items"][0]["spec"]["clusterIP"], "10.96.0.10");
    /// # Ok::<(), kubelite::Error>(())
    /// ```
    pub fn list_json(
        &self,
        resource: &str,
        namespace: Option<&str>,
        label_selector: &str,
    ) -> Result<serde_json::Value, Error> {
        let kind = Kind::from_resource_name(resource).ok_or_else(|| {
            Error::Api(ApiError::NotFound {
                kind: Kind::Namespace,
                name: resource.to_owned(),
            })
        });
        let kind = match kind {
            Ok(k) => k,
            Err(_) => {
                return Err(Error::Api(ApiError::BadRequest(format!(
                    "the server doesn't have a resource type \"{resource}\""
                ))));
            }
        };
        let items = self.list_objects(kind, namespace, &ListOptions::labels(label_selector))?;
        let items: Vec<serde_json::Value> = items
            .iter()
            .map(|o| {
                serde_json::to_value(o).map_err(|e| Error::Api(ApiError::Internal(e.to_string())))
            })
            .collect::<Result<_, _>>()?;
        Ok(serde_json::json!({
            "apiVersion": "v1",
            "items": items,
            "kind": "List",
            "metadata": { "resourceVersion": "" }
        }))
    }

    /// Deletes an object of type `T`; pods terminate gracefully, owners take their
    /// dependents along, a namespace takes everything in it.
    pub fn delete<T: Resource>(&self, namespace: &str, name: &str) -> Result<Object, Error> {
        self.delete_object(T::KIND_ID, namespace, name, None)
    }

    /// Deletes any object; `grace_seconds` overrides a pod's termination grace period
    /// (`Some(0)`: at once, like `--grace-period=0 --force`).
    pub fn delete_object(
        &self,
        kind: Kind,
        namespace: &str,
        name: &str,
        grace_seconds: Option<i64>,
    ) -> Result<Object, Error> {
        let ns = if kind.namespaced() { namespace } else { "" };
        let key = ObjectKey::new(kind, ns, name);
        self.write(|s| server::delete(s, &key, grace_seconds))
    }

    /// A stream of the changes matching `filter` from now on.
    ///
    /// ```
    /// use kubelite::Cluster;
    /// use kubelite::api::{Kind, Namespace};
    /// use kubelite::cluster::{EventType, WatchFilter};
    /// let cluster = Cluster::new();
    /// let watch = cluster.watch(WatchFilter::kind(Kind::Namespace));
    /// cluster.apply(Namespace::builder("shop").build()?)?;
    /// let events = watch.drain();
    /// assert_eq!(events[0].event_type, EventType::Added);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn watch(&self, filter: WatchFilter) -> Watch {
        self.watchers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .subscribe(filter)
    }

    /// Sets a Deployment's replicas (`kubectl scale deployment NAME --replicas=N`).
    pub fn scale(
        &self,
        namespace: &str,
        deployment: &str,
        replicas: u32,
    ) -> Result<Deployment, Error> {
        let object = self.write(|s| server::scale(s, namespace, deployment, replicas))?;
        Deployment::from_object_owned(object).ok_or_else(|| {
            Error::Api(ApiError::NotFound {
                kind: Kind::Deployment,
                name: deployment.to_owned(),
            })
        })
    }

    /// `kubectl rollout restart deployment NAME`: stamps the pod template with
    /// `kubectl.kubernetes.io/restartedAt`, which rolls out new pods.
    pub fn rollout_restart(&self, namespace: &str, deployment: &str) -> Result<Deployment, Error> {
        let mut d: Deployment = self.get(namespace, deployment)?;
        let now = self.now();
        d.spec
            .template
            .metadata
            .annotations
            .insert("kubectl.kubernetes.io/restartedAt".into(), now.to_string());
        let object = self.replace(strip_version(Object::from(d)))?;
        Deployment::from_object_owned(object).ok_or_else(|| {
            Error::Api(ApiError::NotFound {
                kind: Kind::Deployment,
                name: deployment.to_owned(),
            })
        })
    }

    /// Sets (`Some(value)`) or removes (`None`) a label on any object, as `kubectl label`
    /// does; Services' endpoints follow a pod's new labels at once.
    ///
    /// ```
    /// use kubelite::Cluster;
    /// use kubelite::api::{Kind, Pod};
    /// let cluster = Cluster::new();
    /// cluster.apply(Pod::builder("web").image("nginx").build()?)?;
    /// cluster.set_label(Kind::Pod, "default", "web", "tier", Some("frontend"))?;
    /// assert_eq!(cluster.list::<Pod>(Some("default"), "tier=frontend")?.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_label(
        &self,
        kind: Kind,
        namespace: &str,
        name: &str,
        label: &str,
        value: Option<&str>,
    ) -> Result<Object, Error> {
        let ns = if kind.namespaced() { namespace } else { "" };
        let key = ObjectKey::new(kind, ns, name);
        self.write(|s| server::set_label(s, &key, label, value))
    }

    /// Forces a pod's readiness (`"namespace/name"`), as a failing or recovering readiness
    /// probe would; its Services' endpoints follow.
    pub fn set_pod_ready(&self, pod: &str, ready: bool) -> Result<(), Error> {
        let (namespace, name) = pod.split_once('/').unwrap_or(("default", pod));
        let key = kubelet::pod_key(namespace, name);
        self.write(|s| {
            if s.get(&key).is_none() {
                return Err(ApiError::NotFound {
                    kind: Kind::Pod,
                    name: name.to_owned(),
                });
            }
            s.ready_overrides.insert(key.clone(), ready);
            kubelet::set_ready(s, &key, ready);
            server::settle(s)
        })
    }

    /// Every object, as one YAML stream in store order: two clusters with the same seed and
    /// the same operations give the same bytes.
    pub fn dump_yaml(&self) -> String {
        let state = self.read();
        let objects: Vec<&Object> = state.store.iter().map(|(_, o)| o).collect();
        crate::manifest::to_yaml(objects).unwrap_or_default()
    }

    /// Number of objects stored.
    pub fn object_count(&self) -> usize {
        self.read().store.len()
    }
}

fn r_exact(selector: &Selector, key: &str) -> Option<String> {
    selector.requires_exact_match(key).map(str::to_owned)
}

fn strip_version(mut object: Object) -> Object {
    object.meta_mut().resource_version = None;
    object
}

/// RFC 7386 JSON merge patch.
fn merge(target: &mut serde_json::Value, patch: &serde_json::Value) {
    match (target, patch) {
        (serde_json::Value::Object(t), serde_json::Value::Object(p)) => {
            for (k, v) in p {
                if v.is_null() {
                    t.remove(k);
                } else {
                    merge(t.entry(k.clone()).or_insert(serde_json::Value::Null), v);
                }
            }
        }
        (t, p) => *t = p.clone(),
    }
}
