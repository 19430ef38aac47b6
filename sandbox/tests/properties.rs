//! The engine's properties, over random sequences of requests, faults, clock moves, delivery
//! results and crashes (the engine rebuilt from what was committed, with or without the last
//! outcome's records):
//!
//! - no idempotency key ever makes two payments, and every answer for a key names one payment;
//! - every payment that was answered is retrievable after any later crash;
//! - no committed event is lost, and once the endpoint answers, every event is delivered.
//!
//! Prints `sandbox-properties: N passed, M failed`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::{BTreeMap, BTreeSet, HashMap};

use kinetic_flow_sandbox::{
    Action, AttemptResult, Config, Engine, Kind, Millis, Record, Request, Ticket,
};
use proptest::prelude::*;
use proptest::test_runner::{Config as PropConfig, TestRunner};
use serde_json::{json, Value};

const T0: u64 = 1_776_244_442_000;
const KEYS: [&str; 4] = ["key-a", "key-b", "key-c", "key-d"];
const ACCOUNTS: [&str; 4] = [
    "000123457890",
    "000123450002",
    "000123450004",
    "000999991234",
];
const RAILS: [&str; 4] = ["auto", "rtp", "ach", "wire"];

#[derive(Debug, Clone)]
enum Fault {
    None,
    Drop,
    Timeout,
    FailBeforeCommit,
    Status503,
    Latency,
}

#[derive(Debug, Clone)]
enum Op {
    /// A create with key KEYS[key], body variant `body`, after adding `fault`; `crash` kills the
    /// process after the engine answered and before the commit.
    Create {
        key: usize,
        body: usize,
        fault: Fault,
        crash: bool,
    },
    /// Resume the oldest request held by a latency fault.
    Resume,
    /// POST /_sandbox/clock/advance.
    Advance(u64),
    /// Take a due delivery attempt; report `ok` (200) or a 500, or never (lost with a crash).
    Deliver { ok: bool },
    /// kill -9 and restart on the committed rows.
    Crash,
    /// Real time passes.
    Wait(u64),
}

fn op() -> impl Strategy<Value = Op> {
    let fault = prop_oneof![
        4 => Just(Fault::None),
        1 => Just(Fault::Drop),
        1 => Just(Fault::Timeout),
        1 => Just(Fault::FailBeforeCommit),
        1 => Just(Fault::Status503),
        1 => Just(Fault::Latency),
    ];
    prop_oneof![
        6 => (0..KEYS.len(), 0..3usize, fault, prop::bool::weighted(0.1))
            .prop_map(|(key, body, fault, crash)| Op::Create { key, body, fault, crash }),
        1 => Just(Op::Resume),
        1 => (0..3600u64).prop_map(Op::Advance),
        3 => any::<bool>().prop_map(|ok| Op::Deliver { ok }),
        1 => Just(Op::Crash),
        1 => (0..20_000u64).prop_map(Op::Wait),
    ]
}

/// The committed rows, as a SQLite table would hold them.
#[derive(Default)]
struct Store(BTreeMap<(Kind, String), String>);

impl Store {
    fn commit(&mut self, records: Vec<Record>) {
        for r in records {
            match r {
                Record::Put { kind, id, value } => {
                    self.0.insert((kind, id), value);
                }
                Record::Clear { kind } => self.0.retain(|(k, _), _| *k != kind),
                _ => {}
            }
        }
    }

    fn rows(&self) -> Vec<(Kind, String, String)> {
        self.0
            .iter()
            .map(|((k, id), v)| (*k, id.clone(), v.clone()))
            .collect()
    }

    fn ids(&self, kind: Kind) -> BTreeSet<String> {
        self.0
            .keys()
            .filter(|(k, _)| *k == kind)
            .map(|(_, id)| id.clone())
            .collect()
    }
}

fn config() -> Config {
    Config::new([3; 32]).forward_to("http://127.0.0.1:9/hooks", Some("whsec_prop_secret".into()))
}

fn boot(store: &mut Store) -> Engine {
    let (engine, records) = Engine::restore(config(), store.rows()).unwrap();
    store.commit(records);
    engine
}

