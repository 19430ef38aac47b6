//! Sending one API call, sans-I/O: retry or not, when, and what the answer means, with no HTTP
//! client.
//!
//! A [`Call`] holds one built [`HttpRequest`](crate::request::HttpRequest) and answers, for the
//! outcome of each attempt you made with it, what to do next ([`Step`]): the call is
//! [`Done`] (the resource: typed, e.g. a [`Payment`](crate::resource::Payment), for a call made
//! [`typed`](Call::typed), else the JSON body), or [`Retry`](Step::Retry) the **same request**
//! after a delay, or it [`Fail`](Step::Fail)s with a [`CallError`] that carries the attempts
//! made and the idempotency key used. You move the bytes and keep the clock (as with rustls,
//! quinn-proto or h11): the core never opens a socket, reads the time or draws a random number;
//! `now` and the jitter value are arguments.
//!
//! ```
//! use kinetic_flow_core::call::{Call, Outcome, Policy, Step};
//! use kinetic_flow_core::request::{Client, KeySource};
//! use kinetic_flow_core::resource::Payment;
//! use serde_json::json;
//! use kinetic_flow_core::UnixTime;
//!
//! let client = Client::new("sk_test_4eC39HqLyjWDarjtT1zdp7dc")?;
//! let request = client.build_create_payment(
//!     &json!({ "amount": 25000, "currency": "usd",
//!              "destination": { "routing_number": "021000021", "account_number": "000123457890" } }),
//!     KeySource::Given("pay_abc123"),
//! )?;
//! let mut call = Call::new(&client, request, Policy::default()).typed::<Payment>();
//!
//! // Attempt 1: the connection dropped. Wait, then send the very same request again.
//! let Step::Retry { after } = call.record(Outcome::NetworkError, UnixTime::from_secs(1_776_244_442), 0.5) else { panic!() };
//! assert_eq!(after.as_millis(), 250); // 0.5 (the jitter argument) * 500 ms
//!
//! // Attempt 2: the payment, read as a `Payment`.
//! let body = br#"{"id":"pay_1a2b3c4d","object":"payment","status":"completed","amount":25000,
//!   "currency":"usd","rail":"fednow"}"#;
//! let headers = [("Request-Id", "req_42")];
//! let Step::Done(done) = call.record(Outcome::response(201, body, &headers), UnixTime::from_secs(1_776_244_443), 0.5) else { panic!() };
//! assert_eq!((done.resource.id.as_str(), done.resource.status.as_str()), ("pay_1a2b3c4d", "completed"));
//! assert_eq!((done.attempts, done.request_id.as_deref()), (2, Some("req_42")));
//! assert_eq!(done.idempotency_key.as_deref(), Some("pay_abc123"));
//! # Ok::<(), kinetic_flow_core::request::RequestError>(())
//! ```
//!
//! The rules, each taken from the module that owns it:
//!
//! - **One request, one key**: the request is built once, so its bytes and its `Idempotency-Key`
//!   are the same on every attempt; a retry can never create a second payment.
//! - **Retried**: network failures and per-attempt timeouts (the request may or may not have
//!   arrived: the key makes the retry safe), 429 and 5xx, and a 2xx whose body is not JSON
//!   (`invalid_response`), as [`Client::parse_response`](crate::request::Client::parse_response)
//!   and [`api_error::decode`](crate::api_error::decode) classify them. A typed call reads a 2xx
//!   with [`Client::parse_response_as`](crate::request::Client::parse_response_as): JSON that is
//!   not the resource fails the call (`invalid_response`, not retried: the request took effect).
//! - **Never retried**: other 4xx (409 `idempotency_conflict` included) and a caller's abort.
//! - **When**: [`api_error::retry_delay`](crate::api_error::retry_delay) (capped exponential
//!   backoff, full jitter, never below `Retry-After`), at most
//!   [`Policy::max_network_retries`] retries. A `Retry-After` longer than
//!   [`Policy::max_wait`] is not waited out: the call fails with that error, which says how
//!   long to wait, and can be retried later with the same key.

mod driver;
mod outcome;

pub use driver::Call;
pub use outcome::{CallError, Done, Failure, Outcome, Step};

use std::time::Duration;

use crate::api_error::RetryPolicy;
use crate::digits::num;
use crate::text::cat;

/// Retries after the first attempt, by default (the npm package's `maxNetworkRetries` 2).
pub const DEFAULT_MAX_NETWORK_RETRIES: u32 = 2;

/// The most retries a [`Policy`] allows.
pub const MAX_NETWORK_RETRIES: u32 = 10;

