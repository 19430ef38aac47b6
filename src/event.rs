//! Typed webhook events, parsed forward-compatibly.
//!
//! A correctly signed event is never lost: unknown fields are ignored, an unknown `type` parses
//! as [`EventType::Unknown`], and a known type whose `data.object` does not match the expected
//! shape still parses, with [`EventData::Untyped`]. The raw JSON is always kept in
//! [`Event::raw`]. The only bodies refused (`invalid_event`) are those that are not a JSON object
//! with a string `id`, a string `type` and an object `data.object`.

use serde_json::Value;

use crate::id::{EventId, IdError};
use crate::json::Refusal;

mod error;
mod read;
pub(crate) mod summary;

pub use error::EventError;
mod typed;

/// One table of the known event types: wire name and variant. Everything else reads it.
macro_rules! event_types {
    ($($variant:ident => $name:literal, $doc:literal;)*) => {
        /// The `type` of an event. Unknown types are kept, not refused.
        ///
        /// ```
        /// use kinetic_flow_core::event::{EventType, ObjectKind};
        /// let t: EventType = "refund.completed".parse().unwrap();
        /// assert_eq!(t, EventType::RefundCompleted);
        /// assert_eq!(t.object_kind(), Some(ObjectKind::Refund));
        /// match EventType::parse("payment.disputed") {
        ///     EventType::Unknown(name) => assert_eq!(name.as_str(), "payment.disputed"),
        ///     other => panic!("{other:?}"),
        /// }
        /// ```
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum EventType {
            $(#[doc = $doc] $variant,)*
            /// A type this version of the crate does not know; carries the wire name. Only
            /// [`EventType::parse`] makes one, so it never holds a known type's name.
            Unknown(UnknownEventType),
        }

        impl EventType {
            /// Every known event type's wire name, in documentation order.
            pub const KNOWN: &'static [&'static str] = &[$($name),*];

            /// Reads a wire name; unknown names become [`EventType::Unknown`].
            ///
            /// ```
            /// use kinetic_flow_core::event::EventType;
            /// assert_eq!(EventType::parse("payment.completed"), EventType::PaymentCompleted);
            /// assert_eq!(EventType::parse("payment.disputed").as_str(), "payment.disputed");
            /// ```
            pub fn parse(name: &str) -> EventType {
                EventType::known(name)
                    .unwrap_or_else(|| EventType::Unknown(UnknownEventType(name.to_owned())))
            }

            /// A known type's variant, without allocating for an unknown one.
            fn known(name: &str) -> Option<EventType> {
                match name {
                    $($name => Some(EventType::$variant),)*
                    _ => None,
                }
            }

            /// The wire name, e.g. `payment.completed`.
            ///
            /// ```
            /// use kinetic_flow_core::event::EventType;
            /// assert_eq!(EventType::RefundCreated.as_str(), "refund.created");
            /// ```
            pub fn as_str(&self) -> &str {
                match self {
                    $(EventType::$variant => $name,)*
                    EventType::Unknown(name) => name.as_str(),
                }
            }
        }
    };
}

event_types! {
    PaymentCreated => "payment.created", "A payment was created.";
    PaymentProcessing => "payment.processing", "A payment is being processed by its rail.";
    PaymentCompleted => "payment.completed", "A payment settled.";
    PaymentFailed => "payment.failed", "A payment failed; see `failure_code`.";
    PaymentRefunded => "payment.refunded", "A payment was refunded.";
    RefundCreated => "refund.created", "A refund was created.";
    RefundCompleted => "refund.completed", "A refund completed.";
    TokenCreated => "token.created", "A bank-account token was created.";
    TokenUpdated => "token.updated", "A bank-account token was updated.";
    PayoutCompleted => "payout.completed", "A payout arrived.";
}

