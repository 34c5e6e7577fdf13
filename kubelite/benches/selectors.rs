//! Selector matching, parsing and conversion: kubelite next to kube-core.
//!
//! kube-core has no string parser, so its "parse" column builds the same selector from
//! `Expression`s, and its matching goes through the sealed `SelectorExt` over a `BTreeMap`.
//! Run with `cargo bench -p kubelite --bench selectors`; wall-clock figures on a shared
//! machine are a guide, not a gate.

use std::collections::{BTreeMap, BTreeSet};

use divan::{Bencher, black_box};
use k8s_openapi::apimachinery::pkg::apis::meta::v1 as k8s;
use kube_core::{Expression, SelectorExt};
use kubelite::labels::{LabelSelector, LabelSelectorRequirement, Labels, Selector};

fn main() {
    divan::main();
}

/// `app=web,tier in (frontend,backend),!canary`.
const SELECTOR: &str = "app=web,tier in (frontend,backend),!canary";

/// A Deployment's pod: six labels.
fn pod(app: &str, tier: &str) -> BTreeMap<String, String> {
    [
        ("app", app),
        ("tier", tier),
        ("pod-template-hash", "7d4b9c8f5"),
        ("app.kubernetes.io/version", "1.2.3"),
        ("env", "prod"),
        ("team", "payments"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

fn kube_core_selector() -> kube_core::Selector {
    [
        Expression::Equal("app".into(), "web".into()),
        Expression::In(
            "tier".into(),
            BTreeSet::from(["frontend".into(), "backend".into()]),
        ),
        Expression::DoesNotExist("canary".into()),
    ]
    .into_iter()
    .collect()
}

/// The matching pod, one that fails on `tier` (the last key either side looks up) and one
/// that fails on `app` (the first).
const PODS: [(&str, &str); 3] = [("web", "frontend"), ("web", "db"), ("api", "frontend")];

/// Matching the same label set again and again, as a cluster does: a pod's labels are checked
/// against every Service, ReplicaSet and NetworkPolicy selector. Both sides match twice before
/// the timing: kubelite's second match of a label set computes its fingerprints, a one-off
/// that `matching_second` measures (and that, inside the first sample, would throw off divan's
/// choice of iterations per sample); `matching_cold` measures the first match.
mod matching {
    use super::*;

    #[divan::bench(args = PODS)]
    fn kubelite(bencher: Bencher, (app, tier): (&str, &str)) {
        let selector: Selector = SELECTOR.parse().expect("valid selector");
        let labels = Labels::from(pod(app, tier));
        for _ in 0..2 {
            assert_eq!(
                selector.matches(&labels),
                (app, tier) == ("web", "frontend")
            );
        }
        bencher.bench_local(|| black_box(&selector).matches(black_box(&labels)));
    }

    #[divan::bench(args = PODS)]
    fn kube_core(bencher: Bencher, (app, tier): (&str, &str)) {
        let selector = kube_core_selector();
        let labels = pod(app, tier);
        for _ in 0..2 {
            assert_eq!(
                selector.matches(&labels),
                (app, tier) == ("web", "frontend")
            );
        }
        bencher.bench_local(|| black_box(&selector).matches(black_box(&labels)));
    }
}

/// The first match of a label set: every iteration gets a label set never matched before
/// (built outside the timing, for both); kubelite walks the strings.
mod matching_cold {
    use super::*;

    #[divan::bench(args = PODS)]
    fn kubelite(bencher: Bencher, (app, tier): (&str, &str)) {
        let selector: Selector = SELECTOR.parse().expect("valid selector");
        bencher
            .with_inputs(|| Labels::from(pod(app, tier)))
            .bench_local_refs(|labels| black_box(&selector).matches(black_box(labels)));
    }

    #[divan::bench(args = PODS)]
    fn kube_core(bencher: Bencher, (app, tier): (&str, &str)) {
        let selector = kube_core_selector();
        bencher
            .with_inputs(|| pod(app, tier))
            .bench_local_refs(|labels| black_box(&selector).matches(black_box(labels)));
    }
}

/// The second match of a label set, which for kubelite includes computing its fingerprints:
/// every iteration gets a label set matched once before (outside the timing, for both).
mod matching_second {
    use super::*;

    #[divan::bench(args = PODS)]
    fn kubelite(bencher: Bencher, (app, tier): (&str, &str)) {
        let selector: Selector = SELECTOR.parse().expect("valid selector");
        bencher
            .with_inputs(|| {
                let labels = Labels::from(pod(app, tier));
                black_box(selector.matches(&labels));
                labels
            })
            .bench_local_refs(|labels| black_box(&selector).matches(black_box(labels)));
    }

    #[divan::bench(args = PODS)]
    fn kube_core(bencher: Bencher, (app, tier): (&str, &str)) {
        let selector = kube_core_selector();
        bencher
            .with_inputs(|| {
                let labels = pod(app, tier);
                black_box(selector.matches(&labels));
                labels
            })
            .bench_local_refs(|labels| black_box(&selector).matches(black_box(labels)));
    }
}

const STRINGS: [&str; 3] = [
    "app=web",
    SELECTOR,
    "environment in (production, qa), tier notin (frontend, backend), partition, !canary, replicas>2",
];

mod parsing {
    use super::*;

    #[divan::bench(args = STRINGS)]
    fn kubelite(bencher: Bencher, input: &str) {
        bencher.bench_local(|| Selector::parse(black_box(input)));
    }

    /// No parser: builds the middle string's selector from expressions.
    #[divan::bench]
    fn kube_core_build_from_expressions(bencher: Bencher) {
        bencher.bench_local(kube_core_selector);
    }
}

mod label_selector_conversion {
    use super::*;

    #[divan::bench]
    fn kubelite(bencher: Bencher) {
        let object = LabelSelector::match_labels([("app", "web")])
            .expression(LabelSelectorRequirement::in_values(
                "tier",
                ["frontend", "backend"],
            ))
            .expression(LabelSelectorRequirement::does_not_exist("canary"));
        bencher.bench_local(|| black_box(&object).to_selector());
    }

    #[divan::bench]
    fn kube_core(bencher: Bencher) {
        let object = k8s::LabelSelector {
            match_labels: Some(BTreeMap::from([("app".into(), "web".into())])),
            match_expressions: Some(vec![
                k8s::LabelSelectorRequirement {
                    key: "tier".into(),
                    operator: "In".into(),
                    values: Some(vec!["frontend".into(), "backend".into()]),
                },
                k8s::LabelSelectorRequirement {
                    key: "canary".into(),
                    operator: "DoesNotExist".into(),
                    values: None,
                },
            ]),
        };
        // kube-core converts by value, so the clone is part of its cost here.
        bencher.bench_local(|| kube_core::Selector::try_from(black_box(&object).clone()));
    }
}
