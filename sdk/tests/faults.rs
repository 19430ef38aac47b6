//! The SDK against a real local HTTP server that keeps idempotency as the API does (a key's
//! stored response replayed, another body with the key a 409) and injects every fault kind on
//! the first attempts: a retryable status with `Retry-After`, a failure before the commit, a
//! connection dropped after the commit, no answer, latency. Every call must end with one payment
//! per key, always. Prints `sdk: N passed, M failed` (scripts/test.sh).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use kinetic_flow::core::api_error::RetryPolicy;
use kinetic_flow::core::call::Policy;
use kinetic_flow::{
    Client, CreatePayment, CreateRefund, CreateToken, DestinationParams, ErrorKind,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const KEY: &str = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";

#[derive(Clone, Debug)]
enum Fault {
    /// Answer this status (with `Retry-After` seconds when given); nothing stored.
    Status(u16, Option<u64>),
    /// A 500 before anything is stored.
    FailBeforeCommit,
    /// Store the payment, then close the connection with no response.
    DropAfterCommit,
    /// Store nothing and never answer (the client's timeout ends the attempt).
    Timeout,
    /// Answer normally after this long.
    Latency(Duration),
}

#[derive(Default)]
struct State {
    faults: Vec<Fault>,
    /// Idempotency key -> (body, stored response body).
    keys: HashMap<String, (Vec<u8>, String)>,
    payments: Vec<String>,
    /// Every POST /v1/payments seen: (key, body).
    attempts: Vec<(String, Vec<u8>)>,
    requests: usize,
}

type Shared = Arc<Mutex<State>>;

struct Request {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

async fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        if buf.len() > 1 << 20 {
            return None;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let (method, path) = (first.next()?.to_owned(), first.next()?.to_owned());
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let len: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end..].to_vec();
    while body.len() < len {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Request {
        method,
        path,
        headers,
        body,
    })
}

async fn respond(stream: &mut TcpStream, status: u16, extra: &[(&str, String)], body: &str) {
    let mut head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\nRequest-Id: req_{status}\r\n",
        body.len()
    );
    for (n, v) in extra {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.write_all(body.as_bytes()).await;
    let _ = stream.shutdown().await;
}

fn payment_json(id: &str, body: &[u8]) -> String {
    let params: serde_json::Value = serde_json::from_slice(body).unwrap();
    serde_json::json!({
        "id": id, "object": "payment", "status": "completed", "rail": "fednow",
        "amount": params["amount"], "currency": "usd",
    })
    .to_string()
}

async fn handle(mut stream: TcpStream, state: Shared) {
    let Some(req) = read_request(&mut stream).await else {
        return;
    };
    state.lock().unwrap().requests += 1;
    let error = |code: &str| {
        format!(r#"{{"error":{{"code":"{code}","message":"The fixture says {code}."}}}}"#)
    };
    match (req.method.as_str(), req.path.as_str()) {
        ("POST", "/v1/payments") => {
            let key = req.header("Idempotency-Key").unwrap_or("").to_owned();
            let fault = {
                let mut s = state.lock().unwrap();
                s.attempts.push((key.clone(), req.body.clone()));
                (!s.faults.is_empty()).then(|| s.faults.remove(0))
            };
            // The commit: a new key makes one payment; a known key with the same body replays.
            let commit = |state: &Shared| -> (u16, String, bool) {
                let mut s = state.lock().unwrap();
                if let Some((body, stored)) = s.keys.get(&key) {
                    return if *body == req.body {
                        (201, stored.clone(), true)
                    } else {
                        (409, error("idempotency_conflict"), false)
                    };
                }
                let id = format!("pay_{}", s.payments.len() + 1);
                let stored = payment_json(&id, &req.body);
                s.payments.push(id);
                s.keys
                    .insert(key.clone(), (req.body.clone(), stored.clone()));
                (201, stored, false)
            };
            match fault {
                Some(Fault::Status(status, retry_after)) => {
                    let extra: Vec<(&str, String)> = retry_after
                        .map(|s| ("Retry-After", s.to_string()))
                        .into_iter()
                        .collect();
                    respond(&mut stream, status, &extra, &error("server_error")).await;
                }
                Some(Fault::FailBeforeCommit) => {
                    respond(&mut stream, 500, &[], &error("server_error")).await
                }
                Some(Fault::DropAfterCommit) => {
                    commit(&state);
                    drop(stream); // no response at all
                }
                Some(Fault::Timeout) => {
                    tokio::time::sleep(Duration::from_secs(5)).await;
                    drop(stream);
                }
                latency => {
                    if let Some(Fault::Latency(d)) = latency {
                        tokio::time::sleep(d).await;
                    }
                    let (status, body, replayed) = commit(&state);
                    let extra: Vec<(&str, String)> = if replayed {
                        vec![("Idempotent-Replayed", "true".to_owned())]
                    } else {
                        vec![]
                    };
                    respond(&mut stream, status, &extra, &body).await;
                }
            }
        }
        ("GET", path) if path.starts_with("/v1/payments/") => {
            let id = &path["/v1/payments/".len()..];
            let body = state
                .lock()
                .unwrap()
                .keys
                .values()
                .find(|(_, stored)| stored.contains(&format!(r#""id":"{id}""#)))
                .map(|(_, stored)| stored.clone());
            match body {
                Some(body) => respond(&mut stream, 200, &[], &body).await,
                None => respond(&mut stream, 404, &[], &error("resource_missing")).await,
            }
        }
        ("POST", "/v1/refunds") => {
            let params: serde_json::Value = serde_json::from_slice(&req.body).unwrap();
            let body = serde_json::json!({ "id": "re_1", "object": "refund", "payment": params["payment"],
                "amount": params["amount"].as_u64().unwrap_or(25000), "currency": "usd", "status": "pending" });
            respond(&mut stream, 200, &[], &body.to_string()).await;
        }
        ("POST", "/v1/tokens") => {
            let body = r#"{"id":"tok_1","object":"token","type":"bank_account","bank_account":{"routing_number":"021000021","last4":"7890"}}"#;
            respond(&mut stream, 200, &[], body).await;
        }
        ("GET", "/v1/events/evt_1") => {
            let body = r#"{"id":"evt_1","object":"event","type":"payment.completed","data":{"object":{"id":"pay_1","object":"payment","status":"completed","amount":1,"currency":"usd"}}}"#;
            respond(&mut stream, 200, &[], body).await;
        }
        _ => respond(&mut stream, 404, &[], &error("not_found")).await,
    }
}

async fn fixture(faults: Vec<Fault>) -> (String, Shared) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let state: Shared = Arc::new(Mutex::new(State {
        faults,
        ..State::default()
    }));
    let shared = state.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(handle(stream, shared.clone()));
        }
    });
    (url, state)
}

fn client(url: &str) -> Client {
    // Short waits, so the test takes little time; the rules are the core's.
    let fast = RetryPolicy::default()
        .with_base(Duration::from_millis(20))
        .with_max(Duration::from_millis(100));
    Client::new(KEY).unwrap().base_url(url).unwrap().policy(
        Policy::default()
            .with_max_network_retries(2)
            .and_then(|p| p.with_timeout(Duration::from_millis(400)))
            .unwrap()
            .with_backoff(fast),
    )
}

fn params() -> CreatePayment {
    CreatePayment::new(
        25_000,
        "usd",
        DestinationParams::bank("021000021", "000123457890"),
    )
}

/// One payment, every attempt with one key and the same bytes.
fn assert_one_payment(state: &Shared, attempts: usize) {
    let s = state.lock().unwrap();
    assert_eq!(s.payments.len(), 1, "payments made: {:?}", s.payments);
    assert_eq!(s.attempts.len(), attempts, "attempts");
    let (key, body) = &s.attempts[0];
    assert!(key.starts_with("idk_"), "{key}");
    assert!(
        s.attempts.iter().all(|(k, b)| k == key && b == body),
        "a retry changed the key or the bytes"
    );
}

async fn run_all() -> (u32, u32) {
    let (mut passed, mut failed) = (0, 0);
    let mut check = |name: &str, ok: Result<(), String>| match ok {
        Ok(()) => {
            passed += 1;
            println!("ok   {name}");
        }
        Err(e) => {
            failed += 1;
            println!("FAIL {name}: {e}");
        }
    };
    macro_rules! case {
        ($name:expr, $body:expr) => {{
            let result = tokio::spawn(async move { $body }).await;
            check($name, result.map_err(|e| format!("{e}")));
        }};
    }

    case!("create: no fault, one attempt", {
        let (url, state) = fixture(vec![]).await;
        let p = client(&url).payments().create(&params()).await.unwrap();
        assert_eq!(
            (p.id.as_str(), p.status.as_str(), p.amount),
            ("pay_1", "completed", 25_000)
        );
        assert_one_payment(&state, 1);
    });
    for (name, fault, attempts) in [
        (
            "fault: 503 with Retry-After: 1, then the payment",
            Fault::Status(503, Some(1)),
            2,
        ),
        ("fault: 429, then the payment", Fault::Status(429, None), 2),
        (
            "fault: fail_before_commit (500), then the payment",
            Fault::FailBeforeCommit,
            2,
        ),
        (
            "fault: drop_after_commit, the retry replays the one payment",
            Fault::DropAfterCommit,
            2,
        ),
        (
            "fault: timeout (no answer), then the payment",
            Fault::Timeout,
            2,
        ),
        (
            "fault: latency under the timeout, one attempt",
            Fault::Latency(Duration::from_millis(100)),
            1,
        ),
    ] {
        case!(name, {
            let (url, state) = fixture(vec![fault.clone()]).await;
            let started = Instant::now();
            let p = client(&url).payments().create(&params()).await.unwrap();
            assert_eq!(p.id.as_str(), "pay_1");
            assert_one_payment(&state, attempts);
            if let Fault::Status(_, Some(secs)) = fault {
                assert!(
                    started.elapsed() >= Duration::from_secs(secs),
                    "Retry-After not honoured"
                );
            }
        });
    }
    case!(
        "faults on two attempts: drop_after_commit then timeout, one payment",
        {
            let (url, state) = fixture(vec![Fault::DropAfterCommit, Fault::Timeout]).await;
            let p = client(&url).payments().create(&params()).await.unwrap();
            assert_eq!(p.id.as_str(), "pay_1");
            assert_one_payment(&state, 3);
        }
    );
    case!(
        "retries exhausted: the API's error, with attempts and key",
        {
            let faults = vec![Fault::Status(503, None); 3];
            let (url, state) = fixture(faults).await;
            let err = client(&url).payments().create(&params()).await.unwrap_err();
            assert_eq!(
                (err.kind(), err.code(), err.attempts()),
                (ErrorKind::Api, "server_error", 3)
            );
            let key = err.idempotency_key().unwrap().to_owned();
            let text = err.to_string();
            let host = url.trim_start_matches("http://");
            assert!(
                text.starts_with(&format!(
                    "{host} answered 503 server_error: The fixture says server_error."
                )),
                "{text}"
            );
            assert!(
                text.contains(&format!(
                    "after 3 attempts; retry later with idempotency key {key}"
                )),
                "{text}"
            );
            assert!(
                std::error::Error::source(&err).is_none(),
                "the API error is in Display already"
            );
            assert_eq!(state.lock().unwrap().payments.len(), 0);
        }
    );
    case!("409 idempotency_conflict is never retried", {
        let (url, state) = fixture(vec![]).await;
        let flow = client(&url);
        let keyed = params().with_idempotency_key("order-42");
        flow.payments().create(&keyed).await.unwrap();
        let other = CreatePayment::new(
            1,
            "usd",
            DestinationParams::bank("021000021", "000123457890"),
        )
        .with_idempotency_key("order-42");
        let err = flow.payments().create(&other).await.unwrap_err();
        assert_eq!(
            (err.code(), err.attempts(), err.idempotency_key()),
            ("idempotency_conflict", 1, Some("order-42"))
        );
        assert!(!err.retry_later());
        assert_eq!(state.lock().unwrap().payments.len(), 1);
    });
    case!(
        "the same key twice: the stored payment, not a second one",
        {
            let (url, state) = fixture(vec![]).await;
            let flow = client(&url);
            let keyed = params().with_idempotency_key("order-43");
            let a = flow.payments().create(&keyed).await.unwrap();
            let b = flow.payments().create(&keyed).await.unwrap();
            assert_eq!(a.id, b.id);
            assert_eq!(state.lock().unwrap().payments.len(), 1);
        }
    );
    case!(
        "connection refused: the host and the failure, the transport error as source",
        {
            let port = {
                let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
                l.local_addr().unwrap().port()
            };
            let err = client(&format!("http://127.0.0.1:{port}"))
                .payments()
                .create(&params())
                .await
                .unwrap_err();
            assert_eq!(
                (err.kind(), err.code(), err.attempts()),
                (ErrorKind::Connection, "connection_failed", 3)
            );
            let text = err.to_string();
            assert!(text.starts_with(&format!("127.0.0.1:{port}: connection refused (after 3 attempts; retry later with idempotency key idk_")), "{text}");
            assert!(std::error::Error::source(&err).is_some());
            assert!(!format!("{err:?}").contains("4eC39"));
        }
    );
    case!("timeouts on every attempt: code timeout", {
        let (url, state) = fixture(vec![Fault::Timeout; 3]).await;
        let err = client(&url).payments().create(&params()).await.unwrap_err();
        assert_eq!(
            (err.kind(), err.code(), err.attempts()),
            (ErrorKind::Timeout, "timeout", 3)
        );
        assert!(
            err.to_string().contains("no response within 400ms"),
            "{err}"
        );
        assert_eq!(state.lock().unwrap().payments.len(), 0);
    });
    case!("the total deadline cuts the call", {
        let (url, _state) = fixture(vec![Fault::Timeout; 3]).await;
        let started = Instant::now();
        let flow = client(&url).deadline(Duration::from_millis(600));
        let err = flow.payments().create(&params()).await.unwrap_err();
        assert!(
            started.elapsed() < Duration::from_millis(1100),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(
            (err.kind(), err.code()),
            (ErrorKind::Deadline, "deadline_exceeded")
        );
        assert!(
            err.to_string().contains("deadline of 600ms passed"),
            "{err}"
        );
        assert!(err.idempotency_key().is_some() && err.retry_later());
    });
    case!("invalid params: refused before any request", {
        let (url, state) = fixture(vec![]).await;
        let bad = CreatePayment::new(0, "eur", DestinationParams::bank("021000022", "****7890"));
        let err = client(&url).payments().create(&bad).await.unwrap_err();
        assert_eq!(
            (err.kind(), err.code(), err.attempts()),
            (ErrorKind::Invalid, "validation_failed", 0)
        );
        let codes: Vec<&str> = err.field_errors().iter().map(|e| e.code).collect();
        assert_eq!(
            codes,
            [
                "amount_too_small",
                "unsupported_currency",
                "routing_number_checksum",
                "masked_account_number"
            ]
        );
        assert!(err.to_string().starts_with("nothing was sent"), "{err}");
        assert!(
            std::error::Error::source(&err).is_some(),
            "the field errors as source"
        );
        assert_eq!(state.lock().unwrap().requests, 0);
        let err = client(&url)
            .payments()
            .retrieve("pay_a/b")
            .await
            .unwrap_err();
        assert_eq!(err.code(), "invalid_id");
    });
    case!("retrieve, refunds, tokens, events; a 404 decoded", {
        let (url, _state) = fixture(vec![]).await;
        let flow = client(&url);
        let p = flow.payments().create(&params()).await.unwrap();
        assert_eq!(flow.payments().retrieve(&p.id).await.unwrap(), p);
        let err = flow.payments().retrieve("pay_404").await.unwrap_err();
        assert_eq!(
            (
                err.code(),
                err.api_error().unwrap().status,
                err.request_id()
            ),
            ("resource_missing", 404, Some("req_404"))
        );
        let r = flow
            .refunds()
            .create(&CreateRefund::new(p.id.as_str()).with_amount(500))
            .await
            .unwrap();
        assert_eq!((r.payment.as_str(), r.amount), ("pay_1", 500));
        let t = flow
            .tokens()
            .create(&CreateToken::new("021000021", "000123457890"))
            .await
            .unwrap();
        assert_eq!(t.id.as_str(), "tok_1");
        let e = flow.events().retrieve("evt_1").await.unwrap();
        assert_eq!(e.event_type.as_str(), "payment.completed");
    });
    (passed, failed)
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (passed, failed) = runtime.block_on(run_all());
    println!("sdk: {passed} passed, {failed} failed");
    if failed > 0 {
        std::process::exit(1);
    }
}
