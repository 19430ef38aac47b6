//! Payment rails and their per-transaction limits: the one table.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::code;
use super::Amount;
use crate::FieldError;

/// A payment rail: the network that moves the money.
///
/// On the wire a rail is a lowercase snake_case string (`"same_day_ach"`). [`Rail::Auto`] is the
/// default and lets the API pick the fastest rail that can carry the amount.
///
/// ```
/// use kinetic_flow_core::payment::Rail;
/// assert_eq!(Rail::parse("same_day_ach"), Some(Rail::SameDayAch));
/// assert_eq!(Rail::SameDayAch.as_str(), "same_day_ach");
/// assert_eq!(Rail::default(), Rail::Auto);
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Rail {
    /// The API picks the rail (the default).
    #[default]
    Auto,
    /// The Federal Reserve's FedNow instant payment service.
    Fednow,
    /// The Clearing House's RTP (Real-Time Payments) network.
    Rtp,
    /// Same Day ACH.
    SameDayAch,
    /// Standard (next-day) ACH.
    Ach,
    /// Fedwire Funds Service.
    Wire,
}

impl Rail {
    /// Every rail, in wire-documentation order (`auto` first).
    ///
    /// ```
    /// use kinetic_flow_core::payment::Rail;
    /// let names: Vec<&str> = Rail::ALL.iter().map(|r| r.as_str()).collect();
    /// assert_eq!(names, ["auto", "fednow", "rtp", "same_day_ach", "ach", "wire"]);
    /// ```
    pub const ALL: &'static [Rail] = &[
        Rail::Auto,
        Rail::Fednow,
        Rail::Rtp,
        Rail::SameDayAch,
        Rail::Ach,
        Rail::Wire,
    ];

    /// The rails that actually move money (every rail but [`Rail::Auto`]).
    ///
    /// ```
    /// use kinetic_flow_core::payment::Rail;
    /// assert!(!Rail::CONCRETE.contains(&Rail::Auto));
    /// assert_eq!(Rail::CONCRETE.len(), 5);
    /// ```
    pub const CONCRETE: &'static [Rail] = &[
        Rail::Fednow,
        Rail::Rtp,
        Rail::SameDayAch,
        Rail::Ach,
        Rail::Wire,
    ];

    /// The wire name of the rail (`"fednow"`, `"same_day_ach"`, ...).
    ///
    /// ```
    /// use kinetic_flow_core::payment::Rail;
    /// assert_eq!(Rail::Wire.as_str(), "wire");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Rail::Auto => "auto",
            Rail::Fednow => "fednow",
            Rail::Rtp => "rtp",
            Rail::SameDayAch => "same_day_ach",
            Rail::Ach => "ach",
            Rail::Wire => "wire",
        }
    }

    /// Parses a wire name. Exact and case-sensitive, like the API: `"FedNow"` is not a rail.
    ///
    /// ```
    /// use kinetic_flow_core::payment::Rail;
    /// assert_eq!(Rail::parse("rtp"), Some(Rail::Rtp));
    /// assert_eq!(Rail::parse("RTP"), None);
    /// ```
    pub fn parse(s: &str) -> Option<Rail> {
        Rail::ALL.iter().copied().find(|r| r.as_str() == s)
    }

    /// Parses a wire name, or says what is wrong as a `FieldError` on `rail` (`invalid_rail`).
    ///
    /// ```
    /// use kinetic_flow_core::payment::Rail;
    /// assert_eq!(Rail::try_parse("ach").unwrap(), Rail::Ach);
    /// assert_eq!(Rail::try_parse("sepa").unwrap_err().code, "invalid_rail");
    /// ```
    pub fn try_parse(s: &str) -> Result<Rail, FieldError> {
        Rail::parse(s).ok_or_else(|| {
            FieldError::new(
                "rail",
                code::INVALID_RAIL,
                "rail must be one of auto, fednow, rtp, same_day_ach, ach, wire (or omitted for auto).",
            )
        })
    }
}

