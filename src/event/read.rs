//! [`Event::parse`](super::Event::parse) straight from the bytes: one pass of the JSON scanner
//! ([`scan`](super::scan)) that fills the typed structs as it goes. No JSON tree, no serde.
//!
//! It accepts and refuses exactly what parsing a `serde_json::Value` and reading it with
//! [`Event::from_value`](super::Event::from_value) does (the tests in `event.rs`,
//! `tests/webhook_props.rs` and the `event_parse` fuzz target hold it to that): the scanner has
//! the `Value` parser's acceptance; a repeated key counts once, the last time, as in a `Value`
//! map; and the typed objects follow [`typed`](super::typed)'s rules (an object by field name or
//! the sequence form, unknown fields ignored, `null` or absent for an optional field). A value
//! that does not fit its field is still read to its end (the body must be JSON throughout); it
//! only makes the object [`EventData::Untyped`].
//!
//! `data.object` is typed as it is read when the event's `type` came before `data` (as senders
//! write it); otherwise, or when a later `type` changes the kind, its place is kept and it is
//! read again once the type is known.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::{
    BankDestination, EventData, EventType, ObjectKind, Payment, Payout, Refund, Token,
    TokenBankAccount,
};
use crate::id::{PaymentId, PayoutId, RefundId, TokenId};
use crate::json::{Reader, Refusal, DEPTH, NULL};

/// What one pass over an event body found.
pub(super) struct Fields {
    pub(super) id: String,
    pub(super) event_type: EventType,
    pub(super) api_version: Option<String>,
    pub(super) created_at: Option<String>,
    pub(super) livemode: bool,
    pub(super) data: EventData,
}

/// A field that must be a string, as last seen.
enum Text<'a> {
    Absent,
    Str(Cow<'a, str>),
    Other(&'static str),
}

/// `data.object` as last seen: where its value starts, and what it gave for the kind the type
/// had when it was read.
struct Object {
    start: usize,
    kind: Option<ObjectKind>,
    data: EventData,
}

/// The depth left for the value of `data.object` (inside the event and `data`).
const OBJECT_DEPTH: u8 = DEPTH - 2;

/// The scanner over a body already known to be UTF-8, so that a string without escapes is a
/// slice of the body's text: each byte is checked as UTF-8 once, for the whole body.
struct Doc<'a> {
    r: Reader<'a>,
    text: &'a str,
}

impl<'a> std::ops::Deref for Doc<'a> {
    type Target = Reader<'a>;
    fn deref(&self) -> &Reader<'a> {
        &self.r
    }
}

impl std::ops::DerefMut for Doc<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.r
    }
}

/// One pass over `text`, the body (already checked as UTF-8 by the caller: a body that is not
/// is not JSON).
pub(super) fn read(text: &str) -> Result<Fields, Refusal> {
    let body = text.as_bytes();
    let mut r = Doc {
        r: Reader { b: body, i: 0 },
        text,
    };
    r.space();
    if r.peek() != Some(b'{') {
        let kind = r.value(DEPTH)?;
        r.end()?;
        return Err(Refusal::NotObject(kind));
    }
    let depth = enter(&mut r, DEPTH)?;
    let mut id = Text::Absent;
    let mut event_type = Text::Absent;
    let mut kind_now = None;
    let mut api_version = None;
    let mut created_at = None;
    let mut livemode = false;
    let mut object = None;
    members(&mut r, |r, key| {
        match key {
            b"id" => id = text_field(r, depth)?,
            b"type" => {
                event_type = text_field(r, depth)?;
                kind_now = match &event_type {
                    Text::Str(name) => EventType::known(name).and_then(|t| t.object_kind()),
                    _ => None,
                };
            }
            b"api_version" => api_version = optional_text(r, depth)?,
            b"created_at" => created_at = optional_text(r, depth)?,
            b"livemode" => livemode = is_true(r, depth)?,
            b"data" => object = data(r, depth, kind_now)?,
            _ => {
                r.value(depth)?;
            }
        }
        Ok(())
    })?;
    r.end()?;
    let id = required_text(id, "id")?;
    let event_type = EventType::parse(&required_text(event_type, "type")?);
    let kind = event_type.object_kind();
    let data = match (object, kind) {
        (Some(object), kind) if object.kind == kind => object.data,
        (Some(object), Some(kind)) => {
            // Read before its type was known: again, now that it is (already checked JSON).
            let mut again = Doc {
                r: Reader {
                    b: body,
                    i: object.start,
                },
                text,
            };
            typed(&mut again, OBJECT_DEPTH, kind).unwrap_or(EventData::Untyped)
        }
        _ => EventData::Untyped,
    };
    Ok(Fields {
        id,
        event_type,
        api_version,
        created_at,
        livemode,
        data,
    })
}

