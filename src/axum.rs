//! The `axum` feature: an extractor that yields the verified event of a webhook delivery, and a
//! rejection that answers 400, 413 or 500 with `{"error":{"code"}}`. A thin adapter: it reads the raw body and the
//! `Kinetic-Signature` header, calls [`Verifier::verify_headers`] with the system clock, and maps
//! the outcome to a response; every decision (and the status of each error,
//! [`WebhookError::http_status`]) is the core's.
//!
//! Put a [`VerifierState`] in the router state (directly, or as a field of your state with
//! `FromRef`), then take [`VerifiedWebhook`] as the handler's last argument (it reads the body):
//!
//! ```
//! use axum::{routing::post, Json, Router};
//! use kinetic_flow_core::axum::{VerifiedWebhook, VerifierState};
//!
//! async fn webhook(VerifiedWebhook(verified): VerifiedWebhook) -> Json<serde_json::Value> {
//!     // De-duplicate on the id: deliveries are retried for up to 72 hours.
//!     println!("{} {}", verified.event.event_type, verified.event.id);
//!     Json(serde_json::json!({ "received": true }))
//! }
//!
//! // Built once at start-up; an invalid secret is answered 500 `invalid_secret` (use
//! // `Verifier::new(..)?` and `VerifierState::from` to refuse to start instead).
//! let state = VerifierState::new(&["whsec_test_secret"]);
//! let app: Router = Router::new().route("/webhooks", post(webhook)).with_state(state);
//! ```
//!
//! A delivery that fails verification is answered `400 {"error":{"code":"signature_mismatch"}}`
//! (or `missing_signature_header`, `malformed_signature_header`, `timestamp_outside_tolerance`,
//! `invalid_event`); a configuration error `500 {"error":{"code":"invalid_secret"}}`, so that the
//! sender retries once it is fixed. The body holds the code only (never a secret, the payload or
//! the message); to log the message, take `Result<VerifiedWebhook, WebhookRejection>` and log the
//! error's `Display`, which never contains a secret either.
//!
//! Choices of this adapter: the body is read with axum's limit (`DefaultBodyLimit`, 2 MB by
//! default, not the core's [`DEFAULT_MAX_BODY_BYTES`](crate::webhook::DEFAULT_MAX_BODY_BYTES) of
//! 1 MiB that the npm package's handlers apply: axum does not let an extractor tell whether the
//! application set `DefaultBodyLimit`, and capping the body again here would override a limit
//! the application raised on purpose; set `DefaultBodyLimit::max(1 << 20)` on the webhook route
//! for the same limit). A body over it is `413 {"error":{"code":"payload_too_large"}}` (the
//! core's code), one that cannot be read (the connection failed)
//! `400 {"error":{"code":"body_unreadable"}}`. Not on `wasm32-unknown-unknown`, which has no
//! system clock.

use std::sync::Arc;

use axum_core::extract::rejection::BytesRejection;
use axum_core::extract::{FromRef, FromRequest, Request};
use axum_core::response::{IntoResponse, Response};
use bytes::Bytes;
use http::{header, HeaderValue, StatusCode};

use crate::webhook::{Verified, Verifier, WebhookError};
use crate::UnixTime;

