//! Secret hygiene: no error message, no `Display`/`Debug` of an error, a client, a verifier or a
//! built request, and no JSON of an error contains the webhook secret or the API key, in whole
//! or in part (any 8 characters of a secret's random part count as a leak). The signature
//! header is shown truncated. Every error variant that can be produced is produced here, and the
//! tests check that the set of codes covered is the whole set.

// Not shipped code: it may panic (a test asserts so); the workspace's no-panic lints guard the rest.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable
)]

use std::collections::BTreeSet;
use std::fmt::{Debug, Display};
use std::time::Duration;

use kinetic_flow_core::api_error::{self, ApiError};
use kinetic_flow_core::payment::{validate, ValidationError};
use kinetic_flow_core::request::{ApiKey, Client, KeySource, RequestError};
use kinetic_flow_core::webhook::{self, sign, SignatureHeader, Verifier, WebhookError};
use kinetic_flow_core::UnixTime;
use serde_json::json;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const OLD_SECRET: &str = "whsec_Zq81LmNoPqRsTuVwXyZa0b1C2d3E4f5G";
const LIVE_KEY: &str = "sk_live_4eC39HqLyjWDarjtT1zdp7dcXk2QwErTy";
const TEST_KEY: &str = "sk_test_9aB8cD7eF6gH5iJ4kL3mN2oP1qR0sT";
const NOW: i64 = 1_776_244_442;
const BODY: &[u8] =
    br#"{"id":"evt_1a2b3c4d","object":"event","type":"payment.completed","data":{"object":{}}}"#;

/// The part of a secret that is secret (after its public prefix).
fn secret_part(secret: &str) -> &str {
    ["whsec_", "sk_live_", "sk_test_"]
        .iter()
        .find_map(|p| secret.strip_prefix(p))
        .unwrap_or(secret)
}

/// Panics if `shown` contains any 8 consecutive characters of a secret's random part.
fn assert_no_secret(context: &str, shown: &str) {
    for secret in [SECRET, OLD_SECRET, LIVE_KEY, TEST_KEY] {
        let part = secret_part(secret).as_bytes();
        for window in part.windows(8) {
            let window = std::str::from_utf8(window).unwrap();
            assert!(
                !shown.contains(window),
                "{context}: output contains {window:?} from a secret:\n{shown}"
            );
        }
    }
}

/// Display, Debug and pretty Debug of an error, and its source chain.
fn shown_error<E: std::error::Error>(e: &E) -> String {
    let mut out = format!("{e}\n{e:?}\n{e:#?}");
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(&format!("\n{s}\n{s:?}"));
        source = s.source();
    }
    out
}

fn shown_debug<T: Debug>(v: &T) -> String {
    format!("{v:?}\n{v:#?}")
}

fn shown_display<T: Display + Debug>(v: &T) -> String {
    format!("{v}\n{v:?}\n{v:#?}")
}

fn check_webhook(context: &str, err: &WebhookError, seen: &mut BTreeSet<&'static str>) {
    assert_no_secret(context, &shown_error(err));
    assert_no_secret(context, err.advice());
    seen.insert(err.code());
}

fn signature() -> String {
    sign(BODY, &[SECRET], UnixTime::from_secs(NOW))
        .unwrap()
        .split_once(",v1=")
        .unwrap()
        .1
        .to_owned()
}

