//! Where the money goes: bank details (`RoutingNumber` + `AccountNumber`) or a `Token`.

use std::fmt;
use std::str::FromStr;

use serde_json::{Map, Value};

use super::code;
use crate::id::TokenId;
use crate::FieldError;

const ROUTING_PARAM: &str = "destination.routing_number";
const ACCOUNT_PARAM: &str = "destination.account_number";
const TOKEN_PARAM: &str = "destination.token";

/// An ABA routing transit number: 9 ASCII digits with a valid checksum and an assigned prefix.
///
/// [`RoutingNumber::parse`] checks, in this order, reporting only the first failure:
///
/// 1. the format, exactly 9 ASCII digits (`invalid_routing_number`; spaces, dashes and
///    non-ASCII digits such as `０` or `٠` are refused, never stripped);
/// 2. the ABA checksum `3(d1+d4+d7) + 7(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10)`
///    (`routing_number_checksum`: almost always a typo, so it is reported first);
/// 3. the prefix, the first two digits, in 00–12 (Federal Reserve districts and the US
///    government), 21–32 (thrift institutions) or 61–72 (electronic transactions), and the
///    number not `000000000` (`routing_number_prefix`: a number that is well-formed but is
///    not a US bank's routing number).
///
/// ```
/// use kinetic_flow_core::payment::RoutingNumber;
/// let rn = RoutingNumber::parse("021000021").unwrap(); // JPMorgan Chase, New York
/// assert_eq!(rn.as_str(), "021000021");
/// assert_eq!(RoutingNumber::parse("021000022").unwrap_err().code, "routing_number_checksum");
/// assert_eq!(RoutingNumber::parse("000000000").unwrap_err().code, "routing_number_prefix");
/// assert_eq!(RoutingNumber::parse("02100002").unwrap_err().code, "invalid_routing_number");
/// let rn: RoutingNumber = "011000015".parse().unwrap(); // FromStr, same rules
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RoutingNumber(String);

impl RoutingNumber {
    /// Parses a routing number; errors carry `param` `destination.routing_number`.
    ///
    /// ```
    /// use kinetic_flow_core::payment::RoutingNumber;
    /// assert!(RoutingNumber::parse("121000248").is_ok()); // Wells Fargo
    /// assert_eq!(RoutingNumber::parse("131000005").unwrap_err().code, "routing_number_prefix");
    /// ```
    pub fn parse(s: &str) -> Result<RoutingNumber, FieldError> {
        let b = s.as_bytes();
        let digits: [u8; 9] = match <[u8; 9]>::try_from(b) {
            Ok(d) if d.iter().all(u8::is_ascii_digit) => d.map(|c| c - b'0'),
            _ => {
                let msg = if !b.is_empty() && b.iter().all(u8::is_ascii_digit) {
                    crate::text::cat(&[
                        "destination.routing_number must be exactly 9 digits; got ",
                        &crate::digits::num(b.len() as u64),
                        ".",
                    ])
                } else {
                    "destination.routing_number must be exactly 9 ASCII digits, with no spaces, dashes or letters.".to_string()
                };
                return Err(FieldError::new(
                    ROUTING_PARAM,
                    code::INVALID_ROUTING_NUMBER,
                    msg,
                ));
            }
        };
        if !aba_checksum_ok(&digits) {
            return Err(FieldError::new(
                ROUTING_PARAM,
                code::ROUTING_NUMBER_CHECKSUM,
                "destination.routing_number fails the ABA checksum: check it for a typo.",
            ));
        }
        let [d1, d2, ..] = digits;
        let prefix = d1 * 10 + d2;
        if digits == [0; 9] {
            return Err(FieldError::new(
                ROUTING_PARAM,
                code::ROUTING_NUMBER_PREFIX,
                "destination.routing_number cannot be 000000000.",
            ));
        }
        if !prefix_assigned(prefix) {
            return Err(FieldError::new(
                ROUTING_PARAM,
                code::ROUTING_NUMBER_PREFIX,
                crate::text::cat(&[
                    "destination.routing_number starts with ",
                    s.get(..2).unwrap_or_default(),
                    ", which no US bank uses (valid prefixes: 00-12, 21-32, 61-72).",
                ]),
            ));
        }
        Ok(RoutingNumber(s.to_string()))
    }

