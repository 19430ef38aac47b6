//! [`EventSummary`]: an event's identity (`id` and `type`) read without building the JSON tree,
//! and without serde. Not part of the public API: the npm binding crates reach it through
//! `kinetic_flow_core::__bindings` (ARCHITECTURE.md, "What the bindings see").
//!
//! The reader is the hand-written JSON scanner of `json::scan` (serde_json's exact
//! acceptance; [`Event::parse`] reads with it too), keeping nothing but the last `id` and
//! `type`, then [`Event::parse`]'s rule: a JSON object with a string `id` and `type` and an object `data.object`. It has no
//! serde, so the webhooks-only wasm carries no serde_json at all. `tests/webhook_props.rs`, the
//! unit tests below and the `event_parse` fuzz target hold it to `Event::parse` and to the
//! `Value` parse.

use super::error::refused;
use super::{Event, EventError, EventType};
use crate::json::{Reader, Refusal, DEPTH, OBJECT, STRING};

/// The identity of an event (`id` and `type`), read without building the JSON tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSummary {
    /// `evt_…`.
    pub id: String,
    /// The event type.
    pub event_type: EventType,
}

impl EventSummary {
    /// Checks that `body` is an event exactly as [`Event::parse`] would (same acceptance, same
    /// errors) and returns its `id` and `type`, without building the JSON tree. For callers
    /// that parse the body themselves (the npm package hands it to `JSON.parse`): the rule for
    /// what an event is stays here. A body that is not JSON at all gets `Event::parse`'s
    /// wording (serde_json's position); see [`EventSummary::check`] for a reader without it.
    ///
    /// ```
    /// use kinetic_flow_core::{__bindings::EventSummary, event::EventType};
    /// let s = EventSummary::read(br#"{"id":"evt_1","type":"refund.created","data":{"object":{}}}"#).unwrap();
    /// assert_eq!((s.id.as_str(), s.event_type), ("evt_1", EventType::RefundCreated));
    /// assert_eq!(EventSummary::read(br#"["evt_1","refund.created"]"#).unwrap_err().code(), "invalid_event");
    /// ```
    pub fn read(body: &[u8]) -> Result<EventSummary, EventError> {
        match scan(body) {
            Ok(summary) => Ok(summary),
            // Not JSON: serde_json words the error (its category, line and column). Only
            // refused bodies get here, so the success path never parses twice.
            Err(Refusal::NotJson { .. }) => Event::parse(body).map(|e| EventSummary {
                id: e.id,
                event_type: e.event_type,
            }),
            Err(other) => Err(refused(other)),
        }
    }

    /// [`EventSummary::read`] without serde_json anywhere: the same acceptance and the same
    /// errors, except that a body which is not JSON is worded with this reader's position
    /// (`the body is not valid JSON (syntax error at line 1, column 9)`) rather than
    /// serde_json's. For the webhooks-only wasm module, which links no JSON library.
    ///
    /// ```
    /// use kinetic_flow_core::{__bindings::EventSummary, event::EventType};
    /// let s = EventSummary::check(br#"{"type":"payout.completed","id":"evt_2","data":{"object":{}}}"#).unwrap();
    /// assert_eq!((s.id.as_str(), s.event_type), ("evt_2", EventType::PayoutCompleted));
    /// assert_eq!(EventSummary::check(b"{\"id\":").unwrap_err().code(), "invalid_event");
    /// ```
    pub fn check(body: &[u8]) -> Result<EventSummary, EventError> {
        scan(body).map_err(refused)
    }

    /// [`EventSummary::check`]'s verdict alone (the same acceptance and errors), for a caller
    /// that reads the body's fields itself (the npm package `JSON.parse`s it): no `id` or
    /// [`EventType`] is built, so the webhooks-only wasm module carries no event type table.
    ///
    /// ```
    /// use kinetic_flow_core::__bindings::EventSummary;
    /// assert!(EventSummary::accept(br#"{"id":"evt_2","type":"x.y","data":{"object":{}}}"#).is_ok());
    /// assert_eq!(EventSummary::accept(b"{}").unwrap_err(), EventSummary::check(b"{}").unwrap_err());
    /// ```
    pub fn accept(body: &[u8]) -> Result<(), EventError> {
        scan_fields(body, false).map(drop).map_err(refused)
    }
}

