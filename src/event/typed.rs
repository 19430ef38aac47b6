//! Reads the typed `data.object` of an event from the parsed [`Value`], answering only "fits" or
//! "does not fit" (then the event carries [`EventData::Untyped`](super::EventData::Untyped)).
//!
//! It accepts and refuses exactly what `T::deserialize(&Value)` (serde_json's own `&Value`
//! deserializer) does, but its error keeps no message. serde_json words every refusal eagerly
//! (`invalid type: floating point ...`), and that wording links float formatting and serde's
//! `Unexpected` texts into the wasm package although the message is always dropped here
//! (BENCHMARKS.md, "Size").

use std::fmt;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};

/// "Does not fit": no message, nothing formatted.
#[derive(Debug)]
pub(super) struct Mismatch;

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the value does not fit the type")
    }
}

impl std::error::Error for Mismatch {}

impl de::Error for Mismatch {
    fn custom<T: fmt::Display>(_: T) -> Mismatch {
        Mismatch
    }
}

/// `T` from `value`, as `T::deserialize(value)` decides, without its error.
pub(super) fn from_value<'a, T: Deserialize<'a>>(value: &'a Value) -> Result<T, Mismatch> {
    T::deserialize(Ref(value))
}

/// A `&Value` as a deserializer. Every request is answered from the value's own kind (as
/// serde_json's `deserialize_any`), except `Option`s (`null` is `None`, anything else `Some`);
/// where serde_json would refuse a kind up front (a string for a `u64`), the visitor refuses it
/// here, so the outcome is the same.
#[derive(Clone, Copy)]
struct Ref<'a>(&'a Value);

impl<'de> de::Deserializer<'de> for Ref<'de> {
    type Error = Mismatch;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    visitor.visit_u64(u)
                } else if let Some(i) = n.as_i64() {
                    visitor.visit_i64(i)
                } else {
                    visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN))
                }
            }
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Array(items) => {
                let mut seq = Seq(items.iter());
                let out = visitor.visit_seq(&mut seq)?;
                // serde_json refuses elements left over (a struct read from a longer array).
                match seq.0.len() {
                    0 => Ok(out),
                    _ => Err(Mismatch),
                }
            }
            Value::Object(map) => visit_object(map, visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    /// Unknown fields: accepted whatever they hold, as serde_json does.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
    }
}

fn visit_object<'de, V: Visitor<'de>>(
    map: &'de Map<String, Value>,
    visitor: V,
) -> Result<V::Value, Mismatch> {
    let mut access = Object {
        entries: map.iter(),
        value: None,
    };
    let out = visitor.visit_map(&mut access)?;
    match access.entries.len() {
        0 => Ok(out),
        _ => Err(Mismatch),
    }
}

struct Seq<'a>(std::slice::Iter<'a, Value>);

impl<'de> SeqAccess<'de> for Seq<'de> {
    type Error = Mismatch;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Mismatch> {
        self.0.next().map(|v| seed.deserialize(Ref(v))).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Object<'a> {
    entries: serde_json::map::Iter<'a>,
    value: Option<&'a Value>,
}

impl<'de> MapAccess<'de> for Object<'de> {
    type Error = Mismatch;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Mismatch> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(BorrowedStrDeserializer::new(key.as_str()))
                    .map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Mismatch> {
        match self.value.take() {
            Some(value) => seed.deserialize(Ref(value)),
            None => Err(Mismatch),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{BankDestination, Payment, Payout, Refund, Token, TokenBankAccount};
    use proptest::prelude::*;
    use serde_json::json;

    /// The oracle: serde_json's own `&Value` deserializer, error dropped.
    fn same_as_serde_json<'a, T>(v: &'a Value)
    where
        T: Deserialize<'a> + PartialEq + fmt::Debug,
    {
        assert_eq!(from_value::<T>(v).ok(), T::deserialize(v).ok(), "{v}");
    }

    fn all_types(v: &Value) {
        same_as_serde_json::<Payment>(v);
        same_as_serde_json::<Refund>(v);
        same_as_serde_json::<Token>(v);
        same_as_serde_json::<TokenBankAccount>(v);
        same_as_serde_json::<Payout>(v);
        same_as_serde_json::<BankDestination>(v);
    }

    #[test]
    fn agrees_with_serde_json_on_edge_cases() {
        let cases = [
            json!({"id": "po_1", "amount": 500, "currency": "usd", "status": "paid"}),
            json!({"id": "po_1", "amount": 500, "currency": "usd", "status": "paid", "x": [1, {"a": null}]}),
            json!({"id": "po_1", "amount": -5, "currency": "usd", "status": "paid"}),
            json!({"id": "po_1", "amount": 5.5, "currency": "usd", "status": "paid"}),
            json!({"id": "po_1", "amount": 5.0, "currency": "usd", "status": "paid"}),
            json!({"id": "po_1", "amount": "5", "currency": "usd", "status": "paid"}),
            json!({"id": "po_1", "amount": 500, "currency": "usd", "status": "paid", "arrival_date": null}),
            json!({"id": "po_1", "amount": 500, "currency": "usd", "status": "paid", "arrival_date": 1}),
            json!(["po_1", 500, "usd", "paid"]),
            json!(["po_1", 500, "usd", "paid", null]),
            json!(["po_1", 500, "usd", "paid", "2026-01-01", "extra"]),
            json!(["po_1", 500]),
            json!({"id": "py_1", "status": "completed", "amount": 1, "currency": "usd",
                   "destination": {"routing_number": "021000021", "token": null},
                   "metadata": {"a": "b", "c": "d"}}),
            json!({"id": "py_1", "status": "completed", "amount": 1, "currency": "usd",
                   "metadata": {"a": 1}}),
            json!({"id": "py_1", "status": "completed", "amount": 1, "currency": "usd",
                   "metadata": ["a"]}),
            json!({"id": "py_1", "status": "completed", "amount": 1, "currency": "usd",
                   "destination": ["021000021", null, null]}),
            json!({"id": "tok_1", "type": "bank_account", "bank_account": {"last4": "1234"}}),
            json!({"id": "tok_1", "type": "bank_account", "bank_account": true}),
            json!({"id": "re_1", "payment": "py_1", "amount": 18446744073709551615_u64,
                   "currency": "usd", "status": "x"}),
            json!({}),
            json!([]),
            json!(null),
            json!(true),
            json!(1.5),
            json!("po_1"),
        ];
        for v in &cases {
            all_types(v);
        }
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let names = prop::sample::select(vec![
            "id",
            "amount",
            "currency",
            "status",
            "rail",
            "destination",
            "metadata",
            "payment",
            "type",
            "bank_account",
            "last4",
            "routing_number",
            "token",
            "arrival_date",
            "other",
        ]);
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<u64>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            (-1e6f64..1e6).prop_map(Value::from),
            "[a-z0-9]{0,4}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 8, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..7).prop_map(Value::Array),
                prop::collection::vec((names.clone(), inner), 0..9).prop_map(|kv| Value::Object(
                    kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
                )),
            ]
        })
    }

    proptest! {
        #[test]
        fn agrees_with_serde_json_on_random_values(v in json_value()) {
            all_types(&v);
        }
    }
}
