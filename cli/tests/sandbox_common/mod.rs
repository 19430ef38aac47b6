//! Shared by the sandbox's binary tests: start `kinetic sandbox`, a real HTTP client (ureq), and
//! a webhook receiver on 127.0.0.1 that verifies every delivery with the core.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use kinetic_flow_core::webhook::Verifier;
use kinetic_flow_core::UnixTime;
use serde_json::Value;

pub const KEY: &str = "sk_test_e2e";
pub const SECRET: &str = "whsec_sandbox_test_secret";

/// A counted check list that prints `name: N passed, M failed`.
pub struct Checks {
    pub name: &'static str,
    pub passed: u32,
    pub failed: Vec<String>,
}

impl Checks {
    pub fn new(name: &'static str) -> Checks {
        Checks {
            name,
            passed: 0,
            failed: Vec::new(),
        }
    }

    pub fn check(&mut self, ok: bool, what: impl Into<String>) {
        let what = what.into();
        if ok {
            self.passed += 1;
        } else {
            println!("  FAILED: {what}");
            self.failed.push(what);
        }
    }

    pub fn finish(self) -> ! {
        println!(
            "{}: {} passed, {} failed",
            self.name,
            self.passed,
            self.failed.len()
        );
        std::process::exit(if self.failed.is_empty() { 0 } else { 1 });
    }
}

/// A running `kinetic sandbox`.
pub struct Sandbox {
    pub child: Child,
    pub url: String,
    pub ready: Value,
    pub log: Arc<Mutex<String>>,
}

impl Sandbox {
    /// Starts the binary with `args` plus `--port 0 --ready-file`, and waits until it listens.
    pub fn start(dir: &Path, args: &[&str]) -> Sandbox {
        let ready = dir.join(format!("ready-{}.json", std::process::id()));
        let _ = std::fs::remove_file(&ready);
        let mut child = Command::new(env!("CARGO_BIN_EXE_kinetic"))
            .arg("sandbox")
            .args(["--port", "0", "--ready-file"])
            .arg(&ready)
            .args(args)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the kinetic binary starts");
        let log = Arc::new(Mutex::new(String::new()));
        for stream in [
            child
                .stdout
                .take()
                .map(|s| Box::new(s) as Box<dyn Read + Send>),
            child
                .stderr
                .take()
                .map(|s| Box::new(s) as Box<dyn Read + Send>),
        ]
        .into_iter()
        .flatten()
        {
            let log = log.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let mut l = log.lock().unwrap();
                    l.push_str(&line);
                    l.push('\n');
                }
            });
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(text) = std::fs::read_to_string(&ready) {
                if let Ok(v) = serde_json::from_str::<Value>(&text) {
                    let url = v["url"].as_str().unwrap().to_owned();
                    return Sandbox {
                        child,
                        url,
                        ready: v,
                        log,
                    };
                }
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!("kinetic sandbox exited {status}: {}", log.lock().unwrap());
            }
            assert!(
                Instant::now() < deadline,
                "kinetic sandbox did not write its ready file"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// `kill -9`.
    pub fn kill9(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// SIGINT (Ctrl-C); the exit status.
    pub fn interrupt(mut self) -> (Option<i32>, String) {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                std::thread::sleep(Duration::from_millis(100));
                return (status.code(), self.log());
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                return (None, self.log());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: HashMap<String, String>,
    pub body: Value,
}

impl Answer {
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }
}

pub fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(timeout))
        .build()
        .into()
}