/// Per-attempt timeout, by default: 30 s.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The longest per-attempt timeout a [`Policy`] allows (10 minutes).
pub const MAX_TIMEOUT: Duration = Duration::from_secs(600);

/// The longest wait before a retry that a call sits through by default.
pub const DEFAULT_MAX_WAIT: Duration = Duration::from_secs(60);

/// How a [`Call`] retries and how long each attempt may take.
///
/// ```
/// use std::time::Duration;
/// use kinetic_flow_core::call::Policy;
/// let p = Policy::default();
/// let s = Duration::from_secs;
/// assert_eq!((p.max_network_retries(), p.timeout(), p.max_wait()), (2, s(30), s(60)));
/// let p = Policy::default().with_max_network_retries(0)?.with_timeout(s(5))?;
/// assert_eq!((p.max_network_retries(), p.timeout()), (0, s(5)));
/// assert_eq!(Policy::default().with_max_network_retries(11).unwrap_err().code(), "invalid_option");
/// # Ok::<(), kinetic_flow_core::call::PolicyError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    retry: RetryPolicy,
    timeout: Duration,
    max_wait: Duration,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            retry: RetryPolicy {
                max_attempts: DEFAULT_MAX_NETWORK_RETRIES,
                ..RetryPolicy::default()
            },
            timeout: DEFAULT_TIMEOUT,
            max_wait: DEFAULT_MAX_WAIT,
        }
    }
}

/// An option of a [`Policy`] out of range; code `invalid_option`.
///
/// ```
/// use kinetic_flow_core::call::Policy;
/// let err = Policy::default().with_timeout(std::time::Duration::ZERO).unwrap_err();
/// assert_eq!((err.code(), err.param), ("invalid_option", "timeout"));
/// assert!(err.to_string().contains("1 to 600000"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    /// `maxNetworkRetries` or `timeout` (the names of the JS options).
    pub param: &'static str,
    /// What is wrong and the allowed range.
    pub message: String,
}

impl PolicyError {
    /// `"invalid_option"`.
    ///
    /// ```
    /// # use kinetic_flow_core::call::Policy;
    /// let err = Policy::default().with_max_network_retries(99).unwrap_err();
    /// assert_eq!((err.code(), err.param), ("invalid_option", "maxNetworkRetries"));
    /// ```
    pub fn code(&self) -> &'static str {
        "invalid_option"
    }

    /// The text `Display` writes, `invalid option <param>: <message>`, without `core::fmt`
    /// (the npm module's error message).
    ///
    /// ```
    /// # use kinetic_flow_core::call::Policy;
    /// let err = Policy::default().with_max_network_retries(99).unwrap_err();
    /// assert_eq!(err.message(), err.to_string());
    /// assert!(err.message().starts_with("invalid option maxNetworkRetries: "));
    /// ```
    pub fn message(&self) -> String {
        crate::text::cat(&["invalid option ", self.param, ": ", &self.message])
    }
}

impl std::fmt::Display for PolicyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for PolicyError {}

impl Policy {
    /// The policy with `max_network_retries` retries after the first attempt (0 to
    /// [`MAX_NETWORK_RETRIES`]).
    ///
    /// ```
    /// # use kinetic_flow_core::call::Policy;
    /// let p = Policy::default().with_max_network_retries(0)?;
    /// assert_eq!(p.max_network_retries(), 0);
    /// assert!(Policy::default().with_max_network_retries(11).is_err());
    /// # Ok::<(), kinetic_flow_core::call::PolicyError>(())
    /// ```
    pub fn with_max_network_retries(mut self, n: u32) -> Result<Policy, PolicyError> {
        if n > MAX_NETWORK_RETRIES {
            return Err(PolicyError {
                param: "maxNetworkRetries",
                message: cat(&[
                    "must be a whole number from 0 to ",
                    &num(MAX_NETWORK_RETRIES.into()),
                    " (retries after the first attempt); got ",
                    &num(n.into()),
                    ".",
                ]),
            });
        }
        self.retry.max_attempts = n;
        Ok(self)
    }

