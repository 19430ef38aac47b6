//! [`RequestError`]: what can go wrong building a request.

use crate::payment::ValidationError;
use crate::FieldError;

/// An error building a request. Every variant has a stable [`code`](RequestError::code); none
/// ever contains the API key.
///
/// ```
/// use kinetic_flow_core::request::Client;
/// let err = Client::new("whsec_abc").unwrap_err();
/// assert_eq!(err.code(), "invalid_api_key");
/// assert!(err.to_string().contains("webhook signing secret"));
/// assert!(!err.to_string().contains("whsec_abc"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RequestError {
    /// The API key is not `sk_test_…` or `sk_live_…` followed by ASCII letters and digits.
    InvalidApiKey {
        /// What is wrong and how to fix it; never contains the key.
        message: String,
    },
    /// The base URL is not `https://host[:port][/path]` (or `http://` for localhost).
    InvalidBaseUrl {
        /// What is wrong and how to fix it.
        message: String,
    },
    /// A path id (`pay_…`, `evt_…`) is malformed.
    InvalidId {
        /// Which argument: `id`.
        param: String,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// The params failed validation: `Display` names the first problems (field and code) and
    /// how many more; the [`ValidationError`] (also the [`source`]) has every problem, in field
    /// order, with its message.
    ///
    /// [`source`]: std::error::Error::source
    ValidationFailed {
        /// Every problem, in field order.
        source: ValidationError,
    },
    /// The idempotency key given as an option ([`KeySource::Given`](super::KeySource::Given)) is
    /// malformed. (One that differs from the params' `idempotency_key` is `ValidationFailed`,
    /// with the error on `idempotency_key`.)
    InvalidIdempotencyKey {
        /// What is wrong and how to fix it.
        message: String,
    },
}

impl RequestError {
    /// The stable code: `invalid_api_key`, `invalid_base_url`, `invalid_id`,
    /// `validation_failed` or `invalid_idempotency_key`.
    ///
    /// ```
    /// use kinetic_flow_core::request::Client;
    /// let client = Client::new("sk_test_abc").unwrap();
    /// assert_eq!(client.build_retrieve_payment("evt_1").unwrap_err().code(), "invalid_id");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            RequestError::InvalidApiKey { .. } => "invalid_api_key",
            RequestError::InvalidBaseUrl { .. } => "invalid_base_url",
            RequestError::InvalidId { .. } => "invalid_id",
            RequestError::ValidationFailed { .. } => "validation_failed",
            RequestError::InvalidIdempotencyKey { .. } => "invalid_idempotency_key",
        }
    }

    /// The field errors of `validation_failed`; empty for the other variants.
    ///
    /// ```
    /// use kinetic_flow_core::request::{Client, KeySource};
    /// let client = Client::new("sk_test_abc").unwrap();
    /// let err = client
    ///     .build_create_refund(&serde_json::json!({ "amount": 0 }), KeySource::Random([1; 16]))
    ///     .unwrap_err();
    /// let params: Vec<&str> = err.errors().iter().map(|e| e.param.as_str()).collect();
    /// assert_eq!(params, ["payment", "amount"]);
    /// assert_eq!(err.to_string(), "invalid request params: payment (required), amount (amount_too_small)");
    /// let source = std::error::Error::source(&err).unwrap();
    /// assert!(source.to_string().starts_with("refund is invalid (2 problems): payment: "));
    /// ```
    pub fn errors(&self) -> &[FieldError] {
        match self {
            RequestError::ValidationFailed { source } => source.errors(),
            _ => &[],
        }
    }
}

impl RequestError {
    /// The text `Display` writes, without `core::fmt` (the npm module's error messages).
    ///
    /// ```
    /// use kinetic_flow_core::request::Client;
    /// let err = Client::new("whsec_abc").unwrap_err();
    /// assert_eq!(err.message(), err.to_string());
    /// ```
    pub fn message(&self) -> String {
        let (head, text) = match self {
            RequestError::InvalidApiKey { message } => ("invalid API key: ", message.as_str()),
            RequestError::InvalidBaseUrl { message } => ("invalid base URL: ", message.as_str()),
            RequestError::InvalidId { message, .. } => ("invalid id: ", message.as_str()),
            RequestError::ValidationFailed { source } => {
                return crate::text::cat(&["invalid request params: ", &first_problems(source)])
            }
            RequestError::InvalidIdempotencyKey { message } => {
                ("invalid idempotency key: ", message.as_str())
            }
        };
        crate::text::cat(&[head, text])
    }
}

/// [`RequestError::message`], the one text of each variant.
impl std::fmt::Display for RequestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for RequestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RequestError::ValidationFailed { source } => Some(source),
            _ => None,
        }
    }
}

impl From<ValidationError> for RequestError {
    fn from(source: ValidationError) -> Self {
        RequestError::ValidationFailed { source }
    }
}

/// At most this many problems are named in `ValidationFailed`'s `Display`.
const NAMED: usize = 3;

/// `amount (amount_too_small), currency (required) and 2 more`: the first problems of a
/// validation error, each as its field and code (a whole-body problem by its code alone).
fn first_problems(e: &ValidationError) -> String {
    let mut out = String::new();
    for (i, problem) in e.errors().iter().take(NAMED).enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        if problem.param.is_empty() {
            out.push_str(problem.code);
        } else {
            out.push_str(&problem.param);
            out.push_str(" (");
            out.push_str(problem.code);
            out.push(')');
        }
    }
    let more = (e.len() + e.omitted()).saturating_sub(NAMED);
    if more > 0 {
        out.push_str(" and ");
        out.push_str(&crate::digits::num(more as u64));
        out.push_str(" more");
    }
    out
}

pub(super) fn invalid_key(message: impl Into<String>) -> RequestError {
    RequestError::InvalidApiKey {
        message: message.into(),
    }
}

impl From<crate::id::IdError> for RequestError {
    fn from(e: crate::id::IdError) -> Self {
        let (param, message) = e.into_parts();
        RequestError::InvalidId { param, message }
    }
}
