//! The engine: state, requests, settlements, deliveries and faults.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;
use std::time::Duration;

use kinetic_flow_core::api_error;
use kinetic_flow_core::idempotency::IdempotencyKey;
use kinetic_flow_core::payment::{self, Destination, Rail, RailLimits};
use kinetic_flow_core::request::{ApiKey, EventId, Mode, PaymentId, RefundId, TokenId};
use kinetic_flow_core::webhook::{sign, Verifier};
use kinetic_flow_core::{UnixTime, API_VERSION};
use serde::Serialize;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::model::{
    AttemptLog, Delivery, Endpoint, Event, Idem, Kind, Meta, Payment, Record, Refund, Token,
    MAX_ATTEMPT_LOG,
};
use crate::time::{rfc3339, Millis};
use crate::{IDEMPOTENCY_TTL, MAX_BODY_BYTES, RETRY_SCHEDULE, RETRY_WINDOW};

/// How the sandbox is set up: its speed, its entropy, and the webhook endpoints given at start.
#[derive(Clone)]
pub struct Config {
    speed: u32,
    entropy: [u8; 32],
    endpoints: Vec<(String, Option<String>)>,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("speed", &self.speed)
            .field(
                "endpoints",
                &self.endpoints.iter().map(|e| &e.0).collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

impl Config {
    /// A sandbox at speed 1 with no endpoints. `entropy` (from the OS) salts ids and makes the
    /// secrets of endpoints given without one.
    pub fn new(entropy: [u8; 32]) -> Config {
        Config {
            speed: 1,
            entropy,
            endpoints: Vec::new(),
        }
    }

    /// Divides every sandbox delay (settlements, the retry schedule and its window) by `n`
    /// (at least 1).
    pub fn speed(mut self, n: u32) -> Config {
        self.speed = n.max(1);
        self
    }

    /// Adds a webhook endpoint. With no secret, the one stored for this URL is kept, else one
    /// is generated.
    pub fn forward_to(mut self, url: impl Into<String>, secret: Option<String>) -> Config {
        self.endpoints.push((url.into(), secret));
        self
    }
}

/// An HTTP request as the engine reads it. Header names are matched case-insensitively.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    method: &'a str,
    path: &'a str,
    headers: Vec<(&'a str, &'a str)>,
    body: &'a [u8],
}

impl<'a> Request<'a> {
    /// A request: method, path (a query string is ignored) and the raw body.
    pub fn new(method: &'a str, path: &'a str, body: &'a [u8]) -> Request<'a> {
        Request {
            method,
            path,
            headers: Vec::new(),
            body,
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &'a str, value: &'a str) -> Request<'a> {
        self.headers.push((name, value));
        self
    }

    fn get(&self, name: &str) -> Option<&'a str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }

    fn to_owned(&self) -> Stashed {
        Stashed {
            method: self.method.to_owned(),
            path: self.path.to_owned(),
            headers: self
                .headers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
            body: self.body.to_vec(),
        }
    }
}

#[derive(Debug)]
struct Stashed {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// An HTTP response: status, headers (always `Content-Type` and `Request-Id`) and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Header names and values.
    pub headers: Vec<(String, String)>,
    /// The body, JSON.
    pub body: Vec<u8>,
}

impl Response {
    /// The value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What the shell does with a response, once the outcome's records are committed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Action {
    /// Send the response.
    Respond,
    /// Close the connection without a response (the `drop_after_commit` fault).
    Drop,
    /// Hold the connection open and never answer (the `timeout` fault).
    Hang,
    /// Wait until `until`, then call [`Engine::resume`] with `ticket` and answer its outcome
    /// (the `latency` fault). The request's idempotency key is in progress meanwhile.
    Wait {
        /// When to resume (real time).
        until: Millis,
        /// What to resume.
        ticket: Ticket,
    },
}

/// A request held by a `latency` fault, to hand back to [`Engine::resume`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ticket(u64);

/// The engine's answer to a request.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Outcome {
    /// The response (not sent for [`Action::Drop`] and [`Action::Hang`]).
    pub response: Response,
    /// What to do with it.
    pub action: Action,
    /// What to persist, in one transaction, before the response goes out.
    pub records: Vec<Record>,
    /// The route, e.g. `POST /v1/payments` (for the log).
    pub route: String,
    /// The fault that fired, described (for the log).
    pub fault: Option<String>,
}

/// One delivery attempt to carry out: POST `body` with `headers` to `url`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Attempt {
    /// The delivery (`dl_…`), to report with [`Engine::delivery_result`].
    pub delivery: String,
    /// The event (`evt_…`).
    pub event: String,
    /// The event type.
    pub event_type: String,
    /// The endpoint's URL.
    pub url: String,
    /// 1 for the first attempt.
    pub attempt: u32,
    /// `Content-Type` and `Kinetic-Signature` (signed at `now`).
    pub headers: Vec<(String, String)>,
    /// The event's JSON.
    pub body: Vec<u8>,
}

impl Attempt {
    /// The `Kinetic-Signature` header's value.
    pub fn signature(&self) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == "Kinetic-Signature")
            .map(|(_, v)| v.as_str())
    }
}

