//! What goes between the engine and its shell: requests, responses, actions, delivery attempts.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::Record;
use crate::time::Millis;

/// An HTTP request as the engine reads it. Header names are matched case-insensitively.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub(crate) method: &'a str,
    pub(crate) path: &'a str,
    pub(crate) headers: Vec<(&'a str, &'a str)>,
    pub(crate) body: &'a [u8],
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

    pub(crate) fn get(&self, name: &str) -> Option<&'a str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }

    pub(crate) fn to_owned(&self) -> Stashed {
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
pub(crate) struct Stashed {
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
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
    /// Wait until `until`, then call [`crate::Engine::resume`] with `ticket` and answer its outcome
    /// (the `latency` fault). The request's idempotency key is in progress meanwhile.
    Wait {
        /// When to resume (real time).
        until: Millis,
        /// What to resume.
        ticket: Ticket,
    },
}

/// A request held by a `latency` fault, to hand back to [`crate::Engine::resume`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ticket(pub(crate) u64);

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
    /// The delivery (`dl_…`), to report with [`crate::Engine::delivery_result`].
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
