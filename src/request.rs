//! Ready-to-send HTTP requests for the Kinetic Flow API, as plain data (SPEC section 6).
//!
//! A [`Client`] is made from an [`ApiKey`]; its builders return an [`HttpRequest`] (method, URL,
//! headers, body) that any HTTP client, or `fetch`, can send. Nothing here does I/O: the
//! idempotency key's entropy comes in as an argument ([`KeySource`]), and
//! [`Client::parse_response`] turns what came back into the resource or an [`ApiError`].
//!
//! ```
//! use kinetic_flow_core::request::{Client, KeySource};
//! use serde_json::json;
//!
//! let client = Client::new("sk_test_4eC39HqLyjWDarjtT1zdp7dc")?;
//! let request = client.build_create_payment(
//!     &json!({
//!         "amount": 25000, "currency": "usd", "rail": "auto",
//!         "destination": { "routing_number": "021000021", "account_number": "000123456789" }
//!     }),
//!     KeySource::Given("pay_abc123"),
//! )?;
//! assert_eq!(request.method.as_str(), "POST");
//! assert_eq!(request.url, "https://api.kinetic.dev/v1/payments");
//! assert_eq!(request.header("idempotency-key"), Some("pay_abc123"));
//! // Debug never shows the key.
//! assert!(!format!("{request:?}").contains("4eC39HqLyjWDarjtT1zdp7dc"));
//! # Ok::<(), kinetic_flow_core::request::RequestError>(())
//! ```
//!
//! Decisions (also in the README):
//!
//! - **API keys**: `sk_test_` or `sk_live_`, then 1 to [`MAX_API_KEY_LEN`] bytes in all of ASCII
//!   letters and digits only (no `_`, `-` or spaces: Kinetic keys have none, and the docs'
//!   placeholder `sk_test_your_key_here` is thereby refused). Whitespace around the key is
//!   refused, not trimmed, so a stray newline from a secrets file is found at start-up.
//! - **Path ids** (`pay_…`, `evt_…`) and the refund's `payment`: the prefix, then 1 to 255 ASCII
//!   letters or digits ([`MAX_ID_LEN`] in all). They are put into the URL unescaped, which the
//!   alphabet makes safe.
//! - **Idempotency**: every POST carries an `Idempotency-Key` header and the same
//!   `idempotency_key` in its body (payments, refunds and tokens alike, as SPEC section 6 says
//!   for every POST). See [`KeySource`] for where the key comes from.
//! - **Tokens**: `POST /v1/tokens` takes bank details as SPEC section 3 defines them,
//!   `{ routing_number, account_number }`, checked by the payment module's own
//!   [`RoutingNumber`] and [`AccountNumber`].
//! - **Bodies** are compact JSON of the validated, normalized params (`serde_json`), sent with
//!   `Content-Type: application/json`; unknown fields are refused before sending.
//! - **Responses**: a 2xx whose body is not JSON is an [`ApiError`] with code
//!   `invalid_response` (see [`Client::parse_response`]).
//! - **Secrets**: the key is in the `Authorization` header of a built request (it must be, to be
//!   sent) and in its serialized form, but never in any `Debug`, `Display` or error output; an
//!   API error message that echoes the key back is redacted.

use std::fmt;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::api_error::{self, ApiError, ErrorKind};
use crate::idempotency::{self, IdempotencyKey};
use crate::payment::{self, code, AccountNumber, Amount, RailLimits, RoutingNumber};
use crate::FieldError;

/// The longest API key accepted, in bytes, prefix included.
pub const MAX_API_KEY_LEN: usize = 255;

/// The longest resource id accepted (`pay_…`, `evt_…`), in bytes, prefix included.
pub const MAX_ID_LEN: usize = 259;

/// Field code for a malformed resource id in a body (`payment` of a refund).
const INVALID_ID: &str = "invalid_id";

/// An error building a request. Every variant has a stable [`code`](RequestError::code); none
/// ever contains the API key.
///
/// ```
/// use kinetic_flow_core::request::Client;
/// let err = Client::new("whsec_abc").unwrap_err();
/// assert_eq!(err.code(), "invalid_api_key");
/// assert!(err.to_string().contains("webhook signing secret"));
/// assert!(!err.to_string().contains("whsec_abc"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    /// The API key is not `sk_test_…` or `sk_live_…` followed by ASCII letters and digits.
    #[error("invalid API key: {message}")]
    InvalidApiKey {
        /// What is wrong and how to fix it; never contains the key.
        message: String,
    },
    /// The base URL is not `https://host[:port][/path]` (or `http://` for localhost).
    #[error("invalid base URL: {message}")]
    InvalidBaseUrl {
        /// What is wrong and how to fix it.
        message: String,
    },
    /// A path id (`pay_…`, `evt_…`) is malformed.
    #[error("invalid id: {message}")]
    InvalidId {
        /// Which argument: `id`.
        param: String,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// The params failed validation; `errors` lists every problem, in field order.
    #[error("{}", validation_summary(.errors))]
    ValidationFailed {
        /// Every problem, in field order.
        errors: Vec<FieldError>,
    },
    /// The idempotency key given as an option is malformed, or differs from the body's.
    #[error("invalid idempotency key: {message}")]
    InvalidIdempotencyKey {
        /// What is wrong and how to fix it.
        message: String,
    },
}