    /// The 9 digits.
    ///
    /// ```
    /// use kinetic_flow_core::payment::RoutingNumber;
    /// assert_eq!(RoutingNumber::parse("011000015").unwrap().as_str(), "011000015");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RoutingNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn aba_checksum_ok(d: &[u8; 9]) -> bool {
    let [d1, d2, d3, d4, d5, d6, d7, d8, d9] = d.map(u32::from);
    (3 * (d1 + d4 + d7) + 7 * (d2 + d5 + d8) + (d3 + d6 + d9)) % 10 == 0
}

fn prefix_assigned(prefix: u8) -> bool {
    matches!(prefix, 0..=12 | 21..=32 | 61..=72)
}

/// A bank account number: 4 to 17 ASCII digits, leading zeros kept.
///
/// Masked values copied from a statement or a dashboard (`****7890`, `•••• 7890`, `XXXX7890`,
/// `xxxx7890`, `12**7890`) are refused with `masked_account_number`: the bank cannot route money
/// to them. `Debug` shows at most the last 4 digits; no error message contains the number.
///
/// ```
/// use kinetic_flow_core::payment::AccountNumber;
/// let acct = AccountNumber::parse("000123456789").unwrap();
/// assert_eq!(acct.as_str(), "000123456789");
/// assert_eq!(format!("{acct:?}"), "AccountNumber(\"****6789\")");
/// assert_eq!(AccountNumber::parse("****7890").unwrap_err().code, "masked_account_number");
/// assert_eq!(AccountNumber::parse("12-34").unwrap_err().code, "invalid_account_number");
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct AccountNumber(String);

impl AccountNumber {
    /// Parses an account number; errors carry `param` `destination.account_number`.
    ///
    /// ```
    /// use kinetic_flow_core::payment::AccountNumber;
    /// assert!(AccountNumber::parse("1234").is_ok());
    /// assert_eq!(AccountNumber::parse("XXXX7890").unwrap_err().code, "masked_account_number");
    /// assert_eq!(AccountNumber::parse("123").unwrap_err().code, "invalid_account_number");
    /// ```
    pub fn parse(s: &str) -> Result<AccountNumber, FieldError> {
        if looks_masked(s) {
            return Err(FieldError::new(
                ACCOUNT_PARAM,
                code::MASKED_ACCOUNT_NUMBER,
                "destination.account_number is masked; pass the full account number, or a token (destination.token).",
            ));
        }
        let b = s.as_bytes();
        if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
            return Err(FieldError::new(
                ACCOUNT_PARAM,
                code::INVALID_ACCOUNT_NUMBER,
                "destination.account_number must be 4 to 17 ASCII digits, with no spaces, dashes or letters.",
            ));
        }
        if !(4..=17).contains(&b.len()) {
            return Err(FieldError::new(
                ACCOUNT_PARAM,
                code::INVALID_ACCOUNT_NUMBER,
                crate::text::cat(&[
                    "destination.account_number must be 4 to 17 digits; got ",
                    &crate::digits::num(b.len() as u64),
                    ".",
                ]),
            ));
        }
        Ok(AccountNumber(s.to_string()))
    }

    /// The full account number. Handle with care: log [`AccountNumber::last4`] instead.
    ///
    /// ```
    /// use kinetic_flow_core::payment::AccountNumber;
    /// assert_eq!(AccountNumber::parse("0042").unwrap().as_str(), "0042");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The last 4 digits (the whole number is at least 4 digits long).
    ///
    /// ```
    /// use kinetic_flow_core::payment::AccountNumber;
    /// assert_eq!(AccountNumber::parse("000123456789").unwrap().last4(), "6789");
    /// ```
    pub fn last4(&self) -> &str {
        self.0.get(self.0.len().saturating_sub(4)..).unwrap_or("")
    }
}

impl fmt::Debug for AccountNumber {
    /// Shows `****` and the last 4 digits when the number has at least 8, else `****` only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.len() >= 8 {
            write!(f, "AccountNumber(\"****{}\")", self.last4())
        } else {
            f.write_str("AccountNumber(\"****\")")
        }
    }
}

/// What a `Debug` shows of an unchecked account number (params, API echoes): `****` and the
/// last 4 characters when it has at least 8, else `****` only, as [`AccountNumber`]'s `Debug`.
pub(crate) fn masked(account_number: &str) -> String {
    let n = account_number.chars().count();
    let last4: String = if n >= 8 {
        account_number.chars().skip(n - 4).collect()
    } else {
        String::new()
    };
    crate::text::cat(&["****", &last4])
}

/// Characters that statements and dashboards use to hide digits.
fn is_mask_char(c: char) -> bool {
    matches!(c, '*' | 'x' | 'X' | '•' | '●' | '∙' | '·' | '◦' | '…' | '#')
}

