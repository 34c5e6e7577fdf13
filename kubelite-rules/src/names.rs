//! Name and label format checks, with upstream's messages
//! (`k8s.io/apimachinery/pkg/util/validation` and its `content` package).
//!
//! Each check returns every message upstream would return, in upstream's order, inside a
//! [`NameError`]; `Display` joins them with `; ` as upstream joins them in selector errors.

use std::fmt;

const DNS1123_LABEL_MAX: usize = 63;
const DNS1123_SUBDOMAIN_MAX: usize = 253;
const DNS1035_LABEL_MAX: usize = 63;
const QUALIFIED_NAME_MAX: usize = 63;
const LABEL_VALUE_MAX: usize = 63;
const CONFIG_MAP_KEY_MAX: usize = 253;
const PORT_NAME_MAX: usize = 15;

/// `a lowercase RFC 1123 label must ...`
pub const DNS1123_LABEL_MESSAGE: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
/// `a lowercase RFC 1123 subdomain must ...`
pub const DNS1123_SUBDOMAIN_MESSAGE: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
/// `a DNS-1035 label must ...`
pub const DNS1035_LABEL_MESSAGE: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const QUALIFIED_NAME_PART: &str = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
/// `a valid label must be an empty string or ...`
pub const LABEL_VALUE_MESSAGE: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const WILDCARD_MESSAGE: &str = "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const CONFIG_MAP_KEY_MESSAGE: &str = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
/// `must be between 1 and 65535, inclusive`
pub const PORT_RANGE_MESSAGE: &str = "must be between 1 and 65535, inclusive";

/// A value that is not a valid name of some format; holds upstream's messages.
///
/// ```
/// use kubelite_rules::names::is_dns1123_label;
/// let err = is_dns1123_label("a.b").unwrap_err();
/// assert_eq!(err.to_string(), "must not contain dots");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameError {
    messages: Vec<String>,
}

impl NameError {
    /// Each message, in upstream's order.
    pub fn messages(&self) -> &[String] {
        &self.messages
    }
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.messages.join("; "))
    }
}

impl std::error::Error for NameError {}

fn result(messages: Vec<String>) -> Result<(), NameError> {
    if messages.is_empty() {
        Ok(())
    } else {
        Err(NameError { messages })
    }
}

fn max_len(n: usize) -> String {
    format!("must be no more than {n} characters")
}

fn max_bytes(n: usize) -> String {
    format!("must be no more than {n} bytes")
}

fn is_lower_alnum(c: u8) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`
fn matches_dns1123_label(s: &str) -> bool {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(&first), Some(&last)) => {
            is_lower_alnum(first)
                && is_lower_alnum(last)
                && b.iter().all(|&c| is_lower_alnum(c) || c == b'-')
        }
        _ => false,
    }
}

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*`
fn matches_dns1123_subdomain(s: &str) -> bool {
    s.split('.').all(matches_dns1123_label)
}

/// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`
fn matches_qualified_name_part(s: &str) -> bool {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && b.iter()
                    .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
        }
        _ => false,
    }
}

/// Checks a DNS-1123 label (RFC 1123): at most 63 characters of `[a-z0-9-]`, starting and
/// ending alphanumeric. Namespaces, Service port names and container names use it.
///
/// ```
/// use kubelite_rules::names::is_dns1123_label;
/// assert!(is_dns1123_label("echo-minikube").is_ok());
/// assert!(is_dns1123_label("Echo").is_err());
/// ```
pub fn is_dns1123_label(value: &str) -> Result<(), NameError> {
    let mut errs = Vec::new();
    if value.len() > DNS1123_LABEL_MAX {
        errs.push(max_len(DNS1123_LABEL_MAX));
    }
    if !matches_dns1123_label(value) {
        if matches_dns1123_subdomain(value) {
            errs.push("must not contain dots".to_owned());
        } else {
            errs.push(DNS1123_LABEL_MESSAGE.to_owned());
        }
    }
    result(errs)
}

