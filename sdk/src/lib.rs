//! `kinetic-flow`: the Rust SDK for the Kinetic Flow payments API.
//!
//! Async on tokio, HTTP by `reqwest` over rustls (no OpenSSL). Every decision is the core's
//! ([`kinetic_flow_core`]): params are validated before anything is sent, the request is built
//! once (one idempotency key per call, the same bytes on every attempt, so a retry can never pay
//! twice), and after each attempt the core's `call` driver says done, retry after this long
//! (never below `Retry-After`), or fail. This crate only moves the bytes, keeps the clock and
//! draws the jitter and the keys from the OS.
//!
//! ```no_run
//! use kinetic_flow::{Client, CreatePayment, DestinationParams};
//!
//! # async fn run() -> Result<(), kinetic_flow::Error> {
//! let flow = Client::new(&std::env::var("KINETIC_API_KEY").unwrap_or_default())?;
//! let params = CreatePayment::new(25_000, "usd", DestinationParams::bank("021000021", "000123457890"));
//! let payment = flow.payments().create(&params).await?;
//! println!("{} {} {:?}", payment.id, payment.status, payment.rail);
//! # Ok(()) }
//! ```
//!
//! Against the local sandbox (`kinetic sandbox` prints its URL and a test key):
//! `Client::new(key)?.base_url("http://127.0.0.1:12111")?`.
//!
//! Limits, all `Duration`s: a per-attempt timeout ([`Client::timeout`], default 30 s) and a total
//! deadline for a call, its retries and waits included ([`Client::deadline`], default none).
//! Retries after the first attempt: [`Client::max_network_retries`] (default 2).
//!
//! Failures are one [`Error`]: its `Display` names the cause (the host and what failed, or the
//! API's code and message) and the attempts and idempotency key, its `source()` is the
//! transport's error where there is one, and [`Error::code`] is the stable code.
//!
//! Webhooks are the core's ([`webhook`], with the `axum` feature's extractor in
//! `webhook::axum`).

#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]
#![warn(missing_docs)]

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

use std::time::Duration;

use kinetic_flow_core::call::Policy;
use kinetic_flow_core::request::{self, KeySource};

mod error;
mod send;

pub use error::{Error, ErrorKind};

pub use kinetic_flow_core::event::Event;
pub use kinetic_flow_core::payment::{
    CreatePayment, CreateRefund, CreateToken, DestinationParams, Rail,
};
pub use kinetic_flow_core::resource::{Payment, Refund, Token};
pub use kinetic_flow_core::{self as core, UnixTime};

/// Webhooks: verification and signing, the core's own (`Verifier`, `verify`, `sign`, …).
///
/// ```
/// use kinetic_flow::webhook::{sign, Verifier};
/// use kinetic_flow::UnixTime;
/// let body = br#"{"id":"evt_1","type":"payment.completed","data":{"object":{}}}"#;
/// let header = sign(body, &["whsec_test"], UnixTime::from_secs(1_776_244_442))?;
/// let verified = Verifier::new(&["whsec_test"])?.verify(body, &header, UnixTime::from_secs(1_776_244_442))?;
/// assert_eq!(verified.event.id, "evt_1");
/// # Ok::<(), kinetic_flow::webhook::WebhookError>(())
/// ```
pub mod webhook {
    pub use kinetic_flow_core::event::{Event, EventType};
    pub use kinetic_flow_core::webhook::*;

    /// The axum extractor (`VerifiedWebhook`, each refusal logged through `tracing`), its
    /// state and its rejection: feature `axum`.
    #[cfg(feature = "axum")]
    pub mod axum {
        pub use kinetic_flow_core::axum::*;
    }
}

