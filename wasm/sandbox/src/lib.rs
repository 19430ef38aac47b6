//! `kinetic-flow-wasm-sandbox`: the engine of `kinetic-flow-sandbox` for the npm package's
//! `@kinetic/flow/sandbox` (`createSandbox`, `npx @kinetic/flow sandbox`).
//!
//! Translation only: requests, responses, delivery attempts and their results cross as JSON
//! text and bytes; every decision is the engine's. The JS shell (pkg-templates/sandbox/) moves
//! bytes with the runtime's HTTP server and `fetch`, keeps time (`Date.now()`) and passes the
//! entropy (`crypto.getRandomValues`). State lives in the engine, in memory: the records the
//! engine asks to persist are dropped (nothing outlives the process, as with `--memory`).
//!
//! No input panics: a bad argument from JS is an error string, never a trap.

#![cfg(target_arch = "wasm32")]
#![deny(unsafe_code)]

use std::collections::HashMap;

use kinetic_flow_sandbox::{
    Action, Attempt, AttemptResult, Config, Engine, Millis, Outcome, Request, Ticket,
};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

/// One sandbox: the engine, and the `latency` tickets it handed out (JS holds numbers).
#[wasm_bindgen]
pub struct Sandbox {
    engine: Engine,
    tickets: HashMap<u32, Ticket>,
    next_ticket: u32,
}

/// A JS time (milliseconds since the epoch, `Date.now()`) as the engine's [`Millis`]; a
/// negative or non-finite value is the epoch.
fn millis(now: f64) -> Millis {
    if now.is_finite() && now > 0.0 {
        // `as` saturates for floats (and truncates the fraction): the intended conversion.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Millis(now as u64)
    } else {
        Millis(0)
    }
}

#[wasm_bindgen]
impl Sandbox {
    /// A new, empty sandbox. `entropy`: 32 random bytes; `speed`: at least 1; `endpoints`: JSON
    /// `[[url, secret | null], ...]`; `duplicates`: send every third event twice.
    #[wasm_bindgen(constructor)]
    pub fn new(
        entropy: &[u8],
        speed: u32,
        endpoints: &str,
        duplicates: bool,
    ) -> Result<Sandbox, String> {
        let entropy: [u8; 32] = entropy
            .try_into()
            .map_err(|_| "entropy must be 32 bytes".to_owned())?;
        let endpoints: Vec<(String, Option<String>)> = serde_json::from_str(endpoints)
            .map_err(|_| "endpoints must be JSON [[url, secret | null], ...]".to_owned())?;
        let mut config = Config::new(entropy)
            .speed(speed)
            .duplicate_deliveries(duplicates);
        for (url, secret) in endpoints {
            config = config.forward_to(url, secret);
        }
        let (engine, _records) = Engine::restore(config, Vec::new()).map_err(|e| e.to_string())?;
        Ok(Sandbox {
            engine,
            tickets: HashMap::new(),
            next_ticket: 0,
        })
    }

    /// Handles one request at `now`. `headers`: JSON `[name, value, name, value, ...]`. Returns
    /// the outcome as JSON: `{status, headers: [[n, v]...], body, action, wait?, ticket?, route,
    /// fault}`, `action` one of `respond`, `drop`, `hang`, `wait`.
    pub fn handle(
        &mut self,
        method: &str,
        path: &str,
        headers: &str,
        body: &[u8],
        now: f64,
    ) -> String {
        let flat: Vec<String> = serde_json::from_str(headers).unwrap_or_default();
        let mut req = Request::new(method, path, body);
        for pair in flat.chunks_exact(2) {
            if let [n, v] = pair {
                req = req.header(n, v);
            }
        }
        let out = self.engine.handle(&req, millis(now));
        self.outcome(out)
    }

    /// Finishes a request held by a `latency` fault (`ticket` from [`Sandbox::handle`]).
    pub fn resume(&mut self, ticket: u32, now: f64) -> String {
        match self.tickets.remove(&ticket) {
            Some(t) => {
                let out = self.engine.resume(t, millis(now));
                self.outcome(out)
            }
            None => json!({ "status": 500, "headers": [], "body": "{\"error\":{\"code\":\"server_error\",\"message\":\"This request is no longer held.\"}}", "action": "respond", "route": "", "fault": null }).to_string(),
        }
    }

    /// Carries out what is due at `now` (settlements).
    pub fn tick(&mut self, now: f64) {
        let _ = self.engine.tick(millis(now));
    }

    /// When something is next due (ms since the epoch), or -1 when nothing waits.
    #[wasm_bindgen(js_name = pollTimeout)]
    pub fn poll_timeout(&self) -> f64 {
        // Millisecond times fit a double exactly (below 2^53).
        #[allow(clippy::cast_precision_loss)]
        self.engine.poll_timeout().map_or(-1.0, |m| m.0 as f64)
    }

    /// The next delivery attempt due at `now` as JSON `{delivery, event, eventType, url,
    /// attempt, headers: [[n, v]...], body}`, or `undefined`.
    #[wasm_bindgen(js_name = pollDelivery)]
    pub fn poll_delivery(&mut self, now: f64) -> Option<String> {
        let a: Attempt = self.engine.poll_delivery(millis(now))?;
        Some(
            json!({
                "delivery": a.delivery, "event": a.event, "eventType": a.event_type, "url": a.url,
                "attempt": a.attempt, "headers": a.headers,
                "body": String::from_utf8_lossy(&a.body),
            })
            .to_string(),
        )
    }

    /// How an attempt went: `status` the endpoint's answer, or 0 with `error` the sentence.
    #[wasm_bindgen(js_name = deliveryResult)]
    pub fn delivery_result(&mut self, delivery: &str, status: u16, error: &str, now: f64) {
        let result = if status == 0 {
            AttemptResult::Failed(error.to_owned())
        } else {
            AttemptResult::Status(status)
        };
        let _ = self.engine.delivery_result(delivery, result, millis(now));
    }

    /// The webhook endpoints as JSON `[[url, secret]...]`.
    pub fn endpoints(&self) -> String {
        Value::from(
            self.engine
                .endpoints()
                .into_iter()
                .map(|(u, s)| json!([u, s]))
                .collect::<Vec<_>>(),
        )
        .to_string()
    }

    /// Deliveries not yet delivered nor given up.
    #[wasm_bindgen(js_name = pendingDeliveries)]
    pub fn pending_deliveries(&self) -> u32 {
        u32::try_from(self.engine.pending_deliveries()).unwrap_or(u32::MAX)
    }
}

impl Sandbox {
    fn outcome(&mut self, out: Outcome) -> String {
        let body = String::from_utf8_lossy(&out.response.body);
        let mut v = json!({
            "status": out.response.status, "headers": out.response.headers, "body": body,
            "route": out.route, "fault": out.fault,
        });
        let action = match out.action {
            Action::Respond => "respond",
            Action::Drop => "drop",
            Action::Hang => "hang",
            Action::Wait { until, ticket } => {
                self.next_ticket = self.next_ticket.wrapping_add(1);
                self.tickets.insert(self.next_ticket, ticket);
                if let Some(m) = v.as_object_mut() {
                    m.insert("until".into(), until.0.into());
                    m.insert("ticket".into(), self.next_ticket.into());
                }
                "wait"
            }
            _ => "respond",
        };
        if let Some(m) = v.as_object_mut() {
            m.insert("action".into(), action.into());
        }
        v.to_string()
    }
}
