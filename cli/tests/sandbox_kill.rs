//! The kill test: `kill -9` of `kinetic sandbox` during a burst of creates, and again during a
//! backlog of deliveries to an endpoint answering 500; each time a restart on the same SQLite
//! file. Every payment that was answered is retrievable (and its key still replays it), and once
//! the endpoint recovers every event is delivered, verified by the core on the receiving side.
//! Prints the figures and `sandbox-kill: N passed, M failed`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod sandbox_common;

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sandbox_common::*;
use serde_json::json;

const WRITERS: usize = 8;

fn main() {
    let mut c = Checks::new("sandbox-kill");
    let dir = scratch("sandbox-kill");
    let db = dir.join("kill.db");
    let db = db.to_str().unwrap().to_owned();
    let receiver = Receiver::start(SECRET);
    receiver.failing.store(true, Ordering::SeqCst);
    let args = [
        "--data",
        db.as_str(),
        "--json",
        "--speed",
        "1000",
        "--forward-to",
        receiver.url.as_str(),
        "--secret",
        SECRET,
    ];

    // 1. A burst of creates from 8 clients; kill -9 in the middle of it.
    let sb = Sandbox::start(&dir, &args);
    let base = sb.url.clone();
    let stop = Arc::new(AtomicBool::new(false));
    let answered: Arc<Mutex<Vec<(String, String)>>> = Arc::new(Mutex::new(Vec::new()));
    let unanswered = Arc::new(Mutex::new(0u64));
    let writers: Vec<_> = (0..WRITERS)
        .map(|t| {
            let (stop, answered, unanswered, base) = (stop.clone(), answered.clone(), unanswered.clone(), base.clone());
            std::thread::spawn(move || {
                let http = agent(Duration::from_secs(5));
                let mut i = 0;
                while !stop.load(Ordering::SeqCst) {
                    let key = format!("kill-{t}-{i}");
                    let body = json!({ "amount": 100 + i, "currency": "usd", "destination": { "routing_number": "021000021", "account_number": "000123457890" }, "metadata": { "key": key } });
                    match create(&http, &base, &key, &body) {
                        Ok(a) if a.status == 201 => answered.lock().unwrap().push((key, a.body["id"].as_str().unwrap_or("").to_owned())),
                        _ => *unanswered.lock().unwrap() += 1,
                    }
                    i += 1;
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(1500));
    sb.kill9();
    stop.store(true, Ordering::SeqCst);
    for w in writers {
        w.join().unwrap();
    }
    let answered = answered.lock().unwrap().clone();
    let unanswered = *unanswered.lock().unwrap();
    c.check(
        answered.len() > 100,
        format!(
            "the burst was answered {} times before the kill",
            answered.len()
        ),
    );

    // Restart on the same file: every answered payment is there, and its key replays it.
    let sb = Sandbox::start(&dir, &args);
    let base = sb.url.clone();
    let http = agent(Duration::from_secs(10));
    let mut found = 0;
    let mut replayed = 0;
    for (key, id) in &answered {
        if get(&http, &base, &format!("/v1/payments/{id}"))
            .is_ok_and(|a| a.status == 200 && a.body["metadata"]["key"] == key.as_str())
        {
            found += 1;
        }
    }
    for (key, id) in answered.iter().step_by(10) {
        let i: u64 = key.rsplit('-').next().unwrap().parse().unwrap();
        let body = json!({ "amount": 100 + i, "currency": "usd", "destination": { "routing_number": "021000021", "account_number": "000123457890" }, "metadata": { "key": key } });
        if create(&http, &base, key, &body).is_ok_and(|a| {
            a.status == 201
                && a.body["id"] == id.as_str()
                && a.headers.contains_key("idempotent-replayed")
        }) {
            replayed += 1;
        }
    }
    let sampled = answered.iter().step_by(10).count();
    c.check(
        found == answered.len(),
        format!(
            "answered payments found after the restart: {found} of {}",
            answered.len()
        ),
    );
    c.check(
        replayed == sampled,
        format!("keys still replay their payment: {replayed} of {sampled}"),
    );
    let stats = control(&http, &base, "GET", "/_sandbox/stats", &json!({})).body;
    let stored = stats["payments"].as_u64().unwrap_or(0);
    let events = stats["events"].as_u64().unwrap_or(0);
    c.check(
        stored as usize >= answered.len() && events == 2 * stored,
        format!("{stored} payments stored, {events} events (two each)"),
    );
    let keys: BTreeSet<String> = control(&http, &base, "GET", "/_sandbox/payments", &json!({}))
        .body["data"]
        .as_array()
        .map(|v| {
            v.iter()
                .filter_map(|p| p["metadata"]["key"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    c.check(
        keys.len() as u64 == stored,
        format!(
            "one payment per key ({} keys, {stored} payments)",
            keys.len()
        ),
    );

    // 2. The endpoint answers 500: a backlog of deliveries, retried; kill -9 during it.
    std::thread::sleep(Duration::from_millis(1500));
    let before_kill = control(&http, &base, "GET", "/_sandbox/stats", &json!({})).body;
    let pending_at_kill = before_kill["deliveries"]["pending"].as_u64().unwrap_or(0);
    let failed_attempts = receiver.received().len();
    c.check(pending_at_kill == events && failed_attempts as u64 >= events, format!("backlog at the kill: {pending_at_kill} pending, {failed_attempts} attempts answered 500"));
    sb.kill9();

    // The endpoint recovers; restart on the same file: every event is delivered.
    receiver.failing.store(false, Ordering::SeqCst);
    let sb = Sandbox::start(&dir, &args);
    let base = sb.url.clone();
    let all = wait_until(60, || {
        control(&http, &base, "GET", "/_sandbox/stats", &json!({})).body["deliveries"]["pending"]
            == 0
    });
    c.check(all, "no delivery left pending after the restart");
    let list = control(&http, &base, "GET", "/_sandbox/deliveries", &json!({})).body["data"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let all_events: BTreeSet<String> = list
        .iter()
        .filter_map(|d| d["event"].as_str().map(str::to_owned))
        .collect();
    let mut ok_by_event: HashMap<String, u32> = HashMap::new();
    for r in receiver.received() {
        if r.answered == 200 && r.verified {
            *ok_by_event.entry(r.event_id).or_default() += 1;
        }
    }
    let delivered = all_events
        .iter()
        .filter(|e| ok_by_event.contains_key(*e))
        .count();
    let duplicates: u32 = ok_by_event.values().map(|n| n - 1).sum();
    c.check(
        all_events.len() as u64 == events,
        format!(
            "{} events with deliveries, {events} events",
            all_events.len()
        ),
    );
    c.check(
        delivered == all_events.len(),
        format!(
            "events delivered (2xx, verified): {delivered} of {}",
            all_events.len()
        ),
    );
    c.check(
        receiver.received().iter().all(|r| r.verified),
        "every attempt verifies with the core",
    );
    println!(
        "kill-test figures: burst {WRITERS} clients; answered 201 before kill -9: {}; unanswered at the kill: {unanswered}; \
         found after restart: {found}/{}; payments stored: {stored}; events: {events}; deliveries pending at the second kill -9: {pending_at_kill} \
         (after {failed_attempts} attempts answered 500); delivered after restart: {delivered}/{} (duplicates {duplicates})",
        answered.len(),
        answered.len(),
        all_events.len()
    );
    drop(sb);
    let _ = std::fs::remove_dir_all(&dir);
    c.finish();
}
