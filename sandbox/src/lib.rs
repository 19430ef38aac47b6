//! # kinetic-flow-sandbox
//!
//! A local, stateful Kinetic Flow as a **sans-I/O engine**: payments, refunds, tokens and events,
//! idempotency, the test account numbers, webhook deliveries on a retry schedule, and faults.
//! Every rule of the API (validation, ids, API keys, fingerprints, error kinds, `sign`) is
//! `kinetic-flow-core`'s; the engine only keeps state and decides what happens next.
//!
//! The engine reads no clock, opens no socket or file and starts no thread (it builds for
//! `wasm32-unknown-unknown`). A shell drives it:
//!
//! 1. **Start.** Load every stored row and call [`Engine::restore`] with a [`Config`] (speed,
//!    entropy, webhook endpoints). Persist the [`Record`]s it returns.
//! 2. **Requests.** For each HTTP request call [`Engine::handle`] with the request and the real
//!    time `now` ([`Millis`]). Persist the outcome's [`Outcome::records`] (one transaction) and
//!    only then carry out its [`Action`]: send the response, close the connection without one
//!    ([`Action::Drop`]), hold it open with no answer ([`Action::Hang`]), or wait until a deadline
//!    and call [`Engine::resume`] ([`Action::Wait`], the `latency` fault).
//! 3. **Time.** [`Engine::poll_timeout`] is the next deadline at which something is due (a
//!    settlement, a delivery); at or after it, call [`Engine::tick`] and persist its records.
//! 4. **Deliveries.** Take each due [`Attempt`] from [`Engine::poll_delivery`], POST it (10 s
//!    timeout), and report the answer with [`Engine::delivery_result`]; persist its records. An
//!    attempt that was never reported (the process died) is sent again after a restart.
//!
//! ```
//! use kinetic_flow_sandbox::{Action, Config, Engine, Millis, Request};
//! let config = Config::new([7; 32]).forward_to("http://127.0.0.1:9/hooks", None);
//! let (mut engine, _initial_records) = Engine::restore(config, Vec::new()).unwrap();
//! let now = Millis(1_776_244_442_000);
//! let body = br#"{"amount":25000,"currency":"usd","destination":{"routing_number":"021000021","account_number":"000123457890"}}"#;
//! let out = engine.handle(&Request::new("POST", "/v1/payments", body)
//!     .header("Authorization", "Bearer sk_test_123")
//!     .header("Idempotency-Key", "pay_abc123"), now);
//! assert_eq!(out.response.status, 201);
//! assert!(matches!(out.action, Action::Respond));
//! let payment: serde_json::Value = serde_json::from_slice(&out.response.body).unwrap();
//! assert_eq!(payment["status"], "completed");
//! assert_eq!(payment["rail"], "fednow");
//! // Two events (payment.created, payment.completed), one delivery each, due now.
//! let attempt = engine.poll_delivery(now).unwrap();
//! assert_eq!(attempt.url, "http://127.0.0.1:9/hooks");
//! assert!(attempt.signature().unwrap().starts_with("t=1776244442,v1="));
//! ```
//!
//! What is persisted: payments, refunds, tokens, events, idempotency records, deliveries,
//! endpoints, the id counter and the clock offset. Fault rules, held `latency` requests and the
//! [`Stats`] counters live in memory only: a restart clears them. Request ids (`req_1`, …) count
//! from 1 in each process.
//!
//! Test account numbers: an account number ending in `0002` fails with `account_closed`, one
//! ending in `0004` with `account_not_found`; every other valid one succeeds. `rail: "auto"` is
//! `fednow` when FedNow carries the amount, else `wire`. Instant rails (`fednow`, `rtp`) answer
//! `completed`; `same_day_ach` (4 hours), `ach` (24 hours) and `wire` (30 minutes) answer
//! `processing` and settle later on the sandbox clock. Refunds complete after 5 minutes.
//! [`Config::speed`] divides every one of these delays and the delivery schedule
//! ([`RETRY_SCHEDULE`], for up to [`RETRY_WINDOW`]).
#![deny(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unreachable
    )
)]

mod engine;
mod model;
mod time;

pub use engine::{
    Action, Attempt, AttemptResult, Config, Engine, Outcome, Request, Response, RestoreError,
    Stats, Ticket,
};
pub use model::{Kind, Record};
pub use time::Millis;

use std::time::Duration;

/// The largest request body the sandbox reads: a larger one is answered 413 `body_too_large`.
/// A shell may stop reading at `MAX_BODY_BYTES + 1` bytes and pass what it has.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The delay before each retry of a failed delivery (before [`Config::speed`]): the n-th retry
/// waits the n-th entry, then the last one repeats, until [`RETRY_WINDOW`] after the first
/// attempt (a last attempt is made at the window's end).
pub const RETRY_SCHEDULE: [Duration; 9] = [
    Duration::from_secs(5),
    Duration::from_secs(5 * 60),
    Duration::from_secs(30 * 60),
    Duration::from_secs(2 * 3600),
    Duration::from_secs(5 * 3600),
    Duration::from_secs(10 * 3600),
    Duration::from_secs(14 * 3600),
    Duration::from_secs(20 * 3600),
    Duration::from_secs(24 * 3600),
];

/// How long a delivery is retried, from its first attempt (before [`Config::speed`]).
pub const RETRY_WINDOW: Duration = Duration::from_secs(72 * 3600);

/// How long a delivery attempt may take before it counts as failed (the shell's timeout).
pub const DELIVERY_TIMEOUT: Duration = Duration::from_secs(10);

/// How long an idempotency key's stored response is replayed (sandbox clock).
pub const IDEMPOTENCY_TTL: Duration = Duration::from_secs(24 * 3600);