impl RequestError {
    /// The stable code: `invalid_api_key`, `invalid_base_url`, `invalid_id`,
    /// `validation_failed` or `invalid_idempotency_key`.
    ///
    /// ```
    /// use kinetic_flow_core::request::Client;
    /// let client = Client::new("sk_test_abc").unwrap();
    /// assert_eq!(client.build_retrieve_payment("evt_1").unwrap_err().code(), "invalid_id");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            RequestError::InvalidApiKey { .. } => "invalid_api_key",
            RequestError::InvalidBaseUrl { .. } => "invalid_base_url",
            RequestError::InvalidId { .. } => "invalid_id",
            RequestError::ValidationFailed { .. } => "validation_failed",
            RequestError::InvalidIdempotencyKey { .. } => "invalid_idempotency_key",
        }
    }

    /// The field errors of `validation_failed`; empty for the other variants.
    ///
    /// ```
    /// use kinetic_flow_core::request::{Client, KeySource};
    /// let client = Client::new("sk_test_abc").unwrap();
    /// let err = client
    ///     .build_create_refund(&serde_json::json!({ "amount": 0 }), KeySource::Random([1; 16]))
    ///     .unwrap_err();
    /// let params: Vec<&str> = err.errors().iter().map(|e| e.param.as_str()).collect();
    /// assert_eq!(params, ["payment", "amount"]);
    /// ```
    pub fn errors(&self) -> &[FieldError] {
        match self {
            RequestError::ValidationFailed { errors } => errors,
            _ => &[],
        }
    }
}

fn validation_summary(errors: &[FieldError]) -> String {
    let mut s = format!(
        "validation failed ({} problem{})",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    );
    for (i, e) in errors.iter().enumerate() {
        s.push_str(if i == 0 { ": " } else { "; " });
        s.push_str(&e.to_string());
    }
    s
}

fn invalid_key(message: impl Into<String>) -> RequestError {
    RequestError::InvalidApiKey {
        message: message.into(),
    }
}

// ---------------------------------------------------------------------------------------------
// API key and mode
// ---------------------------------------------------------------------------------------------

/// Whether a key works on test (sandbox) data or on live money.
///
/// ```
/// use kinetic_flow_core::request::{ApiKey, Mode};
/// assert_eq!(ApiKey::parse("sk_live_abc").unwrap().mode(), Mode::Live);
/// assert_eq!(Mode::Test.as_str(), "test");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// `sk_test_…`: sandbox, no money moves.
    Test,
    /// `sk_live_…`: production.
    Live,
}

impl Mode {
    /// `"test"` or `"live"`.
    ///
    /// ```
    /// use kinetic_flow_core::request::Mode;
    /// assert_eq!(Mode::Live.as_str(), "live");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Test => "test",
            Mode::Live => "live",
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            Mode::Test => "sk_test_",
            Mode::Live => "sk_live_",
        }
    }
}

/// A secret API key: `sk_test_` or `sk_live_` followed by ASCII letters and digits.
///
/// It cannot be printed: `Debug` shows `ApiKey(sk_test_…redacted)`, there is no `Display`, and
/// its errors never quote it.
///
/// ```
/// use kinetic_flow_core::request::{ApiKey, Mode};
/// let key = ApiKey::parse("sk_test_4eC39HqLyjWDarjtT1zdp7dc").unwrap();
/// assert_eq!(key.mode(), Mode::Test);
/// assert_eq!(format!("{key:?}"), "ApiKey(sk_test_…redacted)");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey {
    key: String,
    mode: Mode,
}