/// The router state [`VerifiedWebhook`] reads: a shared [`Verifier`], or the configuration error
/// that kept one from being built (every delivery is then answered 500 with its code, so the
/// sender retries once the secret is fixed). Cheap to clone (an `Arc`); `Debug` never shows a
/// secret.
///
/// ```
/// use kinetic_flow_core::{axum::VerifierState, webhook::Verifier};
/// let ready = VerifierState::from(Verifier::new(&["whsec_a"])?);
/// assert!(ready.verifier().is_ok());
/// let refused = VerifierState::new(&["sk_live_not_a_webhook_secret"]);
/// assert_eq!(refused.verifier().unwrap_err().code(), "invalid_secret");
/// assert!(!format!("{refused:?}").contains("not_a_webhook_secret"));
/// # Ok::<(), kinetic_flow_core::webhook::WebhookError>(())
/// ```
///
/// As a field of the application's state, reached through `FromRef`:
///
/// ```
/// use axum::{extract::FromRef, routing::post, Router};
/// use kinetic_flow_core::axum::{VerifiedWebhook, VerifierState};
///
/// #[derive(Clone)]
/// struct AppState {
///     webhooks: VerifierState,
///     orders: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
/// }
///
/// impl FromRef<AppState> for VerifierState {
///     fn from_ref(state: &AppState) -> VerifierState {
///         state.webhooks.clone()
///     }
/// }
///
/// async fn webhook(VerifiedWebhook(verified): VerifiedWebhook) -> &'static str {
///     println!("{}", verified.event.id);
///     r#"{"received":true}"#
/// }
///
/// let state = AppState { webhooks: VerifierState::new(&["whsec_a"]), orders: Default::default() };
/// let app: Router = Router::new().route("/webhooks", post(webhook)).with_state(state);
/// ```
#[derive(Debug, Clone)]
pub struct VerifierState {
    inner: Result<Arc<Verifier>, WebhookError>,
}

impl VerifierState {
    /// Keys a verifier with `secrets` ([`Verifier::new`]); never fails: a refused secret is kept
    /// as the error each delivery is answered with (`invalid_secret`, 500).
    ///
    /// ```
    /// use kinetic_flow_core::axum::VerifierState;
    /// let secret = std::env::var("KINETIC_WEBHOOK_SECRET").unwrap_or_default();
    /// let state = VerifierState::new(&[secret]); // unset: every delivery gets 500 invalid_secret
    /// # assert!(state.verifier().is_err());
    /// ```
    pub fn new<S: AsRef<str>>(secrets: &[S]) -> VerifierState {
        VerifierState::from(Verifier::new(secrets))
    }

    /// The verifier, or the configuration error deliveries are answered with.
    ///
    /// ```
    /// use std::time::Duration;
    /// use kinetic_flow_core::{axum::VerifierState, webhook::Verifier};
    /// let state = VerifierState::from(Verifier::new(&["whsec_a"])?.tolerance(Duration::from_secs(60)));
    /// assert_eq!(state.verifier().unwrap().tolerance_value(), Duration::from_secs(60));
    /// # Ok::<(), kinetic_flow_core::webhook::WebhookError>(())
    /// ```
    pub fn verifier(&self) -> Result<&Verifier, &WebhookError> {
        self.inner.as_deref()
    }
}

impl From<Verifier> for VerifierState {
    /// A ready state.
    ///
    /// ```
    /// # use kinetic_flow_core::{axum::VerifierState, webhook::Verifier};
    /// let state: VerifierState = Verifier::new(&["whsec_a"]).unwrap().into();
    /// # assert!(state.verifier().is_ok());
    /// ```
    fn from(verifier: Verifier) -> VerifierState {
        VerifierState::from(Arc::new(verifier))
    }
}

impl From<Arc<Verifier>> for VerifierState {
    /// A ready state sharing a verifier the application already holds.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use kinetic_flow_core::{axum::VerifierState, webhook::Verifier};
    /// let shared = Arc::new(Verifier::new(&["whsec_a"]).unwrap());
    /// let state = VerifierState::from(Arc::clone(&shared));
    /// # assert!(state.verifier().is_ok());
    /// ```
    fn from(verifier: Arc<Verifier>) -> VerifierState {
        VerifierState {
            inner: Ok(verifier),
        }
    }
}

impl From<Result<Verifier, WebhookError>> for VerifierState {
    /// What [`Verifier::new`] returned: the verifier, or the error to answer with.
    ///
    /// ```
    /// # use kinetic_flow_core::{axum::VerifierState, webhook::Verifier};
    /// let state = VerifierState::from(Verifier::new(&[" whsec_a"]));
    /// assert_eq!(state.verifier().unwrap_err().code(), "invalid_secret");
    /// ```
    fn from(result: Result<Verifier, WebhookError>) -> VerifierState {
        VerifierState {
            inner: result.map(Arc::new),
        }
    }
}

