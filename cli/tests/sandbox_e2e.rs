//! `kinetic sandbox` end to end: the binary on 127.0.0.1, a real HTTP client (ureq), and a
//! webhook receiver that verifies every delivery with the core. The API's rules, idempotency,
//! the test account numbers, the rails on the sandbox clock, refunds and tokens, webhooks with
//! retries, bad input, each fault rule firing, bad flags and Ctrl-C.
//! Prints `sandbox-e2e: N passed, M failed`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod sandbox_common;

use std::process::Command;
use std::time::{Duration, Instant};

use sandbox_common::*;
use serde_json::json;

fn main() {
    let mut c = Checks::new("sandbox-e2e");
    let dir = scratch("sandbox-e2e");
    let receiver = Receiver::start(SECRET);
    let sb = Sandbox::start(
        &dir,
        &[
            "--memory",
            "--json",
            "--speed",
            "3600",
            "--forward-to",
            &receiver.url,
            "--secret",
            SECRET,
        ],
    );
    let base = sb.url.clone();
    let http = agent(Duration::from_secs(10));
    c.check(
        sb.ready["endpoints"][0]["secret"] == SECRET,
        "the ready file names the endpoint's secret",
    );
    c.check(
        sb.ready["apiKey"]
            .as_str()
            .is_some_and(|k| k.starts_with("sk_test_")),
        "the ready file gives a test key",
    );

    // The API docs' quickstart (with a real account number: the docs' masked one is refused).
    let quick = payment(25_000, "000123457890", "auto");
    let a = create(&http, &base, "pay_abc123", &quick).unwrap();
    c.check(
        a.status == 201 && a.body["status"] == "completed" && a.body["rail"] == "fednow",
        format!("quickstart: {} {}", a.status, a.body),
    );
    c.check(
        a.headers
            .get("request-id")
            .is_some_and(|r| r.starts_with("req_")),
        "Request-Id on every response",
    );
    let id = a.body["id"].as_str().unwrap_or("").to_owned();
    c.check(
        a.body["destination"]["account_number"] == "****7890",
        "the account number is masked in answers",
    );
    let again = create(&http, &base, "pay_abc123", &quick).unwrap();
    c.check(
        again.status == 201
            && again.body == a.body
            && again.headers.get("idempotent-replayed").map(String::as_str) == Some("true"),
        "the same key and body replay, Idempotent-Replayed: true",
    );
    let other = create(
        &http,
        &base,
        "pay_abc123",
        &payment(25_001, "000123457890", "auto"),
    )
    .unwrap();
    c.check(
        other.status == 409 && other.code() == "idempotency_conflict",
        format!(
            "another body with the key: {} {}",
            other.status,
            other.code()
        ),
    );
    let got = get(&http, &base, &format!("/v1/payments/{id}")).unwrap();
    c.check(
        got.status == 200 && got.body == a.body,
        "GET /v1/payments/{id}",
    );
    let bad_id = get(&http, &base, "/v1/payments/evt_1").unwrap();
    c.check(
        bad_id.status == 400 && bad_id.code() == "invalid_id",
        "a malformed id is invalid_id",
    );
    let none = get(&http, &base, "/v1/payments/pay_nope").unwrap();
    c.check(
        none.status == 404 && none.code() == "resource_missing",
        "an unknown payment is 404 resource_missing",
    );

    // Validation: the core's codes, every problem listed.
    let masked = create(
        &http,
        &base,
        "k-masked",
        &payment(25_000, "****7890", "auto"),
    )
    .unwrap();
    c.check(
        masked.status == 400
            && masked.code() == "masked_account_number"
            && masked.body["error"]["param"] == "destination.account_number",
        format!("masked: {}", masked.body),
    );
    let two = create(
        &http,
        &base,
        "k-two",
        &json!({ "amount": 0, "currency": "usd" }),
    )
    .unwrap();
    let codes: Vec<&str> = two.body["error"]["errors"]
        .as_array()
        .map(|v| v.iter().filter_map(|e| e["code"].as_str()).collect())
        .unwrap_or_default();
    c.check(
        two.status == 400 && codes == ["amount_too_small", "required"],
        format!("all problems at once: {codes:?}"),
    );
    c.check(
        two.body["error"]["request_id"]
            .as_str()
            .is_some_and(|r| r.starts_with("req_")),
        "the error shape carries request_id",
    );

    // Auth.
    let anon = send(
        &http,
        "POST",
        &format!("{base}/v1/payments"),
        &[],
        Some(b"{}"),
    )
    .unwrap();
    c.check(
        anon.status == 401 && anon.code() == "unauthorized",
        "no key: 401",
    );
    let live = send(
        &http,
        "GET",
        &format!("{base}/v1/payments/{id}"),
        &[("Authorization", "Bearer sk_live_abc")],
        None,
    )
    .unwrap();
    c.check(
        live.status == 403 && live.code() == "forbidden",
        "a live key: 403",
    );

    // Test account numbers and rails on the sandbox clock.
    let closed = create(
        &http,
        &base,
        "k-closed",
        &payment(500, "000123450002", "rtp"),
    )
    .unwrap();
    c.check(
        closed.body["status"] == "failed" && closed.body["failure_code"] == "account_closed",
        format!("...0002: {}", closed.body),
    );
    let ach = create(&http, &base, "k-ach", &payment(700, "000123450004", "ach")).unwrap();
    c.check(ach.body["status"] == "processing", "ach answers processing");
    let wire = create(
        &http,
        &base,
        "k-wire",
        &payment(2_000_000_000, "000123451111", "auto"),
    )
    .unwrap();
    c.check(
        wire.body["rail"] == "wire" && wire.body["status"] == "processing",
        "auto over the FedNow limit is wire",
    );
    let adv = control(
        &http,
        &base,
        "POST",
        "/_sandbox/clock/advance",
        &json!({ "seconds": 30 }),
    );
    c.check(adv.status == 200, "clock advance");
    let ach_id = ach.body["id"].as_str().unwrap_or("");
    let ach_now = get(&http, &base, &format!("/v1/payments/{ach_id}")).unwrap();
    c.check(
        ach_now.body["status"] == "failed" && ach_now.body["failure_code"] == "account_not_found",
        format!("...0004 on ach, after 24 h / 3600: {}", ach_now.body),
    );
    let wire_now = get(
        &http,
        &base,
        &format!("/v1/payments/{}", wire.body["id"].as_str().unwrap_or("")),
    )
    .unwrap();
    c.check(
        wire_now.body["status"] == "completed" && wire_now.body["settled_at"].is_string(),
        "wire completes on the sandbox clock",
    );

    // Refunds and tokens.
    let auth = format!("Bearer {KEY}");
    let refund_body = json!({ "payment": id, "amount": 5000 }).to_string();
    let refund = send(
        &http,
        "POST",
        &format!("{base}/v1/refunds"),
        &[("Authorization", &auth), ("Idempotency-Key", "k-refund")],
        Some(refund_body.as_bytes()),
    )
    .unwrap();
    c.check(
        refund.status == 201 && refund.body["status"] == "pending",
        format!("refund: {}", refund.body),
    );
    control(
        &http,
        &base,
        "POST",
        "/_sandbox/clock/advance",
        &json!({ "seconds": 1 }),
    );
    let re = get(
        &http,
        &base,
        &format!("/v1/refunds/{}", refund.body["id"].as_str().unwrap_or("")),
    )
    .unwrap();
    c.check(re.body["status"] == "completed", "the refund completes");
    let token_body =
        json!({ "routing_number": "021000021", "account_number": "000123457777" }).to_string();
    let token = send(
        &http,
        "POST",
        &format!("{base}/v1/tokens"),
        &[("Authorization", &auth), ("Idempotency-Key", "k-token")],
        Some(token_body.as_bytes()),
    )
    .unwrap();
    c.check(
        token.status == 201 && token.body["bank_account"]["last4"] == "7777",
        format!("token: {}", token.body),
    );
    let by_token = create(
        &http,
        &base,
        "k-by-token",
        &json!({ "amount": 100, "currency": "usd", "destination": { "token": token.body["id"] } }),
    )
    .unwrap();
    c.check(
        by_token.status == 201 && by_token.body["status"] == "completed",
        "a payment to a token",
    );

    // Webhooks: every event delivered, verified by the core on the receiving side.
    receiver
        .fail_next
        .store(3, std::sync::atomic::Ordering::SeqCst);
    let retried = create(
        &http,
        &base,
        "k-retried",
        &payment(900, "000123459999", "fednow"),
    )
    .unwrap();
    c.check(
        retried.status == 201,
        "a payment whose deliveries fail 3 times first",
    );
    let all = wait_until(30, || {
        let d = control(&http, &base, "GET", "/_sandbox/stats", &json!({}));
        d.body["deliveries"]["pending"] == 0 && d.body["events"].as_u64().unwrap_or(0) > 0
    });
    c.check(all, "every delivery done");
    let got = receiver.received();
    c.check(
        !got.is_empty() && got.iter().all(|r| r.verified),
        "every delivery verifies with the core",
    );
    let types: std::collections::BTreeSet<&str> =
        got.iter().map(|r| r.event_type.as_str()).collect();
    for t in [
        "payment.created",
        "payment.completed",
        "payment.processing",
        "payment.failed",
        "payment.refunded",
        "refund.created",
        "refund.completed",
        "token.created",
    ] {
        c.check(types.contains(t), format!("a {t} webhook arrived"));
    }
    let deliveries = control(&http, &base, "GET", "/_sandbox/deliveries", &json!({}));
    let list = deliveries.body["data"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    c.check(
        list.iter().all(|d| d["status"] == "delivered"),
        "every delivery delivered",
    );
    c.check(
        list.iter()
            .any(|d| d["attempts"].as_u64().unwrap_or(0) >= 2 && d["log"][0]["status"] == 500),
        "a failed attempt is retried and listed",
    );
    let first_event = list
        .first()
        .map(|d| d["event"].as_str().unwrap_or("").to_owned())
        .unwrap_or_default();
    let ev = get(&http, &base, &format!("/v1/events/{first_event}")).unwrap();
    c.check(
        ev.status == 200 && ev.body["object"] == "event" && ev.body["api_version"] == "2026-04-01",
        "GET /v1/events/{id}",
    );

    // Bad input, in the error shape.
    let big = vec![b' '; 1024 * 1024 + 10];
    let r = send(
        &http,
        "POST",
        &format!("{base}/v1/payments"),
        &[("Authorization", &auth)],
        Some(&big),
    )
    .unwrap();
    c.check(
        r.status == 413 && r.code() == "body_too_large",
        format!("over 1 MiB: {}", r.status),
    );
    let r = send(
        &http,
        "POST",
        &format!("{base}/v1/payments"),
        &[("Authorization", &auth)],
        Some(b"amount=1"),
    )
    .unwrap();
    c.check(
        r.status == 400 && r.code() == "invalid_json",
        "not JSON: 400 invalid_json",
    );
    let r = send(&http, "GET", &format!("{base}/v2/nothing"), &[], None).unwrap();
    c.check(
        r.status == 404 && r.code() == "not_found" && r.body["error"]["message"].is_string(),
        "unknown route: 404",
    );
    let r = send(&http, "DELETE", &format!("{base}/v1/payments"), &[], None).unwrap();
    c.check(
        r.status == 405
            && r.code() == "method_not_allowed"
            && r.headers.get("allow").map(String::as_str) == Some("POST"),
        "wrong method: 405 with Allow",
    );

    // Each fault rule fires.
    let fault = |rule: serde_json::Value| {
        control(&http, &base, "POST", "/_sandbox/faults", &rule).status == 201
    };
    // latency: the answer waits, and the key is in progress meanwhile (409).
    c.check(
        fault(json!({ "route": "POST /v1/payments", "kind": "latency", "ms": 1500 })),
        "add a latency rule",
    );
    let body = payment(1234, "000123451234", "fednow");
    let (b2, base2) = (body.clone(), base.clone());
    let started = Instant::now();
    let slow = std::thread::spawn(move || {
        create(&agent(Duration::from_secs(10)), &base2, "k-latency", &b2)
    });
    std::thread::sleep(Duration::from_millis(500));
    let during = create(&http, &base, "k-latency", &body).unwrap();
    let slow = slow.join().unwrap().unwrap();
    c.check(
        started.elapsed() >= Duration::from_millis(1500) && slow.status == 201,
        "latency: answered after the delay",
    );
    c.check(
        during.status == 409 && during.code() == "idempotency_conflict",
        format!("latency: the same key meanwhile is 409 ({})", during.status),
    );
    // status: 429 with Retry-After, nothing stored.
    c.check(fault(json!({ "route": "POST /v1/payments", "kind": "status", "status": 429, "retry_after": 2 })), "add a status rule");
    let r = create(&http, &base, "k-429", &body).unwrap();
    c.check(
        r.status == 429
            && r.code() == "rate_limited"
            && r.headers.get("retry-after").map(String::as_str) == Some("2"),
        "status: 429 rate_limited, Retry-After 2",
    );
    let r = create(&http, &base, "k-429", &body).unwrap();
    c.check(
        r.status == 201 && !r.headers.contains_key("idempotent-replayed"),
        "status: nothing was stored",
    );
    // fail_before_commit: 500, nothing stored.
    c.check(
        fault(json!({ "route": "POST /v1/payments", "kind": "fail_before_commit" })),
        "add a fail_before_commit rule",
    );
    let r = create(&http, &base, "k-fbc", &body).unwrap();
    c.check(
        r.status == 500 && r.code() == "server_error",
        "fail_before_commit: 500",
    );
    let r = create(&http, &base, "k-fbc", &body).unwrap();
    c.check(
        r.status == 201 && !r.headers.contains_key("idempotent-replayed"),
        "fail_before_commit: nothing was stored",
    );
    // drop_after_commit: no answer, but the payment exists; the retry gets it.
    c.check(
        fault(json!({ "route": "POST /v1/payments", "kind": "drop_after_commit" })),
        "add a drop_after_commit rule",
    );
    let before = control(&http, &base, "GET", "/_sandbox/stats", &json!({})).body["payments"]
        .as_u64()
        .unwrap_or(0);
    let r = create(&http, &base, "k-dac", &body);
    c.check(
        r.is_err(),
        format!("drop_after_commit: no response ({r:?})"),
    );
    let r = create(&http, &base, "k-dac", &body).unwrap();
    c.check(
        r.status == 201 && r.headers.get("idempotent-replayed").map(String::as_str) == Some("true"),
        "drop_after_commit: the retry replays the stored payment",
    );
    let after = control(&http, &base, "GET", "/_sandbox/stats", &json!({})).body["payments"]
        .as_u64()
        .unwrap_or(0);
    c.check(
        after == before + 1,
        format!("drop_after_commit: one payment ({before} -> {after})"),
    );
    // timeout: no answer within the client's timeout; the payment exists.
    c.check(
        fault(json!({ "route": "POST /v1/payments", "kind": "timeout" })),
        "add a timeout rule",
    );
    let r = create(
        &agent(Duration::from_millis(800)),
        &base,
        "k-timeout",
        &body,
    );
    c.check(
        r.as_ref().is_err_and(|e| {
            e.to_lowercase().contains("timeout") || e.to_lowercase().contains("timed out")
        }),
        format!("timeout: the client timed out ({r:?})"),
    );
    let r = create(&http, &base, "k-timeout", &body).unwrap();
    c.check(
        r.status == 201 && r.headers.get("idempotent-replayed").map(String::as_str) == Some("true"),
        "timeout: the retry replays",
    );
    // skip: the rule lets N requests pass first; "*" matches every route.
    c.check(
        fault(json!({ "route": "*", "kind": "status", "status": 503, "skip": 1 })),
        "add a rule with skip",
    );
    let first = get(&http, &base, &format!("/v1/payments/{id}")).unwrap();
    let second = get(&http, &base, &format!("/v1/payments/{id}")).unwrap();
    c.check(
        first.status == 200 && second.status == 503,
        "skip: the second request faults",
    );
    let bad = control(
        &http,
        &base,
        "POST",
        "/_sandbox/faults",
        &json!({ "kind": "explode" }),
    );
    c.check(
        bad.status == 400 && bad.code() == "invalid_kind",
        "an unknown fault kind is refused",
    );
    std::thread::sleep(Duration::from_millis(200));
    let log = sb.log();
    for kind in [
        "latency",
        "status",
        "fail_before_commit",
        "drop_after_commit",
        "timeout",
    ] {
        c.check(
            log.lines().any(|l| {
                l.contains("\"kind\":\"request\"") && l.contains(&format!("\"fault\":\"{kind}"))
            }),
            format!("the log names the {kind} fault when it fires"),
        );
    }
    c.check(
        log.lines()
            .any(|l| l.contains("\"kind\":\"delivery\"") && l.contains("\"status\":500")),
        "the log has a line per delivery attempt",
    );
    c.check(
        !log.contains(SECRET) || log.lines().filter(|l| l.contains(SECRET)).count() == 1,
        "the secret is printed once, at start, and never logged per request",
    );

    // Reset.
    let r = control(&http, &base, "DELETE", "/_sandbox/data", &json!({}));
    let gone = get(&http, &base, &format!("/v1/payments/{id}")).unwrap();
    c.check(
        r.status == 200 && gone.status == 404,
        "DELETE /_sandbox/data resets",
    );

    // Ctrl-C: a clean stop.
    let (code, log) = sb.interrupt();
    c.check(
        code == Some(0) && log.contains("stopped"),
        format!("Ctrl-C: exit {code:?}"),
    );

    // --duplicate-deliveries: some events arrive twice (same id), every one at least once.
    let dup_receiver = Receiver::start(SECRET);
    let dup = Sandbox::start(
        &dir,
        &[
            "--memory",
            "--duplicate-deliveries",
            "--forward-to",
            &dup_receiver.url,
            "--secret",
            SECRET,
        ],
    );
    for i in 0..3 {
        create(
            &http,
            &dup.url,
            &format!("k-dup-{i}"),
            &payment(100 + i, "000123457890", "fednow"),
        )
        .unwrap();
    }
    let six = wait_until(20, || {
        let ids: std::collections::BTreeSet<String> = dup_receiver
            .received()
            .into_iter()
            .map(|r| r.event_id)
            .collect();
        ids.len() == 6 && dup_receiver.received().len() > 6
    });
    c.check(
        six,
        format!(
            "--duplicate-deliveries: 6 events, {} deliveries",
            dup_receiver.received().len()
        ),
    );
    drop(dup);

    // Bad flags and data files: one line naming the fix, exit 2.
    let bin = env!("CARGO_BIN_EXE_kinetic");
    for (args, fix) in [
        (vec!["sandbox", "--speed", "0"], "--speed"),
        (
            vec!["sandbox", "--forward-to", "ftp://example"],
            "--forward-to",
        ),
        (
            vec![
                "sandbox",
                "--secret",
                "sk_test_x",
                "--forward-to",
                "http://127.0.0.1:1/",
            ],
            "whsec_",
        ),
        (
            vec!["sandbox", "--data", "/proc/kinetic/sandbox.db"],
            "--memory",
        ),
        (vec!["sandbox", "--data", "x.db", "--memory"], "--memory"),
    ] {
        let out = Command::new(bin)
            .args(&args)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        let first = err.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        c.check(
            out.status.code() == Some(2) && first.contains(fix),
            format!("{args:?}: exit {:?}, {first}", out.status.code()),
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    c.finish();
}