fn required_text(field: Text<'_>, key: &'static str) -> Result<String, Refusal> {
    match field {
        Text::Str(text) => Ok(text.into_owned()),
        Text::Other(kind) => Err(Refusal::NotString(key, kind)),
        Text::Absent => Err(Refusal::Missing(key)),
    }
}

/// At a container's opening character: steps in, as [`Reader::value`] does (the same depth rule).
fn enter(r: &mut Doc<'_>, depth: u8) -> Result<u8, Refusal> {
    let depth = depth.saturating_sub(1);
    if depth == 0 {
        return Err(r.fail());
    }
    r.i += 1;
    Ok(depth)
}

/// An object's members, after its `{`: `each` gets the decoded key and reads the value.
fn members<'a>(
    r: &mut Doc<'a>,
    mut each: impl FnMut(&mut Doc<'a>, &[u8]) -> Result<(), Refusal>,
) -> Result<(), Refusal> {
    r.space();
    if r.peek() == Some(b'}') {
        r.i += 1;
        return Ok(());
    }
    loop {
        if r.peek() != Some(b'"') {
            return Err(r.fail());
        }
        r.i += 1;
        let key = r.r.key()?;
        r.colon()?;
        each(r, &key)?;
        r.space();
        match r.peek() {
            Some(b'}') => {
                r.i += 1;
                return Ok(());
            }
            Some(b',') => {
                r.i += 1;
                r.space();
            }
            _ => return Err(r.fail()),
        }
    }
}

/// An array's elements, after its `[`: `each` reads one.
fn elements<'a>(
    r: &mut Doc<'a>,
    mut each: impl FnMut(&mut Doc<'a>) -> Result<(), Refusal>,
) -> Result<(), Refusal> {
    r.space();
    if r.peek() == Some(b']') {
        r.i += 1;
        return Ok(());
    }
    loop {
        each(r)?;
        r.space();
        match r.peek() {
            Some(b']') => {
                r.i += 1;
                return Ok(());
            }
            Some(b',') => {
                r.i += 1;
                r.space();
                if r.peek() == Some(b']') {
                    return Err(r.fail()); // trailing comma
                }
            }
            _ => return Err(r.fail()),
        }
    }
}

impl<'a> Doc<'a> {
    /// A string's text, after its opening `"`: a slice of the body unless it has an escape.
    fn text(&mut self) -> Result<Cow<'a, str>, Refusal> {
        let start = self.i;
        let escaped = self.r.string(None)?;
        let end = self.i.saturating_sub(1);
        if !escaped {
            // Delimited by ASCII `"`, so on character boundaries (`get` checks, in O(1)).
            return match self.text.get(start..end) {
                Some(text) => Ok(Cow::Borrowed(text)),
                None => Err(self.fail()),
            };
        }
        let mut decoded = Vec::with_capacity(end.saturating_sub(start));
        let mut again = Reader {
            b: self.r.b,
            i: start,
        };
        again.string(Some(&mut decoded))?;
        String::from_utf8(decoded)
            .map(Cow::Owned)
            .map_err(|_| self.fail())
    }

    /// A number, at its first character: its value when a `Value` holds it as a `u64` (no sign,
    /// fraction or exponent, at most `u64::MAX`), else `None`; checked either way.
    fn unsigned(&mut self) -> Result<Option<u64>, Refusal> {
        let start = self.i;
        self.r.number()?;
        let digits = self.r.b.get(start..self.i).unwrap_or_default();
        Ok(digits.iter().try_fold(0u64, |n, &c| {
            if !c.is_ascii_digit() {
                return None;
            }
            n.checked_mul(10)?.checked_add(u64::from(c - b'0'))
        }))
    }
}

