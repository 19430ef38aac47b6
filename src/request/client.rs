//! [`Client`]: the key, the base URL and the rail limits; the payment and event builders and
//! the response helper.

use std::fmt;

use serde_json::Value;

use super::base_url::parse_base_url;
use super::{ApiKey, HttpRequest, Method, Mode, RequestError};
use crate::api_error::{self, ApiError};
use crate::id::check_id;
use crate::idempotency::{self, IdempotencyKey};
use crate::payment::{self, RailLimits, ValidationError};
use crate::resource::Resource;
use crate::{FieldError, UnixTime};

/// Where a POST's idempotency key comes from.
///
/// - `Given(key)`: your key (1 to 255 printable ASCII characters, else
///   `invalid_idempotency_key`), e.g. one from [`idempotency::derive`] so that a retry after a
///   crash reuses it. If the params also carry an `idempotency_key`, the two must be equal, else
///   `validation_failed` with an `invalid_idempotency_key` error on `idempotency_key` (the key
///   given twice with two values).
/// - `Random(bytes)`: 16 bytes from a CSPRNG (the core has no randomness of its own; JS fills
///   them from `crypto.getRandomValues`). If the params carry an `idempotency_key`, that key is
///   used and the bytes are ignored; otherwise the key is [`idempotency::generate`]`(bytes)`.
///
/// Retry a failed POST with the **same** built request (same key), never by building it again
/// with fresh random bytes: that would be a new payment.
///
/// ```
/// use kinetic_flow_core::request::{Client, KeySource};
/// let client = Client::new("sk_test_abc")?;
/// let params = serde_json::json!({ "payment": "pay_1a2b" });
/// let req = client.build_create_refund(&params, KeySource::Random([0xab; 16]))?;
/// assert_eq!(req.header("Idempotency-Key"), Some("idk_abababababababababababababababab"));
/// # Ok::<(), kinetic_flow_core::request::RequestError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeySource<'a> {
    /// Use this key.
    Given(&'a str),
    /// Generate a key from these random bytes, unless the params carry one.
    Random([u8; 16]),
}

/// Picks the request's key from the params' key (already valid) and the caller's source.
/// `subject` (`payment`, `refund`, `token`) names the params in a conflict's error.
pub(super) fn resolve_key(
    subject: &'static str,
    in_params: Option<&IdempotencyKey>,
    source: KeySource<'_>,
) -> Result<IdempotencyKey, RequestError> {
    match source {
        KeySource::Given(given) => {
            let given =
                IdempotencyKey::parse(given).map_err(|e| RequestError::InvalidIdempotencyKey {
                    message: crate::text::replace(
                        &e.message,
                        "idempotency_key",
                        "the idempotency key option",
                    ),
                })?;
            match in_params {
                Some(body_key) if *body_key != given => Err(ValidationError::new(
                    subject,
                    vec![FieldError::new(
                        "idempotency_key",
                        payment::code::INVALID_IDEMPOTENCY_KEY,
                        "idempotency_key differs from the idempotency key option: give the key \
                         in one place, or the same key in both.",
                    )],
                )
                .into()),
                _ => Ok(given),
            }
        }
        KeySource::Random(bytes) => Ok(in_params
            .cloned()
            .unwrap_or_else(|| idempotency::generate(bytes))),
    }
}

/// Builds requests for one API key and base URL; parses responses.
///
/// `Debug` shows the mode and base URL, never the key.
///
/// ```
/// use kinetic_flow_core::request::{Client, Mode};
/// let client = Client::new("sk_live_abc123")?;
/// assert_eq!(client.mode(), Mode::Live);
/// assert_eq!(
///     format!("{client:?}"),
///     "Client { api_key: ApiKey(sk_live_…redacted), base_url: \"https://api.kinetic.dev\" }"
/// );
/// # Ok::<(), kinetic_flow_core::request::RequestError>(())
/// ```
#[derive(Clone)]
pub struct Client {
    api_key: ApiKey,
    base_url: String,
    limits: RailLimits,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("api_key", &self.api_key)
            .field("base_url", &self.base_url)
            .finish()
    }
}