fn body(key: &str, variant: usize) -> Vec<u8> {
    json!({
        "amount": 1000 + variant as u64, "currency": "usd", "rail": RAILS[variant % RAILS.len()],
        "destination": { "routing_number": "021000021", "account_number": ACCOUNTS[variant % ACCOUNTS.len()] },
        "metadata": { "k": key },
    })
    .to_string()
    .into_bytes()
}

fn post<'a>(path: &'a str, body: &'a [u8], key: Option<&'a str>) -> Request<'a> {
    let r = Request::new("POST", path, body).header("Authorization", "Bearer sk_test_prop");
    match key {
        Some(k) => r.header("Idempotency-Key", k),
        None => r,
    }
}

fn json_of(body: &[u8]) -> Value {
    serde_json::from_slice(body).unwrap()
}

fn run(ops: &[Op]) -> Result<(), TestCaseError> {
    let mut store = Store::default();
    let mut engine = boot(&mut store);
    let mut now = T0;
    let mut answered: HashMap<&str, String> = HashMap::new(); // key -> payment id answered
    let mut held: Vec<Ticket> = Vec::new();
    let mut taken: Vec<String> = Vec::new(); // attempts taken and not yet reported
    let mut committed_events: BTreeSet<String> = BTreeSet::new();

    for op in ops {
        now += 1;
        match op {
            Op::Create {
                key,
                body: variant,
                fault,
                crash,
            } => {
                let rule = match fault {
                    Fault::None => None,
                    Fault::Drop => Some(json!({ "kind": "drop_after_commit" })),
                    Fault::Timeout => Some(json!({ "kind": "timeout" })),
                    Fault::FailBeforeCommit => Some(json!({ "kind": "fail_before_commit" })),
                    Fault::Status503 => {
                        Some(json!({ "kind": "status", "status": 503, "retry_after": 1 }))
                    }
                    Fault::Latency => Some(json!({ "kind": "latency", "ms": 50 })),
                };
                if let Some(mut rule) = rule {
                    rule["route"] = "POST /v1/payments".into();
                    let b = rule.to_string().into_bytes();
                    let out = engine.handle(&post("/_sandbox/faults", &b, None), Millis(now));
                    prop_assert_eq!(out.response.status, 201);
                    store.commit(out.records);
                }
                let k = KEYS[*key];
                let b = body(k, *variant);
                let out = engine.handle(&post("/v1/payments", &b, Some(k)), Millis(now));
                if *crash {
                    // Killed before the commit: nothing was answered, nothing of it is kept.
                    engine = boot(&mut store);
                    held.clear();
                    taken.clear();
                    continue;
                }
                store.commit(out.records);
                match out.action {
                    Action::Respond => {
                        let status = out.response.status;
                        if status == 201 {
                            let id = json_of(&out.response.body)["id"]
                                .as_str()
                                .unwrap()
                                .to_owned();
                            if let Some(before) = answered.get(k) {
                                prop_assert_eq!(before, &id, "key {} answered two payments", k);
                            }
                            answered.insert(k, id);
                        } else {
                            prop_assert!(matches!(status, 409 | 500 | 503), "status {}", status);
                        }
                    }
                    Action::Wait { ticket, .. } => held.push(ticket),
                    _ => {} // dropped or hung: the client saw nothing
                }
            }
            Op::Resume => {
                if !held.is_empty() {
                    let ticket = held.remove(0);
                    now += 50;
                    let out = engine.resume(ticket, Millis(now));
                    store.commit(out.records);
                    if out.response.status == 201 {
                        let v = json_of(&out.response.body);
                        let k = v["metadata"]["k"].as_str().unwrap();
                        let k = KEYS.iter().find(|x| **x == k).unwrap();
                        let id = v["id"].as_str().unwrap().to_owned();
                        if let Some(before) = answered.get(k) {
                            prop_assert_eq!(before, &id);
                        }
                        answered.insert(k, id);
                    }
                }
            }
            Op::Advance(secs) => {
                let b = json!({ "seconds": secs }).to_string().into_bytes();
                let out = engine.handle(&post("/_sandbox/clock/advance", &b, None), Millis(now));
                prop_assert_eq!(out.response.status, 200);
                store.commit(out.records);
            }
            Op::Deliver { ok } => {
                store.commit(engine.tick(Millis(now)));
                if let Some(a) = engine.poll_delivery(Millis(now)) {
                    prop_assert!(a.signature().is_some());
                    let result = if *ok {
                        AttemptResult::Status(200)
                    } else {
                        AttemptResult::Status(500)
                    };
                    if *ok || a.attempt % 2 == 0 {
                        store.commit(engine.delivery_result(&a.delivery, result, Millis(now)));
                    } else {
                        taken.push(a.delivery); // in flight when a crash may come
                    }
                }
            }
            Op::Crash => {
                engine = boot(&mut store);
                held.clear();
                taken.clear();
            }
            Op::Wait(ms) => now += ms,
        }
        // After every step: at most one payment per key, among the committed ones too.
        let mut per_key: HashMap<String, usize> = HashMap::new();
        for p in engine.payments() {
            *per_key
                .entry(p["metadata"]["k"].as_str().unwrap().to_owned())
                .or_default() += 1;
        }
        prop_assert!(
            per_key.values().all(|n| *n == 1),
            "two payments for one key: {:?}",
            per_key
        );
        let events = store.ids(Kind::Event);
        prop_assert!(
            committed_events.is_subset(&events),
            "a committed event was lost"
        );
        committed_events = events;
    }

    // Restart on what was committed: every answered payment is there, every event too.
    engine = boot(&mut store);
    for (k, id) in &answered {
        let path = format!("/v1/payments/{id}");
        let out = engine.handle(
            &Request::new("GET", &path, b"").header("Authorization", "Bearer sk_test_prop"),
            Millis(now),
        );
        prop_assert_eq!(
            out.response.status,
            200,
            "answered payment {} (key {}) not retrievable",
            id,
            k
        );
    }
    let ids: BTreeSet<String> = engine.event_ids().into_iter().collect();
    prop_assert_eq!(&ids, &committed_events);
    // The endpoint recovers: every event is delivered within the retry window.
    for _ in 0..10_000 {
        store.commit(engine.tick(Millis(now)));
        match engine.poll_delivery(Millis(now)) {
            Some(a) => store.commit(engine.delivery_result(
                &a.delivery,
                AttemptResult::Status(204),
                Millis(now),
            )),
            None => match engine.poll_timeout() {
                Some(at) => now = now.max(at.0),
                None => break,
            },
        }
    }
    for id in &committed_events {
        prop_assert!(engine.delivered(id), "event {} never delivered", id);
    }
    prop_assert_eq!(engine.pending_deliveries(), 0);
    Ok(())
}

