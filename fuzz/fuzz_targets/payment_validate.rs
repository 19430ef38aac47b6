//! Payment validation from arbitrary JSON. Two input forms, chosen by the first byte:
//! - `R`: raw JSON text (seeds from tests/vectors/payments.json and routing_numbers.json);
//! - anything else: structure-aware: an object whose keys come mostly from the real field
//!   names (and near misses), whose values are of every JSON type, with strings drawn from
//!   interesting shapes (digits of every length, masked numbers, `tok_…`, `USD`, huge text).
//!
//! Checked: never panics; errors are non-empty, with known codes and params; a valid payment's
//! normalized body validates again to itself (a fixed point) and has a fingerprint; the
//! routing-number verdict agrees with a plain reference (SPEC section 3); no message quotes
//! the account number.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use kinetic_flow_core::payment::{code, fingerprint, validate, RoutingNumber};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};

const KEYS: &[&str] = &[
    "amount",
    "currency",
    "rail",
    "destination",
    "idempotency_key",
    "metadata",
    "routing_number",
    "account_number",
    "token",
    "ammount",
    "Amount",
    "dest",
    "",
    "invoice_id",
    "a[b]",
    "k",
];

const STRINGS: &[&str] = &[
    "usd",
    "USD",
    "eur",
    "us",
    "auto",
    "fednow",
    "rtp",
    "same_day_ach",
    "ach",
    "wire",
    "RTP",
    "021000021",
    "021000022",
    "000000000",
    "131000005",
    "02100002",
    "0210000210",
    "０21000021",
    "000123456789",
    "****7890",
    "•••• 7890",
    "XXXX7890",
    "12-34",
    "123",
    "12345678901234567",
    "123456789012345678",
    "tok_abc123",
    "tok_",
    "tok_a-b",
    "pay_abc123",
    " ",
    "",
];

#[derive(Arbitrary, Debug)]
enum Gen {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Known(u8),
    Digits(u8, u64),
    Text(String),
    Long(u16, char),
    Array(Vec<Gen>),
    Object(Vec<(u8, Gen)>),
    RawKey(String, Box<Gen>),
}

fn build(g: Gen, depth: u32) -> Value {
    if depth > 6 {
        return Value::Null;
    }
    match g {
        Gen::Null => Value::Null,
        Gen::Bool(b) => Value::Bool(b),
        Gen::Int(i) => Value::from(i),
        Gen::Uint(u) => Value::from(u),
        Gen::Float(f) => Value::from(f),
        Gen::Known(i) => Value::from(STRINGS[usize::from(i) % STRINGS.len()]),
        Gen::Digits(n, seed) => {
            let s: String = (0..usize::from(n % 20))
                .map(|i| char::from(b'0' + ((seed >> (i % 16 * 4)) as u8 ^ i as u8) % 10))
                .collect();
            Value::from(s)
        }
        Gen::Text(s) => Value::from(s),
        Gen::Long(n, c) => Value::from(c.to_string().repeat(usize::from(n % 600))),
        Gen::Array(items) => Value::Array(
            items
                .into_iter()
                .take(8)
                .map(|g| build(g, depth + 1))
                .collect(),
        ),
        Gen::Object(fields) => {
            let mut map = Map::new();
            for (k, v) in fields.into_iter().take(60) {
                map.insert(
                    KEYS[usize::from(k) % KEYS.len()].to_owned(),
                    build(v, depth + 1),
                );
            }
            Value::Object(map)
        }
        Gen::RawKey(k, v) => {
            let mut map = Map::new();
            map.insert(k, build(*v, depth + 1));
            Value::Object(map)
        }
    }
}

/// SPEC section 3, written plainly: None when valid, else the code.
fn reference_routing(s: &str) -> Option<&'static str> {
    let d: Vec<u32> = s.chars().filter_map(|c| c.to_digit(10)).collect();
    if s.len() != 9 || d.len() != 9 || !s.is_ascii() {
        return Some("invalid_routing_number");
    }
    let sum = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8]);
    if sum % 10 != 0 {
        return Some("routing_number_checksum");
    }
    let prefix = d[0] * 10 + d[1];
    let assigned = prefix <= 12 || (21..=32).contains(&prefix) || (61..=72).contains(&prefix);
    if !assigned || s == "000000000" {
        return Some("routing_number_prefix");
    }
    None
}

fn check(body: &Value) {
    match validate(body) {
        Ok(valid) => {
            let json = valid.to_json();
            let again = validate(&json).expect("the normalized body validates");
            assert_eq!(again.to_json(), json, "normalization is a fixed point");
            let fp = fingerprint(&valid);
            assert!(fp.starts_with("sha256:") && fp.len() == 71);
            assert_eq!(fingerprint(&again), fp);
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            // Bounded: at most MAX_ERRORS problems, each param capped.
            assert!(errors.len() <= kinetic_flow_core::payment::MAX_ERRORS);
            for e in &errors {
                assert!(e.param.chars().count() <= kinetic_flow_core::payment::MAX_PARAM_CHARS + 1);
                assert!(code::ALL.contains(&e.code), "unknown code {}", e.code);
                assert!(!e.message.is_empty());
            }
        }
    }
    let result = validate(body);
    let errors: &[_] = match &result {
        Ok(_) => &[],
        Err(e) => e.errors(),
    };
    let dest = body.get("destination");
    if let Some(Value::String(rn)) = dest.and_then(|d| d.get("routing_number")) {
        let got = errors
            .iter()
            .find(|e| e.param == "destination.routing_number")
            .map(|e| e.code);
        assert_eq!(got, reference_routing(rn), "routing number {rn:?}");
        assert_eq!(
            RoutingNumber::parse(rn).err().map(|e| e.code),
            reference_routing(rn)
        );
    }
    if let Some(Value::String(acct)) = dest.and_then(|d| d.get("account_number")) {
        if acct.len() >= 6 {
            // The value is never echoed. Text that holds the same characters whatever the account
            // number is (a field name the caller wrote, the message's own wording) is not an echo:
            // the messages for the same body with another account number say which.
            let mut other = body.clone();
            if let Some(d) = other.get_mut("destination").and_then(Value::as_object_mut) {
                d.insert(
                    "account_number".into(),
                    Value::String("#".repeat(acct.len())),
                );
            }
            let fixed: Vec<String> = match validate(&other) {
                Ok(_) => Vec::new(),
                Err(e) => e.errors().iter().map(|e| e.message.clone()).collect(),
            };
            for e in errors {
                let echoed = e.message.contains(acct.as_str())
                    && !fixed.iter().any(|m| m.contains(acct.as_str()));
                assert!(!echoed, "{}", e.message);
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    match data.split_first() {
        Some((b'R', rest)) => {
            if let Ok(v) = serde_json::from_slice::<Value>(rest) {
                check(&v);
            }
        }
        Some((_, rest)) => {
            if let Ok(g) = Gen::arbitrary_take_rest(Unstructured::new(rest)) {
                check(&build(g, 0));
            }
        }
        None => {}
    }
});