impl Client {
    /// A client for `api_key` (see [`ApiKey::parse`]) and the base URL
    /// [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL).
    ///
    /// ```
    /// use kinetic_flow_core::request::Client;
    /// assert!(Client::new("sk_test_abc").is_ok());
    /// assert_eq!(Client::new("sk_test_").unwrap_err().code(), "invalid_api_key");
    /// ```
    pub fn new(api_key: &str) -> Result<Client, RequestError> {
        Ok(Client::from_key(ApiKey::parse(api_key)?))
    }

    /// A client for a key you already parsed (with [`ApiKey::parse`]); cannot fail.
    ///
    /// ```
    /// use kinetic_flow_core::request::{ApiKey, Client, Mode};
    /// let key = ApiKey::parse("sk_live_abc123")?;
    /// assert_eq!(Client::from_key(key.clone()).mode(), Mode::Live);
    /// assert_eq!(Client::from(key).mode(), Mode::Live);
    /// # Ok::<(), kinetic_flow_core::request::RequestError>(())
    /// ```
    pub fn from_key(api_key: ApiKey) -> Client {
        Client {
            api_key,
            base_url: crate::DEFAULT_BASE_URL.to_owned(),
            limits: RailLimits::default(),
        }
    }

    /// The same client with another base URL (a mock server, a proxy).
    ///
    /// Accepted: `https://host[:port][/path]`, or `http://` only for `localhost`, `127.0.0.1`
    /// and `[::1]`. Scheme and host are lowercased and trailing slashes removed, so
    /// `https://Proxy.example/kinetic/` gives URLs like `https://proxy.example/kinetic/v1/…`.
    /// Refused with `invalid_base_url`: other schemes, user info (`user@`), a query or
    /// fragment, empty path segments, spaces, non-ASCII (use the punycode host).
    ///
    /// ```
    /// use kinetic_flow_core::request::Client;
    /// let c = Client::new("sk_test_abc")?.with_base_url("http://localhost:8080/")?;
    /// assert_eq!(c.base_url(), "http://localhost:8080");
    /// let err = Client::new("sk_test_abc")?.with_base_url("http://api.kinetic.dev").unwrap_err();
    /// assert_eq!(err.code(), "invalid_base_url");
    /// # Ok::<(), kinetic_flow_core::request::RequestError>(())
    /// ```
    pub fn with_base_url(mut self, base_url: &str) -> Result<Client, RequestError> {
        self.base_url = parse_base_url(base_url)?;
        Ok(self)
    }

    /// The same client validating payments against `limits` instead of the default table.
    ///
    /// ```
    /// use kinetic_flow_core::payment::{Rail, RailLimits};
    /// use kinetic_flow_core::request::{Client, KeySource};
    /// let c = Client::new("sk_test_abc")?
    ///     .with_rail_limits(RailLimits::default().with_limit(Rail::Rtp, 100));
    /// let params = serde_json::json!({
    ///     "amount": 500, "currency": "usd", "rail": "rtp", "destination": { "token": "tok_1" }
    /// });
    /// let err = c.build_create_payment(&params, KeySource::Random([0; 16])).unwrap_err();
    /// assert_eq!(err.errors()[0].code, "amount_exceeds_rail_limit");
    /// # Ok::<(), kinetic_flow_core::request::RequestError>(())
    /// ```
    #[must_use]
    pub fn with_rail_limits(mut self, limits: RailLimits) -> Client {
        self.limits = limits;
        self
    }

    /// `test` or `live`, from the key.
    ///
    /// ```
    /// use kinetic_flow_core::request::{Client, Mode};
    /// assert_eq!(Client::new("sk_test_abc")?.mode(), Mode::Test);
    /// # Ok::<(), kinetic_flow_core::request::RequestError>(())
    /// ```
    pub fn mode(&self) -> Mode {
        self.api_key.mode()
    }

