//! Decoding Kinetic Flow API error responses, with retry advice (SPEC section 5).
//!
//! [`decode`] turns `(status, body, headers, now)` into an [`ApiError`], or `None` for a 2xx.
//! It never fails and never panics: a body that is empty, HTML, not JSON, or JSON of an odd
//! shape still decodes, from the status alone. [`retry_delay`] says how long to wait before
//! the next retry, or that you should stop.
//!
//! Decisions (also in the README):
//!
//! - **One table** ([`classify`]) maps a status to its [`ErrorKind`] and whether it is
//!   retryable. Statuses outside `100..=599` (a broken proxy or client library can report
//!   `0` or `999`) are `unexpected_status` and not retryable; 1xx and 3xx are non-2xx and
//!   therefore `unexpected_status`, not retryable.
//! - Body shapes read, in order: `{"error": {"code", "message", "param", "request_id"}}`, then a
//!   flat `{"code", "message", "param", "request_id"}`. `{"error": "some text"}` (as some
//!   proxies send) gives its text as the message. Fields of the wrong JSON type, empty strings
//!   and over-long `code`/`param`/`request_id` (more than [`MAX_FIELD_BYTES`] bytes) are
//!   ignored, as if absent.
//! - A body message longer than [`MAX_MESSAGE_BYTES`] bytes is cut at the last UTF-8 character
//!   boundary within that limit and `…` is appended, so a huge body never ends up in your logs.
//!   A non-JSON body (an HTML error page) is never copied into the message at all.
//! - `Retry-After` (header names are case-insensitive, the first one counts): delay-seconds are
//!   ASCII digits only and saturate at [`MAX_RETRY_AFTER_SECS`]; an HTTP-date (IMF-fixdate, RFC
//!   850, asctime) gives the seconds from `now` to that date, `0` when it is in the past. Any
//!   other value is ignored (`retry_after` is `None`). See [`parse_retry_after`].
//! - The request id comes from the body, else from the `Request-Id` header.

mod redact;
use redact::redact_secret_shapes;
use std::time::Duration;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::UnixTime;

/// A message taken from the response body is cut to at most this many bytes (plus `…`).
pub const MAX_MESSAGE_BYTES: usize = 1024;

/// A `code`, `param` or `request_id` longer than this many bytes is ignored, as if absent.
pub const MAX_FIELD_BYTES: usize = 255;

/// `Retry-After` values (and HTTP-dates) further away than this many seconds saturate to it.
///
/// `u32::MAX` seconds is about 136 years: far enough to mean "not soon", small enough that
/// `retry_after * 1000` fits every integer type and is exact in a JavaScript number.
pub const MAX_RETRY_AFTER_SECS: u64 = u32::MAX as u64;

/// What kind of failure an API response is, from its HTTP status (SPEC section 5).
///
/// ```
/// use kinetic_flow_core::api_error::ErrorKind;
/// assert_eq!(ErrorKind::RateLimited.as_str(), "rate_limited");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// 400: the request is malformed or misses required fields.
    BadRequest,
    /// 401: the API key is invalid or missing.
    Unauthorized,
    /// 403: the API key may not do this.
    Forbidden,
    /// 404: no such resource.
    NotFound,
    /// 409: a different body was sent with an idempotency key already used.
    IdempotencyConflict,
    /// 429: too many requests; retry later.
    RateLimited,
    /// 500, 502, 503, 504: the API or a gateway failed; retry later.
    ServerError,
    /// Any other non-2xx status (including 1xx, 3xx and statuses outside 100-599).
    UnexpectedStatus,
}