/// A client for one API key and base URL. Cheap to clone (the connection pool is shared).
/// `Debug` never shows the key.
///
/// ```
/// use std::time::Duration;
/// let flow = kinetic_flow::Client::new("sk_test_4eC39HqLyjWDarjtT1zdp7dc")?
///     .base_url("http://127.0.0.1:12111")?
///     .timeout(Duration::from_secs(5))?
///     .max_network_retries(3)?
///     .deadline(Duration::from_secs(20));
/// assert!(!format!("{flow:?}").contains("4eC39"));
/// assert_eq!(kinetic_flow::Client::new("pk_x").unwrap_err().code(), "invalid_api_key");
/// # Ok::<(), kinetic_flow::Error>(())
/// ```
#[derive(Clone)]
pub struct Client {
    core: request::Client,
    http: reqwest::Client,
    policy: Policy,
    deadline: Option<Duration>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("core", &self.core)
            .field("policy", &self.policy)
            .field("deadline", &self.deadline)
            .finish()
    }
}

impl Client {
    /// A client for `api_key` (`sk_test_…` or `sk_live_…`), sending to the real API
    /// (`https://api.kinetic.dev`).
    pub fn new(api_key: &str) -> Result<Client, Error> {
        let core = request::Client::new(api_key).map_err(Error::config)?;
        // `build`, not `reqwest::Client::new`, which panics when TLS cannot be initialized.
        let http = reqwest::Client::builder()
            .build()
            .map_err(Error::http_client)?;
        Ok(Client {
            core,
            http,
            policy: Policy::default(),
            deadline: None,
        })
    }

    /// Sends to another base URL: `https://…`, or `http://` for localhost only (the sandbox).
    pub fn base_url(mut self, url: &str) -> Result<Client, Error> {
        self.core = self.core.with_base_url(url).map_err(Error::config)?;
        Ok(self)
    }

    /// Retries after the first attempt (0 to 10; default 2).
    pub fn max_network_retries(mut self, retries: u32) -> Result<Client, Error> {
        self.policy = self
            .policy
            .with_max_network_retries(retries)
            .map_err(Error::policy)?;
        Ok(self)
    }

    /// The longest one attempt may take, response body included (1 ms to 10 min; default 30 s).
    /// A timed-out attempt is retried like a network failure (the key makes it safe).
    pub fn timeout(mut self, per_attempt: Duration) -> Result<Client, Error> {
        self.policy = self
            .policy
            .with_timeout(per_attempt)
            .map_err(Error::policy)?;
        Ok(self)
    }

    /// The longest a whole call may take, its attempts and the waits between them included.
    /// An attempt is cut at the deadline, and no retry starts that would wait past it; the call
    /// then fails with `deadline_exceeded` (with the attempts and the idempotency key, to retry
    /// later). Default: none (the retries and timeouts bound a call).
    pub fn deadline(mut self, total: Duration) -> Client {
        self.deadline = Some(total);
        self
    }

    /// The retry policy in full (backoff, `Retry-After` cap), for callers who need more than
    /// the setters above.
    pub fn policy(mut self, policy: Policy) -> Client {
        self.policy = policy;
        self
    }

    /// The base URL requests go to.
    pub fn base_url_value(&self) -> &str {
        self.core.base_url()
    }

    /// Payments: create, retrieve.
    pub fn payments(&self) -> Payments<'_> {
        Payments { client: self }
    }

    /// Refunds: create.
    pub fn refunds(&self) -> Refunds<'_> {
        Refunds { client: self }
    }

    /// Tokens (bank details exchanged for a `tok_…`): create.
    pub fn tokens(&self) -> Tokens<'_> {
        Tokens { client: self }
    }

    /// Events: retrieve.
    pub fn events(&self) -> Events<'_> {
        Events { client: self }
    }
}

/// Sixteen bytes from the OS, for a call's idempotency key.
fn key_source() -> Result<KeySource<'static>, Error> {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes).map_err(Error::random)?;
    Ok(KeySource::Random(bytes))
}

/// `client.payments()`.
#[derive(Debug, Clone, Copy)]
pub struct Payments<'a> {
    client: &'a Client,
}

