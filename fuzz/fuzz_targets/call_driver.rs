//! The sending driver (`call::Call`) over arbitrary attempt outcomes, against a plain reference
//! model of SPEC sections 5 and 9 written here (status table, full-jitter backoff in floats,
//! the longest wait): for every attempt the driver's step (done, retry after exactly N ms, or
//! fail with which code) equals the model's; the request never changes; attempts and the key are
//! on every end; no output shows the API key. Structure-aware input (`arbitrary`).
#![no_main]

use arbitrary::Arbitrary;
use kinetic_flow_core::api_error::parse_retry_after;
use kinetic_flow_core::call::{Call, Outcome, Policy, Step, DEFAULT_MAX_WAIT};
use kinetic_flow_core::request::{Client, KeySource};
use kinetic_flow_core::UnixTime;
use libfuzzer_sys::fuzz_target;

const KEY: &str = "sk_test_FuzzSecretKey42";

#[derive(Arbitrary, Debug)]
enum Kind {
    Response,
    Network,
    Timeout,
    Aborted,
}

#[derive(Arbitrary, Debug)]
struct Attempt {
    kind: Kind,
    status: u16,
    json: bool,
    body: Vec<u8>,
    retry_after: Option<(bool, u32, String)>,
    now: i64,
    jitter: f64,
}

#[derive(Arbitrary, Debug)]
struct Input {
    retries: u8,
    post: bool,
    attempts: Vec<Attempt>,
}

/// The reference: retryable or not, from the status alone (None for 2xx).
fn retryable(status: u16) -> Option<bool> {
    match status {
        200..=299 => None,
        429 | 500 | 502 | 503 | 504 => Some(true),
        400 | 401 | 403 | 404 | 409 => Some(false),
        500..=599 => Some(true),
        _ => Some(false),
    }
}

/// The reference backoff before retry `n` (1-based): floor(jitter * min(20 s, 500 ms * 2^(n-1))),
/// jitter clamped to [0, 1), at least Retry-After.
fn backoff(n: u32, jitter: f64, retry_after: Option<u64>) -> u64 {
    let ceiling = (500f64 * 2f64.powi(n as i32 - 1)).min(20_000.0);
    let j = if jitter.is_nan() || jitter < 0.0 {
        0.0
    } else {
        jitter.min(1.0 - f64::EPSILON / 2.0)
    };
    let jittered = ((j * ceiling).floor() as u64).min(ceiling as u64);
    jittered.max(retry_after.unwrap_or(0).saturating_mul(1000))
}

fuzz_target!(|input: Input| {
    let retries = u32::from(input.retries % 11);
    let client = Client::new(KEY).unwrap();
    let request = if input.post {
        let params = serde_json::json!({ "payment": "pay_1" });
        client
            .build_create_refund(&params, KeySource::Given("fuzz-key"))
            .unwrap()
    } else {
        client.build_retrieve_payment("pay_1").unwrap()
    };
    let sent = request.clone();
    let mut call = Call::new(
        &client,
        request,
        Policy::default().with_max_network_retries(retries).unwrap(),
    );
    let key = if input.post { Some("fuzz-key") } else { None };

    for (i, a) in input.attempts.iter().enumerate() {
        let n = i as u32 + 1;
        let ra_text = a.retry_after.as_ref().map(|(digits, secs, text)| {
            if *digits {
                secs.to_string()
            } else {
                text.clone()
            }
        });
        let headers: Vec<(&str, &str)> = ra_text
            .iter()
            .map(|v| ("Retry-After", v.as_str()))
            .chain(std::iter::once(("Request-Id", "req_fuzz")))
            .collect();
        let body: &[u8] = if a.json {
            br#"{"id":"pay_1"}"#
        } else {
            &a.body
        };
        let outcome = match a.kind {
            Kind::Response => Outcome::response(a.status, body, &headers),
            Kind::Network => Outcome::NetworkError,
            Kind::Timeout => Outcome::Timeout,
            Kind::Aborted => Outcome::Aborted,
        };
        let step = call.record(outcome, UnixTime::from_secs(a.now), a.jitter);
        assert_eq!(call.request(), &sent, "the request changed");

        // The model's answer: Ok(None) done, Ok(Some(ms)) retry, Err(code) fail.
        let ra = ra_text
            .as_deref()
            .and_then(|v| parse_retry_after(v, UnixTime::from_secs(a.now)))
            .map(|d| d.as_secs());
        let expected: Result<Option<u64>, String> = match a.kind {
            Kind::Aborted => Err("aborted".into()),
            Kind::Network | Kind::Timeout => {
                let code = if matches!(a.kind, Kind::Timeout) {
                    "timeout"
                } else {
                    "connection_failed"
                };
                if n > retries {
                    Err(code.into())
                } else {
                    Ok(Some(backoff(n, a.jitter, None)))
                }
            }
            Kind::Response => {
                let is_json = serde_json::from_slice::<serde_json::Value>(body).is_ok();
                let (again, code) = match retryable(a.status) {
                    None if is_json => (None, String::new()),
                    None => (Some(true), "invalid_response".to_owned()),
                    Some(r) => (Some(r), String::new()),
                };
                match again {
                    None => Ok(None),
                    Some(true)
                        if n <= retries
                            && u128::from(backoff(n, a.jitter, ra))
                                <= DEFAULT_MAX_WAIT.as_millis() =>
                    {
                        Ok(Some(backoff(n, a.jitter, ra)))
                    }
                    Some(_) => Err(code),
                }
            }
        };
        match (&step, &expected) {
            (Step::Done(done), Ok(None)) => {
                assert_eq!((done.attempts, done.idempotency_key.as_deref()), (n, key));
                assert_eq!(done.request_id.as_deref(), Some("req_fuzz"));
                return;
            }
            (Step::Retry { after }, Ok(Some(ms))) => {
                assert_eq!(after.as_millis(), u128::from(*ms), "attempt {n}")
            }
            (Step::Fail(err), Err(code)) => {
                assert_eq!((err.attempts, err.idempotency_key.as_deref()), (n, key));
                if !code.is_empty() {
                    assert_eq!(err.code(), code);
                }
                for text in [err.to_string(), format!("{err:?}"), format!("{call:?}")] {
                    assert!(!text.contains("FuzzSecretKey42"), "{text}");
                }
                let Step::Fail(again) =
                    call.record(Outcome::NetworkError, UnixTime::from_secs(0), 0.0)
                else {
                    panic!("a finished call answered again")
                };
                assert_eq!(again.code(), "call_finished");
                return;
            }
            _ => panic!("attempt {n}: driver {step:?}, model {expected:?}"),
        }
    }
});
