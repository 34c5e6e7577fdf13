//! The virtual clock: time moves only when [`Cluster::advance`](crate::Cluster::advance) says
//! so, and every timestamp, delay and timeout reads it.

use std::time::Duration;

use crate::meta::Time;

/// Virtual time: a fixed start plus the elapsed duration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Clock {
    start: Time,
    elapsed: Duration,
}

impl Clock {
    pub(crate) fn new(start: Time) -> Self {
        Clock {
            start,
            elapsed: Duration::ZERO,
        }
    }

    /// Time elapsed since the cluster started.
    pub(crate) fn elapsed(&self) -> Duration {
        self.elapsed
    }

    /// The current time, truncated to seconds as `metav1.Time` carries it.
    pub(crate) fn now(&self) -> Time {
        let secs = i64::try_from(self.elapsed.as_secs()).unwrap_or(i64::MAX);
        Time::from_unix_seconds(self.start.unix_seconds().saturating_add(secs))
    }

    /// Moves the clock forward to `elapsed` (never backward).
    pub(crate) fn set_elapsed(&mut self, elapsed: Duration) {
        if elapsed > self.elapsed {
            self.elapsed = elapsed;
        }
    }
}