impl EventType {
    /// Which object `data.object` holds for this type, or `None` for an unknown type.
    ///
    /// ```
    /// use kinetic_flow_core::event::{EventType, ObjectKind};
    /// assert_eq!(EventType::PaymentFailed.object_kind(), Some(ObjectKind::Payment));
    /// assert_eq!(EventType::parse("x.y").object_kind(), None);
    /// ```
    pub fn object_kind(&self) -> Option<ObjectKind> {
        match self {
            EventType::PaymentCreated
            | EventType::PaymentProcessing
            | EventType::PaymentCompleted
            | EventType::PaymentFailed
            | EventType::PaymentRefunded => Some(ObjectKind::Payment),
            EventType::RefundCreated | EventType::RefundCompleted => Some(ObjectKind::Refund),
            EventType::TokenCreated | EventType::TokenUpdated => Some(ObjectKind::Token),
            EventType::PayoutCompleted => Some(ObjectKind::Payout),
            EventType::Unknown(_) => None,
        }
    }
}

/// The wire name of an event type this crate does not know (from [`EventType::parse`]; there is
/// no other way to make one, so `EventType::Unknown` cannot hold a known type).
///
/// ```
/// use kinetic_flow_core::event::EventType;
/// let EventType::Unknown(name) = EventType::parse("payment.disputed") else { panic!() };
/// assert_eq!(name.as_str(), "payment.disputed");
/// assert_eq!(name.to_string(), "payment.disputed");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownEventType(String);

