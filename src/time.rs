//! [`UnixTime`]: the one type for a point in time (Unix seconds), used by webhook verification
//! and signing and by API error decoding. Durations (tolerance, delays) are
//! [`std::time::Duration`], so a tolerance and a time cannot be swapped in a call:
//!
//! ```compile_fail
//! use std::time::Duration;
//! use kinetic_flow_core::{webhook::verify, UnixTime};
//! let body = b"{}";
//! // now and tolerance swapped: does not compile (a Duration is not a UnixTime).
//! let now = UnixTime::from_secs(1_776_244_442);
//! let _ = verify(body, "t=1,v1=00", &["whsec_a"], Duration::from_secs(300), now);
//! ```
//!
//! ```compile_fail
//! use std::time::Duration;
//! use kinetic_flow_core::webhook::verify;
//! // A bare integer is not a time (seconds or milliseconds?): write UnixTime::from_secs(n).
//! let _ = verify(b"{}", "t=1,v1=00", &["whsec_a"], 1_776_244_442, Duration::from_secs(300));
//! ```
//!
//! ```
//! use std::time::Duration;
//! use kinetic_flow_core::{webhook::verify, UnixTime};
//! let now = UnixTime::from_secs(1_776_244_442);
//! let err = verify(b"{}", "t=1", &["whsec_a"], now, Duration::from_secs(300)).unwrap_err();
//! assert_eq!(err.code(), "malformed_signature_header");
//! ```
//!
//! The core never reads the clock: the caller passes `now` ([`UnixTime::now`] with the `clock`
//! feature, or a conversion from [`SystemTime`]).

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A point in time as whole seconds since the Unix epoch (UTC), which is what the
/// `Kinetic-Signature` header's `t`, `Retry-After` dates and the API speak.
///
/// Built explicitly from seconds ([`UnixTime::from_secs`]), from a [`SystemTime`] (`TryFrom`) or
/// by parsing decimal seconds: a bare integer does not convert, so a millisecond count (such as
/// JavaScript's `Date.now()`) cannot slip in where a time belongs, and neither can a [`Duration`]
/// (a tolerance passed where the time belongs is a compile error). A verification error still
/// names milliseconds when `now` looks like them.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use kinetic_flow_core::UnixTime;
/// let t = UnixTime::from_secs(1_776_244_442);
/// assert_eq!(t.as_secs(), 1_776_244_442);
/// assert_eq!(UnixTime::try_from(UNIX_EPOCH + Duration::from_secs(5)), Ok(UnixTime::from_secs(5)));
/// assert_eq!(t.to_string(), "1776244442");
/// assert_eq!(t.abs_diff(UnixTime::from_secs(1_776_244_142)), Duration::from_secs(300));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct UnixTime(i64);

impl UnixTime {
    /// The epoch, 1970-01-01T00:00:00Z.
    pub const EPOCH: UnixTime = UnixTime(0);

    /// A time from Unix seconds.
    ///
    /// ```
    /// # use kinetic_flow_core::UnixTime;
    /// assert_eq!(UnixTime::from_secs(-1).as_secs(), -1);
    /// ```
    pub const fn from_secs(secs: i64) -> UnixTime {
        UnixTime(secs)
    }

    /// The Unix seconds.
    ///
    /// ```
    /// # use kinetic_flow_core::UnixTime;
    /// assert_eq!(UnixTime::EPOCH.as_secs(), 0);
    /// ```
    pub const fn as_secs(self) -> i64 {
        self.0
    }

    /// The distance between two times, whichever is later.
    ///
    /// ```
    /// # use kinetic_flow_core::UnixTime;
    /// # use std::time::Duration;
    /// let (a, b) = (UnixTime::from_secs(i64::MIN), UnixTime::from_secs(i64::MAX));
    /// assert_eq!(a.abs_diff(b), Duration::from_secs(u64::MAX));
    /// ```
    pub const fn abs_diff(self, other: UnixTime) -> Duration {
        Duration::from_secs(self.0.abs_diff(other.0))
    }

