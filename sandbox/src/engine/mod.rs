//! The engine: state, requests, settlements, deliveries and faults.

mod config;
mod control;
mod faults;
mod io;
mod resources;
mod wire;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::time::Duration;

use kinetic_flow_core::__bindings::{sha256_digest, Sha256};
use kinetic_flow_core::api_error;
use kinetic_flow_core::webhook::{sign, Verifier};
use kinetic_flow_core::{UnixTime, API_VERSION};
use serde_json::{json, Value};

pub use config::{Config, RestoreError};
pub use io::{Action, Attempt, AttemptResult, Outcome, Request, Response, Stats, Ticket};

use crate::model::{
    AttemptLog, Delivery, Endpoint, Event, Idem, Kind, Meta, Payment, Record, Refund, Token,
    MAX_ATTEMPT_LOG,
};
use crate::time::{rfc3339, Millis};
use crate::{RETRY_SCHEDULE, RETRY_WINDOW};
use faults::{FaultKind, FaultRule};
use io::Stashed;
use resources::failure_message;
use wire::*;

/// The sandbox: every resource, idempotency record, delivery and fault rule, in memory, changed
/// only through its methods, each of which returns the [`Record`]s to persist.
#[derive(Debug)]
pub struct Engine {
    speed: u32,
    entropy: [u8; 32],
    duplicates: bool,
    meta: Meta,
    payments: HashMap<String, Payment>,
    refunds: HashMap<String, Refund>,
    tokens: HashMap<String, Token>,
    events: HashMap<String, Event>,
    idem: HashMap<String, Idem>,
    in_progress: HashMap<String, Ticket>,
    deliveries: HashMap<String, Delivery>,
    endpoints: Vec<Endpoint>,
    due: BTreeSet<(i64, u64, String)>,
    in_flight: HashSet<String>,
    settle: BTreeSet<(i64, String)>,
    faults: Vec<FaultRule>,
    stashed: HashMap<u64, (Stashed, Option<String>)>,
    next_ticket: u64,
    request_seq: u64,
    stats: Stats,
}

type Answer = Result<Response, Response>;

impl Engine {
    /// The engine from stored rows `(kind, id, value)` (none for a new sandbox) and the config.
    /// Returns it with the records to persist now (new endpoints, the first meta row).
    pub fn restore(
        config: Config,
        rows: impl IntoIterator<Item = (Kind, String, String)>,
    ) -> Result<(Engine, Vec<Record>), RestoreError> {
        let mut e = Engine {
            speed: config.speed.max(1),
            duplicates: config.duplicates,
            entropy: config.entropy,
            meta: Meta {
                counter: 0,
                offset_ms: 0,
                salt: salt(&config.entropy),
            },
            payments: HashMap::new(),
            refunds: HashMap::new(),
            tokens: HashMap::new(),
            events: HashMap::new(),
            idem: HashMap::new(),
            in_progress: HashMap::new(),
            deliveries: HashMap::new(),
            endpoints: Vec::new(),
            due: BTreeSet::new(),
            in_flight: HashSet::new(),
            settle: BTreeSet::new(),
            faults: Vec::new(),
            stashed: HashMap::new(),
            next_ticket: 0,
            request_seq: 0,
            stats: Stats::default(),
        };
        let mut have_meta = false;
        for (kind, id, value) in rows {
            let bad = |source| RestoreError::Row {
                kind,
                id: id.clone(),
                source,
            };
            match kind {
                Kind::Meta => {
                    e.meta = serde_json::from_str(&value).map_err(bad)?;
                    have_meta = true;
                }
                Kind::Payment => {
                    let p: Payment = serde_json::from_str(&value).map_err(bad)?;
                    if let Some(at) = p.due_ms {
                        e.settle.insert((at, p.id.clone()));
                    }
                    e.payments.insert(p.id.clone(), p);
                }
                Kind::Refund => {
                    let r: Refund = serde_json::from_str(&value).map_err(bad)?;
                    if let Some(at) = r.due_ms {
                        e.settle.insert((at, r.id.clone()));
                    }
                    e.refunds.insert(r.id.clone(), r);
                }
                Kind::Token => {
                    let t: Token = serde_json::from_str(&value).map_err(bad)?;
                    e.tokens.insert(t.id.clone(), t);
                }
                Kind::Event => {
                    let ev: Event = serde_json::from_str(&value).map_err(bad)?;
                    e.events.insert(ev.id.clone(), ev);
                }
                Kind::Idempotency => {
                    let i: Idem = serde_json::from_str(&value).map_err(bad)?;
                    e.idem.insert(i.key.clone(), i);
                }
                Kind::Delivery => {
                    let d: Delivery = serde_json::from_str(&value).map_err(bad)?;
                    if d.status == "pending" {
                        e.due.insert((d.next_ms, d.seq, d.id.clone()));
                    }
                    e.deliveries.insert(d.id.clone(), d);
                }
                Kind::Endpoint => {
                    let ep: Endpoint = serde_json::from_str(&value).map_err(bad)?;
                    e.endpoints.push(ep);
                }
            }
        }
        e.endpoints.sort_by(|a, b| a.id.cmp(&b.id));
        let mut tx = Vec::new();
        if !have_meta {
            e.put_meta(&mut tx);
        }
        for (url, secret) in config.endpoints {
            e.add_endpoint(&url, secret, &mut tx)
                .map_err(|message| RestoreError::Endpoint { message })?;
        }
        Ok((e, tx))
    }