/// The extractor: the delivery's verified event (with the secret that matched and the header's
/// timestamp), or a [`WebhookRejection`]. Reads the body, so it goes last among a handler's
/// arguments. Checks, in order: the state's configuration, then (in the core) the header, the
/// signature, the time against the system clock with the verifier's tolerance, and the event.
///
/// ```
/// use axum::{body::Body, extract::FromRequest, http::Request};
/// use kinetic_flow_core::axum::{VerifiedWebhook, VerifierState};
/// use kinetic_flow_core::{webhook::sign, UnixTime};
///
/// let state = VerifierState::new(&["whsec_a"]);
/// let delivery = |body: &str, header: &str| {
///     let request = Request::post("/webhooks").header("kinetic-signature", header);
///     request.body(Body::from(body.to_owned())).unwrap()
/// };
/// let body = r#"{"id":"evt_1","type":"payment.completed","data":{"object":{}}}"#;
/// let header = sign(body.as_bytes(), &["whsec_a"], UnixTime::now())?;
///
/// let runtime = tokio::runtime::Builder::new_current_thread().build()?;
/// runtime.block_on(async {
///     let VerifiedWebhook(verified) =
///         VerifiedWebhook::from_request(delivery(body, &header), &state).await.unwrap();
///     assert_eq!(verified.event.id.as_str(), "evt_1");
///
///     let tampered = body.replace("evt_1", "evt_2");
///     let err = VerifiedWebhook::from_request(delivery(&tampered, &header), &state).await.unwrap_err();
///     assert_eq!((err.status().as_u16(), err.code()), (400, "signature_mismatch"));
/// });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedWebhook(pub Verified);

impl<S> FromRequest<S> for VerifiedWebhook
where
    VerifierState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = WebhookRejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let verified = verify(req, state).await;
        #[cfg(feature = "tracing")]
        if let Err(rejection) = &verified {
            log_refusal(rejection);
        }
        verified
    }
}

/// The delivery verified with the state's verifier, or why not.
async fn verify<S>(req: Request, state: &S) -> Result<VerifiedWebhook, WebhookRejection>
where
    VerifierState: FromRef<S>,
    S: Send + Sync,
{
    let state = VerifierState::from_ref(state);
    let verifier = state.verifier().map_err(|e| e.clone())?;
    // The headers are moved out (the body extractor reads only the body and the limit in the
    // extensions), so nothing is copied.
    let (mut parts, body) = req.into_parts();
    let headers = std::mem::take(&mut parts.headers);
    let body = Bytes::from_request(Request::from_parts(parts, body), &()).await?;
    let verified = verifier.verify_headers(&body, &headers, UnixTime::now())?;
    Ok(VerifiedWebhook(verified))
}

/// A refusal in the log (feature `tracing`): a 5xx (the endpoint's configuration, such as a bad
/// secret) at `error`, a 4xx (the delivery) at `warn`, with the code, the status and the
/// message, which holds no secret and no payload.
#[cfg(feature = "tracing")]
fn log_refusal(rejection: &WebhookRejection) {
    let (code, status) = (rejection.code(), rejection.status().as_u16());
    if status >= 500 {
        tracing::error!(code, status, "webhook delivery refused: {rejection}");
    } else {
        tracing::warn!(code, status, "webhook delivery refused: {rejection}");
    }
}

