//! The advice part of a webhook error's message, for where the delivery was read: the npm
//! package's `webhooks.verify` in Node or in a fetch-style runtime, its middleware (which read the
//! raw body itself, or took the one a raw-body parser left), its Web handler, its Lambda handler
//! (which decoded a base64 body), or Rust. Each says one runtime's fix, never another's.
//!
//! ```
//! use kinetic_flow_core::webhook::{Reader, WebhookError};
//! let err = WebhookError::SignatureMismatch { hints: vec![] };
//! // The middleware read the raw body itself: telling it to add express.raw would point the
//! // wrong way.
//! assert!(!err.advice_for(Reader::MiddlewareStream).contains("express.raw"));
//! assert!(err.advice_for(Reader::NodeVerify).contains("express.raw"));
//! assert!(!err.advice_for(Reader::WebVerify).contains("express"));
//! let too_large = WebhookError::PayloadTooLarge { limit: 1 << 20 };
//! assert!(!too_large.advice_for(Reader::MiddlewareStream).contains("axum"));
//! ```

use super::WebhookError;

/// Where a delivery was read, as the shell that read it knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Reader {
    /// Rust code (`Verifier::verify` on bytes it read): [`WebhookError::advice`].
    Rust,
    /// The npm package's `webhooks.verify`, called with what a Node server handed over (a
    /// string, a Buffer, a Node headers record: Express, Fastify, `node:http`).
    NodeVerify,
    /// The npm package's `webhooks.verify`, called with a fetch `Request`'s parts (Workers,
    /// Deno, Bun, Next.js route handlers, browsers).
    WebVerify,
    /// The npm package's `webhooks.middleware`, which read the raw body from the request stream
    /// itself (no body parser ran).
    MiddlewareStream,
    /// The npm package's `webhooks.middleware`, with the `req.body` Buffer or string a raw-body
    /// parser left (`express.raw`, Fastify's buffer parser).
    MiddlewareBuffer,
    /// The npm package's `webhooks.handler`, which read the `Request`'s bytes itself.
    WebHandler,
    /// The npm package's `webhooks.lambda`, with a body it decoded from base64
    /// (`isBase64Encoded`).
    LambdaDecoded,
    /// The npm package's `webhooks.lambda`, with the body as the event carried it.
    Lambda,
}

impl Reader {
    /// The name the npm package passes: `node-verify`, `web-verify`, `middleware-stream`,
    /// `middleware-buffer`, `web-handler`, `lambda-decoded`, `lambda` (anything else: `None`).
    ///
    /// ```
    /// use kinetic_flow_core::webhook::Reader;
    /// assert_eq!(Reader::parse("lambda-decoded"), Some(Reader::LambdaDecoded));
    /// assert_eq!(Reader::parse("axum"), None);
    /// ```
    pub fn parse(name: &str) -> Option<Reader> {
        // A table, not a `match` on the text: one comparison loop in the wasm modules.
        const NAMES: [(&str, Reader); 7] = [
            ("node-verify", Reader::NodeVerify),
            ("web-verify", Reader::WebVerify),
            ("middleware-stream", Reader::MiddlewareStream),
            ("middleware-buffer", Reader::MiddlewareBuffer),
            ("web-handler", Reader::WebHandler),
            ("lambda-decoded", Reader::LambdaDecoded),
            ("lambda", Reader::Lambda),
        ];
        NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, reader)| reader)
    }
}

/// A mismatch on a body the shell itself read raw: the body was not the problem it usually is.
const READ_RAW: &str = "The body was verified exactly as received. Check that the secret is this endpoint's signing secret (whsec_…), and that no proxy in front of the route changes the body.";

