//! [`Error`]: one error type for every way a call can fail.

use std::fmt;
use std::time::Duration;

use kinetic_flow_core::api_error::ApiError;
use kinetic_flow_core::call::{CallError, Failure, PolicyError};
use kinetic_flow_core::request::RequestError;
use kinetic_flow_core::FieldError;

/// What kind of failure an [`Error`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The client's configuration: an API key, a base URL or an option out of range.
    Config,
    /// The params or an id were refused before anything was sent.
    Invalid,
    /// The API answered with an error (after any retries the core allowed).
    Api,
    /// The API could not be reached, or its response was lost, on the last attempt.
    Connection,
    /// The last attempt got no answer within the per-attempt timeout.
    Timeout,
    /// The call's total deadline passed.
    Deadline,
    /// The OS's random source failed (no idempotency key could be drawn; nothing was sent).
    Random,
}

/// What went wrong on the wire, as the caller should read it.
#[derive(Debug)]
pub(crate) struct Transport {
    /// One short phrase: "connection refused", "no response within 5 s", …
    pub(crate) what: String,
    pub(crate) timed_out: bool,
    pub(crate) source: Option<reqwest::Error>,
}

#[derive(Debug)]
enum Repr {
    Config(String, &'static str),
    Invalid(RequestError),
    Call {
        host: String,
        error: CallError,
        transport: Option<Transport>,
    },
    Deadline {
        host: String,
        deadline: Duration,
        error: CallError,
        last: Option<String>,
        transport: Option<Transport>,
    },
    Random(getrandom::Error),
    HttpClient(reqwest::Error),
}

/// A failed call, or a client that could not be made.
///
/// `Display` is one sentence naming the cause (the host and what failed on the wire, or the
/// API's code and message) and, once something was sent, the attempts and the idempotency key
/// (retrying later with that key cannot pay twice). `source()` is the transport's error
/// (`reqwest`'s) for a connection failure, the field errors for refused params; never a
/// repeat of the `Display` text. No error holds the API key.
///
/// ```
/// let err = kinetic_flow::Client::new("sk_test_abc")?.base_url("http://example.com").unwrap_err();
/// assert_eq!(err.code(), "invalid_base_url");
/// assert_eq!(err.kind(), kinetic_flow::ErrorKind::Config);
/// # Ok::<(), kinetic_flow::Error>(())
/// ```
pub struct Error(Box<Repr>);

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("code", &self.code())
            .field("message", &self.to_string())
            .finish()
    }
}

impl Error {
    pub(crate) fn config(err: RequestError) -> Error {
        Error(Box::new(Repr::Config(err.to_string(), err.code())))
    }

    pub(crate) fn policy(err: PolicyError) -> Error {
        Error(Box::new(Repr::Config(err.to_string(), err.code())))
    }

    pub(crate) fn http_client(err: reqwest::Error) -> Error {
        Error(Box::new(Repr::HttpClient(err)))
    }

    pub(crate) fn invalid(err: RequestError) -> Error {
        Error(Box::new(Repr::Invalid(err)))
    }

    pub(crate) fn random(err: getrandom::Error) -> Error {
        Error(Box::new(Repr::Random(err)))
    }

    pub(crate) fn call(host: String, error: CallError, transport: Option<Transport>) -> Error {
        Error(Box::new(Repr::Call {
            host,
            error,
            transport,
        }))
    }

    pub(crate) fn deadline(
        host: String,
        deadline: Duration,
        error: CallError,
        last: Option<String>,
        transport: Option<Transport>,
    ) -> Error {
        Error(Box::new(Repr::Deadline {
            host,
            deadline,
            error,
            last,
            transport,
        }))
    }

    /// The stable code: the API's (`invalid_currency`, `idempotency_conflict`, …), or
    /// `connection_failed`, `timeout`, `deadline_exceeded`, `validation_failed`, `invalid_id`,
    /// `invalid_api_key`, `invalid_base_url`, `invalid_option`, `random_unavailable`,
    /// `http_client_unavailable`.
    pub fn code(&self) -> &str {
        match &*self.0 {
            Repr::Config(_, code) => code,
            Repr::Invalid(e) => e.code(),
            Repr::Call { error, .. } => error.code(),
            Repr::Deadline { .. } => "deadline_exceeded",
            Repr::Random(_) => "random_unavailable",
            Repr::HttpClient(_) => "http_client_unavailable",
        }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        match &*self.0 {
            Repr::Config(..) | Repr::HttpClient(_) => ErrorKind::Config,
            Repr::Invalid(_) => ErrorKind::Invalid,
            Repr::Call { error, .. } => match &error.failure {
                Failure::Api(_) => ErrorKind::Api,
                Failure::Connection { timed_out: true } => ErrorKind::Timeout,
                _ => ErrorKind::Connection,
            },
            Repr::Deadline { .. } => ErrorKind::Deadline,
            Repr::Random(_) => ErrorKind::Random,
        }
    }