/// Checks a DNS-1123 subdomain: dot-separated DNS-1123 labels, at most 253 characters. Pods,
/// Deployments, ReplicaSets and NetworkPolicies use it for names.
///
/// ```
/// use kubelite_rules::names::is_dns1123_subdomain;
/// assert!(is_dns1123_subdomain("echo-minikube.v1").is_ok());
/// assert!(is_dns1123_subdomain("echo_minikube").is_err());
/// ```
pub fn is_dns1123_subdomain(value: &str) -> Result<(), NameError> {
    let mut errs = Vec::new();
    if value.len() > DNS1123_SUBDOMAIN_MAX {
        errs.push(max_len(DNS1123_SUBDOMAIN_MAX));
    }
    if !matches_dns1123_subdomain(value) {
        errs.push(DNS1123_SUBDOMAIN_MESSAGE.to_owned());
    }
    result(errs)
}

/// Checks a DNS-1035 label: like DNS-1123 but starting with a letter. Service names use it.
///
/// ```
/// use kubelite_rules::names::is_dns1035_label;
/// assert!(is_dns1035_label("echo-service").is_ok());
/// assert!(is_dns1035_label("1st-service").is_err());
/// ```
pub fn is_dns1035_label(value: &str) -> Result<(), NameError> {
    let mut errs = Vec::new();
    if value.len() > DNS1035_LABEL_MAX {
        errs.push(max_len(DNS1035_LABEL_MAX));
    }
    let starts_with_letter = value.as_bytes().first().is_some_and(u8::is_ascii_lowercase);
    if !(starts_with_letter && matches_dns1123_label(value)) {
        errs.push(DNS1035_LABEL_MESSAGE.to_owned());
    }
    result(errs)
}

/// Checks a qualified name (a label or annotation key): `[prefix/]name`, where the optional
/// prefix is a DNS-1123 subdomain and the name at most 63 characters of `[A-Za-z0-9-_.]`,
/// starting and ending alphanumeric.
///
/// ```
/// use kubelite_rules::names::is_qualified_name;
/// assert!(is_qualified_name("app.kubernetes.io/name").is_ok());
/// assert_eq!(
///     is_qualified_name("/simple").unwrap_err().to_string(),
///     "prefix part must be non-empty"
/// );
/// ```
pub fn is_qualified_name(value: &str) -> Result<(), NameError> {
    let mut errs = Vec::new();
    let mut parts = value.split('/');
    let (prefix, name) = match (parts.next(), parts.next(), parts.next()) {
        (Some(name), None, _) => (None, name),
        (Some(prefix), Some(name), None) => (Some(prefix), name),
        _ => {
            errs.push(format!(
                "a valid label key {QUALIFIED_NAME_PART} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
            ));
            return result(errs);
        }
    };
    if let Some(prefix) = prefix {
        if prefix.is_empty() {
            errs.push("prefix part must be non-empty".to_owned());
        } else {
            if prefix.len() > DNS1123_SUBDOMAIN_MAX {
                errs.push(format!("prefix part {}", max_bytes(DNS1123_SUBDOMAIN_MAX)));
            }
            if !matches_dns1123_subdomain(prefix) {
                errs.push(format!("prefix part {DNS1123_SUBDOMAIN_MESSAGE}"));
            }
        }
    }
    if name.is_empty() {
        errs.push("name part must be non-empty".to_owned());
    } else if name.len() > QUALIFIED_NAME_MAX {
        errs.push(format!("name part {}", max_bytes(QUALIFIED_NAME_MAX)));
    }
    if !matches_qualified_name_part(name) {
        errs.push(format!("name part {QUALIFIED_NAME_PART}"));
    }
    result(errs)
}

/// Checks a label value: empty, or at most 63 characters of `[A-Za-z0-9-_.]` starting and
/// ending alphanumeric.
///
/// ```
/// use kubelite_rules::names::is_valid_label_value;
/// assert!(is_valid_label_value("").is_ok());
/// assert!(is_valid_label_value("echo-minikube").is_ok());
/// assert!(is_valid_label_value("-x").is_err());
/// ```
pub fn is_valid_label_value(value: &str) -> Result<(), NameError> {
    let mut errs = Vec::new();
    if value.len() > LABEL_VALUE_MAX {
        errs.push(max_bytes(LABEL_VALUE_MAX));
    }
    if !value.is_empty() && !matches_qualified_name_part(value) {
        errs.push(LABEL_VALUE_MESSAGE.to_owned());
    }
    result(errs)
}

