//! Request building and response parsing from arbitrary input: API keys, base URLs, ids,
//! structure-aware JSON params (real field names, every JSON type), idempotency keys, and
//! responses that may echo the key.
//!
//! Checked: never panics; a client exists exactly for `sk_test_`/`sk_live_` + 1-247 ASCII
//! letters or digits; no error, `Debug` of a client or request, or API error from
//! `parse_response` shows the key; a built request's URL starts with the base URL, it carries
//! exactly the SPEC's headers, and a POST's `Idempotency-Key` equals its body's
//! `idempotency_key`; a GET has no body.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use kinetic_flow_core::request::{Client, KeySource, Method};
use kinetic_flow_core::resource::Payment;
use kinetic_flow_core::UnixTime;
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};

const KEYS: &[&str] = &[
    "amount",
    "currency",
    "rail",
    "destination",
    "idempotency_key",
    "metadata",
    "payment",
    "routing_number",
    "account_number",
    "token",
    "amout",
    "",
];
const STRINGS: &[&str] = &[
    "usd",
    "auto",
    "rtp",
    "021000021",
    "021000022",
    "000123456789",
    "****7890",
    "tok_abc123",
    "pay_1a2b",
    "pay_",
    "evt_1",
    "order-42",
    "a b",
    "",
    "k1",
];

#[derive(Arbitrary, Debug)]
enum Gen {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Known(u8),
    Text(String),
    Array(Vec<Gen>),
    Object(Vec<(u8, Gen)>),
}

fn build(g: Gen, depth: u32) -> Value {
    match g {
        _ if depth > 4 => Value::Null,
        Gen::Null => Value::Null,
        Gen::Bool(b) => Value::Bool(b),
        Gen::Int(i) => Value::from(i),
        Gen::Float(f) => Value::from(f),
        Gen::Known(i) => Value::from(STRINGS[usize::from(i) % STRINGS.len()]),
        Gen::Text(s) => Value::from(s),
        Gen::Array(v) => Value::Array(v.into_iter().take(4).map(|g| build(g, depth + 1)).collect()),
        Gen::Object(fields) => Value::Object(
            fields
                .into_iter()
                .take(12)
                .map(|(k, v)| {
                    (
                        KEYS[usize::from(k) % KEYS.len()].to_owned(),
                        build(v, depth + 1),
                    )
                })
                .collect::<Map<_, _>>(),
        ),
    }
}

#[derive(Arbitrary, Debug)]
enum KeyPlan {
    Good(bool, Vec<u8>),
    Raw(String),
}

#[derive(Arbitrary, Debug)]
struct Plan {
    key: KeyPlan,
    base_url: Option<String>,
    params: Gen,
    id: String,
    given_key: Option<String>,
    random: [u8; 16],
    which: u8,
    status: u16,
    /// Response body text, into which the key is spliced at `echo_at` (if any).
    response: String,
    echo_at: Option<u16>,
    request_id_echo: bool,
}

fn alnum(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    bytes
        .iter()
        .map(|b| char::from(A[usize::from(*b) % A.len()]))
        .collect()
}

