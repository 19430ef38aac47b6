//! Reads the typed `data.object` of an event from the parsed [`Value`], answering only "fits" or
//! "does not fit" (then the event carries [`EventData::Untyped`](super::EventData::Untyped)).
//!
//! It accepts and refuses exactly what `T::deserialize(&Value)` (serde_json's own `&Value`
//! deserializer with the derived `Deserialize`) does (the tests hold it to that): an object by
//! field name, unknown fields ignored, `#[serde(default)]` fields optional and `null` as `None`;
//! or serde's sequence form, an array of the fields in declaration order, with nothing left over.
//! Written out rather than derived: serde_json words every refusal eagerly (`invalid type:
//! floating point ...`), which links float formatting and serde's `Unexpected` texts into the
//! wasm package, and the derived visitors are instantiated once per type (BENCHMARKS.md, "Size").

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::{BankDestination, Payment, Payout, Refund, Token, TokenBankAccount};

/// The fields of one struct: an object's, or an array's in declaration order.
enum Fields<'a> {
    Object(&'a Map<String, Value>),
    Array(std::slice::Iter<'a, Value>),
}

impl<'a> Fields<'a> {
    fn of(value: &'a Value) -> Option<Fields<'a>> {
        match value {
            Value::Object(map) => Some(Fields::Object(map)),
            Value::Array(items) => Some(Fields::Array(items.iter())),
            _ => None,
        }
    }

    /// The next field (`name` for an object, the next element for an array).
    fn get(&mut self, name: &str) -> Option<&'a Value> {
        match self {
            Fields::Object(map) => map.get(name),
            Fields::Array(items) => items.next(),
        }
    }

    fn string(&mut self, name: &str) -> Option<String> {
        string(self.get(name)?)
    }

    /// A checked id (`PaymentId`, `RefundId`, ...): what its validating `Deserialize` accepts.
    fn id<T: TryFrom<String>>(&mut self, name: &str) -> Option<T> {
        T::try_from(self.string(name)?).ok()
    }

    fn u64(&mut self, name: &str) -> Option<u64> {
        self.get(name)?.as_u64()
    }

    /// A `#[serde(default)] Option<T>` field: absent or `null` is `None`.
    fn opt<T>(&mut self, name: &str, read: fn(&'a Value) -> Option<T>) -> Option<Option<T>> {
        match self.get(name) {
            None | Some(Value::Null) => Some(None),
            Some(v) => read(v).map(Some),
        }
    }

    /// `out` if no array element is left over (serde_json refuses those).
    fn end<T>(self, out: T) -> Option<T> {
        match self {
            Fields::Array(items) if !items.as_slice().is_empty() => None,
            _ => Some(out),
        }
    }
}

fn string(value: &Value) -> Option<String> {
    value.as_str().map(str::to_owned)
}

/// A checked id, as [`Fields::id`] reads it.
fn id<T: TryFrom<String>>(value: &Value) -> Option<T> {
    T::try_from(string(value)?).ok()
}

/// A map of strings: an object only (serde's map visitor takes no sequence form).
fn string_map(value: &Value) -> Option<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for (k, v) in value.as_object()? {
        out.insert(k.clone(), string(v)?);
    }
    Some(out)
}

pub(super) fn payment(value: &Value) -> Option<Payment> {
    let mut f = Fields::of(value)?;
    let out = Payment {
        id: f.id("id")?,
        status: f.string("status")?,
        amount: f.u64("amount")?,
        currency: f.string("currency")?,
        rail: f.opt("rail", string)?,
        destination: f.opt("destination", bank_destination)?,
        metadata: f.opt("metadata", string_map)?,
        failure_code: f.opt("failure_code", string)?,
        failure_message: f.opt("failure_message", string)?,
        settled_at: f.opt("settled_at", string)?,
        created_at: f.opt("created_at", string)?,
    };
    f.end(out)
}

fn bank_destination(value: &Value) -> Option<BankDestination> {
    let mut f = Fields::of(value)?;
    let out = BankDestination {
        routing_number: f.opt("routing_number", string)?,
        account_number: f.opt("account_number", string)?,
        token: f.opt("token", id)?,
    };
    f.end(out)
}

pub(super) fn refund(value: &Value) -> Option<Refund> {
    let mut f = Fields::of(value)?;
    let out = Refund {
        id: f.id("id")?,
        payment: f.id("payment")?,
        amount: f.u64("amount")?,
        currency: f.string("currency")?,
        status: f.string("status")?,
        created_at: f.opt("created_at", string)?,
    };
    f.end(out)
}

pub(super) fn token(value: &Value) -> Option<Token> {
    let mut f = Fields::of(value)?;
    let out = Token {
        id: f.id("id")?,
        token_type: f.string("type")?,
        bank_account: f.opt("bank_account", token_bank_account)?,
        created_at: f.opt("created_at", string)?,
    };
    f.end(out)
}

fn token_bank_account(value: &Value) -> Option<TokenBankAccount> {
    let mut f = Fields::of(value)?;
    let out = TokenBankAccount {
        routing_number: f.opt("routing_number", string)?,
        last4: f.opt("last4", string)?,
    };
    f.end(out)
}

pub(super) fn payout(value: &Value) -> Option<Payout> {
    let mut f = Fields::of(value)?;
    let out = Payout {
        id: f.id("id")?,
        amount: f.u64("amount")?,
        currency: f.string("currency")?,
        status: f.string("status")?,
        arrival_date: f.opt("arrival_date", string)?,
    };
    f.end(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::Deserialize;
    use serde_json::json;

    /// The oracle: serde_json's own `&Value` deserializer with the derived impls, error dropped.
    fn all_types(v: &Value) {
        assert_eq!(payment(v), Payment::deserialize(v).ok(), "{v}");
        assert_eq!(refund(v), Refund::deserialize(v).ok(), "{v}");
        assert_eq!(token(v), Token::deserialize(v).ok(), "{v}");
        assert_eq!(payout(v), Payout::deserialize(v).ok(), "{v}");
        assert_eq!(
            bank_destination(v),
            BankDestination::deserialize(v).ok(),
            "{v}"
        );
        assert_eq!(
            token_bank_account(v),
            TokenBankAccount::deserialize(v).ok(),
            "{v}"
        );
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
            json!({"id": "re_1", "payment": "py_1", "amount": 7, "currency": "usd", "status": "ok",
                   "created_at": "2026-01-01"}),
            json!(["re_1", "py_1", 7, "usd", "ok"]),
            json!({"id": "tok_1", "type": "bank_account", "bank_account": ["021000021", "1234"]}),
            json!({"id": "tok_1", "type": "bank_account", "bank_account": ["021000021", "1234", 1]}),
            json!(["py_1", "completed", 1, "usd", null, {"token": "tok_1"}, {"k": "v"}, null, null,
                   null, "2026-01-01"]),
            json!(["py_1", "completed", 1, "usd", null, {"token": "tok_1"}, [], null]),
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

    /// One valid body of each type, to be mutated.
    fn valid_bodies() -> Vec<Value> {
        vec![
            json!({"id": "py_1", "status": "completed", "amount": 1, "currency": "usd",
                   "rail": "rtp", "destination": {"routing_number": "021000021"},
                   "metadata": {"a": "b"}, "settled_at": "2026-01-01"}),
            json!({"id": "re_1", "payment": "py_1", "amount": 7, "currency": "usd", "status": "ok"}),
            json!({"id": "tok_1", "type": "bank_account", "bank_account": {"last4": "1234"}}),
            json!({"id": "po_1", "amount": 500, "currency": "usd", "status": "paid"}),
            json!({"routing_number": "021000021", "last4": "1234", "token": "tok_1"}),
        ]
    }

    proptest! {
        #[test]
        fn agrees_with_serde_json_on_random_values(v in json_value()) {
            all_types(&v);
        }

        #[test]
        fn agrees_with_serde_json_on_mutated_valid_values(
            mut v in prop::sample::select(valid_bodies()),
            key in prop::sample::select(vec![
                "id", "amount", "currency", "status", "rail", "destination", "metadata",
                "payment", "type", "bank_account", "last4", "routing_number", "token",
                "arrival_date", "created_at", "settled_at", "other",
            ]),
            replacement in prop::option::of(json_value()),
        ) {
            if let Value::Object(m) = &mut v {
                match replacement {
                    Some(r) => m.insert(key.to_owned(), r),
                    None => m.remove(key),
                };
            }
            all_types(&v);
        }
    }
}