/// `id` or `type`: the string, or the kind of value it is instead.
fn text_field<'a>(r: &mut Doc<'a>, depth: u8) -> Result<Text<'a>, Refusal> {
    r.space();
    if r.peek() == Some(b'"') {
        r.i += 1;
        return Ok(Text::Str(r.text()?));
    }
    Ok(Text::Other(r.value(depth)?))
}

/// `Some` for a string, `None` for any other value (as `Value::as_str`).
fn optional_text(r: &mut Doc<'_>, depth: u8) -> Result<Option<String>, Refusal> {
    r.space();
    if r.peek() == Some(b'"') {
        r.i += 1;
        return Ok(Some(r.text()?.into_owned()));
    }
    r.value(depth)?;
    Ok(None)
}

/// `true` only for JSON `true` (as `Value::as_bool(..).unwrap_or(false)`).
fn is_true(r: &mut Doc<'_>, depth: u8) -> Result<bool, Refusal> {
    r.space();
    let starts_true = r.peek() == Some(b't');
    r.value(depth)?;
    Ok(starts_true)
}

/// `data`: for an object, its last `object` member, typed for `kind` (the kind of the type seen
/// so far); `None` for anything else, as `Value::get("object")` gives.
fn data(r: &mut Doc<'_>, depth: u8, kind: Option<ObjectKind>) -> Result<Option<Object>, Refusal> {
    r.space();
    if r.peek() != Some(b'{') {
        r.value(depth)?;
        return Ok(None);
    }
    let depth = enter(r, depth)?;
    let mut object = None;
    members(r, |r, key| {
        if key != b"object" {
            r.value(depth)?;
            return Ok(());
        }
        r.space();
        let start = r.i;
        let data = match kind {
            Some(kind) => typed(r, depth, kind)?,
            None => {
                r.value(depth)?;
                EventData::Untyped
            }
        };
        object = Some(Object { start, kind, data });
        Ok(())
    })?;
    Ok(object)
}

/// The object for `kind`, or [`EventData::Untyped`] when it does not fit.
fn typed(r: &mut Doc<'_>, depth: u8, kind: ObjectKind) -> Result<EventData, Refusal> {
    let data = match kind {
        ObjectKind::Payment => record::<Payment>(r, depth)?.map(EventData::Payment),
        ObjectKind::Refund => record::<Refund>(r, depth)?.map(EventData::Refund),
        ObjectKind::Token => record::<Token>(r, depth)?.map(EventData::Token),
        ObjectKind::Payout => record::<Payout>(r, depth)?.map(EventData::Payout),
    };
    Ok(data.unwrap_or(EventData::Untyped))
}

/// One field's value as last seen: `null`, a value that fits, or one that does not.
enum Got<T> {
    Null,
    Fits(T),
    Misfit,
}

/// A field's slot: `None` while absent.
type Slot<T> = Option<Got<T>>;

/// A required field: present and fitting.
fn required<T>(slot: Slot<T>) -> Option<T> {
    match slot {
        Some(Got::Fits(v)) => Some(v),
        _ => None,
    }
}

/// A `#[serde(default)] Option<T>` field: absent or `null` is `None`; `None` (no fit) when it
/// holds a value that does not fit.
fn optional<T>(slot: Slot<T>) -> Option<Option<T>> {
    match slot {
        None | Some(Got::Null) => Some(None),
        Some(Got::Fits(v)) => Some(Some(v)),
        Some(Got::Misfit) => None,
    }
}

/// Any value that is not of the field's type: checked, and `null` told apart.
fn misfit<T>(r: &mut Doc<'_>, depth: u8) -> Result<Got<T>, Refusal> {
    Ok(if r.value(depth)? == NULL {
        Got::Null
    } else {
        Got::Misfit
    })
}

fn string(r: &mut Doc<'_>, depth: u8) -> Result<Got<String>, Refusal> {
    r.space();
    if r.peek() == Some(b'"') {
        r.i += 1;
        return Ok(Got::Fits(r.text()?.into_owned()));
    }
    misfit(r, depth)
}

/// A checked id ([`PaymentId`]): a string its validating `Deserialize` accepts (taking the
/// string, no copy); any other string does not fit.
/// A checked id ([`PaymentId`], [`RefundId`], ...): what its validating `Deserialize` accepts.
fn id<T: TryFrom<String>>(r: &mut Doc<'_>, depth: u8) -> Result<Got<T>, Refusal> {
    Ok(match string(r, depth)? {
        Got::Fits(text) => match T::try_from(text) {
            Ok(id) => Got::Fits(id),
            Err(_) => Got::Misfit,
        },
        Got::Null => Got::Null,
        Got::Misfit => Got::Misfit,
    })
}

