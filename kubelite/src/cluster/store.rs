//! The object store: every object keyed by kind, namespace and name, so listing one kind in
//! one namespace is a range scan, never a scan of everything.
//!
//! Objects sit in a hash map (point lookups are the hot path: every controller step reads
//! objects by key) and their names also in ordered sets, one per kind and namespace
//! (listing reads them in `kubectl get` order). Keeping one ordered set per namespace,
//! rather than one of every key, makes an insert compare names only, against the few
//! thousand of its namespace instead of every object of the cluster.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
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

/// A key seen through borrowed parts, so a lookup need not build an [`ObjectKey`] (two
/// `Arc<str>` allocations) from the strings it has: `BTreeMap` finds an entry through any
/// type the key borrows as, and this trait object orders and hashes exactly as `ObjectKey`'s
/// derived `Ord` and `Hash` do (kind, namespace, name).
pub(crate) trait KeyView {
    fn parts(&self) -> (Kind, &str, &str);
}

impl KeyView for ObjectKey {
    fn parts(&self) -> (Kind, &str, &str) {
        (self.kind, &self.namespace, &self.name)
    }
}

/// Borrowed parts of a key: `(kind, namespace, name)`.
impl KeyView for (Kind, &str, &str) {
    fn parts(&self) -> (Kind, &str, &str) {
        *self
    }
}

impl<'a> Borrow<dyn KeyView + 'a> for ObjectKey {
    fn borrow(&self) -> &(dyn KeyView + 'a) {
        self
    }
}

impl PartialEq for dyn KeyView + '_ {
    fn eq(&self, other: &Self) -> bool {
        self.parts() == other.parts()
    }
}

impl Eq for dyn KeyView + '_ {}

/// The same sequence of writes as the derived `Hash` of [`ObjectKey`] (a `str` and an
/// `Arc<str>` hash alike), so a map finds a key through its borrowed parts.
impl Hash for dyn KeyView + '_ {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let (kind, namespace, name) = self.parts();
        kind.hash(state);
        namespace.hash(state);
        name.hash(state);
    }
}

impl PartialOrd for dyn KeyView + '_ {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for dyn KeyView + '_ {
    fn cmp(&self, other: &Self) -> Ordering {
        self.parts().cmp(&other.parts())
    }
}

/// Names of one kind: namespace → names, both in order.
type Names = BTreeMap<Arc<str>, BTreeSet<Arc<str>>>;

/// All objects, ordered by key (kind, then namespace, then name: the order `kubectl get`
/// lists them in).
#[derive(Clone, Debug, Default)]
pub(crate) struct Store {
    objects: FastMap<ObjectKey, Object>,
    order: BTreeMap<Kind, Names>,
}

impl Store {
    pub(crate) fn get(&self, key: &ObjectKey) -> Option<&Object> {
        self.objects.get(key)
    }

    /// The object of `kind` named `namespace/name`, without allocating a key.
    pub(crate) fn get_parts(&self, kind: Kind, namespace: &str, name: &str) -> Option<&Object> {
        self.objects.get(&(kind, namespace, name) as &dyn KeyView)
    }

    /// The stored key and object of `kind` named `namespace/name`, without allocating.
    pub(crate) fn get_entry(
        &self,
        kind: Kind,
        namespace: &str,
        name: &str,
    ) -> Option<(&ObjectKey, &Object)> {
        self.objects
            .get_key_value(&(kind, namespace, name) as &dyn KeyView)
    }

    pub(crate) fn get_mut(&mut self, key: &ObjectKey) -> Option<&mut Object> {
        self.objects.get_mut(key)
    }

    pub(crate) fn contains(&self, key: &ObjectKey) -> bool {
        self.objects.contains_key(key)
    }

    pub(crate) fn insert(&mut self, key: ObjectKey, object: Object) -> Option<Object> {
        let names = self.order.entry(key.kind).or_default();
        let in_namespace = match names.get_mut(&*key.namespace) {
            Some(set) => set,
            None => names.entry(key.namespace.clone()).or_default(),
        };
        in_namespace.insert(key.name.clone());
        self.objects.insert(key, object)
    }

