//! The sandbox's benchmark (not a test; scripts/bench-sandbox.sh runs it against an optimized
//! `kinetic` binary): payment creations per second and their latency percentiles with the SQLite
//! store, then 10,000 webhook deliveries to an endpoint that answers 500 for a while and then
//! recovers, until every one is delivered.
//!
//! `bench_sandbox KINETIC_BIN [SECONDS] [CLIENTS]`
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

struct Sandbox(Child, String);

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(bin: &str, dir: &std::path::Path, extra: &[&str]) -> Sandbox {
    let ready = dir.join("ready.json");
    let _ = std::fs::remove_file(&ready);
    let child = Command::new(bin)
        .args(["sandbox", "--port", "0", "--json", "--ready-file"])
        .arg(&ready)
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut sandbox = Sandbox(child, String::new());
    for _ in 0..3000 {
        if let Ok(Ok(v)) =
            std::fs::read_to_string(&ready).map(|t| serde_json::from_str::<Value>(&t))
        {
            sandbox.1 = v["url"].as_str().unwrap().to_owned();
            return sandbox;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("the sandbox did not start");
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

fn create(agent: &ureq::Agent, base: &str, key: &str, i: u64) -> u16 {
    let body = json!({ "amount": 100 + i, "currency": "usd", "rail": "fednow",
        "destination": { "routing_number": "021000021", "account_number": "000123457890" } })
    .to_string();
    let mut r = agent
        .post(&format!("{base}/v1/payments"))
        .header("Authorization", "Bearer sk_test_bench")
        .header("Idempotency-Key", key)
        .header("Content-Type", "application/json")
        .send(body.as_bytes())
        .unwrap();
    let _ = r.body_mut().read_to_vec();
    r.status().as_u16()
}

fn stats(agent: &ureq::Agent, base: &str) -> Value {
    let mut r = agent.get(&format!("{base}/_sandbox/stats")).call().unwrap();
    serde_json::from_slice(&r.body_mut().read_to_vec().unwrap()).unwrap()
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bin = args
        .get(1)
        .expect("usage: bench_sandbox KINETIC_BIN [SECONDS] [CLIENTS]")
        .clone();
    let seconds: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(10);
    let clients: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(8);
    let dir = std::env::temp_dir().join(format!("bench-sandbox-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();

    // 1. Creations per second, SQLite store (WAL), no webhook endpoint.
    let db = dir.join("create.db");
    let sb = start(&bin, &dir, &["--data", db.to_str().unwrap()]);
    let base = sb.1.clone();
    let warm = agent();
    for i in 0..200 {
        create(&warm, &base, &format!("warm-{i}"), i);
    }
    let stop = Arc::new(AtomicBool::new(false));
    let errors = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|t| {
            let (stop, errors, base) = (stop.clone(), errors.clone(), base.clone());
            std::thread::spawn(move || {
                let a = agent();
                let mut lat = Vec::new();
                let mut i = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    let t0 = Instant::now();
                    if create(&a, &base, &format!("b-{t}-{i}"), i) != 201 {
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                    lat.push(t0.elapsed());
                    i += 1;
                }
                lat
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(seconds));
    stop.store(true, Ordering::Relaxed);
    let mut lat: Vec<Duration> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    let elapsed = started.elapsed().as_secs_f64();
    lat.sort();
    let n = lat.len();
    println!(
        "creates: {n} in {elapsed:.1} s with {clients} clients = {:.0}/s; latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; non-201 {}",
        n as f64 / elapsed,
        pct(&lat, 0.50),
        pct(&lat, 0.99),
        pct(&lat, 1.0),
        errors.load(Ordering::Relaxed)
    );
    drop(sb);

    // 2. 10,000 deliveries (5,000 payments, two events each) to an endpoint that answers 500
    //    for the first FAIL_SECS, then 200.
    const FAIL_SECS: u64 = 5;
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let hook = format!("http://{}/hooks", listener.local_addr().unwrap());
    let failing = Arc::new(AtomicBool::new(true));
    let ok_ids = Arc::new(Mutex::new(HashSet::<String>::new()));
    let attempts = Arc::new(AtomicU64::new(0));
    {
        let (failing, ok_ids, attempts) = (failing.clone(), ok_ids.clone(), attempts.clone());
        std::thread::spawn(move || {
            for s in listener.incoming().flatten() {
                let (failing, ok_ids, attempts) =
                    (failing.clone(), ok_ids.clone(), attempts.clone());
                std::thread::spawn(move || {
                    let mut r = BufReader::new(s.try_clone().unwrap());
                    let mut w = s;
                    loop {
                        let mut line = String::new();
                        if r.read_line(&mut line).unwrap_or(0) == 0 {
                            return;
                        }
                        let mut len = 0;
                        loop {
                            let mut h = String::new();
                            if r.read_line(&mut h).unwrap_or(0) == 0 {
                                return;
                            }
                            if h.trim().is_empty() {
                                break;
                            }
                            if let Some(v) = h.to_ascii_lowercase().strip_prefix("content-length:")
                            {
                                len = v.trim().parse().unwrap_or(0);
                            }
                        }
                        let mut body = vec![0; len];
                        if r.read_exact(&mut body).is_err() {
                            return;
                        }
                        attempts.fetch_add(1, Ordering::Relaxed);
                        let status = if failing.load(Ordering::Relaxed) {
                            500
                        } else {
                            let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                            ok_ids
                                .lock()
                                .unwrap()
                                .insert(v["id"].as_str().unwrap_or("").to_owned());
                            200
                        };
                        if w.write_all(
                            format!("HTTP/1.1 {status} X\r\ncontent-length: 0\r\n\r\n").as_bytes(),
                        )
                        .is_err()
                        {
                            return;
                        }
                    }
                });
            }
        });
    }
    let db = dir.join("deliver.db");
    let sb = start(
        &bin,
        &dir,
        &[
            "--data",
            db.to_str().unwrap(),
            "--speed",
            "3600",
            "--forward-to",
            &hook,
        ],
    );
    let base = sb.1.clone();
    let t0 = Instant::now();
    let per = 5000 / clients as u64;
    let made: Vec<_> = (0..clients)
        .map(|t| {
            let base = base.clone();
            std::thread::spawn(move || {
                let a = agent();
                for i in 0..per {
                    create(&a, &base, &format!("d-{t}-{i}"), i);
                }
            })
        })
        .collect();
    for m in made {
        m.join().unwrap();
    }
    let created = t0.elapsed().as_secs_f64();
    std::thread::sleep(Duration::from_secs(FAIL_SECS).saturating_sub(t0.elapsed()));
    let failed_attempts = attempts.load(Ordering::Relaxed);
    failing.store(false, Ordering::Relaxed);
    let recovered = t0.elapsed();
    let a = agent();
    let events = per * clients as u64 * 2;
    loop {
        let s = stats(&a, &base);
        if s["deliveries"]["pending"] == 0 && s["deliveries"]["delivered"].as_u64() == Some(events)
        {
            break;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(600),
            "deliveries did not finish: {s}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let done = t0.elapsed();
    let distinct = ok_ids.lock().unwrap().len();
    println!(
        "deliveries: {events} events created in {created:.1} s; endpoint answered 500 for {:.1} s ({failed_attempts} attempts); \
         all delivered {:.1} s after it recovered ({:.1} s in all); {distinct} distinct events answered 200, {} attempts in all (--speed 3600)",
        recovered.as_secs_f64(),
        (done - recovered).as_secs_f64(),
        done.as_secs_f64(),
        attempts.load(Ordering::Relaxed)
    );
    drop(sb);
    let _ = std::fs::remove_dir_all(&dir);
}
