//! Starts the `examples/axum.rs` binary on 127.0.0.1 (port 0) and sends it deliveries over real
//! HTTP: signed, tampered, stale, without or with a broken header, too large; then starts it with
//! a missing and with an invalid secret. Checks each status, body and log line, and that no output
//! holds the secret. Prints `axum-example: N passed, M failed`; exits 1 if any failed.
//!
//! The binary is `target/<profile>/examples/axum`, built by `cargo test --features axum` (all
//! targets) or `cargo build --example axum --features axum` (scripts/test.sh builds it first);
//! `AXUM_EXAMPLE_BIN` overrides the path.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use kinetic_flow_core::{webhook::sign, UnixTime};

const SECRET: &str = "whsec_axum_example_test_secret";
const API_KEY: &str = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";
const WAIT: Duration = Duration::from_secs(30);

fn example_binary() -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os("AXUM_EXAMPLE_BIN") {
        return Ok(path.into());
    }
    // This test runs as target/<profile>/deps/axum_example-<hash>; examples are built beside deps.
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let profile_dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .ok_or("no target directory")?;
    let path = profile_dir
        .join("examples")
        .join(format!("axum{}", std::env::consts::EXE_SUFFIX));
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "{} is not built: run `cargo build --example axum --features axum` first",
            path.display()
        ))
    }
}

/// A running example: its address, and its stdout lines as they come. Killed when dropped.
struct Server {
    child: Child,
    addr: String,
    lines: Receiver<String>,
    /// Every line read so far (checked for secrets at the end).
    seen: Vec<String>,
}

