//! The cluster DNS cache (CoreDNS's `cache` plugin, in minikube's Corefile): answers are
//! kept until the cluster next changes, so a pod resolving the same name again pays two
//! hash lookups instead of a search-list walk. Unlike CoreDNS's TTL-based cache it can never
//! serve a stale answer: any write to the cluster empties it.

use std::sync::Arc;

use super::dns::{self, DnsError, Lookup, RecordType};
use crate::api::Kind;
use crate::cluster::fast_hash::FastMap;
use crate::cluster::state::State;

/// At most this many names are cached between two writes; distinct names beyond it start
/// the cache afresh, so a loop over generated names cannot grow it without bound.
const MAX_ENTRIES: usize = 4096;

type Answers = Vec<(RecordType, Result<Lookup, DnsError>)>;

/// Answers by client pod (`"namespace/name"` as the origin names it) and the name asked.
#[derive(Debug, Default)]
pub(crate) struct DnsCache {
    revision: Option<u64>,
    entries: usize,
    by_client: FastMap<Arc<str>, FastMap<Box<str>, Answers>>,
}

/// What pod `client` (`"namespace/name"`, or `"name"` in `default`) gets for `name`: the
/// search-list walk of its namespace, or an error when the pod does not exist.
pub(crate) fn resolve(
    state: &State,
    client: &str,
    name: &str,
    rtype: RecordType,
) -> Result<Lookup, DnsError> {
    let (ns, pod) = client.split_once('/').unwrap_or(("default", client));
    if state.get_parts(Kind::Pod, ns, pod).is_none() {
        let mut error = DnsError::new(name);
        error.detail().problem = Some(format!("pods \"{pod}\" not found in namespace \"{ns}\""));
        return Err(error);
    }
    dns::lookup(state, ns, name, rtype)
}

impl DnsCache {
    /// What [`resolve`] answers, from the cache when the cluster has not changed since.
    pub(crate) fn resolve(
        &mut self,
        state: &State,
        client: &str,
        name: &str,
        rtype: RecordType,
    ) -> Result<Lookup, DnsError> {
        let revision = state.revision();
        if self.revision != Some(revision) || self.entries >= MAX_ENTRIES {
            self.by_client.clear();
            self.entries = 0;
            self.revision = Some(revision);
        }
        if let Some((_, hit)) = self
            .by_client
            .get(client)
            .and_then(|names| names.get(name))
            .and_then(|answers| answers.iter().find(|(t, _)| *t == rtype))
        {
            return hit.clone();
        }
        let answer = resolve(state, client, name, rtype);
        let names = match self.by_client.get_mut(client) {
            Some(names) => names,
            None => self.by_client.entry(Arc::from(client)).or_default(),
        };
        names
            .entry(Box::from(name))
            .or_default()
            .push((rtype, answer.clone()));
        self.entries += 1;
        answer
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Cluster;
    use crate::api::Service;

    #[test]
    fn a_write_empties_the_cache() {
        let cluster = Cluster::new();
        let client = crate::api::Pod::builder("client").image("busybox");
        cluster.apply(client.build().expect("pod")).expect("apply");
        let mut cache = DnsCache::default();
        let before = {
            let state = cluster.read();
            cache.resolve(&state, "default/client", "web", RecordType::A)
        };
        assert!(before.is_err(), "no Service yet");
        let missing = cache.resolve(&cluster.read(), "default/nobody", "web", RecordType::A);
        assert!(
            missing.is_err_and(|e| e.to_string().contains("pods \"nobody\" not found")),
            "the client must exist"
        );
        let svc = Service::builder("web").selector("app", "web").port(80);
        cluster.apply(svc.build().expect("service")).expect("apply");
        let state = cluster.read();
        let after = cache.resolve(&state, "default/client", "web", RecordType::A);
        assert_eq!(
            after,
            resolve(&state, "default/client", "web", RecordType::A)
        );
        assert!(after.is_ok(), "the new Service answers");
        // Same revision: the cached answer, equal to a fresh walk.
        let again = cache.resolve(&state, "default/client", "web", RecordType::A);
        assert_eq!(again, after);
        assert_eq!(cache.entries, 1);
        let srv = cache.resolve(&state, "default/client", "web", RecordType::Srv);
        assert_eq!(
            srv,
            resolve(&state, "default/client", "web", RecordType::Srv)
        );
        assert_eq!(cache.entries, 2, "record types are cached apart");
    }

    #[test]
    fn the_cache_is_bounded() {
        let cluster = Cluster::new();
        let state = cluster.read();
        let mut cache = DnsCache::default();
        for i in 0..MAX_ENTRIES + 10 {
            let _ = cache.resolve(
                &state,
                "default/client",
                &format!("name-{i}"),
                RecordType::A,
            );
        }
        assert!(cache.entries <= MAX_ENTRIES);
    }
}
