//! [`Payment`] (`pay_…`) and the [`BankDestination`] it was sent to.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::id::{PaymentId, TokenId};
use crate::payment::masked;

/// Bank details as the API echoes them (the account number arrives masked), or the token a
/// payment was made to. `Debug` shows at most the last 4 digits of the account number.
///
/// ```
/// use kinetic_flow_core::resource::BankDestination;
/// let d: BankDestination = serde_json::from_str(
///     r#"{"routing_number":"021000021","account_number":"000123457890"}"#,
/// ).unwrap();
/// assert_eq!(d.routing_number.as_deref(), Some("021000021"));
/// assert!(!format!("{d:?}").contains("0001234"));
/// let t: BankDestination = serde_json::from_str(r#"{"token":"tok_1a2b"}"#).unwrap();
/// assert_eq!(t.token.as_ref().map(|t| t.as_str()), Some("tok_1a2b"));
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BankDestination {
    /// ABA routing number.
    #[serde(default)]
    pub routing_number: Option<String>,
    /// Account number as sent by the API (usually masked, e.g. `****7890`).
    #[serde(default)]
    pub account_number: Option<String>,
    /// A token destination (`tok_…`), when the payment was made to one.
    #[serde(default)]
    pub token: Option<TokenId>,
}

impl fmt::Debug for BankDestination {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let account = self.account_number.as_deref().map(masked);
        f.debug_struct("BankDestination")
            .field("routing_number", &self.routing_number)
            .field("account_number", &account)
            .field("token", &self.token)
            .finish()
    }
}

/// A payment: the answer to `POST /v1/payments` and `GET /v1/payments/{id}`, and the
/// `data.object` of `payment.*` events.
///
/// ```
/// use kinetic_flow_core::resource::Payment;
/// let p: Payment = serde_json::from_str(r#"{
///     "id": "pay_1a2b3c4d", "object": "payment", "status": "completed", "amount": 25000,
///     "currency": "usd", "rail": "fednow",
///     "destination": { "routing_number": "021000021", "account_number": "****7890" },
///     "settled_at": "2026-04-15T09:14:02Z", "created_at": "2026-04-15T09:14:01Z"
/// }"#).unwrap();
/// assert_eq!(p.id.as_str(), "pay_1a2b3c4d");
/// assert_eq!(p.rail.as_deref(), Some("fednow"));
/// assert_eq!(p.amount, 25_000);
/// // The id is checked: a malformed one does not read as a payment.
/// assert!(serde_json::from_str::<Payment>(r#"{"id":"pay_a/b","status":"x","amount":1,"currency":"usd"}"#).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Payment {
    /// `pay_…`.
    pub id: PaymentId,
    /// e.g. `processing`, `completed`, `failed`, `refunded`.
    pub status: String,
    /// Minor units (cents).
    pub amount: u64,
    /// Lowercase ISO currency code, `usd`.
    pub currency: String,
    /// The rail that carried (or will carry) the payment, e.g. `fednow`.
    #[serde(default)]
    pub rail: Option<String>,
    /// Where the money went.
    #[serde(default)]
    pub destination: Option<BankDestination>,
    /// Caller-supplied metadata.
    #[serde(default)]
    pub metadata: Option<BTreeMap<String, String>>,
    /// Why a payment failed.
    #[serde(default)]
    pub failure_code: Option<String>,
    /// A sentence about the failure.
    #[serde(default)]
    pub failure_message: Option<String>,
    /// RFC 3339 time of settlement.
    #[serde(default)]
    pub settled_at: Option<String>,
    /// RFC 3339 time of creation.
    #[serde(default)]
    pub created_at: Option<String>,
}