impl ErrorKind {
    /// The stable string for this kind, the same in Rust and JS (`"bad_request"`, …).
    ///
    /// ```
    /// use kinetic_flow_core::api_error::ErrorKind;
    /// assert_eq!(ErrorKind::IdempotencyConflict.as_str(), "idempotency_conflict");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::BadRequest => "bad_request",
            ErrorKind::Unauthorized => "unauthorized",
            ErrorKind::Forbidden => "forbidden",
            ErrorKind::NotFound => "not_found",
            ErrorKind::IdempotencyConflict => "idempotency_conflict",
            ErrorKind::RateLimited => "rate_limited",
            ErrorKind::ServerError => "server_error",
            ErrorKind::UnexpectedStatus => "unexpected_status",
        }
    }
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The one table of SPEC section 5: status, kind, retryable. Every other non-2xx status is
/// `unexpected_status`, retryable when it is a 5xx ([`classify`]).
const STATUS_TABLE: &[(u16, ErrorKind, bool)] = &[
    (400, ErrorKind::BadRequest, false),
    (401, ErrorKind::Unauthorized, false),
    (403, ErrorKind::Forbidden, false),
    (404, ErrorKind::NotFound, false),
    (409, ErrorKind::IdempotencyConflict, false),
    (429, ErrorKind::RateLimited, true),
    (500, ErrorKind::ServerError, true),
    (502, ErrorKind::ServerError, true),
    (503, ErrorKind::ServerError, true),
    (504, ErrorKind::ServerError, true),
];

/// The kind of a status and whether it is worth retrying, or `None` for a 2xx (success).
///
/// Statuses outside `100..=599` are `unexpected_status` and not retryable.
///
/// ```
/// use kinetic_flow_core::api_error::{classify, ErrorKind};
/// assert_eq!(classify(201), None);
/// assert_eq!(classify(409), Some((ErrorKind::IdempotencyConflict, false)));
/// assert_eq!(classify(503), Some((ErrorKind::ServerError, true)));
/// assert_eq!(classify(507), Some((ErrorKind::UnexpectedStatus, true)));
/// assert_eq!(classify(418), Some((ErrorKind::UnexpectedStatus, false)));
/// assert_eq!(classify(999), Some((ErrorKind::UnexpectedStatus, false)));
/// ```
pub fn classify(status: u16) -> Option<(ErrorKind, bool)> {
    if (200..=299).contains(&status) {
        return None;
    }
    let row = STATUS_TABLE.iter().find(|(s, _, _)| *s == status);
    Some(match row {
        Some(&(_, kind, retryable)) => (kind, retryable),
        None => (ErrorKind::UnexpectedStatus, (500..=599).contains(&status)),
    })
}

/// A decoded API error response.
///
/// `Display` reads `code: message (HTTP status, request req_…)`. Serialized (JSON) it is
/// `{ status, kind, code, message, param, request_id, retry_after, retryable }`.
///
/// ```
/// use kinetic_flow_core::api_error::{decode, ErrorKind};
/// let e = decode(404, br#"{"error":{"code":"resource_missing","message":"No such payment."}}"#, &[], 0).unwrap();
/// assert_eq!(e.kind, ErrorKind::NotFound);
/// assert_eq!(e.to_string(), "resource_missing: No such payment. (HTTP 404)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[non_exhaustive]
#[error("{code}: {message} (HTTP {status}{})", request_id_suffix(.request_id))]
pub struct ApiError {
    /// The HTTP status of the response.
    pub status: u16,
    /// The kind of failure, from the status.
    pub kind: ErrorKind,
    /// The body's `code`, or the kind's string when the body gives none.
    pub code: String,
    /// The body's `message` (capped at [`MAX_MESSAGE_BYTES`]), or a sentence made from the status.
    pub message: String,
    /// The request field the error is about, when the body names one.
    pub param: Option<String>,
    /// The API's request id (body `request_id`, else the `Request-Id` header): quote it to support.
    pub request_id: Option<String>,
    /// How long to wait, from the `Retry-After` header (see [`parse_retry_after`]); whole
    /// seconds. Serialized as a number of seconds.
    #[serde(serialize_with = "secs")]
    pub retry_after: Option<Duration>,
    /// Whether retrying the same request (with the same idempotency key) may succeed.
    pub retryable: bool,
}

fn secs<S: serde::Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_some(&d.as_secs()),
        None => s.serialize_none(),
    }
}

