//! The Rust core compiled to wasm32, run under wasm-bindgen-test in Node: the shared vectors go
//! through the Rust API inside wasm (32-bit `usize`, the wasm build of sha2, serde_json without
//! a system allocator), so the build the npm package ships is held to the same cases as native.
//!
//! Run: `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!       cargo test --target wasm32-unknown-unknown --test wasm` (scripts/test-js.sh does).

// Not shipped code: it may panic (a test asserts so); the workspace's no-panic lints guard the rest.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable
)]
#![cfg(target_arch = "wasm32")]

use kinetic_flow_core::{api_error, idempotency, payment, request, webhook, UnixTime};
use serde_json::Value;
use wasm_bindgen_test::wasm_bindgen_test;

mod common;
use common::{payload, strings};

fn vectors(text: &str) -> Value {
    serde_json::from_str(text).expect("vector file is JSON")
}

fn cases<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v[key].as_array().map(Vec::as_slice).unwrap_or(&[])
}

#[wasm_bindgen_test]
fn webhook_vectors_in_wasm() {
    let v = common::webhook_vectors();
    let mut checked = 0;
    for case in cases(&v, "cases") {
        let name = case["name"].as_str().unwrap_or("?");
        let body = payload(case);
        let header = case["header"].as_str().unwrap_or("");
        let secrets = strings(&case["secrets"]);
        let now = UnixTime::from_secs(case["now"].as_i64().expect("now"));
        let tolerance = case["tolerance"]
            .as_u64()
            .map_or(webhook::DEFAULT_TOLERANCE, std::time::Duration::from_secs);
        let expect = &case["expect"];
        let got = webhook::verify(&body, header, &secrets, now, tolerance);
        if expect["ok"] == Value::Bool(true) {
            let verified = got.unwrap_or_else(|e| panic!("{name}: {}", e.code()));
            assert_eq!(
                Value::from(verified.event.id.clone()),
                expect["event_id"],
                "{name}"
            );
            assert_eq!(
                Value::from(verified.event.event_type.as_str()),
                expect["event_type"],
                "{name}"
            );
            assert_eq!(
                Value::from(verified.secret_index as u64),
                expect["secret_index"],
                "{name}"
            );
        } else {
            let err = got.err().unwrap_or_else(|| panic!("{name}: verified"));
            assert_eq!(Value::from(err.code()), expect["code"], "{name}");
        }
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} webhook cases");
}

#[wasm_bindgen_test]
fn signing_round_trips_in_wasm() {
    let body = br#"{"id":"evt_w","type":"payment.created","data":{"object":{}}}"#;
    let header = webhook::sign(
        body,
        &["whsec_a", "whsec_b"],
        UnixTime::from_secs(1_776_244_442),
    )
    .expect("sign");
    let verifier = webhook::Verifier::new(&["whsec_b"]).expect("verifier");
    let verified = verifier
        .verify(body, &header, UnixTime::from_secs(1_776_244_442))
        .expect("verify");
    assert_eq!(verified.event.id, "evt_w");
}

#[wasm_bindgen_test]
fn api_error_vectors_in_wasm() {
    let v = vectors(include_str!("vectors/api_errors.json"));
    for case in cases(&v, "cases") {
        let name = case["name"].as_str().unwrap_or("?");
        let status = u16::try_from(case["status"].as_u64().expect("status")).expect("u16");
        let headers: Vec<(String, String)> = case["headers"]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_owned()))
                    .collect()
            })
            .unwrap_or_default();
        let pairs: Vec<(&str, &str)> = headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let body = case["body"].as_str().unwrap_or("");
        let now = UnixTime::from_secs(case["now"].as_i64().unwrap_or(0));
        let got = api_error::decode(status, body.as_bytes(), &pairs, now);
        let expect = &case["expect"];
        match got {
            None => assert!(expect.is_null(), "{name}: decoded nothing"),
            Some(err) => {
                assert_eq!(Value::from(err.code.clone()), expect["code"], "{name}");
                assert_eq!(Value::from(err.kind.as_str()), expect["kind"], "{name}");
                assert_eq!(Value::from(err.retryable), expect["retryable"], "{name}");
                assert_eq!(
                    err.retry_after
                        .map_or(Value::Null, |d| Value::from(d.as_secs())),
                    expect["retry_after"],
                    "{name}"
                );
            }
        }
    }
}

#[wasm_bindgen_test]
fn idempotency_vectors_in_wasm() {
    let v = vectors(include_str!("vectors/idempotency.json"));
    for case in cases(&v, "generate") {
        let bytes = hex::decode(case["random_hex"].as_str().expect("hex")).expect("hex");
        let bytes: [u8; 16] = bytes.try_into().expect("16 bytes");
        assert_eq!(
            Value::from(idempotency::generate(bytes).as_str()),
            case["expect"]
        );
    }
    for case in cases(&v, "derive") {
        let key = idempotency::derive(
            case["scope"].as_str().expect("scope"),
            case["reference"].as_str().expect("reference"),
        );
        assert_eq!(
            Value::from(key.as_str()),
            case["expect"],
            "{}",
            case["name"]
        );
    }
    for case in cases(&v, "cases") {
        let valid = payment::validate(&case["body"]).expect("valid body");
        assert_eq!(
            Value::from(payment::fingerprint(&valid)),
            case["expect"]["fingerprint"],
            "{}",
            case["name"]
        );
    }
}

#[wasm_bindgen_test]
fn payment_vectors_in_wasm() {
    let v = vectors(include_str!("vectors/payments.json"));
    let mut checked = 0;
    for case in cases(&v, "cases") {
        let name = case["name"].as_str().unwrap_or("?");
        let mut limits = payment::RailLimits::default();
        if let Some(map) = case["limits"].as_object() {
            for (rail, cents) in map {
                let rail = payment::Rail::parse(rail).expect("rail");
                limits = limits.with_limit(rail, cents.as_u64().expect("cents"));
            }
        }
        let got = payment::validate_with_limits(&case["body"], &limits);
        let expect = &case["expect"];
        match got {
            Ok(valid) => {
                assert_eq!(expect["ok"], Value::Bool(true), "{name}: accepted");
                assert_eq!(valid.to_json(), expect["value"], "{name}");
            }
            Err(errors) => {
                assert_eq!(expect["ok"], Value::Bool(false), "{name}: refused");
                let got: Vec<(&str, &str)> =
                    errors.iter().map(|e| (e.param.as_str(), e.code)).collect();
                let want: Vec<(&str, &str)> = cases(expect, "errors")
                    .iter()
                    .map(|e| {
                        (
                            e["param"].as_str().unwrap_or(""),
                            e["code"].as_str().unwrap_or(""),
                        )
                    })
                    .collect();
                assert_eq!(got, want, "{name}");
            }
        }
        checked += 1;
    }
    assert!(checked >= 50, "only {checked} payment cases");
}

#[wasm_bindgen_test]
fn request_builds_in_wasm() {
    let client = request::Client::new("sk_test_abc123").expect("client");
    let built = client.build_retrieve_payment("pay_1a2b").expect("retrieve");
    assert_eq!(built.url, "https://api.kinetic.dev/v1/payments/pay_1a2b");
    assert_eq!(
        request::Client::new("whsec_x").unwrap_err().code(),
        "invalid_api_key"
    );
}
