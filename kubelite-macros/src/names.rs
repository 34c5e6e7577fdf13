//! The name and label rules the macro checks at compile time: kubelite's own
//! (`kubelite-rules`, the code `kubelite::validation` runs), as lists of upstream's messages.

use kubelite_rules::names as rules;

/// Upstream's messages for a value, in upstream's order; empty when valid.
pub(crate) type Messages = Vec<String>;

fn messages(result: Result<(), rules::NameError>) -> Messages {
    result
        .err()
        .map(|e| e.messages().to_vec())
        .unwrap_or_default()
}

/// `IsDNS1123Label`: namespace, host and Service port names.
pub(crate) fn dns1123_label(value: &str) -> Messages {
    messages(rules::is_dns1123_label(value))
}

/// `IsDNS1123Subdomain`: most object names.
pub(crate) fn dns1123_subdomain(value: &str) -> Messages {
    messages(rules::is_dns1123_subdomain(value))
}

/// `IsDNS1035Label`: Service names.
pub(crate) fn dns1035_label(value: &str) -> Messages {
    messages(rules::is_dns1035_label(value))
}

/// `IsQualifiedName`: label keys.
pub(crate) fn qualified_name(value: &str) -> Messages {
    messages(rules::is_qualified_name(value))
}

/// `IsValidLabelValue`.
pub(crate) fn label_value(value: &str) -> Messages {
    messages(rules::is_valid_label_value(value))
}

/// `IsValidPortName`: container port names.
pub(crate) fn port_name(value: &str) -> Messages {
    messages(rules::is_valid_port_name(value))
}

/// `IsValidPortNum`.
pub(crate) fn port_number(port: i64) -> Messages {
    messages(rules::is_valid_port_num(port))
}
