//! [`Token`] (`tok_…`) and the [`TokenBankAccount`] behind it.

use serde::{Deserialize, Serialize};

use crate::id::TokenId;

/// The bank account behind a token, as the API shows it: never the full account number.
///
/// ```
/// use kinetic_flow_core::resource::TokenBankAccount;
/// let a: TokenBankAccount = serde_json::from_str(r#"{"routing_number":"021000021","last4":"7890"}"#).unwrap();
/// assert_eq!(a.last4.as_deref(), Some("7890"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TokenBankAccount {
    /// ABA routing number.
    #[serde(default)]
    pub routing_number: Option<String>,
    /// Last four digits of the account number.
    #[serde(default)]
    pub last4: Option<String>,
}

/// A bank-account token: the answer to `POST /v1/tokens`, and the `data.object` of `token.*`
/// events. Pay to it with
/// [`DestinationParams::token`](crate::payment::DestinationParams::token)`(token.id)`.
///
/// ```
/// use kinetic_flow_core::payment::DestinationParams;
/// use kinetic_flow_core::resource::Token;
/// let t: Token = serde_json::from_str(r#"{"id":"tok_1","object":"token","type":"bank_account",
///     "bank_account":{"routing_number":"021000021","last4":"7890"}}"#).unwrap();
/// assert_eq!((t.id.as_str(), t.token_type.as_str()), ("tok_1", "bank_account"));
/// let destination = DestinationParams::token(t.id);
/// # let _ = destination;
/// // The id is checked: a malformed one does not read as a token.
/// assert!(serde_json::from_str::<Token>(r#"{"id":"tok_a b","type":"bank_account"}"#).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Token {
    /// `tok_…`.
    pub id: TokenId,
    /// Always `bank_account` today.
    #[serde(rename = "type")]
    pub token_type: String,
    /// The account behind the token.
    #[serde(default)]
    pub bank_account: Option<TokenBankAccount>,
    /// RFC 3339 time of creation.
    #[serde(default)]
    pub created_at: Option<String>,
}