/// Checks an IANA service name (`IANA_SVC_NAME`): what container port names, named
/// `targetPort`s and named NetworkPolicy ports must be.
///
/// ```
/// use kubelite_rules::names::is_valid_port_name;
/// assert!(is_valid_port_name("http").is_ok());
/// assert!(is_valid_port_name("two--hyphens").is_err());
/// ```
pub fn is_valid_port_name(value: &str) -> Result<(), NameError> {
    let mut errs = Vec::new();
    if value.len() > PORT_NAME_MAX {
        errs.push(max_len(PORT_NAME_MAX));
    }
    let b = value.as_bytes();
    if b.is_empty() || !b.iter().all(|&c| is_lower_alnum(c) || c == b'-') {
        errs.push(
            "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".to_owned(),
        );
    }
    if !b.iter().any(u8::is_ascii_lowercase) {
        errs.push("must contain at least one letter (a-z)".to_owned());
    }
    if value.contains("--") {
        errs.push("must not contain consecutive hyphens".to_owned());
    }
    if value.starts_with('-') || value.ends_with('-') {
        errs.push("must not begin or end with a hyphen".to_owned());
    }
    result(errs)
}

/// Checks a port number: 1 to 65535.
///
/// ```
/// use kubelite_rules::names::is_valid_port_num;
/// assert!(is_valid_port_num(8080).is_ok());
/// assert_eq!(is_valid_port_num(0).unwrap_err().to_string(), "must be between 1 and 65535, inclusive");
/// ```
pub fn is_valid_port_num(port: i64) -> Result<(), NameError> {
    if (1..=65535).contains(&port) {
        Ok(())
    } else {
        result(vec![PORT_RANGE_MESSAGE.to_owned()])
    }
}

/// Checks a wildcard DNS-1123 subdomain (`*.example.com`).
pub fn is_wildcard_dns1123_subdomain(value: &str) -> Result<(), NameError> {
    let mut errs = Vec::new();
    if value.len() > DNS1123_SUBDOMAIN_MAX {
        errs.push(max_len(DNS1123_SUBDOMAIN_MAX));
    }
    if !value
        .strip_prefix("*.")
        .is_some_and(matches_dns1123_subdomain)
    {
        errs.push(WILDCARD_MESSAGE.to_owned());
    }
    result(errs)
}

/// Checks a fully qualified domain name: a DNS-1123 subdomain of at least two labels (a
/// trailing dot is allowed). Messages are upstream's, joined with `,` as upstream joins them.
pub fn is_fully_qualified_domain_name(value: &str) -> Result<(), NameError> {
    if value.is_empty() {
        return result(vec!["Required value".to_owned()]);
    }
    let name = value.strip_suffix('.').unwrap_or(value);
    if let Err(e) = is_dns1123_subdomain(name) {
        return result(vec![e.messages.join(",")]);
    }
    if !name.contains('.') {
        return result(vec![
            "should be a domain with at least two segments separated by dots".to_owned(),
        ]);
    }
    for label in name.split('.') {
        if let Err(e) = is_dns1123_label(label) {
            return result(vec![e.messages.join(",")]);
        }
    }
    Ok(())
}

/// Checks a ConfigMap/Secret key: at most 253 characters of `[-._a-zA-Z0-9]`, not `.` or `..`
/// and not starting with `..`.
pub fn is_config_map_key(value: &str) -> Result<(), NameError> {
    let mut errs = Vec::new();
    if value.len() > CONFIG_MAP_KEY_MAX {
        errs.push(max_len(CONFIG_MAP_KEY_MAX));
    }
    let b = value.as_bytes();
    if b.is_empty()
        || !b
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_'))
    {
        errs.push(CONFIG_MAP_KEY_MESSAGE.to_owned());
    }
    if value == "." {
        errs.push("must not be '.'".to_owned());
    } else if value == ".." {
        errs.push("must not be '..'".to_owned());
    } else if value.starts_with("..") {
        errs.push("must not start with '..'".to_owned());
    }
    result(errs)
}
