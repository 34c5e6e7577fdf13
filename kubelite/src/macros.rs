//! The `macro_rules!` shims over `kubelite-macros`: they pass `$crate` to the proc macros, so
//! expansions name this crate correctly even when the dependency is renamed.

/// A cluster declared in one block and checked at compile time; evaluates to a ready
/// [`Cluster`](crate::Cluster). The grammar and every check are in the `docs/dsl.md` guide.
///
/// ```
/// let cluster = kubelite::cluster! {
///     config { seed: 7, nodes: 2, proxy: ipvs(rr) }
///     namespace default {
///         deployment echo-minikube { image: "k8s.gcr.io/echoserver:1.4", replicas: 2, ports: [http: 8080] }
///         service echo-service { selector: { app: "echo-minikube" }, ports: [8080 => http] }
///     }
/// };
/// let svc: kubelite::api::Service = cluster.get("default", "echo-service")?;
/// assert_eq!(svc.spec.ports[0].port, 8080);
/// # Ok::<(), kubelite::Error>(())
/// ```
///
/// A Service whose selector matches nothing declared in its namespace does not compile:
///
/// ```compile_fail
/// let cluster = kubelite::cluster! {
///     namespace default {
///         deployment web { image: "nginx" }
///         service web { selector: { app: "wbe" }, ports: [80] }
///     }
/// };
/// ```
///
/// Everything the macro can see is checked before the program runs; an object it cannot see
/// (a `yaml` or `object` escape hatch) that the cluster rejects makes it panic with the
/// cluster's error. Use [`try_cluster!`](crate::try_cluster) to get that error as a value.
#[macro_export]
macro_rules! cluster {
    ($($body:tt)*) => {
        $crate::__private::cluster_impl! { ($crate) ready $($body)* }
    };
}

/// [`cluster!`](macro@crate::cluster) returning `Result<Cluster, kubelite::Error>` instead of
/// panicking when the cluster rejects an object.
///
/// ```
/// let result = kubelite::try_cluster! {
///     yaml "apiVersion: v1\nkind: Service\nmetadata:\n  name: Web\n"
/// };
/// assert!(result.unwrap_err().to_string().contains("metadata.name: Invalid value: \"Web\""));
/// ```
#[macro_export]
macro_rules! try_cluster {
    ($($body:tt)*) => {
        $crate::__private::cluster_impl! { ($crate) try $($body)* }
    };
}

/// A [`Labels`](crate::labels::Labels) set whose keys and values are checked at compile time.
///
/// ```
/// let labels = kubelite::labels! { app: "web", "app.kubernetes.io/part-of": shop };
/// assert_eq!(labels.get("app.kubernetes.io/part-of"), Some("shop"));
/// ```
///
/// ```compile_fail
/// let labels = kubelite::labels! { "-app": "web" };
/// ```
#[macro_export]
macro_rules! labels {
    ($($body:tt)*) => {
        $crate::__private::labels_impl! { ($crate) $($body)* }
    };
}

/// A label [`Selector`](crate::labels::Selector) written in the `kubectl -l` grammar
/// (`=`, `==`, `!=`, `in`, `notin`, `key`, `!key`, `>`, `<`) and parsed at compile time: a
/// string `Selector::parse` rejects fails the build with its message, and the expansion builds
/// the requirements directly, with nothing left to parse at run time.
///
/// ```
/// use kubelite::labels::{Labels, Selector};
/// let selector = kubelite::selector!("app=web, tier in (a,b), !canary");
/// assert_eq!(selector, Selector::parse("app=web, tier in (a,b), !canary")?);
///
/// let pod: Labels = kubelite::labels! { app: web, tier: a };
/// assert!(selector.matches(&pod));
/// # Ok::<(), kubelite::labels::SelectorParseError>(())
/// ```
///
/// ```compile_fail
/// let selector = kubelite::selector!("app=web,,tier=db"); // found ',', expected: identifier after ','
/// ```
#[macro_export]
macro_rules! selector {
    ($($body:tt)*) => {
        $crate::__private::selector_impl! { ($crate) $($body)* }
    };
}
