//! The `/_sandbox/...` control routes: clock, faults, deliveries, endpoints, reset, state.

use serde_json::{json, Value};

use super::faults::{parse_fault, FaultRule};
use super::io::{Request, Response};
use super::wire::*;
use super::{Answer, Engine};
use crate::model::{Delivery, Event, Idem, Kind, Record};
use crate::time::{rfc3339, Millis};

impl Engine {
    pub(super) fn control(
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