fn main() {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(256);
    let mut passed = 0;
    let mut failed = 0;
    let mut runner = TestRunner::new(PropConfig {
        cases,
        failure_persistence: None,
        ..PropConfig::default()
    });
    match runner.run(&prop::collection::vec(op(), 1..60), |ops| run(&ops)) {
        Ok(()) => passed += 1,
        Err(e) => {
            failed += 1;
            println!("FAILED: sequences of requests, faults, clock moves and crashes: {e}");
        }
    }
    // A fixed sequence: the fault that makes naive clients pay twice, then the retry.
    let fixed = [
        Op::Create {
            key: 0,
            body: 0,
            fault: Fault::Drop,
            crash: false,
        },
        Op::Create {
            key: 0,
            body: 0,
            fault: Fault::None,
            crash: false,
        },
        Op::Create {
            key: 0,
            body: 1,
            fault: Fault::None,
            crash: false,
        },
        Op::Create {
            key: 1,
            body: 2,
            fault: Fault::Latency,
            crash: false,
        },
        Op::Create {
            key: 1,
            body: 2,
            fault: Fault::None,
            crash: false,
        },
        Op::Resume,
        Op::Deliver { ok: false },
        Op::Crash,
        Op::Advance(3600),
    ];
    match run(&fixed) {
        Ok(()) => passed += 1,
        Err(e) => {
            failed += 1;
            println!("FAILED: the fixed sequence: {e}");
        }
    }
    println!("sandbox-properties: {passed} passed, {failed} failed ({cases} random sequences)");
    if failed > 0 {
        std::process::exit(1);
    }
}