fn expect_key_ok(key: &str) -> bool {
    let rest = key
        .strip_prefix("sk_test_")
        .or_else(|| key.strip_prefix("sk_live_"));
    rest.is_some_and(|r| {
        !r.is_empty() && key.len() <= 255 && r.bytes().all(|b| b.is_ascii_alphanumeric())
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(plan) = Plan::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let key = match plan.key {
        KeyPlan::Good(live, tail) => {
            let tail = if tail.is_empty() {
                "x".to_owned()
            } else {
                alnum(&tail)
            };
            format!("sk_{}_{}", if live { "live" } else { "test" }, tail)
        }
        KeyPlan::Raw(s) => s,
    };
    // The secret part checked for leaks: only when it is long enough not to occur by chance.
    let secret = key.get(8..).filter(|s| s.len() >= 8 && expect_key_ok(&key));
    let clean = |context: &str, shown: &str| {
        if let Some(s) = secret {
            assert!(!shown.contains(s), "{context} shows the key: {shown}");
        }
    };
    let client = match Client::new(&key) {
        Ok(c) => {
            assert!(expect_key_ok(&key), "accepted {key:?}");
            c
        }
        Err(e) => {
            assert!(!expect_key_ok(&key), "refused {key:?}: {e}");
            assert_eq!(e.code(), "invalid_api_key");
            if key.len() >= 12 {
                assert!(!format!("{e} {e:?}").contains(&key));
            }
            return;
        }
    };
    clean("client", &format!("{client:?}"));
    let client = match plan.base_url {
        Some(url) => match client.clone().with_base_url(&url) {
            Ok(c) => c,
            Err(e) => {
                assert_eq!(e.code(), "invalid_base_url");
                clean("base url error", &format!("{e} {e:?}"));
                client
            }
        },
        None => client,
    };
    let params = build(plan.params, 0);
    let source = match &plan.given_key {
        Some(k) => KeySource::Given(k),
        None => KeySource::Random(plan.random),
    };
    let built = match plan.which % 5 {
        0 => client.build_create_payment(&params, source),
        1 => client.build_create_refund(&params, source),
        2 => client.build_create_token(&params, source),
        3 => client.build_retrieve_payment(&plan.id),
        _ => client.build_retrieve_event(&plan.id),
    };
    match built {
        Ok(req) => {
            clean("request Debug", &format!("{req:?} {req:#?}"));
            assert!(req.url.starts_with(client.base_url()));
            assert_eq!(
                req.header("Authorization"),
                Some(format!("Bearer {key}").as_str())
            );
            assert_eq!(req.header("Accept"), Some("application/json"));
            assert_eq!(req.header("Kinetic-Version"), Some("2026-04-01"));
            assert!(req
                .header("User-Agent")
                .is_some_and(|v| v.starts_with("kinetic-flow-core/")));
            match req.method {
                Method::Post => {
                    let body: Value = serde_json::from_str(req.body.as_deref().unwrap()).unwrap();
                    assert_eq!(req.header("Content-Type"), Some("application/json"));
                    let idk = req.header("Idempotency-Key").unwrap();
                    assert_eq!(body["idempotency_key"].as_str(), Some(idk));
                    if let Some(given) = &plan.given_key {
                        assert_eq!(idk, given);
                    }
                    assert_eq!(req.headers.len(), 6);
                }
                Method::Get => {
                    assert!(req.body.is_none());
                    assert_eq!(req.headers.len(), 4);
                }
                other => panic!("the builders only make GET and POST, not {other:?}"),
            }
        }
        Err(e) => {
            clean("request error", &format!("{e} {e:?}"));
            for fe in e.errors() {
                clean("field error", &serde_json::to_string(fe).unwrap());
            }
        }
    }
    // A response that may echo the key, in the body (any position) or the Request-Id header.
    let mut body = plan.response;
    if let Some(at) = plan.echo_at {
        let mut at = usize::from(at).min(body.len());
        while !body.is_char_boundary(at) {
            at -= 1;
        }
        body.insert_str(at, &key);
    }
    let request_id = format!("req_{key}");
    let headers: Vec<(&str, &str)> = if plan.request_id_echo {
        vec![("Request-Id", request_id.as_str())]
    } else {
        vec![]
    };
    if let Err(err) = client.parse_response(
        plan.status,
        body.as_bytes(),
        &headers,
        UnixTime::from_secs(0),
    ) {
        clean(
            "API error",
            &format!("{err} {err:?} {}", serde_json::to_string(&err).unwrap()),
        );
    }
    // The typed read: the same errors, redacted too (a body that is not a payment is refused
    // without quoting it), and never a panic.
    if let Err(err) = client.parse_response_as::<Payment>(
        plan.status,
        body.as_bytes(),
        &headers,
        UnixTime::from_secs(0),
    ) {
        clean("typed API error", &format!("{err} {err:?}"));
    }
});
