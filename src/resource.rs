//! The API's objects as typed values: [`Payment`], [`Refund`], [`Token`], [`Payout`] (and the
//! webhook [`Event`]), read from a response by [`Client::parse_response_as`] and from an
//! event's `data.object` by [`Event::parse`].
//!
//! Reading is forward-compatible: fields the API adds are ignored, fields this crate does not
//! require are `Option`s, amounts are integers in minor units, and ids are checked types, one
//! rule for all ([`PaymentId`], [`RefundId`], [`TokenId`], [`PayoutId`]: a payment's `id`, a
//! refund's `id` and `payment`, a token's `id`, a payment's `destination.token`, a payout's `id`).
//! A malformed id makes the object unreadable, with a message that names the field and never
//! quotes the value. Statuses and rails stay strings, so a new value from the API does not make
//! a whole object unreadable. `Debug` never shows more than the last 4 digits of an account
//! number. The event's own `id` stays a `String` (see [`Event::event_id`]).
//!
//! ```
//! use kinetic_flow_core::request::Client;
//! use kinetic_flow_core::resource::Payment;
//! use kinetic_flow_core::UnixTime;
//!
//! let client = Client::new("sk_test_abc")?;
//! let body = br#"{"id":"pay_1a2b3c4d","object":"payment","status":"completed","amount":25000,
//!   "currency":"usd","rail":"fednow","created_at":"2026-04-15T09:14:01Z","new_field":1}"#;
//! let payment: Payment = client.parse_response_as(201, body, &[], UnixTime::EPOCH)?;
//! assert_eq!(payment.id, "pay_1a2b3c4d");
//! assert_eq!((payment.status.as_str(), payment.amount), ("completed", 25_000));
//!
//! // A malformed id: the field is named, the value is not repeated.
//! let body = br#"{"id":"re_1","object":"refund","payment":"sk_live_abc","amount":500,"currency":"usd","status":"pending"}"#;
//! let err = client.parse_response_as::<kinetic_flow_core::resource::Refund>(200, body, &[], UnixTime::EPOCH).unwrap_err();
//! assert_eq!(err.code, "invalid_response");
//! assert!(err.message.contains("payment must be a payment id"), "{}", err.message);
//! assert!(!err.message.contains("sk_live_abc"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`Client::parse_response_as`]: crate::request::Client::parse_response_as
//! [`PaymentId`]: crate::id::PaymentId
//! [`RefundId`]: crate::id::RefundId
//! [`TokenId`]: crate::id::TokenId
//! [`PayoutId`]: crate::id::PayoutId
//! [`Event::event_id`]: crate::event::Event::event_id
//! [`Event`]: crate::event::Event
//! [`Event::parse`]: crate::event::Event::parse

mod payment;
mod payout;
mod refund;
mod token;

pub use payment::{BankDestination, Payment};
pub use payout::Payout;
pub use refund::Refund;
pub use token::{Token, TokenBankAccount};

use crate::id::{PaymentId, PayoutId, RefundId, TokenId};

pub(crate) mod sealed {
    pub trait Sealed {}
}

/// An API object that [`Client::parse_response_as`](crate::request::Client::parse_response_as)
/// can read from a 2xx body: [`Payment`], [`Refund`], [`Token`], [`Payout`] and [`Event`](crate::event::Event).
/// Sealed: the crate adds resources as the API grows.
///
/// ```
/// use kinetic_flow_core::resource::{Payment, Refund, Resource};
/// assert_eq!(Payment::OBJECT, "payment");
/// assert_eq!(Refund::OBJECT, "refund");
/// assert_eq!(<kinetic_flow_core::event::Event as Resource>::OBJECT, "event");
/// ```
pub trait Resource: Sized + sealed::Sealed {
    /// The API's name for the object (its `object` field): `payment`, `refund`, `token`,
    /// `payout`, `event`.
    const OBJECT: &'static str;

    /// Reads the object from a response body; the error says why not, without quoting the
    /// body (it may hold account details).
    #[doc(hidden)]
    fn from_body(body: &[u8]) -> Result<Self, ResourceError> {
        let value =
            crate::json::parse(body).ok_or_else(|| ResourceError::new("the body is not JSON"))?;
        Self::from_response(body, &value)
    }