/// The value of `id` or `type` as last seen: absent, a string, or another kind.
enum Field {
    Absent,
    Text(Vec<u8>),
    Other(&'static str),
}

fn scan(body: &[u8]) -> Result<EventSummary, Refusal> {
    let (id, event_type) = scan_fields(body, true)?;
    Ok(EventSummary {
        id,
        event_type: EventType::parse(&event_type),
    })
}

/// The event rule over `body`: its `id` and `type` texts (empty unless `keep`: the same rule,
/// no copy), or why it is not an event.
fn scan_fields(body: &[u8], keep: bool) -> Result<(String, String), Refusal> {
    let mut r = Reader { b: body, i: 0 };
    r.space();
    if r.peek() != Some(b'{') {
        let kind = r.value(DEPTH)?;
        r.end()?;
        return Err(Refusal::NotObject(kind));
    }
    r.i += 1;
    let depth = DEPTH - 1;
    let mut id = Field::Absent;
    let mut event_type = Field::Absent;
    let mut data = Data::Absent;
    let mut first = true;
    loop {
        r.space();
        match r.peek() {
            Some(b'}') => {
                r.i += 1;
                break;
            }
            Some(b',') if !first => {
                r.i += 1;
                r.space();
            }
            _ if first => {}
            _ => return Err(r.fail()),
        }
        first = false;
        if r.peek() != Some(b'"') {
            return Err(r.fail());
        }
        r.i += 1;
        let slot = match classify(&r.key()?) {
            Key::Id => Some(&mut id),
            Key::Type => Some(&mut event_type),
            Key::Data => {
                r.colon()?;
                data = data_object(&mut r, depth)?;
                continue;
            }
            Key::Other => None,
        };
        r.colon()?;
        match slot {
            Some(field) => {
                r.space();
                if r.peek() == Some(b'"') {
                    r.i += 1;
                    let mut text = Vec::new();
                    r.string(keep.then_some(&mut text))?;
                    *field = Field::Text(text);
                } else {
                    *field = Field::Other(r.value(depth)?);
                }
            }
            None => {
                r.value(depth)?;
            }
        }
    }
    r.end()?;
    let id = text_field(id, "id")?;
    let event_type = text_field(event_type, "type")?;
    data.check()?;
    Ok((id, event_type))
}

fn text_field(field: Field, key: &'static str) -> Result<String, Refusal> {
    match field {
        // Checked UTF-8 while scanning; checked again rather than trusted (no unsafe).
        Field::Text(bytes) => String::from_utf8(bytes).map_err(|_| Refusal::NotString(key, STRING)),
        Field::Other(kind) => Err(Refusal::NotString(key, kind)),
        Field::Absent => Err(Refusal::Missing(key)),
    }
}

enum Key {
    Id,
    Type,
    Data,
    Other,
}

fn classify(key: &[u8]) -> Key {
    match key {
        b"id" => Key::Id,
        b"type" => Key::Type,
        b"data" => Key::Data,
        _ => Key::Other,
    }
}

/// `data` as last seen: absent, not an object (its kind), or an object whose last `object`
/// member was of this kind (`None`: it has none).
enum Data {
    Absent,
    NotObject(&'static str),
    Object(Option<&'static str>),
}

impl Data {
    /// The event rule for `data.object`: present, and a JSON object.
    fn check(self) -> Result<(), Refusal> {
        match self {
            Data::Absent | Data::Object(None) => Err(Refusal::Missing("data.object")),
            Data::NotObject(kind) => Err(Refusal::NotAnObject("data", kind)),
            Data::Object(Some(kind)) if kind != OBJECT => {
                Err(Refusal::NotAnObject("data.object", kind))
            }
            Data::Object(Some(_)) => Ok(()),
        }
    }
}

/// The value of `data` (after its colon): its kind, and for an object the kind of its last
/// `object` member.
fn data_object(r: &mut Reader<'_>, depth: u8) -> Result<Data, Refusal> {
    r.space();
    if r.peek() != Some(b'{') {
        return Ok(Data::NotObject(r.value(depth)?));
    }
    // Entering a container, as `Reader::value` does (the same depth rule).
    let depth = depth.saturating_sub(1);
    if depth == 0 {
        return Err(r.fail());
    }
    r.i += 1;
    let mut object = None;
    let mut first = true;
    loop {
        r.space();
        match r.peek() {
            Some(b'}') => {
                r.i += 1;
                return Ok(Data::Object(object));
            }
            Some(b',') if !first => {
                r.i += 1;
                r.space();
            }
            _ if first => {}
            _ => return Err(r.fail()),
        }
        first = false;
        if r.peek() != Some(b'"') {
            return Err(r.fail());
        }
        r.i += 1;
        let is_object = r.key()?.as_ref() == b"object";
        r.colon()?;
        let kind = r.value(depth)?;
        if is_object {
            object = Some(kind);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The two readers against the full parse: same acceptance, id, type; `read` the same error,
    /// `check` the same error except the wording of a body that is not JSON.
    fn agree(body: &[u8]) {
        let full = Event::parse(body).map(|e| (e.id, e.event_type));
        let read = EventSummary::read(body).map(|s| (s.id, s.event_type));
        assert_eq!(read, full, "read: {}", String::from_utf8_lossy(body));
        let check = EventSummary::check(body).map(|s| (s.id, s.event_type));
        match (&check, &full) {
            (Ok(a), Ok(b)) => assert_eq!(a, b),
            (Err(a), Err(b)) if b.to_string().contains("not valid JSON") => {
                assert_eq!(a.code(), b.code());
                assert!(a.to_string().contains("not valid JSON"), "{a}");
            }
            _ => assert_eq!(check, full, "check: {}", String::from_utf8_lossy(body)),
        }
    }

    #[test]
    fn accepts_exactly_what_the_full_parse_accepts() {
        let bodies: &[&[u8]] = &[
            br#"{"id":"evt_1","type":"payment.created","data":{"object":{"amount":1,"m":{"k":"v\u00e9"}}}}"#,
            br#" {"id":"evt_1","type":"a"} "#,
            br#"{"id":"evt_1","id":"evt_2","type":"a"}"#,
            br#"{"id":1,"id":"evt_2","type":"a"}"#,
            br#"{"id":"evt_2","id":1,"type":"a"}"#,
            br#"{"\u0069d":"evt_2","typ\u0065":"a\ud83d\ude00"}"#,
            br#"{"id":"e\u0076t\n\"\/\\\b\f\r\t","type":"a"}"#,
            br#"{"id":"evt_1","type":"a","x":[1,{"y":null}],"z":-0.5e-3,"w":[true,false,[]]}"#,
            br#"{"id":"evt_1","type":"a","x":1e400}"#,
            br#"{"id":"evt_1","type":"a","x":0e400}"#,
            br#"{"id":"evt_1","type":"a","x":1e-400}"#,
            br#"{"id":"evt_1","type":"a","x":1.7976931348623157e308}"#,
            br#"{"id":"evt_1","type":"a","x":1.7976931348623159e308}"#,
            br#"{"id":"evt_1","type":"a","x":17976931348623157e292}"#,
            br#"{"id":"evt_1","type":"a","x":17976931348623159e292}"#,
            br#"{"id":"evt_1","type":"a","x":18446744073709551616e288}"#,
            br#"{"id":"evt_1","type":"a","x":184467440737095516159e287}"#,
            br#"{"id":"evt_1","type":"a","x":1844674407370955161.9e289}"#,
            br#"{"id":"evt_1","type":"a","x":0.000000000000000000000000001e335}"#,
            br#"{"id":"evt_1","type":"a","x":1e99999999999}"#,
            br#"{"id":"evt_1","type":"a","x":0e99999999999}"#,
            br#"{"id":"evt_1","type":"a","x":1e-99999999999}"#,
            br#"{"id":"evt_1","type":"a","x":-18446744073709551616}"#,
            br#"{"id":"evt_1","type":"a","x":01}"#,
            br#"{"id":"evt_1","type":"a","x":1.}"#,
            br#"{"id":"evt_1","type":"a","x":.1}"#,
            br#"{"id":"evt_1","type":"a","x":1e}"#,
            br#"{"id":"evt_1","type":"a","x":-}"#,
            br#"{"id":"evt_1","type":"a","x":+1}"#,
            br#"{"id":"evt_1","type":"a","x":"\ud800"}"#,
            br#"{"id":"evt_1","type":"a","x":"\udc00"}"#,
            br#"{"id":"evt_1","type":"a","x":"\ud800\u0041"}"#,
            br#"{"id":"evt_1","type":"a","x":"\x"}"#,
            br#"{"id":"evt_1","type":"a","x":"\u12"}"#,
            b"{\"id\":\"evt_1\",\"type\":\"a\",\"x\":\"\x01\"}",
            b"{\"id\":\"evt_1\",\"type\":\"a\",\"x\":\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\x7f\"}",
            b"{\"id\":\"evt_1\",\"type\":\"a\",\"x\":\"\xc0\xaf\"}",
            b"{\"id\":\"evt_1\",\"type\":\"a\",\"x\":\"\xed\xa0\x80\"}",
            b"{\"id\":\"evt_1\",\"type\":\"a\",\"x\":\"\xf4\x90\x80\x80\"}",
            b"{\"id\":\"evt_1\",\"type\":\"a\",\"x\":\"\xe2\x82\"}",
            b"\xef\xbb\xbf{\"id\":\"evt_1\",\"type\":\"a\"}",
            br#"{"id":"evt_1","type":"a"} x"#,
            br#"{"id":"evt_1","type":"a",}"#,
            br#"{"id":"evt_1","type":"a","x":[1,]}"#,
            br#"{"id":"evt_1","type":"a","x":{"k":1,}}"#,
            br#"{"id":"evt_1","type":"a","x":{1:1}}"#,
            br#"{"id":"evt_1","type":"a","x":nul}"#,
            br#"{"id":"evt_1" "type":"a"}"#,
            br#"{"id" "evt_1"}"#,
            br#"{"id":true,"type":"a"}"#,
            br#"{"id":"evt_1","type":{}}"#,
            br#"{"id":"evt_1","type":[]}"#,
            br#"{"id":"evt_1","type":null}"#,
            br#"{"type":"a"}"#,
            br#"{"id":"evt_1"}"#,
            b"{}",
            b"[]",
            b"[1,2",
            b"null",
            b"true",
            b"-1.5",
            b"\"x\"",
            b"",
            b"   ",
            b"{",
            b"\xff",
        ];
        for body in bodies {
            agree(body);
        }
    }

    #[test]
    fn nesting_stops_where_serde_json_stops() {
        for depth in [125, 126, 127, 128, 129] {
            let mut body = br#"{"id":"evt_1","type":"a","x":"#.to_vec();
            body.extend(vec![b'['; depth]);
            body.extend(vec![b']'; depth]);
            body.push(b'}');
            agree(&body);
            let mut bare = vec![b'['; depth + 1];
            bare.extend(vec![b']'; depth + 1]);
            agree(&bare);
        }
    }

    #[test]
    fn numbers_near_the_overflow_agree() {
        for exp in 285..=312 {
            for mantissa in [
                "1",
                "9",
                "17976931348623157",
                "17976931348623158",
                "18446744073709551615",
                "184467440737095516150",
            ] {
                agree(format!(r#"{{"id":"e","type":"t","x":{mantissa}e{exp}}}"#).as_bytes());
                agree(format!(r#"{{"id":"e","type":"t","x":-{mantissa}.5e+{exp}}}"#).as_bytes());
            }
        }
    }
}