impl WebhookError {
    /// How to fix it, for where the delivery was read: one runtime's recipe, and none where the
    /// shell already did it (the middleware that read the raw body is not told to add
    /// `express.raw`). [`Reader::Rust`] gives [`WebhookError::advice`].
    ///
    /// ```
    /// use kinetic_flow_core::webhook::{Reader, WebhookError};
    /// let nothing_read = WebhookError::PayloadNotRaw { found: "undefined".into() };
    /// assert!(nothing_read.advice_for(Reader::NodeVerify).starts_with("With Express, add express.raw"));
    /// let mismatch = WebhookError::SignatureMismatch { hints: vec![] };
    /// assert!(mismatch.advice_for(Reader::LambdaDecoded).contains("decoded from base64"));
    /// ```
    pub fn advice_for(&self, reader: Reader) -> &'static str {
        use Reader as R;
        use WebhookError as E;
        match (self, reader) {
            (_, R::Rust) => self.advice(),
            (E::SignatureMismatch { .. }, R::NodeVerify) => "Pass the raw body exactly as received: with Express, express.raw({ type: 'application/json' }) on the route, or use webhooks.middleware(), which reads it itself. Check that the secret is this endpoint's signing secret.",
            (E::SignatureMismatch { .. }, R::WebVerify) => "Pass the raw body exactly as received (await request.text(), never request.json()), or use webhooks.handler(), which reads it itself. Check that the secret is this endpoint's signing secret.",
            (E::SignatureMismatch { .. }, R::MiddlewareStream | R::WebHandler | R::Lambda) => READ_RAW,
            (E::SignatureMismatch { .. }, R::MiddlewareBuffer) => "req.body (from a raw-body parser such as express.raw) was verified as is. Check that the secret is this endpoint's signing secret (whsec_…), and that nothing before the parser changes the body.",
            (E::SignatureMismatch { .. }, R::LambdaDecoded) => "The body was decoded from base64 (isBase64Encoded) and verified as received. Check that the secret is this endpoint's signing secret (whsec_…), and that the API Gateway integration passes the body unchanged.",
            (E::PayloadNotRaw { .. }, R::NodeVerify) => "With Express, add express.raw({ type: 'application/json' }) to the webhook route (Express 5 leaves req.body undefined without a parser; express.json() parses it), or use webhooks.middleware(), which reads the body itself.",
            (E::PayloadNotRaw { .. }, R::MiddlewareStream | R::MiddlewareBuffer) => "A JSON body parser ran before this route: register the webhook route before app.use(express.json()), or give it express.raw({ type: 'application/json' }). With Fastify, give the route addContentTypeParser('application/json', { parseAs: 'buffer' }, …) in a plugin scope of its own.",
            (E::PayloadNotRaw { .. }, _) => "Pass the raw body: await request.text() (never request.json()), or use webhooks.handler(), which reads it itself.",
            (E::PayloadTooLarge { .. }, _) => "Kinetic Flow events are about 2 KiB; to accept larger bodies, raise maxBodyBytes.",
            (E::MissingSignatureHeader, R::NodeVerify | R::MiddlewareStream | R::MiddlewareBuffer) => "Read it from req.headers['kinetic-signature'], and check that no proxy strips it.",
            (E::MissingSignatureHeader, R::WebVerify | R::WebHandler) => "Read it with request.headers.get('Kinetic-Signature'), and check that no proxy strips it.",
            (E::MissingSignatureHeader, R::LambdaDecoded | R::Lambda) => "Check that the API Gateway route or Function URL forwards the Kinetic-Signature header.",
            _ => self.advice(),
        }
    }

    /// The generic advice of the error of `code` ([`WebhookError::advice`]), for a shell that
    /// replaces it with [`WebhookError::advice_for`]'s (the npm package's messages end with it),
    /// and that advice for `reader`; `None` for a code whose advice is the same everywhere.
    ///
    /// ```
    /// use kinetic_flow_core::webhook::{Reader, WebhookError};
    /// let (generic, here) = WebhookError::advice_pair("signature_mismatch", Reader::MiddlewareStream).unwrap();
    /// assert!(generic.contains("express.raw") && !here.contains("express.raw"));
    /// assert!(WebhookError::advice_pair("invalid_secret", Reader::NodeVerify).is_none());
    /// ```
    pub fn advice_pair(code: &str, reader: Reader) -> Option<(&'static str, &'static str)> {
        // The errors whose advice depends on the reader, found by their code: a table, not a
        // `match` on the text that builds one (one comparison loop, no drop, in the wasm modules).
        static VARIES: [WebhookError; 4] = [
            WebhookError::SignatureMismatch { hints: Vec::new() },
            WebhookError::PayloadNotRaw {
                found: String::new(),
            },
            WebhookError::PayloadTooLarge { limit: 0 },
            WebhookError::MissingSignatureHeader,
        ];
        let err = VARIES.iter().find(|e| e.code() == code)?;
        Some((err.advice(), err.advice_for(reader)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const READERS: [Reader; 7] = [
        Reader::NodeVerify,
        Reader::WebVerify,
        Reader::MiddlewareStream,
        Reader::MiddlewareBuffer,
        Reader::WebHandler,
        Reader::LambdaDecoded,
        Reader::Lambda,
    ];

    #[test]
    fn js_advice_names_no_other_runtime() {
        for code in [
            "signature_mismatch",
            "payload_not_raw",
            "payload_too_large",
            "missing_signature_header",
        ] {
            for reader in READERS {
                let (_, advice) = WebhookError::advice_pair(code, reader).unwrap();
                for other in ["Rust", "axum", "hyper", "DefaultBodyLimit"] {
                    assert!(!advice.contains(other), "{code} {reader:?}: {advice}");
                }
                let node = matches!(
                    reader,
                    Reader::NodeVerify | Reader::MiddlewareStream | Reader::MiddlewareBuffer
                );
                if !node {
                    assert!(
                        !advice.contains("express") && !advice.contains("req.headers"),
                        "{code} {reader:?}: {advice}"
                    );
                }
                if node {
                    assert!(
                        !advice.contains("request.text") && !advice.contains("Workers"),
                        "{code} {reader:?}: {advice}"
                    );
                }
                assert!(
                    advice.len() <= 300,
                    "{code} {reader:?}: {} chars",
                    advice.len()
                );
            }
        }
    }

    #[test]
    fn a_shell_that_read_the_raw_body_is_not_told_to() {
        for reader in [
            Reader::MiddlewareStream,
            Reader::WebHandler,
            Reader::LambdaDecoded,
            Reader::Lambda,
        ] {
            let (_, advice) = WebhookError::advice_pair("signature_mismatch", reader).unwrap();
            assert!(
                !advice.contains("raw body") && !advice.contains("express.raw"),
                "{reader:?}: {advice}"
            );
        }
        for name in [
            "node-verify",
            "web-verify",
            "middleware-stream",
            "middleware-buffer",
            "web-handler",
            "lambda-decoded",
            "lambda",
        ] {
            assert!(Reader::parse(name).is_some(), "{name}");
        }
    }
}