    /// Handles one request at real time `now`. Persist [`Outcome::records`], then carry out
    /// [`Outcome::action`].
    pub fn handle(&mut self, req: &Request<'_>, now: Millis) -> Outcome {
        let mut tx = Vec::new();
        self.run_due(now, &mut tx);
        let rid = self.next_request_id();
        let path = req.path.split('?').next().unwrap_or("");
        if path == "/_sandbox" || path.starts_with("/_sandbox/") {
            let route = format!("{} {path}", req.method);
            let response = self.control(req, path, now, &rid, &mut tx);
            return outcome(response, Action::Respond, tx, route, None);
        }
        self.stats.requests += 1;
        let route = match match_route(req.method, path) {
            Ok(r) => r,
            Err(response) => {
                let response = response(&rid);
                return outcome(
                    response,
                    Action::Respond,
                    tx,
                    format!("{} {path}", req.method),
                    None,
                );
            }
        };
        let label = route.label.to_owned();
        let Some(kind) = self.take_fault(route.label) else {
            let r = self.api(req, &route, now, &rid, &mut tx);
            return outcome(r, Action::Respond, tx, label, None);
        };
        *self.stats.faults.entry(kind.name().to_owned()).or_default() += 1;
        match kind {
            FaultKind::FailBeforeCommit => {
                let r = error(500, "server_error", "An unexpected error occurred (a sandbox fault: fail_before_commit; nothing was stored).", None, &rid);
                outcome(
                    r,
                    Action::Respond,
                    tx,
                    label,
                    Some("fail_before_commit: 500, nothing stored".into()),
                )
            }
            FaultKind::Status {
                status,
                retry_after,
            } => {
                let code = api_error::classify(status)
                    .map(|(k, _)| k.as_str())
                    .unwrap_or("server_error");
                let mut r = error(
                    status,
                    code,
                    &format!("A sandbox fault answered {status}; nothing was stored."),
                    None,
                    &rid,
                );
                if let Some(s) = retry_after {
                    r.headers.push(("Retry-After".into(), s.to_string()));
                }
                let what = format!(
                    "status: {status}{}, nothing stored",
                    retry_after
                        .map(|s| format!(" Retry-After {s}"))
                        .unwrap_or_default()
                );
                outcome(r, Action::Respond, tx, label, Some(what))
            }
            FaultKind::DropAfterCommit | FaultKind::Timeout => {
                let r = self.api(req, &route, now, &rid, &mut tx);
                let (action, what) = if kind == FaultKind::Timeout {
                    (
                        Action::Hang,
                        format!("timeout: {} stored, no answer", r.status),
                    )
                } else {
                    (
                        Action::Drop,
                        format!("drop_after_commit: {} stored, connection closed", r.status),
                    )
                };
                outcome(r, action, tx, label, Some(what))
            }
            FaultKind::Latency { ms } => {
                self.next_ticket += 1;
                let ticket = Ticket(self.next_ticket);
                // The key is "in progress" until the request resumes: a second request with it
                // meanwhile is 409, as with the real API.
                let key = req
                    .get("Idempotency-Key")
                    .filter(|k| req.method == "POST" && !self.in_progress.contains_key(*k))
                    .map(str::to_owned);
                if let Some(k) = &key {
                    self.in_progress.insert(k.clone(), ticket);
                }
                self.stashed.insert(ticket.0, (req.to_owned(), key));
                let until = now.after(Duration::from_millis(ms));
                let r = error(500, "server_error", "pending", None, &rid);
                outcome(
                    r,
                    Action::Wait { until, ticket },
                    tx,
                    label,
                    Some(format!("latency: {ms} ms")),
                )
            }
        }
    }