impl UnknownEventType {
    /// The wire name.
    ///
    /// ```
    /// use kinetic_flow_core::event::EventType;
    /// if let EventType::Unknown(name) = EventType::parse("dispute.opened") {
    ///     assert_eq!(name.as_str(), "dispute.opened");
    /// }
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for UnknownEventType {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for UnknownEventType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Display for EventType {
    /// The wire name.
    ///
    /// ```
    /// # use kinetic_flow_core::event::EventType;
    /// assert_eq!(EventType::PaymentFailed.to_string(), "payment.failed");
    /// ```
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for EventType {
    type Err = std::convert::Infallible;

    /// [`EventType::parse`]: never fails (unknown names are kept).
    ///
    /// ```
    /// # use kinetic_flow_core::event::EventType;
    /// assert_eq!("refund.created".parse(), Ok(EventType::RefundCreated));
    /// ```
    fn from_str(s: &str) -> Result<EventType, std::convert::Infallible> {
        Ok(EventType::parse(s))
    }
}

impl AsRef<str> for EventType {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

/// The kinds of object an event can carry in `data.object` ([`EventType::object_kind`]).
///
/// ```
/// use kinetic_flow_core::event::{EventType, ObjectKind};
/// assert_eq!(EventType::TokenUpdated.object_kind(), Some(ObjectKind::Token));
/// assert_eq!(EventType::PayoutCompleted.object_kind(), Some(ObjectKind::Payout));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ObjectKind {
    /// A `payment` (`pay_…`).
    Payment,
    /// A `refund` (`re_…`).
    Refund,
    /// A bank-account `token` (`tok_…`).
    Token,
    /// A `payout` (`po_…`).
    Payout,
}

// The objects moved to `crate::resource` (they are also what the API answers); re-exported here
// so that `event::Payment` and the other paths keep working.
pub use crate::resource::{BankDestination, Payment, Payout, Refund, Token, TokenBankAccount};

/// The typed `data.object` of an event.
///
/// ```
/// use kinetic_flow_core::event::{Event, EventData};
/// let body = br#"{"id":"evt_1","type":"refund.created","data":{"object":{"id":"re_1",
///   "payment":"pay_1","amount":700,"currency":"usd","status":"pending"}}}"#;
/// match Event::parse(body)?.data {
///     EventData::Refund(refund) => assert_eq!((refund.payment.as_str(), refund.amount), ("pay_1", 700)),
///     other => panic!("{other:?}"),
/// }
/// // A known type whose object does not fit is kept, untyped, with its raw JSON.
/// let odd = Event::parse(br#"{"id":"evt_2","type":"refund.created","data":{"object":{"id":2}}}"#)?;
/// assert_eq!(odd.data, EventData::Untyped);
/// assert_eq!(odd.raw_value()["data"]["object"]["id"], 2);
/// # Ok::<(), kinetic_flow_core::event::EventError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EventData {
    /// A payment.
    Payment(Payment),
    /// A refund.
    Refund(Refund),
    /// A token.
    Token(Token),
    /// A payout.
    Payout(Payout),
    /// An unknown event type, or a known one whose object did not have the expected shape:
    /// read [`Event::raw`].
    Untyped,
}

/// A webhook event. The body is kept whole, as received, in [`Event::raw`] (text, not a tree:
/// [`Event::raw_value`] parses it when you need unknown fields).
///
/// ```
/// use kinetic_flow_core::event::{Event, EventData, EventType};
/// let body = br#"{"id":"evt_1a2b3c4d","object":"event","type":"payment.completed",
///   "api_version":"2026-04-01","livemode":false,"data":{"object":{"id":"pay_1","status":"completed",
///   "amount":25000,"currency":"usd","metadata":{"order":"ord_9"}}}}"#;
/// let event = Event::parse(body)?;
/// assert_eq!(event.id, "evt_1a2b3c4d"); // de-duplicate deliveries on it
/// assert_eq!(event.event_type, EventType::PaymentCompleted);
/// assert_eq!(event.api_version.as_deref(), Some("2026-04-01"));
/// let EventData::Payment(payment) = &event.data else { panic!("{:?}", event.data) };
/// assert_eq!(payment.metadata.as_ref().unwrap()["order"], "ord_9");
/// # Ok::<(), kinetic_flow_core::event::EventError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Event {
    /// `evt_…`: de-duplicate on it; deliveries are retried for up to 72 hours and may repeat.
    pub id: String,
    /// The event type.
    pub event_type: EventType,
    /// The API version the event was rendered with.
    pub api_version: Option<String>,
    /// RFC 3339 creation time.
    pub created_at: Option<String>,
    /// `true` for live-mode events (absent means `false`).
    pub livemode: bool,
    /// The typed object, when the type is known and the object matched.
    pub data: EventData,
    raw: Box<str>,
}

impl Event {
    /// Parses an event body. Only checks that it is a JSON object with a string `id`, a string
    /// `type` and an object `data.object`; everything else is forward-compatible.
    ///
    /// ```
    /// use kinetic_flow_core::event::{Event, EventData, EventType};
    /// let body = br#"{"id":"evt_1","object":"event","type":"payout.completed","livemode":true,
    ///   "data":{"object":{"id":"po_1","amount":500,"currency":"usd","status":"paid","new_field":1}}}"#;
    /// let event = Event::parse(body).unwrap();
    /// assert_eq!(event.event_type, EventType::PayoutCompleted);
    /// assert!(matches!(event.data, EventData::Payout(ref p) if p.amount == 500));
    /// assert!(Event::parse(b"[1,2]").is_err());
    /// ```
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub fn parse(body: &[u8]) -> Result<Event, EventError> {
        // A body that is not UTF-8 is not JSON; one that is is read as text, each byte checked
        // once (the scanner's strings are slices of it, and so is `raw`).
        let read = std::str::from_utf8(body)
            .map_err(|_| Refusal::NotJson {
                line: 0,
                column: 0,
                end: false,
            })
            .and_then(read::read);
        match read {
            Ok(event) => Ok(event),
            // Not JSON: serde_json words the error (its category, line and column), as the
            // `Value` parse always did. Only refused bodies get here.
            Err(Refusal::NotJson { .. }) => match serde_json::from_slice::<Value>(body) {
                Err(e) => Err(not_json(&e)),
                // The scanner and serde_json agree (tests and fuzzing hold them to it); were
                // they ever not to, the body is an event by the `Value` rule, and kept whole.
                Ok(value) => Event::from_value(value).map(|mut event| {
                    event.raw = raw_text(body);
                    event
                }),
            },
            Err(refusal) => Err(error::refused(refusal)),
        }
    }