impl ApiError {
    /// An error from its status alone, with a sentence made from the status: what
    /// [`decode`] gives for an empty body. For a caller that rebuilds an error it saw earlier
    /// (the npm package's retry helper gets one back from JavaScript).
    ///
    /// ```
    /// use std::time::Duration;
    /// use kinetic_flow_core::api_error::{ApiError, ErrorKind};
    /// let e = ApiError::from_status(503, Some(Duration::from_secs(2))).unwrap();
    /// assert_eq!((e.kind, e.retryable, e.code.as_str()), (ErrorKind::ServerError, true, "server_error"));
    /// assert!(ApiError::from_status(204, None).is_none());
    /// ```
    pub fn from_status(status: u16, retry_after: Option<Duration>) -> Option<ApiError> {
        let (kind, retryable) = classify(status)?;
        Some(ApiError {
            status,
            kind,
            code: kind.as_str().to_owned(),
            message: status_sentence(status),
            param: None,
            request_id: None,
            retry_after,
            retryable,
        })
    }

    /// The same error with `retryable` set: for a caller that knows better than the status
    /// (a 2xx whose body was cut off is retryable with the same idempotency key).
    ///
    /// ```
    /// use kinetic_flow_core::api_error::ApiError;
    /// assert!(!ApiError::from_status(400, None).unwrap().with_retryable(false).retryable);
    /// ```
    pub fn with_retryable(mut self, retryable: bool) -> ApiError {
        self.retryable = retryable;
        self
    }

    /// The same error with `retry_after` set.
    ///
    /// ```
    /// use std::time::Duration;
    /// use kinetic_flow_core::api_error::ApiError;
    /// let e = ApiError::from_status(429, None).unwrap().with_retry_after(Some(Duration::from_secs(1)));
    /// assert_eq!(e.retry_after, Some(Duration::from_secs(1)));
    /// ```
    pub fn with_retry_after(mut self, retry_after: Option<Duration>) -> ApiError {
        self.retry_after = retry_after;
        self
    }

    /// Redacts every secret-shaped token in the error's texts (see [`redact_secret_shapes`]).
    pub(crate) fn redact_secret_shapes(&mut self) {
        for text in [
            Some(&mut self.code),
            Some(&mut self.message),
            self.param.as_mut(),
            self.request_id.as_mut(),
        ]
        .into_iter()
        .flatten()
        {
            redact_secret_shapes(text);
        }
    }

    /// The error for a 2xx whose body is not JSON (empty, cut off, a proxy's page): kind
    /// `unexpected_status`, code `invalid_response`, retryable, because the request may have
    /// taken effect and retrying it with the same idempotency key returns its result.
    ///
    /// ```
    /// use kinetic_flow_core::api_error::{ApiError, ErrorKind};
    /// let e = ApiError::invalid_response(200, Some("req_1".into()));
    /// assert_eq!((e.kind, e.code.as_str(), e.retryable), (ErrorKind::UnexpectedStatus, "invalid_response", true));
    /// ```
    pub fn invalid_response(status: u16, request_id: Option<String>) -> ApiError {
        ApiError {
            status,
            kind: ErrorKind::UnexpectedStatus,
            code: "invalid_response".to_owned(),
            message: format!(
                "The API answered {status} but the body is not JSON (empty, cut off, or a \
                 proxy's page): the request may have taken effect; retry it with the same \
                 idempotency key to get its result."
            ),
            param: None,
            request_id,
            retry_after: None,
            retryable: true,
        }
    }
}

fn request_id_suffix(request_id: &Option<String>) -> String {
    match request_id {
        Some(id) => format!(", request {id}"),
        None => String::new(),
    }
}

