//! The core's axum extractor (`kinetic_flow_core::axum`), logging every refusal through
//! `tracing`: a `warn` event for a delivery that fails verification (4xx), an `error` event for
//! the endpoint's own configuration (5xx, e.g. `invalid_secret`). Each event has the `code` and
//! `status` fields and the message (never a secret or the payload). Feature `axum`.

use axum_core::extract::{FromRef, FromRequest, Request};
use kinetic_flow_core::axum as core_axum;
use kinetic_flow_core::webhook::Verified;

pub use kinetic_flow_core::axum::{VerifierState, WebhookRejection};

/// The verified event of a delivery: the core's `VerifiedWebhook`, with each refusal logged.
///
/// ```
/// use axum::{routing::post, Router};
/// use kinetic_flow::webhook::axum::{VerifiedWebhook, VerifierState};
///
/// async fn webhook(VerifiedWebhook(verified): VerifiedWebhook) -> &'static str {
///     let _event = verified.event; // de-duplicate on event.id
///     "ok"
/// }
/// let app: Router = Router::new()
///     .route("/webhooks", post(webhook))
///     .with_state(VerifierState::new(&["whsec_test"]));
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
        match core_axum::VerifiedWebhook::from_request(req, state).await {
            Ok(core_axum::VerifiedWebhook(verified)) => Ok(VerifiedWebhook(verified)),
            Err(rejection) => {
                let (code, status) = (rejection.code(), rejection.status().as_u16());
                if status >= 500 {
                    tracing::error!(code, status, "webhook endpoint misconfigured: {rejection}");
                } else {
                    tracing::warn!(code, status, "webhook delivery refused: {rejection}");
                }
                Err(rejection)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use axum_core::body::Body;
    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::{Event, Metadata, Subscriber};

    use super::*;

    /// Keeps each event's level and fields as text.
    #[derive(Clone, Default)]
    struct Log(Arc<Mutex<Vec<String>>>);

    struct Fields(String);

    impl Visit for Fields {
        fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
            self.0.push_str(&format!(" {}={:?}", field.name(), value));
        }
    }

    impl Subscriber for Log {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, _: &Attributes<'_>) -> Id {
            Id::from_u64(1)
        }
        fn record(&self, _: &Id, _: &Record<'_>) {}
        fn record_follows_from(&self, _: &Id, _: &Id) {}
        fn event(&self, event: &Event<'_>) {
            let mut fields = Fields(event.metadata().level().to_string());
            event.record(&mut fields);
            self.0.lock().unwrap().push(fields.0);
        }
        fn enter(&self, _: &Id) {}
        fn exit(&self, _: &Id) {}
    }

    fn extract(
        state: &VerifierState,
        header: Option<&str>,
        body: &'static str,
    ) -> Result<VerifiedWebhook, WebhookRejection> {
        let mut req = axum_core::extract::Request::new(Body::from(body));
        if let Some(h) = header {
            req.headers_mut()
                .insert("kinetic-signature", h.parse().unwrap());
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(VerifiedWebhook::from_request(req, state))
    }

    #[test]
    fn every_refusal_is_logged_and_a_good_delivery_is_not() {
        let log = Log::default();
        let body = r#"{"id":"evt_1","type":"payment.completed","data":{"object":{}}}"#;
        let header = kinetic_flow_core::webhook::sign(
            body.as_bytes(),
            &["whsec_test"],
            kinetic_flow_core::UnixTime::now(),
        )
        .unwrap();
        tracing::subscriber::with_default(log.clone(), || {
            let good = VerifierState::new(&["whsec_test"]);
            assert_eq!(
                extract(&good, Some(&header), body).unwrap().0.event.id,
                "evt_1"
            );
            assert_eq!(
                extract(&good, None, body).unwrap_err().code(),
                "missing_signature_header"
            );
            assert_eq!(
                extract(&good, Some(&header), "{}").unwrap_err().code(),
                "signature_mismatch"
            );
            let bad = VerifierState::new(&["sk_test_abc"]);
            assert_eq!(
                extract(&bad, Some(&header), body).unwrap_err().code(),
                "invalid_secret"
            );
        });
        let lines = log.0.lock().unwrap().clone();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(
            lines[0].starts_with("WARN")
                && lines[0].contains("code=\"missing_signature_header\"")
                && lines[0].contains("status=400"),
            "{lines:?}"
        );
        assert!(
            lines[1].contains("code=\"signature_mismatch\""),
            "{lines:?}"
        );
        assert!(
            lines[2].starts_with("ERROR") && lines[2].contains("status=500"),
            "{lines:?}"
        );
        assert!(
            lines.iter().all(|l| !l.contains("whsec_test")
                && !l.contains("sk_test_abc")
                && !l.contains("evt_1")),
            "{lines:?}"
        );
    }
}