/// Sends a request; `Err` when no answer came (connection closed, timeout).
pub fn send(
    agent: &ureq::Agent,
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> Result<Answer, String> {
    let mut builder = ureq::http::Request::builder().method(method).uri(url);
    for (n, v) in headers {
        builder = builder.header(*n, *v);
    }
    let result = match body {
        Some(b) => agent.run(builder.body(b.to_vec()).unwrap()),
        None => agent.run(builder.body(()).unwrap()),
    };
    let mut response = result.map_err(|e| e.to_string())?;
    let headers = response
        .headers()
        .iter()
        .filter_map(|(n, v)| Some((n.as_str().to_lowercase(), v.to_str().ok()?.to_owned())))
        .collect();
    let mut text = Vec::new();
    response
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .reader()
        .read_to_end(&mut text)
        .map_err(|e| e.to_string())?;
    Ok(Answer {
        status: response.status().as_u16(),
        headers,
        body: serde_json::from_slice(&text).unwrap_or(Value::Null),
    })
}

/// POST /v1/payments with the test key and `key`.
pub fn create(agent: &ureq::Agent, base: &str, key: &str, body: &Value) -> Result<Answer, String> {
    let text = body.to_string();
    send(
        agent,
        "POST",
        &format!("{base}/v1/payments"),
        &[
            ("Authorization", &format!("Bearer {KEY}")),
            ("Idempotency-Key", key),
            ("Content-Type", "application/json"),
        ],
        Some(text.as_bytes()),
    )
}

pub fn get(agent: &ureq::Agent, base: &str, path: &str) -> Result<Answer, String> {
    send(
        agent,
        "GET",
        &format!("{base}{path}"),
        &[("Authorization", &format!("Bearer {KEY}"))],
        None,
    )
}

pub fn control(agent: &ureq::Agent, base: &str, method: &str, path: &str, body: &Value) -> Answer {
    let text = body.to_string();
    send(
        agent,
        method,
        &format!("{base}{path}"),
        &[("Content-Type", "application/json")],
        Some(text.as_bytes()),
    )
    .unwrap()
}

pub fn payment(amount: u64, account: &str, rail: &str) -> Value {
    serde_json::json!({
        "amount": amount, "currency": "usd", "rail": rail,
        "destination": { "routing_number": "021000021", "account_number": account },
    })
}

/// One delivery the receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    pub event_id: String,
    pub event_type: String,
    pub verified: bool,
    pub answered: u16,
}

/// A webhook endpoint on 127.0.0.1 that verifies each delivery with the core (`Verifier`) and
/// answers 200, or 500 while `failing` is set or `fail_next` is above zero.
pub struct Receiver {
    pub url: String,
    pub got: Arc<Mutex<Vec<Received>>>,
    pub failing: Arc<AtomicBool>,
    pub fail_next: Arc<AtomicU32>,
}

impl Receiver {
    pub fn start(secret: &str) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/hooks", listener.local_addr().unwrap());
        let got = Arc::new(Mutex::new(Vec::new()));
        let failing = Arc::new(AtomicBool::new(false));
        let fail_next = Arc::new(AtomicU32::new(0));
        let verifier = Arc::new(Verifier::new(&[secret]).unwrap());
        let (g, f, n) = (got.clone(), failing.clone(), fail_next.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (g, f, n, verifier) = (g.clone(), f.clone(), n.clone(), verifier.clone());
                std::thread::spawn(move || serve(stream, &verifier, &g, &f, &n));
            }
        });
        Receiver {
            url,
            got,
            failing,
            fail_next,
        }
    }

    pub fn received(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }
}

fn serve(
    stream: std::net::TcpStream,
    verifier: &Verifier,
    got: &Mutex<Vec<Received>>,
    failing: &AtomicBool,
    fail_next: &AtomicU32,
) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(15)));
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut length = 0usize;
        let mut signature = String::new();
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h).unwrap_or(0) == 0 {
                return;
            }
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((n, v)) = h.split_once(':') {
                match n.trim().to_ascii_lowercase().as_str() {
                    "content-length" => length = v.trim().parse().unwrap_or(0),
                    "kinetic-signature" => signature = v.trim().to_owned(),
                    _ => {}
                }
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let verified = verifier.verify(&body, &signature, UnixTime::now());
        let fail = failing.load(Ordering::SeqCst)
            || fail_next
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                .is_ok();
        let status = if verified.is_err() {
            400
        } else if fail {
            500
        } else {
            200
        };
        let (id, ty) = match &verified {
            Ok(v) => (v.event.id.clone(), v.event.event_type.as_str().to_owned()),
            Err(_) => (String::new(), String::new()),
        };
        got.lock().unwrap().push(Received {
            event_id: id,
            event_type: ty,
            verified: verified.is_ok(),
            answered: status,
        });
        let reply = format!(
            "HTTP/1.1 {status} X\r\ncontent-length: 2\r\ncontent-type: text/plain\r\n\r\nok"
        );
        if writer.write_all(reply.as_bytes()).is_err() {
            return;
        }
    }
}

/// Polls until `f` holds or `secs` pass.
pub fn wait_until(secs: u64, mut f: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < deadline {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    f()
}

/// A fresh scratch directory under the target dir.
pub fn scratch(name: &str) -> PathBuf {
    let dir =
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