    /// [`from_body`](Resource::from_body) given the body already read into a `Value` (by
    /// `Client::parse_response`), so that the bytes are parsed once.
    #[doc(hidden)]
    fn from_response(body: &[u8], value: &serde_json::Value) -> Result<Self, ResourceError>;
}

/// Why a 2xx body does not read as a [`Resource`]: not JSON, another object, a missing or
/// mistyped field, a malformed id, or (for an event) not an event. The reason never quotes the
/// body; `Client::parse_response_as` puts it in its `invalid_response` message.
///
/// ```
/// use kinetic_flow_core::resource::{Payment, Resource};
/// let err = Payment::from_body(br#"{"object":"refund"}"#).unwrap_err();
/// assert_eq!(err.to_string(), "the body's `object` is `refund`, not `payment`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceError {
    reason: String,
}

impl ResourceError {
    pub(crate) fn new(reason: impl Into<String>) -> ResourceError {
        ResourceError {
            reason: reason.into(),
        }
    }

    /// Why, as a clause.
    ///
    /// ```
    /// use kinetic_flow_core::resource::{Refund, Resource};
    /// assert_eq!(Refund::from_body(b"[]").unwrap_err().reason(), "the body is not a JSON object");
    /// ```
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl std::fmt::Display for ResourceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for ResourceError {}

impl From<String> for ResourceError {
    fn from(reason: String) -> ResourceError {
        ResourceError { reason }
    }
}

/// Refuses a body whose `object` names another object (absent, or not a string, passes: the
/// API's objects in events may omit it). Quotes the name only when it is short and plain.
pub(crate) fn same_object<T: Resource>(object: Option<&serde_json::Value>) -> Result<(), String> {
    match object.and_then(|o| o.as_str()) {
        Some(name) if name != T::OBJECT => {
            let shown = if name.len() <= 32 && name.bytes().all(|b| b.is_ascii_graphic()) {
                format!("`{name}`")
            } else {
                "another object".to_owned()
            };
            Err(format!(
                "the body's `object` is {shown}, not `{}`",
                T::OBJECT
            ))
        }
        _ => Ok(()),
    }
}

/// The serde path shared by the plain resources: JSON, the `object` name checked when present
/// (a refund read as a payment is refused, not half-read), then the derived `Deserialize`. When
/// that fails, `check_ids` says whether a malformed id is why (the id rule's message, which names
/// the field and never quotes the value); serde's own texts are not passed on, as they quote
/// values.
fn from_json<T: Resource + serde::de::DeserializeOwned>(
    value: &serde_json::Value,
    check_ids: fn(&serde_json::Value) -> Result<(), String>,
) -> Result<T, ResourceError> {
    let Some(obj) = value.as_object() else {
        return Err(ResourceError::new("the body is not a JSON object"));
    };
    same_object::<T>(obj.get("object"))?;
    T::deserialize(value).map_err(|_| match check_ids(value) {
        Err(message) => ResourceError::new(message.trim_end_matches('.')),
        Ok(()) => ResourceError::new(format!(
            "the body does not have the fields of a `{}` (a required field is missing or has \
             another type)",
            T::OBJECT
        )),
    })
}

/// The string at a dotted `path` of an object, if there is one.
fn string_at<'a>(value: &'a serde_json::Value, path: &str) -> Option<&'a str> {
    path.split('.')
        .try_fold(value, |v, key| v.get(key))?
        .as_str()
}

/// `impl Resource` for a serde type: its `object` name, and each id field (dotted path: id type).
macro_rules! serde_resource {
    ($($t:ty => $name:literal { $($path:literal: $id:ty),* }),*) => {$(
        impl sealed::Sealed for $t {}
        impl Resource for $t {
            const OBJECT: &'static str = $name;
            fn from_response(_: &[u8], value: &serde_json::Value) -> Result<Self, ResourceError> {
                from_json(value, |value| {
                    $(if let Some(id) = string_at(value, $path) {
                        <$id>::parse_param(id, $path)?;
                    })*
                    Ok(())
                })
            }
        }
    )*};
}

serde_resource!(
    Payment => "payment" { "id": PaymentId, "destination.token": TokenId },
    Refund => "refund" { "id": RefundId, "payment": PaymentId },
    Token => "token" { "id": TokenId },
    Payout => "payout" { "id": PayoutId }
);
