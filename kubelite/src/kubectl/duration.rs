//! `HumanDuration` and `ShortHumanDuration` from apimachinery's `pkg/util/duration`, the
//! formatting behind kubectl's AGE column.
//!
//! Go's `time.Duration` is a signed count of nanoseconds, and the callers compute "now minus
//! creation time", which can come out negative when clocks disagree. The `_nanos` variants take
//! that signed count; the [`Duration`] variants convert and delegate.

use std::time::Duration;

const NANOS_PER_SECOND: i64 = 1_000_000_000;
const NANOS_PER_MINUTE: i64 = 60 * NANOS_PER_SECOND;
const NANOS_PER_HOUR: i64 = 60 * NANOS_PER_MINUTE;

/// Formats an elapsed time the way kubectl prints AGE: about two or three significant figures,
/// truncated, never rounded (`119s`, `2m1s`, `10m`, `3h1m`, `47h`, `2d1h`, `8d`, `2y1d`, `8y`).
///
/// A [`Duration`] longer than Go's `time.Duration` can hold (about 292 years) is clamped to
/// that maximum.
///
/// ```
/// use std::time::Duration;
/// use kubelite::kubectl::human_duration;
///
/// assert_eq!(human_duration(Duration::from_secs(70)), "70s");
/// assert_eq!(human_duration(Duration::from_secs(190)), "3m10s");
/// assert_eq!(human_duration(Duration::from_secs(49 * 3600)), "2d1h");
/// ```
pub fn human_duration(d: Duration) -> String {
    human_duration_nanos(saturating_nanos(d))
}

/// [`human_duration`] over a signed nanosecond count, as Go's `time.Duration`.
///
/// Up to one second in the future still prints `0s` (clock skew tolerance); anything further
/// prints `<invalid>`.
///
/// ```
/// use kubelite::kubectl::human_duration_nanos;
///
/// assert_eq!(human_duration_nanos(-1_999_999_999), "0s");
/// assert_eq!(human_duration_nanos(-2_000_000_000), "<invalid>");
/// ```
pub fn human_duration_nanos(d: i64) -> String {
    let seconds = go_seconds(d);
    if seconds < -1 {
        return "<invalid>".to_owned();
    } else if seconds < 0 {
        return "0s".to_owned();
    } else if seconds < 60 * 2 {
        return format!("{seconds}s");
    }
    let minutes = d / NANOS_PER_MINUTE;
    if minutes < 10 {
        let s = (d / NANOS_PER_SECOND) % 60;
        if s == 0 {
            return format!("{minutes}m");
        }
        return format!("{minutes}m{s}s");
    } else if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = d / NANOS_PER_HOUR;
    if hours < 8 {
        let m = (d / NANOS_PER_MINUTE) % 60;
        if m == 0 {
            return format!("{hours}h");
        }
        return format!("{hours}h{m}m");
    } else if hours < 48 {
        return format!("{hours}h");
    } else if hours < 24 * 8 {
        let h = hours % 24;
        if h == 0 {
            return format!("{}d", hours / 24);
        }
        return format!("{}d{h}h", hours / 24);
    } else if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    } else if hours < 24 * 365 * 8 {
        let dy = (hours / 24) % 365;
        if dy == 0 {
            return format!("{}y", hours / 24 / 365);
        }
        return format!("{}y{dy}d", hours / 24 / 365);
    }
    format!("{}y", hours / 24 / 365)
}

/// Formats an elapsed time with a single unit (`59s`, `1m`, `23h`, `364d`, `2y`), as
/// apimachinery's `ShortHumanDuration`.
///
/// ```
/// use std::time::Duration;
/// use kubelite::kubectl::short_human_duration;
///
/// assert_eq!(short_human_duration(Duration::from_secs(119)), "1m");
/// assert_eq!(short_human_duration(Duration::from_secs(86_400)), "1d");
/// ```
pub fn short_human_duration(d: Duration) -> String {
    short_human_duration_nanos(saturating_nanos(d))
}

/// [`short_human_duration`] over a signed nanosecond count, as Go's `time.Duration`.
///
/// ```
/// use kubelite::kubectl::short_human_duration_nanos;
///
/// assert_eq!(short_human_duration_nanos(-2_000_000_000), "<invalid>");
/// assert_eq!(short_human_duration_nanos(999_000_000), "0s");
/// ```
pub fn short_human_duration_nanos(d: i64) -> String {
    let seconds = go_seconds(d);
    if seconds < -1 {
        return "<invalid>".to_owned();
    } else if seconds < 0 {
        return "0s".to_owned();
    } else if seconds < 60 {
        return format!("{seconds}s");
    }
    let minutes = go_float_units(d, NANOS_PER_MINUTE) as i64;
    if minutes < 60 {
        return format!("{minutes}m");
    }
    let hours_f = go_float_units(d, NANOS_PER_HOUR);
    let hours = hours_f as i64;
    if hours < 24 {
        return format!("{hours}h");
    } else if hours < 24 * 365 {
        return format!("{}d", hours / 24);
    }
    // Upstream divides the float hours here, not the truncated integer.
    format!("{}y", (hours_f / 24.0 / 365.0) as i64)
}

/// `int(d.Seconds())`: Go computes the float seconds and truncates toward zero, and the
/// thresholds above depend on that (−1.9 s is "−1", so `0s`, not `<invalid>`).
fn go_seconds(d: i64) -> i64 {
    go_float_units(d, NANOS_PER_SECOND) as i64
}

/// Go's `Duration.Seconds/Minutes/Hours`: whole units plus the remainder as a fraction, in
/// that order, so the float rounding matches upstream.
fn go_float_units(d: i64, unit: i64) -> f64 {
    let whole = d / unit;
    let rest = d % unit;
    whole as f64 + rest as f64 / unit as f64
}

fn saturating_nanos(d: Duration) -> i64 {
    i64::try_from(d.as_nanos()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clamps_durations_beyond_go_range() {
        assert_eq!(human_duration(Duration::MAX), "292y");
        assert_eq!(short_human_duration(Duration::MAX), "292y");
    }

    #[test]
    fn duration_and_nanos_variants_agree() {
        for nanos in [0, 999_000_000, 121_000_000_000, 10_860_000_000_000] {
            let d = Duration::from_nanos(nanos as u64);
            assert_eq!(human_duration(d), human_duration_nanos(nanos));
            assert_eq!(short_human_duration(d), short_human_duration_nanos(nanos));
        }
    }
}