impl fmt::Display for Rail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Rail {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Rail, FieldError> {
        Rail::try_parse(s)
    }
}

/// FedNow per-transaction limit: $10,000,000. The Federal Reserve raised the FedNow
/// network limit from $1,000,000 to $10,000,000 in November 2025.
pub const FEDNOW_LIMIT: u64 = 1_000_000_000;
/// RTP per-transaction limit: $10,000,000, The Clearing House's limit since 2025-02-09
/// (raised from $1,000,000).
pub const RTP_LIMIT: u64 = 1_000_000_000;
/// Same Day ACH per-payment limit: $1,000,000, the Nacha rule in effect since 2022-03-18.
pub const SAME_DAY_ACH_LIMIT: u64 = 100_000_000;
/// ACH (next-day) limit: $99,999,999.99, the largest value of the 10-digit Nacha entry
/// amount field ($$$$$$$$¢¢); Nacha sets no network per-payment limit.
pub const ACH_LIMIT: u64 = 9_999_999_999;
/// Wire limit: $9,999,999,999.99, the largest value of the Fedwire Funds amount field
/// (12 digits of cents); Fedwire sets no lower per-payment limit.
pub const WIRE_LIMIT: u64 = 999_999_999_999;

/// Per-transaction limits of each rail, in cents.
///
/// [`RailLimits::default`] is this table (facts as of November 2025):
///
/// | rail | cents | dollars | source |
/// |---|---|---|---|
/// | `fednow` | [`FEDNOW_LIMIT`] | $10,000,000 | Federal Reserve, raised from $1M in November 2025 |
/// | `rtp` | [`RTP_LIMIT`] | $10,000,000 | The Clearing House, since 2025-02-09 |
/// | `same_day_ach` | [`SAME_DAY_ACH_LIMIT`] | $1,000,000 | Nacha, since 2022-03-18 |
/// | `ach` | [`ACH_LIMIT`] | $99,999,999.99 | the maximum of the Nacha amount field |
/// | `wire` | [`WIRE_LIMIT`] | $9,999,999,999.99 | the maximum of the Fedwire amount field |
/// | `auto` | the largest of the above | | the API picks the rail |
///
/// Banks and the API may set lower limits per account; a caller that knows them overrides one
/// rail with [`RailLimits::with_limit`]. The `auto` limit follows the other rails (the largest of
/// them) unless it is overridden itself.
///
/// ```
/// use kinetic_flow_core::payment::{Rail, RailLimits};
/// let limits = RailLimits::default().with_limit(Rail::Fednow, 50_000_000);
/// assert_eq!(limits.limit(Rail::Fednow), 50_000_000);
/// assert_eq!(limits.limit(Rail::Rtp), 1_000_000_000);
/// assert_eq!(limits.limit(Rail::Auto), 999_999_999_999);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RailLimits {
    fednow: u64,
    rtp: u64,
    same_day_ach: u64,
    ach: u64,
    wire: u64,
    auto: Option<u64>,
}

impl Default for RailLimits {
    fn default() -> Self {
        RailLimits {
            fednow: FEDNOW_LIMIT,
            rtp: RTP_LIMIT,
            same_day_ach: SAME_DAY_ACH_LIMIT,
            ach: ACH_LIMIT,
            wire: WIRE_LIMIT,
            auto: None,
        }
    }
}

