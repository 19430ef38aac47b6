//! The state machine of one call: one request, attempts counted, each outcome answered.

use std::fmt;
use std::marker::PhantomData;

use serde_json::Value;

use crate::api_error::{self, ApiError};
use crate::request::{Client, HttpRequest};
use crate::resource::Resource;
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
/// `T` is what [`Done::resource`] holds: the JSON body (`Value`, a call from [`Call::new`]), or
/// the typed resource ([`Payment`](crate::resource::Payment), [`Refund`](crate::resource::Refund),
/// ..., a call made [`typed`](Call::typed)), read as
/// [`Client::parse_response_as`] reads it.
///
/// ```
/// use kinetic_flow_core::call::{Call, Outcome, Policy, Step};
/// use kinetic_flow_core::request::{Client, KeySource};
/// use kinetic_flow_core::UnixTime;
/// let client = Client::new("sk_test_abc")?;
/// let request = client.build_create_refund(&serde_json::json!({ "payment": "pay_1" }), KeySource::Given("re-1"))?;
/// let mut call = Call::new(&client, request, Policy::default());
/// let conflict = br#"{"error":{"code":"idempotency_conflict","message":"Key re-1 was used with another body."}}"#;
/// let Step::Fail(err) = call.record(Outcome::response(409, conflict, &[]), UnixTime::EPOCH, 0.9) else { panic!() };
/// assert_eq!((err.code(), err.attempts), ("idempotency_conflict", 1)); // never retried
/// assert!(!format!("{call:?}").contains("sk_test_abc"));
/// # Ok::<(), kinetic_flow_core::request::RequestError>(())
/// ```
pub struct Call<T = Value> {
    client: Client,
    request: HttpRequest,
    policy: Policy,
    attempts: u32,
    finished: bool,
    last_request_id: Option<String>,
    resource: PhantomData<fn() -> T>,
}

// By hand: a derive would ask `T: Clone`, which a call does not hold.
impl<T> Clone for Call<T> {
    fn clone(&self) -> Self {
        Call {
            client: self.client.clone(),
            request: self.request.clone(),
            policy: self.policy,
            attempts: self.attempts,
            finished: self.finished,
            last_request_id: self.last_request_id.clone(),
            resource: PhantomData,
        }
    }
}

impl<T> fmt::Debug for Call<T> {
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
    /// A call that will send `request` (built by `client`, whose key redacts error texts),
    /// answering with the JSON body; [`typed`](Call::typed) makes it answer with the resource.
    pub fn new(client: &Client, request: HttpRequest, policy: Policy) -> Call {
        Call {
            client: client.clone(),
            request,
            policy,
            attempts: 0,
            finished: false,
            last_request_id: None,
            resource: PhantomData,
        }
    }

    /// The same call, answering with the typed resource `T` that its request returns
    /// ([`Payment`](crate::resource::Payment) for `build_create_payment` and
    /// `build_retrieve_payment`, [`Refund`](crate::resource::Refund),
    /// [`Token`](crate::resource::Token), [`Event`](crate::event::Event) for
    /// `build_retrieve_event`).
    ///
    /// A 2xx is read by [`Client::parse_response_as`]: a body that is JSON but not a `T` (another
    /// `object`, a field missing, a malformed id) fails the call with `invalid_response`, not
    /// retried (the request took effect; a retry would get the same answer).
    ///
    /// ```
    /// use kinetic_flow_core::call::{Call, Outcome, Policy, Step};
    /// use kinetic_flow_core::request::Client;
    /// use kinetic_flow_core::resource::Payment;
    /// use kinetic_flow_core::UnixTime;
    /// let client = Client::new("sk_test_abc")?;
    /// let request = client.build_retrieve_payment("pay_1a2b3c4d")?;
    /// let mut call = Call::new(&client, request, Policy::default()).typed::<Payment>();
    /// let body = br#"{"id":"pay_1a2b3c4d","object":"payment","status":"completed","amount":25000,"currency":"usd"}"#;
    /// let Step::Done(done) = call.record(Outcome::response(200, body, &[]), UnixTime::EPOCH, 0.5) else { panic!() };
    /// let payment: Payment = done.resource;
    /// assert_eq!((payment.id.as_str(), payment.amount), ("pay_1a2b3c4d", 25_000));
    ///
    /// // A 2xx that is not a payment: the call fails at once, saying so.
    /// let mut call = Call::new(&client, client.build_retrieve_payment("pay_1")?, Policy::default()).typed::<Payment>();
    /// let Step::Fail(err) = call.record(Outcome::response(200, br#"{"object":"refund"}"#, &[]), UnixTime::EPOCH, 0.5) else { panic!() };
    /// assert_eq!((err.code(), err.attempts, err.retry_later()), ("invalid_response", 1, false));
    /// # Ok::<(), kinetic_flow_core::request::RequestError>(())
    /// ```
    pub fn typed<T: Resource>(self) -> Call<T> {
        Call {
            client: self.client,
            request: self.request,
            policy: self.policy,
            attempts: self.attempts,
            finished: self.finished,
            last_request_id: self.last_request_id,
            resource: PhantomData,
        }
    }

