//! Decoding Kinetic Flow API error responses, with retry advice.
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

use std::time::Duration;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::secret;
use crate::UnixTime;

mod decode;
mod error;
mod retry;
mod retry_after;

pub use decode::*;
pub use error::*;
pub use retry::*;
pub use retry_after::*;

/// A message taken from the response body is cut to at most this many bytes (plus `…`).
pub const MAX_MESSAGE_BYTES: usize = 1024;

/// A `code`, `param` or `request_id` longer than this many bytes is ignored, as if absent.
pub const MAX_FIELD_BYTES: usize = 255;

/// `Retry-After` values (and HTTP-dates) further away than this many seconds saturate to it.
///
/// `u32::MAX` seconds is about 136 years: far enough to mean "not soon", small enough that
/// `retry_after * 1000` fits every integer type and is exact in a JavaScript number.
pub const MAX_RETRY_AFTER_SECS: u64 = u32::MAX as u64;

/// What kind of failure an API response is, from its HTTP status.
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

/// The one table: status, kind, retryable. Every other non-2xx status is
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

#[cfg(test)]
mod tests {
    #[test]
    fn decode_never_repeats_a_secret_the_response_echoed() {
        let body = br#"{"error":{"message":"secret whsec_abc123 is wrong","param":"sk_live_XyZ"}}"#;
        let headers = [("Request-Id", "whsec_TortureSecretZ9y8X7w6V5u4T3s2")];
        let e = decode(400, body, &headers, UnixTime::from_secs(0)).unwrap();
        assert_eq!(e.message, "secret whsec_…redacted is wrong");
        assert_eq!(e.param.as_deref(), Some("sk_live_…redacted"));
        let e = decode(402, b"", &headers, UnixTime::from_secs(0)).unwrap();
        assert_eq!(e.request_id.as_deref(), Some("whsec_…redacted"));
    }

    #[test]
    fn the_length_bounds_hold_after_redaction() {
        // `…redacted` (11 bytes) is longer than a 4-letter secret part: a field at the bound
        // would grow past it if it were bounded first and redacted after.
        let at_bound = format!("{}sk_live_isag", "r".repeat(MAX_FIELD_BYTES - 12));
        assert_eq!(at_bound.len(), MAX_FIELD_BYTES);
        let e = decode(
            500,
            b"",
            &[("Request-Id", at_bound.as_str())],
            UnixTime::from_secs(0),
        )
        .unwrap();
        assert_eq!(e.request_id, None); // too long once redacted: dropped, as any long field
        let short = format!("{}sk_live_isag", "r".repeat(MAX_FIELD_BYTES - 20));
        let e = decode(
            500,
            b"",
            &[("Request-Id", short.as_str())],
            UnixTime::from_secs(0),
        )
        .unwrap();
        let id = e.request_id.unwrap();
        assert!(
            id.ends_with("sk_live_…redacted") && id.len() <= MAX_FIELD_BYTES,
            "{id}"
        );
        let message = format!("{}sk_live_isag", "m".repeat(MAX_MESSAGE_BYTES - 12));
        let body = format!(r#"{{"error":{{"message":"{message}"}}}}"#);
        let e = decode(500, body.as_bytes(), &[], UnixTime::from_secs(0)).unwrap();
        assert!(e.message.len() <= MAX_MESSAGE_BYTES + '…'.len_utf8());
        assert!(!e.message.contains("isag"), "{}", e.message);
    }

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
        let _ = retry_after_secs("Sunday, 06-Nov-94 08:49:37 GMT", i64::MIN);
        let _ = retry_after_secs("Sunday, 06-Nov-94 08:49:37 GMT", i64::MAX);
        let date = "Sun, 06 Nov 1994 08:49:37 GMT";
        assert_eq!(retry_after_secs(date, i64::MAX), Some(0));
        assert_eq!(retry_after_secs(date, i64::MIN), Some(MAX_RETRY_AFTER_SECS));
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