    /// The id as a checked [`EventId`] (`evt_` and 1 to 255 ASCII letters or digits), for the
    /// API (`Client::build_retrieve_event`). [`Event::id`] stays the text as received, whatever
    /// it is, so that no correctly signed event is lost; this refuses an id
    /// outside that form (`invalid_id`).
    ///
    /// ```
    /// use kinetic_flow_core::event::Event;
    /// let event = Event::parse(br#"{"id":"evt_1a2b","type":"payment.created","data":{"object":{}}}"#)?;
    /// assert_eq!(event.event_id()?.as_str(), "evt_1a2b");
    /// let odd = Event::parse(br#"{"id":"evt-1","type":"payment.created","data":{"object":{}}}"#)?;
    /// assert_eq!(odd.event_id().unwrap_err().code(), "invalid_id");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn event_id(&self) -> Result<EventId, IdError> {
        EventId::parse(&self.id)
    }

    /// The body as received: the whole event, unknown fields included.
    ///
    /// ```
    /// use kinetic_flow_core::event::Event;
    /// let body = r#"{"id":"evt_1","type":"x.y","data":{"object":{}},"new":[1]}"#;
    /// assert_eq!(Event::parse(body.as_bytes()).unwrap().raw(), body);
    /// ```
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// The body parsed into a JSON tree, for fields this crate does not type.
    ///
    /// ```
    /// use kinetic_flow_core::event::Event;
    /// let e = Event::parse(br#"{"id":"evt_1","type":"x.y","data":{"object":{}},"new":[1]}"#).unwrap();
    /// assert_eq!(e.raw_value()["new"][0], 1);
    /// ```
    pub fn raw_value(&self) -> Value {
        serde_json::from_str(&self.raw).unwrap_or(Value::Null)
    }

    /// Builds an event from already-parsed JSON (same rules as [`Event::parse`]).
    ///
    /// ```
    /// use kinetic_flow_core::event::Event;
    /// let v = serde_json::json!({"id": "evt_9", "type": "brand.new", "data": {"object": {}}});
    /// let e = Event::from_value(v).unwrap();
    /// assert_eq!(e.event_type.as_str(), "brand.new");
    /// let no_object = serde_json::json!({"id": "evt_9", "type": "brand.new", "data": {}});
    /// assert_eq!(Event::from_value(no_object).unwrap_err().code(), "invalid_event");
    /// ```
    pub fn from_value(raw: Value) -> Result<Event, EventError> {
        let obj = raw.as_object().ok_or_else(|| {
            EventError::new(format!(
                "the body is JSON {} but an event is a JSON object",
                json_type_name(&raw)
            ))
        })?;
        let id = required_str(obj, "id")?.to_owned();
        let event_type = EventType::parse(required_str(obj, "type")?);
        let api_version = optional_str(obj, "api_version");
        let created_at = optional_str(obj, "created_at");
        let livemode = obj
            .get("livemode")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        // The event rule: `data.object` is present, and a JSON object.
        let object = match obj.get("data") {
            None => None,
            Some(Value::Object(data)) => data.get("object"),
            Some(other) => {
                return Err(EventError::new(format!(
                    "the event's `data` is {} but must be an object",
                    json_type_name(other)
                )))
            }
        };
        let object = match object {
            None => {
                return Err(EventError::new(
                    "the event has no `data.object` field".to_owned(),
                ))
            }
            Some(object @ Value::Object(_)) => object,
            Some(other) => {
                return Err(EventError::new(format!(
                    "the event's `data.object` is {} but must be an object",
                    json_type_name(other)
                )))
            }
        };
        let data = typed_data(event_type.object_kind(), object);
        Ok(Event {
            id,
            event_type,
            api_version,
            created_at,
            livemode,
            data,
            raw: raw.to_string().into_boxed_str(),
        })
    }
}

/// The body as text. It is JSON, so UTF-8 (the scanner checked every string; the rest is
/// ASCII), checked again here rather than trusted (no `unsafe`).
fn raw_text(body: &[u8]) -> Box<str> {
    match std::str::from_utf8(body) {
        Ok(text) => text.into(),
        Err(_) => String::from_utf8_lossy(body).into(),
    }
}

/// `invalid_event` for a body that is not JSON, in serde_json's words.
fn not_json(e: &serde_json::Error) -> EventError {
    EventError::new(format!(
        "the body is not valid JSON ({} at line {}, column {})",
        json_error_kind(e),
        e.line(),
        e.column()
    ))
}