/// Every way to fail verification or signing, through every entry point.
fn webhook_errors() -> Vec<(String, WebhookError)> {
    let sig = signature();
    let good = sign(BODY, &[SECRET], UnixTime::from_secs(NOW)).unwrap();
    let seventeen = format!("t={NOW}{}", format!(",v1={sig}").repeat(17));
    let long = format!("t={NOW},v1={sig},v0={}", "a".repeat(5000));
    let headers: Vec<(&str, String)> = vec![
        ("missing", String::new()),
        ("spaces", "   ".into()),
        ("no t", format!("v1={sig}")),
        ("two t", format!("t={NOW},t={NOW},v1={sig}")),
        ("bad t", format!("t=+{NOW},v1={sig}")),
        ("no v1", format!("t={NOW}")),
        ("short v1", format!("t={NOW},v1={}", &sig[..63])),
        ("empty item", format!("t={NOW},,v1={sig}")),
        ("17 v1", seventeen),
        ("over 4096 bytes", long),
        // A caller who swaps the header and the secret arguments (both strings in JS).
        ("the secret as header", SECRET.to_owned()),
        ("the API key as header", LIVE_KEY.to_owned()),
        ("a secret inside the header", format!("t={NOW},v1={SECRET}")),
        ("a secret after t", format!("t=1,{SECRET}")),
        ("wrong secret", good.clone()),
    ];
    let mut out = Vec::new();
    let verifiers = [
        ("one secret", Verifier::new(&[SECRET]).unwrap()),
        ("rotation", Verifier::new(&[OLD_SECRET, SECRET]).unwrap()),
    ];
    for (name, header) in &headers {
        for (vname, v) in &verifiers {
            let body: &[u8] = if *name == "wrong secret" { b"{}" } else { BODY };
            if let Err(e) = v.verify(body, header, UnixTime::from_secs(NOW)) {
                out.push((format!("{vname}: {name}"), e));
            }
        }
        if let Err(e) = webhook::verify(
            BODY,
            header,
            &[OLD_SECRET],
            UnixTime::from_secs(NOW),
            Duration::from_secs(300),
        ) {
            out.push((format!("one-shot: {name}"), e));
        }
    }
    let v = Verifier::new(&[SECRET]).unwrap();
    // Time, mismatch with every hint, events.
    out.push((
        "stale".into(),
        v.verify(BODY, &good, UnixTime::from_secs(NOW + 301))
            .unwrap_err(),
    ));
    out.push((
        "early".into(),
        v.verify(BODY, &good, UnixTime::from_secs(NOW - 301))
            .unwrap_err(),
    ));
    let mismatch_bodies: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"[object Object]".to_vec(),
        b"{\n  \"id\": \"evt_1\"\n}".to_vec(),
        [BODY, b"\n"].concat(),
        format!("{{\"secret\":\"{SECRET}\",\"key\":\"{LIVE_KEY}\"}}").into_bytes(),
    ];
    for body in &mismatch_bodies {
        out.push((
            "mismatch".into(),
            v.verify(body, &good, UnixTime::from_secs(NOW)).unwrap_err(),
        ));
    }
    let unprefixed = sign(BODY, &[secret_part(SECRET)], UnixTime::from_secs(NOW)).unwrap();
    out.push((
        "whsec_ prefix hint".into(),
        webhook::verify(
            BODY,
            &unprefixed,
            &[SECRET],
            UnixTime::from_secs(NOW),
            Duration::from_secs(300),
        )
        .unwrap_err(),
    ));
    for body in [
        format!("{{\"id\":5,\"type\":\"x\",\"secret\":\"{SECRET}\"}}"),
        format!("{{\"type\":\"{SECRET}\"}}"),
        format!("[\"{SECRET}\",\"{LIVE_KEY}\"]"),
        format!("not json {SECRET} {LIVE_KEY}"),
    ] {
        let header = sign(body.as_bytes(), &[SECRET], UnixTime::from_secs(NOW)).unwrap();
        out.push((
            format!("invalid event {body}"),
            v.verify(body.as_bytes(), &header, UnixTime::from_secs(NOW))
                .unwrap_err(),
        ));
    }
    // Secrets refused.
    let bad_secret_lists: Vec<Vec<String>> = vec![
        vec![],
        vec![String::new()],
        vec![format!(" {SECRET}")],
        vec![format!("{SECRET}\n")],
        vec![SECRET.to_owned(), format!("{OLD_SECRET} ")],
        vec![LIVE_KEY.to_owned()],
        vec![TEST_KEY.to_owned()],
    ];
    for list in &bad_secret_lists {
        out.push((
            format!("Verifier::new({} secrets)", list.len()),
            Verifier::new(list).unwrap_err(),
        ));
        out.push((
            "verify".into(),
            webhook::verify(
                BODY,
                &good,
                list,
                UnixTime::from_secs(NOW),
                Duration::from_secs(300),
            )
            .unwrap_err(),
        ));
        out.push((
            "sign".into(),
            sign(BODY, list, UnixTime::from_secs(NOW)).unwrap_err(),
        ));
    }
    out.push((
        "sign: timestamp too large".into(),
        sign(BODY, &[SECRET], UnixTime::from_secs(1_000_000_000_000)).unwrap_err(),
    ));
    // Raised by the JS bindings; the payload type name is all it carries.
    out.push((
        "payload not raw".into(),
        WebhookError::PayloadNotRaw {
            found: "object".into(),
        },
    ));
    out.push((
        "a body over the handlers' limit".into(),
        WebhookError::PayloadTooLarge { limit: 1 << 20 },
    ));
    out
}

