//! [`ApiError`]: a decoded error response, and how it is made and redacted.

use super::*;

/// A decoded API error response.
///
/// `Display` reads `code: message (HTTP status, request req_…)`. Serialized (JSON) it is
/// `{ status, kind, code, message, param, request_id, retry_after, retryable }`.
///
/// ```
/// use kinetic_flow_core::api_error::{decode, ErrorKind};
/// use kinetic_flow_core::UnixTime;
/// let e = decode(404, br#"{"error":{"code":"resource_missing","message":"No such payment."}}"#, &[], UnixTime::EPOCH).unwrap();
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

pub(super) fn secs<S: serde::Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
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

    /// Redacts every secret-shaped token in the error's texts (`secret::redact`).
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
            secret::redact(text);
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
            message: crate::text::cat(&[
                "The API answered ",
                &crate::digits::num(status.into()),
                " but the body is not JSON (empty, cut off, or a proxy's page): the request may \
                 have taken effect; retry it with the same idempotency key to get its result.",
            ]),
            param: None,
            request_id,
            retry_after: None,
            retryable: true,
        }
    }
}

pub(super) fn request_id_suffix(request_id: &Option<String>) -> String {
    match request_id {
        Some(id) => format!(", request {id}"),
        None => String::new(),
    }
}
