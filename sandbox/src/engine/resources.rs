//! The API: payments, refunds, tokens and events, with auth and idempotency.

use std::collections::BTreeMap;
use std::time::Duration;

use kinetic_flow_core::__bindings::Sha256;
use kinetic_flow_core::idempotency::IdempotencyKey;
use kinetic_flow_core::payment::{self, Destination, Rail, RailLimits};
use kinetic_flow_core::request::{EventId, PaymentId, RefundId, TokenId};
use kinetic_flow_core::API_VERSION;
use serde_json::{json, Map, Value};

use super::io::{Request, Response};
use super::wire::*;
use super::{Answer, Engine};
use crate::model::{Idem, Kind, Payment, Record, Refund, Token};
use crate::time::{rfc3339, Millis};
use crate::IDEMPOTENCY_TTL;

impl Engine {
    pub(super) fn api(
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

pub(super) fn failure_message(code: &str) -> &'static str {
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
    let mut h = Sha256::default();
    h.update(route.as_bytes());
    h.update(&[0]);
    h.update(text.as_bytes());
    format!("sha256:{}", hex::encode(h.finalize()))
}