    /// The normalized base URL, without a trailing slash.
    ///
    /// ```
    /// use kinetic_flow_core::request::Client;
    /// assert_eq!(Client::new("sk_test_abc")?.base_url(), "https://api.kinetic.dev");
    /// # Ok::<(), kinetic_flow_core::request::RequestError>(())
    /// ```
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// `POST /v1/payments`: `params` is the payment body, checked by [`payment::validate`]
    /// (every problem at once, as `validation_failed`); the body sent is its normalized form
    /// with the request's idempotency key.
    ///
    /// ```
    /// use kinetic_flow_core::request::{Client, KeySource};
    /// use serde_json::json;
    /// let client = Client::new("sk_test_abc")?;
    /// let req = client.build_create_payment(
    ///     &json!({ "amount": 25000, "currency": "USD",
    ///              "destination": { "routing_number": "021000021", "account_number": "000123456789" } }),
    ///     KeySource::Given("order-42"),
    /// )?;
    /// let body: serde_json::Value = serde_json::from_str(req.body.as_deref().unwrap()).unwrap();
    /// assert_eq!(body["currency"], "usd");
    /// assert_eq!(body["idempotency_key"], "order-42");
    /// assert_eq!(req.header("Content-Type"), Some("application/json"));
    ///
    /// let err = client.build_create_payment(&json!({ "amount": 0 }), KeySource::Random([0; 16]));
    /// assert_eq!(err.unwrap_err().code(), "validation_failed");
    /// # Ok::<(), kinetic_flow_core::request::RequestError>(())
    /// ```
    pub fn build_create_payment(
        &self,
        params: &Value,
        key: KeySource<'_>,
    ) -> Result<HttpRequest, RequestError> {
        let payment = payment::validate_with_limits(params, &self.limits)?;
        let key = resolve_key("payment", payment.idempotency_key(), key)?;
        let body = payment.with_idempotency_key(key.clone()).to_json();
        Ok(self.post("/v1/payments", &key, &body))
    }

