//! Event parsing from arbitrary bytes: never panics, accepts exactly the JSON objects with a
//! string `id` and `type` (reference in fuzz/src/lib.rs), keeps the raw JSON whole, and never
//! copies the body into an error. `EventSummary::read` (the quick pass the npm package uses)
//! agrees with `Event::parse` exactly: same id and type, or the same error.
#![no_main]

use kinetic_flow_core::__bindings::EventSummary;
use kinetic_flow_core::event::{Event, EventData, EventType};
use kinetic_flow_core_fuzz::is_event;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parsed = Event::parse(data);
    let summary = EventSummary::read(data);
    match (&parsed, &summary) {
        (Ok(e), Ok(s)) => assert_eq!((&e.id, &e.event_type), (&s.id, &s.event_type)),
        (Err(a), Err(b)) => assert_eq!(a, b),
        _ => panic!("Event::parse gave {parsed:?} but EventSummary::read gave {summary:?}"),
    }
    // The serde-free reader (the webhooks-only wasm): same acceptance and errors, except the
    // wording of a body that is not JSON.
    let checked = EventSummary::check(data);
    match (&parsed, &checked) {
        (Ok(e), Ok(s)) => assert_eq!((&e.id, &e.event_type), (&s.id, &s.event_type)),
        (Err(a), Err(b)) if a.to_string().contains("not valid JSON") => {
            assert_eq!(a.code(), b.code());
            assert!(b.to_string().contains("not valid JSON"));
        }
        (Err(a), Err(b)) => assert_eq!(a, b),
        _ => panic!("Event::parse gave {parsed:?} but EventSummary::check gave {checked:?}"),
    }
    match parsed {
        Ok(event) => {
            assert!(is_event(data));
            let raw: serde_json::Value = serde_json::from_slice(data).unwrap();
            assert_eq!(event.raw().as_bytes(), data);
            assert_eq!(event.raw_value(), raw);
            assert_eq!(raw["id"].as_str(), Some(event.id.as_str()));
            assert_eq!(raw["type"].as_str(), Some(event.event_type.as_str()));
            if let EventType::Unknown(_) = event.event_type {
                assert_eq!(event.data, EventData::Untyped);
            }
            // The one-pass parse equals the Value parse (all but the raw text's formatting).
            let again = Event::from_value(raw).unwrap();
            assert_eq!(
                (&again.id, &again.event_type, &again.data, again.livemode),
                (&event.id, &event.event_type, &event.data, event.livemode)
            );
            assert_eq!(
                (&again.api_version, &again.created_at),
                (&event.api_version, &event.created_at)
            );
        }
        Err(e) => {
            assert!(!is_event(data));
            assert_eq!(e.code(), "invalid_event");
            let shown = format!("{e} {e:?}");
            // Only bodies with a byte no message template has (a control character) can be
            // told apart from message text; the fuzzer readily makes bodies out of messages.
            if data.len() > 16 && data.iter().any(|&b| (b < 0x20 && b != b'\n') || b == 0x7f) {
                assert!(!shown.as_bytes().windows(data.len()).any(|w| w == data));
            }
        }
    }
});
