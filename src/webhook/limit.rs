//! The body-size limit of a webhook endpoint: how many bytes of a delivery an
//! endpoint reads before it answers `413 payload_too_large`. The npm package's handlers
//! (`webhooks.handler`, `middleware`, `lambda`) take it as `maxBodyBytes` and ask
//! [`BodyLimit::check`] as the bytes arrive; the rule, the default and the error live here.
//!
//! [`Verifier::verify`](super::Verifier::verify) does not apply it: it verifies the bytes the
//! caller already read, and refusing them then would protect no memory. A limit belongs where the
//! body is read (the handlers here, axum's `DefaultBodyLimit` for the `axum` extractor).

use super::WebhookError;

/// The default body-size limit: 1 MiB (1,048,576 bytes).
///
/// A Kinetic Flow event is about 2 KiB, so this leaves room for 500 times that (large
/// `metadata`, future fields) while a client can no longer make a webhook route buffer
/// gigabytes. For comparison: `express.raw()` and `express.json()` default to 100 kB, Fastify's
/// `bodyLimit` and Next.js's Pages API routes and Server Actions to 1 MB, axum's
/// `DefaultBodyLimit` to 2 MB; Next.js App Router route handlers, Workers, Deno and Bun (128 MiB)
/// have no limit of their own that a webhook route would meet first.
///
/// ```
/// use kinetic_flow_core::webhook::{BodyLimit, DEFAULT_MAX_BODY_BYTES};
/// assert_eq!(DEFAULT_MAX_BODY_BYTES, 1_048_576);
/// assert_eq!(BodyLimit::default().get(), DEFAULT_MAX_BODY_BYTES);
/// ```
pub const DEFAULT_MAX_BODY_BYTES: u64 = 1024 * 1024;

/// A body-size limit in bytes: at least 1 (a limit of 0 would refuse every delivery, and is
/// what an empty setting read as a number gives).
///
/// ```
/// use kinetic_flow_core::webhook::BodyLimit;
/// let limit = BodyLimit::new(4096).unwrap();
/// assert!(limit.check(4096).is_ok());
/// let err = limit.check(4097).unwrap_err();
/// assert_eq!((err.code(), err.http_status()), ("payload_too_large", 413));
/// assert_eq!(err.to_string(), "The webhook body is larger than the limit of 4096 bytes.");
/// assert!(err.advice().contains("maxBodyBytes"));
/// assert_eq!(BodyLimit::new(0), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BodyLimit(u64);

impl BodyLimit {
    /// [`DEFAULT_MAX_BODY_BYTES`].
    pub const DEFAULT: BodyLimit = BodyLimit(DEFAULT_MAX_BODY_BYTES);

    /// A limit of `max` bytes; `None` for 0.
    ///
    /// ```
    /// use kinetic_flow_core::webhook::BodyLimit;
    /// assert_eq!(BodyLimit::new(1).map(BodyLimit::get), Some(1));
    /// assert_eq!(BodyLimit::new(0), None);
    /// ```
    pub const fn new(max: u64) -> Option<BodyLimit> {
        if max == 0 {
            None
        } else {
            Some(BodyLimit(max))
        }
    }

    /// The limit in bytes.
    ///
    /// ```
    /// use kinetic_flow_core::webhook::BodyLimit;
    /// assert_eq!(BodyLimit::DEFAULT.get(), 1 << 20);
    /// ```
    pub const fn get(self) -> u64 {
        self.0
    }

    /// Whether a body of `len` bytes (or a body of which `len` bytes have arrived so far) is
    /// within the limit: at most [`get`](Self::get) bytes pass, one more is
    /// [`WebhookError::PayloadTooLarge`].
    ///
    /// ```
    /// use kinetic_flow_core::webhook::{BodyLimit, WebhookError};
    /// assert!(BodyLimit::DEFAULT.check(1 << 20).is_ok());
    /// let err = BodyLimit::DEFAULT.check((1 << 20) + 1).unwrap_err();
    /// assert_eq!(err, WebhookError::PayloadTooLarge { limit: 1 << 20 });
    /// ```
    pub fn check(self, len: u64) -> Result<(), WebhookError> {
        if len > self.0 {
            Err(WebhookError::PayloadTooLarge { limit: self.0 })
        } else {
            Ok(())
        }
    }
}

impl Default for BodyLimit {
    /// [`BodyLimit::DEFAULT`].
    ///
    /// ```
    /// use kinetic_flow_core::webhook::BodyLimit;
    /// assert_eq!(BodyLimit::default(), BodyLimit::DEFAULT);
    /// ```
    fn default() -> BodyLimit {
        BodyLimit::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_the_limit_passes_one_byte_over_is_413() {
        for max in [1, 2, 4096, DEFAULT_MAX_BODY_BYTES, u64::MAX - 1] {
            let limit = BodyLimit::new(max).unwrap();
            assert_eq!(limit.check(0), Ok(()));
            assert_eq!(limit.check(max), Ok(()));
            let err = limit.check(max + 1).unwrap_err();
            assert_eq!(err, WebhookError::PayloadTooLarge { limit: max });
            assert_eq!(err.code(), "payload_too_large");
            assert_eq!(err.http_status(), 413);
            assert!(err.to_string().contains(&format!("{max} bytes")));
            assert!(err.advice().contains("maxBodyBytes"));
            assert!(err.advice().contains("DefaultBodyLimit"));
        }
        assert!(BodyLimit::new(u64::MAX).unwrap().check(u64::MAX).is_ok());
        assert_eq!(BodyLimit::new(0), None);
        assert_eq!(BodyLimit::default().get(), 1_048_576);
    }
}