    /// use kinetic_flow_core::UnixTime;
    /// Records the outcome of one attempt of [`request`](Call::request) and answers what to do;
    /// [`Done::resource`] is the JSON body ([`Client::parse_response`]).
    ///
    /// `now` (a [`UnixTime`], such as [`UnixTime::from_secs`]) reads a `Retry-After` HTTP-date;
    /// `jitter` is a uniform random value in `[0, 1)` (values outside are clamped) for the
    /// backoff. Never panics; once the call has finished, every further outcome gives `Fail`
    /// with code `call_finished`.
    ///
    /// ```
    /// use kinetic_flow_core::call::{Call, Outcome, Policy, Step};
    /// use kinetic_flow_core::request::Client;
    /// use kinetic_flow_core::UnixTime;
    /// let client = Client::new("sk_test_abc")?;
    /// let mut call = Call::new(&client, client.build_retrieve_event("evt_1")?, Policy::default());
    /// let Step::Done(done) = call.record(Outcome::response(200, br#"{"id":"evt_1"}"#, &[]), UnixTime::EPOCH, 0.5) else { panic!() };
    /// assert_eq!(done.resource["id"], "evt_1");
    /// # Ok::<(), kinetic_flow_core::request::RequestError>(())
    /// ```
    pub fn record(&mut self, outcome: Outcome<'_>, now: impl Into<UnixTime>, jitter: f64) -> Step {
        self.step(
            outcome,
            now.into(),
            jitter,
            |client, status, body, headers, now| client.parse_response(status, body, headers, now),
        )
    }
}

impl<T: Resource> Call<T> {
    /// Records the outcome of one attempt of [`request`](Call::request) and answers what to do;
    /// [`Done::resource`] is the typed `T` ([`Client::parse_response_as`]). `now` and `jitter`
    /// are as for the untyped call's `record`.
    ///
    /// ```
    /// use kinetic_flow_core::call::{Call, Outcome, Policy, Step};
    /// use kinetic_flow_core::request::{Client, KeySource};
    /// use kinetic_flow_core::resource::Refund;
    /// use kinetic_flow_core::UnixTime;
    /// let client = Client::new("sk_test_abc")?;
    /// let request = client.build_create_refund(&serde_json::json!({ "payment": "pay_1" }), KeySource::Given("re-1"))?;
    /// let mut call = Call::new(&client, request, Policy::default()).typed::<Refund>();
    /// assert!(matches!(call.record(Outcome::response(503, b"", &[]), UnixTime::EPOCH, 0.0), Step::Retry { .. }));
    /// let body = br#"{"id":"re_1","object":"refund","payment":"pay_1","amount":500,"currency":"usd","status":"pending"}"#;
    /// let Step::Done(done) = call.record(Outcome::response(200, body, &[]), UnixTime::EPOCH, 0.0) else { panic!() };
    /// assert_eq!((done.resource.id.as_str(), done.resource.payment.as_str(), done.attempts), ("re_1", "pay_1", 2));
    /// # Ok::<(), kinetic_flow_core::request::RequestError>(())
    /// ```
    pub fn record(
        &mut self,
        outcome: Outcome<'_>,
        now: impl Into<UnixTime>,
        jitter: f64,
    ) -> Step<T> {
        self.step(
            outcome,
            now.into(),
            jitter,
            |client, status, body, headers, now| {
                client.parse_response_as::<T>(status, body, headers, now)
            },
        )
    }
}

impl<T> Call<T> {
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

    /// One attempt's outcome, with `parse` reading a response into the resource or the error.
    fn step(
        &mut self,
        outcome: Outcome<'_>,
        now: UnixTime,
        jitter: f64,
        parse: impl FnOnce(&Client, u16, &[u8], &[(&str, &str)], UnixTime) -> Result<T, ApiError>,
    ) -> Step<T> {
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
                match parse(&self.client, status, body, headers, now) {
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

    fn fail(&mut self, failure: Failure) -> Step<T> {
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
