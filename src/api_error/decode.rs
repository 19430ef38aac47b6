//! [`decode`]: an error response (status, body, headers) read into an [`ApiError`]; never fails.

use super::*;

/// Decodes an API response into an [`ApiError`], or `None` when `status` is 2xx.
///
/// `headers` are `(name, value)` pairs; names are matched case-insensitively. `now` is the
/// current time ([`UnixTime`], seconds), used only for a `Retry-After`
/// HTTP-date. Never panics.
///
/// ```
/// use kinetic_flow_core::api_error::{decode, ErrorKind};
/// use kinetic_flow_core::UnixTime;
///
/// assert!(decode(200, b"{}", &[], UnixTime::EPOCH).is_none());
///
/// let body = br#"{"error":{"code":"rate_limited","message":"Slow down.","request_id":"req_123"}}"#;
/// let e = decode(429, body, &[("retry-after", "7")], UnixTime::from_secs(1_776_000_000)).unwrap();
/// let seven = Some(std::time::Duration::from_secs(7));
/// assert_eq!((e.kind, e.retryable, e.retry_after), (ErrorKind::RateLimited, true, seven));
/// assert_eq!(e.request_id.as_deref(), Some("req_123"));
///
/// // An HTML page from a gateway still decodes, from the status alone.
/// let e = decode(502, b"<html>Bad Gateway</html>", &[("Request-Id", "req_9")], UnixTime::EPOCH).unwrap();
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
            secret::redact(&mut m);
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
pub(super) struct BodyDetails {
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
pub(super) fn short_field(s: &str) -> Option<String> {
    let mut s = s.to_owned();
    secret::redact(&mut s);
    (!s.is_empty() && s.len() <= MAX_FIELD_BYTES).then_some(s)
}

/// Cuts a message to [`MAX_MESSAGE_BYTES`] at a character boundary, appending `…` if cut.
pub(super) fn cap_message(mut message: String) -> String {
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
pub(super) fn header<'h>(headers: &[(&str, &'h str)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| *v)
}

/// The `Request-Id` header's value, trimmed, when non-empty and at most [`MAX_FIELD_BYTES`].
/// The `Retry-After` header as a delay, if present and valid (see [`parse_retry_after`]).
pub(crate) fn retry_after_header(headers: &[(&str, &str)], now: UnixTime) -> Option<Duration> {
    header(headers, "retry-after").and_then(|v| parse_retry_after(v, now))
}

pub(crate) fn request_id_header(headers: &[(&str, &str)]) -> Option<String> {
    header(headers, "request-id").and_then(|v| short_field(v.trim()))
}

/// "The API answered 502 Bad Gateway with no error details."
pub(super) fn status_sentence(status: u16) -> String {
    let mut out = String::from("The API answered ");
    out.push_str(&crate::digits::num(status.into()));
    if let Some(reason) = reason_phrase(status) {
        out.push(' ');
        out.push_str(reason);
    }
    out.push_str(" with no error details.");
    out
}

/// Reason phrases of RFC 9110 section 15, plus 429/431/511 (RFC 6585) and 451 (RFC 7725).
pub(super) fn reason_phrase(status: u16) -> Option<&'static str> {
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