    /// Finishes a request a `latency` fault held: handles it now, without another fault.
    pub fn resume(&mut self, ticket: Ticket, now: Millis) -> Outcome {
        let mut tx = Vec::new();
        self.run_due(now, &mut tx);
        let rid = self.next_request_id();
        let Some((stashed, key)) = self.stashed.remove(&ticket.0) else {
            let r = error(
                500,
                "server_error",
                "This request is no longer held.",
                None,
                &rid,
            );
            return outcome(r, Action::Respond, tx, String::new(), None);
        };
        if let Some(k) = key {
            if self.in_progress.get(&k) == Some(&ticket) {
                self.in_progress.remove(&k);
            }
        }
        let mut req = Request::new(&stashed.method, &stashed.path, &stashed.body);
        for (n, v) in &stashed.headers {
            req = req.header(n, v);
        }
        let path = stashed.path.split('?').next().unwrap_or("");
        match match_route(&stashed.method, path) {
            Ok(route) => {
                let r = self.api(&req, &route, now, &rid, &mut tx);
                outcome(r, Action::Respond, tx, route.label.to_owned(), None)
            }
            Err(response) => outcome(response(&rid), Action::Respond, tx, String::new(), None),
        }
    }

    /// Carries out what is due at `now` (settlements); returns the records to persist.
    pub fn tick(&mut self, now: Millis) -> Vec<Record> {
        let mut tx = Vec::new();
        self.run_due(now, &mut tx);
        tx
    }

