//! What an attempt gave ([`Outcome`]) and what the driver answers ([`Step`], [`Done`],
//! [`CallError`]).

use std::fmt;

use serde_json::Value;

use crate::api_error::ApiError;
use crate::digits::num;
use crate::text::cat;

/// The outcome of one attempt, as the caller's HTTP client saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome<'a> {
    /// A whole response arrived (any status).
    Response {
        /// The HTTP status.
        status: u16,
        /// The body, as received.
        body: &'a [u8],
        /// `(name, value)` pairs; names are matched case-insensitively.
        headers: &'a [(&'a str, &'a str)],
    },
    /// The request or its response was lost on the way: refused or reset connection, DNS, TLS,
    /// a body cut off. It may or may not have reached the API.
    NetworkError,
    /// No whole response within the policy's per-attempt timeout; the attempt was abandoned.
    Timeout,
    /// The caller cancelled the attempt (an `AbortSignal`, a dropped future). Never retried.
    Aborted,
}

impl<'a> Outcome<'a> {
    /// A response outcome.
    ///
    /// ```
    /// use kinetic_flow_core::call::Outcome;
    /// let o = Outcome::response(503, b"", &[("Retry-After", "1")]);
    /// assert!(matches!(o, Outcome::Response { status: 503, .. }));
    /// ```
    pub fn response(status: u16, body: &'a [u8], headers: &'a [(&'a str, &'a str)]) -> Self {
        Outcome::Response {
            status,
            body,
            headers,
        }
    }
}

/// What to do after an attempt. `T` is the resource's type: the JSON body (`Value`), or the
/// typed resource of a [`Call::typed`](super::Call::typed) call.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Step<T = Value> {
    /// The call succeeded.
    Done(Done<T>),
    /// Wait `after`, then send the same request ([`Call::request`]) again.
    ///
    /// [`Call::request`]: super::Call::request
    Retry {
        /// How long to wait (whole milliseconds); never below the last response's `Retry-After`.
        after: std::time::Duration,
    },
    /// The call failed; nothing more will be sent.
    Fail(CallError),
}

/// A successful call: the resource and what the caller may want to log.
#[derive(Debug, Clone, PartialEq)]
pub struct Done<T = Value> {
    /// The 2xx response's body: parsed JSON for a [`Call::new`](super::Call::new) call, the
    /// typed resource (e.g. a [`Payment`](crate::resource::Payment)) for a
    /// [`typed`](super::Call::typed) one.
    pub resource: T,
    /// The HTTP status of the response.
    pub status: u16,
    /// The `Request-Id` of the response, to quote to support.
    pub request_id: Option<String>,
    /// Attempts made, the successful one included.
    pub attempts: u32,
    /// The `Idempotency-Key` sent (POST only).
    pub idempotency_key: Option<String>,
}

/// Why a call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Failure {
    /// The API's answer, decoded: not retryable (400, 401, 403, 404, 409, …), or retryable but
    /// out of attempts, or asking (`Retry-After`) for a wait longer than the policy allows.
    Api(Box<ApiError>),
    /// The last attempt had no response: a network failure, or a timeout when `timed_out`.
    Connection {
        /// The last attempt timed out (code `timeout`) rather than failed (`connection_failed`).
        timed_out: bool,
    },
    /// The caller aborted (code `aborted`).
    Aborted,
    /// An outcome was recorded for a call that had already finished (code `call_finished`): a
    /// bug in the caller's loop.
    Finished,
}

/// A failed call: the reason, the attempts made and the idempotency key used, so that the call
/// can be retried later, with the same key, without risk of a second payment.
///
/// Never contains the API key (API error texts that echo it are redacted by
/// [`Client::parse_response`](crate::request::Client::parse_response)).
///
/// ```
/// use kinetic_flow_core::call::{Call, Outcome, Policy, Step};
/// use kinetic_flow_core::request::Client;
/// use kinetic_flow_core::UnixTime;
/// let client = Client::new("sk_test_abc")?;
/// let request = client.build_retrieve_payment("pay_1")?;
/// let mut call = Call::new(&client, request, Policy::default().with_max_network_retries(0).unwrap());
/// let Step::Fail(err) = call.record(Outcome::Timeout, UnixTime::EPOCH, 0.0) else { panic!() };
/// assert_eq!((err.code(), err.attempts), ("timeout", 1));
/// assert!(err.to_string().contains("1 attempt"));
/// # Ok::<(), kinetic_flow_core::request::RequestError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallError {
    /// Why.
    pub failure: Failure,
    /// Attempts made (requests sent, or started).
    pub attempts: u32,
    /// The `Idempotency-Key` used (POST only): retry later with it.
    pub idempotency_key: Option<String>,
    /// The `Request-Id` of the last response received, if any attempt got one.
    pub request_id: Option<String>,
}

