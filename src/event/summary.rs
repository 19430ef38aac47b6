//! [`EventSummary`]: an event's identity (`id` and `type`) read without building the JSON tree.
//! Not part of the public API: the npm binding crate reaches it through
//! `kinetic_flow_core::__bindings` (ARCHITECTURE.md, "What the bindings see").

use serde::Deserialize;

use super::{Event, EventType};
use crate::webhook::WebhookError;
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
    /// what an event is stays here. Numbers are range-checked and strings decoded as
    /// `Event::parse` does; when the quick pass refuses a body, `Event::parse` gives the error.
    ///
    /// ```
    /// use kinetic_flow_core::{__bindings::EventSummary, event::EventType};
    /// let s = EventSummary::read(br#"{"id":"evt_1","type":"refund.created","data":{"object":{}}}"#).unwrap();
    /// assert_eq!((s.id.as_str(), s.event_type), ("evt_1", EventType::RefundCreated));
    /// assert_eq!(EventSummary::read(br#"["evt_1","refund.created"]"#).unwrap_err().code(), "invalid_event");
    /// ```
    pub fn read(body: &[u8]) -> Result<EventSummary, WebhookError> {
        match serde_json::from_slice::<Identity>(body) {
            Ok(Identity {
                id: Some(id),
                event_type: Some(t),
            }) => Ok(EventSummary {
                id,
                event_type: EventType::parse(&t),
            }),
            // Slow path only for bodies that are refused (or odd): the full parser decides and
            // words the error, so both functions always agree.
            _ => Event::parse(body).map(|e| EventSummary {
                id: e.id,
                event_type: e.event_type,
            }),
        }
    }
}

/// `id` and `type` of a top-level JSON object (the last occurrence wins, as in a `Value`);
/// `None` when absent or not a string. Every other value is walked and checked, not stored.
struct Identity {
    id: Option<String>,
    event_type: Option<String>,
}

impl<'de> Deserialize<'de> for Identity {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ObjectOnly;
        impl<'de> serde::de::Visitor<'de> for ObjectOnly {
            type Value = Identity;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Identity, A::Error> {
                let mut out = Identity {
                    id: None,
                    event_type: None,
                };
                while let Some(key) = map.next_key::<Key>()? {
                    match key {
                        Key::Id => out.id = map.next_value::<StringOrOther>()?.0,
                        Key::Type => out.event_type = map.next_value::<StringOrOther>()?.0,
                        Key::Other => map.next_value::<Checked>().map(|_| ())?,
                    }
                }
                Ok(out)
            }
            // Any other kind is refused here (`Event::parse` then words the error). Not through
            // `deserialize_map`'s own refusal: serde_json's message for it links serde's
            // `Unexpected` texts and float formatting into the wasm package.
            fn visit_unit<E: serde::de::Error>(self) -> Result<Identity, E> {
                Err(not_an_object())
            }
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Identity, E> {
                Err(not_an_object())
            }
            fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Identity, E> {
                Err(not_an_object())
            }
            fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Identity, E> {
                Err(not_an_object())
            }
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Identity, E> {
                Err(not_an_object())
            }
            fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Identity, E> {
                Err(not_an_object())
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, _: A) -> Result<Identity, A::Error> {
                Err(not_an_object())
            }
        }
        fn not_an_object<E: serde::de::Error>() -> E {
            E::custom("not a JSON object")
        }
        d.deserialize_any(ObjectOnly)
    }
}

/// A top-level key, compared where it is read (decoded the same way as a `String` key, escapes
/// included, but never allocated: serde's `Cow<str>` always allocates, one `String` per key).
enum Key {
    Id,
    Type,
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Key;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E>(self, v: &str) -> Result<Key, E> {
                Ok(match v {
                    "id" => Key::Id,
                    "type" => Key::Type,
                    _ => Key::Other,
                })
            }
        }
        d.deserialize_str(V)
    }
}

/// A string value, or any other (checked) value as `None`.
struct StringOrOther(Option<String>);

impl<'de> Deserialize<'de> for StringOrOther {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = StringOrOther;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E>(self, v: &str) -> Result<StringOrOther, E> {
                Ok(StringOrOther(Some(v.to_owned())))
            }
            fn visit_bool<E>(self, _: bool) -> Result<StringOrOther, E> {
                Ok(StringOrOther(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<StringOrOther, E> {
                Ok(StringOrOther(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<StringOrOther, E> {
                Ok(StringOrOther(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<StringOrOther, E> {
                Ok(StringOrOther(None))
            }
            fn visit_unit<E>(self) -> Result<StringOrOther, E> {
                Ok(StringOrOther(None))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                a: A,
            ) -> Result<StringOrOther, A::Error> {
                CheckedVisitor.visit_seq(a).map(|_| StringOrOther(None))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                a: A,
            ) -> Result<StringOrOther, A::Error> {
                CheckedVisitor.visit_map(a).map(|_| StringOrOther(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// Any JSON value, walked with `deserialize_any` so that strings are decoded (escapes and
/// surrogates checked) and numbers range-checked exactly as when building a `Value`, but
/// nothing is kept. (`IgnoredAny` would skip that checking.)
struct Checked;

struct CheckedVisitor;

impl<'de> serde::de::Visitor<'de> for CheckedVisitor {
    type Value = Checked;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_str<E>(self, _: &str) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_unit<E>(self) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut a: A) -> Result<Checked, A::Error> {
        while a.next_element::<Checked>()?.is_some() {}
        Ok(Checked)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut a: A) -> Result<Checked, A::Error> {
        while a.next_key::<Checked>()?.is_some() {
            a.next_value::<Checked>()?;
        }
        Ok(Checked)
    }
}

impl<'de> Deserialize<'de> for Checked {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(CheckedVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quick_pass_reads_real_events_and_checks_like_value() {
        let ok = br#"{"id":"evt_1","type":"payment.created","data":{"object":{"amount":1,"m":{"k":"v\u00e9"}}}}"#;
        let id = serde_json::from_slice::<Identity>(ok).unwrap();
        assert_eq!(id.id.as_deref(), Some("evt_1"));
        assert_eq!(id.event_type.as_deref(), Some("payment.created"));
        // What a `Value` refuses, the quick pass refuses too (IgnoredAny would not).
        assert!(serde_json::from_slice::<Identity>(br#"{"id":"e","type":"t","x":1e400}"#).is_err());
        assert!(
            serde_json::from_slice::<Identity>(br#"{"id":"e","type":"t","x":"\ud800"}"#).is_err()
        );
        assert!(serde_json::from_slice::<Identity>(br#"["e","t"]"#).is_err());
    }
}