impl ApiKey {
    /// Parses a secret API key; anything else is `invalid_api_key`, with a message that says
    /// what the value looks like (a webhook secret, a publishable key, …) without quoting it.
    ///
    /// ```
    /// use kinetic_flow_core::request::ApiKey;
    /// assert!(ApiKey::parse("sk_live_51HxYz").is_ok());
    /// for bad in ["", "sk_test_", "sk_test_abc\n", "pk_test_abc", "whsec_abc", "Bearer sk_test_abc", "sk_test_a_b"] {
    ///     assert_eq!(ApiKey::parse(bad).unwrap_err().code(), "invalid_api_key", "{bad:?}");
    /// }
    /// ```
    pub fn parse(key: &str) -> Result<ApiKey, RequestError> {
        const WANT: &str = "a secret API key starts with sk_test_ (sandbox) or sk_live_ \
                            (production), as shown in the dashboard";
        if key.trim().is_empty() {
            return Err(invalid_key(format!(
                "the API key is empty: set it (e.g. from KINETIC_API_KEY); {WANT}."
            )));
        }
        if key.trim() != key {
            return Err(invalid_key(
                "the API key has leading or trailing whitespace (often a newline from a file or \
                 an environment variable): trim it.",
            ));
        }
        let lower_start = |p: &str| {
            key.get(..p.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(p))
        };
        let (mode, rest) = if let Some(rest) = key.strip_prefix("sk_test_") {
            (Mode::Test, rest)
        } else if let Some(rest) = key.strip_prefix("sk_live_") {
            (Mode::Live, rest)
        } else {
            let hint = if lower_start("bearer ") {
                "pass the key alone, without \"Bearer \": the client adds it".to_owned()
            } else if key.starts_with("whsec_") {
                format!("this is a webhook signing secret (whsec_…), not an API key; {WANT}")
            } else if key.starts_with("pk_") {
                format!(
                    "this looks like a publishable key (pk_…), which cannot call the API; {WANT}"
                )
            } else if key.starts_with("rk_") {
                format!("this looks like a restricted key (rk_…), which this client does not accept; {WANT}")
            } else if lower_start("sk_test_") || lower_start("sk_live_") {
                "the prefix must be lowercase: sk_test_ or sk_live_".to_owned()
            } else if key.starts_with("sk_") {
                format!("unknown key mode after sk_; {WANT}")
            } else {
                format!("this is not a Kinetic secret key; {WANT}")
            };
            return Err(invalid_key(format!("{hint}.")));
        };
        let prefix = mode.prefix();
        if rest.is_empty() {
            return Err(invalid_key(format!(
                "the API key has nothing after {prefix}: copy the whole key from the dashboard."
            )));
        }
        if key.len() > MAX_API_KEY_LEN {
            return Err(invalid_key(format!(
                "the API key is {} bytes long, more than {MAX_API_KEY_LEN}: check that only the \
                 key was copied.",
                key.len()
            )));
        }
        if let Some(pos) = rest.bytes().position(|b| !b.is_ascii_alphanumeric()) {
            return Err(invalid_key(format!(
                "the API key has a character other than an ASCII letter or digit at position {} \
                 (after {prefix} only letters and digits are allowed): copy the key again.",
                prefix.len() + pos + 1
            )));
        }
        Ok(ApiKey {
            key: key.to_owned(),
            mode,
        })
    }

    /// The key's mode: test or live.
    ///
    /// ```
    /// use kinetic_flow_core::request::{ApiKey, Mode};
    /// assert_eq!(ApiKey::parse("sk_test_x1").unwrap().mode(), Mode::Test);
    /// ```
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// `sk_test_…redacted` or `sk_live_…redacted`: how the key appears in any output.
    ///
    /// ```
    /// use kinetic_flow_core::request::ApiKey;
    /// assert_eq!(ApiKey::parse("sk_live_x1").unwrap().redacted(), "sk_live_…redacted");
    /// ```
    pub fn redacted(&self) -> &'static str {
        match self.mode {
            Mode::Test => "sk_test_…redacted",
            Mode::Live => "sk_live_…redacted",
        }
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApiKey({})", self.redacted())
    }
}

// ---------------------------------------------------------------------------------------------
// Requests as data
// ---------------------------------------------------------------------------------------------

/// An HTTP method used by the API.
///
/// ```
/// use kinetic_flow_core::request::Method;
/// assert_eq!(Method::Post.as_str(), "POST");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Method {
    /// `GET`: retrieve.
    #[serde(rename = "GET")]
    Get,
    /// `POST`: create.
    #[serde(rename = "POST")]
    Post,
}

impl Method {
    /// `"GET"` or `"POST"`.
    ///
    /// ```
    /// use kinetic_flow_core::request::Method;
    /// assert_eq!(Method::Get.as_str(), "GET");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// A ready-to-send request: method, absolute URL, headers (in a fixed order), optional body.
///
/// Serialized, it is `{ method, url, headers: [[name, value], …], body }` and **contains the API
/// key** (in `Authorization`), as it must to be sent: do not log it. `Debug` redacts the key and
/// shows only the body's length (bodies can hold bank account numbers).
///
/// ```
/// use kinetic_flow_core::request::Client;
/// let req = Client::new("sk_test_abc")?.build_retrieve_event("evt_1a2b3c4d")?;
/// assert_eq!(req.url, "https://api.kinetic.dev/v1/events/evt_1a2b3c4d");
/// assert_eq!(req.body, None);
/// let debug = format!("{req:?}");
/// assert!(debug.starts_with(
///     "HttpRequest { method: Get, url: \"https://api.kinetic.dev/v1/events/evt_1a2b3c4d\", \
///      headers: [(\"Authorization\", \"Bearer sk_test_…redacted\"), (\"Accept\", \"application/json\"), \
///      (\"Kinetic-Version\", \"2026-04-01\"), (\"User-Agent\", \"kinetic-flow-core/"
/// ));
/// assert!(debug.ends_with("\")], body: None }"));
/// # Ok::<(), kinetic_flow_core::request::RequestError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct HttpRequest {
    /// `GET` or `POST`.
    pub method: Method,
    /// The absolute URL: base URL + path.
    pub url: String,
    /// `(name, value)` pairs: `Authorization`, `Accept`, then `Content-Type` and
    /// `Idempotency-Key` when there is a body, then `Kinetic-Version` and `User-Agent`.
    pub headers: Vec<(String, String)>,
    /// The JSON body of a POST.
    pub body: Option<String>,
}

