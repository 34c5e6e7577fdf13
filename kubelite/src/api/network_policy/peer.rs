//! [`NetworkPolicyPeer`] and [`IpBlock`]: who a rule allows traffic from or to.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use crate::labels::LabelSelector;
use crate::validation::Cidr;

/// One `from`/`to` entry (`networking/v1 NetworkPolicyPeer`).
///
/// The selectors are `Option`s because absence and `{}` differ: an absent selector does not
/// constrain, a present `{}` selects everything. `podSelector` alone means pods in the
/// policy's namespace; `namespaceSelector` alone, every pod of the matching namespaces; both
/// in one entry, the matching pods of the matching namespaces.
///
/// ```
/// use kubelite::api::network_policy::NetworkPolicyPeer;
/// use kubelite::labels::LabelSelector;
/// let frontend = NetworkPolicyPeer::pods(LabelSelector::match_labels([("app", "frontend")]));
/// assert!(frontend.namespace_selector.is_none());
/// let anywhere = NetworkPolicyPeer::namespaces(LabelSelector::default());
/// assert_eq!(anywhere.namespace_selector, Some(LabelSelector::default()));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NetworkPolicyPeer {
    /// A CIDR with exceptions; cannot be combined with the selectors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_block: Option<IpBlock>,
    /// Namespaces whose pods are allowed (all of their pods, or those `podSelector` picks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace_selector: Option<LabelSelector>,
    /// Pods allowed (in the policy's namespace unless `namespaceSelector` is set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_selector: Option<LabelSelector>,
}

impl NetworkPolicyPeer {
    /// Pods of the policy's namespace matching `selector`.
    pub fn pods(selector: LabelSelector) -> Self {
        NetworkPolicyPeer {
            pod_selector: Some(selector),
            ..NetworkPolicyPeer::default()
        }
    }

    /// Every pod of the namespaces matching `selector`.
    pub fn namespaces(selector: LabelSelector) -> Self {
        NetworkPolicyPeer {
            namespace_selector: Some(selector),
            ..NetworkPolicyPeer::default()
        }
    }

    /// Pods matching `pods` in namespaces matching `namespaces` (both must hold).
    pub fn pods_in_namespaces(pods: LabelSelector, namespaces: LabelSelector) -> Self {
        NetworkPolicyPeer {
            pod_selector: Some(pods),
            namespace_selector: Some(namespaces),
            ip_block: None,
        }
    }

    /// Addresses in `cidr` except those in `except`.
    pub fn ip_block<I, S>(cidr: impl Into<String>, except: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        NetworkPolicyPeer {
            ip_block: Some(IpBlock {
                cidr: cidr.into(),
                except: except.into_iter().map(Into::into).collect(),
            }),
            ..NetworkPolicyPeer::default()
        }
    }
}

/// `ipBlock`: a CIDR minus exceptions (`networking/v1 IPBlock`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IpBlock {
    /// The allowed range (`10.0.0.0/16`).
    #[serde(default)]
    pub cidr: String,
    /// Sub-ranges of `cidr` that are not allowed.
    #[serde(
        default,
        deserialize_with = "crate::api::service::nullable::vec",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub except: Vec<String>,
}

impl IpBlock {
    /// Whether `ip` is in `cidr` and in none of `except` (unparsable CIDRs match nothing).
    ///
    /// ```
    /// use kubelite::api::network_policy::IpBlock;
    /// let block = IpBlock { cidr: "10.0.0.0/16".into(), except: vec!["10.0.1.0/24".into()] };
    /// assert!(block.contains("10.0.2.3".parse()?));
    /// assert!(!block.contains("10.0.1.3".parse()?));
    /// # Ok::<(), std::net::AddrParseError>(())
    /// ```
    pub fn contains(&self, ip: IpAddr) -> bool {
        Cidr::parse(&self.cidr).is_some_and(|c| c.contains(ip))
            && !self
                .except
                .iter()
                .filter_map(|e| Cidr::parse(e))
                .any(|e| e.contains(ip))
    }
}
