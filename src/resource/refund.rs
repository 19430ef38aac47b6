//! [`Refund`] (`re_…`).

use serde::{Deserialize, Serialize};

use crate::id::{PaymentId, RefundId};

/// A refund: the answer to `POST /v1/refunds`, and the `data.object` of `refund.*` events.
///
/// ```
/// use kinetic_flow_core::resource::Refund;
/// let r: Refund = serde_json::from_str(r#"{"id":"re_1","object":"refund","payment":"pay_1a2b3c4d",
///     "amount":500,"currency":"usd","status":"pending","created_at":"2026-04-16T10:00:00Z"}"#).unwrap();
/// assert_eq!((r.id.as_str(), r.payment.as_str()), ("re_1", "pay_1a2b3c4d"));
/// assert_eq!((r.amount, r.status.as_str()), (500, "pending"));
/// // Both ids are checked: a malformed one does not read as a refund.
/// assert!(serde_json::from_str::<Refund>(r#"{"id":"pay_1","payment":"pay_1","amount":1,"currency":"usd","status":"x"}"#).is_err());
/// assert!(serde_json::from_str::<Refund>(r#"{"id":"re_1","payment":"re_1","amount":1,"currency":"usd","status":"x"}"#).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Refund {
    /// `re_…`.
    pub id: RefundId,
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
