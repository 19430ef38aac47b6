//! Retry advice: [`RetryPolicy`], [`retry_delay`] after a response, [`backoff_delay`] after a
//! failure without one.

use super::*;

/// How to back off between retries: capped exponential backoff with full jitter.
///
/// `Default` is `base_ms: 500, max_ms: 20_000, max_attempts: 3`: three retries, whose jitter
/// ceilings are 0.5 s, 1 s and 2 s, so a burst of failures costs at most ~3.5 s of waiting on
/// top of any `Retry-After` (short enough to sit inside a user-facing request), while a
/// `max_ms` of 20 s lets a caller who raises `max_attempts` back off for real during an outage.
/// Retrying a payment is safe only with the same idempotency key, which the request builders
/// always send.
///
/// ```
/// use kinetic_flow_core::api_error::RetryPolicy;
/// let p = RetryPolicy::default();
/// # use std::time::Duration;
/// assert_eq!((p.base, p.max, p.max_attempts), (Duration::from_millis(500), Duration::from_secs(20), 3));
/// let p = RetryPolicy::default().with_base(Duration::from_millis(100)).with_max_attempts(6);
/// assert_eq!((p.base, p.max_attempts), (Duration::from_millis(100), 6));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Ceiling of the first retry's delay; doubled for each later retry (whole milliseconds).
    pub base: Duration,
    /// The largest backoff ceiling (`Retry-After` may still ask for longer).
    pub max: Duration,
    /// How many retries at most (not counting the first request).
    pub max_attempts: u32,
}

impl RetryPolicy {
    /// The policy with another first-retry ceiling.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use kinetic_flow_core::api_error::RetryPolicy;
    /// let p = RetryPolicy::default().with_base(Duration::from_secs(1));
    /// assert_eq!(p.base, Duration::from_secs(1));
    /// ```
    #[must_use]
    pub const fn with_base(mut self, base: Duration) -> RetryPolicy {
        self.base = base;
        self
    }

    /// The policy with another largest ceiling.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use kinetic_flow_core::api_error::RetryPolicy;
    /// let p = RetryPolicy::default().with_max(Duration::from_secs(30));
    /// assert_eq!(p.max, Duration::from_secs(30));
    /// ```
    #[must_use]
    pub const fn with_max(mut self, max: Duration) -> RetryPolicy {
        self.max = max;
        self
    }

    /// The policy with another number of retries at most.
    ///
    /// ```
    /// # use kinetic_flow_core::api_error::RetryPolicy;
    /// assert_eq!(RetryPolicy::default().with_max_attempts(5).max_attempts, 5);
    /// ```
    #[must_use]
    pub const fn with_max_attempts(mut self, max_attempts: u32) -> RetryPolicy {
        self.max_attempts = max_attempts;
        self
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            base: Duration::from_millis(500),
            max: Duration::from_secs(20),
            max_attempts: 3,
        }
    }
}

/// How long to wait before retry number `attempt` (whole milliseconds), or `None` to stop.
///
/// `attempt` counts retries from 1: after the first request fails, pass `1` for the wait
/// before the first retry; after that retry fails, pass `2`, and so on. `0` is treated as `1`.
/// Returns `None` when the error is not retryable or `attempt > policy.max_attempts` (so a
/// request is sent at most `1 + max_attempts` times).
///
/// Otherwise the delay is `floor(random * min(max_ms, base_ms * 2^(attempt-1)))` ("full
/// jitter"), raised to at least `retry_after * 1000`. `random` is a uniform value in `[0, 1)`
/// from the caller (e.g. `Math.random()`); values below 0 or NaN count as 0, values of 1 or
/// more as the largest value below 1. All arithmetic saturates.
///
/// ```
/// use kinetic_flow_core::api_error::{decode, retry_delay, RetryPolicy};
/// use kinetic_flow_core::UnixTime;
/// let policy = RetryPolicy::default();
/// let e = decode(503, b"", &[], UnixTime::EPOCH).unwrap();
/// let ms = |n| Some(std::time::Duration::from_millis(n));
/// assert_eq!(retry_delay(1, &e, &policy, 0.5), ms(250));   // 0.5 * 500
/// assert_eq!(retry_delay(3, &e, &policy, 0.5), ms(1_000)); // 0.5 * 2000
/// assert_eq!(retry_delay(4, &e, &policy, 0.5), None);      // out of attempts
///
/// let e = decode(429, b"", &[("Retry-After", "3")], UnixTime::EPOCH).unwrap();
/// assert_eq!(retry_delay(1, &e, &policy, 0.1), ms(3_000)); // never below Retry-After
///
/// let e = decode(400, b"", &[], UnixTime::EPOCH).unwrap();
/// assert_eq!(retry_delay(1, &e, &policy, 0.5), None);        // not retryable
/// ```
pub fn retry_delay(
    attempt: u32,
    error: &ApiError,
    policy: &RetryPolicy,
    random: f64,
) -> Option<Duration> {
    if !error.retryable {
        return None;
    }
    backoff_delay(attempt, error.retry_after, policy, random)
}

/// [`retry_delay`] for a failure that is retryable by nature and has no response to decode
/// (a network failure, a timeout): the same backoff, the same attempt limit, and at least
/// `retry_after` when the caller has one. `None` once attempts run out.
///
/// ```
/// use kinetic_flow_core::api_error::{backoff_delay, RetryPolicy};
/// let policy = RetryPolicy::default();
/// # use std::time::Duration;
/// let ms = |n| Some(Duration::from_millis(n));
/// assert_eq!(backoff_delay(2, None, &policy, 0.5), ms(500));   // 0.5 * 1000
/// assert_eq!(backoff_delay(1, Some(Duration::from_secs(2)), &policy, 0.5), ms(2_000));
/// assert_eq!(backoff_delay(4, None, &policy, 0.5), None);
/// ```
pub fn backoff_delay(
    attempt: u32,
    retry_after: Option<Duration>,
    policy: &RetryPolicy,
    random: f64,
) -> Option<Duration> {
    let attempt = attempt.max(1);
    if attempt > policy.max_attempts {
        return None;
    }
    let growth = 2u64.checked_pow(attempt - 1).unwrap_or(u64::MAX);
    let as_ms = |d: Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
    let ceiling = as_ms(policy.base)
        .saturating_mul(growth)
        .min(as_ms(policy.max));
    let random = if random.is_nan() || random < 0.0 {
        0.0
    } else if random >= 1.0 {
        1.0 - f64::EPSILON / 2.0 // the largest f64 below 1
    } else {
        random
    };
    // `as` from f64 to u64 truncates toward zero and saturates; the min guards rounding up.
    let jittered = ((random * ceiling as f64) as u64).min(ceiling);
    let floor = retry_after.map_or(0, as_ms);
    Some(Duration::from_millis(jittered.max(floor)))
}
