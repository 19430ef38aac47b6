//! The MAC-backend seam (`MacBackend`, `Verifier::verify_signature_with`) on the webhook vectors
//! (tests/vectors/webhooks.json): a backend that computes the same HMAC-SHA256 gives exactly
//! the built-in results (indices, timestamps, errors and hints), and a wrong one can only fail.

// Not shipped code: it may panic (a test asserts so); the workspace's no-panic lints guard the rest.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable
)]

use std::cell::Cell;

use kinetic_flow_core::__bindings::{MacBackend, PrefixVariants};
use kinetic_flow_core::webhook::{
    hmac_key, sign, verify, Verifier, WebhookError, DEFAULT_TOLERANCE,
};
use kinetic_flow_core::UnixTime;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::time::Duration;

mod common;
use common::{payload, webhook_vectors as vectors};

/// HMAC-SHA256 written out from RFC 2104 over plain SHA-256 (not the `hmac` crate the built-in
/// backend uses), keyed with `key`, over the concatenated parts.
fn rfc2104(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(block.map(|b| b ^ 0x36));
    for part in parts {
        inner.update(part);
    }
    let mut outer = Sha256::new();
    outer.update(block.map(|b| b ^ 0x5c));
    outer.update(inner.finalize());
    outer.finalize().into()
}

/// What a host backend does: keys registered per index, the primitive computed on request.
#[derive(Clone, Copy)]
enum Host {
    /// The right MAC.
    Same,
    /// The MAC under another key.
    OtherKey,
    /// The MAC of secret #i+1 (a mixed-up index; used with one secret).
    ShiftedIndex,
    /// The right MAC with one bit flipped.
    FlippedBit,
    /// Knows no secret.
    Nothing,
}

struct Backend {
    keys: Vec<Vec<u8>>,
    host: Host,
    calls: Cell<usize>,
}

impl Backend {
    fn new(secrets: &[String], host: Host) -> Backend {
        Backend {
            keys: secrets.iter().map(|s| hmac_key(s).to_vec()).collect(),
            host,
            calls: Cell::new(0),
        }
    }
}

impl MacBackend for Backend {
    fn hmac_sha256(&self, secret_index: usize, parts: &[&[u8]]) -> Option<[u8; 32]> {
        self.calls.set(self.calls.get() + 1);
        let key = |i: usize| self.keys.get(i).map(Vec::as_slice);
        match self.host {
            Host::Same => Some(rfc2104(key(secret_index)?, parts)),
            Host::OtherKey => Some(rfc2104(b"whsec_someone_else", parts)),
            Host::ShiftedIndex => Some(rfc2104(key(secret_index + 1).unwrap_or(b"x"), parts)),
            Host::FlippedBit => {
                let mut tag = rfc2104(key(secret_index)?, parts);
                tag[31] ^= 1;
                Some(tag)
            }
            Host::Nothing => None,
        }
    }
}

/// One vector, as `verify_signature` takes it.
struct Case {
    name: String,
    body: Vec<u8>,
    header: String,
    secrets: Vec<String>,
    now: UnixTime,
    tolerance: Duration,
}

/// The vectors whose secrets a `Verifier` accepts.
fn cases() -> Vec<Case> {
    let v = vectors();
    let cases: Vec<_> = v["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|case| {
            let secrets: Vec<String> = case["secrets"]
                .as_array()
                .expect("secrets")
                .iter()
                .map(|s| s.as_str().expect("secret").to_owned())
                .collect();
            Case {
                name: case["name"].as_str().expect("name").to_owned(),
                body: payload(case),
                header: case["header"].as_str().unwrap_or("").to_owned(),
                secrets,
                now: UnixTime::from_secs(case["now"].as_i64().expect("now")),
                tolerance: case
                    .get("tolerance")
                    .and_then(Value::as_u64)
                    .map_or(DEFAULT_TOLERANCE, Duration::from_secs),
            }
        })
        .filter(|c| Verifier::new(&c.secrets).is_ok())
        .collect();
    assert!(cases.len() >= 25, "only {} usable cases", cases.len());
    cases
}

#[test]
fn a_backend_computing_the_same_mac_gives_identical_results() {
    let mut accepted = 0;
    for Case {
        name,
        body,
        header,
        secrets,
        now,
        tolerance,
    } in cases()
    {
        let verifier = Verifier::new(&secrets).unwrap().tolerance(tolerance);
        let backend = Backend::new(&secrets, Host::Same);
        let builtin = verifier.verify_signature(&body, &header, now);
        let seam = verifier.verify_signature_with(&backend, &body, header.as_bytes(), now);
        assert_eq!(seam, builtin, "{name}");
        // Anything past the header parse went through the backend, not around it.
        if header_parses(&header) {
            assert!(backend.calls.get() > 0, "{name}: backend never asked");
        }
        accepted += usize::from(builtin.is_ok());
    }
    assert!(accepted >= 5, "only {accepted} accepted vectors");
}

fn header_parses(header: &str) -> bool {
    kinetic_flow_core::webhook::SignatureHeader::parse(header).is_ok()
}

