//! `Kinetic-Signature` parsing from arbitrary bytes, checked against the reference parser in
//! `fuzz/src/lib.rs` (written from SPEC section 1 and the README's caps).
#![no_main]

use kinetic_flow_core::webhook::{SignatureHeader, WebhookError};
use kinetic_flow_core_fuzz::{parse_header, HeaderRef};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let value = String::from_utf8_lossy(data);
    let got = SignatureHeader::parse(&value);
    let want = parse_header(&value);
    match (&got, &want) {
        (Ok(h), HeaderRef::Ok(_, t, sigs)) => {
            assert_eq!(h.timestamp(), *t);
            assert_eq!(h.signatures(), &sigs[..]);
        }
        (Err(WebhookError::MissingSignatureHeader), HeaderRef::Missing) => {}
        (Err(e @ WebhookError::MalformedSignatureHeader { header, .. }), HeaderRef::Malformed) => {
            assert_eq!(e.code(), "malformed_signature_header");
            // The header is shown truncated: at most 24 characters and an ellipsis.
            assert!(header.chars().count() <= 25, "{header:?}");
            if value.chars().count() > 25 {
                assert!(!e.to_string().contains(&*value));
            }
        }
        _ => panic!("parse({value:?}) = {got:?}, reference says {want:?}"),
    }
});