impl CallError {
    /// The stable code: the API error's code, or `connection_failed`, `timeout`, `aborted`,
    /// `call_finished`.
    pub fn code(&self) -> &str {
        match &self.failure {
            Failure::Api(e) => &e.code,
            Failure::Connection { timed_out: false } => "connection_failed",
            Failure::Connection { timed_out: true } => "timeout",
            Failure::Aborted => "aborted",
            Failure::Finished => "call_finished",
        }
    }

    /// The decoded API error, when the failure is one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match &self.failure {
            Failure::Api(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}

impl CallError {
    /// Whether the same call may succeed later: a retryable API error (out of attempts, or a
    /// long `Retry-After`), a connection failure or timeout, an abort. Retry it with
    /// [`idempotency_key`](CallError::idempotency_key): it cannot create a second payment.
    pub fn retry_later(&self) -> bool {
        match &self.failure {
            Failure::Api(e) => e.retryable,
            Failure::Connection { .. } | Failure::Aborted => true,
            Failure::Finished => false,
        }
    }

    /// The sentence that says how to retry later, when [`retry_later`](CallError::retry_later)
    /// holds: "after 3 attempts; retry later with idempotency key K: it cannot create a second
    /// payment".
    ///
    /// ```
    /// use kinetic_flow_core::call::{Call, Outcome, Policy, Step};
    /// use kinetic_flow_core::request::{Client, KeySource};
    /// use kinetic_flow_core::UnixTime;
    /// let client = Client::new("sk_test_abc")?;
    /// let req = client.build_create_refund(&serde_json::json!({ "payment": "pay_1" }), KeySource::Given("k1"))?;
    /// let mut call = Call::new(&client, req, Policy::default().with_max_network_retries(0).unwrap());
    /// let Step::Fail(err) = call.record(Outcome::NetworkError, UnixTime::EPOCH, 0.0) else { panic!() };
    /// assert_eq!(err.retry_hint().as_deref(),
    ///     Some("after 1 attempt; retry later with idempotency key k1: it cannot create a second payment"));
    /// # Ok::<(), kinetic_flow_core::request::RequestError>(())
    /// ```
    pub fn retry_hint(&self) -> Option<String> {
        if !self.retry_later() {
            return None;
        }
        let mut s = self.after_attempts();
        match &self.idempotency_key {
            Some(key) => {
                s.push_str("; retry later with idempotency key ");
                s.push_str(key);
                s.push_str(": it cannot create a second payment");
            }
            None => s.push_str("; it can be retried later"),
        }
        Some(s)
    }

    /// `after 2 attempts`.
    fn after_attempts(&self) -> String {
        let n = self.attempts;
        cat(&[
            "after ",
            &num(n.into()),
            if n == 1 { " attempt" } else { " attempts" },
        ])
    }

    /// The text `Display` writes, without `core::fmt` (the npm module's error messages).
    ///
    /// ```
    /// # use kinetic_flow_core::call::{Call, Policy};
    /// # use kinetic_flow_core::request::{Client, KeySource};
    /// # let client = Client::new("sk_test_abc")?;
    /// # let request = client.build_retrieve_payment("pay_1")?;
    /// let mut call = Call::new(&client, request, Policy::default());
    /// let err = call.cancel();
    /// assert_eq!(err.message(), err.to_string());
    /// # Ok::<(), kinetic_flow_core::request::RequestError>(())
    /// ```
    pub fn message(&self) -> String {
        let mut out = String::new();
        match &self.failure {
            // The API error itself (its message) is the `source()`, not repeated here.
            Failure::Api(e) => {
                out.push_str("the API answered HTTP ");
                out.push_str(&num(e.status.into()));
                out.push_str(" `");
                out.push_str(&e.code);
                out.push('`');
                if let Some(id) = &self.request_id {
                    out.push_str(", request ");
                    out.push_str(id);
                }
            }
            Failure::Connection { timed_out: true } => out.push_str(
                "the API did not answer within the timeout; the request may or may not have taken effect",
            ),
            Failure::Connection { timed_out: false } => out.push_str(
                "the request could not reach the API, or its response was lost; it may or may not have taken effect",
            ),
            Failure::Aborted => out.push_str("the call was aborted by the caller"),
            Failure::Finished => {
                return "this call has already finished: record outcomes only until a Done or Fail step"
                    .to_owned();
            }
        }
        out.push_str(" (");
        out.push_str(&self.retry_hint().unwrap_or_else(|| self.after_attempts()));
        out.push_str(").");
        out
    }
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for CallError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.failure {
            Failure::Api(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}
