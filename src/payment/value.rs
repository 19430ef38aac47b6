//! `Amount` and `Currency`: the money half of a payment.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use super::code;
use crate::FieldError;

/// A positive amount in minor units (cents for USD), at most [`Amount::MAX`].
///
/// The constructor enforces `1..=Amount::MAX`; the rail's limit is checked by
/// [`validate`](super::validate) against [`RailLimits`](super::RailLimits).
///
/// ```
/// use kinetic_flow_core::payment::Amount;
/// let a = Amount::new(25_000).unwrap();
/// assert_eq!(a.cents(), 25_000);
/// assert_eq!(Amount::new(0).unwrap_err().code, "amount_too_small");
/// assert_eq!(Amount::new(1 << 60).unwrap_err().code, "invalid_type");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Amount(u64);

impl Amount {
    /// The largest amount: 2^53 - 1, JavaScript's `Number.MAX_SAFE_INTEGER`, so that every
    /// amount is the same number in every runtime. No rail's limit comes near it (the largest,
    /// `wire`, is 999_999_999_999), so a larger amount is a wrong type of value, not a large
    /// payment: it is `invalid_type` for every caller, Rust included (an amount is a safe
    /// integer).
    pub const MAX: u64 = (1 << 53) - 1;

    /// Makes an amount of `cents` minor units; `0` is refused with `amount_too_small`, more than
    /// [`Amount::MAX`] with `invalid_type`.
    ///
    /// ```
    /// use kinetic_flow_core::payment::Amount;
    /// assert!(Amount::new(1).is_ok());
    /// assert!(Amount::new(Amount::MAX).is_ok());
    /// assert_eq!(Amount::new(Amount::MAX + 1).unwrap_err().code, "invalid_type");
    /// ```
    pub fn new(cents: u64) -> Result<Amount, FieldError> {
        if cents == 0 {
            Err(too_small())
        } else if cents > Amount::MAX {
            Err(not_safe_integer())
        } else {
            Ok(Amount(cents))
        }
    }

    /// Reads a JSON amount: `None` when `v` is not a JSON integer at all (the caller says what
    /// it got), else the amount or its error (`amount_too_small` for 0 and negatives,
    /// `invalid_type` beyond ±[`Amount::MAX`]).
    pub(crate) fn from_json(v: &Value) -> Option<Result<Amount, FieldError>> {
        if let Some(cents) = v.as_u64() {
            return Some(Amount::new(cents));
        }
        let negative = v.as_i64()?;
        Some(Err(if negative.unsigned_abs() > Amount::MAX {
            not_safe_integer()
        } else {
            too_small()
        }))
    }

    /// The amount in minor units.
    ///
    /// ```
    /// use kinetic_flow_core::payment::Amount;
    /// assert_eq!(Amount::new(7).unwrap().cents(), 7);
    /// ```
    pub const fn cents(self) -> u64 {
        self.0
    }
}

impl From<Amount> for u64 {
    fn from(a: Amount) -> u64 {
        a.0
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

fn not_safe_integer() -> FieldError {
    FieldError::new(
        "amount",
        code::INVALID_TYPE,
        "amount must be a safe integer (at most 9007199254740991, 2^53 - 1) in minor units; \
         no rail carries more than 999999999999 in one payment.",
    )
}

pub(crate) fn too_small() -> FieldError {
    FieldError::new(
        "amount",
        code::AMOUNT_TOO_SMALL,
        "amount must be at least 1 (minor units: 100 = $1.00).",
    )
}

/// A currency the API accepts. The US rails settle in US dollars only, so USD is the one
/// variant; the type exists so that the code says which currency it means.
///
/// ```
/// use kinetic_flow_core::payment::Currency;
/// assert_eq!(Currency::parse("USD").unwrap(), Currency::Usd);
/// assert_eq!(Currency::Usd.as_str(), "usd");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Currency {
    /// US dollar (`usd`), minor unit the cent.
    Usd,
}

impl Currency {
    /// Parses an ISO 4217 code: three ASCII letters in any case, normalized to lowercase.
    /// Anything else is `invalid_currency`; a well-formed code other than `usd` is
    /// `unsupported_currency`.
    ///
    /// ```
    /// use kinetic_flow_core::payment::Currency;
    /// assert_eq!(Currency::parse("uSd").unwrap(), Currency::Usd);
    /// assert_eq!(Currency::parse("eur").unwrap_err().code, "unsupported_currency");
    /// assert_eq!(Currency::parse("us").unwrap_err().code, "invalid_currency");
    /// ```
    pub fn parse(s: &str) -> Result<Currency, FieldError> {
        let bytes = s.as_bytes();
        if bytes.len() != 3 || !bytes.iter().all(u8::is_ascii_alphabetic) {
            return Err(FieldError::new(
                "currency",
                code::INVALID_CURRENCY,
                "currency must be a three-letter ISO 4217 code, such as \"usd\".",
            ));
        }
        if s.eq_ignore_ascii_case("usd") {
            Ok(Currency::Usd)
        } else {
            Err(FieldError::new(
                "currency",
                code::UNSUPPORTED_CURRENCY,
                "currency must be \"usd\": the US rails settle in US dollars only.",
            ))
        }
    }

    /// The lowercase wire code (`"usd"`).
    ///
    /// ```
    /// use kinetic_flow_core::payment::Currency;
    /// assert_eq!(Currency::Usd.to_string(), "usd");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Currency::Usd => "usd",
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