fn typed_data(kind: Option<ObjectKind>, object: &Value) -> EventData {
    let typed = match kind {
        Some(ObjectKind::Payment) => typed::payment(object).map(EventData::Payment),
        Some(ObjectKind::Refund) => typed::refund(object).map(EventData::Refund),
        Some(ObjectKind::Token) => typed::token(object).map(EventData::Token),
        Some(ObjectKind::Payout) => typed::payout(object).map(EventData::Payout),
        None => return EventData::Untyped,
    };
    typed.unwrap_or(EventData::Untyped)
}

fn required_str<'a>(
    obj: &'a serde_json::Map<String, Value>,
    key: &str,
) -> Result<&'a str, EventError> {
    match obj.get(key) {
        Some(Value::String(s)) => Ok(s),
        Some(other) => Err(EventError::new(format!(
            "the event's `{key}` is {} but must be a string",
            json_type_name(other)
        ))),
        None => Err(EventError::new(format!("the event has no `{key}` field"))),
    }
}

fn optional_str(obj: &serde_json::Map<String, Value>, key: &str) -> Option<String> {
    obj.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn json_type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn json_error_kind(e: &serde_json::Error) -> &'static str {
    match e.classify() {
        serde_json::error::Category::Eof => "unexpected end",
        serde_json::error::Category::Syntax => "syntax error",
        serde_json::error::Category::Data => "unexpected data",
        serde_json::error::Category::Io => "read error",
    }
}

impl crate::resource::sealed::Sealed for Event {}

