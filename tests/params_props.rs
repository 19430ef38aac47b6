//! The typed params (`CreatePayment`, `CreateRefund`, `CreateToken`) agree with the `Value`
//! rules (`validate`, `validate_refund`, `validate_token`) that the npm bindings use: for any
//! JSON body, if it deserializes into the typed params, validating those gives exactly what
//! validating the JSON gives (the same value, or the same errors); if it does not deserialize,
//! the JSON is refused too. And the typed builders build the same request as the `Value` ones.

// Not shipped code: it may panic (a test asserts so); the workspace's no-panic lints guard the rest.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable
)]

use kinetic_flow_core::payment::{
    validate, validate_refund, validate_token, CreatePayment, CreateRefund, CreateToken,
};
use kinetic_flow_core::request::{Client, KeySource};
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};

/// Values a field may hold: right, nearly right and wrong, of every JSON type.
fn value(right: &'static [&'static str]) -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => prop::sample::select(right).prop_map(Value::from),
        1 => Just(Value::Null),
        1 => Just(json!(true)),
        1 => Just(json!(0)),
        1 => Just(json!(500)),
        1 => Just(json!(-3)),
        1 => Just(json!(2.5)),
        1 => Just(json!(9_007_199_254_740_993u64)),
        1 => Just(json!([])),
        1 => Just(json!({})),
        1 => "[ -~]{0,12}".prop_map(Value::from),
    ]
}

/// An object over `fields` (each present or not) plus maybe a stray field; sometimes not an
/// object at all.
fn body(
    fields: &'static [(&'static str, &'static [&'static str])],
) -> impl Strategy<Value = Value> {
    let members: Vec<_> = fields
        .iter()
        .map(|(name, right)| prop::option::of(value(right)).prop_map(move |v| (*name, v)))
        .collect();
    let stray = prop::option::of((
        prop::sample::select(vec![
            "amout",
            "paymentId",
            "idempotencyKey",
            "destination",
            "x",
        ]),
        value(&["1"]),
    ));
    prop_oneof![
        9 => (members, stray).prop_map(|(members, stray)| {
            let mut m = Map::new();
            for (name, v) in members {
                if let Some(v) = v {
                    m.insert(name.to_owned(), v);
                }
            }
            if let Some((name, v)) = stray {
                m.insert(name.to_owned(), v);
            }
            Value::Object(m)
        }),
        1 => prop_oneof![Just(json!(null)), Just(json!("pay_1")), Just(json!([1]))],
    ]
}

const REFUND: &[(&str, &[&str])] = &[
    (
        "payment",
        &[
            "pay_1a2b3c4d",
            "pay_9",
            "pay_",
            "re_1",
            "pay_a/b",
            "sk_test_abc",
        ],
    ),
    ("amount", &["500"]),
    ("idempotency_key", &["rf-1", "idk_0123", "two words", ""]),
];

const TOKEN: &[(&str, &[&str])] = &[
    (
        "routing_number",
        &[
            "021000021",
            "011000015",
            "021000022",
            "131000005",
            "02100002",
        ],
    ),
    (
        "account_number",
        &["000123456789", "1234", "****6789", "12ab", "123"],
    ),
    ("idempotency_key", &["tok-1", "idk_ab", "two words"]),
];

const PAYMENT: &[(&str, &[&str])] = &[
    ("amount", &["25000"]),
    ("currency", &["usd", "USD", "eur", "dollars"]),
    ("rail", &["auto", "fednow", "instant"]),
    ("idempotency_key", &["pay-1", "two words"]),
];

/// The outcome as comparable data: the valid body, or the (param, code) list.
fn outcome<T, E: IntoIterator<Item = kinetic_flow_core::FieldError>>(
    r: Result<T, E>,
    to_json: impl Fn(&T) -> Value,
) -> Result<Value, Vec<(String, &'static str)>> {
    r.map(|v| to_json(&v))
        .map_err(|e| e.into_iter().map(|f| (f.param, f.code)).collect())
}

/// The property for one kind of params.
fn agrees<P: DeserializeOwned, V>(
    body: &Value,
    by_value: impl Fn(&Value) -> Result<V, kinetic_flow_core::payment::ValidationError>,
    by_type: impl Fn(&P) -> Result<V, kinetic_flow_core::payment::ValidationError>,
    to_json: impl Fn(&V) -> Value + Copy,
) -> Result<(), TestCaseError> {
    let from_value = outcome(by_value(body), to_json);
    match serde_json::from_value::<P>(body.clone()) {
        Ok(typed) => prop_assert_eq!(outcome(by_type(&typed), to_json), from_value, "{}", body),
        Err(e) => prop_assert!(
            from_value.is_err(),
            "typed params refused {} ({}) but the JSON rules accept it",
            body,
            e
        ),
    }
    Ok(())
}

