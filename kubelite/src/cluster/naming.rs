//! Generated names as the API server and the controllers make them: `generateName` suffixes
//! and the Deployment controller's `pod-template-hash`.

use super::rng::Rng;

/// Upstream's alphabet for random name parts: no vowels (no accidental words) and no
/// `0`, `1`, `3` (look-alikes).
pub const ALPHANUMS: &[u8; 27] = b"bcdfghjklmnpqrstvwxz2456789";

/// Longest `generateName` base kept before the random suffix (63 − 5).
pub const MAX_GENERATED_BASE: usize = 58;

/// The 5 random characters the API server appends to a `generateName`.
pub fn random_suffix(rng: &mut Rng) -> String {
    (0..5)
        .map(|_| char::from(pick(rng.below(27) as usize)))
        .collect()
}

/// `generateName` → name: the base cut to 58 bytes, then 5 random characters.
///
/// ```
/// # use kubelite::cluster::naming::generate_name;
/// # use kubelite::cluster::Rng;
/// let name = generate_name("echo-minikube-5486cd5cd5-", &mut Rng::new(0));
/// assert_eq!(name.len(), "echo-minikube-5486cd5cd5-".len() + 5);
/// ```
pub fn generate_name(base: &str, rng: &mut Rng) -> String {
    let mut cut = base.len().min(MAX_GENERATED_BASE);
    while !base.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut name = String::with_capacity(cut + 5);
    name.push_str(&base[..cut]);
    // The suffix goes straight into the name: one allocation per generated name.
    for _ in 0..5 {
        name.push(char::from(pick(rng.below(27) as usize)));
    }
    name
}

/// The `generateName` a controller gives its pods: `<owner>-`, or `<owner>` when the dash
/// would make an invalid name prefix (upstream's `getPodsPrefix`).
pub fn pods_prefix(owner: &str) -> String {
    let prefix = format!("{owner}-");
    if crate::validation::NameRule::Dns1123Subdomain
        .check(&prefix, true)
        .is_ok()
    {
        prefix
    } else {
        owner.to_owned()
    }
}

/// 32-bit FNV-1a, the hash upstream uses for `pod-template-hash`.
pub fn fnv1a32(bytes: &[u8]) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for &b in bytes {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// Re-encodes each character of `s` into [`ALPHANUMS`] (upstream's `SafeEncodeString`), so
/// a decimal hash becomes a string of `456789bcdf` that can never spell a word.
pub fn safe_encode(s: &str) -> String {
    s.chars().map(|c| char::from(pick(c as usize))).collect()
}

/// `ALPHANUMS[n % len]`, without an index that could panic.
fn pick(n: usize) -> u8 {
    ALPHANUMS.get(n % ALPHANUMS.len()).copied().unwrap_or(b'x')
}

/// The `pod-template-hash` of a pod template: FNV-1a over a deterministic dump of it (here
/// its canonical JSON; upstream dumps the Go struct, so values differ from a real cluster's
/// but have the same alphabet and length), mixed with the collision count when set.
///
/// ```
/// # use kubelite::cluster::naming::template_hash;
/// let hash = template_hash(br#"{"spec":{}}"#, None);
/// assert!(hash.chars().all(|c| "456789bcdf".contains(c)));
/// ```
pub fn template_hash(template_dump: &[u8], collision_count: Option<i32>) -> String {
    let mut bytes = template_dump.to_vec();
    if let Some(count) = collision_count {
        // Upstream writes the count as a little-endian uint32 into an 8-byte buffer.
        let mut buf = [0u8; 8];
        buf[..4].copy_from_slice(&(count as u32).to_le_bytes());
        bytes.extend_from_slice(&buf);
    }
    safe_encode(&fnv1a32(&bytes).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_encode_maps_digits_as_upstream() {
        // 5486cd5cd5 is upstream's encoding of 1042781781.
        assert_eq!(safe_encode("1042781781"), "5486cd5cd5");
        assert_eq!(safe_encode("0123456789"), "456789bcdf");
    }

    #[test]
    fn fnv1a_matches_reference_values() {
        assert_eq!(fnv1a32(b""), 0x811c_9dc5);
        assert_eq!(fnv1a32(b"a"), 0xe40c_292c);
        assert_eq!(fnv1a32(b"foobar"), 0xbf9c_f968);
    }

    #[test]
    fn generated_names_truncate_the_base_to_58() {
        let base = "a".repeat(70);
        let name = generate_name(&base, &mut Rng::new(3));
        assert_eq!(name.len(), 63);
        assert!(name[58..].bytes().all(|b| ALPHANUMS.contains(&b)));
    }

    #[test]
    fn collision_count_changes_the_hash() {
        let dump = br#"{"metadata":{"labels":{"app":"web"}}}"#;
        assert_ne!(template_hash(dump, None), template_hash(dump, Some(1)));
        assert_eq!(template_hash(dump, Some(1)), template_hash(dump, Some(1)));
    }

    #[test]
    fn pods_prefix_keeps_the_dash_when_valid() {
        assert_eq!(
            pods_prefix("echo-minikube-5486cd5cd5"),
            "echo-minikube-5486cd5cd5-"
        );
    }
}