/// Why [`VerifiedWebhook`] refused a delivery. As a response: its [`status`](Self::status) and
/// `{"error":{"code":"…"}}` with its [`code`](Self::code), nothing else. `Display` is the
/// message (no secret, no payload), for the log.
///
/// ```
/// use axum::response::IntoResponse;
/// use kinetic_flow_core::{axum::WebhookRejection, webhook::WebhookError};
/// let rejection = WebhookRejection::from(WebhookError::MissingSignatureHeader);
/// assert_eq!(rejection.code(), "missing_signature_header");
/// assert_eq!(rejection.to_string(), "The Kinetic-Signature header is missing or empty.");
/// let response = rejection.into_response();
/// assert_eq!(response.status(), 400);
/// assert_eq!(response.headers()["content-type"], "application/json");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookRejection {
    /// The core refused the delivery (400) or the endpoint's configuration (500).
    #[error(transparent)]
    Webhook(#[from] WebhookError),
    /// The body could not be read: over axum's body limit (413, `payload_too_large`), or the
    /// connection failed (400, `body_unreadable`).
    #[error(transparent)]
    Body(#[from] BytesRejection),
}

impl WebhookRejection {
    /// The stable code: the [`WebhookError`]'s, or `payload_too_large` / `body_unreadable` for a
    /// body that could not be read.
    ///
    /// ```
    /// use kinetic_flow_core::{axum::WebhookRejection, webhook::{SecretProblem, WebhookError}};
    /// let err = WebhookError::InvalidSecret { index: 0, problem: SecretProblem::ApiKey };
    /// assert_eq!(WebhookRejection::from(err).code(), "invalid_secret");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            WebhookRejection::Webhook(err) => err.code(),
            // The core's code for a body over the limit (the one the npm package's handlers
            // answer), whatever the limit was.
            WebhookRejection::Body(err) if err.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                WebhookError::PayloadTooLarge { limit: 0 }.code()
            }
            WebhookRejection::Body(_) => "body_unreadable",
        }
    }

    /// The HTTP status: [`WebhookError::http_status`] (400 for a delivery that fails
    /// verification, 500 for a configuration error), or axum's for a body that could not be read.
    ///
    /// ```
    /// use kinetic_flow_core::{axum::WebhookRejection, webhook::{SecretProblem, WebhookError}};
    /// let err = WebhookError::InvalidSecret { index: 0, problem: SecretProblem::Empty };
    /// assert_eq!(WebhookRejection::from(err).status(), 500);
    /// assert_eq!(WebhookRejection::from(WebhookError::MissingSignatureHeader).status(), 400);
    /// ```
    pub fn status(&self) -> StatusCode {
        match self {
            WebhookRejection::Webhook(err) => {
                StatusCode::from_u16(err.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            }
            WebhookRejection::Body(err) => err.status(),
        }
    }

    /// The core's error, when the core refused the delivery or the configuration.
    ///
    /// ```
    /// use kinetic_flow_core::{axum::WebhookRejection, webhook::WebhookError};
    /// let rejection = WebhookRejection::from(WebhookError::MissingSignatureHeader);
    /// assert_eq!(rejection.webhook_error(), Some(&WebhookError::MissingSignatureHeader));
    /// ```
    pub fn webhook_error(&self) -> Option<&WebhookError> {
        match self {
            WebhookRejection::Webhook(err) => Some(err),
            WebhookRejection::Body(_) => None,
        }
    }
}