proptest! {
    #[test]
    fn create_refund_agrees_with_validate_refund(body in body(REFUND)) {
        agrees::<CreateRefund, _>(&body, validate_refund, CreateRefund::validate, |v| v.to_json())?;
    }

    #[test]
    fn create_token_agrees_with_validate_token(body in body(TOKEN)) {
        agrees::<CreateToken, _>(&body, validate_token, CreateToken::validate, |v| v.to_json())?;
    }

    #[test]
    fn create_payment_agrees_with_validate(
        mut body in body(PAYMENT),
        destination in prop_oneof![
            Just(json!({ "routing_number": "021000021", "account_number": "000123456789" })),
            Just(json!({ "token": "tok_1" })),
            Just(json!({ "token": "tok_1", "routing_number": "021000021", "account_number": "000123456789" })),
            Just(json!({ "routing_number": "021000021" })),
            Just(json!({ "token": "tok_1", "extra": 1 })),
            Just(json!({})),
            Just(json!("tok_1")),
        ],
    ) {
        if let Some(m) = body.as_object_mut() {
            m.insert("destination".into(), destination);
        }
        agrees::<CreatePayment, _>(&body, validate, CreatePayment::validate, |v| v.to_json())?;
    }

    /// The typed builders send the same request as the `Value` builders, key rule included.
    #[test]
    fn typed_builders_build_what_the_value_builders_build(
        refund in body(REFUND),
        token in body(TOKEN),
        option in prop::option::of(prop::sample::select(vec!["rf-1", "tok-1", "other"])),
    ) {
        let client = Client::new("sk_test_abc").expect("key");
        let source = || match option {
            Some(k) => KeySource::Given(k),
            None => KeySource::Random([9; 16]),
        };
        if let Ok(valid) = validate_refund(&refund) {
            prop_assert_eq!(
                client.build_create_refund_valid(&valid, source()),
                client.build_create_refund(&refund, source())
            );
        }
        if let Ok(valid) = validate_token(&token) {
            prop_assert_eq!(
                client.build_create_token_valid(&valid, source()),
                client.build_create_token(&token, source())
            );
        }
    }
}

#[test]
fn the_generators_reach_both_outcomes() {
    // Guards the properties above against a strategy that only ever makes one kind of body.
    let ok = validate_refund(&json!({ "payment": "pay_9", "amount": 500 }));
    assert!(ok.is_ok());
    let typed: CreateRefund =
        serde_json::from_value(json!({ "payment": "pay_", "amount": 500 })).expect("deserializes");
    assert_eq!(typed.validate().unwrap_err().errors()[0].code, "invalid_id");
    assert!(
        serde_json::from_value::<CreateToken>(json!({ "routing_number": "021000021" })).is_err()
    );
    assert_eq!(
        validate_token(&json!({ "routing_number": "021000021" }))
            .unwrap_err()
            .errors()[0]
            .code,
        "required"
    );
}

#[test]
fn idempotency_key_twice_with_two_values_is_a_validation_error() {
    // SPEC section 9: one field error on `idempotency_key`, code `validation_failed`.
    let client = Client::new("sk_test_abc").expect("key");
    let refund = json!({ "payment": "pay_1", "idempotency_key": "rf-1" });
    let token =
        json!({ "routing_number": "021000021", "account_number": "1234", "idempotency_key": "a" });
    let payment = json!({ "amount": 5, "currency": "usd", "destination": { "token": "tok_1" }, "idempotency_key": "a" });
    for err in [
        client
            .build_create_refund(&refund, KeySource::Given("rf-2"))
            .unwrap_err(),
        client
            .build_create_token(&token, KeySource::Given("b"))
            .unwrap_err(),
        client
            .build_create_payment(&payment, KeySource::Given("b"))
            .unwrap_err(),
    ] {
        assert_eq!(err.code(), "validation_failed", "{err}");
        let got: Vec<(&str, &str)> = err
            .errors()
            .iter()
            .map(|e| (e.param.as_str(), e.code))
            .collect();
        assert_eq!(got, [("idempotency_key", "invalid_idempotency_key")]);
        assert!(
            err.errors()[0].message.contains("option"),
            "{}",
            err.errors()[0].message
        );
    }
    // The same key twice is one key; a malformed option is still its own error.
    assert!(client
        .build_create_refund(&refund, KeySource::Given("rf-1"))
        .is_ok());
    let err = client
        .build_create_refund(&refund, KeySource::Given("two words"))
        .unwrap_err();
    assert_eq!(
        (err.code(), err.errors().len()),
        ("invalid_idempotency_key", 0)
    );
}
