//! The commands that talk to an API or an endpoint, against a real `kinetic sandbox` and a
//! local webhook receiver: `trigger` (in the sandbox, and `--to` a URL), `payments`, `refunds`,
//! `events`, their exit statuses; and the Rust SDK against the sandbox with every fault kind,
//! one payment per key. Prints `cli-api: N passed, M failed` (scripts/test.sh).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const SECRET: &str = "whsec_cli_api_test";
const KEY: &str = "sk_test_cliapitest";

/// What the receiver got: (path, Kinetic-Signature, body).
type Received = Arc<Mutex<Vec<(String, String, Vec<u8>)>>>;

/// A webhook endpoint on 127.0.0.1: `/ok` answers 200, `/fail` 500.
fn receiver() -> (String, Received) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let got: Received = Arc::default();
    let shared = got.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(10_000) {
            let Ok(mut stream) = stream else { continue };
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            if let Some((path, sig, body)) = read_request(&mut stream) {
                let status = if path.ends_with("/fail") {
                    "500 Internal Server Error"
                } else {
                    "200 OK"
                };
                shared.lock().unwrap().push((path, sig, body));
                let answer = format!("HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: 17\r\nConnection: close\r\n\r\n{{\"received\":true}}");
                let _ = stream.write_all(answer.as_bytes());
            }
        }
    });
    (url, got)
}