/// How a delivery attempt went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttemptResult {
    /// The endpoint answered with this status (2xx: delivered).
    Status(u16),
    /// No answer: connection refused or reset, timeout; the sentence says which.
    Failed(String),
}

/// Counters since the engine started (not persisted).
#[derive(Debug, Clone, Default, Serialize)]
#[non_exhaustive]
pub struct Stats {
    /// API requests handled (not the `/_sandbox` control routes).
    pub requests: u64,
    /// Payments created.
    pub payments_created: u64,
    /// Responses replayed for an idempotency key.
    pub replays: u64,
    /// 409 `idempotency_conflict` answers.
    pub conflicts: u64,
    /// Faults fired, by kind.
    pub faults: BTreeMap<String, u64>,
}

/// A stored row that cannot be read back, or a bad endpoint in the [`Config`].
#[derive(Debug)]
#[non_exhaustive]
pub enum RestoreError {
    /// A stored row is not what the engine wrote.
    Row {
        /// Its kind.
        kind: Kind,
        /// Its id.
        id: String,
        /// Why it does not read.
        source: serde_json::Error,
    },
    /// An endpoint given in the config is not usable.
    Endpoint {
        /// What is wrong and how to fix it.
        message: String,
    },
}

impl fmt::Display for RestoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RestoreError::Row { kind, id, .. } => write!(
                f,
                "the stored {} row {id:?} is not readable; use another --data file or --memory",
                kind.as_str()
            ),
            RestoreError::Endpoint { message } => f.write_str(message),
        }
    }
}

impl std::error::Error for RestoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RestoreError::Row { source, .. } => Some(source),
            RestoreError::Endpoint { .. } => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FaultKind {
    Latency {
        ms: u64,
    },
    Status {
        status: u16,
        retry_after: Option<u64>,
    },
    FailBeforeCommit,
    DropAfterCommit,
    Timeout,
}

impl FaultKind {
    fn name(self) -> &'static str {
        match self {
            FaultKind::Latency { .. } => "latency",
            FaultKind::Status { .. } => "status",
            FaultKind::FailBeforeCommit => "fail_before_commit",
            FaultKind::DropAfterCommit => "drop_after_commit",
            FaultKind::Timeout => "timeout",
        }
    }
}

#[derive(Debug, Clone)]
struct FaultRule {
    route: String,
    kind: FaultKind,
    times: u64,
    skip: u64,
}

impl FaultRule {
    fn public(&self) -> Value {
        let mut v = Map::new();
        v.insert("route".into(), self.route.clone().into());
        v.insert("kind".into(), self.kind.name().into());
        v.insert("times".into(), self.times.into());
        v.insert("skip".into(), self.skip.into());
        match self.kind {
            FaultKind::Latency { ms } => {
                v.insert("ms".into(), ms.into());
            }
            FaultKind::Status {
                status,
                retry_after,
            } => {
                v.insert("status".into(), status.into());
                if let Some(r) = retry_after {
                    v.insert("retry_after".into(), r.into());
                }
            }
            _ => {}
        }
        Value::Object(v)
    }
}

/// The API's routes, as fault rules name them.
const ROUTES: [&str; 7] = [
    "POST /v1/payments",
    "GET /v1/payments/{id}",
    "POST /v1/refunds",
    "GET /v1/refunds/{id}",
    "POST /v1/tokens",
    "GET /v1/tokens/{id}",
    "GET /v1/events/{id}",
];

