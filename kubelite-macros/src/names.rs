//! Kubernetes name and label rules, with upstream's messages
//! (`k8s.io/apimachinery/pkg/util/validation`).
//!
//! A proc-macro crate cannot depend on `kubelite`, so the few rules the macro checks are kept
//! here in the same words as `kubelite::validation::names`; a test runs both against upstream's
//! own vectors so they cannot drift apart.

const DNS1123_LABEL_MAX: usize = 63;
const DNS1123_SUBDOMAIN_MAX: usize = 253;
const DNS1035_LABEL_MAX: usize = 63;
const QUALIFIED_NAME_MAX: usize = 63;
const LABEL_VALUE_MAX: usize = 63;
const PORT_NAME_MAX: usize = 15;

const DNS1123_LABEL_MESSAGE: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_SUBDOMAIN_MESSAGE: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_LABEL_MESSAGE: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const QUALIFIED_NAME_PART: &str = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MESSAGE: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

/// Upstream's messages for a value, in upstream's order; empty when valid.
pub(crate) type Messages = Vec<String>;

fn max_len(n: usize) -> String {
    format!("must be no more than {n} characters")
}

fn max_bytes(n: usize) -> String {
    format!("must be no more than {n} bytes")
}

fn is_lower_alnum(c: u8) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

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

fn matches_dns1123_subdomain(s: &str) -> bool {
    s.split('.').all(matches_dns1123_label)
}

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

/// DNS-1123 label: namespaces, Service port names.
pub(crate) fn dns1123_label(value: &str) -> Messages {
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
    errs
}

/// DNS-1123 subdomain: Pods, Deployments, NetworkPolicies.
pub(crate) fn dns1123_subdomain(value: &str) -> Messages {
    let mut errs = Vec::new();
    if value.len() > DNS1123_SUBDOMAIN_MAX {
        errs.push(max_len(DNS1123_SUBDOMAIN_MAX));
    }
    if !matches_dns1123_subdomain(value) {
        errs.push(DNS1123_SUBDOMAIN_MESSAGE.to_owned());
    }
    errs
}

/// DNS-1035 label: Service names.
pub(crate) fn dns1035_label(value: &str) -> Messages {
    let mut errs = Vec::new();
    if value.len() > DNS1035_LABEL_MAX {
        errs.push(max_len(DNS1035_LABEL_MAX));
    }
    let starts_with_letter = value.as_bytes().first().is_some_and(u8::is_ascii_lowercase);
    if !(starts_with_letter && matches_dns1123_label(value)) {
        errs.push(DNS1035_LABEL_MESSAGE.to_owned());
    }
    errs
}

/// Qualified name: label keys.
pub(crate) fn qualified_name(value: &str) -> Messages {
    let mut errs = Vec::new();
    let mut parts = value.split('/');
    let (prefix, name) = match (parts.next(), parts.next(), parts.next()) {
        (Some(name), None, _) => (None, name),
        (Some(prefix), Some(name), None) => (Some(prefix), name),
        _ => {
            errs.push(format!(
                "a valid label key {QUALIFIED_NAME_PART} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
            ));
            return errs;
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
    errs
}

/// Label values.
pub(crate) fn label_value(value: &str) -> Messages {
    let mut errs = Vec::new();
    if value.len() > LABEL_VALUE_MAX {
        errs.push(max_bytes(LABEL_VALUE_MAX));
    }
    if !value.is_empty() && !matches_qualified_name_part(value) {
        errs.push(LABEL_VALUE_MESSAGE.to_owned());
    }
    errs
}

/// IANA service name: container port names and named target ports.
pub(crate) fn port_name(value: &str) -> Messages {
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
    errs
}

/// Port numbers.
pub(crate) fn port_number(port: i64) -> Messages {
    if (1..=65535).contains(&port) {
        Vec::new()
    } else {
        vec!["must be between 1 and 65535, inclusive".to_owned()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    type Check = fn(&str) -> Messages;

    /// The same vectors `kubelite`'s own name tests run, so the two copies of the rules agree.
    #[test]
    fn agrees_with_upstream_vectors() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/data/conformance/names.json"
        );
        let all: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let port_num: Check = |s| port_number(s.parse().unwrap());
        let checks: [(&str, Check); 7] = [
            ("dns1123_label", dns1123_label),
            ("dns1123_subdomain", dns1123_subdomain),
            ("dns1035_label", dns1035_label),
            ("qualified_name", qualified_name),
            ("label_value", label_value),
            ("port_name", port_name),
            ("port_number", port_num),
        ];
        let text = |v: &Value| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let mut ran = 0;
        for (category, check) in checks {
            let cat = &all[category];
            for v in cat["valid"].as_array().unwrap() {
                assert_eq!(check(&text(v)), Messages::new(), "{category}: {v}");
                ran += 1;
            }
            let invalid = cat["invalid"].as_array().unwrap();
            for (i, v) in invalid.iter().enumerate() {
                let got = check(&text(v));
                assert!(!got.is_empty(), "{category}: {v} should be invalid");
                if let Some(expected) = cat.get("invalidMessages") {
                    let expected: Vec<String> =
                        expected[i].as_array().unwrap().iter().map(text).collect();
                    assert_eq!(got, expected, "{category}: {v}");
                }
                ran += 1;
            }
        }
        assert!(ran > 100, "only {ran} cases ran");
    }
}