/// Decodes an API response into an [`ApiError`], or `None` when `status` is 2xx.
///
/// `headers` are `(name, value)` pairs; names are matched case-insensitively. `now` is the
/// current time ([`UnixTime`]; an `i64` converts, as seconds), used only for a `Retry-After`
/// HTTP-date. Never panics.
///
/// ```
/// use kinetic_flow_core::api_error::{decode, ErrorKind};
///
/// assert!(decode(200, b"{}", &[], 0).is_none());
///
/// let body = br#"{"error":{"code":"rate_limited","message":"Slow down.","request_id":"req_123"}}"#;
/// let e = decode(429, body, &[("retry-after", "7")], 1_776_000_000).unwrap();
/// let seven = Some(std::time::Duration::from_secs(7));
/// assert_eq!((e.kind, e.retryable, e.retry_after), (ErrorKind::RateLimited, true, seven));
/// assert_eq!(e.request_id.as_deref(), Some("req_123"));
///
/// // An HTML page from a gateway still decodes, from the status alone.
/// let e = decode(502, b"<html>Bad Gateway</html>", &[("Request-Id", "req_9")], 0).unwrap();
/// assert_eq!(e.code, "server_error");
/// assert_eq!(e.message, "The API answered 502 Bad Gateway with no error details.");
/// assert_eq!(e.request_id.as_deref(), Some("req_9"));
/// ```
pub fn decode(
    status: u16,
    body: &[u8],
    headers: &[(&str, &str)],
    now: impl Into<UnixTime>,
) -> Option<ApiError> {
    let now = now.into();
    let (kind, retryable) = classify(status)?;
    let details = BodyDetails::read(body);
    let message = match details.message {
        Some(mut m) => {
            // Redacted before it is capped, so the cap holds for the text the error keeps.
            redact_secret_shapes(&mut m);
            cap_message(m)
        }
        None => status_sentence(status),
    };
    let request_id = details.request_id.or_else(|| request_id_header(headers));
    let retry_after = retry_after_header(headers, now);
    let mut error = ApiError {
        status,
        kind,
        code: details.code.unwrap_or_else(|| kind.as_str().to_owned()),
        message,
        param: details.param,
        request_id,
        retry_after,
        retryable,
    };
    error.redact_secret_shapes();
    Some(error)
}

/// The fields found in an error body, each already checked for type, emptiness and length.
#[derive(Default)]
struct BodyDetails {
    code: Option<String>,
    message: Option<String>,
    param: Option<String>,
    request_id: Option<String>,
}

impl BodyDetails {
    fn read(body: &[u8]) -> BodyDetails {
        let Some(Value::Object(top)) = crate::json::parse(body) else {
            return BodyDetails::default();
        };
        match top.get("error") {
            Some(Value::Object(inner)) => BodyDetails::from_object(inner),
            Some(Value::String(text)) => {
                let mut details = BodyDetails::from_object(&top);
                if details.message.is_none() && !text.trim().is_empty() {
                    details.message = Some(text.clone());
                }
                details
            }
            _ => BodyDetails::from_object(&top),
        }
    }

    fn from_object(obj: &Map<String, Value>) -> BodyDetails {
        let text = |name: &str| match obj.get(name) {
            Some(Value::String(s)) => Some(s.as_str()),
            _ => None,
        };
        BodyDetails {
            code: text("code").and_then(short_field),
            message: text("message")
                .filter(|m| !m.trim().is_empty())
                .map(str::to_owned),
            param: text("param").and_then(short_field),
            request_id: text("request_id").and_then(short_field),
        }
    }
}

/// A non-empty field of at most [`MAX_FIELD_BYTES`] bytes, else nothing. Secret-shaped tokens
/// are redacted first, so the bound holds for the text the error keeps (`…redacted` can be
/// longer than the secret it replaces: fuzz target `api_error_decode`, a `Request-Id` of 255
/// bytes ending in `sk_live_` and four letters).
fn short_field(s: &str) -> Option<String> {
    let mut s = s.to_owned();
    redact_secret_shapes(&mut s);
    (!s.is_empty() && s.len() <= MAX_FIELD_BYTES).then_some(s)
}

/// Cuts a message to [`MAX_MESSAGE_BYTES`] at a character boundary, appending `…` if cut.
fn cap_message(mut message: String) -> String {
    if message.len() <= MAX_MESSAGE_BYTES {
        return message;
    }
    let mut end = MAX_MESSAGE_BYTES;
    while !message.is_char_boundary(end) {
        end -= 1; // stops at 0 at the latest, which is always a boundary
    }
    message.truncate(end);
    message.push('…');
    message
}

/// The first value of the header `name` (given in lowercase), names compared case-insensitively.
fn header<'h>(headers: &[(&str, &'h str)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| *v)
}

/// The `Request-Id` header's value, trimmed, when non-empty and at most [`MAX_FIELD_BYTES`].
/// The `Retry-After` header as a delay, if present and valid (see [`parse_retry_after`]).
pub(crate) fn retry_after_header(headers: &[(&str, &str)], now: UnixTime) -> Option<Duration> {
    header(headers, "retry-after")
        .and_then(|v| parse_retry_after(v, now))
        .map(Duration::from_secs)
}

