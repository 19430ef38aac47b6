//! Runs tests/vectors/webhooks.json (generated independently by gen_webhooks.py) against the
//! Rust API. The JS suites run the same file against the npm package.

// Not shipped code: it may panic (a test asserts so); the workspace's no-panic lints guard the rest.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable
)]

use kinetic_flow_core::webhook::{sign, verify, WebhookError, DEFAULT_TOLERANCE};
use kinetic_flow_core::UnixTime;
use serde_json::Value;

mod common;
use common::{payload, strings, webhook_vectors as vectors};

#[test]
fn verification_vectors() {
    let v = vectors();
    let cases = v["cases"].as_array().expect("cases");
    assert!(cases.len() >= 30, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().expect("name");
        let body = payload(case);
        let header = case["header"].as_str().unwrap_or("");
        let secrets = strings(&case["secrets"]);
        let now = case["now"].as_i64().expect("now");
        let tolerance = case
            .get("tolerance")
            .and_then(Value::as_u64)
            .map_or(DEFAULT_TOLERANCE, std::time::Duration::from_secs);
        let expect = &case["expect"];
        let got = verify(&body, header, &secrets, UnixTime::from_secs(now), tolerance);
        let ok = match (&got, expect["ok"].as_bool().expect("ok")) {
            (Ok(verified), true) => {
                verified.secret_index as u64 == expect["secret_index"].as_u64().unwrap()
                    && verified.event.id == expect["event_id"].as_str().unwrap()
                    && verified.event.event_type.as_str() == expect["event_type"].as_str().unwrap()
            }
            (Err(e), false) => {
                let code_ok = e.code() == expect["code"].as_str().unwrap()
                    && Some(u64::from(e.http_status())) == expect["status"].as_u64();
                let fields_ok = match e {
                    WebhookError::TimestampOutsideTolerance {
                        timestamp,
                        now,
                        tolerance,
                    } => {
                        Some(timestamp.as_secs()) == expect["timestamp"].as_i64()
                            && Some(now.as_secs()) == expect["now"].as_i64()
                            && Some(tolerance.as_secs()) == expect["tolerance"].as_u64()
                    }
                    _ => true,
                };
                // Whatever failed, no message may carry a secret or the whole payload.
                let msg = format!("{e} {}", e.advice());
                let hints_ok = expect.get("message_contains").map_or(true, |f| {
                    strings(f).iter().all(|f| msg.contains(f.as_str()))
                });
                let clean = secrets
                    .iter()
                    .all(|s| s.len() < 4 || !msg.contains(s.as_str()))
                    && (body.len() < 40 || !msg.as_bytes().windows(body.len()).any(|w| w == body));
                code_ok && fields_ok && hints_ok && clean
            }
            _ => false,
        };
        if !ok {
            failures.push(format!("{name}: expected {expect}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn signing_vectors() {
    let v = vectors();
    for case in v["sign_cases"].as_array().expect("sign_cases") {
        let name = case["name"].as_str().unwrap();
        let secrets = strings(&case["secrets"]);
        let got = sign(
            &payload(case),
            &secrets,
            UnixTime::from_secs(case["timestamp"].as_i64().unwrap()),
        );
        let expect = &case["expect"];
        match got {
            Ok(header) => assert_eq!(Some(header.as_str()), expect["header"].as_str(), "{name}"),
            Err(e) => assert_eq!(Some(e.code()), expect["code"].as_str(), "{name}"),
        }
    }
}
