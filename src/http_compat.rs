//! The `http` feature: the core's plain data in and out of the [`http`] crate's types, for
//! hyper, axum, reqwest, tower and any client or server built on them. Still no I/O.
//!
//! ```
//! use kinetic_flow_core::request::Client;
//! let client = Client::new("sk_test_abc")?;
//! let request: http::Request<String> = client.build_retrieve_event("evt_1")?.try_into()?;
//! assert_eq!(request.method(), http::Method::GET);
//! assert_eq!(request.uri(), "https://api.kinetic.dev/v1/events/evt_1");
//! assert_eq!(request.headers()["kinetic-version"], "2026-04-01");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use http::header::HeaderMap;

use crate::api_error::{self, ApiError};
use crate::request::{HttpRequest, Method};
use crate::webhook::{MalformedReason, Verified, Verifier, WebhookError, SIGNATURE_HEADER};
use crate::UnixTime;

impl TryFrom<HttpRequest> for http::Request<String> {
    type Error = http::Error;

    /// The request with its method, URL, headers (in order) and body (empty for a GET).
    /// Fails only if the `http` crate refuses a value, which the builders never produce.
    fn try_from(request: HttpRequest) -> Result<http::Request<String>, http::Error> {
        let method = match request.method {
            Method::Get => http::Method::GET,
            _ => http::Method::POST,
        };
        let mut builder = http::Request::builder().method(method).uri(request.url);
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        builder.body(request.body.unwrap_or_default())
    }
}

/// The `Kinetic-Signature` value from request headers: absent is `missing_signature_header`
/// (as an empty value is), more than one is `malformed_signature_header` (a sender writes one).
fn signature_header(headers: &HeaderMap) -> Result<&[u8], WebhookError> {
    let mut values = headers.get_all(SIGNATURE_HEADER).iter();
    let first = values.next();
    if values.next().is_some() {
        return Err(WebhookError::MalformedSignatureHeader {
            reason: MalformedReason::Repeated,
            header: String::new(),
        });
    }
    Ok(first.map_or(&[][..], |v| v.as_bytes()))
}

impl Verifier {
    /// [`Verifier::verify`] reading `Kinetic-Signature` from the request's headers (any case;
    /// the value as bytes, so one that is not UTF-8 is `malformed_signature_header`). The
    /// `http` feature.
    ///
    /// ```
    /// use kinetic_flow_core::webhook::{sign, Verifier};
    /// use kinetic_flow_core::UnixTime;
    /// let body = br#"{"id":"evt_1","type":"payment.created","data":{"object":{}}}"#;
    /// let mut headers = http::HeaderMap::new();
    /// headers.insert("kinetic-signature", sign(body, &["whsec_a"], UnixTime::from_secs(1000)).unwrap().parse().unwrap());
    /// let v = Verifier::new(&["whsec_a"]).unwrap();
    /// assert_eq!(v.verify_headers(body, &headers, UnixTime::from_secs(1000)).unwrap().event.id, "evt_1");
    /// let err = v.verify_headers(body, &http::HeaderMap::new(), UnixTime::from_secs(1000)).unwrap_err();
    /// assert_eq!(err.code(), "missing_signature_header");
    /// headers.append("kinetic-signature", "t=1".parse().unwrap());
    /// assert_eq!(v.verify_headers(body, &headers, UnixTime::from_secs(1000)).unwrap_err().code(), "malformed_signature_header");
    /// ```
    #[cfg_attr(docsrs, doc(cfg(feature = "http")))]
    pub fn verify_headers(
        &self,
        payload: &[u8],
        headers: &HeaderMap,
        now: impl Into<UnixTime>,
    ) -> Result<Verified, WebhookError> {
        self.verify(payload, signature_header(headers)?, now)
    }
}

impl ApiError {
    /// [`api_error::decode`] from `http` response parts (status and headers; header values
    /// that are not text are skipped). The `http` feature.
    ///
    /// ```
    /// use kinetic_flow_core::api_error::ApiError;
    /// use kinetic_flow_core::UnixTime;
    /// let response = http::Response::builder().status(429).header("retry-after", "2").body(()).unwrap();
    /// let (parts, ()) = response.into_parts();
    /// let err = ApiError::from_response_parts(&parts, b"", UnixTime::EPOCH).unwrap();
    /// assert_eq!((err.code.as_str(), err.retry_after.unwrap().as_secs()), ("rate_limited", 2));
    /// ```
    #[cfg_attr(docsrs, doc(cfg(feature = "http")))]
    pub fn from_response_parts(
        parts: &http::response::Parts,
        body: &[u8],
        now: impl Into<UnixTime>,
    ) -> Option<ApiError> {
        let headers: Vec<(&str, &str)> = parts
            .headers
            .iter()
            .filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?)))
            .collect();
        api_error::decode(parts.status.as_u16(), body, &headers, now)
    }
}