#[test]
fn a_wrong_backend_can_only_yield_signature_mismatch() {
    for host in [
        Host::OtherKey,
        Host::ShiftedIndex,
        Host::FlippedBit,
        Host::Nothing,
    ] {
        for Case {
            name,
            body,
            header,
            secrets,
            now,
            tolerance,
        } in cases()
        {
            let verifier = Verifier::new(&secrets).unwrap().tolerance(tolerance);
            let builtin = verifier.verify_signature(&body, &header, now);
            if matches!(host, Host::ShiftedIndex) && secrets.len() > 1 {
                continue; // with a rotation, secret #i+1 may be the signer: another index, not wrong
            }
            let backend = Backend::new(&secrets, host);
            let seam = verifier.verify_signature_with(&backend, &body, header.as_bytes(), now);
            match &builtin {
                // Header errors come before any MAC: unchanged.
                Err(e) if e.code() == "missing_signature_header" => assert_eq!(seam, builtin),
                Err(e) if e.code() == "malformed_signature_header" => assert_eq!(seam, builtin),
                // Everything else (accepted, too old, mismatch) is a mismatch now.
                _ => assert_eq!(
                    seam.as_ref().map_err(WebhookError::code),
                    Err("signature_mismatch"),
                    "{name}"
                ),
            }
        }
    }
}

#[test]
fn the_backend_sees_the_signed_parts_and_the_index_of_each_secret() {
    struct Spy(std::cell::RefCell<Vec<(usize, Vec<u8>)>>);
    impl MacBackend for Spy {
        fn hmac_sha256(&self, secret_index: usize, parts: &[&[u8]]) -> Option<[u8; 32]> {
            self.0.borrow_mut().push((secret_index, parts.concat()));
            None
        }
    }
    let header = sign(b"{}", &["whsec_c"], UnixTime::from_secs(1000)).unwrap();
    let verifier = Verifier::new(&["whsec_a", "whsec_b", "whsec_c"]).unwrap();
    let spy = Spy(Default::default());
    let err = verifier
        .verify_signature_with(&spy, b"{}", header.as_bytes(), UnixTime::from_secs(1000))
        .unwrap_err();
    assert_eq!(err.code(), "signature_mismatch");
    let seen = spy.0.into_inner();
    let signed = b"1000.{}".to_vec();
    assert_eq!(
        seen,
        vec![(0, signed.clone()), (1, signed.clone()), (2, signed)]
    );
    // With the right backend, the third secret matches.
    let backend = Backend::new(
        &["whsec_a".into(), "whsec_b".into(), "whsec_c".into()],
        Host::Same,
    );
    assert_eq!(
        verifier.verify_signature_with(
            &backend,
            b"{}",
            header.as_bytes(),
            UnixTime::from_secs(1000)
        ),
        Ok((2, UnixTime::from_secs(1000)))
    );
}

#[test]
fn a_kept_verifier_and_a_backend_explain_a_mismatch_like_the_one_shot_verify() {
    // What the npm package does on a mismatch: the kept verifier's error (host MACs), then the
    // prefix hint from `PrefixVariants` with the host's MACs for the variants. It must equal the
    // one-shot `verify` (built-in MACs), hints included.
    let mut explained = 0;
    let mut cases = cases();
    let (body, header) = (
        cases[0].body.clone(),
        sign(&cases[0].body, &["abc"], UnixTime::from_secs(1000)).unwrap(),
    );
    cases.push(Case {
        name: "signed without the whsec_ prefix".into(),
        body,
        header,
        secrets: vec!["whsec_other".into(), "whsec_abc".into()],
        now: UnixTime::from_secs(1000),
        tolerance: DEFAULT_TOLERANCE,
    });
    for c in cases {
        let one_shot = verify(&c.body, &c.header, &c.secrets, c.now, c.tolerance);
        let verifier = Verifier::new(&c.secrets).unwrap().tolerance(c.tolerance);
        let backend = Backend::new(&c.secrets, Host::Same);
        let kept = verifier
            .verify_signature_with(&backend, &c.body, c.header.as_bytes(), c.now)
            .map_err(|err| {
                let (variants, texts) = PrefixVariants::of(&c.secrets);
                variants.add_hint(
                    &Backend::new(&texts, Host::Same),
                    err,
                    &c.body,
                    c.header.as_bytes(),
                )
            });
        match (&one_shot, &kept) {
            (Err(a), Err(b)) if a.code() != "invalid_event" => {
                assert_eq!(a, b, "{}", c.name);
                explained += usize::from(matches!(
                    a,
                    WebhookError::SignatureMismatch { hints } if hints.contains(&kinetic_flow_core::webhook::MismatchHint::SecretPrefix)
                ));
            }
            (Ok(_), Ok(_)) => {}
            (Err(a), Ok(_)) if a.code() == "invalid_event" => {} // the body, not the signature
            _ => panic!("{}: {one_shot:?} vs {kept:?}", c.name),
        }
    }
    assert!(explained >= 1, "no vector shows the prefix hint");
}