    /// The API's error, when it answered one (status, code, message, param, request id,
    /// `Retry-After`).
    pub fn api_error(&self) -> Option<&ApiError> {
        match &*self.0 {
            Repr::Call { error, .. } => error.api_error(),
            _ => None,
        }
    }

    /// Each refused field (`param`, `code`, `message`) when params were refused before sending.
    pub fn field_errors(&self) -> &[FieldError] {
        match &*self.0 {
            Repr::Invalid(e) => e.errors(),
            _ => &[],
        }
    }

    /// How many requests were started (0 when nothing was sent).
    pub fn attempts(&self) -> u32 {
        self.call_error().map_or(0, |e| e.attempts)
    }

    /// The idempotency key the call used (a POST), to retry later without paying twice.
    pub fn idempotency_key(&self) -> Option<&str> {
        self.call_error()?.idempotency_key.as_deref()
    }

    /// The request id of the last response, for the API's support.
    pub fn request_id(&self) -> Option<&str> {
        self.call_error()?.request_id.as_deref()
    }

    /// Whether retrying later (with [`Error::idempotency_key`]) may succeed: connection
    /// failures, timeouts, the deadline, 429 and 5xx.
    pub fn retry_later(&self) -> bool {
        match &*self.0 {
            Repr::Call { error, .. } => error.retry_later(),
            Repr::Deadline { .. } => true,
            _ => false,
        }
    }

    fn call_error(&self) -> Option<&CallError> {
        match &*self.0 {
            Repr::Call { error, .. } | Repr::Deadline { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// ` (after 2 attempts; idempotency key idk_…)`, or the core's hint to retry later.
fn attempts_and_key(f: &mut fmt::Formatter<'_>, error: &CallError, retry: bool) -> fmt::Result {
    let n = error.attempts;
    write!(f, " (after {n} attempt{}", if n == 1 { "" } else { "s" })?;
    match (&error.idempotency_key, retry) {
        (Some(key), true) => write!(
            f,
            "; retry later with idempotency key {key}: it cannot create a second payment)"
        ),
        (Some(key), false) => write!(f, "; idempotency key {key})"),
        (None, _) => f.write_str(")"),
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.0 {
            Repr::Config(message, _) => f.write_str(message),
            // The core's error names the first problems; every one is in its source.
            Repr::Invalid(e) => write!(f, "nothing was sent: {e}"),
            Repr::Random(_) => f.write_str(
                "nothing was sent: the OS random source failed, so no idempotency key could be drawn",
            ),
            Repr::HttpClient(_) => {
                f.write_str("the HTTP client could not be set up (TLS or the DNS resolver)")
            }
            Repr::Call {
                host,
                error,
                transport,
            } => {
                match (&error.failure, transport) {
                    (Failure::Api(api), _) => {
                        write!(f, "{host} answered {} {}: {}", api.status, api.code, api.message)?;
                        if let Some(id) = &error.request_id {
                            write!(f, " [request {id}]")?;
                        }
                    }
                    (_, Some(t)) => write!(f, "{host}: {}", t.what)?,
                    (failure, None) => write!(f, "{host}: {}", failure_phrase(failure))?,
                }
                attempts_and_key(f, error, error.retry_later())
            }
            Repr::Deadline {
                host,
                deadline,
                error,
                last,
                ..
            } => {
                write!(f, "{host}: the call's deadline of {deadline:?} passed")?;
                if let Some(last) = last {
                    write!(f, "; the last attempt: {last}")?;
                }
                attempts_and_key(f, error, true)
            }
        }
    }
}

fn failure_phrase(failure: &Failure) -> &'static str {
    match failure {
        Failure::Connection { timed_out: true } => "no response within the timeout",
        Failure::Connection { timed_out: false } => "the connection failed",
        Failure::Aborted => "the call was aborted",
        _ => "the call failed",
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &*self.0 {
            Repr::Invalid(e) => std::error::Error::source(e),
            Repr::Random(e) => Some(e),
            Repr::HttpClient(e) => Some(e),
            Repr::Call { transport, .. } | Repr::Deadline { transport, .. } => transport
                .as_ref()
                .and_then(|t| t.source.as_ref())
                .map(|e| e as &(dyn std::error::Error + 'static)),
            Repr::Config(..) => None,
        }
    }
}