pub(crate) fn request_id_header(headers: &[(&str, &str)]) -> Option<String> {
    header(headers, "request-id").and_then(|v| short_field(v.trim()))
}

/// "The API answered 502 Bad Gateway with no error details."
fn status_sentence(status: u16) -> String {
    match reason_phrase(status) {
        Some(reason) => format!("The API answered {status} {reason} with no error details."),
        None => format!("The API answered {status} with no error details."),
    }
}

/// Reason phrases of RFC 9110 section 15, plus 429/431/511 (RFC 6585) and 451 (RFC 7725).
fn reason_phrase(status: u16) -> Option<&'static str> {
    Some(match status {
        100 => "Continue",
        101 => "Switching Protocols",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        305 => "Use Proxy",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        421 => "Misdirected Request",
        422 => "Unprocessable Content",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        511 => "Network Authentication Required",
        _ => return None,
    })
}

// ---------------------------------------------------------------------------------------------
// Retry-After (RFC 9110 section 10.2.3) and HTTP-date (section 5.6.7)
// ---------------------------------------------------------------------------------------------

/// Parses a `Retry-After` value into seconds to wait from `now` (Unix seconds).
///
/// Accepted, after trimming surrounding spaces and tabs:
/// - delay-seconds: one or more ASCII digits (no sign, no decimals), saturating at
///   [`MAX_RETRY_AFTER_SECS`];
/// - an HTTP-date in any of the three forms a recipient must accept: IMF-fixdate
///   (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`, a two-digit
///   year more than 50 years after `now`'s year means the previous century) and asctime
///   (`Sun Nov  6 08:49:37 1994`). Names are case-sensitive as in the RFC; the weekday must be
///   a weekday name but is not checked against the date; impossible dates (`31 Apr`) are
///   refused. A date at or before `now` gives `0`.
///
/// Anything else gives `None`.
///
/// ```
/// use kinetic_flow_core::api_error::parse_retry_after;
/// let now = 784_111_777; // Sun, 06 Nov 1994 08:49:37 GMT
/// assert_eq!(parse_retry_after("120", now), Some(120));
/// assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:50:37 GMT", now), Some(60));
/// assert_eq!(parse_retry_after("Sunday, 06-Nov-94 08:49:47 GMT", now), Some(10));
/// assert_eq!(parse_retry_after("Sun Nov  6 08:49:38 1994", now), Some(1));
/// assert_eq!(parse_retry_after("Sat, 05 Nov 1994 08:49:37 GMT", now), Some(0));
/// assert_eq!(parse_retry_after("-5", now), None);
/// assert_eq!(parse_retry_after("soon", now), None);
/// ```
pub fn parse_retry_after(value: &str, now: impl Into<UnixTime>) -> Option<u64> {
    let now = now.into().as_secs();
    let value = value.trim_matches(|c| c == ' ' || c == '\t');
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        let secs = value.bytes().fold(0u64, |acc, b| {
            acc.saturating_mul(10)
                .saturating_add(u64::from(b - b'0'))
                .min(MAX_RETRY_AFTER_SECS)
        });
        return Some(secs);
    }
    let date = parse_http_date(value, now)?;
    let diff = date.saturating_sub(now);
    Some(u64::try_from(diff).unwrap_or(0).min(MAX_RETRY_AFTER_SECS))
}

const DAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const DAY_NAMES_LONG: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// An HTTP-date in any of its three forms, as Unix seconds.
fn parse_http_date(s: &str, now: i64) -> Option<i64> {
    parse_imf_fixdate(s)
        .or_else(|| parse_rfc850(s, now))
        .or_else(|| parse_asctime(s))
}

/// `Sun, 06 Nov 1994 08:49:37 GMT`
fn parse_imf_fixdate(s: &str) -> Option<i64> {
    let (day_name, rest) = s.split_once(", ")?;
    if !DAY_NAMES.contains(&day_name) || rest.len() != 24 {
        return None;
    }
    let day = digits(rest.get(0..2)?)?;
    expect(rest, 2..3, " ")?;
    let month = month(rest.get(3..6)?)?;
    expect(rest, 6..7, " ")?;
    let year = digits(rest.get(7..11)?)?;
    expect(rest, 11..12, " ")?;
    let (h, m, sec) = time_of_day(rest.get(12..20)?)?;
    expect(rest, 20..24, " GMT")?;
    unix_time(i64::from(year), month, day, h, m, sec)
}

