//! The object store: every object keyed by kind, namespace and name, so listing one kind in
//! one namespace is a range scan, never a scan of everything.
//!
//! Objects sit in a hash map (point lookups are the hot path: every controller step reads
//! objects by key) and their keys also in an ordered set (listing reads ranges in `kubectl
//! get` order).

use std::collections::BTreeSet;
use std::ops::Bound;
use std::sync::Arc;

use super::fast_hash::FastMap;
use crate::api::{Kind, Object};

/// Where an object lives: kind, namespace (`""` for cluster-scoped kinds) and name.
///
/// The strings are shared (`Arc<str>`): indexes and work queues hold many copies of the same
/// keys, and copying one is a reference count, not an allocation.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjectKey {
    /// The kind.
    pub kind: Kind,
    /// The namespace, `""` for cluster-scoped kinds.
    pub namespace: Arc<str>,
    /// The name.
    pub name: Arc<str>,
}

impl ObjectKey {
    /// A key.
    pub fn new(kind: Kind, namespace: &str, name: &str) -> Self {
        ObjectKey {
            kind,
            namespace: Arc::from(namespace),
            name: Arc::from(name),
        }
    }

    /// The key of `object`.
    pub fn of(object: &Object) -> Self {
        let meta = object.meta();
        ObjectKey::new(object.kind_id(), meta.namespace(), meta.name())
    }
}

/// All objects, ordered by key (kind, then namespace, then name: the order `kubectl get`
/// lists them in).
#[derive(Clone, Debug, Default)]
pub(crate) struct Store {
    objects: FastMap<ObjectKey, Object>,
    order: BTreeSet<ObjectKey>,
}

impl Store {
    pub(crate) fn get(&self, key: &ObjectKey) -> Option<&Object> {
        self.objects.get(key)
    }

    pub(crate) fn get_mut(&mut self, key: &ObjectKey) -> Option<&mut Object> {
        self.objects.get_mut(key)
    }

    pub(crate) fn contains(&self, key: &ObjectKey) -> bool {
        self.objects.contains_key(key)
    }

    pub(crate) fn insert(&mut self, key: ObjectKey, object: Object) -> Option<Object> {
        let previous = self.objects.insert(key.clone(), object);
        if previous.is_none() {
            self.order.insert(key);
        }
        previous
    }

    pub(crate) fn remove(&mut self, key: &ObjectKey) -> Option<Object> {
        let removed = self.objects.remove(key);
        if removed.is_some() {
            self.order.remove(key);
        }
        removed
    }

    /// The stored objects of the keys of an ordered range.
    fn in_order<'a>(
        &'a self,
        keys: impl Iterator<Item = &'a ObjectKey> + 'a,
    ) -> impl Iterator<Item = (&'a ObjectKey, &'a Object)> + 'a {
        // Invariant: `order` holds exactly the keys of `objects` (insert and remove keep
        // both), so every lookup finds its object.
        keys.filter_map(|k| self.objects.get(k).map(|o| (k, o)))
    }

    /// Objects of `kind`, in one namespace or (with `None`) in all, in key order.
    pub(crate) fn list<'a>(
        &'a self,
        kind: Kind,
        namespace: Option<&str>,
    ) -> impl Iterator<Item = (&'a ObjectKey, &'a Object)> + 'a {
        let (start, end) = match namespace {
            Some(ns) => {
                let start = ObjectKey::new(kind, ns, "");
                // The next namespace in order: the same string followed by the smallest char.
                let end = ObjectKey::new(kind, &format!("{ns}\0"), "");
                (Bound::Included(start), Bound::Excluded(end))
            }
            None => {
                let start = ObjectKey::new(kind, "", "");
                let end = match Kind::ALL
                    .iter()
                    .position(|k| *k == kind)
                    .and_then(|i| Kind::ALL.get(i + 1))
                {
                    Some(next) => Bound::Excluded(ObjectKey::new(*next, "", "")),
                    None => Bound::Unbounded,
                };
                (Bound::Included(start), end)
            }
        };
        self.in_order(self.order.range((start, end)))
    }

    /// Objects of `kind` in `namespace` whose names start with `prefix`, in key order: a
    /// range scan (e.g. a Service's EndpointSlices, named `<service>-<suffix>`).
    pub(crate) fn with_prefix<'a>(
        &'a self,
        kind: Kind,
        namespace: &'a str,
        prefix: &'a str,
    ) -> impl Iterator<Item = (&'a ObjectKey, &'a Object)> + 'a {
        let start = ObjectKey::new(kind, namespace, prefix);
        let keys = self
            .order
            .range((Bound::Included(start), Bound::Unbounded))
            .take_while(move |k| {
                k.kind == kind && *k.namespace == *namespace && k.name.starts_with(prefix)
            });
        self.in_order(keys)
    }

    /// Every object, in key order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&ObjectKey, &Object)> {
        self.in_order(self.order.iter())
    }

    pub(crate) fn len(&self) -> usize {
        self.objects.len()
    }
}
