use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering as AtomicOrdering};

use serde::{Deserialize, Serialize};

use super::fingerprint::{Slot, fingerprint};

/// A set of labels: keys to values, ordered by key (the order Kubernetes prints them in).
///
/// ```
/// use kubelite::labels::Labels;
/// let labels: Labels = [("app", "web"), ("tier", "frontend")].into_iter().collect();
/// assert_eq!(labels.get("app"), Some("web"));
/// assert_eq!(labels.to_string(), "app=web,tier=frontend");
/// ```
///
/// Equality, ordering, hashing, `Debug` and serde all see only the map.
#[derive(Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Labels {
    map: BTreeMap<String, String>,
    /// The fingerprints of every label, in key order, that [`Selector`](super::Selector)
    /// matches on: built by the second match of the same labels (a label set matched once
    /// is not worth the allocation), dropped by every change.
    #[serde(skip)]
    index: OnceLock<Box<[Slot]>>,
    /// Whether these labels were matched since their last change, without fingerprints.
    #[serde(skip)]
    matched: AtomicBool,
}

impl Labels {
    /// An empty label set.
    pub fn new() -> Self {
        Labels::default()
    }

    /// The value of `key`, if present.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.map.get(key).map(String::as_str)
    }

    /// Whether `key` is present (with any value, including `""`).
    pub fn contains_key(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// Sets `key` to `value`, returning the previous value.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<String>) -> Option<String> {
        self.changed();
        self.map.insert(key.into(), value.into())
    }

    /// Removes `key`, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<String> {
        let removed = self.map.remove(key);
        if removed.is_some() {
            self.changed();
        }
        removed
    }

    /// Number of labels.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether there are no labels.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Labels in key order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + '_ {
        self.map.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The underlying map.
    pub fn as_map(&self) -> &BTreeMap<String, String> {
        &self.map
    }

    /// Forgets the fingerprints of the labels as they were.
    fn changed(&mut self) {
        self.index.take();
        *self.matched.get_mut() = false;
    }

    /// The fingerprints of the labels, in key order; `None` the first time the labels are
    /// matched (the caller matches on the strings), built the second time.
    #[inline]
    pub(crate) fn fingerprints(&self) -> Option<&[Slot]> {
        match self.index.get() {
            Some(slots) => Some(slots),
            None => self.build_fingerprints(),
        }
    }

    /// [`Labels::fingerprints`] before they exist, kept out of the matching loop.
    #[cold]
    #[inline(never)]
    fn build_fingerprints(&self) -> Option<&[Slot]> {
        // Only a hint: two threads matching at once may both see `false`.
        if !self.matched.load(AtomicOrdering::Relaxed) {
            self.matched.store(true, AtomicOrdering::Relaxed);
            return None;
        }
        Some(self.index.get_or_init(|| {
            self.map
                .iter()
                .map(|(k, v)| Slot {
                    key: fingerprint(k),
                    value: fingerprint(v),
                })
                .collect()
        }))
    }

    /// Whether the fingerprints are built.
    #[cfg(test)]
    pub(crate) fn has_fingerprints(&self) -> bool {
        self.index.get().is_some()
    }

    /// The `i`th label in key order, walking from the nearer end.
    pub(crate) fn entry_at(&self, i: usize) -> Option<(&str, &str)> {
        let n = self.map.len();
        let mut iter = self.map.iter();
        let entry = if i < n / 2 {
            iter.nth(i)
        } else {
            iter.nth_back(n.checked_sub(i + 1)?)
        };
        entry.map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

impl From<BTreeMap<String, String>> for Labels {
    fn from(map: BTreeMap<String, String>) -> Self {
        Labels {
            map,
            index: OnceLock::new(),
            matched: AtomicBool::new(false),
        }
    }
}

impl Clone for Labels {
    fn clone(&self) -> Self {
        Labels {
            map: self.map.clone(),
            index: self.index.clone(),
            matched: AtomicBool::new(self.matched.load(AtomicOrdering::Relaxed)),
        }
    }
}

impl PartialEq for Labels {
    fn eq(&self, other: &Self) -> bool {
        self.map == other.map
    }
}

impl Eq for Labels {}

impl PartialOrd for Labels {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Labels {
    fn cmp(&self, other: &Self) -> Ordering {
        self.map.cmp(&other.map)
    }
}

impl Hash for Labels {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.map.hash(state);
    }
}

/// `Labels({"app": "web"})`, as for a plain newtype over the map.
impl fmt::Debug for Labels {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Labels").field(&self.map).finish()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Labels {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Labels::from(
            iter.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect::<BTreeMap<_, _>>(),
        )
    }
}

impl<K: Into<String>, V: Into<String>> Extend<(K, V)> for Labels {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        self.changed();
        self.map
            .extend(iter.into_iter().map(|(k, v)| (k.into(), v.into())));
    }
}

impl From<Labels> for BTreeMap<String, String> {
    fn from(labels: Labels) -> Self {
        labels.map
    }
}

impl<'a> IntoIterator for &'a Labels {
    type Item = (&'a String, &'a String);
    type IntoIter = std::collections::btree_map::Iter<'a, String, String>;
    fn into_iter(self) -> Self::IntoIter {
        self.map.iter()
    }
}

/// `k=v` pairs joined by `,` in key order, as upstream's `labels.FormatLabels` (without the
/// `<none>` placeholder for an empty set; printers add that).
impl fmt::Display for Labels {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (k, v)) in self.map.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{k}={v}")?;
        }
        Ok(())
    }
}