impl RailLimits {
    /// Returns these limits with `rail`'s limit set to `cents`.
    ///
    /// Setting [`Rail::Auto`] pins the `auto` limit; otherwise it stays the largest of the
    /// other rails' limits.
    ///
    /// ```
    /// use kinetic_flow_core::payment::{Rail, RailLimits};
    /// let limits = RailLimits::default().with_limit(Rail::Wire, 100);
    /// assert_eq!(limits.limit(Rail::Auto), 9_999_999_999); // now ach is the largest
    /// let pinned = limits.with_limit(Rail::Auto, 10);
    /// assert_eq!(pinned.limit(Rail::Auto), 10);
    /// ```
    #[must_use]
    pub fn with_limit(mut self, rail: Rail, cents: u64) -> Self {
        match rail {
            Rail::Auto => self.auto = Some(cents),
            Rail::Fednow => self.fednow = cents,
            Rail::Rtp => self.rtp = cents,
            Rail::SameDayAch => self.same_day_ach = cents,
            Rail::Ach => self.ach = cents,
            Rail::Wire => self.wire = cents,
        }
        self
    }

    /// The largest amount, in cents, that `rail` carries in one payment.
    ///
    /// ```
    /// use kinetic_flow_core::payment::{Rail, RailLimits};
    /// assert_eq!(RailLimits::default().limit(Rail::SameDayAch), 100_000_000);
    /// ```
    pub fn limit(&self, rail: Rail) -> u64 {
        match rail {
            Rail::Auto => self.auto.unwrap_or_else(|| {
                Rail::CONCRETE
                    .iter()
                    .map(|r| self.limit(*r))
                    .max()
                    .unwrap_or(0)
            }),
            Rail::Fednow => self.fednow,
            Rail::Rtp => self.rtp,
            Rail::SameDayAch => self.same_day_ach,
            Rail::Ach => self.ach,
            Rail::Wire => self.wire,
        }
    }
}

/// The concrete rails (never [`Rail::Auto`]) whose limit is at least `amount`, in
/// [`Rail::CONCRETE`] order. `auto` can carry the amount exactly when this list is not empty
/// (with the default table).
///
/// ```
/// use kinetic_flow_core::payment::{rails_for_amount, Amount, Rail, RailLimits};
/// let limits = RailLimits::default();
/// let two_million = Amount::new(200_000_000).unwrap(); // $2,000,000.00
/// assert_eq!(
///     rails_for_amount(two_million, &limits),
///     [Rail::Fednow, Rail::Rtp, Rail::Ach, Rail::Wire]
/// );
/// ```
pub fn rails_for_amount(amount: Amount, limits: &RailLimits) -> Vec<Rail> {
    Rail::CONCRETE
        .iter()
        .filter(|r| amount.cents() <= limits.limit(**r))
        .copied()
        .collect()
}

/// Formats cents as dollars with thousands separators: `100_000_000` -> `$1,000,000.00`.
pub(crate) fn format_dollars(cents: u64) -> String {
    let dollars = (cents / 100).to_string();
    let mut out = String::with_capacity(dollars.len() + dollars.len() / 3 + 4);
    out.push('$');
    let len = dollars.len();
    for (i, ch) in dollars.chars().enumerate() {
        if i > 0 && (len - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out.push('.');
    let rem = cents % 100;
    if rem < 10 {
        out.push('0');
    }
    out.push_str(&rem.to_string());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dollars_are_grouped() {
        assert_eq!(format_dollars(0), "$0.00");
        assert_eq!(format_dollars(5), "$0.05");
        assert_eq!(format_dollars(100_000_000), "$1,000,000.00");
        assert_eq!(format_dollars(9_999_999_999), "$99,999,999.99");
        assert_eq!(format_dollars(999_999_999_999), "$9,999,999,999.99");
        assert_eq!(format_dollars(12_345), "$123.45");
        assert_eq!(format_dollars(u64::MAX), "$184,467,440,737,095,516.15");
    }

    #[test]
    fn auto_is_the_largest_concrete_limit() {
        let l = RailLimits::default();
        assert_eq!(l.limit(Rail::Auto), WIRE_LIMIT);
        let l = l.with_limit(Rail::Wire, 1).with_limit(Rail::Ach, 2);
        assert_eq!(l.limit(Rail::Auto), RTP_LIMIT);
    }
}