impl HttpRequest {
    /// The value of header `name` (case-insensitive), if present.
    ///
    /// ```
    /// use kinetic_flow_core::request::Client;
    /// let req = Client::new("sk_test_abc")?.build_retrieve_payment("pay_1")?;
    /// assert_eq!(req.header("kinetic-version"), Some("2026-04-01"));
    /// assert_eq!(req.header("Idempotency-Key"), None);
    /// # Ok::<(), kinetic_flow_core::request::RequestError>(())
    /// ```
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Headers<'a>(&'a [(String, String)]);
        impl fmt::Debug for Headers<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let mut list = f.debug_list();
                for (name, value) in self.0 {
                    if name.eq_ignore_ascii_case("authorization") {
                        let shown = match value.strip_prefix("Bearer sk_live_") {
                            Some(_) => "Bearer sk_live_…redacted",
                            None if value.starts_with("Bearer sk_test_") => {
                                "Bearer sk_test_…redacted"
                            }
                            None => "…redacted",
                        };
                        list.entry(&(name, shown));
                    } else {
                        list.entry(&(name, value));
                    }
                }
                list.finish()
            }
        }
        struct BodyLen(usize);
        impl fmt::Debug for BodyLen {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "<{} bytes of JSON>", self.0)
            }
        }
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &Headers(&self.headers))
            .field("body", &self.body.as_ref().map(|b| BodyLen(b.len())))
            .finish()
    }
}

/// Where a POST's idempotency key comes from.
///
/// - `Given(key)`: your key (1 to 255 printable ASCII characters), e.g. one from
///   [`idempotency::derive`] so that a retry after a crash reuses it. If the params also carry an
///   `idempotency_key`, the two must be equal, else `invalid_idempotency_key`.
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
pub enum KeySource<'a> {
    /// Use this key.
    Given(&'a str),
    /// Generate a key from these random bytes, unless the params carry one.
    Random([u8; 16]),
}

/// Picks the request's key from the params' key (already valid) and the caller's source.
fn resolve_key(
    in_params: Option<&IdempotencyKey>,
    source: KeySource<'_>,
) -> Result<IdempotencyKey, RequestError> {
    match source {
        KeySource::Given(given) => {
            let given =
                IdempotencyKey::parse(given).map_err(|e| RequestError::InvalidIdempotencyKey {
                    message: e
                        .message
                        .replace("idempotency_key", "the idempotency key option"),
                })?;
            match in_params {
                Some(body_key) if *body_key != given => Err(RequestError::InvalidIdempotencyKey {
                    message: "the idempotency key option differs from the params' \
                              idempotency_key: give the key in one place, or the same key in both."
                        .to_owned(),
                }),
                _ => Ok(given),
            }
        }
        KeySource::Random(bytes) => Ok(in_params
            .cloned()
            .unwrap_or_else(|| idempotency::generate(bytes))),
    }
}