    /// The system clock's time (the `clock` feature; not on `wasm32-unknown-unknown`, where the
    /// host passes the time). A clock before 1970 gives negative seconds.
    ///
    /// ```
    /// # use kinetic_flow_core::UnixTime;
    /// assert!(UnixTime::now().as_secs() > 1_700_000_000);
    /// ```
    #[cfg(all(
        feature = "clock",
        not(all(target_arch = "wasm32", target_os = "unknown"))
    ))]
    #[cfg_attr(docsrs, doc(cfg(feature = "clock")))]
    pub fn now() -> UnixTime {
        match UnixTime::try_from(SystemTime::now()) {
            Ok(t) => t,
            Err(_) => UnixTime(i64::MIN),
        }
    }
}

impl std::ops::Add<Duration> for UnixTime {
    type Output = UnixTime;

    /// Whole seconds later (a fraction of a second is dropped); saturates at the end of `i64`.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use kinetic_flow_core::UnixTime;
    /// assert_eq!(UnixTime::from_secs(10) + Duration::from_millis(2500), UnixTime::from_secs(12));
    /// ```
    fn add(self, d: Duration) -> UnixTime {
        let secs = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
        UnixTime(self.0.saturating_add(secs))
    }
}

impl std::ops::Sub<Duration> for UnixTime {
    type Output = UnixTime;

    /// Whole seconds earlier (a fraction of a second is dropped); saturates at the start of
    /// `i64`.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use kinetic_flow_core::UnixTime;
    /// assert_eq!(UnixTime::from_secs(10) - Duration::from_secs(20), UnixTime::from_secs(-10));
    /// ```
    fn sub(self, d: Duration) -> UnixTime {
        let secs = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
        UnixTime(self.0.saturating_sub(secs))
    }
}

impl From<UnixTime> for i64 {
    fn from(t: UnixTime) -> i64 {
        t.0
    }
}

/// A [`SystemTime`] too far from the epoch for `i64` seconds.
///
/// ```
/// use kinetic_flow_core::{time::OutOfRange, UnixTime};
/// let err: OutOfRange = "x".parse::<UnixTime>().unwrap_err();
/// assert_eq!(err.to_string(), "not a Unix time in seconds");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutOfRange;

impl fmt::Display for OutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a Unix time in seconds")
    }
}

impl std::error::Error for OutOfRange {}

impl TryFrom<SystemTime> for UnixTime {
    type Error = OutOfRange;

    /// Whole seconds, rounded toward the past.
    fn try_from(t: SystemTime) -> Result<UnixTime, OutOfRange> {
        match t.duration_since(UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_secs())
                .map(UnixTime)
                .map_err(|_| OutOfRange),
            Err(e) => {
                let before = e.duration();
                let secs = i64::try_from(before.as_secs()).map_err(|_| OutOfRange)?;
                let secs = if before.subsec_nanos() > 0 {
                    secs.checked_add(1).ok_or(OutOfRange)?
                } else {
                    secs
                };
                Ok(UnixTime(-secs))
            }
        }
    }
}

impl fmt::Display for UnixTime {
    /// The decimal seconds, as the header's `t` writes them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::str::FromStr for UnixTime {
    type Err = OutOfRange;

    /// Decimal seconds, an optional leading `-`.
    fn from_str(s: &str) -> Result<UnixTime, OutOfRange> {
        s.parse::<i64>().map(UnixTime).map_err(|_| OutOfRange)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_times_before_the_epoch_round_toward_the_past() {
        let t = UNIX_EPOCH - Duration::from_millis(1500);
        assert_eq!(UnixTime::try_from(t), Ok(UnixTime(-2)));
        let t = UNIX_EPOCH - Duration::from_secs(3);
        assert_eq!(UnixTime::try_from(t), Ok(UnixTime(-3)));
        let t = UNIX_EPOCH + Duration::from_millis(2999);
        assert_eq!(UnixTime::try_from(t), Ok(UnixTime(2)));
    }

    #[test]
    fn parses_and_prints_seconds() {
        assert_eq!("-42".parse(), Ok(UnixTime(-42)));
        assert_eq!("1e3".parse::<UnixTime>(), Err(OutOfRange));
        assert_eq!(UnixTime(-42).to_string(), "-42");
    }
}
