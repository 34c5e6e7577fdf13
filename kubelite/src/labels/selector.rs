//! [`Selector`]: requirements ANDed together (upstream's `labels.Selector`).

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use super::Labels;
use super::error::SelectorParseError;
use super::parser;
use super::requirement::{Requirement, RequirementError};

/// A label selector: a list of [`Requirement`]s, all of which must hold.
///
/// Parse one from the `kubectl -l` grammar with [`Selector::parse`] or [`str::parse`],
/// build one from a label set with [`Selector::from_labels`] (what a Service's
/// `spec.selector` means), or convert a [`LabelSelector`](super::LabelSelector) object.
///
/// Requirements are kept sorted by key (as upstream sorts them after parsing), so
/// `Display` is upstream's canonical `String()`.
///
/// ```
/// use kubelite::labels::{Labels, Selector};
/// let selector: Selector = "tier in (frontend, backend), app = web, !canary".parse()?;
/// assert_eq!(selector.to_string(), "app=web,!canary,tier in (backend,frontend)");
///
/// let pod: Labels = [("app", "web"), ("tier", "frontend")].into_iter().collect();
/// assert!(selector.matches(&pod));
/// # Ok::<(), kubelite::labels::SelectorParseError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Selector {
    requirements: Vec<Requirement>,
    /// Upstream's `Nothing()`: a distinct selector, not a contradiction of requirements.
    nothing: bool,
}

/// Byte order of label keys, as `BTreeMap<String, _>` and Go's string `<` order them.
///
/// Keys are short and usually differ within a few bytes: an inline byte loop is cheaper than
/// the `memcmp` call behind `str::cmp` (measured by the `selectors` bench).
#[inline]
fn key_cmp(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return x.cmp(y);
        }
    }
    a.len().cmp(&b.len())
}

impl Selector {
    /// Parses the `kubectl -l` grammar exactly as upstream's `labels.Parse`: requirements
    /// separated by `,`; `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`,
    /// `k>n`, `k<n`; spaces, tabs, CR and LF between tokens are ignored. Keys must be label
    /// keys and values label values. The empty string selects everything.
    ///
    /// ```
    /// use kubelite::labels::Selector;
    /// assert_eq!(Selector::parse("x in (b,,a)")?.to_string(), "x in (,a,b)");
    /// assert!(Selector::parse("")?.is_empty());
    /// assert_eq!(
    ///     Selector::parse("x=a,").unwrap_err().to_string(),
    ///     "found '', expected: identifier after ','"
    /// );
    /// # Ok::<(), kubelite::labels::SelectorParseError>(())
    /// ```
    pub fn parse(input: &str) -> Result<Self, SelectorParseError> {
        Ok(Self::from_requirements(parser::parse(input)?))
    }

    /// The selector that matches every label set (upstream's `Everything()`); what an empty
    /// string, an empty label set and an empty `LabelSelector` give.
    pub fn everything() -> Self {
        Selector::default()
    }

    /// The selector that matches no label set (upstream's `Nothing()`); what an absent
    /// (`nil`) `LabelSelector` gives. It prints as `""`, like upstream's.
    ///
    /// ```
    /// use kubelite::labels::{Labels, Selector};
    /// let nothing = Selector::nothing();
    /// assert!(!nothing.matches(&Labels::new()));
    /// assert!(nothing.matches_nothing() && !nothing.is_empty());
    /// ```
    pub fn nothing() -> Self {
        Selector {
            requirements: Vec::new(),
            nothing: true,
        }
    }

    /// The equality selector of a label set, `k1=v1,k2=v2` (upstream's `SelectorFromSet`):
    /// what a Service's `spec.selector` map means. No validation, as upstream; an empty set
    /// gives [`Selector::everything`].
    ///
    /// ```
    /// use kubelite::labels::{Labels, Selector};
    /// let set: Labels = [("app", "web"), ("tier", "db")].into_iter().collect();
    /// assert_eq!(Selector::from_labels(&set).to_string(), "app=web,tier=db");
    /// ```
    pub fn from_labels(labels: &Labels) -> Self {
        Selector {
            requirements: labels
                .iter()
                .map(|(k, v)| Requirement::equals_unchecked(k, v))
                .collect(),
            nothing: false,
        }
    }