fn unsigned(r: &mut Doc<'_>, depth: u8) -> Result<Got<u64>, Refusal> {
    r.space();
    if matches!(r.peek(), Some(b'-' | b'0'..=b'9')) {
        return Ok(match r.unsigned()? {
            Some(n) => Got::Fits(n),
            None => Got::Misfit,
        });
    }
    misfit(r, depth)
}

/// A map of strings: an object only (serde's map visitor takes no sequence form); a key whose
/// last value is not a string makes it not fit.
fn string_map(r: &mut Doc<'_>, depth: u8) -> Result<Got<BTreeMap<String, String>>, Refusal> {
    r.space();
    if r.peek() != Some(b'{') {
        return misfit(r, depth);
    }
    let depth = enter(r, depth)?;
    let mut map = BTreeMap::new();
    let mut misfits: Vec<String> = Vec::new();
    members(r, |r, key| {
        let key = std::str::from_utf8(key).map_err(|_| r.fail())?.to_owned();
        r.space();
        if r.peek() == Some(b'"') {
            r.i += 1;
            let value = r.text()?.into_owned();
            misfits.retain(|k| *k != key);
            map.insert(key, value);
        } else {
            r.value(depth)?;
            map.remove(&key);
            if !misfits.contains(&key) {
                misfits.push(key);
            }
        }
        Ok(())
    })?;
    Ok(if misfits.is_empty() {
        Got::Fits(map)
    } else {
        Got::Misfit
    })
}

/// A struct read from JSON as serde's derived `Deserialize` reads it from a `Value`.
trait Record: Sized {
    /// One slot per field, all absent.
    type Slots: Default;
    /// The wire names of the fields, in declaration order (the sequence form's order).
    const FIELDS: &'static [&'static str];
    /// Reads field number `index`'s value into its slot.
    fn read_field(
        slots: &mut Self::Slots,
        index: usize,
        r: &mut Doc<'_>,
        depth: u8,
    ) -> Result<(), Refusal>;
    /// The struct, if the slots make one.
    fn finish(slots: Self::Slots) -> Option<Self>;
}

/// A struct field: an object or an array makes one or does not fit; `null` and every other
/// value are not one.
fn nested<T: Record>(r: &mut Doc<'_>, depth: u8) -> Result<Got<T>, Refusal> {
    r.space();
    if !matches!(r.peek(), Some(b'{' | b'[')) {
        return misfit(r, depth);
    }
    Ok(match record::<T>(r, depth)? {
        Some(v) => Got::Fits(v),
        None => Got::Misfit,
    })
}

/// A struct: an object (fields by name, unknown ones ignored) or an array (fields in order,
/// missing trailing optional fields `None`, nothing left over); `None` for a value that does not
/// make one (any other kind of value included).
fn record<T: Record>(r: &mut Doc<'_>, depth: u8) -> Result<Option<T>, Refusal> {
    r.space();
    let open = r.peek();
    if !matches!(open, Some(b'{' | b'[')) {
        r.value(depth)?;
        return Ok(None);
    }
    let depth = enter(r, depth)?;
    let mut slots = T::Slots::default();
    if open == Some(b'{') {
        members(r, |r, key| {
            match T::FIELDS.iter().position(|name| name.as_bytes() == key) {
                Some(index) => T::read_field(&mut slots, index, r, depth)?,
                None => {
                    r.value(depth)?;
                }
            }
            Ok(())
        })?;
        return Ok(T::finish(slots));
    }
    let mut index = 0;
    elements(r, |r| {
        if index < T::FIELDS.len() {
            T::read_field(&mut slots, index, r, depth)?;
        } else {
            r.value(depth)?;
        }
        index += 1;
        Ok(())
    })?;
    Ok(if index > T::FIELDS.len() {
        None
    } else {
        T::finish(slots)
    })
}