    /// The real time at which something is next due (a settlement, a delivery attempt), if
    /// anything is waiting. Attempts taken and not yet reported are not counted.
    pub fn poll_timeout(&self) -> Option<Millis> {
        let d = self.due.first().map(|(at, _, _)| *at);
        let s = self.settle.first().map(|(at, _)| *at);
        let at = match (d, s) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a.or(b)?,
        };
        Some(Millis(
            u64::try_from(at.saturating_sub(self.meta.offset_ms)).unwrap_or(0),
        ))
    }

    /// The next delivery attempt due at `now`, signed at `now`, if any. Report it with
    /// [`Engine::delivery_result`].
    pub fn poll_delivery(&mut self, now: Millis) -> Option<Attempt> {
        let sandbox = self.sandbox_ms(now);
        loop {
            let first = self.due.first()?.clone();
            if first.0 > sandbox {
                return None;
            }
            self.due.remove(&first);
            let Some(d) = self.deliveries.get(&first.2) else {
                continue;
            };
            let (Some(ev), Some(ep)) = (
                self.events.get(&d.event),
                self.endpoints.iter().find(|e| e.id == d.endpoint),
            ) else {
                continue;
            };
            let secs = i64::try_from(now.0 / 1000).unwrap_or(i64::MAX);
            let mut headers = vec![("Content-Type".to_owned(), "application/json".to_owned())];
            if let Ok(sig) = sign(
                ev.body.as_bytes(),
                &[ep.secret.as_str()],
                UnixTime::from_secs(secs),
            ) {
                headers.push(("Kinetic-Signature".to_owned(), sig));
            }
            self.in_flight.insert(d.id.clone());
            return Some(Attempt {
                delivery: d.id.clone(),
                event: ev.id.clone(),
                event_type: ev.r#type.clone(),
                url: ep.url.clone(),
                attempt: d.attempts + 1,
                headers,
                body: ev.body.clone().into_bytes(),
            });
        }
    }

    /// Records how an attempt from [`Engine::poll_delivery`] went: done on a 2xx, else
    /// scheduled again while the retry window lasts. Returns the records to persist.
    pub fn delivery_result(
        &mut self,
        delivery: &str,
        result: AttemptResult,
        now: Millis,
    ) -> Vec<Record> {
        let mut tx = Vec::new();
        if !self.in_flight.remove(delivery) {
            return tx;
        }
        let sandbox = self.sandbox_ms(now);
        let speed = i64::from(self.speed);
        let Some(d) = self.deliveries.get_mut(delivery) else {
            return tx;
        };
        if d.status != "pending" {
            return tx;
        }
        d.attempts += 1;
        let first = *d.first_ms.get_or_insert(sandbox);
        let (status, err, ok) = match &result {
            AttemptResult::Status(s) => (Some(*s), None, (200..300).contains(s)),
            AttemptResult::Failed(m) => (None, Some(m.clone()), false),
        };
        d.log.push(AttemptLog {
            attempt: d.attempts,
            at: rfc3339(i64::try_from(now.0).unwrap_or(i64::MAX)),
            status,
            error: err,
            ok,
        });
        if d.log.len() > MAX_ATTEMPT_LOG {
            d.log.remove(0);
        }
        if ok {
            d.status = "delivered".into();
        } else {
            let idx = usize::try_from(d.attempts.saturating_sub(1)).unwrap_or(usize::MAX);
            let delay = RETRY_SCHEDULE
                .get(idx)
                .or(RETRY_SCHEDULE.last())
                .map_or(0, |d| ms(*d));
            let end = first.saturating_add(ms(RETRY_WINDOW) / speed);
            let mut next = sandbox.saturating_add(delay / speed);
            if next > end {
                next = end;
            }
            if sandbox >= end {
                d.status = "failed".into();
            } else {
                d.next_ms = next;
                self.due.insert((next, d.seq, d.id.clone()));
            }
        }
        let d = d.clone();
        put(&mut tx, Kind::Delivery, &d.id, &d);
        tx
    }

    /// Counters since start.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// Deliveries not yet delivered nor given up (taken attempts included).
    pub fn pending_deliveries(&self) -> usize {
        self.deliveries
            .values()
            .filter(|d| d.status == "pending")
            .count()
    }

    /// The webhook endpoints as `(url, secret)`.
    pub fn endpoints(&self) -> Vec<(String, String)> {
        self.endpoints
            .iter()
            .map(|e| (e.url.clone(), e.secret.clone()))
            .collect()
    }

    /// Every payment's public JSON, by id.
    pub fn payments(&self) -> Vec<Value> {
        let mut v: Vec<&Payment> = self.payments.values().collect();
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v.into_iter().map(Payment::public).collect()
    }

    /// Every event id, in the order the events happened.
    pub fn event_ids(&self) -> Vec<String> {
        let mut v: Vec<&Event> = self.events.values().collect();
        v.sort_by_key(|e| e.seq);
        v.into_iter().map(|e| e.id.clone()).collect()
    }

    /// For each event id, whether its delivery to every endpoint is done.
    pub fn delivered(&self, event: &str) -> bool {
        self.endpoints.iter().all(|ep| {
            self.deliveries
                .values()
                .any(|d| d.event == event && d.endpoint == ep.id && d.status == "delivered")
        })
    }

    /// The resource made with idempotency key `key`, if any.
    pub fn resource_for(&self, key: &str) -> Option<&str> {
        self.idem.get(key).and_then(|i| i.resource.as_deref())
    }

    // ---- internals ----

    fn sandbox_ms(&self, now: Millis) -> i64 {
        i64::try_from(now.0)
            .unwrap_or(i64::MAX)
            .saturating_add(self.meta.offset_ms)
    }

    fn next_request_id(&mut self) -> String {
        self.request_seq += 1;
        format!("req_{}", self.request_seq)
    }

    fn next_id(&mut self, prefix: &str) -> String {
        self.meta.counter += 1;
        format!("{prefix}{:06}{}", self.meta.counter, self.meta.salt)
    }

    fn put_meta(&self, tx: &mut Vec<Record>) {
        put(tx, Kind::Meta, "meta", &self.meta);
    }

    fn delay(&self, d: Duration) -> i64 {
        ms(d) / i64::from(self.speed)
    }

    fn take_fault(&mut self, route: &str) -> Option<FaultKind> {
        let i = self
            .faults
            .iter()
            .position(|f| f.times > 0 && (f.route == "*" || f.route == route))?;
        let rule = self.faults.get_mut(i)?;
        if rule.skip > 0 {
            rule.skip -= 1;
            return None;
        }
        rule.times -= 1;
        let kind = rule.kind;
        if rule.times == 0 {
            self.faults.remove(i);
        }
        Some(kind)
    }

    fn add_endpoint(
        &mut self,
        url: &str,
        secret: Option<String>,
        tx: &mut Vec<Record>,
    ) -> Result<Endpoint, String> {
        if !(url.starts_with("http://") || url.starts_with("https://"))
            || url.len() > 2048
            || url.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(format!("the webhook endpoint {:?} is not an http:// or https:// URL; pass one like http://127.0.0.1:3000/webhooks", url.chars().take(80).collect::<String>()));
        }
        if let Some(s) = &secret {
            if !s.starts_with("whsec_") {
                return Err("a webhook secret starts with whsec_ (e.g. whsec_test_secret); pass one like that, or none to have one generated".into());
            }
            if let Err(e) = Verifier::new(&[s.as_str()]) {
                return Err(format!(
                    "the webhook secret is not usable ({e}); pass one like whsec_test_secret"
                ));
            }
        }
        let id = format!("we_{}", &hex::encode(sha256_digest(url.as_bytes()))[..16]);
        let existing = self.endpoints.iter_mut().find(|e| e.id == id);
        let ep = match existing {
            Some(e) => {
                if let Some(s) = secret {
                    e.secret = s;
                }
                e.clone()
            }
            None => {
                let secret = secret.unwrap_or_else(|| {
                    let mut h = Sha256::default();
                    h.update(&self.entropy);
                    h.update(url.as_bytes());
                    format!("whsec_{}", &hex::encode(h.finalize())[..32])
                });
                let e = Endpoint {
                    id,
                    url: url.to_owned(),
                    secret,
                };
                self.endpoints.push(e.clone());
                e
            }
        };
        put(tx, Kind::Endpoint, &ep.id, &ep);
        Ok(ep)
    }

    /// Settlements due at `now`.
    fn run_due(&mut self, now: Millis, tx: &mut Vec<Record>) {
        let sandbox = self.sandbox_ms(now);
        let mut touched = false;
        while let Some(first) = self.settle.first().cloned() {
            if first.0 > sandbox {
                break;
            }
            self.settle.remove(&first);
            touched = true;
            let id = first.1;
            if let Some(p) = self.payments.get_mut(&id) {
                if p.status != "processing" {
                    continue;
                }
                p.due_ms = None;
                let ty = match p.fails_with.take() {
                    Some(code) => {
                        p.status = "failed".into();
                        p.failure_message = Some(failure_message(&code).into());
                        p.failure_code = Some(code);
                        "payment.failed"
                    }
                    None => {
                        p.status = "completed".into();
                        p.settled_at = Some(rfc3339(first.0));
                        "payment.completed"
                    }
                };
                let p = p.clone();
                put(tx, Kind::Payment, &p.id, &p);
                self.emit(ty, p.public(), first.0, tx);
            } else if let Some(r) = self.refunds.get_mut(&id) {
                if r.status != "pending" {
                    continue;
                }
                r.status = "completed".into();
                r.due_ms = None;
                let r = r.clone();
                put(tx, Kind::Refund, &r.id, &r);
                self.emit("refund.completed", r.public(), first.0, tx);
                if let Some(p) = self.payments.get_mut(&r.payment) {
                    if p.refunded >= p.amount {
                        p.status = "refunded".into();
                    }
                    let p = p.clone();
                    put(tx, Kind::Payment, &p.id, &p);
                    self.emit("payment.refunded", p.public(), first.0, tx);
                }
            }
        }
        if touched {
            self.put_meta(tx);
        }
    }

    /// Makes an event and its deliveries (due now).
    fn emit(&mut self, ty: &str, object: Value, at: i64, tx: &mut Vec<Record>) {
        let id = self.next_id("evt_");
        let seq = self.meta.counter;
        let body = json!({
            "id": id, "object": "event", "type": ty, "api_version": API_VERSION,
            "created_at": rfc3339(at), "livemode": false, "data": { "object": object },
        })
        .to_string();
        let ev = Event {
            id: id.clone(),
            seq,
            r#type: ty.to_owned(),
            body,
        };
        put(tx, Kind::Event, &id, &ev);
        self.events.insert(id.clone(), ev);
        let copies = if self.duplicates && seq % 3 == 0 {
            2
        } else {
            1
        };
        let endpoints: Vec<String> = self.endpoints.iter().map(|e| e.id.clone()).collect();
        for ep in endpoints
            .iter()
            .flat_map(|e| std::iter::repeat(e.clone()).take(copies))
        {
            let did = self.next_id("dl_");
            let d = Delivery {
                id: did.clone(),
                seq: self.meta.counter,
                event: id.clone(),
                endpoint: ep,
                status: "pending".into(),
                attempts: 0,
                first_ms: None,
                next_ms: at,
                log: Vec::new(),
            };
            put(tx, Kind::Delivery, &did, &d);
            self.due.insert((at, d.seq, did.clone()));
            self.deliveries.insert(did, d);
        }
    }
}