    /// The policy with a per-attempt `timeout` (1 ms to [`MAX_TIMEOUT`], whole milliseconds).
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use kinetic_flow_core::call::Policy;
    /// let p = Policy::default().with_timeout(Duration::from_secs(10))?;
    /// assert_eq!(p.timeout(), Duration::from_secs(10));
    /// assert!(Policy::default().with_timeout(Duration::from_micros(500)).is_err()); // under 1 ms
    /// # Ok::<(), kinetic_flow_core::call::PolicyError>(())
    /// ```
    pub fn with_timeout(mut self, timeout: Duration) -> Result<Policy, PolicyError> {
        let ms = timeout.as_millis();
        if !(1..=MAX_TIMEOUT.as_millis()).contains(&ms) {
            return Err(PolicyError {
                param: "timeout",
                message: cat(&[
                    "must be a whole number of milliseconds from 1 to ",
                    &millis(MAX_TIMEOUT),
                    " (per attempt); got ",
                    &millis(timeout),
                    ".",
                ]),
            });
        }
        self.timeout = Duration::from_millis(ms as u64);
        Ok(self)
    }

    /// The same policy with another backoff (base, cap; `max_attempts` is replaced by this
    /// policy's retries), e.g. for tests that should not wait.
    ///
    /// ```
    /// use kinetic_flow_core::api_error::RetryPolicy;
    /// use kinetic_flow_core::call::Policy;
    /// # use std::time::Duration;
    /// let ms = Duration::from_millis;
    /// let p = Policy::default().with_backoff(RetryPolicy::default().with_base(ms(10)).with_max(ms(40)));
    /// assert_eq!((p.retry_policy().base, p.retry_policy().max_attempts), (ms(10), 2));
    /// ```
    #[must_use]
    pub fn with_backoff(mut self, backoff: RetryPolicy) -> Policy {
        self.retry = RetryPolicy {
            max_attempts: self.retry.max_attempts,
            ..backoff
        };
        self
    }

    /// The same policy waiting at most `max_wait` before a retry (a longer `Retry-After` fails
    /// the call instead).
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use kinetic_flow_core::call::Policy;
    /// let p = Policy::default().with_max_wait(Duration::from_secs(5));
    /// assert_eq!(p.max_wait(), Duration::from_secs(5));
    /// ```
    #[must_use]
    pub fn with_max_wait(mut self, max_wait: Duration) -> Policy {
        self.max_wait = max_wait;
        self
    }

    /// Retries after the first attempt.
    ///
    /// ```
    /// # use kinetic_flow_core::call::{Policy, DEFAULT_MAX_NETWORK_RETRIES};
    /// assert_eq!(Policy::default().max_network_retries(), DEFAULT_MAX_NETWORK_RETRIES);
    /// ```
    pub fn max_network_retries(&self) -> u32 {
        self.retry.max_attempts
    }

    /// How long one attempt may take before it counts as a timeout.
    ///
    /// ```
    /// # use kinetic_flow_core::call::{Policy, DEFAULT_TIMEOUT};
    /// assert_eq!(Policy::default().timeout(), DEFAULT_TIMEOUT);
    /// ```
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The longest wait before a retry.
    ///
    /// ```
    /// # use kinetic_flow_core::call::{Policy, DEFAULT_MAX_WAIT};
    /// assert_eq!(Policy::default().max_wait(), DEFAULT_MAX_WAIT);
    /// ```
    pub fn max_wait(&self) -> Duration {
        self.max_wait
    }

    /// The backoff given to [`api_error::retry_delay`](crate::api_error::retry_delay).
    ///
    /// ```
    /// # use kinetic_flow_core::call::Policy;
    /// let p = Policy::default().with_max_network_retries(1)?;
    /// assert_eq!(p.retry_policy().max_attempts, 1); // the retries, as the backoff counts them
    /// # Ok::<(), kinetic_flow_core::call::PolicyError>(())
    /// ```
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }
}

/// A duration's whole milliseconds, as `{}` of `as_millis()` (a `u128`) writes them: the seconds,
/// then the milliseconds in three digits. Written so because the `u128` formatter would be linked
/// into the wasm package for this one message (and without `core::fmt`, as [`cat`]).
fn millis(d: Duration) -> String {
    let (secs, ms) = (d.as_secs(), d.subsec_millis());
    if secs == 0 {
        return num(ms.into());
    }
    let mut out = num(secs);
    let ms = num(ms.into());
    out.push_str("00".get(ms.len() - 1..).unwrap_or(""));
    out.push_str(&ms);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millis_are_written_as_as_millis() {
        for d in [
            Duration::ZERO,
            Duration::from_micros(999),
            Duration::from_millis(7),
            Duration::from_millis(1_000),
            Duration::from_millis(1_005),
            Duration::from_nanos(600_000_999_999),
            Duration::MAX,
        ] {
            assert_eq!(millis(d), d.as_millis().to_string());
        }
    }
}
