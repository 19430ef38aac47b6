//! `Kinetic-Signature` parsing from arbitrary bytes, checked against the reference parser in
//! `fuzz/src/lib.rs` (written from SPEC section 1 and the README's caps).
#![no_main]

use kinetic_flow_core::webhook::{SignatureHeader, WebhookError};
use kinetic_flow_core_fuzz::{parse_header, HeaderRef};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let value = String::from_utf8_lossy(data);
    let got = SignatureHeader::parse(&*value);
    let want = parse_header(&value);
    match (&got, &want) {
        (Ok(h), HeaderRef::Ok(_, t, sigs)) => {
            assert_eq!(h.timestamp().as_secs(), *t);
            assert_eq!(h.signatures(), &sigs[..]);
        }
        (Err(WebhookError::MissingSignatureHeader), HeaderRef::Missing) => {}
        (Err(e @ WebhookError::MalformedSignatureHeader { header, .. }), HeaderRef::Malformed) => {
            assert_eq!(e.code(), "malformed_signature_header");
            // The header is shown only through its preview: at most 24 characters of it, with
            // control characters replaced, then an ellipsis if anything was left out.
            assert!(header.chars().count() <= 25, "{header:?}");
            let head = header.strip_suffix('…').unwrap_or(header);
            let expected: String = value
                .chars()
                .take(head.chars().count())
                .map(|c| if c.is_control() { '?' } else { c })
                .collect();
            assert_eq!(head, expected);
            assert!(head.chars().count() == value.chars().count() || header.ends_with('…'));
            assert!(e.to_string().contains(&format!("got `{header}`")));
        }
        _ => panic!("parse({value:?}) = {got:?}, reference says {want:?}"),
    }
});
