//! [`Refund`] (`re_…`).

use serde::{Deserialize, Serialize};

use crate::request::PaymentId;

/// A refund: the answer to `POST /v1/refunds`, and the `data.object` of `refund.*` events.
///
/// ```
/// use kinetic_flow_core::resource::Refund;
/// let r: Refund = serde_json::from_str(r#"{"id":"re_1","object":"refund","payment":"pay_1a2b3c4d",
///     "amount":500,"currency":"usd","status":"pending","created_at":"2026-04-16T10:00:00Z"}"#).unwrap();
/// assert_eq!(r.payment, "pay_1a2b3c4d");
/// assert_eq!((r.amount, r.status.as_str()), (500, "pending"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Refund {
    /// `re_…`.
    pub id: String,
    /// The refunded payment's id.
    pub payment: PaymentId,
    /// Minor units.
    pub amount: u64,
    /// Lowercase currency code.
    pub currency: String,
    /// e.g. `pending`, `completed`.
    pub status: String,
    /// RFC 3339 time of creation.
    #[serde(default)]
    pub created_at: Option<String>,
}