#[test]
fn webhook_errors_never_show_a_secret() {
    let mut seen = BTreeSet::new();
    for (context, err) in webhook_errors() {
        check_webhook(&context, &err, &mut seen);
    }
    let all: BTreeSet<&str> = [
        "missing_signature_header",
        "malformed_signature_header",
        "timestamp_outside_tolerance",
        "signature_mismatch",
        "invalid_secret",
        "payload_not_raw",
        "invalid_event",
        "payload_too_large",
    ]
    .into();
    assert_eq!(seen, all, "every webhook error code is covered");
}

#[test]
fn verifier_debug_never_shows_a_secret() {
    for v in [
        Verifier::new(&[SECRET]).unwrap(),
        Verifier::new(&[OLD_SECRET, SECRET])
            .unwrap()
            .tolerance(Duration::from_secs(60)),
    ] {
        let shown = shown_debug(&v);
        assert_no_secret("Verifier", &shown);
        assert_no_secret("Verifier clone", &shown_debug(&v.clone()));
        assert!(shown.contains("redacted"), "{shown}");
    }
    let header = sign(BODY, &[SECRET], UnixTime::from_secs(NOW)).unwrap();
    let verified = Verifier::new(&[SECRET])
        .unwrap()
        .verify(BODY, &header, UnixTime::from_secs(NOW))
        .unwrap();
    assert_no_secret("Verified", &shown_debug(&verified));
    assert_no_secret(
        "SignatureHeader",
        &shown_debug(&SignatureHeader::parse(&header).unwrap()),
    );
}

#[test]
fn a_malformed_header_is_shown_truncated() {
    let sig = signature();
    let header = format!("t={NOW},v1={sig},v1=zz");
    let err = Verifier::new(&[SECRET])
        .unwrap()
        .verify(BODY, &header, UnixTime::from_secs(NOW))
        .unwrap_err();
    let WebhookError::MalformedSignatureHeader { header: shown, .. } = &err else {
        panic!("{err:?}")
    };
    // At most 24 characters of it, then an ellipsis; never the whole signature.
    assert!(shown.chars().count() <= 25, "{shown}");
    assert!(shown.ends_with('…'), "{shown}");
    assert!(header.starts_with(shown.trim_end_matches('…')));
    let text = shown_error(&err);
    assert!(!text.contains(&sig), "{text}");
    assert!(!text.contains(&header), "{text}");
    // Control characters in the preview are replaced, so a header cannot forge log lines.
    let err = SignatureHeader::parse("t=1\nFAKE LOG LINE\r").unwrap_err();
    assert!(!err.to_string().contains('\n'), "{err}");
    assert!(!err.to_string().contains('\r'), "{err}");
}

// ---------------------------------------------------------------------------------------------
// API keys, clients, requests, API errors
// ---------------------------------------------------------------------------------------------

fn payment_params() -> serde_json::Value {
    json!({
        "amount": 25000, "currency": "usd", "rail": "auto",
        "destination": { "routing_number": "021000021", "account_number": "000123456789" }
    })
}

