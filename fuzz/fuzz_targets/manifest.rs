//! Manifest loading (YAML and JSON). Properties: loading never panics; what loads writes
//! back (YAML and JSON) to text that loads to the same objects, and writing those again gives
//! the same bytes; an apply that is refused leaves the cluster's dump unchanged.
#![no_main]

use kubelite::Cluster;
use kubelite::manifest::{from_json, from_yaml, to_yaml};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let loaded = from_yaml(text);
    assert_eq!(
        format!("{loaded:?}"),
        format!("{:?}", from_json(text)),
        "JSON is loaded by the YAML loader: the same answer"
    );
    if let Ok(objects) = &loaded {
        let yaml = to_yaml(objects).expect("loaded objects serialize");
        let again = from_yaml(&yaml).expect("written YAML loads again");
        assert_eq!(objects, &again, "YAML round trip changed the objects:\n{yaml}");
        assert_eq!(to_yaml(&again).expect("serialize"), yaml, "YAML writing is stable");
        for object in objects {
            let json = serde_json::to_string(object).expect("objects serialize as JSON");
            let back = from_json(&json).expect("written JSON loads again");
            assert_eq!(back.as_slice(), std::slice::from_ref(object), "JSON round trip: {json}");
        }
    }

    let cluster = Cluster::new();
    let before = cluster.dump_yaml();
    if cluster.apply_yaml(text).is_err() {
        assert_eq!(cluster.dump_yaml(), before, "a refused apply changed the cluster");
    }
});
