//! [`Payout`] (`po_…`).

use serde::{Deserialize, Serialize};

/// A payout: the `data.object` of `payout.*` events.
///
/// ```
/// use kinetic_flow_core::resource::Payout;
/// let p: Payout = serde_json::from_str(r#"{"id":"po_1","amount":500,"currency":"usd","status":"paid",
///     "arrival_date":"2026-04-17"}"#).unwrap();
/// assert_eq!((p.amount, p.status.as_str()), (500, "paid"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Payout {
    /// `po_…`.
    pub id: String,
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