/// The sandbox: every resource, idempotency record, delivery and fault rule, in memory, changed
/// only through its methods, each of which returns the [`Record`]s to persist.
#[derive(Debug)]
pub struct Engine {
    speed: u32,
    entropy: [u8; 32],
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
        let id = format!("we_{}", &hex::encode(Sha256::digest(url.as_bytes()))[..16]);
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
                    let mut h = Sha256::new();
                    h.update(self.entropy);
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
        let endpoints: Vec<String> = self.endpoints.iter().map(|e| e.id.clone()).collect();
        for ep in endpoints {
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

    fn api(
        &mut self,
        req: &Request<'_>,
        route: &Route,
        now: Millis,
        rid: &str,
        tx: &mut Vec<Record>,
    ) -> Response {
        let r = self.api_inner(req, route, now, rid, tx);
        let r = match r {
            Ok(r) | Err(r) => r,
        };
        if !tx.is_empty() {
            self.put_meta(tx);
        }
        r
    }

    fn api_inner(
        &mut self,
        req: &Request<'_>,
        route: &Route,
        now: Millis,
        rid: &str,
        tx: &mut Vec<Record>,
    ) -> Answer {
        auth(req, rid)?;
        if let Some(v) = req.get("Kinetic-Version") {
            if v != API_VERSION {
                return Err(error(400, "invalid_version", &format!("Kinetic-Version must be {API_VERSION} (the version this sandbox serves), or absent."), Some("Kinetic-Version"), rid));
            }
        }
        match (route.label, route.id.as_deref()) {
            ("POST /v1/payments", _) => self.create_payment(req, now, rid, tx),
            ("POST /v1/refunds", _) => self.create_refund(req, now, rid, tx),
            ("POST /v1/tokens", _) => self.create_token(req, now, rid, tx),
            ("GET /v1/payments/{id}", Some(id)) => {
                PaymentId::parse(id)
                    .map_err(|e| error(400, e.code(), &e.to_string(), Some("id"), rid))?;
                let p = self
                    .payments
                    .get(id)
                    .ok_or_else(|| missing("payment", id, rid))?;
                Ok(ok(200, &p.public(), rid))
            }
            ("GET /v1/refunds/{id}", Some(id)) => {
                RefundId::parse(id)
                    .map_err(|e| error(400, e.code(), &e.to_string(), Some("id"), rid))?;
                let r = self
                    .refunds
                    .get(id)
                    .ok_or_else(|| missing("refund", id, rid))?;
                Ok(ok(200, &r.public(), rid))
            }
            ("GET /v1/tokens/{id}", Some(id)) => {
                TokenId::parse(id)
                    .map_err(|e| error(400, e.code(), &e.to_string(), Some("id"), rid))?;
                let t = self
                    .tokens
                    .get(id)
                    .ok_or_else(|| missing("token", id, rid))?;
                Ok(ok(200, &t.public(), rid))
            }
            ("GET /v1/events/{id}", Some(id)) => {
                EventId::parse(id)
                    .map_err(|e| error(400, e.code(), &e.to_string(), Some("id"), rid))?;
                let e = self
                    .events
                    .get(id)
                    .ok_or_else(|| missing("event", id, rid))?;
                Ok(raw(200, e.body.clone().into_bytes(), rid))
            }
            _ => Err(error(404, "not_found", "Unknown endpoint.", None, rid)),
        }
    }

    /// The JSON body and idempotency key of a POST.
    fn post_body(req: &Request<'_>, rid: &str) -> Result<(Value, Option<String>), Response> {
        let body = json_body(req.body, rid)?;
        let header = req.get("Idempotency-Key");
        let in_body = body.get("idempotency_key").and_then(Value::as_str);
        if let (Some(h), Some(b)) = (header, in_body) {
            if h != b {
                return Err(error(
                    400,
                    "idempotency_key_mismatch",
                    "The body's idempotency_key must equal the Idempotency-Key header.",
                    Some("idempotency_key"),
                    rid,
                ));
            }
        }
        let key = header.or(in_body).map(str::to_owned);
        if let Some(k) = &key {
            if let Err(e) = IdempotencyKey::parse(k) {
                return Err(error(400, e.code, &e.message, Some("Idempotency-Key"), rid));
            }
        }
        Ok((body, key))
    }

    /// A stored answer for `key`, or a 409, or `Ok(None)` to go on.
    fn idempotent(
        &mut self,
        key: Option<&str>,
        route: &str,
        fingerprint: &str,
        now: Millis,
        rid: &str,
    ) -> Result<Option<Response>, Response> {
        let Some(key) = key else { return Ok(None) };
        if self.in_progress.contains_key(key) {
            self.stats.conflicts += 1;
            return Err(error(409, "idempotency_conflict", "A request with this idempotency key is still in progress; retry once it has been answered.", Some("idempotency_key"), rid));
        }
        let sandbox = self.sandbox_ms(now);
        let Some(rec) = self.idem.get(key) else {
            return Ok(None);
        };
        if sandbox.saturating_sub(rec.created_ms) > ms(IDEMPOTENCY_TTL) {
            return Ok(None);
        }
        if rec.route != route || rec.fingerprint != fingerprint {
            self.stats.conflicts += 1;
            return Err(error(409, "idempotency_conflict", "This idempotency key was already used with a different request; use a new key for a new request.", Some("idempotency_key"), rid));
        }
        self.stats.replays += 1;
        let mut r = raw(rec.status, rec.body.clone().into_bytes(), rid);
        r.headers
            .push(("Idempotent-Replayed".into(), "true".into()));
        Ok(Some(r))
    }

    #[allow(clippy::too_many_arguments)]
    fn remember(
        &mut self,
        key: Option<String>,
        route: &str,
        fingerprint: String,
        r: &Response,
        resource: &str,
        now: Millis,
        tx: &mut Vec<Record>,
    ) {
        let Some(key) = key else { return };
        let rec = Idem {
            key: key.clone(),
            route: route.to_owned(),
            fingerprint,
            status: r.status,
            body: String::from_utf8_lossy(&r.body).into_owned(),
            created_ms: self.sandbox_ms(now),
            resource: Some(resource.to_owned()),
        };
        put(tx, Kind::Idempotency, &key, &rec);
        self.idem.insert(key, rec);
    }

    fn create_payment(
        &mut self,
        req: &Request<'_>,
        now: Millis,
        rid: &str,
        tx: &mut Vec<Record>,
    ) -> Answer {
        let route = "POST /v1/payments";
        let (body, key) = Self::post_body(req, rid)?;
        let valid = payment::validate(&body).map_err(|e| invalid(&e, rid))?;
        let fp = payment::fingerprint(&valid);
        if let Some(r) = self.idempotent(key.as_deref(), route, &fp, now, rid)? {
            return Ok(r);
        }
        let amount = valid.amount().cents();
        let rail = match valid.rail() {
            Rail::Auto if amount <= RailLimits::default().limit(Rail::Fednow) => Rail::Fednow,
            Rail::Auto => Rail::Wire,
            r => r,
        };
        let (destination, account) = match valid.destination() {
            Destination::Bank {
                routing_number,
                account_number,
            } => (
                json!({ "routing_number": routing_number.as_str(), "account_number": format!("****{}", account_number.last4()) }),
                account_number.as_str().to_owned(),
            ),
            Destination::Token(t) => {
                let tok = self.tokens.get(t.as_str()).ok_or_else(|| {
                    error(
                        400,
                        "resource_missing",
                        &format!(
                            "No such token: {}; create one with POST /v1/tokens.",
                            t.as_str()
                        ),
                        Some("destination.token"),
                        rid,
                    )
                })?;
                (json!({ "token": t.as_str() }), tok.account_number.clone())
            }
            _ => {
                return Err(error(
                    400,
                    "invalid_destination",
                    "This destination is not supported by the sandbox.",
                    Some("destination"),
                    rid,
                ))
            }
        };
        let fails_with = if account.ends_with("0002") {
            Some("account_closed".to_owned())
        } else if account.ends_with("0004") {
            Some("account_not_found".to_owned())
        } else {
            None
        };
        let sandbox = self.sandbox_ms(now);
        let id = self.next_id("pay_");
        let metadata = valid
            .metadata()
            .to_json()
            .as_object()
            .cloned()
            .unwrap_or_default();
        let settle_after = match rail {
            Rail::Fednow | Rail::Rtp => None,
            Rail::SameDayAch => Some(self.delay(Duration::from_secs(4 * 3600))),
            Rail::Ach => Some(self.delay(Duration::from_secs(24 * 3600))),
            _ => Some(self.delay(Duration::from_secs(30 * 60))),
        };
        let mut p = Payment {
            id: id.clone(),
            status: "processing".into(),
            amount,
            currency: valid.currency().as_str().to_owned(),
            rail: rail.as_str().to_owned(),
            destination,
            metadata,
            failure_code: None,
            failure_message: None,
            settled_at: None,
            created_at: rfc3339(sandbox),
            due_ms: None,
            fails_with: None,
            refunded: 0,
        };
        match settle_after {
            None => match fails_with {
                Some(code) => {
                    p.status = "failed".into();
                    p.failure_message = Some(failure_message(&code).into());
                    p.failure_code = Some(code);
                }
                None => {
                    p.status = "completed".into();
                    p.settled_at = Some(rfc3339(sandbox));
                }
            },
            Some(after) => {
                let at = sandbox.saturating_add(after);
                p.due_ms = Some(at);
                p.fails_with = fails_with;
                self.settle.insert((at, id.clone()));
            }
        }
        put(tx, Kind::Payment, &id, &p);
        let public = p.public();
        match p.status.as_str() {
            "processing" => {
                self.emit("payment.created", public.clone(), sandbox, tx);
                self.emit("payment.processing", public.clone(), sandbox, tx);
            }
            "failed" => {
                self.emit("payment.created", public.clone(), sandbox, tx);
                self.emit("payment.failed", public.clone(), sandbox, tx);
            }
            _ => {
                self.emit("payment.created", public.clone(), sandbox, tx);
                self.emit("payment.completed", public.clone(), sandbox, tx);
            }
        }
        self.payments.insert(id.clone(), p);
        self.stats.payments_created += 1;
        let r = ok(201, &public, rid);
        self.remember(key, route, fp, &r, &id, now, tx);
        Ok(r)
    }

    fn create_refund(
        &mut self,
        req: &Request<'_>,
        now: Millis,
        rid: &str,
        tx: &mut Vec<Record>,
    ) -> Answer {
        let route = "POST /v1/refunds";
        let (body, key) = Self::post_body(req, rid)?;
        let valid = payment::validate_refund(&body).map_err(|e| invalid(&e, rid))?;
        let fp = fingerprint_of(route, valid.to_json());
        if let Some(r) = self.idempotent(key.as_deref(), route, &fp, now, rid)? {
            return Ok(r);
        }
        let pid = valid.payment().as_str().to_owned();
        let p = self
            .payments
            .get(&pid)
            .ok_or_else(|| missing("payment", &pid, rid))?;
        if p.status != "completed" {
            return Err(error(
                400,
                "payment_not_refundable",
                &format!(
                    "Only a completed payment can be refunded; {pid} is {}.",
                    p.status
                ),
                Some("payment"),
                rid,
            ));
        }
        let left = p.amount.saturating_sub(p.refunded);
        let amount = valid.amount().map_or(left, |a| a.cents());
        if amount > left {
            return Err(error(
                400,
                "amount_exceeds_refundable",
                &format!("amount must be at most {left}, what is left to refund of {pid}."),
                Some("amount"),
                rid,
            ));
        }
        let currency = p.currency.clone();
        let sandbox = self.sandbox_ms(now);
        let id = self.next_id("re_");
        let at = sandbox.saturating_add(self.delay(Duration::from_secs(5 * 60)));
        let r = Refund {
            id: id.clone(),
            payment: pid.clone(),
            amount,
            currency,
            status: "pending".into(),
            created_at: rfc3339(sandbox),
            due_ms: Some(at),
        };
        if let Some(p) = self.payments.get_mut(&pid) {
            p.refunded = p.refunded.saturating_add(amount);
            let p = p.clone();
            put(tx, Kind::Payment, &pid, &p);
        }
        put(tx, Kind::Refund, &id, &r);
        self.settle.insert((at, id.clone()));
        let public = r.public();
        self.refunds.insert(id.clone(), r);
        self.emit("refund.created", public.clone(), sandbox, tx);
        let resp = ok(201, &public, rid);
        self.remember(key, route, fp, &resp, &id, now, tx);
        Ok(resp)
    }

    fn create_token(
        &mut self,
        req: &Request<'_>,
        now: Millis,
        rid: &str,
        tx: &mut Vec<Record>,
    ) -> Answer {
        let route = "POST /v1/tokens";
        let (body, key) = Self::post_body(req, rid)?;
        let valid = payment::validate_token(&body).map_err(|e| invalid(&e, rid))?;
        let fp = fingerprint_of(route, valid.to_json());
        if let Some(r) = self.idempotent(key.as_deref(), route, &fp, now, rid)? {
            return Ok(r);
        }
        let sandbox = self.sandbox_ms(now);
        let id = self.next_id("tok_");
        let t = Token {
            id: id.clone(),
            routing_number: valid.routing_number().as_str().to_owned(),
            account_number: valid.account_number().as_str().to_owned(),
            created_at: rfc3339(sandbox),
        };
        put(tx, Kind::Token, &id, &t);
        let public = t.public();
        self.tokens.insert(id.clone(), t);
        self.emit("token.created", public.clone(), sandbox, tx);
        let resp = ok(201, &public, rid);
        self.remember(key, route, fp, &resp, &id, now, tx);
        Ok(resp)
    }

    fn control(
        &mut self,
        req: &Request<'_>,
        path: &str,
        now: Millis,
        rid: &str,
        tx: &mut Vec<Record>,
    ) -> Response {
        let r = match (req.method, path) {
            ("POST", "/_sandbox/clock/advance") => self.advance(req, now, rid, tx),
            ("GET", "/_sandbox/clock") => Ok(ok(200, &self.clock_json(now), rid)),
            ("POST", "/_sandbox/faults") => self.add_fault(req, rid),
            ("GET", "/_sandbox/faults") => Ok(ok(
                200,
                &json!({ "data": self.faults.iter().map(FaultRule::public).collect::<Vec<_>>() }),
                rid,
            )),
            ("DELETE", "/_sandbox/faults") => {
                self.faults.clear();
                Ok(ok(200, &json!({ "data": [] }), rid))
            }
            ("GET", "/_sandbox/deliveries") => {
                let mut v: Vec<&Delivery> = self.deliveries.values().collect();
                v.sort_by_key(|d| d.seq);
                let data: Vec<Value> = v
                    .into_iter()
                    .map(|d| {
                        let url = self
                            .endpoints
                            .iter()
                            .find(|e| e.id == d.endpoint)
                            .map_or("", |e| e.url.as_str());
                        d.public(url)
                    })
                    .collect();
                Ok(ok(200, &json!({ "data": data }), rid))
            }
            ("POST", "/_sandbox/webhook_endpoints") => self.post_endpoint(req, rid, tx),
            ("GET", "/_sandbox/webhook_endpoints") => {
                let data: Vec<Value> = self
                    .endpoints
                    .iter()
                    .map(|e| json!({ "id": e.id, "url": e.url, "secret": e.secret }))
                    .collect();
                Ok(ok(200, &json!({ "data": data }), rid))
            }
            ("DELETE", "/_sandbox/data") => Ok(self.reset(rid, tx)),
            ("GET", "/_sandbox/stats") => {
                let pending = self.pending_deliveries();
                let delivered = self
                    .deliveries
                    .values()
                    .filter(|d| d.status == "delivered")
                    .count();
                let failed = self
                    .deliveries
                    .values()
                    .filter(|d| d.status == "failed")
                    .count();
                Ok(ok(
                    200,
                    &json!({
                        "stats": self.stats, "payments": self.payments.len(), "events": self.events.len(),
                        "deliveries": { "pending": pending, "delivered": delivered, "failed": failed },
                    }),
                    rid,
                ))
            }
            ("GET", "/_sandbox/events") => {
                let mut v: Vec<&Event> = self.events.values().collect();
                v.sort_by_key(|e| e.seq);
                let data: Vec<Value> = v
                    .into_iter()
                    .filter_map(|e| serde_json::from_str(&e.body).ok())
                    .collect();
                Ok(ok(200, &json!({ "data": data }), rid))
            }
            ("GET", "/_sandbox/payments") => Ok(ok(200, &json!({ "data": self.payments() }), rid)),
            ("GET", "/_sandbox/idempotency") => {
                let mut v: Vec<&Idem> = self.idem.values().collect();
                v.sort_by(|a, b| a.key.cmp(&b.key));
                let data: Vec<Value> = v.into_iter().map(|i| json!({ "key": i.key, "route": i.route, "status": i.status, "resource": i.resource })).collect();
                Ok(ok(200, &json!({ "data": data }), rid))
            }
            (_, p) => {
                const CONTROL: [(&str, &str); 10] = [
                    ("/_sandbox/events", "GET"),
                    ("/_sandbox/clock/advance", "POST"),
                    ("/_sandbox/clock", "GET"),
                    ("/_sandbox/faults", "GET, POST, DELETE"),
                    ("/_sandbox/deliveries", "GET"),
                    ("/_sandbox/webhook_endpoints", "GET, POST"),
                    ("/_sandbox/data", "DELETE"),
                    ("/_sandbox/stats", "GET"),
                    ("/_sandbox/payments", "GET"),
                    ("/_sandbox/idempotency", "GET"),
                ];
                match CONTROL.iter().find(|(path, _)| *path == p) {
                    Some((_, allow)) => Err(not_allowed(req.method, allow)(rid)),
                    None => Err(error(
                        404,
                        "not_found",
                        &format!(
                            "No sandbox control route {p}; the routes are {}.",
                            CONTROL.iter().map(|c| c.0).collect::<Vec<_>>().join(", ")
                        ),
                        None,
                        rid,
                    )),
                }
            }
        };
        match r {
            Ok(r) | Err(r) => r,
        }
    }

    fn clock_json(&self, now: Millis) -> Value {
        json!({ "now": rfc3339(self.sandbox_ms(now)), "offset_seconds": self.meta.offset_ms / 1000, "speed": self.speed })
    }

    fn advance(
        &mut self,
        req: &Request<'_>,
        now: Millis,
        rid: &str,
        tx: &mut Vec<Record>,
    ) -> Answer {
        let body = json_body(req.body, rid)?;
        let secs = body.get("seconds").and_then(Value::as_u64).filter(|s| *s <= 10 * 365 * 86_400).ok_or_else(|| {
            error(400, "invalid_seconds", "seconds must be a whole number of seconds from 0 to 315360000, as in {\"seconds\": 3600}.", Some("seconds"), rid)
        })?;
        self.meta.offset_ms = self
            .meta
            .offset_ms
            .saturating_add(i64::try_from(secs).unwrap_or(0).saturating_mul(1000));
        self.put_meta(tx);
        self.run_due(now, tx);
        Ok(ok(200, &self.clock_json(now), rid))
    }

    fn add_fault(&mut self, req: &Request<'_>, rid: &str) -> Answer {
        let body = json_body(req.body, rid)?;
        // An array adds its rules in order (all or none), e.g. a whole fault schedule.
        if let Value::Array(rules) = body {
            let mut parsed = Vec::with_capacity(rules.len());
            for rule in &rules {
                parsed.push(parse_fault(rule, rid)?);
            }
            let data: Vec<Value> = parsed.iter().map(FaultRule::public).collect();
            self.faults.extend(parsed);
            return Ok(ok(201, &json!({ "data": data }), rid));
        }
        let rule = parse_fault(&body, rid)?;
        let public = rule.public();
        self.faults.push(rule);
        Ok(ok(201, &public, rid))
    }

    fn post_endpoint(&mut self, req: &Request<'_>, rid: &str, tx: &mut Vec<Record>) -> Answer {
        let body = json_body(req.body, rid)?;
        let url = body.get("url").and_then(Value::as_str).ok_or_else(|| {
            error(
                400,
                "required",
                "url is required, as in {\"url\": \"http://127.0.0.1:3000/webhooks\"}.",
                Some("url"),
                rid,
            )
        })?;
        let secret = match body.get("secret") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                return Err(error(
                    400,
                    "invalid_secret",
                    "secret must be a string starting with whsec_.",
                    Some("secret"),
                    rid,
                ))
            }
        };
        let ep = self
            .add_endpoint(url, secret, tx)
            .map_err(|m| error(400, "invalid_endpoint", &m, Some("url"), rid))?;
        Ok(ok(
            201,
            &json!({ "id": ep.id, "url": ep.url, "secret": ep.secret }),
            rid,
        ))
    }

    fn reset(&mut self, rid: &str, tx: &mut Vec<Record>) -> Response {
        self.payments.clear();
        self.refunds.clear();
        self.tokens.clear();
        self.events.clear();
        self.idem.clear();
        self.deliveries.clear();
        self.due.clear();
        self.in_flight.clear();
        self.settle.clear();
        self.faults.clear();
        self.meta.offset_ms = 0;
        for kind in [
            Kind::Payment,
            Kind::Refund,
            Kind::Token,
            Kind::Event,
            Kind::Idempotency,
            Kind::Delivery,
        ] {
            tx.push(Record::Clear { kind });
        }
        self.put_meta(tx);
        ok(200, &json!({ "reset": true }), rid)
    }
}

