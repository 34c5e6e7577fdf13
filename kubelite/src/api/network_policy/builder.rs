//! [`NetworkPolicyBuilder`].

use super::{NetworkPolicy, NetworkPolicyEgressRule, NetworkPolicyIngressRule, PolicyType};
use crate::api::Resource;
use crate::labels::LabelSelector;
use crate::meta::ObjectMeta;
use crate::validation::Invalid;

/// Builds a [`NetworkPolicy`]; start with [`NetworkPolicy::builder`].
///
/// The namespace is `default` unless set and the pod selector is `{}` (every pod of the
/// namespace) unless set.
///
/// The builder always writes `policyTypes`: the directions you asked to isolate
/// ([`deny_all_ingress`](Self::deny_all_ingress), [`policy_type`](Self::policy_type), ...)
/// and those you wrote rules for. It never isolates a direction you did not mention —
/// unlike a manifest without `policyTypes`, where egress rules alone also isolate ingress.
/// A builder that mentions nothing gets the server's default, `Ingress`.
///
/// ```
/// use kubelite::api::NetworkPolicy;
/// use kubelite::api::network_policy::{NetworkPolicyEgressRule, NetworkPolicyPeer, NetworkPolicyPort};
/// use kubelite::labels::LabelSelector;
/// // Default deny of all egress, except DNS to kube-system.
/// let policy = NetworkPolicy::builder("deny-egress-but-dns")
///     .namespace("shop")
///     .deny_all_egress()
///     .egress(
///         NetworkPolicyEgressRule::new()
///             .to_peer(NetworkPolicyPeer::namespaces(LabelSelector::match_labels([(
///                 "kubernetes.io/metadata.name",
///                 "kube-system",
///             )])))
///             .port(NetworkPolicyPort::udp(53))
///             .port(NetworkPolicyPort::tcp(53)),
///     )
///     .build()?;
/// assert_eq!(policy.spec.policy_types, ["Egress"]);
/// assert!(!policy.spec.isolates_ingress());
/// # Ok::<(), kubelite::validation::Invalid>(())
/// ```
#[derive(Clone, Debug)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct NetworkPolicyBuilder {
    policy: NetworkPolicy,
    types: Vec<PolicyType>,
}

impl NetworkPolicy {
    /// Starts building a NetworkPolicy named `name` in namespace `default`.
    pub fn builder(name: impl Into<String>) -> NetworkPolicyBuilder {
        NetworkPolicyBuilder {
            policy: NetworkPolicy {
                metadata: ObjectMeta::named(name).in_namespace("default"),
                ..NetworkPolicy::default()
            },
            types: Vec::new(),
        }
    }
}

impl NetworkPolicyBuilder {
    /// Sets the namespace (the policy applies to pods of this namespace only).
    pub fn namespace(mut self, namespace: impl Into<String>) -> Self {
        self.policy.metadata.namespace = Some(namespace.into());
        self
    }

    /// Adds a label to the policy itself.
    pub fn label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.policy.metadata.labels.insert(key, value);
        self
    }

    /// Selects the pods the policy applies to (`{}`, the default, selects all).
    pub fn pod_selector(mut self, selector: LabelSelector) -> Self {
        self.policy.spec.pod_selector = selector;
        self
    }

    /// Isolates the selected pods in `direction`.
    pub fn policy_type(mut self, direction: PolicyType) -> Self {
        if !self.types.contains(&direction) {
            self.types.push(direction);
        }
        self
    }

    /// Isolates the selected pods in each direction given.
    pub fn policy_types(self, directions: impl IntoIterator<Item = PolicyType>) -> Self {
        directions.into_iter().fold(self, Self::policy_type)
    }

    /// Allows incoming traffic matching `rule` (and isolates ingress).
    pub fn ingress(mut self, rule: NetworkPolicyIngressRule) -> Self {
        self.policy.spec.ingress.push(rule);
        self.policy_type(PolicyType::Ingress)
    }

    /// Allows outgoing traffic matching `rule` (and isolates egress).
    pub fn egress(mut self, rule: NetworkPolicyEgressRule) -> Self {
        self.policy.spec.egress.push(rule);
        self.policy_type(PolicyType::Egress)
    }

    /// Isolates ingress: only what ingress rules allow gets in (nothing, without rules).
    pub fn deny_all_ingress(self) -> Self {
        self.policy_type(PolicyType::Ingress)
    }

    /// Isolates egress: only what egress rules allow gets out (nothing, without rules).
    pub fn deny_all_egress(self) -> Self {
        self.policy_type(PolicyType::Egress)
    }

    /// Allows all incoming traffic (`ingress: [{}]`).
    pub fn allow_all_ingress(self) -> Self {
        self.ingress(NetworkPolicyIngressRule::new())
    }

    /// Allows all outgoing traffic (`egress: [{}]`).
    pub fn allow_all_egress(self) -> Self {
        self.egress(NetworkPolicyEgressRule::new())
    }

    /// The policy as configured so far, without defaults or validation.
    pub fn into_unchecked(self) -> NetworkPolicy {
        let mut policy = self.policy;
        policy.spec.policy_types = ordered(&self.types);
        policy
    }

    /// Applies the server's defaults and validates.
    ///
    /// ```
    /// use kubelite::api::NetworkPolicy;
    /// use kubelite::api::network_policy::{NetworkPolicyIngressRule, NetworkPolicyPort};
    /// let err = NetworkPolicy::builder("web")
    ///     .ingress(NetworkPolicyIngressRule::new().port(NetworkPolicyPort::tcp(80).end_port(79)))
    ///     .build()
    ///     .unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "The NetworkPolicy \"web\" is invalid: spec.ingress[0].ports[0].endPort: Invalid value: 79: must be greater than or equal to `port`"
    /// );
    /// ```
    pub fn build(self) -> Result<NetworkPolicy, Invalid> {
        let mut policy = self.into_unchecked();
        policy.apply_defaults();
        policy.validate()?;
        Ok(policy)
    }
}

/// `Ingress` before `Egress`, as upstream's examples list them.
fn ordered(types: &[PolicyType]) -> Vec<String> {
    [PolicyType::Ingress, PolicyType::Egress]
        .into_iter()
        .filter(|t| types.contains(t))
        .map(String::from)
        .collect()
}