/// Every way to fail building a client or a request.
fn request_errors() -> Vec<(String, RequestError)> {
    let mut out = Vec::new();
    for key in [
        String::new(),
        format!(" {LIVE_KEY}"),
        format!("{LIVE_KEY}\n"),
        format!("Bearer {LIVE_KEY}"),
        LIVE_KEY.replace("sk_live_", "sk_LIVE_"),
        LIVE_KEY.replace("sk_live_", "sk_prod_"),
        LIVE_KEY.replace("sk_live_", "pk_live_"),
        LIVE_KEY.replace("sk_live_", "rk_live_"),
        format!("{LIVE_KEY}-x"),
        format!("{LIVE_KEY}{}", "a".repeat(300)),
        format!("{TEST_KEY}_{LIVE_KEY}"),
        secret_part(LIVE_KEY).to_owned(),
        SECRET.to_owned(),
        "sk_live_".to_owned(),
    ] {
        out.push((
            format!("Client::new({key:?})"),
            Client::new(&key).unwrap_err(),
        ));
        assert!(ApiKey::parse(&key).is_err());
    }
    let client = Client::new(LIVE_KEY).unwrap();
    for url in [
        "",
        "ftp://api.kinetic.dev",
        "http://api.kinetic.dev",
        "https://api.kinetic.dev?x=1",
        &format!("https://{LIVE_KEY}@api.kinetic.dev"),
        &format!("https://api.kinetic.dev/{LIVE_KEY} x"),
    ] {
        out.push((
            format!("with_base_url({url:?})"),
            client.clone().with_base_url(url).unwrap_err(),
        ));
    }
    for id in ["", "evt_1", "pay_", "pay_a-b", LIVE_KEY] {
        out.push((
            format!("retrieve payment {id}"),
            client.build_retrieve_payment(id).unwrap_err(),
        ));
    }
    out.push((
        "retrieve event".into(),
        client.build_retrieve_event("pay_1").unwrap_err(),
    ));
    out.push((
        "payment validation".into(),
        client
            .build_create_payment(&json!({ "amount": 0 }), KeySource::Random([7; 16]))
            .unwrap_err(),
    ));
    out.push((
        "refund validation".into(),
        client
            .build_create_refund(&json!({ "payment": "x" }), KeySource::Random([7; 16]))
            .unwrap_err(),
    ));
    out.push((
        "token validation".into(),
        client
            .build_create_token(
                &json!({ "routing_number": "1" }),
                KeySource::Random([7; 16]),
            )
            .unwrap_err(),
    ));
    out.push((
        "bad idempotency key".into(),
        client
            .build_create_payment(&payment_params(), KeySource::Given("a b"))
            .unwrap_err(),
    ));
    let mut with_key = payment_params();
    with_key["idempotency_key"] = json!("k1");
    out.push((
        "two different idempotency keys".into(),
        client
            .build_create_payment(&with_key, KeySource::Given("k2"))
            .unwrap_err(),
    ));
    out
}

#[test]
fn request_errors_never_show_the_api_key() {
    let mut seen = BTreeSet::new();
    for (context, err) in request_errors() {
        assert_no_secret(&context, &shown_error(&err));
        for field_error in err.errors() {
            let json = serde_json::to_string(field_error).unwrap();
            assert_no_secret(&context, &json);
        }
        seen.insert(err.code());
    }
    let all: BTreeSet<&str> = [
        "invalid_api_key",
        "invalid_base_url",
        "invalid_id",
        "validation_failed",
        "invalid_idempotency_key",
    ]
    .into();
    assert_eq!(seen, all, "every request error code is covered");
}

#[test]
fn clients_keys_and_built_requests_debug_without_the_key() {
    for key in [LIVE_KEY, TEST_KEY] {
        let client = Client::new(key).unwrap();
        assert_no_secret("Client", &shown_debug(&client));
        assert_no_secret("ApiKey", &shown_debug(&ApiKey::parse(key).unwrap()));
        let local = client
            .clone()
            .with_base_url("http://localhost:8080")
            .unwrap();
        assert_no_secret("Client with base URL", &shown_debug(&local));
        let requests = [
            client
                .build_create_payment(&payment_params(), KeySource::Given("order-42"))
                .unwrap(),
            client.build_retrieve_payment("pay_1a2b").unwrap(),
            client
                .build_create_refund(
                    &json!({ "payment": "pay_1a2b", "amount": 5 }),
                    KeySource::Random([1; 16]),
                )
                .unwrap(),
            client
                .build_create_token(
                    &json!({ "routing_number": "021000021", "account_number": "000123456789" }),
                    KeySource::Random([2; 16]),
                )
                .unwrap(),
            client.build_retrieve_event("evt_1a2b").unwrap(),
            local.build_retrieve_event("evt_1a2b").unwrap(),
        ];
        for request in &requests {
            let debug = shown_debug(request);
            assert_no_secret("HttpRequest Debug", &debug);
            // The account number in a body is not shown either.
            assert!(!debug.contains("000123456789"), "{debug}");
            // By design the headers carry the key, so that the request can be sent.
            assert_eq!(
                request.header("Authorization"),
                Some(format!("Bearer {key}").as_str())
            );
        }
    }
}