    /// Like [`Selector::from_labels`], but each key and value is checked first (upstream's
    /// `ValidatedSelectorFromSet`); the first invalid pair, in key order, is reported.
    ///
    /// ```
    /// use kubelite::labels::{Labels, Selector};
    /// let set: Labels = [("app", "-web")].into_iter().collect();
    /// let err = Selector::from_labels_validated(&set).unwrap_err();
    /// assert!(err.to_string().starts_with("values[0][app]: Invalid value: \"-web\": a valid label must"));
    /// ```
    pub fn from_labels_validated(labels: &Labels) -> Result<Self, RequirementError> {
        let requirements = labels
            .iter()
            .map(|(k, v)| Requirement::new(k, super::Operator::Equals, [v]))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Selector {
            requirements,
            nothing: false,
        })
    }

    /// A selector of these requirements, sorted by key (a stable sort: requirements on the
    /// same key keep their order), as upstream's `Selector.Add` does.
    ///
    /// ```
    /// use kubelite::labels::{Operator, Requirement, Selector};
    /// let selector = Selector::from_requirements([
    ///     Requirement::new("tier", Operator::Exists, Vec::<String>::new())?,
    ///     Requirement::new("app", Operator::Equals, ["web"])?,
    /// ]);
    /// assert_eq!(selector.to_string(), "app=web,tier");
    /// # Ok::<(), kubelite::labels::RequirementError>(())
    /// ```
    pub fn from_requirements(requirements: impl IntoIterator<Item = Requirement>) -> Self {
        let mut requirements: Vec<Requirement> = requirements.into_iter().collect();
        requirements.sort_by(|a, b| key_cmp(a.key(), b.key()));
        Selector {
            requirements,
            nothing: false,
        }
    }

    /// This selector with one more requirement (upstream's `Add`). Adding to
    /// [`Selector::nothing`] leaves it matching nothing, as upstream.
    ///
    /// ```
    /// use kubelite::labels::{Operator, Requirement, Selector};
    /// let canary = Requirement::new("canary", Operator::DoesNotExist, Vec::<String>::new())?;
    /// let selector: Selector = "app=web,tier=db".parse()?;
    /// assert_eq!(selector.with(canary.clone()).to_string(), "app=web,!canary,tier=db");
    /// assert!(Selector::nothing().with(canary).matches_nothing());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with(mut self, requirement: Requirement) -> Self {
        if !self.nothing {
            let at = self
                .requirements
                .partition_point(|r| key_cmp(r.key(), requirement.key()) != Ordering::Greater);
            self.requirements.insert(at, requirement);
        }
        self
    }

    /// The requirements, sorted by key (none for [`Selector::everything`] and
    /// [`Selector::nothing`]).
    pub fn requirements(&self) -> &[Requirement] {
        &self.requirements
    }

    /// Whether the selector does not restrict anything (upstream's `Empty()`): true for
    /// [`Selector::everything`], false for [`Selector::nothing`].
    pub fn is_empty(&self) -> bool {
        !self.nothing && self.requirements.is_empty()
    }

    /// Whether this is [`Selector::nothing`] (upstream's `MatchesNothing`). Like upstream, a
    /// contradictory selector such as `a,!a` is not detected.
    pub fn matches_nothing(&self) -> bool {
        self.nothing
    }

    /// Whether every requirement holds for `labels`. The second match of the same label set
    /// (by any selector) computes its fingerprints, one allocation kept until the labels
    /// change, so that later matches compare integers; no other match allocates.
    ///
    /// ```
    /// use kubelite::labels::{Labels, Selector};
    /// let selector: Selector = "app=web,tier notin (db)".parse()?;
    /// let web: Labels = [("app", "web")].into_iter().collect();
    /// let db: Labels = [("app", "web"), ("tier", "db")].into_iter().collect();
    /// assert!(selector.matches(&web)); // notin matches an absent key
    /// assert!(!selector.matches(&db));
    /// # Ok::<(), kubelite::labels::SelectorParseError>(())
    /// ```
    #[inline]
    pub fn matches(&self, labels: &Labels) -> bool {
        if self.nothing {
            return false;
        }
        if self.requirements.is_empty() {
            return true;
        }
        // Integer comparisons against the labels' fingerprints, built by their second match
        // and kept until they change; the first match walks the strings.
        match labels.fingerprints() {
            Some(slots) => self
                .requirements
                .iter()
                .all(|r| r.matches_fingerprints(labels, slots)),
            None => self.matches_map(labels.as_map()),
        }
    }

    /// [`Selector::matches`] for a plain map.
    #[inline]
    pub fn matches_map(&self, labels: &BTreeMap<String, String>) -> bool {
        if self.nothing {
            return false;
        }
        // Both sides are sorted by key: one merge pass finds every requirement's value.
        let mut iter = labels.iter();
        let mut current = iter.next();
        for requirement in &self.requirements {
            let value = loop {
                match current {
                    Some((k, v)) => match key_cmp(k, requirement.key()) {
                        Ordering::Less => current = iter.next(),
                        Ordering::Equal => break Some(v.as_str()),
                        Ordering::Greater => break None,
                    },
                    None => break None,
                }
            };
            if !requirement.matches_value(value) {
                return false;
            }
        }
        true
    }

    /// The value `key` must have for a label set to match, if the selector pins it to one
    /// value (`key=v`, `key==v` or `key in (v)`); upstream's `RequiresExactMatch`, which looks
    /// only at the first requirement on `key`.
    ///
    /// ```
    /// use kubelite::labels::Selector;
    /// let selector: Selector = "app=web,tier in (a,b)".parse()?;
    /// assert_eq!(selector.requires_exact_match("app"), Some("web"));
    /// assert_eq!(selector.requires_exact_match("tier"), None);
    /// # Ok::<(), kubelite::labels::SelectorParseError>(())
    /// ```
    pub fn requires_exact_match(&self, key: &str) -> Option<&str> {
        let requirement = self.requirements.iter().find(|r| r.key() == key)?;
        match (requirement.operator(), requirement.values()) {
            (
                super::Operator::Equals | super::Operator::DoubleEquals | super::Operator::In,
                [value],
            ) => Some(value),
            _ => None,
        }
    }
}

/// Upstream's `String()`: each requirement's canonical form, joined by `,`. Both
/// [`Selector::everything`] and [`Selector::nothing`] print as `""`.
impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, r) in self.requirements.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{r}")?;
        }
        Ok(())
    }
}

impl FromStr for Selector {
    type Err = SelectorParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Selector::parse(s)
    }
}

impl From<&Labels> for Selector {
    fn from(labels: &Labels) -> Self {
        Selector::from_labels(labels)
    }
}

impl From<Requirement> for Selector {
    fn from(requirement: Requirement) -> Self {
        Selector::from_requirements([requirement])
    }
}

impl FromIterator<Requirement> for Selector {
    fn from_iter<I: IntoIterator<Item = Requirement>>(iter: I) -> Self {
        Selector::from_requirements(iter)
    }
}