impl Payments<'_> {
    /// Creates a payment (`POST /v1/payments`). The params are validated first (every problem
    /// at once, nothing sent: `validation_failed`); the idempotency key is the params' own
    /// (`CreatePayment::with_idempotency_key`, for "pay invoice 42 exactly once" across
    /// restarts) or one drawn for this call; every attempt sends the same bytes.
    ///
    /// ```no_run
    /// # async fn run(flow: kinetic_flow::Client) -> Result<(), kinetic_flow::Error> {
    /// use kinetic_flow::{core::idempotency, CreatePayment, DestinationParams, Rail};
    /// let params = CreatePayment::new(25_000, "usd", DestinationParams::bank("021000021", "000123457890"))
    ///     .with_rail(Rail::Fednow)
    ///     .with_idempotency_key(idempotency::derive("invoices", "inv_001").as_str());
    /// let payment = flow.payments().create(&params).await?;
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, params: &CreatePayment) -> Result<Payment, Error> {
        let valid = params.validate().map_err(|e| Error::invalid(e.into()))?;
        let request = self
            .client
            .core
            .build_create_payment_valid(&valid, key_source()?)
            .map_err(Error::invalid)?;
        self.client.send(request).await
    }

    /// [`Payments::create`] from JSON params (the API's field names), validated by the same
    /// rules.
    pub async fn create_json(&self, params: &serde_json::Value) -> Result<Payment, Error> {
        let request = self
            .client
            .core
            .build_create_payment(params, key_source()?)
            .map_err(Error::invalid)?;
        self.client.send(request).await
    }

    /// Retrieves a payment by id (`pay_…`; another shape is `invalid_id`, nothing sent).
    pub async fn retrieve(&self, id: impl AsRef<str>) -> Result<Payment, Error> {
        let request = self
            .client
            .core
            .build_retrieve_payment(id)
            .map_err(Error::invalid)?;
        self.client.send(request).await
    }
}

/// `client.refunds()`.
#[derive(Debug, Clone, Copy)]
pub struct Refunds<'a> {
    client: &'a Client,
}

impl Refunds<'_> {
    /// Refunds a payment, in whole or in part (`POST /v1/refunds`).
    pub async fn create(&self, params: &CreateRefund) -> Result<Refund, Error> {
        let valid = params.validate().map_err(|e| Error::invalid(e.into()))?;
        let request = self
            .client
            .core
            .build_create_refund_valid(&valid, key_source()?)
            .map_err(Error::invalid)?;
        self.client.send(request).await
    }

    /// [`Refunds::create`] from JSON params (`{"payment": "pay_…", "amount"?: …}`).
    pub async fn create_json(&self, params: &serde_json::Value) -> Result<Refund, Error> {
        let request = self
            .client
            .core
            .build_create_refund(params, key_source()?)
            .map_err(Error::invalid)?;
        self.client.send(request).await
    }
}

/// `client.tokens()`.
#[derive(Debug, Clone, Copy)]
pub struct Tokens<'a> {
    client: &'a Client,
}

impl Tokens<'_> {
    /// Exchanges bank details for a token (`POST /v1/tokens`).
    pub async fn create(&self, params: &CreateToken) -> Result<Token, Error> {
        let valid = params.validate().map_err(|e| Error::invalid(e.into()))?;
        let request = self
            .client
            .core
            .build_create_token_valid(&valid, key_source()?)
            .map_err(Error::invalid)?;
        self.client.send(request).await
    }

    /// [`Tokens::create`] from JSON params (`{"routing_number", "account_number"}`).
    pub async fn create_json(&self, params: &serde_json::Value) -> Result<Token, Error> {
        let request = self
            .client
            .core
            .build_create_token(params, key_source()?)
            .map_err(Error::invalid)?;
        self.client.send(request).await
    }
}

/// `client.events()`.
#[derive(Debug, Clone, Copy)]
pub struct Events<'a> {
    client: &'a Client,
}

impl Events<'_> {
    /// Retrieves an event by id (`evt_…`).
    pub async fn retrieve(&self, id: impl AsRef<str>) -> Result<Event, Error> {
        let request = self
            .client
            .core
            .build_retrieve_event(id)
            .map_err(Error::invalid)?;
        self.client.send(request).await
    }
}
