//! The sending loop: one core `Call`, as many attempts as it asks for, within the deadline.

use std::time::Duration;

use kinetic_flow_core::call::{Call, Outcome, Step};
use kinetic_flow_core::request::{HttpRequest, Method};
use kinetic_flow_core::resource::Resource;
use kinetic_flow_core::UnixTime;

use crate::error::Transport;
use crate::{Client, Error};

/// A whole response.
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// A uniform value in [0, 1) from the OS's random source, for the backoff's jitter.
fn jitter() -> f64 {
    let mut bytes = [0u8; 8];
    match getrandom::getrandom(&mut bytes) {
        Ok(()) => (u64::from_le_bytes(bytes) >> 11) as f64 / (1u64 << 53) as f64,
        // The jitter only spreads retries out; a fixed value is still a valid one.
        Err(_) => 0.5,
    }
}

/// `host[:port]` of a URL, for messages (never the path's ids or the key).
fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split('/').next().unwrap_or(rest).to_owned()
}

/// What failed on the wire, in a few words, with the error kept as the source.
fn transport(err: reqwest::Error) -> Transport {
    let io_kind = {
        let mut source = std::error::Error::source(&err);
        let mut kind = None;
        while let Some(e) = source {
            if let Some(io) = e.downcast_ref::<std::io::Error>() {
                kind = Some(io.kind());
            }
            source = e.source();
        }
        kind
    };
    let what = match io_kind {
        Some(std::io::ErrorKind::ConnectionRefused) => "connection refused".to_owned(),
        Some(std::io::ErrorKind::ConnectionReset) => "connection reset".to_owned(),
        _ if err.is_connect() => "could not connect".to_owned(),
        _ => "the connection closed before a whole response".to_owned(),
    };
    Transport {
        what,
        timed_out: false,
        source: Some(err),
    }
}

impl Client {
    async fn attempt(&self, request: &HttpRequest, limit: Duration) -> Result<Response, Transport> {
        let method = match request.method {
            Method::Get => reqwest::Method::GET,
            _ => reqwest::Method::POST,
        };
        let mut builder = self.http.request(method, &request.url);
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        if let Some(body) = &request.body {
            builder = builder.body(body.clone());
        }
        let exchange = async {
            let response = builder.send().await?;
            let status = response.status().as_u16();
            let headers = response
                .headers()
                .iter()
                .filter_map(|(n, v)| Some((n.as_str().to_owned(), v.to_str().ok()?.to_owned())))
                .collect();
            let body = response.bytes().await?.to_vec();
            Ok::<_, reqwest::Error>(Response {
                status,
                headers,
                body,
            })
        };
        match tokio::time::timeout(limit, exchange).await {
            Ok(Ok(response)) => Ok(response),
            Ok(Err(err)) => Err(transport(err)),
            Err(_) => Err(Transport {
                what: format!("no response within {limit:?}"),
                timed_out: true,
                source: None,
            }),
        }
    }

    /// Sends `request` until the core's driver says done or fail, or the deadline passes.
    pub(crate) async fn send<T: Resource>(&self, request: HttpRequest) -> Result<T, Error> {
        let started = tokio::time::Instant::now();
        let host = host_of(&request.url);
        let mut call = Call::new(&self.core, request, self.policy).typed::<T>();
        let mut last: Option<String> = None;
        let mut transport_failure: Option<Transport> = None;
        loop {
            let remaining = self.deadline.map(|d| d.saturating_sub(started.elapsed()));
            if let (Some(deadline), Some(Duration::ZERO)) = (self.deadline, remaining) {
                return Err(Error::deadline(
                    host,
                    deadline,
                    call.cancel(),
                    last,
                    transport_failure,
                ));
            }
            let limit = remaining.map_or(call.timeout(), |r| r.min(call.timeout()));
            let step = match self.attempt(call.request(), limit).await {
                Ok(response) => {
                    transport_failure = None;
                    last = Some(format!("HTTP {}", response.status));
                    let pairs: Vec<(&str, &str)> = response
                        .headers
                        .iter()
                        .map(|(n, v)| (n.as_str(), v.as_str()))
                        .collect();
                    let outcome = Outcome::response(response.status, &response.body, &pairs);
                    call.record(outcome, UnixTime::now(), jitter())
                }
                Err(failure) => {
                    let outcome = if failure.timed_out {
                        Outcome::Timeout
                    } else {
                        Outcome::NetworkError
                    };
                    last = Some(failure.what.clone());
                    transport_failure = Some(failure);
                    call.record(outcome, UnixTime::now(), jitter())
                }
            };
            match step {
                Step::Done(done) => return Ok(done.resource),
                Step::Retry { after } => {
                    if let Some(deadline) = self.deadline {
                        if started.elapsed().saturating_add(after) >= deadline {
                            return Err(Error::deadline(
                                host,
                                deadline,
                                call.cancel(),
                                last,
                                transport_failure,
                            ));
                        }
                    }
                    tokio::time::sleep(after).await;
                }
                Step::Fail(error) => return Err(Error::call(host, error, transport_failure)),
                // A step this version does not know (`Step` is non_exhaustive): stop the call.
                _ => return Err(Error::call(host, call.cancel(), transport_failure)),
            }
        }
    }
}
