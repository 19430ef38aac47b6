//! The state machine of one call: one request, attempts counted, each outcome answered.

use std::fmt;

use crate::api_error;
use crate::request::{Client, HttpRequest};
use crate::UnixTime;

use super::outcome::{CallError, Done, Failure, Outcome, Step};
use super::Policy;

/// One API call: the request built once, and the attempts made with it.
///
/// Send [`request`](Call::request) (with [`timeout`](Call::timeout) per attempt), then
/// [`record`](Call::record) what happened; repeat while the answer is [`Step::Retry`]. Between
/// attempts, [`cancel`](Call::cancel) ends the call when the caller gives up. `Debug` never
/// shows the API key.
///
/// ```
/// use kinetic_flow_core::call::{Call, Outcome, Policy, Step};
/// use kinetic_flow_core::request::{Client, KeySource};
/// let client = Client::new("sk_test_abc")?;
/// let request = client.build_create_refund(&serde_json::json!({ "payment": "pay_1" }), KeySource::Given("re-1"))?;
/// let mut call = Call::new(&client, request, Policy::default());
/// let conflict = br#"{"error":{"code":"idempotency_conflict","message":"Key re-1 was used with another body."}}"#;
/// let Step::Fail(err) = call.record(Outcome::response(409, conflict, &[]), 0, 0.9) else { panic!() };
/// assert_eq!((err.code(), err.attempts), ("idempotency_conflict", 1)); // never retried
/// assert!(!format!("{call:?}").contains("sk_test_abc"));
/// # Ok::<(), kinetic_flow_core::request::RequestError>(())
/// ```
#[derive(Clone)]
pub struct Call {
    client: Client,
    request: HttpRequest,
    policy: Policy,
    attempts: u32,
    finished: bool,
    last_request_id: Option<String>,
}

impl fmt::Debug for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("request", &self.request)
            .field("policy", &self.policy)
            .field("attempts", &self.attempts)
            .field("finished", &self.finished)
            .finish()
    }
}

impl Call {
    /// A call that will send `request` (built by `client`, whose key redacts error texts).
    pub fn new(client: &Client, request: HttpRequest, policy: Policy) -> Call {
        Call {
            client: client.clone(),
            request,
            policy,
            attempts: 0,
            finished: false,
            last_request_id: None,
        }
    }

    /// The request to send, the same on every attempt.
    pub fn request(&self) -> &HttpRequest {
        &self.request
    }

    /// The per-attempt timeout.
    pub fn timeout(&self) -> std::time::Duration {
        self.policy.timeout()
    }

    /// The policy.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Attempts recorded so far.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Whether a [`Step::Done`] or [`Step::Fail`] was given.
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// The request's `Idempotency-Key` (POST only).
    pub fn idempotency_key(&self) -> Option<&str> {
        self.request.header("Idempotency-Key")
    }

    /// Records the outcome of one attempt of [`request`](Call::request) and answers what to do.
    ///
    /// `now` (a [`UnixTime`]; an `i64` of seconds converts) reads a `Retry-After` HTTP-date; `jitter` is a uniform random value
    /// in `[0, 1)` (values outside are clamped) for the backoff. Never panics; once the call
    /// has finished, every further outcome gives `Fail` with code `call_finished`.
    pub fn record(&mut self, outcome: Outcome<'_>, now: impl Into<UnixTime>, jitter: f64) -> Step {
        let now = now.into();
        if self.finished {
            return Step::Fail(self.error(Failure::Finished));
        }
        self.attempts = self.attempts.saturating_add(1);
        let retry = self.attempts; // retry number this failure would lead to
        let backoff = self.policy.retry_policy();
        match outcome {
            Outcome::Response {
                status,
                body,
                headers,
            } => {
                let request_id = api_error::request_id_header(headers);
                if request_id.is_some() {
                    self.last_request_id = request_id.clone();
                }
                match self.client.parse_response(status, body, headers, now) {
                    Ok(resource) => {
                        self.finished = true;
                        Step::Done(Done {
                            resource,
                            status,
                            request_id,
                            attempts: self.attempts,
                            idempotency_key: self.idempotency_key().map(str::to_owned),
                        })
                    }
                    Err(error) => {
                        if error.request_id.is_some() {
                            self.last_request_id = error.request_id.clone();
                        }
                        match api_error::retry_delay(retry, &error, backoff, jitter) {
                            Some(after) if after <= self.policy.max_wait() => Step::Retry { after },
                            _ => self.fail(Failure::Api(Box::new(error))),
                        }
                    }
                }
            }
            Outcome::NetworkError | Outcome::Timeout => {
                let timed_out = matches!(outcome, Outcome::Timeout);
                match api_error::backoff_delay(retry, None, backoff, jitter) {
                    Some(after) => Step::Retry { after },
                    None => self.fail(Failure::Connection { timed_out }),
                }
            }
            Outcome::Aborted => self.fail(Failure::Aborted),
        }
    }

    /// Ends the call between attempts (the caller aborted while waiting to retry): the
    /// `aborted` error, with the attempts made so far.
    pub fn cancel(&mut self) -> CallError {
        if self.finished {
            return self.error(Failure::Finished);
        }
        self.finished = true;
        self.error(Failure::Aborted)
    }

    fn fail(&mut self, failure: Failure) -> Step {
        self.finished = true;
        Step::Fail(self.error(failure))
    }

    fn error(&self, failure: Failure) -> CallError {
        let request_id = match &failure {
            Failure::Api(e) => e.request_id.clone(),
            _ => None,
        }
        .or_else(|| self.last_request_id.clone());
        CallError {
            failure,
            attempts: self.attempts,
            idempotency_key: self.idempotency_key().map(str::to_owned),
            request_id,
        }
    }
}