fn parse_fault(body: &Value, rid: &str) -> Result<FaultRule, Response> {
    let obj = body.as_object().ok_or_else(|| {
        error(
            400,
            "invalid_type",
            "A fault rule is a JSON object.",
            None,
            rid,
        )
    })?;
    const FIELDS: [&str; 7] = [
        "route",
        "kind",
        "times",
        "skip",
        "ms",
        "status",
        "retry_after",
    ];
    if let Some(k) = obj.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        return Err(error(
            400,
            "unknown_field",
            &format!(
                "{k} is not a fault rule field; the fields are {}.",
                FIELDS.join(", ")
            ),
            Some(k),
            rid,
        ));
    }
    let route = obj
        .get("route")
        .map_or(Some("*"), Value::as_str)
        .unwrap_or("")
        .to_owned();
    if route != "*" && !ROUTES.contains(&route.as_str()) {
        return Err(error(
            400,
            "invalid_route",
            &format!("route must be \"*\" or one of {}.", ROUTES.join(", ")),
            Some("route"),
            rid,
        ));
    }
    let num = |name: &str, default: Option<u64>, max: u64| -> Result<u64, Response> {
        match obj.get(name) {
            None => default.ok_or_else(|| {
                error(
                    400,
                    "required",
                    &format!("{name} is required for this kind."),
                    Some(name),
                    rid,
                )
            }),
            Some(v) => v.as_u64().filter(|n| *n <= max).ok_or_else(|| {
                error(
                    400,
                    "invalid_type",
                    &format!("{name} must be a whole number from 0 to {max}."),
                    Some(name),
                    rid,
                )
            }),
        }
    };
    let kind = match obj.get("kind").and_then(Value::as_str) {
        Some("latency") => FaultKind::Latency {
            ms: num("ms", None, 600_000)?,
        },
        Some("status") => {
            let status = u16::try_from(num("status", None, 599)?).unwrap_or(0);
            if status < 400 {
                return Err(error(
                    400,
                    "invalid_status",
                    "status must be an error status, 400 to 599.",
                    Some("status"),
                    rid,
                ));
            }
            let retry_after = match obj.get("retry_after") {
                None => None,
                Some(_) => Some(num("retry_after", None, 86_400)?),
            };
            FaultKind::Status {
                status,
                retry_after,
            }
        }
        Some("fail_before_commit") => FaultKind::FailBeforeCommit,
        Some("drop_after_commit") => FaultKind::DropAfterCommit,
        Some("timeout") => FaultKind::Timeout,
        _ => return Err(error(
            400,
            "invalid_kind",
            "kind must be one of latency, status, fail_before_commit, drop_after_commit, timeout.",
            Some("kind"),
            rid,
        )),
    };
    let times = num("times", Some(1), 1_000_000)?.max(1);
    let skip = num("skip", Some(0), 1_000_000)?;
    let rule = FaultRule {
        route,
        kind,
        times,
        skip,
    };
    Ok(rule)
}