fn read_request(stream: &mut TcpStream) -> Option<(String, String, Vec<u8>)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let end = loop {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
    let path = head.split(' ').nth(1)?.to_owned();
    let header = |name: &str| {
        head.lines()
            .filter_map(|l| l.split_once(':'))
            .find(|(n, _)| n.trim().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_owned())
    };
    let len: usize = header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[end..].to_vec();
    while body.len() < len {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some((path, header("kinetic-signature").unwrap_or_default(), body))
}

struct Sandbox {
    child: Child,
    url: String,
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn sandbox(forward_to: &str) -> Sandbox {
    let ready = std::env::temp_dir().join(format!("kinetic-cli-api-{}.json", std::process::id()));
    let _ = std::fs::remove_file(&ready);
    let child = Command::new(env!("CARGO_BIN_EXE_kinetic"))
        .args([
            "sandbox",
            "--memory",
            "--port",
            "0",
            "--secret",
            SECRET,
            "--forward-to",
            forward_to,
            "--ready-file",
        ])
        .arg(&ready)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let url = loop {
        if let Ok(text) = std::fs::read_to_string(&ready) {
            if let Ok(v) = serde_json::from_str::<Value>(&text) {
                break v["url"].as_str().unwrap().to_owned();
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the sandbox did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let _ = std::fs::remove_file(&ready);
    Sandbox { child, url }
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn kinetic(args: &[&str], env: &[(&str, &str)], stdin: &[u8]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kinetic"));
    command
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("KINETIC_API_KEY")
        .env_remove("KINETIC_API_BASE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        command.env(k, v);
    }
    let mut child = command.spawn().unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A control call to the sandbox (`/_sandbox/…`).
fn control(sandbox: &Sandbox, method: &str, path: &str, body: Option<Value>) -> Value {
    let rest = sandbox.url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(rest).unwrap();
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    write!(stream, "{method} {path} HTTP/1.1\r\nHost: {rest}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let json = answer.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    serde_json::from_str(json.trim()).unwrap_or(Value::Null)
}

fn payments_count(sandbox: &Sandbox) -> usize {
    control(sandbox, "GET", "/_sandbox/payments", None)["data"]
        .as_array()
        .map_or(0, Vec::len)
}

const PAYMENT: &str = r#"{"amount":25000,"currency":"usd","destination":{"routing_number":"021000021","account_number":"000123457890"}}"#;

fn main() {
    let (recv_url, received) = receiver();
    let sb = sandbox(&format!("{recv_url}/ok"));
    let api = [("KINETIC_API_KEY", KEY)];
    let mut results: Vec<(String, Result<(), String>)> = Vec::new();
    let mut case = |name: &str, f: &mut dyn FnMut()| {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|e| {
            e.downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default()
        });
        println!("{} {name}", if result.is_ok() { "ok  " } else { "FAIL" });
        results.push((name.to_owned(), result));
    };

    let mut event_id = String::new();
    case(
        "trigger payment.failed --sandbox: the event, the endpoint's 200, a body that verifies",
        &mut || {
            received.lock().unwrap().clear();
            let run = kinetic(
                &["trigger", "payment.failed", "--sandbox", &sb.url],
                &api,
                b"",
            );
            assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
            let first = run.stdout.lines().next().unwrap_or_default().to_owned();
            assert!(
                first.starts_with("event evt_") && first.contains(" payment.failed (pay_"),
                "{}",
                run.stdout
            );
            assert!(
                run.stdout.contains(&format!("{recv_url}/ok answered 200")),
                "{}",
                run.stdout
            );
            event_id = first.split(' ').nth(1).unwrap().to_owned();
            let got = received.lock().unwrap().clone();
            let (_, sig, body) = got
                .iter()
                .find(|(_, _, b)| String::from_utf8_lossy(b).contains(&event_id))
                .expect("delivered");
            let ok = kinetic(
                &["verify", "--secret", SECRET, "--header", sig, "-"],
                &[],
                body,
            );
            assert_eq!(ok.code, 0, "{}", ok.stdout);
            assert!(String::from_utf8_lossy(body).contains(r#""failure_code":"account_closed""#));
            // The same delivery, tampered: diagnosed, exit 13.
            let tampered = String::from_utf8_lossy(body).replace("25000", "95000");
            let bad = kinetic(
                &["verify", "--secret", SECRET, "--header", sig, "-"],
                &[],
                tampered.as_bytes(),
            );
            assert_eq!(bad.code, 13, "{}", bad.stdout);
            assert!(bad.stdout.contains("tampered"), "{}", bad.stdout);
        },
    );
    case(
        "trigger in the sandbox: every type it produces; another is a usage error",
        &mut || {
            for t in [
                "payment.created",
                "payment.processing",
                "payment.completed",
                "refund.created",
                "refund.completed",
                "payment.refunded",
                "token.created",
            ] {
                let run = kinetic(&["trigger", t, "--sandbox", &sb.url], &api, b"");
                assert_eq!(run.code, 0, "{t}: {}{}", run.stdout, run.stderr);
                assert!(
                    run.stdout.contains(&format!(" {t} (")),
                    "{t}: {}",
                    run.stdout
                );
            }
            let run = kinetic(
                &["trigger", "payout.completed", "--sandbox", &sb.url],
                &api,
                b"",
            );
            assert_eq!(run.code, 2);
            assert!(run.stderr.contains("--to URL"), "{}", run.stderr);
            assert_eq!(
                kinetic(
                    &["trigger", "payment.bogus", "--sandbox", &sb.url],
                    &api,
                    b""
                )
                .code,
                2
            );
        },
    );
    case(
        "trigger --set in the sandbox changes the params",
        &mut || {
            let run = kinetic(
                &[
                    "trigger",
                    "payment.completed",
                    "--sandbox",
                    &sb.url,
                    "--set",
                    "data.object.amount=777",
                ],
                &api,
                b"",
            );
            assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
            let id = run
                .stdout
                .split('(')
                .nth(1)
                .unwrap()
                .split(')')
                .next()
                .unwrap()
                .to_owned();
            let got = kinetic(
                &["payments", "retrieve", &id, "--api-base", &sb.url],
                &api,
                b"",
            );
            assert_eq!(got.code, 0, "{}", got.stderr);
            assert_eq!(
                serde_json::from_str::<Value>(&got.stdout).unwrap()["amount"],
                777
            );
        },
    );
    case("trigger --to a local receiver: signed, realistic, overridden; 500 is exit 1, unreachable 4", &mut || {
        received.lock().unwrap().clear();
        let ok = format!("{recv_url}/ok");
        let run = kinetic(&["trigger", "refund.created", "--to", &ok, "--secret", SECRET, "--set", "data.object.amount=500"], &[], b"");
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
        assert!(run.stdout.contains("answered 200"), "{}", run.stdout);
        let (path, sig, body) = received.lock().unwrap().last().cloned().unwrap();
        assert_eq!(path, "/ok");
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!((v["type"].as_str(), v["data"]["object"]["amount"].as_u64()), (Some("refund.created"), Some(500)));
        assert_eq!(kinetic(&["verify", "--secret", SECRET, "--header", &sig, "-"], &[], &body).code, 0);
        let fail = kinetic(&["trigger", "payment.completed", "--to", &format!("{recv_url}/fail"), "--secret", SECRET], &[], b"");
        assert_eq!(fail.code, 1, "{}", fail.stdout);
        assert!(fail.stdout.contains("answered 500"), "{}", fail.stdout);
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let down = kinetic(&["trigger", "payment.completed", "--to", &format!("http://127.0.0.1:{port}/"), "--secret", SECRET], &[], b"");
        assert_eq!(down.code, 4, "{}", down.stdout);
        assert_eq!(kinetic(&["trigger", "payment.completed", "--to", &ok], &[], b"").code, 2, "no --secret");
        assert_eq!(kinetic(&["trigger", "payment.completed", "--to", &ok, "--secret", "sk_test_abc"], &[], b"").code, 14);
    });
    case(
        "payments create|retrieve, refunds create, events retrieve: the resource as JSON",
        &mut || {
            let base = ["--api-base", sb.url.as_str()];
            let created = kinetic(
                &["payments", "create", base[0], base[1]],
                &api,
                PAYMENT.as_bytes(),
            );
            assert_eq!(created.code, 0, "{}", created.stderr);
            let p: Value = serde_json::from_str(&created.stdout).unwrap();
            let id = p["id"].as_str().unwrap();
            assert_eq!(
                (p["status"].as_str(), p["rail"].as_str()),
                (Some("completed"), Some("fednow"))
            );
            let again = kinetic(
                &["payments", "retrieve", id],
                &[("KINETIC_API_KEY", KEY), ("KINETIC_API_BASE", &sb.url)],
                b"",
            );
            assert_eq!(
                serde_json::from_str::<Value>(&again.stdout).unwrap()["id"],
                id
            );
            let refund = kinetic(
                &[
                    "refunds",
                    "create",
                    "--payment",
                    id,
                    "--amount",
                    "100",
                    base[0],
                    base[1],
                ],
                &api,
                b"",
            );
            assert_eq!(refund.code, 0, "{}", refund.stderr);
            assert_eq!(
                serde_json::from_str::<Value>(&refund.stdout).unwrap()["amount"],
                100
            );
            let event = kinetic(
                &["events", "retrieve", &event_id, base[0], base[1]],
                &api,
                b"",
            );
            assert_eq!(event.code, 0, "{}", event.stderr);
            assert_eq!(
                serde_json::from_str::<Value>(&event.stdout).unwrap()["type"],
                "payment.failed"
            );
            // The same key twice: the stored payment, not a second one.
            let before = payments_count(&sb);
            let a = kinetic(
                &[
                    "payments",
                    "create",
                    "--idempotency-key",
                    "order-1",
                    base[0],
                    base[1],
                ],
                &api,
                PAYMENT.as_bytes(),
            );
            let b = kinetic(
                &[
                    "payments",
                    "create",
                    "--idempotency-key",
                    "order-1",
                    base[0],
                    base[1],
                ],
                &api,
                PAYMENT.as_bytes(),
            );
            assert_eq!(
                serde_json::from_str::<Value>(&a.stdout).unwrap()["id"],
                serde_json::from_str::<Value>(&b.stdout).unwrap()["id"]
            );
            assert_eq!(payments_count(&sb), before + 1);
        },
    );
    case(
        "payments: invalid params (1, nothing sent), an API error (1), no key (2), unreachable (4)",
        &mut || {
            let before = payments_count(&sb);
            let bad = kinetic(
                &["payments", "create", "--api-base", &sb.url],
                &api,
                br#"{"amount":0,"currency":"eur"}"#,
            );
            assert_eq!(bad.code, 1);
            assert!(
                bad.stderr.contains("nothing was sent")
                    && bad.stderr.contains("amount  amount_too_small"),
                "{}",
                bad.stderr
            );
            assert_eq!(payments_count(&sb), before);
            let missing = kinetic(
                &["payments", "retrieve", "pay_nothere", "--api-base", &sb.url],
                &api,
                b"",
            );
            assert_eq!(missing.code, 1);
            assert!(
                missing.stderr.contains("answered 404"),
                "{}",
                missing.stderr
            );
            let no_key = kinetic(
                &["payments", "retrieve", "pay_1", "--api-base", &sb.url],
                &[],
                b"",
            );
            assert_eq!(no_key.code, 2);
            assert!(
                no_key.stderr.contains("KINETIC_API_KEY is not set"),
                "{}",
                no_key.stderr
            );
            let port = TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            let down = kinetic(
                &[
                    "payments",
                    "retrieve",
                    "pay_1",
                    "--api-base",
                    &format!("http://127.0.0.1:{port}"),
                ],
                &api,
                b"",
            );
            assert_eq!(down.code, 4, "{}", down.stderr);
            assert!(
                down.stderr.contains("connection refused (after 3 attempts"),
                "{}",
                down.stderr
            );
        },
    );
    case(
        "the SDK against the sandbox, every fault kind: one payment per key",
        &mut || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            let flow = kinetic_flow::Client::new(KEY)
                .unwrap()
                .base_url(&sb.url)
                .unwrap()
                .timeout(Duration::from_millis(1500))
                .unwrap()
                .max_network_retries(3)
                .unwrap();
            let faults = [
                json!({ "kind": "status", "status": 503, "retry_after": 1 }),
                json!({ "kind": "status", "status": 429 }),
                json!({ "kind": "fail_before_commit" }),
                json!({ "kind": "drop_after_commit" }),
                json!({ "kind": "timeout" }),
                json!({ "kind": "latency", "ms": 200 }),
            ];
            for (i, fault) in faults.iter().enumerate() {
                let mut rule = fault.clone();
                rule["route"] = json!("POST /v1/payments");
                rule["times"] = json!(1);
                control(&sb, "POST", "/_sandbox/faults", Some(rule));
                let before = payments_count(&sb);
                let key = format!("fault-{i}-{}", std::process::id());
                let params = kinetic_flow::CreatePayment::new(
                    1000 + i as u64,
                    "usd",
                    kinetic_flow::DestinationParams::bank("021000021", "000123457890"),
                )
                .with_idempotency_key(key.as_str());
                let started = Instant::now();
                let payment = runtime
                    .block_on(flow.payments().create(&params))
                    .unwrap_or_else(|e| panic!("{fault}: {e}"));
                assert_eq!(payment.amount, 1000 + i as u64);
                assert_eq!(
                    payments_count(&sb),
                    before + 1,
                    "{fault}: one payment per key"
                );
                if fault["retry_after"] == 1 {
                    assert!(
                        started.elapsed() >= Duration::from_secs(1),
                        "Retry-After honoured"
                    );
                }
            }
            control(&sb, "DELETE", "/_sandbox/faults", None);
        },
    );

    let failed = results.iter().filter(|(_, r)| r.is_err()).count();
    for (name, result) in &results {
        if let Err(message) = result {
            println!("  {name}: {message}");
        }
    }
    println!(
        "cli-api: {} passed, {failed} failed",
        results.len() - failed
    );
    drop(sb);
    if failed > 0 {
        std::process::exit(1);
    }
}