impl IntoResponse for WebhookRejection {
    /// [`status`](WebhookRejection::status) with `{"error":{"code":"…"}}` as
    /// `application/json`.
    ///
    /// ```
    /// use axum::response::IntoResponse;
    /// use kinetic_flow_core::{axum::WebhookRejection, webhook::WebhookError};
    /// let err = WebhookError::SignatureMismatch { hints: vec![] };
    /// assert_eq!(WebhookRejection::from(err).into_response().status(), 400);
    /// ```
    fn into_response(self) -> Response {
        // A code is a fixed `[a-z_]` string: nothing to escape.
        let body = format!(r#"{{"error":{{"code":"{}"}}}}"#, self.code());
        let content_type = [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )];
        (self.status(), content_type, body).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::webhook::{sign, SecretProblem};
    use axum_core::body::Body;
    use http_body_util::BodyExt;

    const BODY: &str = r#"{"id":"evt_1","type":"payment.completed","data":{"object":{}}}"#;

    /// Runs one test's requests, one test at a time: tracing caches each log call site's
    /// interest globally, so a call site first reached on another test's thread while the logging
    /// test installs its subscriber can stay cached as "no subscriber wants this" (seen in CI).
    fn run<F: std::future::Future>(f: F) -> F::Output {
        static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _serial = SERIAL
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match tokio::runtime::Builder::new_current_thread().build() {
            Ok(rt) => rt.block_on(f),
            Err(e) => panic!("{e}"),
        }
    }

    fn delivery(headers: &[(&str, &[u8])], body: impl Into<Body>) -> Request {
        let mut builder = http::Request::post("/webhooks");
        for (name, value) in headers {
            builder = builder.header(*name, HeaderValue::from_bytes(value).unwrap());
        }
        builder.body(body.into()).unwrap()
    }

    /// The status and body the extractor answers with (200 and the event id when it passes).
    async fn answer(state: &VerifierState, req: Request) -> (u16, String) {
        match VerifiedWebhook::from_request(req, state).await {
            Ok(VerifiedWebhook(v)) => (200, v.event.id.as_str().to_owned()),
            Err(rejection) => {
                let response = rejection.into_response();
                assert_eq!(response.headers()["content-type"], "application/json");
                let status = response.status().as_u16();
                let bytes = response.into_body().collect().await.unwrap().to_bytes();
                (status, String::from_utf8(bytes.to_vec()).unwrap())
            }
        }
    }

    fn code(c: &str) -> String {
        format!(r#"{{"error":{{"code":"{c}"}}}}"#)
    }

    #[test]
    fn each_outcome_has_its_status_and_code_only() {
        let state = VerifierState::new(&["whsec_a"]);
        let now = UnixTime::now();
        let good = sign(BODY.as_bytes(), &["whsec_a"], now).unwrap();
        let stale = sign(
            BODY.as_bytes(),
            &["whsec_a"],
            UnixTime::from_secs(now.as_secs() - 400),
        )
        .unwrap();
        let other = sign(BODY.as_bytes(), &["whsec_b"], now).unwrap();
        let not_event = sign(b"[1]", &["whsec_a"], now).unwrap();
        let sig = "kinetic-signature";
        run(async {
            let ok = answer(&state, delivery(&[(sig, good.as_bytes())], BODY)).await;
            assert_eq!(ok, (200, "evt_1".to_owned()));
            let r = answer(&state, delivery(&[(sig, other.as_bytes())], BODY)).await;
            assert_eq!(r, (400, code("signature_mismatch")));
            let r = answer(&state, delivery(&[(sig, stale.as_bytes())], BODY)).await;
            assert_eq!(r, (400, code("timestamp_outside_tolerance")));
            let r = answer(&state, delivery(&[], BODY)).await;
            assert_eq!(r, (400, code("missing_signature_header")));
            let r = answer(&state, delivery(&[(sig, b"t=1,v1=\xff")], BODY)).await;
            assert_eq!(r, (400, code("malformed_signature_header")));
            let twice = [(sig, good.as_bytes()), (sig, good.as_bytes())];
            let r = answer(&state, delivery(&twice, BODY)).await;
            assert_eq!(r, (400, code("malformed_signature_header")));
            let r = answer(&state, delivery(&[(sig, not_event.as_bytes())], "[1]")).await;
            assert_eq!(r, (400, code("invalid_event")));

            let refused = VerifierState::new(&["sk_test_4eC39HqLyjWDarjtT1zdp7dc"]);
            let r = answer(&refused, delivery(&[(sig, good.as_bytes())], BODY)).await;
            assert_eq!(r, (500, code("invalid_secret")));
            let msg = refused.verifier().unwrap_err().to_string();
            assert!(!msg.contains("4eC39") && !format!("{refused:?}").contains("4eC39"));
        });
    }

    /// A body that fails after its first chunk, as a dropped connection does.
    struct Broken(bool);

    impl http_body::Body for Broken {
        type Data = Bytes;
        type Error = std::io::Error;
        fn poll_frame(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
            let first = !std::mem::replace(&mut self.0, true);
            std::task::Poll::Ready(Some(if first {
                Ok(http_body::Frame::data(Bytes::from_static(b"{\"id\"")))
            } else {
                Err(std::io::Error::other("connection reset"))
            }))
        }
    }

    #[test]
    fn a_body_that_cannot_be_read_has_its_own_code() {
        let state = VerifierState::new(&["whsec_a"]);
        run(async {
            // Over a limit (axum's `DefaultBodyLimit` caps the body the same way).
            let limited = Body::new(http_body_util::Limited::new(Body::from(BODY), 8));
            let r = answer(&state, delivery(&[], limited)).await;
            assert_eq!(r, (413, code("payload_too_large")));
            let r = answer(&state, delivery(&[], Body::new(Broken(false)))).await;
            assert_eq!(r, (400, code("body_unreadable")));
        });
        let err = WebhookError::InvalidSecret {
            index: 0,
            problem: SecretProblem::Empty,
        };
        let rejection = WebhookRejection::from(err.clone());
        assert_eq!(rejection.webhook_error(), Some(&err));
        assert_eq!(rejection.to_string(), err.to_string());
    }

    /// A subscriber that keeps each event as `LEVEL field=value ...`.
    #[cfg(feature = "tracing")]
    struct Lines(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

    #[cfg(feature = "tracing")]
    struct Text(String);

    #[cfg(feature = "tracing")]
    impl tracing::field::Visit for Text {
        fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
            self.0.push_str(&format!(" {}={:?}", field.name(), value));
        }
    }

    #[cfg(feature = "tracing")]
    impl tracing::Subscriber for Lines {
        fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
            tracing::span::Id::from_u64(1)
        }
        fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
        fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
        fn event(&self, event: &tracing::Event<'_>) {
            let mut text = Text(event.metadata().level().to_string());
            event.record(&mut text);
            self.0.lock().unwrap().push(text.0);
        }
        fn enter(&self, _: &tracing::span::Id) {}
        fn exit(&self, _: &tracing::span::Id) {}
    }

    #[cfg(feature = "tracing")]
    #[test]
    fn each_refusal_is_logged_without_the_secret_or_the_payload() {
        let lines = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let _guard = tracing::subscriber::set_default(Lines(lines.clone()));
        let now = UnixTime::now();
        let forged = sign(BODY.as_bytes(), &["whsec_Forger9"], now).unwrap();
        let good = sign(BODY.as_bytes(), &["whsec_a"], now).unwrap();
        let sig = "kinetic-signature";
        run(async {
            // No other test reaches the extractor while `run` holds its lock: recompute every
            // call site's interest with this thread's subscriber in place.
            tracing::callsite::rebuild_interest_cache();
            let state = VerifierState::new(&["whsec_Secret7"]);
            answer(&state, delivery(&[(sig, forged.as_bytes())], BODY)).await;
            let refused = VerifierState::new(&["sk_test_4eC39HqLyjWDarjtT1zdp7dc"]);
            answer(&refused, delivery(&[(sig, good.as_bytes())], BODY)).await;
            let state = VerifierState::new(&["whsec_a"]);
            assert_eq!(
                answer(&state, delivery(&[(sig, good.as_bytes())], BODY))
                    .await
                    .0,
                200
            );
        });
        let lines = lines.lock().unwrap().clone();
        assert_eq!(lines.len(), 2, "{lines:?}"); // the good delivery is not logged
        assert!(lines[0].starts_with("WARN") && lines[0].contains("code=\"signature_mismatch\""));
        assert!(lines[0].contains("status=400"), "{}", lines[0]);
        assert!(lines[1].starts_with("ERROR") && lines[1].contains("code=\"invalid_secret\""));
        assert!(lines[1].contains("status=500"), "{}", lines[1]);
        for line in &lines {
            for secret in ["Secret7", "Forger9", "4eC39", "payment.completed"] {
                assert!(!line.contains(secret), "{line}");
            }
        }
    }
}
