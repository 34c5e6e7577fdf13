//! Image references: the container name `kubectl create deployment` derives from an image,
//! and the tag the API server reads to default `imagePullPolicy`.

/// The alphabet of upstream's `utilrand.String` (no vowels, no `0 1 3`), used for the suffix.
const SUFFIX_ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// The container name `kubectl create deployment --image=IMAGE` gives a container: the last
/// `/` segment of the image, cut at the first `:` (tag) and then at `@` (digest).
///
/// If that contains `_` or `.`, kubectl replaces them with `-` and appends `-` and 5 random
/// characters to make the name unique. kubelite is deterministic, so its 5 characters are
/// derived from the image instead: an FNV-1a 64-bit hash of the whole image string, written
/// in upstream's alphabet `bcdfghjklmnpqrstvwxz2456789` (least significant digit first). The
/// suffix has upstream's shape and alphabet, and the same image always gets the same name.
///
/// ```
/// use kubelite::api::pod::container_name_from_image;
/// assert_eq!(container_name_from_image("k8s.gcr.io/echoserver:1.4"), "echoserver");
/// assert_eq!(container_name_from_image("docker.elastic.co/kibana/kibana:7.9.1"), "kibana");
/// assert_eq!(container_name_from_image("nginx@sha256:abc"), "nginx");
/// let n = container_name_from_image("quay.io/my_org/my_app.v2:1");
/// assert!(n.starts_with("my-app-v2-") && n.len() == "my-app-v2-".len() + 5);
/// ```
pub fn container_name_from_image(image: &str) -> String {
    let last = image.rsplit('/').next().unwrap_or(image);
    let name = last.split(':').next().unwrap_or(last);
    let name = name.split('@').next().unwrap_or(name);
    if name.contains(['_', '.']) {
        format!("{}-{}", name.replace(['_', '.'], "-"), suffix(image))
    } else {
        name.to_owned()
    }
}

fn suffix(image: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in image.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    let base = SUFFIX_ALPHABET.len() as u64;
    (0..5)
        .map(|_| {
            let digit = (hash % base) as usize;
            hash /= base;
            // digit < base = SUFFIX_ALPHABET.len(), by the modulo above.
            char::from(SUFFIX_ALPHABET.get(digit).copied().unwrap_or(b'x'))
        })
        .collect()
}

/// The `imagePullPolicy` the API server defaults for `image`: `Always` when the tag is
/// `latest` or the image has neither tag nor digest, else `IfNotPresent` (also for a reference
/// that does not parse, as upstream ignores the parse error and sees no tag).
///
/// ```
/// use kubelite::api::pod::default_image_pull_policy;
/// assert_eq!(default_image_pull_policy("nginx"), "Always");
/// assert_eq!(default_image_pull_policy("nginx:latest"), "Always");
/// assert_eq!(default_image_pull_policy("localhost:5000/nginx"), "Always");
/// assert_eq!(default_image_pull_policy("kibana:7.6.1"), "IfNotPresent");
/// assert_eq!(default_image_pull_policy("Nginx"), "IfNotPresent");
/// ```
pub fn default_image_pull_policy(image: &str) -> &'static str {
    match image_tag(image) {
        Some(tag) if tag == "latest" => "Always",
        _ => "IfNotPresent",
    }
}

/// The tag of a reference as `parsers.ParseImageName` reports it (`latest` when there is
/// neither tag nor digest, `""` for digest only), or `None` when the reference does not parse.
///
/// The grammar is docker's `distribution/reference` (lower-case path components, optional
/// `domain[:port]/` prefix, tag `[\w][\w.-]{0,127}`, digest `sha256|sha384|sha512:<hex>`);
/// IPv6 domains are not recognised.
fn image_tag(image: &str) -> Option<String> {
    let (name_tag, digest) = match image.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (image, None),
    };
    if let Some(d) = digest {
        valid_digest(d).then_some(())?;
    }
    let last_slash = name_tag.rfind('/');
    let (name, tag) = match name_tag.rfind(':') {
        Some(colon) if last_slash.is_none_or(|s| colon > s) => {
            (&name_tag[..colon], Some(&name_tag[colon + 1..]))
        }
        _ => (name_tag, None),
    };
    if let Some(t) = tag {
        valid_tag(t).then_some(())?;
    }
    valid_name(name).then_some(())?;
    Some(match (tag, digest) {
        (Some(t), _) => t.to_owned(),
        (None, Some(_)) => String::new(),
        (None, None) => "latest".to_owned(),
    })
}

