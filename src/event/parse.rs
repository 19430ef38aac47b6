//! [`Event::parse`](super::Event::parse) straight from the bytes: one serde pass, no JSON tree.
//!
//! It accepts and refuses exactly what parsing a `serde_json::Value` and reading it
//! ([`Event::from_value`](super::Event::from_value)) does (a property test holds it to that):
//! every value it does not keep is still checked with `deserialize_any` (so an out-of-range
//! number or a lone surrogate is refused as a `Value` would refuse it), a repeated key counts
//! once, the last time (as in a `Value` map), and the errors are the same. Only the fields the
//! typed objects read are collected, into a small `Value` that [`typed`](super::typed) reads as
//! it reads the whole object (it ignores every other field); a `data.object` that is not a JSON
//! object (the sequence form) is collected whole.

use std::fmt;

use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserializer;
use serde_json::{Map, Value};

/// The fields the typed objects read (all others are ignored by [`super::typed`]), for every
/// kind at once, so that the object can be collected before its event's `type` is known.
fn is_object_field(name: &str) -> bool {
    matches!(
        name,
        "id" | "status"
            | "amount"
            | "currency"
            | "rail"
            | "destination"
            | "metadata"
            | "failure_code"
            | "failure_message"
            | "settled_at"
            | "created_at"
            | "payment"
            | "type"
            | "bank_account"
            | "arrival_date"
    )
}