    /// `POST /v1/payments` for a payment you already validated ([`payment::validate`] or
    /// [`CreatePayment::validate`](crate::payment::CreatePayment::validate)): no JSON in, no
    /// second validation. The key rule is [`build_create_payment`](Client::build_create_payment)'s.
    /// The rail limits are those the payment was validated with.
    ///
    /// ```
    /// use kinetic_flow_core::payment::{CreatePayment, DestinationParams};
    /// use kinetic_flow_core::request::{Client, KeySource};
    /// let valid = CreatePayment::new(25_000, "usd", DestinationParams::token("tok_1")).validate()?;
    /// let client = Client::new("sk_test_abc")?;
    /// let req = client.build_create_payment_valid(&valid, KeySource::Given("order-42"))?;
    /// assert_eq!(req.header("Idempotency-Key"), Some("order-42"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn build_create_payment_valid(
        &self,
        payment: &payment::ValidPayment,
        key: KeySource<'_>,
    ) -> Result<HttpRequest, RequestError> {
        let key = resolve_key("payment", payment.idempotency_key(), key)?;
        let body = payment.clone().with_idempotency_key(key.clone()).to_json();
        Ok(self.post("/v1/payments", &key, &body))
    }

    /// `GET /v1/payments/{id}`; `id` is `pay_` followed by ASCII letters and digits.
    ///
    /// ```
    /// use kinetic_flow_core::request::Client;
    /// let client = Client::new("sk_test_abc")?;
    /// let req = client.build_retrieve_payment("pay_1a2b3c4d")?;
    /// assert_eq!(req.url, "https://api.kinetic.dev/v1/payments/pay_1a2b3c4d");
    /// assert_eq!(client.build_retrieve_payment("pay_../x").unwrap_err().code(), "invalid_id");
    /// # Ok::<(), kinetic_flow_core::request::RequestError>(())
    /// ```
    pub fn build_retrieve_payment(&self, id: impl AsRef<str>) -> Result<HttpRequest, RequestError> {
        let id = id.as_ref();
        check_id(id, "pay_", "id").map_err(|message| RequestError::InvalidId {
            param: "id".to_owned(),
            message,
        })?;
        Ok(self.get(&crate::text::cat(&["/v1/payments/", id])))
    }

    /// `GET /v1/events/{id}`; `id` is `evt_` followed by ASCII letters and digits.
    ///
    /// ```
    /// use kinetic_flow_core::request::Client;
    /// let client = Client::new("sk_test_abc")?;
    /// assert_eq!(client.build_retrieve_event("evt_9")?.method.as_str(), "GET");
    /// let err = client.build_retrieve_event("pay_9").unwrap_err();
    /// assert!(err.to_string().contains("payment id"));
    /// # Ok::<(), kinetic_flow_core::request::RequestError>(())
    /// ```
    pub fn build_retrieve_event(&self, id: impl AsRef<str>) -> Result<HttpRequest, RequestError> {
        let id = id.as_ref();
        check_id(id, "evt_", "id").map_err(|message| RequestError::InvalidId {
            param: "id".to_owned(),
            message,
        })?;
        Ok(self.get(&crate::text::cat(&["/v1/events/", id])))
    }

    /// Turns a response into the resource (the parsed JSON body of a 2xx) or the
    /// [`ApiError`] that [`api_error::decode`] makes of it.
    ///
    /// A 2xx whose body is not JSON (empty, cut off, a proxy's HTML page) is an `ApiError` with
    /// kind `unexpected_status`, code `invalid_response` and `retryable: true`: the request may
    /// have taken effect, and retrying it with the same idempotency key returns its result. Any
    /// text of an API error that contains this client's key has the key replaced by
    /// `sk_test_…redacted` / `sk_live_…redacted`.
    ///
    /// ```
    /// use kinetic_flow_core::request::Client;
    /// use kinetic_flow_core::UnixTime;
    /// let client = Client::new("sk_test_abc")?;
    /// let payment = client.parse_response(200, br#"{"id":"pay_1","status":"completed"}"#, &[], UnixTime::EPOCH).unwrap();
    /// assert_eq!(payment["status"], "completed");
    ///
    /// let err = client.parse_response(429, b"", &[("Retry-After", "2")], UnixTime::EPOCH).unwrap_err();
    /// assert_eq!((err.code.as_str(), err.retryable, err.retry_after), ("rate_limited", true, Some(std::time::Duration::from_secs(2))));
    ///
    /// let err = client.parse_response(200, b"<html>", &[], UnixTime::EPOCH).unwrap_err();
    /// assert_eq!(err.code, "invalid_response");
    /// # Ok::<(), kinetic_flow_core::request::RequestError>(())
    /// ```
    pub fn parse_response(
        &self,
        status: u16,
        body: &[u8],
        headers: &[(&str, &str)],
        now: impl Into<UnixTime>,
    ) -> Result<Value, ApiError> {
        let now = now.into();
        if let Some(mut error) = api_error::decode(status, body, headers, now) {
            self.redact(&mut error);
            return Err(error);
        }
        crate::json::parse(body).ok_or_else(|| {
            let mut error =
                ApiError::invalid_response(status, api_error::request_id_header(headers))
                    .with_retry_after(api_error::retry_after_header(headers, now));
            self.redact(&mut error);
            error
        })
    }

    /// Turns a response into the typed resource `T` ([`Payment`], [`Refund`], [`Token`],
    /// [`Event`]) or the [`ApiError`] that [`api_error::decode`] makes of it: the error path
    /// and the key redaction are [`parse_response`](Client::parse_response)'s.
    ///
    /// A 2xx body that is not JSON is `invalid_response` and retryable, as there. A 2xx body
    /// that is JSON but not a `T` (another `object`, a required field missing or of another
    /// type, a malformed `pay_…` id) is also `invalid_response`, but **not** retryable: the
    /// request took effect and a retry returns the same answer; read it untyped with
    /// [`parse_response`](Client::parse_response). The message never quotes the body.
    ///
    /// ```
    /// use kinetic_flow_core::request::Client;
    /// use kinetic_flow_core::resource::{Payment, Refund};
    /// use kinetic_flow_core::UnixTime;
    /// let client = Client::new("sk_test_abc")?;
    /// let body = br#"{"id":"re_1","object":"refund","payment":"pay_1","amount":500,"currency":"usd","status":"pending"}"#;
    /// let refund: Refund = client.parse_response_as(200, body, &[], UnixTime::EPOCH)?;
    /// assert_eq!((refund.payment.as_str(), refund.amount), ("pay_1", 500));
    ///
    /// let err = client.parse_response_as::<Payment>(200, body, &[("Request-Id", "req_9")], UnixTime::EPOCH).unwrap_err();
    /// assert_eq!((err.code.as_str(), err.retryable), ("invalid_response", false));
    /// assert!(err.message.contains("`refund`, not `payment`"));
    /// assert_eq!(err.request_id.as_deref(), Some("req_9"));
    ///
    /// let err = client.parse_response_as::<Payment>(404, br#"{"error":{"code":"resource_missing","message":"No such payment."}}"#, &[], UnixTime::EPOCH).unwrap_err();
    /// assert_eq!(err.code, "resource_missing");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`Payment`]: crate::resource::Payment
    /// [`Refund`]: crate::resource::Refund
    /// [`Token`]: crate::resource::Token
    /// [`Event`]: crate::event::Event
    pub fn parse_response_as<T: Resource>(
        &self,
        status: u16,
        body: &[u8],
        headers: &[(&str, &str)],
        now: impl Into<UnixTime>,
    ) -> Result<T, ApiError> {
        let now = now.into();
        let value = self.parse_response(status, body, headers, now)?;
        T::from_response(body, &value).map_err(|reason| {
            let mut error =
                ApiError::invalid_response(status, api_error::request_id_header(headers));
            error.message = crate::text::cat(&[
                "The API answered ",
                &crate::digits::num(status.into()),
                " with a body that does not read as a `",
                T::OBJECT,
                "`: ",
                &reason.to_string(),
                ". \
                 The request took effect; read the body untyped (parse_response) to see it.",
            ]);
            error.retryable = false;
            self.redact(&mut error);
            error
        })
    }

    /// Replaces this client's key wherever an API error quotes it.
    fn redact(&self, error: &mut ApiError) {
        let key = self.api_key.key.as_str();
        let redacted = self.api_key.redacted();
        for text in [
            Some(&mut error.code),
            Some(&mut error.message),
            error.param.as_mut(),
            error.request_id.as_mut(),
        ]
        .into_iter()
        .flatten()
        {
            if crate::text::contains(text, key) {
                *text = crate::text::replace(text, key, redacted);
            }
            // A message capped at `api_error::MAX_MESSAGE_BYTES` may end in the first part of
            // the key, before the `…`: redact that part too (the prefix alone is not secret).
            let cut = text.strip_suffix('…').unwrap_or(text);
            let partial = (self.api_key.mode.prefix().len() + 1..key.len())
                .rev()
                .find(|&n| key.get(..n).is_some_and(|head| cut.ends_with(head)));
            if let Some(n) = partial {
                let start = cut.len() - n;
                text.replace_range(start..cut.len(), redacted);
            }
        }
        // Any other secret-shaped token (a webhook secret, another key), as `decode` does too:
        // `invalid_response` errors are made here, not by `decode`.
        error.redact_secret_shapes();
    }

    fn headers(&self, idempotency_key: Option<&IdempotencyKey>) -> Vec<(String, String)> {
        let mut headers = Vec::with_capacity(6);
        let mut add = |name: &str, value: String| headers.push((name.to_owned(), value));
        add(
            "Authorization",
            crate::text::cat(&["Bearer ", &self.api_key.key]),
        );
        add("Accept", "application/json".to_owned());
        if let Some(key) = idempotency_key {
            add("Content-Type", "application/json".to_owned());
            add("Idempotency-Key", key.as_str().to_owned());
        }
        add("Kinetic-Version", crate::API_VERSION.to_owned());
        add(
            "User-Agent",
            crate::text::cat(&["kinetic-flow-core/", crate::VERSION]),
        );
        headers
    }

    fn get(&self, path: &str) -> HttpRequest {
        HttpRequest {
            method: Method::Get,
            url: crate::text::cat(&[&self.base_url, path]),
            headers: self.headers(None),
            body: None,
        }
    }

    pub(super) fn post(&self, path: &str, key: &IdempotencyKey, body: &Value) -> HttpRequest {
        HttpRequest {
            method: Method::Post,
            url: crate::text::cat(&[&self.base_url, path]),
            headers: self.headers(Some(key)),
            body: Some(crate::json::to_text(body)),
        }
    }
}

impl From<ApiKey> for Client {
    fn from(api_key: ApiKey) -> Client {
        Client::from_key(api_key)
    }
}