// ---------------------------------------------------------------------------------------------
// The client
// ---------------------------------------------------------------------------------------------

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
        Ok(Client {
            api_key: ApiKey::parse(api_key)?,
            base_url: crate::DEFAULT_BASE_URL.to_owned(),
            limits: RailLimits::default(),
        })
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
        let payment = payment::validate_with_limits(params, &self.limits)
            .map_err(|errors| RequestError::ValidationFailed { errors })?;
        let key = resolve_key(payment.idempotency_key(), key)?;
        let body = payment.with_idempotency_key(key.clone()).to_json();
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
    pub fn build_retrieve_payment(&self, id: &str) -> Result<HttpRequest, RequestError> {
        check_id(id, "pay_", "id").map_err(|message| RequestError::InvalidId {
            param: "id".to_owned(),
            message,
        })?;
        Ok(self.get(&format!("/v1/payments/{id}")))
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
    pub fn build_retrieve_event(&self, id: &str) -> Result<HttpRequest, RequestError> {
        check_id(id, "evt_", "id").map_err(|message| RequestError::InvalidId {
            param: "id".to_owned(),
            message,
        })?;
        Ok(self.get(&format!("/v1/events/{id}")))
    }

    /// `POST /v1/refunds` with params `{ payment, amount?, idempotency_key? }`: `payment` a
    /// `pay_…` id (code `invalid_id`), `amount` (omit for a full refund) an integer ≥ 1 in
    /// minor units. Every problem is reported at once (`validation_failed`), unknown fields
    /// included (`unknown_field`).
    ///
    /// ```
    /// use kinetic_flow_core::request::{Client, KeySource};
    /// use serde_json::json;
    /// let client = Client::new("sk_test_abc")?;
    /// let req = client.build_create_refund(
    ///     &json!({ "payment": "pay_1a2b3c4d", "amount": 500 }),
    ///     KeySource::Given("refund-1"),
    /// )?;
    /// assert_eq!(req.url, "https://api.kinetic.dev/v1/refunds");
    /// let body: serde_json::Value = serde_json::from_str(req.body.as_deref().unwrap()).unwrap();
    /// assert_eq!(body, json!({ "payment": "pay_1a2b3c4d", "amount": 500, "idempotency_key": "refund-1" }));
    /// # Ok::<(), kinetic_flow_core::request::RequestError>(())
    /// ```
    pub fn build_create_refund(
        &self,
        params: &Value,
        key: KeySource<'_>,
    ) -> Result<HttpRequest, RequestError> {
        const FIELDS: [&str; 3] = ["payment", "amount", "idempotency_key"];
        let obj = body_object(params, "refund", "{ payment, amount? }")?;
        let field = |name: &str| obj.get(name).filter(|v| !v.is_null());
        let mut errors = Vec::new();

        let payment = match field("payment") {
            None => Err(FieldError::new(
                "payment",
                code::REQUIRED,
                "payment is required: the id (pay_…) of the payment to refund.",
            )),
            Some(Value::String(id)) => check_id(id, "pay_", "payment")
                .map(|()| id.clone())
                .map_err(|m| FieldError::new("payment", INVALID_ID, m)),
            Some(other) => Err(FieldError::new(
                "payment",
                INVALID_ID,
                format!(
                    "payment must be a payment id string (pay_…); got {}.",
                    json_kind(other)
                ),
            )),
        };
        let amount = match field("amount") {
            None => Ok(None),
            Some(v) => match (v.as_u64(), v.as_i64()) {
                (Some(cents), _) => Amount::new(cents).map(Some),
                (None, Some(_)) => Amount::new(0).map(Some), // negative: the same error as 0
                _ => Err(FieldError::new(
                    "amount",
                    code::INVALID_TYPE,
                    format!(
                        "amount must be an integer in minor units (500 = $5.00), or omitted for \
                         a full refund; got {}.",
                        json_kind(v)
                    ),
                )),
            },
        };
        let params_key = params_idempotency_key(field("idempotency_key"));
        for result in [
            payment.as_ref().err(),
            amount.as_ref().err(),
            params_key.as_ref().err(),
        ] {
            errors.extend(result.cloned());
        }
        errors.extend(unknown_fields(obj, &FIELDS, "a refund"));
        let (Ok(payment), Ok(amount), Ok(params_key), true) =
            (payment, amount, params_key, errors.is_empty())
        else {
            return Err(RequestError::ValidationFailed { errors });
        };

        let key = resolve_key(params_key.as_ref(), key)?;
        let mut body = Map::new();
        body.insert("payment".into(), payment.into());
        if let Some(amount) = amount {
            body.insert("amount".into(), amount.cents().into());
        }
        body.insert("idempotency_key".into(), key.as_str().into());
        Ok(self.post("/v1/refunds", &key, &Value::Object(body)))
    }

    /// `POST /v1/tokens` with bank details `{ routing_number, account_number, idempotency_key? }`,
    /// checked by [`RoutingNumber::parse`] and [`AccountNumber::parse`] (errors on params
    /// `routing_number` and `account_number`). Use the returned `tok_…` as a payment destination
    /// so that account numbers stay out of later requests.
    ///
    /// ```
    /// use kinetic_flow_core::request::{Client, KeySource};
    /// use serde_json::json;
    /// let client = Client::new("sk_test_abc")?;
    /// let req = client.build_create_token(
    ///     &json!({ "routing_number": "021000021", "account_number": "000123456789" }),
    ///     KeySource::Random([7; 16]),
    /// )?;
    /// assert_eq!(req.url, "https://api.kinetic.dev/v1/tokens");
    ///
    /// let err = client
    ///     .build_create_token(&json!({ "routing_number": "021000022", "account_number": "****6789" }),
    ///                         KeySource::Random([7; 16]))
    ///     .unwrap_err();
    /// let got: Vec<(&str, &str)> = err.errors().iter().map(|e| (e.param.as_str(), e.code)).collect();
    /// assert_eq!(got, [("routing_number", "routing_number_checksum"), ("account_number", "masked_account_number")]);
    /// # Ok::<(), kinetic_flow_core::request::RequestError>(())
    /// ```
    pub fn build_create_token(
        &self,
        params: &Value,
        key: KeySource<'_>,
    ) -> Result<HttpRequest, RequestError> {
        const FIELDS: [&str; 3] = ["routing_number", "account_number", "idempotency_key"];
        let obj = body_object(params, "token", "{ routing_number, account_number }")?;
        let field = |name: &str| obj.get(name).filter(|v| !v.is_null());

        let routing = match field("routing_number") {
            None => Err(FieldError::new(
                "routing_number",
                code::REQUIRED,
                "routing_number is required: the bank's 9-digit ABA routing number.",
            )),
            Some(Value::String(s)) => RoutingNumber::parse(s).map_err(at_top_level),
            Some(other) => Err(FieldError::new(
                "routing_number",
                code::INVALID_ROUTING_NUMBER,
                format!(
                    "routing_number must be a string of 9 digits; got {}.",
                    json_kind(other)
                ),
            )),
        };
        let account = match field("account_number") {
            None => Err(FieldError::new(
                "account_number",
                code::REQUIRED,
                "account_number is required: 4 to 17 digits.",
            )),
            Some(Value::String(s)) => AccountNumber::parse(s).map_err(at_top_level),
            Some(other) => Err(FieldError::new(
                "account_number",
                code::INVALID_ACCOUNT_NUMBER,
                format!(
                    "account_number must be a string of 4 to 17 digits (leading zeros kept); got {}.",
                    json_kind(other)
                ),
            )),
        };
        let params_key = params_idempotency_key(field("idempotency_key"));
        let mut errors = Vec::new();
        for result in [
            routing.as_ref().err(),
            account.as_ref().err(),
            params_key.as_ref().err(),
        ] {
            errors.extend(result.cloned());
        }
        errors.extend(unknown_fields(obj, &FIELDS, "a token"));
        let (Ok(routing), Ok(account), Ok(params_key), true) =
            (routing, account, params_key, errors.is_empty())
        else {
            return Err(RequestError::ValidationFailed { errors });
        };

        let key = resolve_key(params_key.as_ref(), key)?;
        let mut body = Map::new();
        body.insert("routing_number".into(), routing.as_str().into());
        body.insert("account_number".into(), account.as_str().into());
        body.insert("idempotency_key".into(), key.as_str().into());
        Ok(self.post("/v1/tokens", &key, &Value::Object(body)))
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
    /// let client = Client::new("sk_test_abc")?;
    /// let payment = client.parse_response(200, br#"{"id":"pay_1","status":"completed"}"#, &[], 0).unwrap();
    /// assert_eq!(payment["status"], "completed");
    ///
    /// let err = client.parse_response(429, b"", &[("Retry-After", "2")], 0).unwrap_err();
    /// assert_eq!((err.code.as_str(), err.retryable, err.retry_after), ("rate_limited", true, Some(2)));
    ///
    /// let err = client.parse_response(200, b"<html>", &[], 0).unwrap_err();
    /// assert_eq!(err.code, "invalid_response");
    /// # Ok::<(), kinetic_flow_core::request::RequestError>(())
    /// ```
    pub fn parse_response(
        &self,
        status: u16,
        body: &[u8],
        headers: &[(&str, &str)],
        now: i64,
    ) -> Result<Value, ApiError> {
        if let Some(mut error) = api_error::decode(status, body, headers, now) {
            self.redact(&mut error);
            return Err(error);
        }
        serde_json::from_slice(body).map_err(|_| {
            let mut error = ApiError {
                status,
                kind: ErrorKind::UnexpectedStatus,
                code: "invalid_response".to_owned(),
                message: format!(
                    "The API answered {status} but the body is not JSON (empty, cut off, or a \
                 proxy's page): the request may have taken effect; retry it with the same \
                 idempotency key to get its result."
                ),
                param: None,
                request_id: api_error::request_id_header(headers),
                retry_after: None,
                retryable: true,
            };
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
            if text.contains(key) {
                *text = text.replace(key, redacted);
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
    }

    fn headers(&self, idempotency_key: Option<&IdempotencyKey>) -> Vec<(String, String)> {
        let mut headers = Vec::with_capacity(6);
        let mut add = |name: &str, value: String| headers.push((name.to_owned(), value));
        add("Authorization", format!("Bearer {}", self.api_key.key));
        add("Accept", "application/json".to_owned());
        if let Some(key) = idempotency_key {
            add("Content-Type", "application/json".to_owned());
            add("Idempotency-Key", key.as_str().to_owned());
        }
        add("Kinetic-Version", crate::API_VERSION.to_owned());
        add(
            "User-Agent",
            format!("kinetic-flow-core/{}", crate::VERSION),
        );
        headers
    }

    fn get(&self, path: &str) -> HttpRequest {
        HttpRequest {
            method: Method::Get,
            url: format!("{}{path}", self.base_url),
            headers: self.headers(None),
            body: None,
        }
    }

    fn post(&self, path: &str, key: &IdempotencyKey, body: &Value) -> HttpRequest {
        HttpRequest {
            method: Method::Post,
            url: format!("{}{path}", self.base_url),
            headers: self.headers(Some(key)),
            body: Some(body.to_string()),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Params helpers
// ---------------------------------------------------------------------------------------------

/// Checks a resource id: `prefix` then 1 to 255 ASCII letters or digits. The message names
/// `param` and, when the id has another known prefix, what it is; it never quotes the id.
fn check_id(id: &str, prefix: &str, param: &str) -> Result<(), String> {
    let what = |p: &str| match p {
        "pay_" => "a payment id",
        "evt_" => "an event id",
        _ => "an id",
    };
    let ok = id.strip_prefix(prefix).is_some_and(|rest| {
        !rest.is_empty()
            && id.len() <= MAX_ID_LEN
            && rest.bytes().all(|b| b.is_ascii_alphanumeric())
    });
    if ok {
        return Ok(());
    }
    let mut message = format!(
        "{param} must be {} (\"{prefix}\" followed by 1 to 255 ASCII letters or digits)",
        what(prefix)
    );
    const KNOWN: [(&str, &str); 8] = [
        ("pay_", "a payment id"),
        ("evt_", "an event id"),
        ("re_", "a refund id"),
        ("tok_", "a token"),
        ("po_", "a payout id"),
        ("idk_", "an idempotency key"),
        ("sk_", "an API key: never put it in a URL or a body"),
        (
            "whsec_",
            "a webhook secret: never put it in a URL or a body",
        ),
    ];
    match KNOWN
        .iter()
        .find(|(p, _)| id.starts_with(p) && *p != prefix)
    {
        Some((_, other)) => {
            message.push_str("; this looks like ");
            message.push_str(other);
        }
        None if id.is_empty() => message.push_str("; it is empty"),
        None if id.starts_with(prefix) => message.push_str(
            "; it has nothing after the prefix, is too long, or has other characters (spaces, \
             slashes, punctuation)",
        ),
        None => {}
    }
    message.push('.');
    Err(message)
}

/// The params as a JSON object, or `validation_failed` with one `invalid_type` on `""`.
fn body_object<'v>(
    params: &'v Value,
    what: &str,
    shape: &str,
) -> Result<&'v Map<String, Value>, RequestError> {
    params
        .as_object()
        .ok_or_else(|| RequestError::ValidationFailed {
            errors: vec![FieldError::new(
                "",
                code::INVALID_TYPE,
                format!(
                    "the {what} params must be a JSON object {shape}; got {}.",
                    json_kind(params)
                ),
            )],
        })
}

/// An optional `idempotency_key` in params, checked by [`IdempotencyKey::parse`].
fn params_idempotency_key(v: Option<&Value>) -> Result<Option<IdempotencyKey>, FieldError> {
    match v {
        None => Ok(None),
        Some(Value::String(s)) => IdempotencyKey::parse(s).map(Some),
        Some(other) => Err(FieldError::new(
            "idempotency_key",
            code::INVALID_IDEMPOTENCY_KEY,
            format!(
                "idempotency_key must be a string of 1 to 255 printable ASCII characters; got {}.",
                json_kind(other)
            ),
        )),
    }
}

/// `unknown_field` for each key not in `known`, in key order.
fn unknown_fields<'a>(
    obj: &'a Map<String, Value>,
    known: &'a [&str],
    what: &'a str,
) -> impl Iterator<Item = FieldError> + 'a {
    obj.keys()
        .filter(|k| !known.contains(&k.as_str()))
        .map(move |k| {
            FieldError::new(
                k.clone(),
                code::UNKNOWN_FIELD,
                format!(
                    "unknown field: {what} takes only {}; remove this one.",
                    known.join(", ")
                ),
            )
        })
}

/// A payment-module error on `destination.<field>` moved to the top-level `<field>`.
fn at_top_level(mut e: FieldError) -> FieldError {
    if let Some(field) = e.param.strip_prefix("destination.") {
        let field = field.to_owned();
        e.message = e.message.replace(&e.param, &field);
        e.param = field;
    }
    e
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a fractional number",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

// ---------------------------------------------------------------------------------------------
// Base URL
// ---------------------------------------------------------------------------------------------

fn bad_url(message: impl Into<String>) -> RequestError {
    RequestError::InvalidBaseUrl {
        message: message.into(),
    }
}

/// Validates and normalizes a base URL (see [`Client::with_base_url`]).
fn parse_base_url(url: &str) -> Result<String, RequestError> {
    const FORM: &str = "use https://host[:port][/path], e.g. https://api.kinetic.dev";
    if url.is_empty() {
        return Err(bad_url(format!("the base URL is empty; {FORM}.")));
    }
    if let Some(c) = url.chars().find(|c| !c.is_ascii_graphic()) {
        let what = if c.is_ascii_whitespace() {
            "whitespace"
        } else if c.is_ascii() {
            "a control character"
        } else {
            "a non-ASCII character (write the host in punycode)"
        };
        return Err(bad_url(format!("the base URL contains {what}; {FORM}.")));
    }
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err(bad_url(format!("the base URL has no scheme; {FORM}.")));
    };
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        return Err(bad_url(format!(
            "the base URL scheme must be https (http only for localhost); {FORM}."
        )));
    }
    if rest.contains(['?', '#']) {
        return Err(bad_url(format!(
            "the base URL cannot have a query (?) or fragment (#); {FORM}."
        )));
    }
    if rest.contains(['@', '\\']) {
        return Err(bad_url(format!(
            "the base URL cannot contain user info (@) or backslashes; the API key goes in the \
             client, not the URL; {FORM}."
        )));
    }
    let rest = rest.trim_end_matches('/');
    let (authority, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let (host, port) = split_host_port(authority)?;
    let host = host.to_ascii_lowercase();
    if let Some(port) = port {
        let valid = !port.is_empty()
            && port.len() <= 5
            && port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u32>().is_ok_and(|p| (1..=65_535).contains(&p));
        if !valid {
            return Err(bad_url(format!(
                "the base URL port must be a number from 1 to 65535; {FORM}."
            )));
        }
    }
    let local = matches!(host.as_str(), "localhost" | "127.0.0.1" | "[::1]");
    if scheme == "http" && !local {
        return Err(bad_url(
            "the base URL must use https: http is allowed only for localhost, 127.0.0.1 and \
             [::1] (API keys must never cross a network unencrypted).",
        ));
    }
    let segments_ok = path.split('/').skip(1).all(|seg| {
        !seg.is_empty()
            && seg != "."
            && seg != ".."
            && seg
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~%!$&'()*+,;=:".contains(&b))
    });
    if !segments_ok {
        return Err(bad_url(format!(
            "the base URL path has an empty, '.' or '..' segment or a reserved character; {FORM}."
        )));
    }
    let mut out = format!("{scheme}://{host}");
    if let Some(port) = port {
        out.push(':');
        out.push_str(port);
    }
    out.push_str(path);
    Ok(out)
}

/// Splits `host[:port]` / `[v6][:port]`, checking the host's characters.
fn split_host_port(authority: &str) -> Result<(&str, Option<&str>), RequestError> {
    const FORM: &str = "use https://host[:port][/path], e.g. https://api.kinetic.dev";
    let (host, port) = if authority.starts_with('[') {
        let Some(end) = authority.find(']') else {
            return Err(bad_url(format!(
                "the base URL has an unclosed '[' in its host; {FORM}."
            )));
        };
        let (host, after) = authority.split_at(end + 1);
        let inner = host.get(1..host.len() - 1).unwrap_or("");
        if inner.is_empty()
            || !inner
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        {
            return Err(bad_url(format!(
                "the base URL has an invalid IPv6 host; {FORM}."
            )));
        }
        match after.strip_prefix(':') {
            Some(port) => (host, Some(port)),
            None if after.is_empty() => (host, None),
            None => return Err(bad_url(format!("the base URL host is malformed; {FORM}."))),
        }
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let host_ok = host.starts_with('[')
        || (!host.is_empty()
            && !host.starts_with(['.', '-'])
            && !host.ends_with(['.', '-'])
            && !host.contains("..")
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.'));
    if !host_ok {
        return Err(bad_url(format!(
            "the base URL host must be a name or address of letters, digits, '-' and '.'; {FORM}."
        )));
    }
    Ok((host, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        let ok = [
            ("https://api.kinetic.dev", "https://api.kinetic.dev"),
            ("https://api.kinetic.dev/", "https://api.kinetic.dev"),
            ("HTTPS://API.Kinetic.dev//", "https://api.kinetic.dev"),
            (
                "https://proxy.example/kinetic/",
                "https://proxy.example/kinetic",
            ),
            ("http://localhost:8080", "http://localhost:8080"),
            ("http://127.0.0.1:3000/", "http://127.0.0.1:3000"),
            ("http://[::1]:9", "http://[::1]:9"),
            (
                "https://[2001:db8::1]:8443/api",
                "https://[2001:db8::1]:8443/api",
            ),
        ];
        for (input, want) in ok {
            assert_eq!(parse_base_url(input).as_deref(), Ok(want), "{input}");
        }
        let bad = [
            "",
            "api.kinetic.dev",
            "ftp://api.kinetic.dev",
            "http://api.kinetic.dev",
            "http://localhost.evil.com",
            "https://user:pw@api.kinetic.dev",
            "https://api.kinetic.dev?x=1",
            "https://api.kinetic.dev#frag",
            "https://api.kinetic.dev:0",
            "https://api.kinetic.dev:65536",
            "https://api.kinetic.dev:",
            "https://api.kinetic.dev:80a",
            "https://",
            "https:///v1",
            "https://api kinetic.dev",
            "https://api.kinetic.dev/a//b",
            "https://api.kinetic.dev/../x",
            "https://bücher.example",
            "https://[::1",
            "https://[zz]",
            "https://.example",
            " https://api.kinetic.dev",
        ];
        for input in bad {
            let err = parse_base_url(input).unwrap_err();
            assert_eq!(err.code(), "invalid_base_url", "{input}");
        }
    }

    #[test]
    fn ids() {
        assert!(check_id("pay_1", "pay_", "id").is_ok());
        assert!(check_id(&format!("pay_{}", "a".repeat(255)), "pay_", "id").is_ok());
        assert!(check_id(&format!("pay_{}", "a".repeat(256)), "pay_", "id").is_err());
        for bad in [
            "", "pay_", "pay_a-b", "pay_a/b", "pay_ä", "PAY_1", "pay_1 ", "re_1",
        ] {
            assert!(check_id(bad, "pay_", "id").is_err(), "{bad:?}");
        }
        let m = check_id("sk_test_secret1", "pay_", "id").unwrap_err();
        assert!(m.contains("API key") && !m.contains("secret1"), "{m}");
    }

    #[test]
    fn api_key_messages_name_the_problem() {
        let msg = |k: &str| ApiKey::parse(k).unwrap_err().to_string();
        assert!(msg("pk_live_abc").contains("publishable"));
        assert!(msg("whsec_abc").contains("webhook signing secret"));
        assert!(msg("Bearer sk_test_abc").contains("without \"Bearer \""));
        assert!(msg("SK_TEST_abc").contains("lowercase"));
        assert!(msg("sk_test_abc\n").contains("whitespace"));
        assert!(msg("sk_test_").contains("nothing after sk_test_"));
        assert!(msg("sk_test_ab-c").contains("position 11"));
        assert!(msg(&format!("sk_test_{}", "a".repeat(300))).contains("more than 255"));
    }
}
