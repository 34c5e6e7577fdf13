//! 64-bit fingerprints of label keys and values, so that matching compares integers instead
//! of chasing string pointers.
//!
//! A fingerprint is *exact* for an ASCII string of at most 8 bytes: seven bits per byte, the
//! length above them and the top bit clear, which no other string shares. Any other string
//! gets a hash with the top bit set. So equal strings have equal fingerprints, different
//! fingerprints mean different strings, and equal fingerprints mean equal strings when they
//! are exact; equal hashed fingerprints must be confirmed on the strings themselves.

/// The top bit: set on hashed fingerprints, clear on exact ones.
const HASHED: u64 = 1 << 63;

/// The fingerprint of `s`.
#[inline]
pub(crate) fn fingerprint(s: &str) -> u64 {
    let bytes = s.as_bytes();
    if bytes.len() <= 8 && bytes.is_ascii() {
        // Bits 0..56: the bytes, seven bits each; bits 56..60: the length.
        let mut exact = (bytes.len() as u64) << 56;
        for (i, &b) in bytes.iter().enumerate() {
            exact |= u64::from(b) << (7 * i);
        }
        exact
    } else {
        hash(bytes) | HASHED
    }
}

/// Whether `fp` identifies its string (no need to compare the strings).
#[inline]
pub(crate) fn is_exact(fp: u64) -> bool {
    fp & HASHED == 0
}

/// A small multiplicative hash (FxHash's step, with a final mix), length included.
fn hash(bytes: &[u8]) -> u64 {
    #[cfg(test)]
    if tests::COLLIDE.get() {
        return 0;
    }
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let step = |h: u64, word: u64| (h.rotate_left(5) ^ word).wrapping_mul(K);
    let (chunks, rest) = bytes.as_chunks::<8>();
    let mut h = step(0, bytes.len() as u64);
    for chunk in chunks {
        h = step(h, u64::from_le_bytes(*chunk));
    }
    let tail = rest
        .iter()
        .rev()
        .fold(0, |word, &b| (word << 8) | u64::from(b));
    h = step(h, tail);
    h ^ (h >> 32)
}

