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
    BankDestination, Event, EventData, EventType, ObjectKind, Payment, Payout, Refund, Token,
    TokenBankAccount,
};
use crate::id::{PaymentId, PayoutId, RefundId, TokenId};
use crate::json::{Reader, Refusal, DEPTH, NULL, OBJECT};

mod objects;

use objects::*;

/// A field that must be a string, as last seen.
enum Text<'a> {
    Absent,
    Str(Cow<'a, str>),
    Other(&'static str),
}

/// `data.object` as last seen: where its value starts, the kind of JSON value it is, and the kind
/// the type had when it was read (what it gave for that kind is kept apart, in one place, so the
/// large `EventData` is not moved through these small records).
struct Object {
    start: usize,
    value: &'static str,
    kind: Option<ObjectKind>,
}

/// `data` as last seen: absent, not an object (its kind), or an object with its last `object`
/// member, if any.
enum Data {
    Absent,
    NotObject(&'static str),
    Object(Option<Object>),
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
/// is not JSON): the event, built in place (no intermediate struct of its fields to move).
pub(super) fn read(text: &str) -> Result<Event, Refusal> {
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
    let mut object = Data::Absent;
    // What the last `data.object` gave for its kind (only read when `object` has one).
    let mut typed_data = EventData::Untyped;
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
            b"data" => object = data(r, depth, kind_now, &mut typed_data)?,
            _ => {
                r.value(depth)?;
            }
        }
        Ok(())
    })?;
    r.end()?;
    let id = required_text(id, "id")?.into_owned();
    // A known type's name is not copied (only an unknown one is kept, as its own `String`).
    let name = required_text(event_type, "type")?;
    let event_type = match EventType::known(&name) {
        Some(known) => known,
        None => EventType::Unknown(super::UnknownEventType(name.into_owned())),
    };
    // The event rule: `data.object` is present, and a JSON object.
    let object = match object {
        Data::Absent | Data::Object(None) => return Err(Refusal::Missing("data.object")),
        Data::NotObject(kind) => return Err(Refusal::NotAnObject("data", kind)),
        Data::Object(Some(object)) if object.value != OBJECT => {
            return Err(Refusal::NotAnObject("data.object", object.value))
        }
        Data::Object(Some(object)) => object,
    };
    let kind = event_type.object_kind();
    let data = match (object, kind) {
        (object, kind) if object.kind == kind => typed_data,
        (object, Some(kind)) => {
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
    Ok(Event {
        id,
        event_type,
        api_version,
        created_at,
        livemode,
        data,
        raw: text.into(),
    })
}

fn required_text<'a>(field: Text<'a>, key: &'static str) -> Result<Cow<'a, str>, Refusal> {
    match field {
        Text::Str(text) => Ok(text),
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
        let escaped = self.r.skip_string()?;
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
/// so far) into `typed_data` when it is an object; for anything else, its kind.
fn data(
    r: &mut Doc<'_>,
    depth: u8,
    kind: Option<ObjectKind>,
    typed_data: &mut EventData,
) -> Result<Data, Refusal> {
    r.space();
    if r.peek() != Some(b'{') {
        return Ok(Data::NotObject(r.value(depth)?));
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
        let value = match kind {
            Some(kind) if r.peek() == Some(b'{') => {
                *typed_data = typed(r, depth, kind)?;
                OBJECT
            }
            _ => {
                *typed_data = EventData::Untyped;
                r.value(depth)?
            }
        };
        object = Some(Object { start, value, kind });
        Ok(())
    })?;
    Ok(Data::Object(object))
}