/// `Sunday, 06-Nov-94 08:49:37 GMT`
fn parse_rfc850(s: &str, now: i64) -> Option<i64> {
    let (day_name, rest) = s.split_once(", ")?;
    if !DAY_NAMES_LONG.contains(&day_name) || rest.len() != 22 {
        return None;
    }
    let day = digits(rest.get(0..2)?)?;
    expect(rest, 2..3, "-")?;
    let month = month(rest.get(3..6)?)?;
    expect(rest, 6..7, "-")?;
    let yy = i64::from(digits(rest.get(7..9)?)?);
    expect(rest, 9..10, " ")?;
    let (h, m, sec) = time_of_day(rest.get(10..18)?)?;
    expect(rest, 18..22, " GMT")?;
    // RFC 9110 section 5.6.7: a year that appears more than 50 years in the future is the most
    // recent past year with the same last two digits.
    let this_year = civil_year(now.div_euclid(86_400));
    let mut year = this_year - this_year.rem_euclid(100) + yy;
    if year > this_year + 50 {
        year -= 100;
    }
    unix_time(year, month, day, h, m, sec)
}

/// `Sun Nov  6 08:49:37 1994` (the day is two digits or a space and one digit)
fn parse_asctime(s: &str) -> Option<i64> {
    if s.len() != 24 || !DAY_NAMES.contains(&s.get(0..3)?) {
        return None;
    }
    expect(s, 3..4, " ")?;
    let month = month(s.get(4..7)?)?;
    expect(s, 7..8, " ")?;
    let day_text = s.get(8..10)?;
    let day = match day_text.strip_prefix(' ') {
        Some(one) => digits(one)?,
        None => digits(day_text)?,
    };
    expect(s, 10..11, " ")?;
    let (h, m, sec) = time_of_day(s.get(11..19)?)?;
    expect(s, 19..20, " ")?;
    let year = digits(s.get(20..24)?)?;
    unix_time(i64::from(year), month, day, h, m, sec)
}

fn expect(s: &str, range: std::ops::Range<usize>, want: &str) -> Option<()> {
    (s.get(range)? == want).then_some(())
}

/// A non-empty run of ASCII digits (at most 4 here) as a number.
fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.bytes().try_fold(0u32, |acc, b| {
        acc.checked_mul(10)?.checked_add(u32::from(b - b'0'))
    })
}

fn month(s: &str) -> Option<u32> {
    let index = MONTHS.iter().position(|m| *m == s)?;
    u32::try_from(index).ok()?.checked_add(1)
}

/// `HH:MM:SS`, hour 00-23, minute 00-59, second 00-60 (60 only for a leap second).
fn time_of_day(s: &str) -> Option<(u32, u32, u32)> {
    let h = digits(s.get(0..2)?)?;
    expect(s, 2..3, ":")?;
    let m = digits(s.get(3..5)?)?;
    expect(s, 5..6, ":")?;
    let sec = digits(s.get(6..8)?)?;
    (h <= 23 && m <= 59 && sec <= 60).then_some((h, m, sec))
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Unix seconds of a UTC civil date and time, or `None` for an impossible date.
fn unix_time(year: i64, month: u32, day: u32, h: u32, m: u32, sec: u32) -> Option<i64> {
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let secs = i64::from(h * 3600 + m * 60 + sec);
    days.checked_mul(86_400)?.checked_add(secs)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
/// Callers pass years within a few centuries of today, far from any overflow.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let (month, day) = (i64::from(month), i64::from(day));
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400); // [0, 399]
    let mp = (month + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + day - 1; // [0, 365]
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    era * 146_097 + doe - 719_468
}

/// The year of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`, year only).
/// Any `i64` seconds divided by 86 400 is far from overflowing these steps.
fn civil_year(days: i64) -> i64 {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11], March = 0
    let year = yoe + era * 400;
    if mp >= 10 {
        year + 1 // January and February belong to the next civil year
    } else {
        year
    }
}