/// `GET /v1/events/{id}` answers with the event itself, read as a webhook's body is
/// ([`Event::parse`]: forward-compatible, the raw JSON kept).
impl crate::resource::Resource for Event {
    const OBJECT: &'static str = "event";
    fn from_response(body: &[u8], value: &Value) -> Result<Self, crate::resource::ResourceError> {
        // Another object (a token has an `id` and a `type` too) is named as such.
        crate::resource::same_object::<Event>(value.get("object"))?;
        // Read from the bytes (not the tree) so that `raw` is the body as received.
        Ok(Event::parse(body).map_err(EventError::into_reason)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_type_round_trips_and_has_an_object_kind() {
        for name in EventType::KNOWN {
            let t = EventType::parse(name);
            assert_eq!(t.as_str(), *name);
            assert!(!matches!(t, EventType::Unknown(_)));
            assert!(t.object_kind().is_some());
        }
        assert_eq!(EventType::KNOWN.len(), 10);
    }

    #[test]
    fn mismatching_object_is_untyped_but_kept() {
        let body = br#"{"id":"evt_1","type":"payment.completed","data":{"object":{"id":7}}}"#;
        let e = Event::parse(body).unwrap();
        assert_eq!(e.data, EventData::Untyped);
        assert_eq!(e.raw_value()["data"]["object"]["id"], 7);
    }

    #[test]
    fn summary_agrees_with_the_full_parse() {
        let bodies: &[&[u8]] = &[
            br#"{"id":"evt_1","type":"payment.created"}"#,
            br#"{"id":"evt_1","id":"evt_2","type":"a"}"#,
            br#"{"id":1,"id":"evt_2","type":"a"}"#,
            br#"{"id":"evt_2","id":1,"type":"a"}"#,
            br#"{"id":"evt_1","type":"a","x":1e400}"#,
            br#"{"id":"evt_1","type":"a","x":"\ud800"}"#,
            br#"{"id":"evt_1","type":"a","x":[1,{"y":null}],"z":-0.5e-3}"#,
            br#"{"id":"e\u0076t","type":"a\n"}"#,
            br#"{"id":"evt_1","type":"a"} x"#,
            br#"{"id":"evt_1","type":"a",}"#,
            b"[]",
            b"",
            b"\xff",
        ];
        for body in bodies.iter().chain(DATA_OBJECT_BODIES) {
            let full = Event::parse(body).map(|e| (e.id, e.event_type));
            let quick = summary::EventSummary::read(body).map(|s| (s.id, s.event_type));
            assert_eq!(quick, full, "{}", String::from_utf8_lossy(body));
        }
    }

    /// `data.object` present and an object, or `invalid_event`: last duplicate wins, at any place.
    const DATA_OBJECT_BODIES: &[&[u8]] = &[
        br#"{"id":"evt_1","type":"a","data":{"object":{}}}"#,
        br#"{"data":{"object":{"id":"pay_1"}},"id":"evt_1","type":"payment.created"}"#,
        br#"{"id":"evt_1","type":"a","data":{"object":{},"object":1}}"#,
        br#"{"id":"evt_1","type":"a","data":{"object":1,"object":{}}}"#,
        br#"{"id":"evt_1","type":"a","data":{"object":{}},"data":2}"#,
        br#"{"id":"evt_1","type":"a","data":2,"data":{"object":{}}}"#,
        br#"{"id":"evt_1","type":"a","data":[]}"#,
        br#"{"id":"evt_1","type":"a","data":{"x":{}}}"#,
        br#"{"id":"evt_1","type":"payment.created","data":{"object":null}}"#,
        br#"{"id":"evt_1","type":"payment.created","data":{"object":[{}]}}"#,
        br#"{"id":"evt_1","type":"a","data":{"object":{}},}"#,
        br#"{"id":"evt_1","type":"a","data":{"object":{},}}"#,
        br#"{"type":"a","data":{"object":{}}}"#,
    ];

    #[test]
    fn every_event_has_an_object_data_object() {
        for body in DATA_OBJECT_BODIES {
            let parsed = without_raw(Event::parse(body));
            assert_eq!(
                parsed,
                without_raw(reference(body)),
                "{}",
                String::from_utf8_lossy(body)
            );
            let check = summary::EventSummary::check(body).map(|s| s.id);
            assert_eq!(
                check.is_ok(),
                parsed.is_ok(),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        let ok = |b: &[u8]| Event::parse(b).is_ok();
        assert!(
            ok(DATA_OBJECT_BODIES[0]) && ok(DATA_OBJECT_BODIES[3]) && ok(DATA_OBJECT_BODIES[5])
        );
        let reason = |b: &[u8]| Event::parse(b).unwrap_err().reason().to_owned();
        assert_eq!(
            reason(DATA_OBJECT_BODIES[7]),
            "the event has no `data.object` field"
        );
        assert_eq!(
            reason(DATA_OBJECT_BODIES[6]),
            "the event's `data` is an array but must be an object"
        );
        assert_eq!(
            reason(DATA_OBJECT_BODIES[8]),
            "the event's `data.object` is null but must be an object"
        );
    }

    /// The one-pass parse against the reference: `Value` first, then `from_value`.
    fn reference(body: &[u8]) -> Result<Event, EventError> {
        let raw: Value = serde_json::from_slice(body).map_err(|e| not_json(&e))?;
        Event::from_value(raw)
    }

    fn without_raw(e: Result<Event, EventError>) -> Result<Event, EventError> {
        e.map(|mut e| {
            e.raw = "".into();
            e
        })
    }

    fn agrees(body: &[u8]) {
        let fast = Event::parse(body);
        if let Ok(e) = &fast {
            assert_eq!(e.raw().as_bytes(), body);
        }
        assert_eq!(
            without_raw(fast),
            without_raw(reference(body)),
            "{}",
            String::from_utf8_lossy(body)
        );
    }

    #[test]
    fn one_pass_parse_agrees_with_the_value_parse_on_edge_cases() {
        let bodies: &[&[u8]] = &[
            br#"{"id":"evt_1","type":"payment.created"}"#,
            br#"{"data":{"object":{"id":"re_1","payment":"pay_1","amount":5,"currency":"usd","status":"ok"}},"id":"e","type":"refund.created"}"#,
            br#"{"id":"e","type":"refund.created","data":{"object":{"id":"re_1","payment":"pay_1","amount":5,"currency":"usd","status":"ok"}},"type":"payment.created"}"#,
            br#"{"id":"e","type":"payout.completed","data":{"object":["po_1",5,"usd","paid",null]}}"#,
            br#"{"id":"e","type":"payout.completed","data":{"object":{"id":"po_1","amount":5,"amount":6,"currency":"usd","status":"paid"}}}"#,
            br#"{"id":"e","type":"payout.completed","data":{"object":{"id":"po_1","amount":5.0,"currency":"usd","status":"paid"}}}"#,
            br#"{"id":"e","type":"payout.completed","data":{"object":{"id":"po_1","amount":5,"currency":"usd","status":"paid","x":1e400}}}"#,
            br#"{"id":"e","type":"payout.completed","data":{"object":{"id":"po_1","amount":5,"currency":"usd","status":"paid","x":"\ud800"}}}"#,
            br#"{"id":"e","type":"token.created","data":{"object":{"id":"tok_1","type":"bank_account","bank_account":{"last4":"6789"}}},"livemode":true}"#,
            br#"{"id":"e","type":"a","data":[{"object":1}],"livemode":"yes","api_version":5,"created_at":"2026"}"#,
            br#"{"id":"e","type":"a","data":{"object":{}},"data":7}"#,
            br#"{"id":"evt_1","type":"a","x":1e400}"#,
            br#"{"id":"e\u0076t","t\u0079pe":"a\n"}"#,
            br#"{"id":"evt_1","type":"a",}"#,
            br#"{"id":["x"],"type":"a"}"#,
            br#"{"id":"x","type":{}}"#,
            b"  [1, 2] ",
            b"\"evt\"",
            b"{} x",
            b"",
            b"\xff",
        ];
        for body in bodies {
            agrees(body);
        }
        let deep = format!(
            r#"{{"id":"e","type":"a","x":{}{}}}"#,
            "[".repeat(200),
            "]".repeat(200)
        );
        agrees(deep.as_bytes());
    }

    fn value_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            Just(r#""x""#.to_owned()),
            Just("5".to_owned()),
            Just("-1".to_owned()),
            Just("2.5".to_owned()),
            Just("1e400".to_owned()),
            Just("null".to_owned()),
            Just(r#"{"a":"b","last4":"1234"}"#.to_owned()),
            Just(r#"[1,"x"]"#.to_owned()),
            Just("true".to_owned()),
            r#""[a-z0-9\\u]{0,6}""#,
        ]
    }

    proptest::proptest! {
        #[test]
        fn one_pass_parse_agrees_with_the_value_parse(
            kind in 0usize..5,
            fields in proptest::collection::vec(
                (proptest::sample::select(vec!["id", "status", "amount", "currency", "payment", "type",
                    "rail", "metadata", "bank_account", "destination", "arrival_date", "created_at",
                    "extra"]), value_text()),
                0..10),
            order in 0usize..3,
            cut in proptest::option::of(0usize..400),
        ) {
            let types = ["payment.completed", "refund.created", "token.updated", "payout.completed", "brand.new"];
            let object: Vec<String> = fields.iter().map(|(k, v)| format!(r#""{k}":{v}"#)).collect();
            let data = format!(r#""data":{{"object":{{{}}}}}"#, object.join(","));
            let head = format!(r#""id":"evt_1","type":"{}""#, types[kind]);
            let body = match order {
                0 => format!("{{{head},{data}}}"),
                1 => format!("{{{data},{head}}}"),
                _ => format!(r#"{{{head},"livemode":true,{data},"api_version":"2026-04-01"}}"#),
            };
            let body = match cut {
                Some(n) => body.get(..n.min(body.len())).unwrap_or(&body).to_owned(),
                None => body,
            };
            agrees(body.as_bytes());
        }
    }

    #[test]
    fn refuses_non_objects_and_missing_ids() {
        for body in [
            &b"null"[..],
            b"\"x\"",
            b"{}",
            br#"{"id":1,"type":"a"}"#,
            b"{",
            b"",
        ] {
            let err = Event::parse(body).unwrap_err();
            assert_eq!(err.code(), "invalid_event", "{body:?}");
        }
    }
}
