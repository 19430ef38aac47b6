//! Helpers shared by the integration tests that read tests/vectors/webhooks.json (native and
//! wasm32: the file is embedded with `include_str!`, so no file I/O is needed in wasm).
#![allow(dead_code)] // each test crate uses its own subset

use serde_json::Value;

/// tests/vectors/webhooks.json, parsed.
pub fn webhook_vectors() -> Value {
    serde_json::from_str(include_str!("../vectors/webhooks.json")).expect("parse webhooks.json")
}

/// A case's body: `payload` (UTF-8 text) or `payload_hex` (raw bytes).
pub fn payload(case: &Value) -> Vec<u8> {
    match (case.get("payload"), case.get("payload_hex")) {
        (Some(Value::String(s)), _) => s.as_bytes().to_vec(),
        (_, Some(Value::String(h))) => hex::decode(h).expect("payload_hex"),
        _ => panic!("case without payload: {case}"),
    }
}

/// A JSON array of strings.
pub fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|s| s.as_str().expect("string").to_owned())
        .collect()
}