// ---------------------------------------------------------------------------------------------
// Retry advice
// ---------------------------------------------------------------------------------------------

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
/// let p = RetryPolicy::new(Duration::from_millis(100), Duration::from_secs(5), 6);
/// assert_eq!(p.max_attempts, 6);
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
    /// A policy: the first retry's ceiling, the largest ceiling, how many retries at most.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use kinetic_flow_core::api_error::RetryPolicy;
    /// let p = RetryPolicy::new(Duration::from_secs(1), Duration::from_secs(30), 5);
    /// assert_eq!(p.base, Duration::from_secs(1));
    /// ```
    pub const fn new(base: Duration, max: Duration, max_attempts: u32) -> RetryPolicy {
        RetryPolicy {
            base,
            max,
            max_attempts,
        }
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy::new(Duration::from_millis(500), Duration::from_secs(20), 3)
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
/// let policy = RetryPolicy::default();
/// let e = decode(503, b"", &[], 0).unwrap();
/// let ms = |n| Some(std::time::Duration::from_millis(n));
/// assert_eq!(retry_delay(1, &e, &policy, 0.5), ms(250));   // 0.5 * 500
/// assert_eq!(retry_delay(3, &e, &policy, 0.5), ms(1_000)); // 0.5 * 2000
/// assert_eq!(retry_delay(4, &e, &policy, 0.5), None);      // out of attempts
///
/// let e = decode(429, b"", &[("Retry-After", "3")], 0).unwrap();
/// assert_eq!(retry_delay(1, &e, &policy, 0.1), ms(3_000)); // never below Retry-After
///
/// let e = decode(400, b"", &[], 0).unwrap();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_from_civil_known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1994, 11, 6), 9_075);
        assert_eq!(days_from_civil(2026, 4, 1), 20_544);
    }

    #[test]
    fn civil_year_round_trips_days_from_civil() {
        for year in [
            1600i64, 1899, 1900, 1969, 1970, 1999, 2000, 2024, 2100, 9999,
        ] {
            for (m, d) in [(1, 1), (2, 28), (3, 1), (12, 31)] {
                assert_eq!(
                    civil_year(days_from_civil(year, m, d)),
                    year,
                    "{year}-{m}-{d}"
                );
            }
        }
    }

    #[test]
    fn civil_year_survives_extreme_now() {
        // Must not overflow for any i64 seconds value.
        let _ = civil_year(i64::MIN.div_euclid(86_400));
        let _ = civil_year(i64::MAX.div_euclid(86_400));
        // Years around +-292 billion: whatever the two-digit year means then, no panic.
        let _ = parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", i64::MIN);
        let _ = parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", i64::MAX);
        let date = "Sun, 06 Nov 1994 08:49:37 GMT";
        assert_eq!(parse_retry_after(date, i64::MAX), Some(0));
        assert_eq!(
            parse_retry_after(date, i64::MIN),
            Some(MAX_RETRY_AFTER_SECS)
        );
    }

    #[test]
    fn rfc850_two_digit_year_window() {
        // now in 2026: "76" is 2076 (exactly 50 years ahead), "77" is 1977.
        let now = unix_time(2026, 6, 1, 0, 0, 0).unwrap();
        let y2076 = unix_time(2076, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(
            parse_rfc850("Friday, 01-Jan-76 00:00:00 GMT", now),
            Some(y2076)
        );
        let y1977 = unix_time(1977, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(
            parse_rfc850("Saturday, 01-Jan-77 00:00:00 GMT", now),
            Some(y1977)
        );
    }

    #[test]
    fn message_cap_respects_char_boundaries() {
        let long = "é".repeat(MAX_MESSAGE_BYTES); // 2 bytes each
        let capped = cap_message(long);
        assert!(capped.ends_with('…'));
        assert_eq!(capped.len(), MAX_MESSAGE_BYTES + '…'.len_utf8());
        let short = "x".repeat(MAX_MESSAGE_BYTES);
        assert_eq!(cap_message(short.clone()), short);
    }

    #[test]
    fn every_table_row_is_classified_by_the_table() {
        for &(status, kind, retryable) in STATUS_TABLE {
            assert_eq!(classify(status), Some((kind, retryable)));
            assert!(reason_phrase(status).is_some());
        }
    }
}