fn valid_tag(tag: &str) -> bool {
    let b = tag.as_bytes();
    let word = |c: &u8| c.is_ascii_alphanumeric() || *c == b'_';
    b.first().is_some_and(word)
        && b.len() <= 128
        && b.iter().all(|c| word(c) || *c == b'.' || *c == b'-')
}

fn valid_digest(digest: &str) -> bool {
    let Some((algorithm, hex)) = digest.split_once(':') else {
        return false;
    };
    let len = match algorithm {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ => return false,
    };
    hex.len() == len && hex.bytes().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f'))
}

fn valid_name(name: &str) -> bool {
    if name.is_empty() || name.len() > 255 {
        return false;
    }
    // A bare 64-hex string is an image ID, which `ParseNormalizedNamed` refuses as a name.
    if name.len() == 64 && name.bytes().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f')) {
        return false;
    }
    let parts: Vec<&str> = name.split('/').collect();
    let path = match parts.as_slice() {
        [first, rest @ ..] if !rest.is_empty() && looks_like_domain(first) => {
            if !valid_domain(first) {
                return false;
            }
            rest
        }
        all => all,
    };
    path.iter().all(|p| valid_path_component(p))
}

/// docker's rule for telling a registry host from a first path component.
fn looks_like_domain(first: &str) -> bool {
    first.contains(['.', ':'])
        || first == "localhost"
        || first.bytes().any(|c| c.is_ascii_uppercase())
}

fn valid_domain(domain: &str) -> bool {
    let (host, port) = match domain.split_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (domain, None),
    };
    let label_ok = |l: &str| {
        let b = l.as_bytes();
        match (b.first(), b.last()) {
            (Some(f), Some(e)) => {
                f.is_ascii_alphanumeric()
                    && e.is_ascii_alphanumeric()
                    && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
            }
            _ => false,
        }
    };
    host.split('.').all(label_ok)
        && port.is_none_or(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()))
}

/// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`
fn valid_path_component(component: &str) -> bool {
    let alnum = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    component.chars().next().is_some_and(alnum)
        && component.chars().next_back().is_some_and(alnum)
        && component
            .split(alnum)
            .filter(|sep| !sep.is_empty())
            .all(|sep| matches!(sep, "." | "_" | "__") || sep.bytes().all(|c| c == b'-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_follow_the_reference_grammar() {
        let cases = [
            ("k8s.gcr.io/echoserver:1.4", Some("1.4")),
            ("yauritux/busybox-curl", Some("latest")),
            ("registry:5000/team/app", Some("latest")),
            ("registry:5000/team/app:v2", Some("v2")),
            (
                "nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000",
                Some(""),
            ),
            ("nginx@sha256:xyz", None),
            ("Nginx:1", None),
            ("nginx:", None),
            ("", None),
            ("a--b/c__d/e.f", Some("latest")),
            ("a._b", None),
        ];
        for (image, tag) in cases {
            assert_eq!(image_tag(image).as_deref(), tag, "{image}");
        }
    }

    #[test]
    fn suffix_is_stable_and_in_the_alphabet() {
        let a = container_name_from_image("repo/my_app:1");
        assert_eq!(a, container_name_from_image("repo/my_app:1"));
        assert_ne!(a, container_name_from_image("repo/my_app:2"));
        let s = &a["my-app-".len()..];
        assert!(s.bytes().all(|c| SUFFIX_ALPHABET.contains(&c)), "{a}");
    }
}