#[derive(Debug)]
struct Route {
    label: &'static str,
    id: Option<String>,
}

type Deferred = Box<dyn FnOnce(&str) -> Response>;

fn match_route(method: &str, path: &str) -> Result<Route, Deferred> {
    let seg: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let (labels, id): (&[(&str, &'static str)], Option<String>) = match seg.as_slice() {
        ["v1", "payments"] => (&[("POST", "POST /v1/payments")], None),
        ["v1", "refunds"] => (&[("POST", "POST /v1/refunds")], None),
        ["v1", "tokens"] => (&[("POST", "POST /v1/tokens")], None),
        ["v1", "payments", id] => (&[("GET", "GET /v1/payments/{id}")], Some((*id).to_owned())),
        ["v1", "refunds", id] => (&[("GET", "GET /v1/refunds/{id}")], Some((*id).to_owned())),
        ["v1", "tokens", id] => (&[("GET", "GET /v1/tokens/{id}")], Some((*id).to_owned())),
        ["v1", "events", id] => (&[("GET", "GET /v1/events/{id}")], Some((*id).to_owned())),
        _ => {
            let p = path.chars().take(200).collect::<String>();
            return Err(Box::new(move |rid| {
                error(
                    404,
                    "not_found",
                    &format!("No route {p}; the API's routes are {}.", ROUTES.join(", ")),
                    None,
                    rid,
                )
            }));
        }
    };
    match labels.iter().find(|(m, _)| *m == method) {
        Some((_, label)) => Ok(Route { label, id }),
        None => {
            let allow = labels
                .iter()
                .map(|(m, _)| *m)
                .collect::<Vec<_>>()
                .join(", ");
            Err(not_allowed(method, &allow))
        }
    }
}

fn not_allowed(method: &str, allow: &str) -> Deferred {
    let method = method.chars().take(20).collect::<String>();
    let allow = allow.to_owned();
    Box::new(move |rid| {
        let mut r = error(
            405,
            "method_not_allowed",
            &format!("{method} is not allowed here; use {allow}."),
            None,
            rid,
        );
        r.headers.push(("Allow".into(), allow));
        r
    })
}

fn auth(req: &Request<'_>, rid: &str) -> Result<(), Response> {
    let Some(h) = req.get("Authorization") else {
        return Err(error(
            401,
            "unauthorized",
            "No API key: send Authorization: Bearer sk_test_… (any well-formed test key).",
            None,
            rid,
        ));
    };
    let key = h.strip_prefix("Bearer ").unwrap_or("");
    match ApiKey::parse(key.trim()) {
        Ok(k) if k.mode() == Mode::Test => Ok(()),
        Ok(_) => Err(error(403, "forbidden", "The sandbox takes test keys only (sk_test_…); never send a live key to it.", None, rid)),
        Err(_) => Err(error(401, "unauthorized", "The API key is malformed: send Authorization: Bearer sk_test_ followed by letters or digits.", None, rid)),
    }
}

fn json_body(body: &[u8], rid: &str) -> Result<Value, Response> {
    if body.len() > MAX_BODY_BYTES {
        return Err(error(
            413,
            "body_too_large",
            &format!("The body is over {MAX_BODY_BYTES} bytes (1 MiB); send a smaller one."),
            None,
            rid,
        ));
    }
    serde_json::from_slice(body).map_err(|e| {
        error(400, "invalid_json", &format!("The body is not JSON ({} at line {}, column {}); send a JSON object with Content-Type: application/json.", category(&e), e.line(), e.column()), None, rid)
    })
}

fn category(e: &serde_json::Error) -> &'static str {
    match e.classify() {
        serde_json::error::Category::Eof => "it ends early",
        serde_json::error::Category::Syntax => "a syntax error",
        serde_json::error::Category::Data => "bad data",
        serde_json::error::Category::Io => "a read error",
    }
}

fn invalid(e: &payment::ValidationError, rid: &str) -> Response {
    let errors: Vec<Value> = e
        .iter()
        .map(|f| json!({ "param": f.param, "code": f.code, "message": f.message }))
        .collect();
    let first = e.iter().next();
    let mut m = Map::new();
    m.insert(
        "code".into(),
        first.map_or("validation_failed", |f| f.code).into(),
    );
    m.insert(
        "message".into(),
        first
            .map_or_else(|| e.to_string(), |f| f.message.clone())
            .into(),
    );
    if let Some(f) = first {
        m.insert("param".into(), f.param.clone().into());
    }
    m.insert("request_id".into(), rid.into());
    m.insert("errors".into(), errors.into());
    ok(400, &json!({ "error": m }), rid)
}

fn missing(what: &str, id: &str, rid: &str) -> Response {
    error(
        404,
        "resource_missing",
        &format!("No such {what}: {id}."),
        Some("id"),
        rid,
    )
}

fn failure_message(code: &str) -> &'static str {
    match code {
        "account_closed" => "The destination account is closed (sandbox test account number ending in 0002).",
        _ => "No account with this number at the destination bank (sandbox test account number ending in 0004).",
    }
}

