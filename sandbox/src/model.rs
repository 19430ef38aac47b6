//! The engine's state as rows: what a shell persists, and what [`crate::Engine::restore`] reads.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The kind of a stored row. A shell keeps one table keyed by (kind, id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Kind {
    /// The sandbox's own counters and clock offset (one row, id `meta`).
    Meta,
    /// A payment (`pay_…`).
    Payment,
    /// A refund (`re_…`).
    Refund,
    /// A token (`tok_…`), with the bank details it stands for.
    Token,
    /// An event (`evt_…`), with the exact body its deliveries send.
    Event,
    /// An idempotency key's fingerprint and stored response.
    Idempotency,
    /// One event's delivery to one endpoint, with its attempts.
    Delivery,
    /// A webhook endpoint and its signing secret.
    Endpoint,
}

impl Kind {
    /// Every kind, in restore order.
    pub const ALL: [Kind; 8] = [
        Kind::Meta,
        Kind::Endpoint,
        Kind::Token,
        Kind::Payment,
        Kind::Refund,
        Kind::Event,
        Kind::Idempotency,
        Kind::Delivery,
    ];

    /// The kind's stable name (what a shell stores).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Meta => "meta",
            Kind::Payment => "payment",
            Kind::Refund => "refund",
            Kind::Token => "token",
            Kind::Event => "event",
            Kind::Idempotency => "idempotency",
            Kind::Delivery => "delivery",
            Kind::Endpoint => "endpoint",
        }
    }

    /// The kind named `s` (as [`Kind::as_str`] writes it).
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A change to persist, in order, in one transaction with the others of the same call.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Record {
    /// Insert or replace row (kind, id) with `value` (JSON text).
    Put {
        /// The row's kind.
        kind: Kind,
        /// The row's id.
        id: String,
        /// The row, JSON text; hand it back to [`crate::Engine::restore`] as is.
        value: String,
    },
    /// Delete every row of this kind.
    Clear {
        /// The kind to empty.
        kind: Kind,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Meta {
    pub counter: u64,
    pub offset_ms: i64,
    pub salt: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Payment {
    pub id: String,
    pub status: String,
    pub amount: u64,
    pub currency: String,
    pub rail: String,
    pub destination: Value,
    pub metadata: Map<String, Value>,
    pub failure_code: Option<String>,
    pub failure_message: Option<String>,
    pub settled_at: Option<String>,
    pub created_at: String,
    /// Sandbox time at which a `processing` payment settles.
    pub due_ms: Option<i64>,
    /// The failure the test account number decides, applied when it settles.
    pub fails_with: Option<String>,
    pub refunded: u64,
}

impl Payment {
    pub fn public(&self) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), self.id.clone().into());
        m.insert("object".into(), "payment".into());
        m.insert("status".into(), self.status.clone().into());
        m.insert("amount".into(), self.amount.into());
        m.insert("currency".into(), self.currency.clone().into());
        m.insert("rail".into(), self.rail.clone().into());
        m.insert("destination".into(), self.destination.clone());
        m.insert("metadata".into(), Value::Object(self.metadata.clone()));
        m.insert("amount_refunded".into(), self.refunded.into());
        m.insert("failure_code".into(), opt(&self.failure_code));
        m.insert("failure_message".into(), opt(&self.failure_message));
        m.insert("settled_at".into(), opt(&self.settled_at));
        m.insert("created_at".into(), self.created_at.clone().into());
        Value::Object(m)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Refund {
    pub id: String,
    pub payment: String,
    pub amount: u64,
    pub currency: String,
    pub status: String,
    pub created_at: String,
    pub due_ms: Option<i64>,
}

impl Refund {
    pub fn public(&self) -> Value {
        serde_json::json!({
            "id": self.id, "object": "refund", "payment": self.payment, "amount": self.amount,
            "currency": self.currency, "status": self.status, "created_at": self.created_at,
        })
    }
}

#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct Token {
    pub id: String,
    pub routing_number: String,
    /// The full account number: what a payment to this token pays (never answered).
    pub account_number: String,
    pub created_at: String,
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl Token {
    pub fn last4(&self) -> &str {
        let n = self.account_number.len();
        self.account_number.get(n.saturating_sub(4)..).unwrap_or("")
    }

    pub fn public(&self) -> Value {
        serde_json::json!({
            "id": self.id, "object": "token", "type": "bank_account",
            "bank_account": { "routing_number": self.routing_number, "last4": self.last4() },
            "created_at": self.created_at,
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Event {
    pub id: String,
    pub seq: u64,
    pub r#type: String,
    /// The event's JSON, exactly the bytes every delivery sends.
    pub body: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Idem {
    pub key: String,
    pub route: String,
    pub fingerprint: String,
    pub status: u16,
    pub body: String,
    pub created_ms: i64,
    pub resource: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct AttemptLog {
    pub attempt: u32,
    pub at: String,
    pub status: Option<u16>,
    pub error: Option<String>,
    pub ok: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Delivery {
    pub id: String,
    pub seq: u64,
    pub event: String,
    pub endpoint: String,
    /// `pending`, `delivered` or `failed` (retries exhausted).
    pub status: String,
    pub attempts: u32,
    /// Sandbox time of the first attempt.
    pub first_ms: Option<i64>,
    /// Sandbox time the next attempt is due.
    pub next_ms: i64,
    /// The last attempts (at most [`MAX_ATTEMPT_LOG`]).
    pub log: Vec<AttemptLog>,
}

pub(crate) const MAX_ATTEMPT_LOG: usize = 20;

impl Delivery {
    pub fn public(&self, url: &str) -> Value {
        serde_json::json!({
            "id": self.id, "event": self.event, "endpoint": self.endpoint, "url": url,
            "status": self.status, "attempts": self.attempts, "log": self.log,
        })
    }
}

#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct Endpoint {
    pub id: String,
    pub url: String,
    pub secret: String,
}

impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoint")
            .field("id", &self.id)
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

fn opt(v: &Option<String>) -> Value {
    v.clone().map(Value::from).unwrap_or(Value::Null)
}