/// The fingerprints of one label, as [`Labels`](super::Labels) keeps them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Slot {
    pub(crate) key: u64,
    pub(crate) value: u64,
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;
    use crate::labels::{Labels, Operator, Requirement, Selector};

    thread_local! {
        /// Makes every hashed fingerprint collide, so every match goes through the strings.
        pub(super) static COLLIDE: Cell<bool> = const { Cell::new(false) };
    }

    #[test]
    fn short_ascii_strings_are_exact_and_distinct() {
        let strings = [
            "", "a", "b", "ab", "ba", "a\0", "\0", "\0\0", "web", "tier", "frontend", "backend",
            "abcdefgh", "abcdefgi", "Abcdefgh",
        ];
        for (i, a) in strings.iter().enumerate() {
            assert!(is_exact(fingerprint(a)), "{a:?}");
            for b in &strings[i + 1..] {
                assert_ne!(fingerprint(a), fingerprint(b), "{a:?} vs {b:?}");
            }
        }
    }

    #[test]
    fn long_or_non_ascii_strings_are_hashed() {
        for s in [
            "abcdefghi",
            "app.kubernetes.io/name",
            "é",
            "pod-template-hash",
        ] {
            assert!(!is_exact(fingerprint(s)), "{s:?}");
            let copy: String = s.chars().collect();
            assert_eq!(fingerprint(s), fingerprint(&copy));
        }
        assert_ne!(fingerprint("abcdefghi"), fingerprint("abcdefghj"));
    }

    /// Short, eight-byte, nine-byte and long keys, some sharing prefixes.
    const KEYS: &[&str] = &[
        "app",
        "tier",
        "canary",
        "abcdefgh",
        "abcdefghi",
        "abcdefghj",
        "app.kubernetes.io/name",
        "app.kubernetes.io/names",
        "pod-template-hash",
    ];
    const VALUES: &[&str] = &[
        "",
        "web",
        "frontend",
        "frontends",
        "frontendz",
        "a-much-longer-label-value",
        "7",
        "42",
        "-3",
        "007",
        "v17",
    ];
    const OPERATORS: [Operator; 9] = [
        Operator::In,
        Operator::NotIn,
        Operator::Equals,
        Operator::DoubleEquals,
        Operator::NotEquals,
        Operator::Exists,
        Operator::DoesNotExist,
        Operator::GreaterThan,
        Operator::LessThan,
    ];

    /// Many values (past the point where a set is searched on the strings) or a few.
    fn values() -> impl Strategy<Value = Vec<String>> {
        let few = prop::collection::vec(prop::sample::select(VALUES).prop_map(str::to_owned), 0..4);
        let many = prop::collection::vec((0..40u8).prop_map(|i| format!("v{i}")), 15..25);
        prop_oneof![4 => few, 1 => many]
    }

    /// Requirements that `Requirement::new` accepts.
    fn selector() -> impl Strategy<Value = Selector> {
        let requirement = (
            prop::sample::select(KEYS),
            prop::sample::select(&OPERATORS[..]),
            values(),
        )
            .prop_filter_map("invalid requirement", |(key, op, values)| {
                Requirement::new(key, op, values).ok()
            });
        prop::collection::vec(requirement, 0..5).prop_map(Selector::from_requirements)
    }

    /// Up to a dozen labels (so both ends of the map are walked), values long and short,
    /// some not ASCII.
    fn labels() -> impl Strategy<Value = BTreeMap<String, String>> {
        let key = prop_oneof![
            3 => prop::sample::select(KEYS).prop_map(str::to_owned),
            1 => (0..20u8).prop_map(|i| format!("filler-{i}")),
            1 => Just("é".to_owned()),
        ];
        let value = prop_oneof![
            4 => prop::sample::select(VALUES).prop_map(str::to_owned),
            1 => (0..40u8).prop_map(|i| format!("v{i}")),
            1 => Just("wéb".to_owned()),
        ];
        prop::collection::btree_map(key, value, 0..12)
    }

    /// What matching means, on the strings alone.
    fn reference(selector: &Selector, labels: &BTreeMap<String, String>) -> bool {
        !selector.matches_nothing()
            && selector
                .requirements()
                .iter()
                .all(|r| r.matches_value(labels.get(r.key()).map(String::as_str)))
    }

    /// Matches three times: on the strings, then building the fingerprints, then on them.
    fn matches_every_way(
        selector: &Selector,
        labels: &Labels,
        map: &BTreeMap<String, String>,
    ) -> Result<(), TestCaseError> {
        let expected = reference(selector, map);
        for round in 0..3 {
            prop_assert_eq!(
                selector.matches(labels),
                expected,
                "{} on {:?}, round {}",
                selector,
                map,
                round
            );
        }
        prop_assert!(labels.has_fingerprints(), "fingerprints built");
        Ok(())
    }

    fn check(selector: &Selector, map: &BTreeMap<String, String>) -> Result<(), TestCaseError> {
        let mut labels = Labels::from(map.clone());
        prop_assert_eq!(selector.matches_map(map), reference(selector, map));
        if selector.is_empty() || selector.matches_nothing() {
            prop_assert_eq!(selector.matches(&labels), reference(selector, map));
            return Ok(());
        }
        matches_every_way(selector, &labels, map)?;
        // A clone keeps the fingerprints.
        let copy = labels.clone();
        prop_assert!(copy.has_fingerprints());
        prop_assert_eq!(selector.matches(&copy), reference(selector, map));
        // A label set built from a selector matches it.
        prop_assert!(Selector::from_labels(&labels).matches(&labels));
        // Every change drops the fingerprints.
        let mut changed = map.clone();
        for key in KEYS {
            changed.insert((*key).to_owned(), "web".to_owned());
            labels.insert(*key, "web");
            prop_assert!(!labels.has_fingerprints());
            matches_every_way(selector, &labels, &changed)?;
            changed.remove(*key);
            labels.remove(key);
            matches_every_way(selector, &labels, &changed)?;
            labels.extend([(*key, "frontend")]);
            changed.insert((*key).to_owned(), "frontend".to_owned());
            matches_every_way(selector, &labels, &changed)?;
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1024))]

        #[test]
        fn matching_on_fingerprints_agrees_with_the_strings(
            selector in selector(),
            map in labels(),
        ) {
            check(&selector, &map)?;
        }

        #[test]
        fn colliding_fingerprints_are_confirmed_on_the_strings(
            selector in selector(),
            map in labels(),
        ) {
            COLLIDE.set(true);
            // Fingerprints computed now all collide, the selector's included.
            let selector = Selector::from_requirements(selector.requirements().iter().map(
                |r| Requirement::new(r.key(), r.operator(), r.values().to_vec()).expect("valid"),
            ));
            let result = check(&selector, &map);
            COLLIDE.set(false);
            result?;
        }
    }

    #[test]
    fn unvalidated_selectors_from_labels_match_on_the_strings() {
        let map: BTreeMap<String, String> =
            [("é", "wéb"), ("app", "web"), ("x", "ü".repeat(9).as_str())]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect();
        let labels = Labels::from(map.clone());
        let mut other = map.clone();
        other.insert("é".to_owned(), "wéb!".to_owned());
        let same = Selector::from_labels(&labels);
        let different = Selector::from_labels(&Labels::from(other));
        for _ in 0..3 {
            assert!(same.matches(&labels));
            assert!(!different.matches(&labels));
        }
        assert!(labels.has_fingerprints());
    }
}