    pub(crate) fn remove(&mut self, key: &ObjectKey) -> Option<Object> {
        let removed = self.objects.remove(key);
        if removed.is_some()
            && let Some(names) = self.order.get_mut(&key.kind)
            && let Some(set) = names.get_mut(&*key.namespace)
        {
            set.remove(&*key.name);
            if set.is_empty() {
                names.remove(&*key.namespace);
            }
        }
        removed
    }

    /// Takes an object out to change it, leaving its name in the listing order: it goes
    /// back with [`Store::put_back`] under the same key, so the ordered sets are not
    /// touched.
    pub(crate) fn take(&mut self, key: &ObjectKey) -> Option<Object> {
        self.objects.remove(key)
    }

    /// Puts back an object [`Store::take`] took out.
    pub(crate) fn put_back(&mut self, key: ObjectKey, object: Object) {
        self.objects.insert(key, object);
    }

    /// The stored entries of `kind` in `namespace` for these names, in their order.
    fn in_order<'a>(
        &'a self,
        kind: Kind,
        namespace: &'a str,
        names: impl Iterator<Item = &'a Arc<str>> + 'a,
    ) -> impl Iterator<Item = (&'a ObjectKey, &'a Object)> + 'a {
        // Invariant: the ordered sets hold exactly the keys of `objects` (insert and remove
        // keep both), so every lookup finds its object.
        names.filter_map(move |name| self.get_entry(kind, namespace, name))
    }

    /// Objects of `kind`, in one namespace or (with `None`) in all, in key order.
    pub(crate) fn list<'a>(
        &'a self,
        kind: Kind,
        namespace: Option<&'a str>,
    ) -> impl Iterator<Item = (&'a ObjectKey, &'a Object)> + 'a {
        let names = self.order.get(&kind);
        // Every namespace of the kind, or the one asked for.
        let all = names
            .filter(|_| namespace.is_none())
            .into_iter()
            .flat_map(|n| n.iter());
        let one = namespace.and_then(|ns| names.and_then(|n| n.get_key_value(ns)));
        let namespaces = all.chain(one);
        namespaces.flat_map(move |(ns, set)| self.in_order(kind, ns, set.iter()))
    }

    /// Objects of `kind` in `namespace` whose names start with `prefix`, in key order: a
    /// range scan (e.g. a Service's EndpointSlices, named `<service>-<suffix>`).
    pub(crate) fn with_prefix<'a>(
        &'a self,
        kind: Kind,
        namespace: &'a str,
        prefix: &'a str,
    ) -> impl Iterator<Item = (&'a ObjectKey, &'a Object)> + 'a {
        let names = self
            .order
            .get(&kind)
            .and_then(|names| names.get(namespace))
            .into_iter()
            .flat_map(move |set| {
                set.range::<str, _>((Bound::Included(prefix), Bound::Unbounded))
                    .take_while(move |name| name.starts_with(prefix))
            });
        self.in_order(kind, namespace, names)
    }

    /// Every object, in key order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&ObjectKey, &Object)> {
        self.order.iter().flat_map(move |(kind, names)| {
            names
                .iter()
                .flat_map(move |(ns, set)| self.in_order(*kind, ns, set.iter()))
        })
    }

    pub(crate) fn len(&self) -> usize {
        self.objects.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn borrowed_parts_hash_like_the_key() {
        let hasher = std::hash::BuildHasherDefault::<super::super::fast_hash::FxHasher>::default();
        let key = ObjectKey::new(Kind::Pod, "default", "web-1");
        let parts = (Kind::Pod, "default", "web-1");
        assert_eq!(
            hasher.hash_one(&key),
            hasher.hash_one(&parts as &dyn KeyView)
        );
        let mut store = Store::default();
        store.insert(
            key.clone(),
            Object::from(crate::api::Namespace::builder("x").build().expect("ns")),
        );
        assert!(store.get_parts(Kind::Pod, "default", "web-1").is_some());
        assert!(store.get_parts(Kind::Pod, "default", "web-2").is_none());
    }
}
