//! # kinetic-flow-core
//!
//! The verification and request-building core for the Kinetic Flow payments API
//! (`https://api.kinetic.dev`, API version [`API_VERSION`]).
//!
//! The crate does **no I/O**: no sockets, files, clock reads or randomness. Time and entropy
//! are arguments. It has five jobs, one module each, and drives a sixth without doing its I/O:
//!
//! | job | module |
//! |---|---|
//! | verify and sign `Kinetic-Signature` webhooks, typed events | [`webhook`], [`event`] |
//! | validate payment requests, every problem at once | [`payment`] |
//! | idempotency keys and request fingerprints | [`idempotency`] |
//! | decode API error responses, retry advice | [`api_error`] |
//! | build ready-to-send HTTP requests | [`request`] |
//! | send one call: retry or not, when, what the answer means (sans-I/O driver) | [`call`] |
//!
//! Every error type has a stable `code()` string, the same in Rust and in the npm package.
//! No error, `Display` or `Debug` output contains a webhook secret or an API key.
#![deny(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

pub mod api_error;
pub mod call;
pub mod error;
pub mod event;
pub mod idempotency;
pub mod payment;
pub mod request;
pub mod time;
pub mod webhook;

/// Not public API: the items the npm binding crate (`wasm/`, `kinetic-flow-wasm`) needs and a Rust
/// user should not lean on. No semver promise; ARCHITECTURE.md ("What the bindings see") says why
/// each item is here rather than public.
#[doc(hidden)]
pub mod __bindings {
    pub use crate::event::summary::EventSummary;
    pub use crate::webhook::seam::{MacBackend, PrefixVariants};
}

pub use error::FieldError;
pub use time::UnixTime;

/// The Kinetic Flow API version this crate speaks (sent as `Kinetic-Version`).
pub const API_VERSION: &str = "2026-04-01";

/// The default API base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.kinetic.dev";

/// This crate's version, sent in `User-Agent: kinetic-flow-core/<version>`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The README's Rust examples are compiled and run as doctests, so they cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
