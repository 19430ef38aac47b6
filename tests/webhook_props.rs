//! Properties of signing and verification over arbitrary inputs.

// Not shipped code: it may panic (a test asserts so); the workspace's no-panic lints guard the rest.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable
)]

use kinetic_flow_core::webhook::{sign, SignatureHeader, Verifier};
use kinetic_flow_core::UnixTime;
use proptest::prelude::*;

const SECRET: &str = "whsec_property_tests_secret";

fn event_body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        // Arbitrary bytes, including non-UTF-8.
        proptest::collection::vec(any::<u8>(), 0..2048),
        // Real events with an arbitrary id.
        "[a-zA-Z0-9_]{1,40}".prop_map(|id| format!(
            r#"{{"id":"evt_{id}","object":"event","type":"payment.completed","data":{{"object":{{}}}}}}"#
        )
        .into_bytes()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn sign_then_verify_round_trips(body in event_body(), t in 0i64..=999_999_999_999, skew in -300i64..=300) {
        let header = sign(&body, &[SECRET], UnixTime::from_secs(t)).unwrap();
        let v = Verifier::new(&[SECRET]).unwrap();
        let (index, ts) = v.verify_signature(&body, &header, UnixTime::from_secs(t + skew)).unwrap();
        prop_assert_eq!(index, 0);
        prop_assert_eq!(ts.as_secs(), t);
    }

    #[test]
    fn any_body_byte_change_fails(body in proptest::collection::vec(any::<u8>(), 1..1024), pos in any::<prop::sample::Index>(), flip in 1u8..=255) {
        let header = sign(&body, &[SECRET], UnixTime::from_secs(1_000_000)).unwrap();
        let mut tampered = body.clone();
        let i = pos.index(tampered.len());
        tampered[i] ^= flip;
        let err = Verifier::new(&[SECRET]).unwrap().verify_signature(&tampered, &header, UnixTime::from_secs(1_000_000)).unwrap_err();
        prop_assert_eq!(err.code(), "signature_mismatch");
    }

    #[test]
    fn any_timestamp_change_fails(body in proptest::collection::vec(any::<u8>(), 0..256), t in 1i64..999_999_999_998, delta in prop_oneof![-5i64..=-1, 1i64..=5]) {
        let header = sign(&body, &[SECRET], UnixTime::from_secs(t)).unwrap();
        let sig = header.split_once(",v1=").unwrap().1;
        let other = t + delta;
        let forged = format!("t={other},v1={sig}");
        let err = Verifier::new(&[SECRET]).unwrap().verify_signature(&body, &forged, UnixTime::from_secs(other)).unwrap_err();
        prop_assert_eq!(err.code(), "signature_mismatch");
    }

    #[test]
    fn any_signature_digit_change_fails(body in proptest::collection::vec(any::<u8>(), 0..256), pos in 0usize..64, digit in 0u32..16) {
        let header = sign(&body, &[SECRET], UnixTime::from_secs(5)).unwrap();
        let (prefix, sig) = header.split_once(",v1=").unwrap();
        let mut chars: Vec<char> = sig.chars().collect();
        let new = char::from_digit(digit, 16).unwrap();
        prop_assume!(chars[pos] != new);
        chars[pos] = new;
        let forged = format!("{prefix},v1={}", chars.into_iter().collect::<String>());
        let err = Verifier::new(&[SECRET]).unwrap().verify_signature(&body, &forged, UnixTime::from_secs(5)).unwrap_err();
        prop_assert_eq!(err.code(), "signature_mismatch");
    }

    #[test]
    fn header_parsing_never_panics(header in ".{0,300}") {
        let _ = SignatureHeader::parse(&header);
    }

    #[test]
    fn a_header_that_is_not_utf8_is_malformed(mut bytes in proptest::collection::vec(any::<u8>(), 0..300), bad in 0x80u8..=0xff) {
        // A lone byte >= 0x80 at the end is never valid UTF-8, whatever precedes it.
        bytes.push(bad);
        prop_assume!(std::str::from_utf8(&bytes).is_err());
        let err = SignatureHeader::parse(&bytes[..]).unwrap_err();
        prop_assert_eq!(err.code(), "malformed_signature_header");
        let err = Verifier::new(&[SECRET]).unwrap().verify(b"{}", &bytes, UnixTime::from_secs(1)).unwrap_err();
        prop_assert_eq!(err.code(), "malformed_signature_header");
    }

    #[test]
    fn structured_headers_never_panic(items in proptest::collection::vec(prop_oneof![
        Just("t=1".to_owned()), "t=[0-9+ .-]{0,14}", "v1=[0-9a-fA-Fg]{60,68}", "v[0-9]=.{0,10}", ".{0,5}",
    ], 0..20), sep in prop_oneof![Just(","), Just(", "), Just(" ,")]) {
        let header = items.join(sep);
        let v = Verifier::new(&[SECRET]).unwrap();
        let _ = v.verify(b"{}", &header, UnixTime::from_secs(1));
    }

    #[test]
    fn errors_never_contain_the_secret(secret in "whsec_[A-Za-z0-9]{8,40}", body in proptest::collection::vec(any::<u8>(), 0..64), header in ".{0,120}") {
        let v = Verifier::new(&[secret.as_str()]).unwrap();
        if let Err(e) = v.verify(&body, &header, UnixTime::from_secs(0)) {
            prop_assert!(!e.to_string().contains(&secret));
            let debug = format!("{:?}", e);
            prop_assert!(!debug.contains(&secret));
        }
        let debug = format!("{:?}", v);
        prop_assert!(!debug.contains(&secret));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// The tree-free event check (used by the npm package before `JSON.parse`) accepts exactly
    /// what the full parse accepts, with the same id, type and error.
    #[test]
    fn event_summary_agrees_with_event_parse(body in prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..64),
        r#"\{("(id|type|data|x)":(("[a-z\\\\u0-9]{0,6}")|-?[0-9]{1,3}(\.[0-9])?(e[0-9]{1,3})?|null|true|\[\]|\{\}|\{"object":(\{\}|1|null)(,"object":\{\})?\}),?){0,5}\}[ ]?"#.prop_map(String::into_bytes),
        // Numbers near the f64 overflow, escapes and surrogates, nesting, whitespace.
        r#"\{"id":"(e|\\u00[0-9a-f]{2}|\\ud83d\\ude00|\\ud800|\\n|\\x)","type":"t","data":\{"object":\{\}\},( |\n)?"x":(-?[0-9]{1,22}(\.[0-9]{0,3})?([eE][+-]?(30[0-9]|29[0-9]|[0-9]{1,12}))?|\[{1,3}(1|"\\u12")?\]{0,3}),?\}"#.prop_map(String::into_bytes),
    ]) {
        use kinetic_flow_core::__bindings::EventSummary;
        use kinetic_flow_core::event::Event;
        let bytes = body.as_slice();
        let full = Event::parse(bytes).map(|e| (e.id, e.event_type));
        let quick = EventSummary::read(bytes).map(|s| (s.id, s.event_type));
        prop_assert_eq!(&quick, &full);
        // The serde-free reader of the webhooks-only wasm: the same, except how a body that is
        // not JSON is worded (its own position, not serde_json's).
        let check = EventSummary::check(bytes).map(|s| (s.id, s.event_type));
        match (&check, &full) {
            (Err(a), Err(b)) if b.to_string().contains("not valid JSON") => {
                prop_assert_eq!(a.code(), b.code());
                prop_assert!(a.to_string().contains("not valid JSON"));
            }
            _ => prop_assert_eq!(&check, &full),
        }
    }
}