/// A refund's or token's fingerprint: the route and the canonical JSON of the validated body
/// without its key (the core fingerprints payments only).
fn fingerprint_of(route: &str, mut body: Value) -> String {
    if let Some(m) = body.as_object_mut() {
        m.remove("idempotency_key");
    }
    let sorted: BTreeMap<String, Value> = match body {
        Value::Object(m) => m.into_iter().collect(),
        _ => BTreeMap::new(),
    };
    let text = serde_json::to_string(&sorted).unwrap_or_default();
    let mut h = Sha256::new();
    h.update(route.as_bytes());
    h.update([0]);
    h.update(text.as_bytes());
    format!("sha256:{}", hex::encode(h.finalize()))
}

fn error(status: u16, code: &str, message: &str, param: Option<&str>, rid: &str) -> Response {
    let mut e = Map::new();
    e.insert("code".into(), code.into());
    e.insert("message".into(), message.into());
    if let Some(p) = param {
        e.insert("param".into(), p.into());
    }
    e.insert("request_id".into(), rid.into());
    ok(status, &json!({ "error": e }), rid)
}

fn ok(status: u16, body: &Value, rid: &str) -> Response {
    raw(status, body.to_string().into_bytes(), rid)
}

fn raw(status: u16, body: Vec<u8>, rid: &str) -> Response {
    Response {
        status,
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("Request-Id".into(), rid.to_owned()),
        ],
        body,
    }
}

fn outcome(
    response: Response,
    action: Action,
    records: Vec<Record>,
    route: String,
    fault: Option<String>,
) -> Outcome {
    Outcome {
        response,
        action,
        records,
        route,
        fault,
    }
}

fn put<T: Serialize>(tx: &mut Vec<Record>, kind: Kind, id: &str, value: &T) {
    tx.push(Record::Put {
        kind,
        id: id.to_owned(),
        value: serde_json::to_string(value).unwrap_or_default(),
    });
}

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

fn salt(entropy: &[u8; 32]) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    entropy
        .iter()
        .take(6)
        .map(|b| {
            ALPHABET
                .get(usize::from(*b) % ALPHABET.len())
                .map_or('a', |c| char::from(*c))
        })
        .collect()
}