/// `impl Record` for a struct: `name: slot kind => "wire name"` per field, in declaration order,
/// then how the slots make the struct.
macro_rules! record {
    ($ty:ident, $slots:ident { $($field:ident: $t:ty = $read:expr => $wire:literal,)* }) => {
        #[derive(Default)]
        struct $slots {
            $($field: Slot<$t>,)*
        }

        impl Record for $ty {
            type Slots = $slots;
            const FIELDS: &'static [&'static str] = &[$($wire),*];

            fn read_field(
                slots: &mut $slots,
                index: usize,
                r: &mut Doc<'_>,
                depth: u8,
            ) -> Result<(), Refusal> {
                let mut i = 0;
                $(
                    if index == i {
                        slots.$field = Some($read(r, depth)?);
                        return Ok(());
                    }
                    i += 1;
                )*
                let _ = i;
                r.value(depth).map(drop)
            }

            fn finish(slots: $slots) -> Option<$ty> {
                record!(@finish $ty, slots, $($field)*)
            }
        }
    };
    (@finish Payment, $s:ident, $($f:ident)*) => {
        Some(Payment {
            id: required($s.id)?,
            status: required($s.status)?,
            amount: required($s.amount)?,
            currency: required($s.currency)?,
            rail: optional($s.rail)?,
            destination: optional($s.destination)?,
            metadata: optional($s.metadata)?,
            failure_code: optional($s.failure_code)?,
            failure_message: optional($s.failure_message)?,
            settled_at: optional($s.settled_at)?,
            created_at: optional($s.created_at)?,
        })
    };
    (@finish BankDestination, $s:ident, $($f:ident)*) => {
        Some(BankDestination {
            routing_number: optional($s.routing_number)?,
            account_number: optional($s.account_number)?,
            token: optional($s.token)?,
        })
    };
    (@finish Refund, $s:ident, $($f:ident)*) => {
        Some(Refund {
            id: required($s.id)?,
            payment: required($s.payment)?,
            amount: required($s.amount)?,
            currency: required($s.currency)?,
            status: required($s.status)?,
            created_at: optional($s.created_at)?,
        })
    };
    (@finish Token, $s:ident, $($f:ident)*) => {
        Some(Token {
            id: required($s.id)?,
            token_type: required($s.token_type)?,
            bank_account: optional($s.bank_account)?,
            created_at: optional($s.created_at)?,
        })
    };
    (@finish TokenBankAccount, $s:ident, $($f:ident)*) => {
        Some(TokenBankAccount {
            routing_number: optional($s.routing_number)?,
            last4: optional($s.last4)?,
        })
    };
    (@finish Payout, $s:ident, $($f:ident)*) => {
        Some(Payout {
            id: required($s.id)?,
            amount: required($s.amount)?,
            currency: required($s.currency)?,
            status: required($s.status)?,
            arrival_date: optional($s.arrival_date)?,
        })
    };
}

record!(Payment, PaymentSlots {
    id: PaymentId = id => "id",
    status: String = string => "status",
    amount: u64 = unsigned => "amount",
    currency: String = string => "currency",
    rail: String = string => "rail",
    destination: BankDestination = nested => "destination",
    metadata: BTreeMap<String, String> = string_map => "metadata",
    failure_code: String = string => "failure_code",
    failure_message: String = string => "failure_message",
    settled_at: String = string => "settled_at",
    created_at: String = string => "created_at",
});

record!(BankDestination, BankDestinationSlots {
    routing_number: String = string => "routing_number",
    account_number: String = string => "account_number",
    token: TokenId = id => "token",
});

record!(Refund, RefundSlots {
    id: RefundId = id => "id",
    payment: PaymentId = id => "payment",
    amount: u64 = unsigned => "amount",
    currency: String = string => "currency",
    status: String = string => "status",
    created_at: String = string => "created_at",
});

record!(Token, TokenSlots {
    id: TokenId = id => "id",
    token_type: String = string => "type",
    bank_account: TokenBankAccount = nested => "bank_account",
    created_at: String = string => "created_at",
});

record!(TokenBankAccount, TokenBankAccountSlots {
    routing_number: String = string => "routing_number",
    last4: String = string => "last4",
});

record!(Payout, PayoutSlots {
    id: PayoutId = id => "id",
    amount: u64 = unsigned => "amount",
    currency: String = string => "currency",
    status: String = string => "status",
    arrival_date: String = string => "arrival_date",
});