impl Server {
    fn start(secret: Option<&str>, port_as_env: bool) -> Result<Server, String> {
        let mut command = Command::new(example_binary()?);
        command
            .env_remove("KINETIC_WEBHOOK_SECRET")
            .env_remove("PORT");
        if let Some(secret) = secret {
            command.env("KINETIC_WEBHOOK_SECRET", secret);
        }
        if port_as_env {
            command.env("PORT", "0");
        } else {
            command.arg("0");
        }
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start the example: {e}"))?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let (send, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            addr: String::new(),
            lines,
            seen: Vec::new(),
        };
        let line = server.line_with("listening on http://")?;
        server.addr = line.trim_start_matches("listening on http://").to_owned();
        if !server.addr.starts_with("127.0.0.1:") || server.addr.ends_with(":0") {
            return Err(format!("unexpected address line: {line:?}"));
        }
        Ok(server)
    }

    /// Waits for the next line containing `needle` (the lines before it are kept in `seen`).
    fn line_with(&mut self, needle: &str) -> Result<String, String> {
        loop {
            let line = self
                .lines
                .recv_timeout(WAIT)
                .map_err(|_| format!("no line with {needle:?}; got {:?}", self.seen))?;
            self.seen.push(line.clone());
            if line.contains(needle) {
                return Ok(line);
            }
        }
    }

    /// POSTs `body` to /webhooks with the given `Kinetic-Signature` values (raw bytes); returns
    /// the status and the body.
    fn post(&self, signatures: &[&[u8]], body: &[u8]) -> Result<(u16, String), String> {
        let mut stream = TcpStream::connect(&self.addr).map_err(|e| e.to_string())?;
        stream
            .set_read_timeout(Some(WAIT))
            .map_err(|e| e.to_string())?;
        let mut request = format!(
            "POST /webhooks HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
            self.addr,
            body.len()
        )
        .into_bytes();
        for value in signatures {
            request.extend_from_slice(b"Kinetic-Signature: ");
            request.extend_from_slice(value);
            request.extend_from_slice(b"\r\n");
        }
        request.extend_from_slice(b"\r\n");
        request.extend_from_slice(body);
        stream.write_all(&request).map_err(|e| e.to_string())?;
        let mut response = Vec::new();
        stream
            .read_to_end(&mut response)
            .map_err(|e| e.to_string())?;
        let text = String::from_utf8_lossy(&response);
        let (head, body) = text.split_once("\r\n\r\n").ok_or("no end of headers")?;
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("no status in {head:?}"))?;
        Ok((status, body.to_owned()))
    }

    /// Expects `status` with `{"error":{"code":<code>}}`, then the example's log line for it.
    fn refused(&mut self, got: (u16, String), status: u16, code: &str) -> Result<(), String> {
        let body = format!(r#"{{"error":{{"code":"{code}"}}}}"#);
        if got != (status, body.clone()) {
            return Err(format!("expected {status} {body}, got {got:?}"));
        }
        self.line_with(&format!("refused {status} {code}: "))
            .map(drop)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn event(id: &str) -> String {
    format!(
        r#"{{"id":"{id}","object":"event","type":"payment.completed","api_version":"2026-04-01","livemode":false,"data":{{"object":{{"id":"pay_1","object":"payment","status":"completed","amount":25000,"currency":"usd"}}}}}}"#
    )
}

fn signed(body: &str, at: UnixTime) -> String {
    sign(body.as_bytes(), &[SECRET], at).unwrap_or_default()
}

fn deliveries(server: &mut Server) -> Vec<(&'static str, Result<(), String>)> {
    let now = UnixTime::now();
    let mut results = Vec::new();

    let body = event("evt_axum_1");
    let header = signed(&body, now);
    results.push((
        "signed delivery: 200, id echoed and logged",
        (|| {
            let got = server.post(&[header.as_bytes()], body.as_bytes())?;
            let json: serde_json::Value = serde_json::from_str(&got.1).unwrap_or_default();
            let want = serde_json::json!({ "received": true, "id": "evt_axum_1" });
            if (got.0, &json) != (200, &want) {
                return Err(format!("expected 200 {want}, got {got:?}"));
            }
            server
                .line_with("received payment.completed evt_axum_1")
                .map(drop)
        })(),
    ));

    results.push((
        "tampered body: 400 signature_mismatch",
        (|| {
            let tampered = body.replace("25000", "95000");
            let got = server.post(&[header.as_bytes()], tampered.as_bytes())?;
            server.refused(got, 400, "signature_mismatch")
        })(),
    ));

    results.push((
        "stale delivery: 400 timestamp_outside_tolerance",
        (|| {
            let stale = signed(&body, now - Duration::from_secs(600));
            let got = server.post(&[stale.as_bytes()], body.as_bytes())?;
            server.refused(got, 400, "timestamp_outside_tolerance")
        })(),
    ));

    results.push((
        "no header: 400 missing_signature_header",
        (|| {
            let got = server.post(&[], body.as_bytes())?;
            server.refused(got, 400, "missing_signature_header")
        })(),
    ));

    results.push((
        "non-UTF-8 header: 400 malformed_signature_header",
        (|| {
            let got = server.post(&[b"t=1,v1=\xe9"], body.as_bytes())?;
            server.refused(got, 400, "malformed_signature_header")
        })(),
    ));

    results.push((
        "header twice: 400 malformed_signature_header",
        (|| {
            let got = server.post(&[header.as_bytes(), header.as_bytes()], body.as_bytes())?;
            server.refused(got, 400, "malformed_signature_header")
        })(),
    ));

    results.push((
        "signed, not an event: 400 invalid_event",
        (|| {
            let got = server.post(&[signed("[]", now).as_bytes()], b"[]")?;
            server.refused(got, 400, "invalid_event")
        })(),
    ));

    results.push((
        "body over axum's 2 MB limit: 413 payload_too_large",
        (|| {
            let big = vec![b' '; 2 * 1024 * 1024 + 1];
            let got = server.post(&[header.as_bytes()], &big)?;
            server.refused(got, 413, "payload_too_large")
        })(),
    ));

    results
}

/// A server whose secret is refused: it starts, warns, and answers 500 `invalid_secret`.
fn misconfigured(secret: Option<&str>) -> Result<(), String> {
    let mut server = Server::start(secret, true)?;
    if !server
        .seen
        .iter()
        .any(|l| l.starts_with("warning: invalid_secret: "))
    {
        return Err(format!("no start-up warning in {:?}", server.seen));
    }
    let body = event("evt_axum_2");
    let got = server.post(
        &[signed(&body, UnixTime::now()).as_bytes()],
        body.as_bytes(),
    )?;
    server.refused(got, 500, "invalid_secret")?;
    if let Some(line) = server.seen.iter().find(|l| l.contains("4eC39")) {
        return Err(format!(
            "the API key given as secret is in the output: {line:?}"
        ));
    }
    Ok(())
}

fn main() {
    let mut results = Vec::new();
    match Server::start(Some(SECRET), false) {
        Ok(mut server) => {
            results.extend(deliveries(&mut server));
            let leaked = server
                .seen
                .iter()
                .find(|l| l.contains("axum_example_test_secret"));
            let leak = leaked.map_or(Ok(()), |l| {
                Err(format!("the secret is in the output: {l:?}"))
            });
            results.push(("no output holds the secret", leak));
        }
        Err(e) => results.push(("the example starts and prints its address", Err(e))),
    }
    results.push(("no secret: 500 invalid_secret", misconfigured(None)));
    results.push((
        "an API key as secret: 500 invalid_secret, key not shown",
        misconfigured(Some(API_KEY)),
    ));

    let failed = results.iter().filter(|(_, r)| r.is_err()).count();
    for (name, result) in &results {
        match result {
            Ok(()) => println!("ok - {name}"),
            Err(e) => println!("FAIL - {name}: {e}"),
        }
    }
    println!(
        "axum-example: {} passed, {failed} failed",
        results.len() - failed
    );
    if failed > 0 {
        std::process::exit(1);
    }
}
