//! kubectl's client-side output helpers: the `-o jsonpath` template language ([`jsonpath`]) and
//! the AGE column's duration formatting ([`human_duration`], [`short_human_duration`]).
//!
//! Both mirror upstream Go code byte for byte where the output is observable: client-go's
//! `util/jsonpath` and apimachinery's `pkg/util/duration`.

pub mod jsonpath;

mod duration;

pub use duration::{
    human_duration, human_duration_nanos, short_human_duration, short_human_duration_nanos,
};
