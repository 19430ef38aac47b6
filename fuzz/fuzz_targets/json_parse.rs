//! The core's JSON reader (`json_parse`: payment params, API error bodies, resources) against
//! `serde_json::from_slice::<Value>`, its reference: both fail, or both give the same value,
//! floats compared by their bits (as the written text shows them: `-0.0`, the last place).
#![no_main]

use kinetic_flow_core::__bindings::{json_parse, json_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let ours = json_parse(data);
    let reference = serde_json::from_slice::<serde_json::Value>(data).ok();
    assert_eq!(ours, reference, "{:?}", String::from_utf8_lossy(data));
    if let (Some(a), Some(b)) = (&ours, &reference) {
        assert_eq!(json_text(a), serde_json::to_string(b).unwrap());
    }
});