/// A response: status, body, headers.
type Response = (u16, String, Vec<(&'static str, String)>);

/// Responses that quote the key: in the message, code, param, request id (body or header).
fn echoing_responses() -> Vec<Response> {
    let msg = format!("Invalid API key provided: {LIVE_KEY}");
    vec![
        (
            401,
            json!({"error": {"code": "invalid_api_key", "message": msg}}).to_string(),
            vec![],
        ),
        (401, json!({"code": LIVE_KEY, "message": msg}).to_string(), vec![]),
        (
            400,
            json!({"error": {"message": "bad", "param": LIVE_KEY, "request_id": LIVE_KEY}})
                .to_string(),
            vec![],
        ),
        (503, String::new(), vec![("Request-Id", LIVE_KEY.to_owned())]),
        (
            401,
            json!({"error": {"message": format!("{LIVE_KEY} {LIVE_KEY} and {}", LIVE_KEY.to_uppercase())}})
                .to_string(),
            vec![],
        ),
        (
            200,
            format!("<html>{LIVE_KEY}</html>"),
            vec![("Request-Id", format!("req_{LIVE_KEY}"))],
        ),
    ]
}

#[test]
fn api_errors_from_a_client_never_show_the_key() {
    let client = Client::new(LIVE_KEY).unwrap();
    for (status, body, headers) in echoing_responses() {
        let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let err = client
            .parse_response(status, body.as_bytes(), &headers, UnixTime::from_secs(NOW))
            .unwrap_err();
        let context = format!("parse_response({status}, {body:?})");
        assert_no_secret(&context, &shown_error(&err));
        assert_no_secret(&context, &serde_json::to_string(&err).unwrap());
    }
}

#[test]
fn an_echoed_key_cut_by_the_message_cap_is_not_shown_in_part() {
    // The message is capped at 1 KiB; a key straddling the cap must not survive in part.
    let client = Client::new(LIVE_KEY).unwrap();
    for lead in (api_error::MAX_MESSAGE_BYTES - LIVE_KEY.len())..api_error::MAX_MESSAGE_BYTES {
        let message = format!("{}{LIVE_KEY} trailing text", "x".repeat(lead));
        let body = json!({"error": {"message": message}}).to_string();
        let err = client
            .parse_response(401, body.as_bytes(), &[], UnixTime::from_secs(NOW))
            .unwrap_err();
        assert_no_secret(
            &format!("key at byte {lead}"),
            &format!("{err} {}", serde_json::to_string(&err).unwrap()),
        );
    }
}

#[test]
fn decoded_errors_serialize_only_what_the_response_said() {
    // decode() has no key to redact; what it shows comes from the response. A response that
    // does not quote a secret yields an error that does not either, in every form.
    for (status, body) in [
        (
            400,
            r#"{"error":{"code":"parameter_invalid","message":"Bad.","param":"amount"}}"#,
        ),
        (429, ""),
        (502, "<html>Bad Gateway</html>"),
        (418, "not json"),
    ] {
        let err: ApiError = api_error::decode(
            status,
            body.as_bytes(),
            &[("Retry-After", "3")],
            UnixTime::from_secs(NOW),
        )
        .unwrap();
        assert_no_secret("decode", &shown_error(&err));
        assert_no_secret("decode", &serde_json::to_string(&err).unwrap());
    }
}

#[test]
fn validation_errors_never_show_an_account_number() {
    let errors = validate(&json!({
        "amount": 0, "currency": "usd",
        "destination": { "routing_number": "021000022", "account_number": "12345678901234567890" }
    }))
    .unwrap_err();
    let err: ValidationError = errors;
    let shown = format!(
        "{} {}",
        shown_display(&err),
        serde_json::to_string(err.errors()).unwrap()
    );
    assert!(!shown.contains("12345678901234567890"), "{shown}");
}
