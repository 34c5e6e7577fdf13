//! kubectl's client-side output helpers, mirroring upstream Go code byte for byte where the
//! output is observable: the AGE column's duration formatting ([`human_duration`],
//! [`short_human_duration`]) from apimachinery's `pkg/util/duration`.

mod duration;

pub use duration::{
    human_duration, human_duration_nanos, short_human_duration, short_human_duration_nanos,
};
