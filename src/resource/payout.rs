//! [`Payout`] (`po_…`).

use serde::{Deserialize, Serialize};

use crate::id::PayoutId;

/// A payout: the `data.object` of `payout.*` events.
///
/// ```
/// use kinetic_flow_core::resource::Payout;
/// let p: Payout = serde_json::from_str(r#"{"id":"po_1","amount":500,"currency":"usd","status":"paid",
///     "arrival_date":"2026-04-17"}"#).unwrap();
/// assert_eq!((p.id.as_str(), p.amount, p.status.as_str()), ("po_1", 500, "paid"));
/// // The id is checked: a malformed one does not read as a payout.
/// assert!(serde_json::from_str::<Payout>(r#"{"id":"po_","amount":1,"currency":"usd","status":"paid"}"#).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Payout {
    /// `po_…`.
    pub id: PayoutId,
    /// Minor units.
    pub amount: u64,
    /// Lowercase currency code.
    pub currency: String,
    /// e.g. `paid`.
    pub status: String,
    /// Date the funds arrive.
    #[serde(default)]
    pub arrival_date: Option<String>,
}