/// A value made only of digits, spaces, dashes and one run of mask characters, with at least
/// one mask character: `****7890`, `•••• 7890`, `XXXX-7890`, `12**7890`, `*7890`.
fn looks_masked(s: &str) -> bool {
    let mut runs = 0;
    let mut in_run = false;
    for c in s.chars().filter(|c| *c != ' ' && *c != '-') {
        if is_mask_char(c) {
            if !in_run {
                runs += 1;
                in_run = true;
            }
        } else if c.is_ascii_digit() {
            in_run = false;
        } else {
            return false;
        }
    }
    runs == 1
}

/// A bank-account token from `POST /v1/tokens`: `tok_` then 1 to 255 ASCII letters or digits,
/// the rule of every id (`id::TokenId`), so any token id the API returns is a valid destination.
///
/// ```
/// use kinetic_flow_core::payment::Token;
/// assert_eq!(Token::parse("tok_1a2b3c").unwrap().as_str(), "tok_1a2b3c");
/// assert_eq!(Token::parse("tok_").unwrap_err().code, "invalid_token");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Token(String);

impl Token {
    /// Parses a token; errors carry `param` `destination.token`.
    ///
    /// ```
    /// use kinetic_flow_core::payment::Token;
    /// assert!(Token::parse("tok_ABC123").is_ok());
    /// assert_eq!(Token::parse("pay_123").unwrap_err().code, "invalid_token");
    /// ```
    pub fn parse(s: &str) -> Result<Token, FieldError> {
        match TokenId::parse(s) {
            Ok(id) => Ok(Token(id.into())),
            Err(_) => Err(FieldError::new(
                TOKEN_PARAM,
                code::INVALID_TOKEN,
                "destination.token must be \"tok_\" followed by 1 to 255 ASCII letters or digits.",
            )),
        }
    }

    /// The token string.
    ///
    /// ```
    /// use kinetic_flow_core::payment::Token;
    /// assert_eq!(Token::parse("tok_9").unwrap().as_str(), "tok_9");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A validated destination: bank details or a token, never both.
///
/// ```
/// use kinetic_flow_core::payment::{AccountNumber, Destination, RoutingNumber};
/// let d = Destination::Bank {
///     routing_number: RoutingNumber::parse("021000021").unwrap(),
///     account_number: AccountNumber::parse("000123456789").unwrap(),
/// };
/// assert_eq!(d.to_json()["routing_number"], "021000021");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Destination {
    /// A US bank account.
    Bank {
        /// ABA routing number.
        routing_number: RoutingNumber,
        /// Account number at that bank.
        account_number: AccountNumber,
    },
    /// A token standing for a bank account.
    Token(Token),
}

impl Destination {
    /// The wire form: `{"routing_number", "account_number"}` or `{"token"}`.
    ///
    /// ```
    /// use kinetic_flow_core::payment::{Destination, Token};
    /// let d = Destination::Token(Token::parse("tok_abc").unwrap());
    /// assert_eq!(d.to_json(), serde_json::json!({ "token": "tok_abc" }));
    /// ```
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        match self {
            Destination::Bank {
                routing_number,
                account_number,
            } => {
                m.insert("routing_number".into(), routing_number.as_str().into());
                m.insert("account_number".into(), account_number.as_str().into());
            }
            Destination::Token(t) => {
                m.insert("token".into(), t.as_str().into());
            }
        }
        Value::Object(m)
    }
}

macro_rules! from_str_via_parse {
    ($($t:ty),*) => {$(
        impl FromStr for $t {
            type Err = FieldError;
            fn from_str(s: &str) -> Result<Self, FieldError> {
                <$t>::parse(s)
            }
        }
    )*};
}
from_str_via_parse!(RoutingNumber, AccountNumber, Token);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_are_recognized() {
        for s in [
            "****7890",
            "•••• 7890",
            "XXXX7890",
            "xxxx7890",
            "*7890",
            "XXXX-7890",
            "12**7890",
            "●●●●7890",
            "****",
        ] {
            assert!(looks_masked(s), "{s}");
        }
        for s in ["7890", "", "abc", "12*34*56", "tok_x", "x7y8"] {
            assert!(!looks_masked(s), "{s}");
        }
    }

    #[test]
    fn debug_never_shows_more_than_last4() {
        let a = AccountNumber::parse("12345678901234567").unwrap();
        let d = format!("{a:?}");
        assert!(!d.contains("1234567890"));
        assert!(d.contains("4567"));
        let short = AccountNumber::parse("123456").unwrap();
        assert!(!format!("{short:?}").contains("3456"));
    }
}