/// What one pass over an event body found.
pub(super) enum Top {
    /// The body is JSON but not an object: its type's name, for the message.
    NotObject(&'static str),
    /// An object.
    Object(Fields),
}

/// A field that must be a string: the string, or the type it had instead.
pub(super) enum Text {
    Str(String),
    Other(&'static str),
}

/// The top-level fields an event reads, each the last occurrence.
#[derive(Default)]
pub(super) struct Fields {
    pub(super) id: Option<Text>,
    pub(super) event_type: Option<Text>,
    pub(super) api_version: Option<String>,
    pub(super) created_at: Option<String>,
    pub(super) livemode: bool,
    /// `data.object` (only the fields its type reads, when the type was known in time);
    /// `Null` when absent.
    pub(super) object: Value,
}

/// One pass over `body`. Errors are serde_json's (syntax, numbers out of range, depth).
pub(super) fn read(body: &[u8]) -> Result<Top, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let top = de.deserialize_any(TopVisitor)?;
    de.end()?;
    Ok(top)
}

struct TopVisitor;

impl<'de> Visitor<'de> for TopVisitor {
    type Value = Top;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Top, E> {
        Ok(Top::NotObject("null"))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Top, E> {
        Ok(Top::NotObject("a boolean"))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Top, E> {
        Ok(Top::NotObject("a number"))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Top, E> {
        Ok(Top::NotObject("a number"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Top, E> {
        Ok(Top::NotObject("a number"))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Top, E> {
        Ok(Top::NotObject("a string"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Top, A::Error> {
        while seq.next_element::<Checked>()?.is_some() {}
        Ok(Top::NotObject("an array"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top, A::Error> {
        let mut fields = Fields::default();
        while let Some(key) = map.next_key::<Key>()? {
            match key.0.as_deref() {
                Some("id") => fields.id = Some(map.next_value::<TextValue>()?.0),
                Some("type") => fields.event_type = Some(map.next_value::<TextValue>()?.0),
                Some("api_version") => fields.api_version = map.next_value::<OptStr>()?.0,
                Some("created_at") => fields.created_at = map.next_value::<OptStr>()?.0,
                Some("livemode") => fields.livemode = map.next_value::<OptBool>()?.0,
                Some("data") => fields.object = map.next_value::<Data>()?.0,
                _ => {
                    map.next_value::<Checked>()?;
                }
            }
        }
        Ok(Top::Object(fields))
    }
}

/// A key, borrowed when it has no escapes; `None` for a key we never match (too long to be
/// one of ours is still compared, keys are short).
struct Key(Option<std::borrow::Cow<'static, str>>);

impl<'de> de::Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(Key(intern(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// The keys this module matches, as `'static` strings (no allocation per key; a `match`,
/// which the compiler turns into a decision on length and bytes, not a list walk).
fn intern(key: &str) -> Option<std::borrow::Cow<'static, str>> {
    let known: &'static str = match key {
        "id" => "id",
        "type" => "type",
        "api_version" => "api_version",
        "created_at" => "created_at",
        "livemode" => "livemode",
        "data" => "data",
        "object" => "object",
        "status" => "status",
        "amount" => "amount",
        "currency" => "currency",
        "rail" => "rail",
        "destination" => "destination",
        "metadata" => "metadata",
        "failure_code" => "failure_code",
        "failure_message" => "failure_message",
        "settled_at" => "settled_at",
        "payment" => "payment",
        "bank_account" => "bank_account",
        "arrival_date" => "arrival_date",
        _ => return None,
    };
    Some(std::borrow::Cow::Borrowed(known))
}

/// Any JSON value, checked as `Value` would check it, kept nowhere.
struct Checked;

impl<'de> de::Deserialize<'de> for Checked {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Checked, D::Error> {
        d.deserialize_any(CheckedVisitor)
    }
}

struct CheckedVisitor;

impl<'de> Visitor<'de> for CheckedVisitor {
    type Value = Checked;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Checked, A::Error> {
        while seq.next_element::<Checked>()?.is_some() {}
        Ok(Checked)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Checked, A::Error> {
        // Keys are strings; `IgnoredAny` on a key still parses (and checks) the string.
        while map.next_key::<IgnoredAny>()?.is_some() {
            map.next_value::<Checked>()?;
        }
        Ok(Checked)
    }
}

/// A value that must be a string: the string, or the name of its type.
struct TextValue(Text);

impl<'de> de::Deserialize<'de> for TextValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<TextValue, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TextValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TextValue, E> {
                Ok(TextValue(Text::Str(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<TextValue, E> {
                Ok(TextValue(Text::Str(v)))
            }
            fn visit_unit<E: de::Error>(self) -> Result<TextValue, E> {
                Ok(TextValue(Text::Other("null")))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<TextValue, E> {
                Ok(TextValue(Text::Other("a boolean")))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<TextValue, E> {
                Ok(TextValue(Text::Other("a number")))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<TextValue, E> {
                Ok(TextValue(Text::Other("a number")))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<TextValue, E> {
                Ok(TextValue(Text::Other("a number")))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<TextValue, A::Error> {
                CheckedVisitor.visit_seq(seq)?;
                Ok(TextValue(Text::Other("an array")))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<TextValue, A::Error> {
                CheckedVisitor.visit_map(map)?;
                Ok(TextValue(Text::Other("an object")))
            }
        }
        d.deserialize_any(V)
    }
}

/// `Some` for a string, `None` for any other (checked) value.
struct OptStr(Option<String>);

impl<'de> de::Deserialize<'de> for OptStr {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<OptStr, D::Error> {
        Ok(OptStr(match TextValue::deserialize(d)?.0 {
            Text::Str(s) => Some(s),
            Text::Other(_) => None,
        }))
    }
}

/// `true` only for JSON `true`; any other (checked) value is `false`.
struct OptBool(bool);

impl<'de> de::Deserialize<'de> for OptBool {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<OptBool, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OptBool;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<OptBool, E> {
                Ok(OptBool(v))
            }
            fn visit_unit<E: de::Error>(self) -> Result<OptBool, E> {
                Ok(OptBool(false))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<OptBool, E> {
                Ok(OptBool(false))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<OptBool, E> {
                Ok(OptBool(false))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<OptBool, E> {
                Ok(OptBool(false))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<OptBool, E> {
                Ok(OptBool(false))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<OptBool, A::Error> {
                CheckedVisitor.visit_seq(seq)?;
                Ok(OptBool(false))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<OptBool, A::Error> {
                CheckedVisitor.visit_map(map)?;
                Ok(OptBool(false))
            }
        }
        d.deserialize_any(V)
    }
}

/// `data`: for an object, its `object` member's fields that the typed objects read; `Null`
/// for anything else, as `Value::get("object")` gives.
struct Data(Value);

impl<'de> de::Deserialize<'de> for Data {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Data, D::Error> {
        d.deserialize_any(DataVisitor)
    }
}

struct DataVisitor;

impl<'de> Visitor<'de> for DataVisitor {
    type Value = Data;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Data, E> {
        Ok(Data(Value::Null))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Data, E> {
        Ok(Data(Value::Null))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Data, E> {
        Ok(Data(Value::Null))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Data, E> {
        Ok(Data(Value::Null))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Data, E> {
        Ok(Data(Value::Null))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Data, E> {
        Ok(Data(Value::Null))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Data, A::Error> {
        CheckedVisitor.visit_seq(seq)?;
        Ok(Data(Value::Null))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Data, A::Error> {
        let mut object = Value::Null;
        while let Some(key) = map.next_key::<Key>()? {
            if key.0.as_deref() == Some("object") {
                object = map.next_value::<Object>()?.0;
            } else {
                map.next_value::<Checked>()?;
            }
        }
        Ok(Data(object))
    }
}

/// `data.object`: an object's fields that the typed objects read (as `Value`s), every other
/// field checked; anything else collected whole (`typed` reads the sequence form too).
struct Object(Value);

impl<'de> de::Deserialize<'de> for Object {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Object, D::Error> {
        d.deserialize_any(ObjectVisitor)
    }
}

struct ObjectVisitor;

impl<'de> Visitor<'de> for ObjectVisitor {
    type Value = Object;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Object, E> {
        Ok(Object(Value::Null))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Object, E> {
        Ok(Object(Value::Bool(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Object, E> {
        Ok(Object(Value::from(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Object, E> {
        Ok(Object(Value::from(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Object, E> {
        Ok(Object(Value::from(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Object, E> {
        Ok(Object(Value::from(v)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Object, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element::<Value>()? {
            items.push(v);
        }
        Ok(Object(Value::Array(items)))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Object, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<Key>()? {
            match key.0 {
                Some(name) if is_object_field(&name) => {
                    let value = map.next_value::<Value>()?;
                    out.insert(name.into_owned(), value);
                }
                _ => {
                    map.next_value::<Checked>()?;
                }
            }
        }
        Ok(Object(Value::Object(out)))
    }
}
